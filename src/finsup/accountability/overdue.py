"""The office's own overdue duties, computed from what the platform records about its work.

Each row is one duty of the responsibility list (责任清单, items ①–㉗) that the office did not
keep in time: an inspection the frequency rules required and nobody started, a filing reviewed
late or still waiting for review, a rectification report nobody reviewed or an overdue
rectification nobody followed up, a complaint past its deadline, a major risk incident nobody
acknowledged. Nothing is stored and nothing is typed in: every row comes from the records (their
dates and statuses) as of a date. Every read starts from `for_user(actor)`; a row is shown only if
its responsible office lies within the actor's office. Other apps' records are read through their
selectors (complaints' incidents excepted, until they become an app of their own); their models are
not named here, not even in annotations, which the import contracts count as imports too.

`as_of` sets the clock: deadlines are compared with that day (the moment now when it is today, the
end of that day otherwise). Statuses are the records' current ones: a past date shows what is still
pending today and was already late then; a filing reviewed late is kept as such (the review
events are history) for the calendar year of `as_of`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.selectors import office_scope, users_by_pk
from finsup.complaints.selectors import complaint_deadline, complaints_overdue
from finsup.core import clock
from finsup.duties import selectors as duties
from finsup.duties.responsibilities import Duty, Item
from finsup.fundraising.selectors import steps_overdue
from finsup.incidents.choices import ESCALATION_ORDER
from finsup.incidents.selectors import incidents_unacknowledged
from finsup.incidents.services import incident_escalation_due, office_level
from finsup.inspections.duties import DutyStatus, duties_as_of
from finsup.inspections.selectors import findings_awaiting_review, findings_overdue_not_escalated
from finsup.institutions.choices import InstitutionKind
from finsup.institutions.selectors import all_institutions
from finsup.reporting import catalogue_access
from finsup.reporting.choices import SubmissionAction
from finsup.reporting.selectors import (
    filing_confirmations_later_than,
    filing_reviews_later_than,
    filings_awaiting_city_confirmation,
    filings_awaiting_county_review,
)
from finsup.worklog.selectors import tasks_overdue


class Category(models.TextChoices):
    INSPECTION = "inspection", gettext_lazy("Inspection not carried out in time")
    FILING_REVIEW = "filing_review", gettext_lazy("Filing reviewed late")
    RECTIFICATION = "rectification", gettext_lazy("Rectification not followed up")
    COMPLAINT = "complaint", gettext_lazy("Complaint past its deadline")
    INCIDENT = "incident", gettext_lazy("Major risk incident not acknowledged in time")
    FUNDRAISING = "fundraising", gettext_lazy("Illegal-fundraising step past its deadline")
    DUTY_TASK = "duty_task", gettext_lazy("Recurring duty task past its deadline")


# The one table linking what is overdue to the item of the responsibility list it breaches.
# Keys: an institution kind (the item of that kind's supervision), or one of the cases below.
FUNDRAISING = "illegal_fundraising"  # a tip-off of illegal fundraising naming no institution
NO_INSTITUTION = "no_institution"  # a complaint naming no institution: local financial risk
MAJOR_INCIDENT = "major_incident"  # a major risk incident not acknowledged in time
ITEM_OF: dict[str, int] = {
    InstitutionKind.MICROLOAN: 8,  # ⑧ 负责全市小额贷款公司的审核报批和监督管理工作
    InstitutionKind.GUARANTEE: 22,  # ㉒ 负责全市融资性担保机构的设立、变更初审和业务监管工作
    InstitutionKind.PRIVATE_CAPITAL: 24,  # ㉔ 负责民间资本管理机构、民间融资登记服务机构……业务监管工作
    InstitutionKind.LENDING_REGISTRY: 24,  # ㉔
    FUNDRAISING: 10,  # ⑩ 协调有关部门依法查处非法集资和非法证券活动
    NO_INSTITUTION: 9,  # ⑨ 组织协调有关部门防范化解和处置地方金融风险……
    MAJOR_INCIDENT: 9,  # ⑨ ……处理地方金融突发事件和重大事件
}


def item_for(*, institution=None, illegal_fundraising: bool = False, incident: bool = False) -> int:
    """The id (1–27) of the responsibility-list item a record of this kind falls under."""
    if incident:
        return ITEM_OF[MAJOR_INCIDENT]
    if institution is not None:
        return ITEM_OF[institution.kind]
    return ITEM_OF[FUNDRAISING if illegal_fundraising else NO_INSTITUTION]


@dataclass(frozen=True)
class OverdueRow:
    category: str
    item_id: int
    office: object  # the responsible office (an accounts Office)
    institution: object | None
    record_label: str
    record_url: str
    source: str  # "<app_label.model>:<pk>" of the record (e.g. for opening an accountability case)
    due_on: datetime.date
    days_overdue: int  # pending: days past due on as_of; done late: days late when it was done
    person: object | None = None  # the responsible person (a User) when the records name one
    pending: bool = True  # False: done, but late (filing reviews)
    done_on: datetime.date | None = None
    detail: str = ""

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label)

    @property
    def item(self) -> Item:
        return duties.item(self.item_id)


@dataclass
class OfficeSummary:
    office: object  # an accounts Office
    pending: dict[str, int] = field(default_factory=dict)  # category → rows still pending
    done_late: dict[str, int] = field(default_factory=dict)  # category → rows done, but late

    @property
    def cells(self) -> list[tuple[str, int, int]]:
        """(category, pending, done late) in the order of Category."""
        return [(c, self.pending.get(c, 0), self.done_late.get(c, 0)) for c in Category.values]

    @property
    def total(self) -> int:
        return sum(self.pending.values())


@dataclass(frozen=True)
class ItemGroup:
    item: Item
    duty: Duty
    rows: tuple[OverdueRow, ...]
    more: int = 0  # rows left out by the limit


# -- helpers -----------------------------------------------------------------------------------


def _moment(as_of: datetime.date) -> datetime.datetime:
    """The clock for `as_of`: now if it is today, the end of that day otherwise."""
    if as_of == clock.today():
        return clock.now()
    return _start_of(as_of + datetime.timedelta(days=1))


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _in_scope(office, scope, exact) -> bool:
    if office is None:
        return False
    return office.pk == exact.pk if exact is not None else office.path.startswith(scope.path)


def _person_in(user, office):
    """The institution's lead supervisor is the responsible person only if he works in the office."""
    return user if user is not None and user.office_id == office.pk else None


