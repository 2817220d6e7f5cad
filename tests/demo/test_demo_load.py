from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from stdnum.cn import ric, uscc

from finsup.accounts.choices import Role
from finsup.accounts.models import Office, User
from finsup.audit.choices import AuditAction
from finsup.audit.models import AuditEntry
from finsup.audit.services import audit_verify
from finsup.core.personal_data import lookup_hash
from finsup.demo.logins import DEMO_LOGINS, PASSWORD
from finsup.demo.services import demo_plan
from finsup.institutions.choices import (
    ALLOWED_TRANSITIONS,
    DecisionItem,
    HolderType,
    InstitutionKind,
    InstitutionStatus,
)
from finsup.institutions.models import DecisionChange, Institution, KeyPerson, RelatedParty, Shareholder
from finsup.reporting.models import Submission


def load(*args) -> str:
    out = StringIO()
    call_command("demo", "load", *args, stdout=out)
    return out.getvalue()


# `loaded`: the demo data set, loaded once for the package (tests/demo/conftest.py).


def test_load_spreads_about_150_institutions_over_every_supervising_office_and_kind(loaded):
    institutions = list(Institution.objects.select_related("county"))
    assert 140 <= len(institutions) <= 160
    assert len({i.name for i in institutions}) == len(institutions)
    per_office = Counter(i.county.code for i in institutions)
    supervising = set(Office.objects.supervising().values_list("code", flat=True))
    assert len(supervising) == 15 and set(per_office) == supervising
    assert min(per_office.values()) >= 3
    assert set(Counter(i.kind for i in institutions)) == set(InstitutionKind)
    assert {InstitutionStatus.OPERATING, InstitutionStatus.REVOKED} <= {i.status for i in institutions}
    assert "Demo logins" in loaded and "city_leader" in loaded


def test_every_credit_code_and_id_number_is_valid(loaded):
    codes = list(Institution.objects.values_list("credit_code", flat=True))
    codes += [c for c in RelatedParty.objects.values_list("credit_code", flat=True) if c]
    for holder in Shareholder.objects.all():
        if holder.holder_type == HolderType.PERSON:
            assert ric.is_valid(holder.id_number), holder.id_number
            assert holder.id_number_hash == lookup_hash(holder.id_number) and not holder.credit_code
        else:
            codes.append(holder.credit_code)
            assert not holder.id_number and not holder.id_number_hash
    assert codes and all(uscc.is_valid(c) for c in codes)
    for person in KeyPerson.objects.all():
        assert ric.is_valid(person.id_number), person.id_number
        assert person.id_number_hash == lookup_hash(person.id_number)
        assert not person.phone or (len(person.phone) == 11 and person.phone[:2] in ("13", "15", "18"))


def test_stakes_add_up_to_100_and_capital_is_consistent(loaded):
    stakes, subscribed = defaultdict(Decimal), defaultdict(Decimal)
    for holder in Shareholder.objects.all():
        stakes[holder.institution_id] += holder.stake
        subscribed[holder.institution_id] += holder.subscribed_capital
    # The company the activity established carries what its application named (licensing's tests).
    established = DecisionChange.objects.filter(item=DecisionItem.ESTABLISHMENT).values("institution")
    for inst in Institution.objects.all():
        assert stakes[inst.pk] == Decimal(100), inst.name
        assert subscribed[inst.pk] == inst.registered_capital, inst.name
        assert Decimal(0) < inst.paid_in_capital <= inst.registered_capital
    for inst in Institution.objects.exclude(pk__in=established):
        assert 2 <= inst.shareholders.count() <= 6 and 4 <= inst.key_persons.count() <= 8
        assert 1 <= inst.related_parties.count() <= 4


