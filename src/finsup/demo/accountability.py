"""Demo accountability cases, opened from the overdue duties the demo records really show
(`accountability.overdue`) and taken through the accountability services as the office's leaders
and the demo users of the oversight bodies, so they are audited like real ones.

Four cases: a county lead supervisor who let required on-site inspections lapse (sent to the
procuratorate, supervised by the discipline commission, returned, decided by the county office:
an admonishment talk, closed); a county office whose filings wait for review (sent to the
discipline commission, accepted, still with it); the county's reviewer of late-reviewed filings (under
investigation); a county office behind with its inspections (just opened). Every choice follows
the rows' sorted order; only the letter numbers are drawn, from a seeded generator. Each step
is taken at its moment in the weeks before the demo day (`clock.at`), the overdue duties read as
of the day the case opens."""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.conf import settings

from finsup.accountability import services
from finsup.accountability.choices import Body, Decision, StepKind
from finsup.accountability.models import AccountabilityCase, CaseTransfer
from finsup.accountability.overdue import Category, OverdueRow, overdue_duties
from finsup.accounts.choices import OfficeLevel, Role
from finsup.accounts.models import Office, User
from finsup.core import clock
from finsup.reporting.choices import SubmissionAction
from finsup.reporting.models import SubmissionEvent

from .filings_review import as_user
from .filings_timeline import LOCAL, workday
from .logins import DEMO_LOGINS

LINKS = 3  # records linked to a case at most


def _login(role: str, *, city: bool) -> User | None:
    """The first demo login of the role at the city office (city) or at a county office."""
    for login in DEMO_LOGINS:
        if login.role != role:
            continue
        user = User.objects.select_related("office").filter(username=login.username).first()
        if user is not None and (user.office.level == OfficeLevel.CITY) == city:
            return user
    return None


def _on(day: datetime.date, hour: int = 10):
    """The clock at `hour` on `day` (the next working day if it falls on a weekend)."""
    return clock.at(datetime.datetime.combine(workday(day), datetime.time(hour, 0), tzinfo=LOCAL))


def _before(as_of: datetime.date, days: int) -> datetime.date:
    """The working day `days` before `as_of`, or the last one before that (never on or after as_of)."""
    day = as_of - datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _body_user(body: str) -> User:
    return User.objects.get(role=Role.OVERSIGHT, oversight_body=body, username__in=[d.username for d in DEMO_LOGINS])


