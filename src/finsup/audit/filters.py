import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction
from .labels import same_model_labels
from .models import AuditEntry


class AuditEntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    action = django_filters.ChoiceFilter(label=_("action"), choices=AuditAction.choices, empty_label=_("All"))
    object_type = django_filters.ChoiceFilter(
        label=_("object type"), choices=(), empty_label=_("All"), method="of_type"
    )
    date_from = django_filters.DateFilter(
        label=_("from"),
        field_name="at",
        lookup_expr="date__gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("to"),
        field_name="at",
        lookup_expr="date__lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEntry
        fields = ["q", "action", "object_type", "date_from", "date_to"]

    def __init__(self, *args, object_types=(), **kwargs):
        """object_types: (label, name) of the record types the reader's trail holds."""
        super().__init__(*args, **kwargs)
        self.filters["object_type"].extra["choices"] = list(object_types)

    def search(self, queryset, name, value):
        return queryset.filter(Q(object_repr__icontains=value) | Q(actor_label__icontains=value)) if value else queryset

    def of_type(self, queryset, name, value):
        # A model that moved app keeps its old label on its old entries (labels.py): both are found.
        return queryset.filter(object_type__in=same_model_labels(value)) if value else queryset
