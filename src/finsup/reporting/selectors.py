"""Reads of filings, always from what the acting user may see."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, can
from finsup.accounts.selectors import offices_supervising

from . import catalogue_access as cat
from .choices import COUNTED_STATUSES, RuleStage, SubmissionStatus
from .models import RuleResult, Submission
from .periods import MONTHS_PER_PERIOD, parse_period


def _report_choices():
    return [(r.code, r.name_zh) for r in cat.catalogue()]


class SubmissionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=SubmissionStatus.choices, empty_label=_("All"))
    report = django_filters.ChoiceFilter(
        label=_("report"), field_name="report_code", choices=_report_choices, empty_label=_("All")
    )
    county = django_filters.ModelChoiceFilter(
        label=_("county"),
        field_name="office",
        queryset=offices_supervising(),
        to_field_name="code",
        empty_label=_("All"),
    )
    period_from = django_filters.DateFilter(
        label=_("periods ending from"),
        field_name="period_end",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    q = django_filters.CharFilter(label=_("institution"), field_name="institution__name", lookup_expr="icontains")

    class Meta:
        model = Submission
        fields = ["status", "report", "county", "period_from", "q"]


def default_queue_status(actor) -> str:
    """What waits for the actor: county offices accept submitted filings, the city confirms."""
    if actor.is_institution_user or actor.office is None:
        return ""
    if actor.office.level in (OfficeLevel.CITY, OfficeLevel.PROVINCE):
        return SubmissionStatus.ACCEPTED
    return SubmissionStatus.SUBMITTED


def bulk_review_step(*, actor, status: str) -> str:
    """The review step the actor may take on many filings of a list filtered by `status`:
    "accept" for submitted filings (county and city offices), "confirm" for accepted ones (the
    city); "" otherwise."""
    if actor.is_institution_user or actor.office is None or not can(actor, Action.FILING_REVIEW):
        return ""
    level = actor.office.level
    if status == SubmissionStatus.SUBMITTED and level in (OfficeLevel.COUNTY, OfficeLevel.ZONE, OfficeLevel.CITY):
        return "accept"
    if status == SubmissionStatus.ACCEPTED and level in (OfficeLevel.CITY, OfficeLevel.PROVINCE):
        return "confirm"
    return ""


def submissions_selected(*, actor, pks: list[int]) -> list[Submission]:
    """The filings of `pks` the actor may see, in the order given; Submission.DoesNotExist if any
    is not (out of reach and unknown alike)."""
    found = (
        Submission.objects.for_user(actor)
        .filter(institution__isnull=False)
        .select_related("institution__county", "office")
        .in_bulk(pks)
    )
    if len(found) != len(set(pks)):
        raise Submission.DoesNotExist
    return [found[pk] for pk in dict.fromkeys(pks)]


def review_waiting(*, actor) -> tuple[str, QuerySet[Submission]]:
    """The status the actor's office acts on and the filings waiting in it (none for institutions)."""
    status = default_queue_status(actor)
    # An office's own reports have their own review (reporting.office_reports).
    waiting = (
        Submission.objects.for_user(actor).filter(status=status, institution__isnull=False)
        if status
        else Submission.objects.none()
    )
    return status, waiting


def submission_list(*, actor, filters) -> tuple[QuerySet[Submission], SubmissionFilter]:
    base = (
        Submission.objects.for_user(actor)
        .filter(institution__isnull=False)  # an office's own reports are listed with office_reports
        .select_related("institution", "office", "submitted_by")
    )
    filterset = SubmissionFilter(filters, queryset=base)
    qs = filterset.qs if filterset.is_valid() else base.none()
    return qs.order_by("-submitted_at", "-pk"), filterset


def submission_get(*, actor, pk: int) -> Submission:
    return (
        Submission.objects.for_user(actor)
        .filter(institution__isnull=False)
        .select_related("institution__county", "office", "submitted_by")
        .get(pk=pk)
    )


def submission_versions(submission: Submission) -> QuerySet[Submission]:
    return Submission.objects.filter(
        institution_id=submission.institution_id,
        office_id=submission.office_id,
        report_code=submission.report_code,
        period_end=submission.period_end,
    ).order_by("-version")


def submission_api_list(*, actor, report: str | None = None, period: str | None = None, status: str | None = None):
    """The actor's filings, newest period first, filtered by report code, period label and status."""
    qs = (
        Submission.objects.for_user(actor)
        .select_related("institution")
        .order_by("-period_end", "report_code", "-version")
    )
    if report:
        qs = qs.filter(report_code=report)
    if period:
        found = _period_of_label(period)
        qs = qs.filter(period_start=found.start, period_end=found.end) if found else qs.none()
    if status:
        qs = qs.filter(status=status)
    return qs


