"""The periods of the penalty procedure, computed from the case's dates (never stored as flags).

《中华人民共和国行政处罚法》(2021):
- 第四十五条: the party's statement and defence, within the days the prior notice gives (counted in
  working days, 第八十五条; this office gives 5 by default);
- 第六十四条(一): a hearing is asked for within 5 days of the prior notice being served (working days,
  第八十五条); (二) the party is told of the hearing at least 7 days before it (working days);
- 第六十条: the decision within 90 days of the opening of the case (calendar days: 第八十五条 counts only
  二日、三日、五日、七日 as working days);
- 第六十七条: the fine is paid within 15 days of the decision being served;
- 第七十三条 with 《行政复议法》第二十条 and 《行政诉讼法》第四十六条: review within 60 days, a suit
  within 6 months of the decision being served.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from finsup.core.workdays import add_working_days

HEARING_REQUEST_DAYS = 5  # working days, 第六十四条(一)
HEARING_NOTICE_DAYS = 7  # working days, 第六十四条(二)
DECISION_DAYS = 90  # calendar days, 第六十条
PAYMENT_DAYS = 15  # calendar days, 第六十七条
REVIEW_DAYS = 60  # calendar days, 《行政复议法》第二十条
SUIT_MONTHS = 6  # 《行政诉讼法》第四十六条
DEFAULT_DEFENCE_DAYS = 5  # working days: the office's practice for 第四十五条


def defence_ends(case) -> datetime.date | None:
    """The last day for the party's statement and defence (None before the notice is served)."""
    if case.notice_served_on is None or not case.defence_days:
        return None
    return add_working_days(case.notice_served_on, case.defence_days)


def hearing_request_ends(case) -> datetime.date | None:
    if case.notice_served_on is None or not case.hearing_available:
        return None
    return add_working_days(case.notice_served_on, HEARING_REQUEST_DAYS)


def earliest_hearing(notified_on: datetime.date) -> datetime.date:
    """The first day a hearing may be held when the party is told of it on `notified_on`."""
    return add_working_days(notified_on, HEARING_NOTICE_DAYS)


def decision_due(case) -> datetime.date | None:
    if case.opened_at is None:
        return None
    return timezone.localdate(case.opened_at) + datetime.timedelta(days=DECISION_DAYS)


def payment_due(case) -> datetime.date | None:
    if case.decision_served_on is None:
        return None
    return case.decision_served_on + datetime.timedelta(days=PAYMENT_DAYS)


def rights_period_over(case, today: datetime.date) -> bool:
    """Whether the party's periods (defence, and a hearing request where one may be asked) have run
    out, or the party waived them in writing."""
    if case.waived_on is not None:
        return True
    ends = [d for d in (defence_ends(case), hearing_request_ends(case)) if d is not None]
    return bool(ends) and today > max(ends)


def _months_after(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - some day of every month exists


@dataclass(frozen=True)
class Deadline:
    key: str  # defence, hearing_request, hearing, decision, payment, review, suit
    label: str
    due: datetime.date
    done: bool
    office: bool  # the office's own duty (overdue shows red); else the party's period

    def overdue(self, today: datetime.date) -> bool:
        return self.office and not self.done and today > self.due

    def running(self, today: datetime.date) -> bool:
        return not self.done and today <= self.due


def case_deadlines(case) -> list[Deadline]:
    """What is due when in this case, in order of the procedure."""
    rows: list[Deadline] = []
    decided = case.decided_at is not None
    if (due := defence_ends(case)) is not None:
        rows.append(
            Deadline("defence", str(_("Statement and defence (Art. 45)")), due, case.waived_on is not None, False)
        )
    if (due := hearing_request_ends(case)) is not None:
        done = case.hearing_requested_on is not None or case.waived_on is not None
        rows.append(Deadline("hearing_request", str(_("Hearing request (Art. 64)")), due, done, False))
    if case.hearing_at is not None:
        day = timezone.localdate(case.hearing_at)
        rows.append(Deadline("hearing", str(_("Hearing held (Art. 64)")), day, case.hearing_held_on is not None, True))
    if (due := decision_due(case)) is not None and case.closing_reason == "":
        rows.append(Deadline("decision", str(_("Decision within 90 days of opening (Art. 60)")), due, decided, True))
    if case.decision_served_on is not None:
        served = case.decision_served_on
        paid = case.fine_paid_on is not None
        rows.append(Deadline("payment", str(_("Payment of the fine (Art. 67)")), payment_due(case), paid, False))
        review = served + datetime.timedelta(days=REVIEW_DAYS)
        rows.append(Deadline("review", str(_("Administrative review may be requested until")), review, False, False))
        rows.append(
            Deadline("suit", str(_("Lawsuit may be filed until")), _months_after(served, SUIT_MONTHS), False, False)
        )
    return rows
