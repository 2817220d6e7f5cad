"""How the audit trail names what the complaint services write (finsup.audit.presentation)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.audit.presentation import name_change

from .choices import ReferralBody


def referral(value) -> str:
    """A referral as services.complaint_refer writes it: {"body": ..., "referred_on": ..., "note": ...}."""
    if not isinstance(value, dict):
        return str(value)
    body = ReferralBody(value["body"]).label if value.get("body") in ReferralBody.values else value.get("body", "")
    parts = [f"{_('referred to')}：{body}", f"{_('referred on')}：{value.get('referred_on', '')}"]
    if value.get("note"):
        parts.append(f"{_('note')}：{value['note']}")
    return "；".join(parts)


name_change("referral", gettext_lazy("referral"), read=referral, object_type="complaints.complaint")
