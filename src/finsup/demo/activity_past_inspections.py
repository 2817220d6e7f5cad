"""The inspections each office carried out in the closed periods of the demo's history, entered from
its ledger (补录) through `inspections.services.past_inspections_record`: the city's quarterly
inspections of the lending registries and yearly ones of the private capital managers, the counties'
monthly ones and the microloan companies' annual audits. So on the demo's day each office has kept
its inspection duties for the past periods, but for one or two it let lapse in the last period
(`LAPSED_AT_MOST`: the accountability page still has something to show), and the current period is
due. Each inspection on working days inside its period, by two or three of the office's inspectors
and lead supervisors; the office's clerk enters the ledger, one entry per year of the ledger, the
working day before the demo's day. No documents: the ledger has none to number."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone

from finsup.core import clock
from finsup.inspections import services
from finsup.inspections.choices import InspectionKind
from finsup.inspections.duties import Duty, missed_periods, period_of
from finsup.inspections.selectors import inspection_list, team_candidates

from .activity_time import office_moment, working_days_before
from .activity_world import CITY, World
from .filings_review import as_user

# At most this many duties per office left unkept for the last closed period.
LAPSED_AT_MOST = 2
# Working days on site: a routine inspection, an annual audit.
_DAYS = {Duty.ML_ANNUAL_AUDIT: (3, 5), Duty.PC_CITY_YEARLY: (2, 3)}
_ROUTINE_DAYS = (1, 2)
_FINDINGS = [
    "个别业务档案资料不齐全，已督促补齐归档，整改完毕。",
    "部分客户风险提示未签字确认，已责令补签并完善流程，整改完毕。",
    "信息披露不及时，已按要求补充公示，整改完毕。",
    "内控制度个别条款未及时修订，已修订并报备，整改完毕。",
]


def _title(duty: str, period, name: str) -> str:
    year = period.start.year
    if duty == Duty.ML_ANNUAL_AUDIT:
        return f"{year}年度审计：{name}"
    if duty == Duty.PC_COUNTY_MONTHLY:
        return f"{year}年{period.start.month}月现场检查：{name}"
    if duty == Duty.LR_CITY_QUARTERLY:
        return f"{year}年第{(period.start.month - 1) // 3 + 1}季度现场检查：{name}"
    return f"{year}年度现场检查：{name}"


def _working_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _lapsed(world: World, missed: list) -> set[int]:
    """Which duties of the last closed period each office leaves unkept (indexes into `missed`)."""
    last = defaultdict(list)
    for n, m in enumerate(missed):
        current = period_of(m.period_kind, world.as_of)
        if m.period.end == current.start - datetime.timedelta(days=1):
            last[m.holder.code].append(n)
    lapsed = set()
    for _code, indexes in sorted(last.items()):
        lapsed.update(world.rng.sample(indexes, min(len(indexes), world.rng.choice((1, 1, 2)), LAPSED_AT_MOST)))
    return lapsed


def load_past_inspections(world: World) -> dict[str, int]:
    as_of, rng = world.as_of, world.rng
    entry_day = working_days_before(as_of, 1)
    missed = missed_periods(actor=world.staff(CITY, "leader"), since=datetime.date(as_of.year - 1, 1, 1), as_of=as_of)
    lapsed = _lapsed(world, missed)
    # A ledger row never starts on a day the institution already has an inspection on (of any kind:
    # the city's yearly and the county's monthly inspection of a manager are both thematic).
    held = _days_held(world, {m.institution.pk for m in missed})
    ledgers: dict[tuple, list] = defaultdict(list)  # (office code, year) → rows
    teams: dict[int, list] = {}
    for n, m in enumerate(missed):
        if n in lapsed:
            continue
        office = m.holder
        if office.pk not in teams:
            teams[office.pk] = list(team_candidates(office=office).order_by("username"))
        days = _working_days(max(m.period.start, m.institution.approved_on), m.period.end)
        days = [d for d in days if d < entry_day]
        if not days:
            continue
        low, high = _DAYS.get(m.duty, _ROUTINE_DAYS)
        length = min(rng.randint(low, high), len(days))
        starts = [i for i in range(len(days) - length + 1) if (m.institution.pk, days[i]) not in held]
        if not starts:
            continue
        first = rng.choice(starts)
        held.add((m.institution.pk, days[first]))
        candidates = teams[office.pk]
        team = rng.sample(candidates, min(len(candidates), rng.choice((2, 2, 3))))
        lead = m.institution.lead_supervisor
        if lead is not None and lead in candidates:
            team = [lead] + [u for u in team if u != lead][: len(team) - 1]
        ledgers[(office.code, m.period.start.year)].append(
            services.PastInspection(
                institution=m.institution,
                kind=m.inspection_kind or InspectionKind.THEMATIC,
                started_on=days[first],
                ended_on=days[first + length - 1],
                team=team,
                findings_summary=rng.choice(_FINDINGS) if rng.random() < 0.2 else "",
                title=_title(m.duty, m.period, m.institution.name),
            )
        )
    recorded = 0
    for (code, year), rows in sorted(ledgers.items()):
        clerk = world.staff(code, "clerk")
        moment = office_moment(entry_day, 14 * 60 + 30 + rng.randrange(150))
        rows.sort(key=lambda r: (r.started_on, r.institution.credit_code))
        with as_user(clerk), clock.at(moment):
            recorded += len(services.past_inspections_record(by=clerk, rows=rows, source=f"{year}年现场检查台账"))
    return {"inspections_recorded_afterwards": recorded}


def _days_held(world: World, institutions: set[int]) -> set[tuple[int, datetime.date]]:
    """(institution, day) of the inspections already held: their start, or planned start."""
    held = set()
    rows = inspection_list(actor=world.staff(CITY, "leader")).filter(institution__in=institutions)
    for institution_id, started_at, planned_start in rows.values_list("institution_id", "started_at", "planned_start"):
        held.add((institution_id, timezone.localdate(started_at) if started_at else planned_start))
    return held