def _actor_office(actor):
    if actor is None or not actor.is_authenticated or not actor.is_active or actor.institution_id:
        return None
    return actor.office


# -- 1. inspections the frequency rules required -------------------------------------------------


def overdue_inspections(*, actor, as_of: datetime.date, office=None) -> list[OverdueRow]:
    """Inspection duties (inspections.duties) overdue on `as_of`, under the office holding them."""
    scope = _actor_office(actor)
    if scope is None:
        return []
    duty_rows = [
        r
        for r in duties_as_of(actor=actor, as_of=as_of, office=office)
        if r.status == DutyStatus.OVERDUE and _in_scope(r.holder, scope, office)
    ]
    people = users_by_pk({r.institution.lead_supervisor_id for r in duty_rows} - {None})
    return [
        OverdueRow(
            category=Category.INSPECTION,
            item_id=item_for(institution=r.institution),
            office=r.holder,
            institution=r.institution,
            record_label=f"{r.institution.name}: {r.duty_label}",
            record_url=r.institution.get_absolute_url(),
            source=f"institutions.institution:{r.institution.pk}",
            due_on=r.due_on,
            days_overdue=(as_of - r.due_on).days,
            person=_person_in(people.get(r.institution.lead_supervisor_id), r.holder),
            detail=_("Last inspection: %(date)s") % {"date": r.last_inspection.started_on.isoformat()}
            if r.last_inspection
            else _("No inspection on record"),
        )
        for r in duty_rows
    ]


