from django import template

from finsup.reporting import catalogue_access, figures

register = template.Library()


@register.filter
def report_name(code: str) -> str:
    """A report code as its Chinese name (the catalogue's data), or the code if unknown."""
    return catalogue_access.report_name(code)


@register.filter
def source_status(code: str) -> str:
    """A rule's status_of_source (V/S/U) in words: how surely its figures were read."""
    from finsup.reporting.choices import SourceStatus

    return SourceStatus(code).label if code in SourceStatus.values else code


@register.filter
def rule_limit_text(rule) -> str:
    """A rule's limit as supervisors read it ("≤ 10%", "≥ 2,000.00 万元", "≤ 10 倍")."""
    from finsup.reporting.replay import limit_text

    return limit_text(rule)


@register.filter
def result_value(result) -> str:
    """A rule result's value in its rule's unit: 0.466505 → "46.65%"."""
    return figures.result_value(result)


@register.filter
def result_limit(result) -> str:
    """A rule result's limit in its rule's unit: "≥ 60%"."""
    return figures.result_limit(result)


@register.filter
def formula_words(rule) -> str:
    """A rule's formula in words: fields and values by their names (reporting.formula_words)."""
    from finsup.reporting.formula_words import formula_in_words

    return formula_in_words(rule)
