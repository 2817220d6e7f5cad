from django import template

from finsup.reporting import catalogue_access

register = template.Library()


@register.filter
def report_name(code: str) -> str:
    """A report code as its Chinese name (the catalogue's data), or the code if unknown."""
    report = catalogue_access.catalogue().get(code)
    return report.name_zh if report else code