def _day(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _most(rows: list[OverdueRow], key) -> list[OverdueRow]:
    """The rows of the key with the most rows (ties: the smallest key), in their sorted order."""
    counts = Counter(key(r) for r in rows)
    if not counts:
        return []
    best = min(counts, key=lambda k: (-counts[k], k))
    return [r for r in rows if key(r) == best]


def _worst(rows: list[OverdueRow]) -> list[OverdueRow]:
    return sorted(rows, key=lambda r: (-r.days_overdue, r.record_label))[:LINKS]


def _items(rows: list[OverdueRow]) -> list[int]:
    return sorted({r.item_id for r in rows})


def _sources(rows: list[OverdueRow]) -> list[str]:
    return list(dict.fromkeys(r.source for r in rows))


def _duty(row: OverdueRow, note: str) -> str:
    """An inspection row as "institution（duty，note）"; its label is "institution: duty"."""
    return f"{row.institution.name}（{row.record_label.removeprefix(f'{row.institution.name}: ')}，{note}）"


def _inspection_case(
    leader: User, county: Office, rows: list[OverdueRow], rng: random.Random, opened: datetime.date
) -> AccountabilityCase | None:
    """A lead supervisor's lapsed inspections: to the procuratorate and back, then an admonishment talk."""
    mine = [r for r in rows if r.category == Category.INSPECTION and r.office == county and r.person]
    mine = _most(mine, key=lambda r: r.person.username)
    if not mine:
        return None
    person, worst = mine[0].person, _worst(mine)
    procuratorate, discipline = _body_user(Body.PROCURATORATE), _body_user(Body.DISCIPLINE)
    today = opened
    listed = "；".join(_duty(r, f"应于{_day(r.due_on)}前完成") for r in worst)
    institutions = len({r.institution.pk for r in mine})
    with as_user(leader), _on(today + datetime.timedelta(days=0), 9):
        case = services.case_open(
            by=leader,
            data={
                "subject_kind": "staff",
                "subject_user": person,
                "title": f"主监管员{person}未按规定频次开展现场检查",
                "allegation": (
                    f"截至{_day(today)}，{person}作为主监管员负责的{institutions}家机构现场检查逾期未开展，"
                    f"其中：{listed}。未按规定频次履行现场监管职责。"
                ),
                "items": _items(mine),
                "sources": _sources(worst),
            },
        )
        services.case_step(
            case=case,
            by=leader,
            step_kind=StepKind.INVESTIGATION,
            text=f"调取{county.name}现场检查台账和监管档案，核实上述机构在规定期限内均无现场检查记录；"
            "询问同科室人员，检查计划未安排上述机构。",
        )
        services.case_step(
            case=case,
            by=leader,
            step_kind=StepKind.STATEMENT,
            text=f"听取{person}的陈述和申辩：承认未按月开展现场检查，称辖区机构较多、人手不足，"
            "精力主要放在非现场监管上；对检查记录核实的事实无异议。",
        )
        transfer = services.transfer_send(
            case=case,
            by=leader,
            to_body=Body.PROCURATORATE,
            reason=f"{worst[0].institution.name}长期未接受现场检查，当事人可能涉嫌玩忽职守，"
            "移送检察机关审查是否构成犯罪。",
        )
    with as_user(procuratorate), _on(today + datetime.timedelta(days=3), 12):
        services.transfer_accept(transfer=transfer, by=procuratorate, note="已收到移送材料，依法审查。")
    due = today + datetime.timedelta(days=40)
    with as_user(discipline), _on(today + datetime.timedelta(days=10), 12):
        services.transfer_supervise(
            transfer=transfer,
            by=discipline,
            text=f"请于{_day(due)}前反馈审查意见，并抄送纪检监察组。",
            due_on=due,
        )
    with as_user(procuratorate), _on(today + datetime.timedelta(days=30), 11):
        services.transfer_return(
            transfer=transfer,
            by=procuratorate,
            reason="经审查，现有材料不能证明当事人的失职行为造成重大损失，不符合玩忽职守罪立案追诉标准，"
            "不予立案；退回你办依纪依规处理。",
        )
    with as_user(leader), _on(today + datetime.timedelta(days=45), 12):
        services.case_decide(
            case=case,
            by=leader,
            decision=Decision.ADMONISHMENT,
            reasons="当事人未按规定频次开展现场检查，未履行监管职责；检察机关审查认为未造成重大损失，不构成犯罪。"
            "鉴于其如实说明情况、情节较轻，予以诫勉，并责令将逾期的现场检查列入本月计划、限期完成。",
        )
        services.case_close(
            case=case, by=leader, note="诫勉谈话已进行，谈话记录已存档；逾期的现场检查已列入本月检查计划。"
        )
    return case


def _backlog_case(
    leader: User, rows: list[OverdueRow], rng: random.Random, skip: set[int], opened: datetime.date
) -> AccountabilityCase | None:
    """A county office with filings long waiting for its review: sent to the discipline commission."""
    pending = [
        r
        for r in rows
        if r.category == Category.FILING_REVIEW
        and r.pending
        and r.office.level != OfficeLevel.CITY
        and r.office.pk not in skip
    ]
    theirs = _most(pending, key=lambda r: r.office.code)
    if not theirs:
        return None
    county, worst = theirs[0].office, _worst(theirs)
    discipline = _body_user(Body.DISCIPLINE)
    today, days = opened, settings.FINSUP_FILING_REVIEW_DAYS["county"]
    listed = "；".join(f"{r.record_label}（已逾期{r.days_overdue}天）" for r in worst)
    with as_user(leader), _on(today + datetime.timedelta(days=0), 14):
        case = services.case_open(
            by=leader,
            data={
                "subject_kind": "office",
                "subject_office": county,
                "title": f"{county.name}机构报表积压未审核",
                "allegation": (
                    f"截至{_day(today)}，{county.name}有{len(theirs)}份机构报表报送后超过{days}天"
                    f"仍未受理或退回，其中逾期最久的：{listed}。影响全市非现场监管数据的及时性。"
                ),
                "items": _items(theirs),
                "sources": _sources(worst),
            },
        )
        services.case_step(
            case=case,
            by=leader,
            step_kind=StepKind.INVESTIGATION,
            text="调阅报送系统记录，上述报表均处于“待县区金融办审核”状态；经两次电话提醒，该办仍未处理，"
            "也未书面说明理由。",
        )
        transfer = services.transfer_send(
            case=case,
            by=leader,
            to_body=Body.DISCIPLINE,
            reason="该办长期不履行报表审核职责，经提醒仍未整改，涉嫌不作为，移送纪检监察组依纪依规处理。",
        )
    with as_user(discipline), _on(today + datetime.timedelta(days=3), 17):
        services.transfer_accept(transfer=transfer, by=discipline, note="已受理，将组织核查并听取该办说明。")
    return case


def _late_review_case(
    leader: User, county: Office, rows: list[OverdueRow], opened: datetime.date
) -> AccountabilityCase | None:
    """The county's reviewer who accepted or returned filings late: under investigation."""
    late = [r for r in rows if r.category == Category.FILING_REVIEW and not r.pending and r.office == county]
    if not late:
        return None
    pks = {r.source: int(r.source.partition(":")[2]) for r in late}
    reviewer_of = {}  # submission → who accepted or returned it (the first such step)
    steps = SubmissionEvent.objects.filter(
        submission__in=pks.values(), action__in=[SubmissionAction.ACCEPT, SubmissionAction.RETURN]
    )
    for submission, by in steps.order_by("-at", "-pk").values_list("submission_id", "by"):
        reviewer_of[submission] = by
    late = [r for r in late if reviewer_of.get(pks[r.source]) not in (None, leader.pk)]
    theirs = _most(late, key=lambda r: reviewer_of[pks[r.source]])
    if not theirs:
        return None
    reviewer, worst = User.objects.get(pk=reviewer_of[pks[theirs[0].source]]), _worst(theirs)
    days = settings.FINSUP_FILING_REVIEW_DAYS["county"]
    year = opened.year
    listed = "；".join(f"{r.record_label}（超期{r.days_overdue}天）" for r in worst)
    with as_user(leader), _on(opened, 15):
        case = services.case_open(
            by=leader,
            data={
                "subject_kind": "staff",
                "subject_user": reviewer,
                "title": f"{reviewer}多次超期审核机构报表",
                "allegation": (
                    f"{year}年以来，{reviewer}审核的{len(theirs)}份机构报表超过报送后{days}天的审核期限，"
                    f"超期最多的：{listed}。"
                ),
                "items": _items(theirs),
                "sources": _sources(worst),
            },
        )
        services.case_step(
            case=case,
            by=leader,
            step_kind=StepKind.INVESTIGATION,
            text="导出本年度报表审核记录，逐份核对报送时间和审核时间，超期情况属实；正在了解超期原因。",
        )
    return case


def _inspections_case(
    leader: User, rows: list[OverdueRow], skip: set[int], opened: datetime.date
) -> AccountabilityCase | None:
    """A county office behind with its inspections: just opened."""
    lapsed = [
        r
        for r in rows
        if r.category == Category.INSPECTION and r.office.level != OfficeLevel.CITY and r.office.pk not in skip
    ]
    theirs = _most(lapsed, key=lambda r: r.office.code)
    if not theirs:
        return None
    county, worst = theirs[0].office, _worst(theirs)
    listed = "；".join(_duty(r, f"已逾期{r.days_overdue}天") for r in worst)
    with as_user(leader), _on(opened, 11):
        case = services.case_open(
            by=leader,
            data={
                "subject_kind": "office",
                "subject_office": county,
                "title": f"{county.name}现场检查逾期未开展",
                "allegation": (f"{county.name}有{len(theirs)}项现场检查逾期未开展，其中：{listed}。"),
                "items": _items(theirs),
                "sources": _sources(worst),
            },
        )
    return case


def accountability_load(*, seed: int, as_of: datetime.date) -> dict[str, int]:
    """Opens the demo cases from the overdue duties of the demo records; returns their counts.
    The first case was opened two months before `as_of` and is closed; the others are recent."""
    rng = random.Random(f"accountability:{seed}")
    city_leader = _login(Role.LEADER, city=True)
    if city_leader is None:
        return {"accountability_cases": 0, "accountability_transfers": 0}
    county_leader = _login(Role.LEADER, city=False) or city_leader
    rows = overdue_duties(actor=city_leader, as_of=_before(as_of, 60))
    if county_leader != city_leader:
        county = county_leader.office
    else:  # no county leader among the logins: the city's acts on the county with most lapsed inspections
        lapsed = _most([r for r in rows if r.category == Category.INSPECTION and r.person], key=lambda r: r.office.code)
        county = lapsed[0].office if lapsed else None
    cases = []
    if county is not None:
        cases.append(_inspection_case(county_leader, county, rows, rng, _before(as_of, 60)))
        rows = overdue_duties(actor=city_leader, as_of=_before(as_of, 8))
        cases.append(_late_review_case(county_leader, county, rows, _before(as_of, 8)))
    else:
        rows = overdue_duties(actor=city_leader, as_of=_before(as_of, 8))
    skip = {county.pk} if county is not None else set()
    backlog = _backlog_case(city_leader, rows, rng, skip, _before(as_of, 6))
    if backlog is not None:
        skip.add(backlog.subject_office_id)
    cases += [backlog, _inspections_case(city_leader, rows, skip, _before(as_of, 2))]
    cases = [c for c in cases if c is not None]
    return {
        "accountability_cases": len(cases),
        "accountability_transfers": CaseTransfer.objects.filter(case__in=cases).count(),
    }