# -- 2. filings reviewed late ----------------------------------------------------------------------


def filing_label(s) -> str:
    """A filing as people name it: institution, the report's Chinese name, period end, version."""
    report = catalogue_access.catalogue().get(s.report_code)
    name = report.name_zh if report else s.report_code
    return f"{s.institution.name} · {name} · {s.period_end:%Y-%m-%d} · v{s.version}"


@dataclass(frozen=True)
class _Filing:
    """What a row needs of a filing, read as a tuple (a backlog of thousands is not instantiated)."""

    pk: int
    institution: object  # an institutions Institution, shared by its filings
    report_code: str
    period_end: datetime.date
    version: int
    submitted_at: datetime.datetime
    status_changed_at: datetime.datetime

    def get_absolute_url(self) -> str:
        return reverse("reporting:detail", args=[self.pk])


_FILING_FIELDS = ("pk", "institution_id", "report_code", "period_end", "version", "submitted_at", "status_changed_at")


def late_filing_reviews(*, actor, as_of: datetime.date, office=None) -> list[OverdueRow]:
    """The county's step (accept or return) more than FINSUP_FILING_REVIEW_DAYS["county"] days after
    the filing, the city's (confirm) more than ["city"] days after the county accepted it: pending
    ones, and those done late within the calendar year of `as_of`. A county's own reports (no
    institution) have no review step here. Filings and events are read as tuples, their
    institutions and reviewers once each: six queries, whatever the number of filings."""
    scope = _actor_office(actor)
    if scope is None:
        return []
    days = settings.FINSUP_FILING_REVIEW_DAYS
    county_days, city_days = (datetime.timedelta(days=days[k]) for k in ("county", "city"))
    moment = _moment(as_of)
    year_start = _start_of(datetime.date(as_of.year, 1, 1))
    event_fields = (*(f"submission__{f}" for f in _FILING_FIELDS), "action", "at", "by_id")

    # Pending: still submitted (the county's step), or accepted and not confirmed (the city's).
    # Late on a date basis: due on the day the filing (acceptance) fell plus the days allowed.
    # Done late: the database keeps the events later than the time allowed (a superset of those
    # late by date), the dates are compared here.
    awaiting_county = filings_awaiting_county_review(actor=actor, submitted_before=_start_of(as_of - county_days))
    awaiting_city = filings_awaiting_city_confirmation(actor=actor, accepted_before=_start_of(as_of - city_days))
    late_reviews = filing_reviews_later_than(actor=actor, allowed=county_days, since=year_start, until=moment)
    late_confirms = filing_confirmations_later_than(actor=actor, allowed=city_days, since=year_start, until=moment)
    county_waiting = list(awaiting_county.values_list(*_FILING_FIELDS))
    city_waiting = list(awaiting_city.values_list(*_FILING_FIELDS))
    reviews = list(late_reviews.values_list(*event_fields))
    confirms = list(late_confirms.values_list(*event_fields, "accepted_at"))
    events = reviews + confirms
    institutions = (
        all_institutions()  # those of the filings read in scope above
        .select_related("county__parent", "lead_supervisor")
        .in_bulk({r[1] for r in county_waiting + city_waiting} | {e[1] for e in events})
    )
    n = len(_FILING_FIELDS)  # an event's row: the filing's fields, then action, at, by_id (accepted_at)
    reviewers = users_by_pk({e[n + 2] for e in events})
    rows: list[OverdueRow] = []

    def filing(values) -> _Filing:
        pk, institution_id, *rest = values[:n]
        return _Filing(pk, institutions[institution_id], *rest)

    def add(s: _Filing, *, city: bool, due_on, done_on=None, detail=""):
        county = s.institution.county
        responsible = county.parent if city else county
        if responsible is None or not _in_scope(responsible, scope, office):
            return
        rows.append(
            OverdueRow(
                category=Category.FILING_REVIEW,
                item_id=item_for(institution=s.institution),
                office=responsible,
                institution=s.institution,
                record_label=filing_label(s),
                record_url=s.get_absolute_url(),
                source=f"reporting.submission:{s.pk}",
                due_on=due_on,
                days_overdue=((done_on or as_of) - due_on).days,
                person=None if city else _person_in(s.institution.lead_supervisor, county),
                pending=done_on is None,
                done_on=done_on,
                detail=detail,
            )
        )

    for values in county_waiting:
        s = filing(values)
        add(
            s,
            city=False,
            due_on=timezone.localdate(s.submitted_at) + county_days,
            detail=_("Awaiting the county's review"),
        )
    for values in city_waiting:
        s = filing(values)
        add(
            s,
            city=True,
            due_on=timezone.localdate(s.status_changed_at) + city_days,
            detail=_("Awaiting the city's confirmation"),
        )
    for values in reviews:
        s, (action, at, by_id) = filing(values), values[n:]
        due_on, done_on = timezone.localdate(s.submitted_at) + county_days, timezone.localdate(at)
        if done_on > due_on:
            add(
                s,
                city=False,
                due_on=due_on,
                done_on=done_on,
                detail=_("%(action)s %(days)s days after filing, by %(by)s")
                % {
                    "action": SubmissionAction(action).label,
                    "days": (done_on - due_on).days + county_days.days,
                    "by": reviewers.get(by_id),
                },
            )
    for values in confirms:
        s, (_action, at, by_id, accepted_at) = filing(values), values[n:]
        due_on, done_on = timezone.localdate(accepted_at) + city_days, timezone.localdate(at)
        if done_on > due_on:
            add(
                s,
                city=True,
                due_on=due_on,
                done_on=done_on,
                detail=_("Confirmed %(days)s days after the county accepted it, by %(by)s")
                % {"days": (done_on - due_on).days + city_days.days, "by": reviewers.get(by_id)},
            )
    return rows


