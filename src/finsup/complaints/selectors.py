"""Reads of complaints and tip-offs, always starting from what the acting user may see; the
public reads (by tracking code) return only what may be published."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from finsup.core import clock

from . import codes
from .choices import OPEN_STATUSES, ComplaintStatus
from .models import Complaint

# status → (timestamp the deadline runs from, setting key of the days allowed)
_DEADLINES = {
    ComplaintStatus.RECEIVED: ("received_at", "accept"),
    ComplaintStatus.ACCEPTED: ("accepted_at", "investigate"),
    ComplaintStatus.INVESTIGATING: ("accepted_at", "result"),
}


def complaint_deadline(complaint: Complaint) -> datetime.datetime | None:
    """When the current step is due (computed from the dates, never stored)."""
    rule = _DEADLINES.get(complaint.status)
    if rule is None:
        return None
    start = getattr(complaint, rule[0])
    return start + datetime.timedelta(days=settings.FINSUP_COMPLAINT_DEADLINE_DAYS[rule[1]]) if start else None


def _overdue_q(now: datetime.datetime) -> Q:
    q = Q(pk__in=[])
    for status, (field, key) in _DEADLINES.items():
        days = settings.FINSUP_COMPLAINT_DEADLINE_DAYS[key]
        q |= Q(status=status, **{f"{field}__lt": now - datetime.timedelta(days=days)})
    return q


def complaint_list(*, actor, filters=None) -> QuerySet[Complaint]:
    filters = filters or {}
    qs = Complaint.objects.for_user(actor).select_related("institution", "office", "assigned_to")
    if filters.get("status") in ComplaintStatus.values:
        qs = qs.filter(status=filters["status"])
    elif filters.get("open"):
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.get("fundraising"):
        qs = qs.filter(illegal_fundraising=True)
    if filters.get("overdue"):
        qs = qs.filter(_overdue_q(clock.now()))
    if filters.get("mine"):
        qs = qs.filter(assigned_to=actor)
    return qs


def assigned_counts(*, actor) -> tuple[int, int]:
    """(the actor's open complaints, how many of the actor's complaints are past their deadline),
    in one query."""
    counts = complaint_list(actor=actor, filters={"mine": 1}).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)), overdue=Count("pk", filter=_overdue_q(clock.now()))
    )
    return counts["open"], counts["overdue"]


def complaints_overdue(*, actor, now: datetime.datetime | None = None) -> QuerySet[Complaint]:
    """Complaints whose current step is past its deadline (FINSUP_COMPLAINT_DEADLINE_DAYS)."""
    return Complaint.objects.for_user(actor).filter(_overdue_q(now or clock.now())).order_by("received_at")


def complaint_get(*, actor, pk: int) -> Complaint:
    """The complaint if the actor may see it; Complaint.DoesNotExist otherwise."""
    return Complaint.objects.for_user(actor).select_related("institution", "office", "assigned_to").get(pk=pk)


def complaint_history(*, complaint: Complaint):
    return complaint.steps.select_related("by").order_by("at", "pk")


@dataclass(frozen=True)
class PublicComplaint:
    """What the complainant (or anyone holding the code) sees: no identity, no notes, no text."""

    tracking_code: str
    kind_label: str
    status: str
    status_label: str
    received_on: datetime.date
    published_result: str
    published_at: datetime.datetime | None


def public_complaint_by_code(code: str) -> PublicComplaint | None:
    normalised = codes.normalise(code)
    if not normalised:
        return None
    c = Complaint.objects.filter(tracking_code=normalised).first()
    if c is None:
        return None
    published = c.status == ComplaintStatus.PUBLISHED
    return PublicComplaint(
        tracking_code=c.tracking_code,
        kind_label=str(c.get_kind_display()),
        status=c.status,
        status_label=str(c.get_status_display()),
        received_on=timezone.localdate(c.received_at),
        published_result=c.published_result if published else "",
        published_at=c.published_at if published else None,
    )


def complaint_period_counts(*, office, start: datetime.datetime, end: datetime.datetime) -> dict[str, int]:
    """Complaints and tip-offs handled within the office from ``start`` to before ``end``: received,
    result recorded; and those still open now (a system read for the office's own reports: no actor)."""
    within = Complaint.objects.filter(office__path__startswith=office.path)
    return {
        "received": within.filter(received_at__gte=start, received_at__lt=end).count(),
        "resolved": within.filter(resolved_at__gte=start, resolved_at__lt=end).count(),
        "open_now": within.filter(status__in=OPEN_STATUSES).count(),
    }
