from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from finsup.accounts.models import Office


def outside(county: Office) -> str:
    """What staff read when the institution is not in their office's jurisdiction."""
    return _("You may not act for institutions of %(county)s.") % {"county": county}
