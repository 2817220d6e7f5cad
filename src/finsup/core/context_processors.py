from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.accounts.policies import Action, can

# (label, url name, action required); shown only to users whose role has the action.
NAVIGATION = [
    (_("Dashboard"), "dashboard:home", Action.DASHBOARD_VIEW),
    (_("Institutions"), "institutions:list", Action.INSTITUTION_VIEW),
    (_("Audit trail"), "audit:list", Action.AUDIT_VIEW),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        {"label": label, "url": reverse(name), "active": request.path.startswith(reverse(name))}
        for label, name, action in NAVIGATION
        if can(user, action)
    ]
    return {"nav_items": items}
