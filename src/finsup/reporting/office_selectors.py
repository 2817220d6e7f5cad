"""Reads of offices' own reports (reporting.office_reports), always from what the actor may see:
an office sees its own filings and those of the offices below it."""

from __future__ import annotations

from django.db.models import QuerySet

from .choices import SubmissionStatus
from .models import Submission


def office_filings(*, actor) -> QuerySet[Submission]:
    return Submission.objects.for_user(actor).filter(institution__isnull=True).select_related("office", "submitted_by")


def office_filing_get(*, actor, pk: int) -> Submission:
    return office_filings(actor=actor).select_related("office__parent", "document").get(pk=pk)


def office_filing_versions(submission: Submission) -> QuerySet[Submission]:
    return Submission.objects.filter(
        institution__isnull=True,
        office_id=submission.office_id,
        report_code=submission.report_code,
        period_end=submission.period_end,
    ).order_by("-version")


def office_filings_below(*, actor) -> QuerySet[Submission]:
    """The current filings of the offices below the actor's office (its review work), newest first."""
    if actor.office_id is None:
        return Submission.objects.none()
    return (
        office_filings(actor=actor)
        .exclude(office=actor.office)
        .filter(office__parent=actor.office)
        .exclude(status=SubmissionStatus.SUPERSEDED)
        .order_by("-submitted_at", "-pk")
    )
