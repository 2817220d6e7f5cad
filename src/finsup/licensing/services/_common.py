from __future__ import annotations

from django.utils.translation import gettext as _

from finsup.accounts.models import Office, User
from finsup.accounts.policies import Action, can
from finsup.core.errors import PermissionDenied


def require(by: User, action: Action, county: Office | None = None) -> None:
    """The role must have the action and, for staff, the office must contain the county."""
    if not can(by, action):
        raise PermissionDenied(_("You may not do this."))
    if county is not None and not by.is_institution_user and (by.office is None or not by.office.contains(county)):
        raise PermissionDenied(_("You may not act for institutions of %(county)s.") % {"county": county})