# -- 3. rectifications not followed up ------------------------------------------------------------


def rectifications_not_followed_up(*, actor, as_of: datetime.date, office=None) -> list[OverdueRow]:
    """Rectification reports awaiting the supervisor's review longer than
    FINSUP_RECTIFICATION_REVIEW_DAYS, and overdue rectifications (services.rectification.
    overdue_findings) with no escalation on or after their deadline. The inspection's office is
    responsible."""
    scope = _actor_office(actor)
    if scope is None:
        return []
    review_days = datetime.timedelta(days=settings.FINSUP_RECTIFICATION_REVIEW_DAYS)
    related = ("inspection__office", "institution__lead_supervisor")
    rows: list[OverdueRow] = []

    def add(finding, *, due_on, detail):
        responsible = finding.inspection.office
        if not _in_scope(responsible, scope, office):
            return
        rows.append(
            OverdueRow(
                category=Category.RECTIFICATION,
                item_id=item_for(institution=finding.institution),
                office=responsible,
                institution=finding.institution,
                record_label=f"{finding.institution.name}: {finding.title}",
                record_url=reverse("inspections:finding_detail", args=[finding.pk]),
                source=f"inspections.finding:{finding.pk}",
                due_on=due_on,
                days_overdue=(as_of - due_on).days,
                person=_person_in(finding.institution.lead_supervisor, responsible),
                detail=detail,
            )
        )

    awaiting = findings_awaiting_review(actor=actor, reported_before=_start_of(as_of - review_days))
    for finding in awaiting.select_related(*related):
        add(
            finding,
            due_on=timezone.localdate(finding.last_report) + review_days,
            detail=_("Rectification report filed on %(date)s, not reviewed")
            % {"date": timezone.localdate(finding.last_report).isoformat()},
        )
    for finding in findings_overdue_not_escalated(actor=actor, as_of=as_of).select_related(*related):
        add(
            finding,
            due_on=finding.deadline,
            detail=_("Rectification deadline passed with no follow-up (%(status)s)")
            % {"status": finding.get_status_display()},
        )
    return rows


# -- 4. complaints past their deadline ------------------------------------------------------------


