"""The database guards are the migrations' work, on the database in use: the triggers are read
right after `migrate` built the test database (tests/conftest.py, django_db_setup), before the
per-test fixture installs the guards again (which it does only because a transactional test's
flush must lift them). tests/audit/test_pg_roles.py checks the same on a database migrated
as the migration role of a production install."""

import re

from django.apps import apps
from django.db import connection

from finsup.audit.models import AuditEntry
from finsup.core import append_only_guard
from finsup.reporting import guards as filing_guards
from tests.conftest import MIGRATED_TRIGGERS

AUDIT = {"sqlite": {"audit_entry_no_update", "audit_entry_no_delete"}, "postgresql": {"audit_entry_no_change"}}


def test_the_migrations_install_the_audit_and_the_filing_guards(db):
    expected = AUDIT[connection.vendor] | set(filing_guards.TRIGGERS[connection.vendor])
    assert expected <= MIGRATED_TRIGGERS, f"missing after migrate: {sorted(expected - MIGRATED_TRIGGERS)}"


def test_the_migrations_guard_every_event_and_history_table(db):
    """Every AppendOnly model's table, as the last migration left it: a model made AppendOnly
    without its migration, or a later migration that rebuilt the table on SQLite, fails here."""
    expected = {n for t in append_only_guard.tables() for n in append_only_guard.trigger_names(connection.vendor, t)}
    assert expected <= MIGRATED_TRIGGERS, f"missing after migrate: {sorted(expected - MIGRATED_TRIGGERS)}"


# What makes a model an event or history table: its name, or columns that record a move.
HISTORY_NAME = re.compile(r"(Event|History|Log|LogEntry|Change|Transfer|Escalation|Decision|Step|Note|Referral|Link)$")
HISTORY_COLUMNS = {"from_status", "to_status"}

# Named like history, yet not append-only, each for a reason:
NOT_HISTORY = {
    # A record with a lifecycle of its own (accountability.services.TRANSFER): its status moves;
    # its history is the case's events (CaseEvent), which are guarded.
    "accountability.CaseTransfer",
    # An activity of a May campaign (a lecture, a stand), corrected with old and new values in the
    # audit trail until the campaign is completed: data entry, not a history.
    "outreach.OutreachEvent",
    # A cross-reference from an incident to an inspection or measure (incidents.services.
    # incident_link_record creates it once; nothing changes it): not a history, the incident's log
    # records the linking.
    "incidents.IncidentLink",
    # A link of the relation graph (finsup.graph): derived from the registry, the declared ownership and
    # the loan store, rewritten whenever its source changes (each source change is audited); an index
    # of what they say, not a history.
    "graph.Link",
}


# Append-only, though not named like a history: records locked once written, each for a reason.
LOCKED_RECORDS = {
    # An archived matter and the list of its files (finsup.archives): once archived, a record stays
    # as it was archived; a package is verified against these rows.
    "archives.ArchiveEntry",
    "archives.ArchiveItem",
    # What went up to the province (finsup.exchange): the exact bytes exported, their SHA-256, and the
    # province's receipt of them; a rejected document is exported again, never changed.
    "exchange.ProvinceExport",
    "exchange.ProvinceReceipt",
    # A survey's answer (finsup.surveys): each version as submitted; a correction is the next version.
    "surveys.SurveyAnswer",
    # A text the office holds about a suspected illegal-fundraising entity (finsup.fundraising): read by
    # the index as received; a correction is another text. A version of the index's weights: a change is
    # the next version, from its day on, so a past day is scored with the weights it had.
    "fundraising.EntityText",
    "fundraising.WeightSet",
    # A work record of the duty register (finsup.worklog): what shows a duty was kept, as recorded; a
    # correction is a later record.
    "worklog.WorkRecord",
    # A governance and internal-control assessment (finsup.governance): each submission as scored; a
    # later one of the same year is the next version.
    "governance.Assessment",
    # The office's guidance of a self-regulatory organisation (finsup.qualifications): as recorded; a
    # correction is a later record.
    "qualifications.GuidanceRecord",
    # A major matter of a resident institution (finsup.partners): as the office learned of it; a later
    # development is a new entry.
    "partners.MajorMatter",
    # The listing reserve (finsup.listing): a subsidy as granted, each payment of it, each step of a
    # restructuring followed; a correction is a new row (its stage changes are named like a history).
    "listing.Subsidy",
    "listing.SubsidyPayment",
    "listing.RestructuringUpdate",
}


def history_models():
    """Every concrete finsup model that is an event or history table by its name or its columns,
    except the audit trail (guarded by its own triggers, checked above); NOT_HISTORY included."""
    found = set()
    for model in apps.get_models():
        if model._meta.proxy or model is AuditEntry or not model.__module__.startswith("finsup."):
            continue  # third-party tables (django-axes' logs) are theirs
        columns = {f.name for f in model._meta.concrete_fields}
        if HISTORY_NAME.search(model.__name__) or HISTORY_COLUMNS <= columns:
            found.add(model._meta.label)
    return found


def test_the_allow_list_names_only_models_that_look_like_history():
    assert NOT_HISTORY <= history_models()  # an entry that no longer matches goes


def test_the_guarded_tables_are_the_event_and_history_tables(db):
    """Discovered, not listed: a new *Event, *History, *Log... model (or one with from/to status
    columns) that is not AppendOnly, and so neither guarded nor covered by
    tests/audit/test_event_tables_append_only.py, fails here until it is guarded or explained."""
    guarded = (history_models() - NOT_HISTORY) | LOCKED_RECORDS
    expected = sorted(apps.get_model(label)._meta.db_table for label in guarded)
    assert append_only_guard.tables() == expected
    assert len(expected) >= 17  # the tables guarded when this test stopped listing them
