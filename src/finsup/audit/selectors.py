from django.db.models import Q, QuerySet

from finsup.accounts.choices import OfficeLevel

from .filters import AuditEntryFilter
from .models import AuditEntry
from .presentation import object_type_choices


def audit_entry_list(*, actor, filters) -> tuple[QuerySet[AuditEntry], AuditEntryFilter]:
    """The trail a staff member may read: entries about their office's subtree (the city sees
    all of its counties, and system-wide events). Institution users never see it."""
    if not actor.office_id:
        base = AuditEntry.objects.none()
    else:
        scope = Q(office_path__startswith=actor.office.path)
        if actor.office.level in (OfficeLevel.CITY, OfficeLevel.PROVINCE):
            scope |= Q(office_path="")  # events tied to no office: failed logins, system commands
        base = AuditEntry.objects.filter(scope).select_related("actor")
    types = object_type_choices(base.order_by().values_list("object_type", flat=True).distinct())
    filterset = AuditEntryFilter(filters, queryset=base.order_by("-seq"), object_types=types)
    return (filterset.qs if filterset.is_valid() else base.none()), filterset
