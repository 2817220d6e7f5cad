import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from finsup.accounts.selectors import offices_supervising

from .choices import InstitutionKind, InstitutionStatus
from .models import Institution


class InstitutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=InstitutionKind.choices, empty_label=_("All"))
    county = django_filters.ModelChoiceFilter(
        label=_("county"),
        queryset=offices_supervising(),
        to_field_name="code",
        field_name="county",
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(label=_("status"), choices=InstitutionStatus.choices, empty_label=_("All"))

    class Meta:
        model = Institution
        fields = ["q", "kind", "county", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(name__icontains=value) | Q(credit_code__icontains=value.upper())) if value else queryset
        )
