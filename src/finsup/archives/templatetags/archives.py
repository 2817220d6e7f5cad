"""{% archive_panel "inspection" inspection.pk %} on a matter's page: its archive number and a link
once archived, else the button to archive it for whoever may (finsup.archives.selectors)."""

from django import template

from ..selectors import archive_panel as panel_of

register = template.Library()


@register.inclusion_tag("archives/_panel.html", takes_context=True)
def archive_panel(context, kind: str, pk: int):
    request = context.get("request")
    user = getattr(request, "user", None)
    panel = panel_of(actor=user, kind=kind, pk=pk) if user is not None and user.is_authenticated else None
    return {"panel": panel, "csrf_token": context.get("csrf_token")}
