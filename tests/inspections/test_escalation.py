"""An overdue rectification escalates one step at a time (controlled clock: as_of), proposing the
microloan consequences of the source: V(1) → V(2) → request to revoke the pilot status."""

import datetime

from finsup.inspections import services as s
from finsup.inspections.choices import FindingStatus, MeasureKind, MeasureStatus
from finsup.inspections.models import FindingEscalation, Measure
from finsup.inspections.selectors import findings_overdue
from finsup.institutions.choices import InstitutionKind
from tests import factories as f
from tests.conftest import LANSHAN

from .helpers import to_rectification

DAY = datetime.timedelta(days=1)


def test_overdue_escalates_one_step_per_missed_deadline_and_is_idempotent(world):
    inspection = to_rectification(world.lanshan, world.inst_lanshan)
    finding = inspection.findings.get()
    deadline = finding.deadline
    supervisor = world.lanshan["lead_supervisor"]

    assert s.rectification_overdue(as_of=deadline) == []  # the deadline day itself is in time
    assert not findings_overdue(actor=supervisor, as_of=deadline).exists()
    assert list(findings_overdue(actor=supervisor, as_of=deadline + DAY)) == [finding]

    first = s.rectification_overdue(as_of=deadline + DAY)
    assert [(e.level, e.measure.kind, e.missed_deadline) for e in first] == [(1, MeasureKind.RATING_V1, deadline)]
    assert s.rectification_overdue(as_of=deadline + DAY) == []  # same day: nothing more
    assert s.rectification_overdue(as_of=deadline + 2 * DAY) == []  # a new deadline runs
    finding.refresh_from_db()
    assert finding.escalation_level == 1 and finding.escalated
    assert finding.deadline == deadline + DAY + datetime.timedelta(days=30)
    assert not findings_overdue(actor=supervisor, as_of=deadline + 2 * DAY).exists()

    second = s.rectification_overdue(as_of=finding.deadline + DAY)
    assert [(e.level, e.measure.kind) for e in second] == [(2, MeasureKind.RATING_V2)]
    finding.refresh_from_db()
    third = s.rectification_overdue(as_of=finding.deadline + DAY)
    assert [(e.level, e.measure.kind) for e in third] == [(3, MeasureKind.REVOCATION_REQUEST)]
    finding.refresh_from_db()
    assert s.rectification_overdue(as_of=finding.deadline + 10 * DAY) == []  # the last step
    assert finding.escalation_level == 3 and FindingEscalation.objects.filter(finding=finding).count() == 3

    measures = Measure.objects.filter(institution=world.inst_lanshan).order_by("escalation_level")
    assert [(m.kind, m.status, m.escalation_level) for m in measures] == [
        (MeasureKind.RATING_V1, MeasureStatus.PROPOSED, 1),
        (MeasureKind.RATING_V2, MeasureStatus.PROPOSED, 2),
        (MeasureKind.REVOCATION_REQUEST, MeasureStatus.PROPOSED, 3),
    ]
    assert all(list(m.findings.all()) == [finding] for m in measures)
    assert measures[0].proposed_by is None  # proposed by the platform, decided by a leader


def test_a_clock_going_back_does_not_escalate_again(world):
    finding = to_rectification(world.lanshan, world.inst_lanshan).findings.get()
    later = finding.deadline + 5 * DAY
    assert len(s.rectification_overdue(as_of=later)) == 1
    assert s.rectification_overdue(as_of=later - 2 * DAY) == []


def test_a_report_awaiting_review_is_not_escalated_but_a_returned_one_is(world):
    inspection = to_rectification(world.lanshan, world.inst_lanshan, findings=2)
    filed, returned = inspection.findings.order_by("pk")
    s.rectification_submit(by=world.clerk_lanshan_inst, finding=filed, text="已整改。")
    s.rectification_submit(by=world.clerk_lanshan_inst, finding=returned, text="已整改。")
    s.rectification_return(by=world.lanshan["inspector"], finding=returned, reason="证据不足。")
    steps = s.rectification_overdue(as_of=filed.deadline + DAY)
    assert [e.finding for e in steps] == [returned]
    filed.refresh_from_db()
    assert filed.status == FindingStatus.SUBMITTED and filed.escalation_level == 0


def test_two_overdue_findings_share_one_proposal_per_measure(world):
    inspection = to_rectification(world.lanshan, world.inst_lanshan, findings=2)
    deadline = inspection.findings.first().deadline
    steps = s.rectification_overdue(as_of=deadline + DAY)
    assert len(steps) == 2 and steps[0].measure == steps[1].measure
    assert steps[0].measure.findings.count() == 2


def test_other_kinds_follow_their_own_ladder(world):
    guarantee = f.make_institution(LANSHAN, kind=InstitutionKind.GUARANTEE, name="兰山融资担保有限公司")
    finding = to_rectification(world.lanshan, guarantee).findings.get()
    steps = s.rectification_overdue(as_of=finding.deadline + DAY)
    assert steps[0].measure.kind == MeasureKind.WARNING
