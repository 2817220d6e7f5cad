"""Reads of the registry, always starting from what the acting user may see."""

from django.db.models import QuerySet

from finsup.audit.models import AuditEntry

from .filters import InstitutionFilter
from .models import Institution


def institution_list(*, actor, filters) -> tuple[QuerySet[Institution], InstitutionFilter]:
    base = Institution.objects.for_user(actor).select_related("county", "lead_supervisor")
    filterset = InstitutionFilter(filters, queryset=base)
    qs = filterset.qs if filterset.is_valid() else base.none()
    return qs, filterset


def institution_get(*, actor, pk: int) -> Institution:
    """The institution if the actor may see it; Institution.DoesNotExist otherwise."""
    return Institution.objects.for_user(actor).select_related("county", "lead_supervisor").get(pk=pk)


def institution_history(*, institution: Institution, limit: int = 50) -> QuerySet[AuditEntry]:
    """Audit entries about the institution and its rows (shareholders, key persons …)."""
    return AuditEntry.objects.filter(subject=institution.audit_subject).select_related("actor")[:limit]
