"""The demo accountability cases: opened from the overdue duties of the demo records, through the
services, with the demo users of the oversight bodies answering the transfers."""

import datetime

from finsup.accountability import selectors
from finsup.accountability.choices import Body, CaseStatus, Decision, EventKind, TransferStatus
from finsup.accountability.models import AccountabilityCase, CaseTransfer
from finsup.accounts.models import User
from finsup.audit.models import AuditEntry
from finsup.demo.filings_timeline import LOCAL
from tests.demo.conftest import AS_OF

# `loaded`: the demo data set, loaded once for the package (tests/demo/conftest.py).


def test_the_demo_has_a_case_returned_by_the_procuratorate_then_decided_and_closed(loaded):
    returned = CaseTransfer.objects.get(status=TransferStatus.RETURNED)
    assert returned.to_body == Body.PROCURATORATE and returned.return_reason and returned.accepted_at
    assert returned.accepted_by.username == "procuratorate" and returned.supervision_due is not None
    case = returned.case
    assert (case.status, case.decision) == (CaseStatus.CLOSED, Decision.ADMONISHMENT)
    assert case.subject_user.office == case.office and case.office.code == "371302"
    events = list(selectors.case_history(case=case))
    assert [e.kind for e in events if e.kind != EventKind.LINK] == [
        EventKind.OPENED,
        EventKind.STEP,
        EventKind.STEP,
        EventKind.SENT,
        EventKind.ACCEPTED,
        EventKind.SUPERVISED,
        EventKind.RETURNED,
        EventKind.DECIDED,
        EventKind.CLOSED,
    ]
    assert next(e for e in events if e.kind == EventKind.SUPERVISED).by.username == "discipline"
    assert case.links.exists()  # the overdue records the case is about


def test_the_demo_cases_cover_each_stage_and_the_bodies_see_what_they_may(loaded):
    cases = AccountabilityCase.objects.all()
    assert 3 <= cases.count() <= 4
    assert {c.status for c in cases} >= {CaseStatus.CLOSED, CaseStatus.INVESTIGATING}
    with_discipline = CaseTransfer.objects.get(to_body=Body.DISCIPLINE)
    assert with_discipline.status == TransferStatus.ACCEPTED and with_discipline.case.status in (
        CaseStatus.OPEN,
        CaseStatus.INVESTIGATING,
    )
    assert all(c.items and c.links.exists() for c in cases)
    discipline, procuratorate = User.objects.get(username="discipline"), User.objects.get(username="procuratorate")
    assert selectors.case_list(actor=discipline).count() == cases.count()
    assert list(selectors.case_list(actor=procuratorate)) == [CaseTransfer.objects.get(to_body=Body.PROCURATORATE).case]
    # Audited as the users on whose behalf the loader acted.
    actors = set(
        AuditEntry.objects.filter(object_type__startswith="accountability.").values_list("actor_label", flat=True)
    )
    assert "command:demo load as procuratorate" in actors and "command:demo load as city_leader" in actors


def test_each_step_of_the_demo_cases_is_dated_in_the_weeks_before_the_demo_day(loaded):
    """Not the loading minute: the closed case ran from two months before the demo day, each step
    on its own day; the open ones are recent."""
    day = lambda moment: moment.astimezone(LOCAL).date()  # noqa: E731
    closed = AccountabilityCase.objects.get(status=CaseStatus.CLOSED)
    assert AS_OF - datetime.timedelta(days=62) <= day(closed.opened_at) < AS_OF - datetime.timedelta(days=50)
    events = [e for e in selectors.case_history(case=closed) if e.kind != EventKind.LINK]
    assert len({day(e.at) for e in events}) == 5  # opened, accepted, supervised, returned, decided
    assert [e.at for e in events] == sorted(e.at for e in events) and day(closed.closed_at) < AS_OF
    for case in AccountabilityCase.objects.exclude(pk=closed.pk):
        assert AS_OF - datetime.timedelta(days=12) <= day(case.opened_at) < AS_OF


def test_a_case_date_before_a_monday_demo_day_falls_on_the_friday_before_not_on_the_day():
    from finsup.demo.accountability import _before

    monday = datetime.date(2026, 12, 7)
    assert _before(monday, 2) == datetime.date(2026, 12, 4)  # Saturday 5th → Friday 4th
    assert _before(monday, 8) == datetime.date(2026, 11, 27)  # Sunday 29th → Friday 27th
    assert _before(monday, 6) == datetime.date(2026, 12, 1)  # a Tuesday stays
