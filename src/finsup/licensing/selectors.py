"""Reads of the licensing app, always starting from what the acting user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from finsup.institutions.choices import ApprovalStatus
from finsup.institutions.selectors import key_persons_by_id_hash, key_persons_of

from .choices import APPROVAL_KINDS, ApplicationStatus, ApplicationType, province_decides
from .models import AnnualReview, Application, ApplicationDocument, ApplicationEvent

if TYPE_CHECKING:
    from finsup.institutions.models import Institution, KeyPerson


def review_list(*, actor, year: int | None = None, outcome: str = "") -> QuerySet[AnnualReview]:
    qs = AnnualReview.objects.for_user(actor).select_related("institution__county")
    if year:
        qs = qs.filter(year=year)
    if outcome:
        qs = qs.filter(outcome=outcome)
    return qs


def review_get(*, actor, pk: int) -> AnnualReview:
    return AnnualReview.objects.for_user(actor).select_related("institution__county", "concluded_by").get(pk=pk)


def application_list(*, actor, status: str = "") -> QuerySet[Application]:
    qs = Application.objects.for_user(actor).select_related("institution", "county")
    if status == "open":
        qs = qs.exclude(status__in=[ApplicationStatus.APPROVED, ApplicationStatus.REFUSED])
    elif status:
        qs = qs.filter(status=status)
    return qs


def application_get(*, actor, pk: int) -> Application:
    return Application.objects.for_user(actor).select_related("institution__county", "county", "filed_by").get(pk=pk)


def applications_overdue(*, actor, as_of: datetime.date) -> list[Application]:
    """Applications whose current step has passed its deadline on `as_of`."""
    return [a for a in application_list(actor=actor, status="open") if a.step_overdue(as_of)]


def registry_changes(*, actor, institution: Institution) -> QuerySet[Application]:
    """Approved change and termination applications of the institution, with their effective dates."""
    return (
        Application.objects.for_user(actor)
        .filter(institution=institution, status=ApplicationStatus.APPROVED)
        .exclude(type=ApplicationType.ESTABLISH)
        .order_by("-effective_on", "-id")
    )


@dataclass(frozen=True)
class PersonFlags:
    person: KeyPerson
    needs_approval: bool
    serving_elsewhere: int  # other institutions where the same ID number is in office
    refused_before: bool  # refused at this or another institution, in another appointment


def fit_and_proper_register(*, institution: Institution, as_of: datetime.date) -> list[PersonFlags]:
    """The institution's people with their approval status and flags. The match by ID-number hash
    runs over the whole registry (a person may serve elsewhere, outside the actor's jurisdiction);
    only counts and a yes/no leave this function, never the other institutions' rows."""
    people = list(key_persons_of(institution=institution).order_by("position", "name"))
    hashes = {p.id_number_hash for p in people if p.id_number_hash}
    others = list(
        key_persons_by_id_hash(hashes).values(
            "pk", "id_number_hash", "institution_id", "approval_status", "left_office_on"
        )
    )
    out = []
    for p in people:
        same = [o for o in others if o["id_number_hash"] == p.id_number_hash and o["pk"] != p.pk]
        serving = {
            o["institution_id"]
            for o in same
            if o["institution_id"] != p.institution_id and (o["left_office_on"] is None or o["left_office_on"] > as_of)
        }
        refused = any(o["approval_status"] == ApprovalStatus.REFUSED for o in same)
        out.append(
            PersonFlags(
                person=p,
                needs_approval=institution.kind in APPROVAL_KINDS,
                serving_elsewhere=len(serving) if _in_office(p, as_of) else 0,
                refused_before=refused,
            )
        )
    return out


def _in_office(p: KeyPerson, as_of: datetime.date) -> bool:
    return p.left_office_on is None or p.left_office_on > as_of


def application_next_steps(*, actor, application: Application) -> list[str]:
    """The statuses the actor may move the application to now (the service checks again)."""
    from finsup.accounts.choices import OfficeLevel
    from finsup.accounts.policies import Action, can

    from .choices import ALLOWED_TRANSITIONS, STEP_OFFICE

    status = application.status
    if status not in STEP_OFFICE or actor.is_institution_user or actor.office is None:
        return []
    deciding = status in (ApplicationStatus.CITY_PASSED, ApplicationStatus.FORWARDED)
    if not can(actor, Action.APPLICATION_DECIDE if deciding else Action.APPLICATION_REVIEW):
        return []
    if STEP_OFFICE[status] == "county" and actor.office_id != application.county_id:
        return []
    if STEP_OFFICE[status] == "city" and actor.office.level != OfficeLevel.CITY:
        return []
    if STEP_OFFICE[status] == "province" and actor.office.level != OfficeLevel.PROVINCE:
        return []
    allowed = set(ALLOWED_TRANSITIONS[status])
    if status == ApplicationStatus.CITY_PASSED and province_decides(
        application.type, application.kind, application.change_kinds
    ):
        allowed.discard(ApplicationStatus.APPROVED)  # the province decides: the city forwards or refuses
    order = list(ApplicationStatus.values)
    return sorted(allowed, key=order.index)


def applications_visible(*, actor, pks) -> set[int]:
    """The applications of `pks` the actor may open (for the registry's history of decisions)."""
    from finsup.accounts.policies import Action, can

    if not can(actor, Action.LICENSING_VIEW):
        return set()
    return set(Application.objects.for_user(actor).filter(pk__in=list(pks)).values_list("pk", flat=True))


def province_decision(*, application: Application) -> ApplicationEvent | None:
    """The step in which the provincial office decided the forwarded application (None before)."""
    return (
        application.events.filter(from_status=ApplicationStatus.FORWARDED)
        .select_related("by__office")
        .order_by("at", "id")
        .last()
    )


# --- For the archive (finsup.archives, through licensing/archiving.py) ------------------------------

DECIDED = (ApplicationStatus.APPROVED, ApplicationStatus.REFUSED)


def application_for_archive(*, pk: int, lock: bool = False) -> Application | None:
    """The application with its county office (a system read: the archive checks the actor), its
    row locked for the caller's transaction when `lock`."""
    qs = Application.objects.select_related("county", "institution")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.filter(pk=pk).first()


def application_decided_at(*, application: Application) -> datetime.datetime | None:
    """When the application was approved or refused (its last step), None while undecided."""
    if application.status not in DECIDED:
        return None
    event = ApplicationEvent.objects.filter(application=application, to_status=application.status).last()
    return event.at if event is not None else None


def application_files(*, application: Application) -> QuerySet[ApplicationDocument]:
    return ApplicationDocument.objects.filter(application=application).order_by("uploaded_at", "id")


def application_visible(*, actor, pk: int) -> bool:
    return Application.objects.for_user(actor).filter(pk=pk).exists()


def annual_review_counts(*, office, year: int, kind: str) -> dict[str, int]:
    """The annual reviews of the year of the institutions of ``kind`` within the office: opened,
    concluded, and concluded by outcome (a system read for the office's reports: no actor)."""
    from .choices import ReviewOutcome, ReviewStatus

    reviews = AnnualReview.objects.filter(
        institution__county__path__startswith=office.path, institution__kind=kind, year=year
    )
    concluded = reviews.filter(status=ReviewStatus.CONCLUDED)
    return {
        "opened": reviews.count(),
        "concluded": concluded.count(),
        **{o.value: concluded.filter(outcome=o).count() for o in ReviewOutcome},
    }