def test_status_history_leads_to_the_current_status(loaded):
    for inst in Institution.objects.prefetch_related("status_changes"):
        steps = sorted(inst.status_changes.all(), key=lambda s: (s.effective_on, s.pk))
        assert steps[0].from_status == "" and steps[0].to_status == InstitutionStatus.PREPARING
        for before, after in zip(steps, steps[1:], strict=False):
            assert after.from_status == before.to_status
            assert after.to_status in ALLOWED_TRANSITIONS[before.to_status]
        assert steps[-1].to_status == inst.status and all(s.reason for s in steps)


def test_offices_are_staffed_and_every_institution_has_a_lead_supervisor_of_its_county(loaded):
    for office in Office.objects.supervising():
        roles = set(office.staff.values_list("role", flat=True))
        assert {Role.LEADER, Role.LEAD_SUPERVISOR, Role.INSPECTOR, Role.CLERK} <= roles, office
        assert office.supervision_phone and office.address
    city = Office.objects.get(code="371300")
    assert city.supervision_phone == "0539-8726072"
    assert Counter(city.staff.values_list("role", flat=True)) == {
        Role.LEADER: 1,
        Role.LEAD_SUPERVISOR: 3,
        Role.INSPECTOR: 3,
        Role.CLERK: 2,
        Role.AUDITOR: 1,
        Role.OVERSIGHT: 2,  # the demo users of the discipline commission and the procuratorate
    }
    assert Office.objects.get(code="370000").staff.exists()
    established = set(
        DecisionChange.objects.filter(item=DecisionItem.ESTABLISHMENT).values_list("institution", flat=True)
    )
    for inst in Institution.objects.select_related("lead_supervisor"):
        assert inst.lead_supervisor.role == Role.LEAD_SUPERVISOR
        assert inst.lead_supervisor.office_id == inst.county_id
        assert inst.lead_supervisor_filed_on > inst.approved_on
        # One login each, but the company the activity established: just approved, it has none yet.
        assert inst.users.filter(role=Role.INSTITUTION).count() == (inst.pk not in established)


def test_demo_logins_exist_and_authenticate(loaded):
    request = RequestFactory().post("/accounts/login/")
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert (user.role, user.oversight_body) == (login.role, login.body)
        assert authenticate(request, username=login.username, password=PASSWORD) == user
    assert User.objects.get(username="lanshan_clerk").office.code == "371302"
    assert User.objects.get(username="auditor").office.code == "371300"
    assert User.objects.get(username="lanshan_leader").office.code == "371302"
    for username, body in (("discipline", "discipline"), ("procuratorate", "procuratorate")):
        user = User.objects.get(username=username)
        assert (user.office.code, user.oversight_body) == ("371300", body)
    inst = User.objects.get(username="inst_clerk").institution
    assert (inst.kind, inst.status, inst.county.code) == (InstitutionKind.MICROLOAN, "operating", "371302")
    others = User.objects.exclude(username__in=[login.username for login in DEMO_LOGINS])
    assert others.exists() and not any(u.has_usable_password() for u in others)


def test_same_seed_gives_the_same_plan(db):
    first, second = demo_plan(seed=2026), demo_plan(seed=2026)
    assert [i.name for i in first.institutions] == [i.name for i in second.institutions]
    assert [i.credit_code for i in first.institutions] == [i.credit_code for i in second.institutions]
    assert [s.display_name for s in first.staff] == [s.display_name for s in second.staff]
    assert [i.name for i in demo_plan(seed=7).institutions] != [i.name for i in first.institutions]


def test_a_second_load_changes_nothing(loaded):
    before = (Institution.objects.count(), User.objects.count(), AuditEntry.objects.count(), Submission.objects.count())
    assert "not loaded" in load("--if-empty")
    with pytest.raises(CommandError, match="already holds institutions"):
        load()
    after = (Institution.objects.count(), User.objects.count(), AuditEntry.objects.count(), Submission.objects.count())
    assert after == before