def complaints_past_deadline(*, actor, as_of: datetime.date, office=None) -> list[OverdueRow]:
    """complaints.selectors.complaints_overdue at the moment of `as_of`; the handling office and the
    assignee are responsible."""
    scope = _actor_office(actor)
    if scope is None:
        return []
    rows = []
    overdue = complaints_overdue(actor=actor, now=_moment(as_of)).select_related("institution", "office", "assigned_to")
    for c in overdue:
        if not _in_scope(c.office, scope, office):
            continue
        due_on = timezone.localdate(complaint_deadline(c))
        rows.append(
            OverdueRow(
                category=Category.COMPLAINT,
                item_id=item_for(institution=c.institution, illegal_fundraising=c.illegal_fundraising),
                office=c.office,
                institution=c.institution,
                record_label=f"{c.tracking_code} {c.subject}",
                record_url=c.get_absolute_url(),
                source=f"complaints.complaint:{c.pk}",
                due_on=due_on,
                days_overdue=max((as_of - due_on).days, 0),
                person=c.assigned_to,
                detail=_("Step due: %(status)s") % {"status": c.get_status_display()},
            )
        )
    return rows


# -- 5. major risk incidents not acknowledged in time ---------------------------------------------


def _office_at(office, level: str):
    while office is not None and office_level(office) != level:
        office = office.parent
    return office


def incidents_not_acknowledged(*, actor, as_of: datetime.date, office=None) -> list[OverdueRow]:
    """Incidents still unacknowledged past the time of their severity (finsup.incidents). When
    the escalation job has moved one up, the first escalation is when the time ran out, and the
    office of the level it started at is responsible; otherwise incident_escalation_due says."""
    scope = _actor_office(actor)
    if scope is None:
        return []
    moment = _moment(as_of)
    rows = []
    for incident in incidents_unacknowledged(actor=actor):
        due = incident.first_escalation if incident.n_escalations else incident_escalation_due(incident)
        if due is None or due > moment:
            continue
        started = ESCALATION_ORDER[max(ESCALATION_ORDER.index(incident.level) - incident.n_escalations, 0)]
        responsible = _office_at(incident.office, started)
        if not _in_scope(responsible, scope, office):
            continue
        due_on = timezone.localdate(due)
        rows.append(
            OverdueRow(
                category=Category.INCIDENT,
                item_id=item_for(incident=True),
                office=responsible,
                institution=incident.institution,
                record_label=f"{incident.get_severity_display()} · {incident.title}",
                record_url=incident.get_absolute_url(),
                source=f"incidents.incident:{incident.pk}",
                due_on=due_on,
                days_overdue=max((as_of - due_on).days, 0),
                person=_person_in(incident.institution.lead_supervisor, responsible) if incident.institution else None,
                detail=_("Reported %(at)s, due to be acknowledged by %(due)s")
                % {
                    "at": timezone.localtime(incident.reported_at).strftime("%Y-%m-%d %H:%M"),
                    "due": timezone.localtime(due).strftime("%Y-%m-%d %H:%M"),
                },
            )
        )
    return rows


# -- 6. illegal-fundraising steps past their deadline ----------------------------------------------


def fundraising_steps_overdue(*, actor, as_of: datetime.date, office=None) -> list[OverdueRow]:
    """Suspected entities whose next disposal step (verification, determination, referral, the
    police's answer chased, the disposal) is past its deadline (finsup.fundraising): duty ⑩, the
    handling office is responsible."""
    scope = _actor_office(actor)
    if scope is None:
        return []
    rows = []
    for entity in steps_overdue(actor=actor, as_of=as_of):
        if not _in_scope(entity.office, scope, office):
            continue
        rows.append(
            OverdueRow(
                category=Category.FUNDRAISING,
                item_id=ITEM_OF[FUNDRAISING],
                office=entity.office,
                institution=None,
                record_label=entity.name,
                record_url=entity.get_absolute_url(),
                source=f"fundraising.suspectentity:{entity.pk}",
                due_on=entity.due_on,
                days_overdue=max((as_of - entity.due_on).days, 0),
                detail=_("Step due: %(step)s") % {"step": entity.get_next_step_display()},
            )
        )
    return rows


