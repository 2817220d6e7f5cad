from django.db.models import Q, QuerySet

from .models import AuditEntry


def audit_entry_list(*, actor, filters) -> QuerySet[AuditEntry]:
    """The trail an auditor may read: entries about their office's subtree (the city sees all
    of its counties), plus their own office's logins. Institution users never see it."""
    if not actor.office_id:
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.filter(Q(office_path__startswith=actor.office.path)).select_related("actor")
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    if filters.get("q"):
        qs = qs.filter(Q(object_repr__icontains=filters["q"]) | Q(actor_label__icontains=filters["q"]))
    if filters.get("date_from"):
        qs = qs.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(at__date__lte=filters["date_to"])
    return qs.order_by("-seq")