def test_a_demo_day_before_the_registry_history_ends_is_refused(loaded):
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError, match="no earlier than 2026-01-01"):
        load("--as-of", "2025-06-30")
    assert AuditEntry.objects.count() == before


# What the year of supervision activity writes through the services (finsup.demo.activity).
ACTIVITY_AUDITED = {
    "archives.archiveentry",  # the closed inspections archived
    "complaints.complaint",
    "documents.documentdelivery",  # delivered at sign-off, acknowledged by the institutions
    "documents.officialdocument",
    "fundraising.disposalstep",  # the register of suspected illegal fundraising
    "fundraising.entitytext",
    "fundraising.suspectentity",
    "fundraising.weightset",  # the city's second version of the index's weights
    "incidents.incident",
    "inspections.evidencefile",
    "inspections.finding",
    "inspections.followupvisit",
    "inspections.inspection",
    "inspections.inspectionmember",
    "inspections.inspectionplan",
    "inspections.interview",
    "inspections.measure",
    "inspections.rectificationdecision",
    "inspections.rectificationreport",
    "analysis.analysismonth",  # the months of the financial operation analysis the city asked for
    "institutions.decisionchange",  # what the province's approvals changed in the registry
    "institutions.institution",  # the establishment the province approved
    "institutions.keyperson",  # its executives
    "institutions.shareholder",  # its shareholders, and the shares transferred in an approved change
    "licensing.annualreview",
    "licensing.application",
    "licensing.applicationdocument",
    "licensing.reviewcheck",
    "listing.company",  # the listing reserve: its companies, stages, subsidies, payments, restructurings
    "listing.restructuring",
    "listing.subsidy",
    "listing.subsidypayment",
    "partners.majormatter",  # the major matters the office followed
    "partners.partner",  # the resident institutions and partner departments
    "ratings.rating",
    "ratings.ratingappeal",
    "ratings.ratingcycle",
    "governance.assessment",  # governance and internal-control assessments (duty ㉗)
    "qualifications.association",  # the private lending association the city guides (duty ㉖)
    "qualifications.guidancerecord",  # and the city's guidance of it
    "qualifications.practitioner",  # the practitioners of private lending institutions (duty ㉕)
    "qualifications.step",  # their training, examinations and certificates
    "worklog.dutyassignment",  # the duty register: who answers for each item
    "worklog.recurringtask",  # its tasks
    "worklog.workrecord",  # and the work records that show them kept
}


def test_the_registry_is_audited_once_filings_one_by_one_and_the_chain_holds(loaded_entries):
    """The registry rows are recorded by one import entry; the filings, their review steps and
    the warnings, the outreach campaigns and the accountability cases by the services, one entry each."""
    entry = loaded_entries.get(object_type="demo")
    assert (entry.action, entry.channel) == (AuditAction.IMPORT, "command")
    assert entry.actor_label == "command:demo load"
    established = DecisionChange.objects.filter(item=DecisionItem.ESTABLISHMENT).count()  # by the activity
    assert established == 1
    assert entry.changes["counts"]["institutions"] == Institution.objects.count() - established
    others = set(loaded_entries.exclude(pk=entry.pk).values_list("object_type", flat=True))
    assert ACTIVITY_AUDITED <= others
    assert others - ACTIVITY_AUDITED == {
        "reporting.submission",
        "reporting.officereportdraft",
        "surveys.survey",
        "surveys.surveyanswer",
        "inspections.provincedecision",
        "monitoring.riskwarning",
        "loans.loanbatch",
        "loans.loanruleresult",
        "loans.loanportfolioday",
        "graph.declaredholding",
        "graph.graphfinding",
        "outreach.campaign",
        "outreach.outreachevent",
        "outreach.outreachmaterial",
        "accountability.accountabilitycase",
        "accountability.casetransfer",
    }
    assert loaded_entries.filter(object_type="reporting.submission", action=AuditAction.CREATE).count() == (
        Submission.objects.count()
    )
    assert audit_verify().intact
