"""What waits for a user in the issuing of documents (see finsup.notifications.waiting): drafts to
check (核稿), checked documents to sign off (签发), and for an institution the documents delivered
to it whose receipt it has not acknowledged (签收)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, can
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .selectors import AWAITING_ACKNOWLEDGEMENT, AWAITING_CHECK, AWAITING_SIGN_OFF, documents_awaiting_actor

_ITEMS = (
    (Action.DOCUMENT_CHECK, AWAITING_CHECK, 45),
    (Action.DOCUMENT_SIGN_OFF, AWAITING_SIGN_OFF, 46),
    (Action.DOCUMENT_ACKNOWLEDGE, AWAITING_ACKNOWLEDGEMENT, 47),
)


@register_waiting_source
def documents_waiting(user):
    register = reverse("documents:register")
    labels = {
        AWAITING_CHECK: _("Documents awaiting your check"),
        AWAITING_SIGN_OFF: _("Documents awaiting your sign-off"),
        AWAITING_ACKNOWLEDGEMENT: _("Documents delivered to acknowledge"),
    }
    for action, awaiting, order in _ITEMS:
        if can(user, action):
            yield WaitingItem(
                label=labels[awaiting],
                count=documents_awaiting_actor(actor=user, awaiting=awaiting).count(),
                url=f"{register}?awaiting={awaiting}",
                order=order,
            )