def _period_of_label(label: str):
    for frequency in MONTHS_PER_PERIOD:
        try:
            return parse_period(label, frequency)
        except (ValueError, KeyError, OverflowError):
            continue
    return None


def institution_filings(*, actor, institution, limit: int = 24) -> QuerySet[Submission]:
    """The institution's current filings, newest period first, with their count of breaches (of rules
    in force, not those in test)."""
    from django.db.models import Count, Q

    breach = Q(rule_results__current=True, rule_results__passed=False, rule_results__stage=RuleStage.ACTIVE)
    return (
        Submission.objects.for_user(actor)
        .filter(institution=institution)
        .exclude(status=SubmissionStatus.SUPERSEDED)
        .annotate(breaches=Count("rule_results", filter=breach))
        .order_by("-period_end", "report_code")[:limit]
    )


# The review steps of filings against the days the office allows itself (accountability.overdue).
# A county's own reports (no institution) have no review step.


def _reviewable(actor) -> QuerySet[Submission]:
    return Submission.objects.for_user(actor).filter(institution__isnull=False)


def filings_awaiting_county_review(*, actor, submitted_before) -> QuerySet[Submission]:
    """Filings still submitted (the county accepts or returns them), filed before `submitted_before`."""
    return _reviewable(actor).filter(status=SubmissionStatus.SUBMITTED, submitted_at__lt=submitted_before)


def filings_awaiting_city_confirmation(*, actor, accepted_before) -> QuerySet[Submission]:
    """Filings accepted by the county before `accepted_before` and not yet confirmed by the city (for
    an accepted filing, status_changed_at is when the county accepted it)."""
    return _reviewable(actor).filter(status=SubmissionStatus.ACCEPTED, status_changed_at__lt=accepted_before)


def _review_events(actor, since, until):
    from .models import SubmissionEvent

    return SubmissionEvent.objects.filter(submission__in=_reviewable(actor), at__gte=since, at__lt=until)


def filing_reviews_later_than(*, actor, allowed, since, until):
    """The county's steps (accept, return) taken in [since, until) more than `allowed` (a timedelta)
    after the filing: a superset of those late by date, which the caller compares."""
    from django.db.models import F

    from .choices import SubmissionAction

    return _review_events(actor, since, until).filter(
        action__in=[SubmissionAction.ACCEPT, SubmissionAction.RETURN],
        at__gt=F("submission__submitted_at") + allowed,
    )


def filing_confirmations_later_than(*, actor, allowed, since, until):
    """The city's confirmations in [since, until) more than `allowed` after the county's first
    acceptance, annotated with `accepted_at` (a superset of those late by date, as above)."""
    from django.db.models import F, OuterRef, Subquery

    from .choices import SubmissionAction
    from .models import SubmissionEvent

    accepted_at = (
        SubmissionEvent.objects.filter(submission=OuterRef("submission"), action=SubmissionAction.ACCEPT)
        .order_by("at")
        .values("at")[:1]
    )
    return (
        _review_events(actor, since, until)
        .filter(action=SubmissionAction.CONFIRM)
        .annotate(accepted_at=Subquery(accepted_at))
        .filter(at__gt=F("accepted_at") + allowed)
    )


# --- For other apps: the filings that count, read here rather than by filtering our table ---------


def counted_filings(**filters) -> QuerySet[Submission]:
    """The filings that count (accepted or confirmed), narrowed by ``filters`` (field lookups of a
    filing). A system read, for evaluation, the annual review and the like: no actor."""
    return Submission.objects.filter(status__in=COUNTED_STATUSES, **filters)


def counted_rule_results(*, actor, institution) -> QuerySet[RuleResult]:
    """The current rule results of the institution's counted filings that the actor may see."""
    return RuleResult.objects.for_user(actor).filter(
        current=True, submission__institution=institution, submission__status__in=COUNTED_STATUSES
    )


def counted_active_results_of_year(*, institution, year: int) -> QuerySet[RuleResult]:
    """The current results of rules in force (not in test) on the institution's counted filings of the
    year (a system read for the ratings: no actor)."""
    return RuleResult.objects.filter(
        current=True,
        stage=RuleStage.ACTIVE,
        submission__institution=institution,
        submission__status__in=COUNTED_STATUSES,
        submission__period_end__year=year,
    )


def filings_of(*, actor, institution) -> QuerySet[Submission]:
    """Every version of the institution's filings the actor may see, in no particular order."""
    return Submission.objects.for_user(actor).filter(institution=institution)


def office_reports_filed(*, actor) -> QuerySet[Submission]:
    """The reports offices filed themselves (no institution) that the actor may see, current versions
    only (not superseded, not returned): what an office may send on to the province."""
    return (
        Submission.objects.for_user(actor)
        .filter(institution__isnull=True)
        .exclude(status__in=[SubmissionStatus.SUPERSEDED, SubmissionStatus.RETURNED])
        .select_related("office")
    )
