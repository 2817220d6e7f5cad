import django_filters
from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from finsup.accounts.selectors import offices_supervising
from finsup.institutions.choices import InstitutionKind

from .choices import (
    BREACH_SOURCES,
    LEVEL_ORDER,
    TO_ANSWER,
    JustificationStatus,
    WarningLevel,
    WarningSource,
    WarningStatus,
)
from .models import RiskWarning

NOT_CLOSED = "active"
ANY_STATUS = "all"
TO_ANSWER_CHOICE = "to_answer"


def level_rank():
    """A warning's level as a number to sort on (the list kit's "level" column)."""
    return Case(
        *(When(level=level, then=Value(rank)) for level, rank in LEVEL_ORDER.items()),
        output_field=IntegerField(),
    )


class WarningFilter(django_filters.FilterSet):
    """The warnings list toolbar. Without a status in the query, only warnings still being worked
    on (open, acknowledged, in rectification) are listed."""

    q = django_filters.CharFilter(label=_("Institution name"), field_name="institution__name", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(
        label=_("status"),
        method="by_status",
        empty_label=None,
        choices=[(NOT_CLOSED, _("Not closed")), (ANY_STATUS, _("All")), *WarningStatus.choices],
    )
    level = django_filters.ChoiceFilter(label=_("level"), choices=WarningLevel.choices, empty_label=_("All"))
    source = django_filters.ChoiceFilter(label=_("source"), choices=WarningSource.choices, empty_label=_("All"))
    answer = django_filters.ChoiceFilter(
        label=_("justification"),
        method="by_answer",
        choices=[(TO_ANSWER_CHOICE, _("To be justified")), *JustificationStatus.choices],
        empty_label=_("All"),
    )
    county = django_filters.ModelChoiceFilter(
        label=_("county"),
        queryset=offices_supervising(),
        to_field_name="code",
        field_name="institution__county",
        empty_label=_("All"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("kind"), field_name="institution__kind", choices=InstitutionKind.choices, empty_label=_("All")
    )
    mine = django_filters.BooleanFilter(label=_("Assigned to me"), method="assigned_to_me", widget=forms.CheckboxInput)

    class Meta:
        model = RiskWarning
        fields = ["q", "status", "level", "source", "answer", "county", "kind", "mine"]

    def __init__(self, data=None, *args, actor=None, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", NOT_CLOSED)
        super().__init__(data, *args, **kwargs)
        self.actor = actor

    def by_status(self, queryset, name, value):
        if value == ANY_STATUS:
            return queryset
        if value == NOT_CLOSED:
            return queryset.exclude(status=WarningStatus.CLOSED)
        return queryset.filter(status=value)

    def by_answer(self, queryset, name, value):
        if value == TO_ANSWER_CHOICE:
            return queryset.filter(source__in=BREACH_SOURCES, justification_status__in=TO_ANSWER)
        return queryset.filter(source__in=BREACH_SOURCES, justification_status=value)

    def assigned_to_me(self, queryset, name, value):
        return queryset.filter(assigned_to=self.actor) if value and self.actor is not None else queryset


class BreachFilter(WarningFilter):
    """An institution's list of its own breaches: by status, justification and source only (it has
    one institution, one county and no assignment)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("q", "county", "kind", "mine"):
            del self.filters[name]
        self.filters["source"].extra["choices"] = [(s.value, s.label) for s in BREACH_SOURCES]
