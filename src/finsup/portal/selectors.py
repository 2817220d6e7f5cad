"""Reads for the public portal: published data only.

Every other selector in the platform starts from `Model.objects.for_user(user)`, which yields
nothing for an anonymous visitor. The portal is the one deliberate exception: it asks the owning
apps' unscoped selectors (offices, users, licensed institutions), and in exchange each selector
narrows the rows to what is published and the columns to a fixed public list (`.values()`), so no
private field can reach a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Q

from finsup.accounts.choices import OfficeLevel, Role
from finsup.accounts.selectors import city_office, offices, offices_supervising, users_active
from finsup.institutions.choices import InstitutionKind, InstitutionStatus
from finsup.institutions.selectors import institutions_licensed
from finsup.worklog.account import public_counts

DIRECTORY_PAGE_SIZE = 50
CONTACT_LEVELS = [OfficeLevel.CITY, OfficeLevel.COUNTY, OfficeLevel.ZONE]
# The only institution columns the public directory may show.
PUBLIC_INSTITUTION_COLUMNS = ("name", "kind", "county__short_name", "status", "credit_code", "approved_on")


@dataclass(frozen=True)
class PublicInstitution:
    name: str
    kind: str
    kind_label: str
    county: str
    status: str
    status_label: str
    credit_code: str
    approved_on: date


@dataclass(frozen=True)
class LeadSupervisorContact:
    name: str
    work_phone: str


@dataclass(frozen=True)
class OfficeContact:
    code: str
    name: str
    level: str
    supervision_phone: str
    address: str
    lead_supervisors: list[LeadSupervisorContact] = field(default_factory=list)


def licensed_institution_page(
    *,
    name: str | None = None,
    kind: str | None = None,
    county_code: str | None = None,
    page_number: str | int | None = 1,
) -> Page:
    """One page of the public directory; institutions preparing or revoked are never listed.
    `name`: part of the name, or the whole credit code, as a citizen types it."""
    # Public exception to for_user(): licensed rows only, public columns only.
    rows = institutions_licensed()
    if kind:
        rows = rows.filter(kind=kind)
    if county_code:
        rows = rows.filter(county__code=county_code)
    if name:
        rows = rows.filter(Q(name__icontains=name) | Q(credit_code=name.upper()))
    rows = rows.order_by("county__code", "kind", "name", "pk").values(*PUBLIC_INSTITUTION_COLUMNS)
    page = Paginator(rows, DIRECTORY_PAGE_SIZE).get_page(page_number)
    page.object_list = [_public_institution(row) for row in page.object_list]
    return page


def _public_institution(row: dict) -> PublicInstitution:
    return PublicInstitution(
        name=row["name"],
        kind=row["kind"],
        kind_label=str(InstitutionKind(row["kind"]).label),
        county=row["county__short_name"],
        status=row["status"],
        status_label=str(InstitutionStatus(row["status"]).label),
        credit_code=row["credit_code"],
        approved_on=row["approved_on"],
    )


def directory_county_choices() -> list[tuple[str, str]]:
    """(code, short name) of the counties and zones, for the directory filter."""
    return list(offices_supervising().order_by("path").values_list("code", "short_name"))


def office_contact_list() -> list[OfficeContact]:
    """The city office, then the counties and zones, each with its lead supervisors' work contacts."""
    # Public exception to for_user(): offices are public reference data; of staff, only lead
    # supervisors' display name and work phone are published (the source requires it).
    contacts = (
        offices()
        .filter(level__in=CONTACT_LEVELS)
        .order_by("path")
        .values("id", "code", "name", "level", "supervision_phone", "address")
    )
    supervisors: dict[int, list[LeadSupervisorContact]] = {}
    staff = (
        users_active(role=Role.LEAD_SUPERVISOR, office__level__in=CONTACT_LEVELS)
        .order_by("display_name", "pk")
        .values("office_id", "display_name", "work_phone")
    )
    for person in staff:
        supervisors.setdefault(person["office_id"], []).append(
            LeadSupervisorContact(name=person["display_name"], work_phone=person["work_phone"])
        )
    return [
        OfficeContact(
            code=o["code"],
            name=o["name"],
            level=o["level"],
            supervision_phone=o["supervision_phone"],
            address=o["address"],
            lead_supervisors=supervisors.get(o["id"], []),
        )
        for o in contacts
    ]


def duty_work_counts(*, year: int) -> dict[int, dict[str, int]]:
    """Per item of the responsibility list, the work records of the year of the city office and every
    office under it (counts only, never their text: the public sees what was done, not the records)."""
    try:
        city = city_office()
    except ObjectDoesNotExist:  # the office tree is not set up yet: nothing to count
        return {}
    return public_counts(offices_path=city.path, year=year)
