"""`finsup inspections escalate [--as-of DAY]`: runs the daily escalation, idempotent for a day."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from finsup.audit.models import AuditEntry
from finsup.inspections.choices import MeasureKind, MeasureStatus
from finsup.inspections.models import FindingEscalation, Measure

from .helpers import to_rectification

DAY = datetime.timedelta(days=1)


def _run(day, capsys):
    call_command("inspections", "escalate", "--as-of", day.isoformat())
    return capsys.readouterr().out.strip()


def test_escalate_runs_once_a_day_and_proposes_the_next_measure(world, capsys):
    inspection = to_rectification(world.lanshan, world.inst_lanshan)
    finding = inspection.findings.get()
    deadline = finding.deadline

    assert _run(deadline, capsys) == f"0 overdue rectifications escalated as of {deadline}"  # in time
    assert _run(deadline + DAY, capsys) == f"1 overdue rectifications escalated as of {deadline + DAY}"
    # Again the same day: nothing more.
    assert _run(deadline + DAY, capsys) == f"0 overdue rectifications escalated as of {deadline + DAY}"
    step = FindingEscalation.objects.get(finding=finding)
    assert (step.level, step.on_date) == (1, deadline + DAY)
    measure = Measure.objects.get(institution=world.inst_lanshan)
    assert (measure.kind, measure.status, measure.proposed_by) == (MeasureKind.RATING_V1, MeasureStatus.PROPOSED, None)
    entry = AuditEntry.objects.filter(object_id=str(finding.pk), action="status").latest("pk")
    assert entry.actor_label == "command:inspections escalate"


def test_escalate_refuses_a_malformed_day(db):
    with pytest.raises(CommandError):
        call_command("inspections", "escalate", "--as-of", "31.10.2026")