# -- 7. the tasks the office set itself in its duty register ----------------------------------------


def duty_tasks_overdue(*, actor, as_of: datetime.date, office=None) -> list[OverdueRow]:
    """Each period of a task of the duty register (finsup.worklog: a monthly analysis, a quarterly
    liaison meeting, a meeting's follow-up) not recorded as done by its deadline, under the task's
    own item; the task's office and its responsible person answer for it."""
    scope = _actor_office(actor)
    if scope is None:
        return []
    rows = []
    for task, period in tasks_overdue(actor=actor, as_of=as_of):
        if not _in_scope(task.office, scope, office):
            continue
        rows.append(
            OverdueRow(
                category=Category.DUTY_TASK,
                item_id=task.item,
                office=task.office,
                institution=None,
                record_label=task.title,
                record_url=task.get_absolute_url(),
                source=f"worklog.recurringtask:{task.pk}",
                due_on=period.due_on,
                days_overdue=max((as_of - period.due_on).days, 0),
                person=task.responsible,
                detail=_("Period %(start)s – %(end)s not recorded as done")
                % {"start": period.start.isoformat(), "end": period.end.isoformat()},
            )
        )
    return rows


# -- all of them ----------------------------------------------------------------------------------

SOURCES = (
    overdue_inspections,
    late_filing_reviews,
    rectifications_not_followed_up,
    complaints_past_deadline,
    incidents_not_acknowledged,
    fundraising_steps_overdue,
    duty_tasks_overdue,
)


def overdue_duties(*, actor, as_of: datetime.date | None = None, office=None) -> list[OverdueRow]:
    """Every overdue duty of the offices within the actor's office (only those of `office` if
    given, which must be within it), as of `as_of` (default today): item, office, most overdue
    first. Empty for a user with no office (institutions)."""
    as_of = as_of or clock.today()
    scope = _actor_office(actor)
    if scope is None or (office is not None and not office.path.startswith(scope.path)):
        return []
    rows = [row for source in SOURCES for row in source(actor=actor, as_of=as_of, office=office)]
    return sorted(rows, key=lambda r: (r.item_id, not r.pending, -r.days_overdue, r.office.path, r.record_label))


def visible_offices(*, actor):
    """The offices whose duties the actor may see (for the office filter)."""
    offices = office_scope(actor=actor).order_by("path")
    return offices if _actor_office(actor) is not None else offices.none()


def overdue_summary(rows: Iterable[OverdueRow]) -> list[OfficeSummary]:
    """Counts per office and category (pending and done late), in the order of the office tree."""
    per_office: dict[int, OfficeSummary] = {}
    for row in rows:
        entry = per_office.setdefault(row.office.pk, OfficeSummary(office=row.office))
        counts = entry.pending if row.pending else entry.done_late
        counts[row.category] = counts.get(row.category, 0) + 1
    return sorted(per_office.values(), key=lambda s: s.office.path)


def group_by_item(rows: Iterable[OverdueRow], *, limit: int | None = None, ordered: bool = True) -> list[ItemGroup]:
    """The rows under the responsibility-list item each breaches, with its duty (title and
    accountability basis), in the order of the list (or, `ordered=False`, in the order the rows
    come: a page sorted by another column); at most `limit` rows per item if given."""
    by_item: dict[int, list[OverdueRow]] = defaultdict(list)
    for row in rows:
        by_item[row.item_id].append(row)
    groups = []
    for item_id in sorted(by_item) if ordered else by_item:
        item, listed = duties.item(item_id), by_item[item_id]
        shown = listed if limit is None else listed[:limit]
        groups.append(
            ItemGroup(item=item, duty=duties.duty(item.duty_id), rows=tuple(shown), more=len(listed) - len(shown))
        )
    return groups
