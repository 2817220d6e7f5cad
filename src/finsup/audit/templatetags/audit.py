from django import template

from finsup.audit import presentation

register = template.Library()


@register.filter
def readable(entries) -> list:
    """Audit entries with their record types named and their changes read (one query per related model)."""
    return presentation.readable(entries)
