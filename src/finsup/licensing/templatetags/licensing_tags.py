"""The licensing panel of the institution page: fit-and-proper status and flags, approved changes."""

from django import template

from finsup.accounts.policies import Action, can
from finsup.core import clock

from .. import selectors

register = template.Library()


@register.inclusion_tag("licensing/_institution_panel.html", takes_context=True)
def licensing_panel(context, institution):
    user = context["request"].user
    if not can(user, Action.LICENSING_VIEW):
        return {"show": False}
    rows = selectors.fit_and_proper_register(institution=institution, as_of=clock.today())
    return {
        "show": True,
        "institution": institution,
        "rows": rows,
        "counts": {
            s: sum(1 for r in rows if r.person.approval_status == s) for s in ("approved", "pending", "refused")
        },
        "flagged": [r for r in rows if r.serving_elsewhere or r.refused_before],
        "can_decide": can(user, Action.FIT_AND_PROPER_DECIDE) and not user.is_institution_user,
        "changes": selectors.registry_changes(actor=user, institution=institution),
    }
