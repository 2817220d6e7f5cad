"""`finsup filings remind`, run daily from cron, is documented as idempotent: a second run on the
same day opens no warning, sends no reminder and no e-mail, writes nothing to the audit trail.
The clock is fixed and the command runs as cron runs it (no --as-of): the private capital
quarterly report of Q1 2026 was due on 15 April and that of Q2 on 15 July (local dates)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from finsup.audit.models import AuditEntry
from finsup.monitoring.models import RiskWarning
from finsup.notifications.models import Notification
from tests import factories as f

ON_THE_Q2_DEADLINE = "2026-07-15T15:59:59Z"  # 23:59:59 on 15 July in Linyi: Q2 still in time
DAY_AFTER = "2026-07-15T16:00:00Z"  # local midnight: 16 July, Q2 missing too


@pytest.fixture
def pc(db, settings):
    settings.FINSUP_REPORTING_START = datetime.date(2026, 1, 1)
    lead = f.make_user("pc_lead", "lead_supervisor", "371302", email="lead@example.cn")
    inst = f.make_institution(
        "371302",
        kind="private_capital",
        lead_supervisor=lead,
        established_on=datetime.date(2018, 1, 1),
        approved_on=datetime.date(2018, 1, 1),
    )
    clerk = f.make_user("pc_clerk", "institution", institution=inst, email="clerk@example.cn")
    return inst, clerk, lead


def remind(monkeypatch, capsys, django_capture_on_commit_callbacks, moment: str) -> str:
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime.fromisoformat(moment))
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave after commit
        call_command("filings", "remind")
    return capsys.readouterr().out.strip()


def written() -> tuple:
    """Everything the command may write."""
    return (
        sorted(RiskWarning.objects.values_list("key", "title", "status")),
        sorted(Notification.objects.values_list("user__username", "key", "title")),
        sorted((m.to[0], m.subject) for m in mail.outbox),
        AuditEntry.objects.count(),
    )


def test_a_second_run_the_same_day_sends_nothing_new(pc, monkeypatch, capsys, django_capture_on_commit_callbacks):
    inst, clerk, lead = pc
    run = (monkeypatch, capsys, django_capture_on_commit_callbacks)
    assert remind(*run, ON_THE_Q2_DEADLINE) == "1 new warnings for missing filings"
    q1 = f"missing_filing:{inst.pk}:pc_quarterly:2026-03-31"
    warning = RiskWarning.objects.get()
    assert (warning.key, warning.institution, warning.period_end) == (q1, inst, datetime.date(2026, 3, 31))
    assert sorted(Notification.objects.values_list("user__username", "key")) == [("pc_clerk", q1), ("pc_lead", q1)]
    assert sorted(m.to[0] for m in mail.outbox) == ["clerk@example.cn", "lead@example.cn"]
    after_first = written()

    assert remind(*run, ON_THE_Q2_DEADLINE) == "0 new warnings for missing filings"
    assert written() == after_first

    # The next day Q2 is missing too: only its warning and reminders are new, Q1's are not sent again.
    assert remind(*run, DAY_AFTER) == "1 new warnings for missing filings"
    q2 = f"missing_filing:{inst.pk}:pc_quarterly:2026-06-30"
    assert sorted(RiskWarning.objects.values_list("key", flat=True)) == [q1, q2]
    assert sorted(Notification.objects.values_list("user__username", "key")) == [
        ("pc_clerk", q1),
        ("pc_clerk", q2),
        ("pc_lead", q1),
        ("pc_lead", q2),
    ]
    assert len(mail.outbox) == 4
    after_second_day = written()
    assert remind(*run, DAY_AFTER) == "0 new warnings for missing filings"
    assert written() == after_second_day
