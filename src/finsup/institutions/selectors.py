"""Reads of the registry, always starting from what the acting user may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from finsup.audit.selectors import entries_about

from .choices import LICENSED_STATUSES, InstitutionStatus
from .filters import InstitutionFilter
from .models import DecisionChange, Institution, KeyPerson, RelatedParty, Shareholder

if TYPE_CHECKING:
    from finsup.audit.models import AuditEntry

RATIO_PLACES = Decimal("1E-10")


def institution_list(*, actor, filters) -> tuple[QuerySet[Institution], InstitutionFilter]:
    base = Institution.objects.for_user(actor).select_related("county", "lead_supervisor")
    filterset = InstitutionFilter(filters, queryset=base)
    qs = filterset.qs if filterset.is_valid() else base.none()
    return qs, filterset


def institution_get(*, actor, pk: int) -> Institution:
    """The institution if the actor may see it; Institution.DoesNotExist otherwise."""
    return Institution.objects.for_user(actor).select_related("county", "lead_supervisor").get(pk=pk)


def institution_choices(*, actor) -> QuerySet[Institution]:
    """The institutions the actor may see, by name (for a form's choice)."""
    return Institution.objects.for_user(actor).order_by("name")


def institution_history(*, institution: Institution, limit: int = 50) -> QuerySet[AuditEntry]:
    """Audit entries about the institution and its rows (shareholders, key persons …)."""
    return entries_about(subject=institution.audit_subject, limit=limit)


def decision_changes(*, actor, institution: Institution) -> QuerySet[DecisionChange]:
    """The changes decisions made to the institution's registry entry, latest first."""
    return (
        DecisionChange.objects.for_user(actor)
        .filter(institution=institution)
        .select_related("recorded_by")
        .order_by("-effective_on", "-recorded_at", "-id")
    )


# -- Shareholdings as the limits on "a shareholder with its related parties" count them -----


@dataclass(frozen=True)
class Holding:
    """A shareholder alone, or a related shareholder group counted as one."""

    name: str
    members: tuple[str, ...]
    subscribed_capital: Decimal  # yuan
    stake: Decimal  # percent, as recorded


def holdings(shareholders: Iterable[Shareholder]) -> list[Holding]:
    """Each related shareholder group as one holding, every other shareholder alone; largest first."""
    grouped: dict[object, list[Shareholder]] = defaultdict(list)
    for holder in shareholders:
        grouped[("group", holder.related_group_id) if holder.related_group_id else ("alone", holder.pk)].append(holder)
    out = [
        Holding(
            name=members[0].related_group.name if members[0].related_group_id else members[0].name,
            members=tuple(m.name for m in members),
            subscribed_capital=sum((m.subscribed_capital for m in members), Decimal(0)),
            stake=sum((m.stake for m in members), Decimal(0)),
        )
        for members in grouped.values()
    ]
    return sorted(out, key=lambda h: (-h.subscribed_capital, h.name))


def largest_holding_stakes(institution_ids: Iterable[int]) -> dict[int, Decimal]:
    """Per institution: the subscribed capital of its largest shareholder together with its related
    parties (its related shareholder group), over the registered capital, as a ratio truncated to 10
    places as the rule engine divides. Institutions without shareholders or capital are absent.
    One query, for the evaluation of a batch of filings (a system read: no actor)."""
    totals: dict[int, dict[object, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    capital: dict[int, Decimal] = {}
    rows = Shareholder.objects.filter(institution_id__in=set(institution_ids)).values_list(
        "institution_id", "related_group_id", "pk", "subscribed_capital", "institution__registered_capital"
    )
    for inst_id, group_id, pk, subscribed, registered in rows:
        totals[inst_id][("group", group_id) if group_id else ("alone", pk)] += subscribed
        capital[inst_id] = registered
    return {
        inst_id: (max(by_holding.values()) / capital[inst_id]).quantize(RATIO_PLACES, rounding=ROUND_DOWN)
        for inst_id, by_holding in totals.items()
        if capital[inst_id]
    }


# -- For other apps: the registry read through its selectors, never its models ---------------


def institutions_by_credit_code(codes: Iterable[str]) -> QuerySet[Institution]:
    """The institutions of these credit codes (a system read for commands and the loan inbox: no actor)."""
    return Institution.objects.filter(credit_code__in=list(codes))


def institution_scope(*, actor) -> QuerySet[Institution]:
    """Every institution the actor may see, to be narrowed by the caller."""
    return Institution.objects.for_user(actor)


def key_person_scope(*, actor) -> QuerySet[KeyPerson]:
    """Every key person (director, supervisor, executive) the actor may see, to be narrowed by the caller."""
    return KeyPerson.objects.for_user(actor)


def key_persons_of(*, institution: Institution) -> QuerySet[KeyPerson]:
    """The institution's key persons, past and present (a system read: no actor)."""
    return KeyPerson.objects.filter(institution=institution)


def key_persons_by_id_hash(hashes: Iterable[str]) -> QuerySet[KeyPerson]:
    """The key persons of the whole registry with these ID-number hashes, wherever they serve (a system
    read for the fit-and-proper flags: what leaves the caller must be counts, never the rows)."""
    return KeyPerson.objects.filter(id_number_hash__in=list(hashes))


def institution_by_id(pk: int) -> Institution:
    """The institution (a system read, for what other procedures set in motion: no actor);
    Institution.DoesNotExist when there is none."""
    return Institution.objects.get(pk=pk)


def all_institutions() -> QuerySet[Institution]:
    """Every institution of the registry, to be narrowed by the caller (a system read for the daily
    jobs, evaluation and exports: no actor)."""
    return Institution.objects.all()


def institutions_under(*, office) -> QuerySet[Institution]:
    """The institutions supervised within the office (its county or any below it; a system read: no actor)."""
    return Institution.objects.filter(county__path__startswith=office.path)


def institution_lock(*, pk: int) -> Institution:
    """The institution's row, locked until the caller's transaction ends (e.g. one filer at a time)."""
    return Institution.objects.select_for_update().get(pk=pk)


def institutions_operating() -> QuerySet[Institution]:
    """The institutions in operation (public knowledge: the portal's forms list them; no actor)."""
    return Institution.objects.filter(status=InstitutionStatus.OPERATING)


def institutions_licensed() -> QuerySet[Institution]:
    """The institutions holding a licence (public knowledge: the portal's directory; no actor)."""
    return Institution.objects.filter(status__in=LICENSED_STATUSES)


def relations_of(institution_ids: Iterable[int]) -> dict[str, QuerySet]:
    """What the registry says about the institutions' owners, people and related parties (a system
    read for the relation graph: no actor): shareholders with their declared groups, the key persons
    in office or not, and the declared related parties."""
    ids = list(institution_ids)
    return {
        "shareholders": Shareholder.objects.filter(institution_id__in=ids).select_related("related_group"),
        "key_persons": KeyPerson.objects.filter(institution_id__in=ids),
        "related_parties": RelatedParty.objects.filter(institution_id__in=ids),
    }


def enterprise_names() -> list[tuple[str, str]]:
    """(name, credit code) of every institution and enterprise shareholder of the registry (a system
    read for matching names that come without their code: no actor)."""
    holders = Shareholder.objects.exclude(credit_code="").values_list("name", "credit_code")
    return [*Institution.objects.values_list("name", "credit_code"), *holders]
