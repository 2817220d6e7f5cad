"""Delivery (送达) of signed-off documents to the institutions they are addressed to.

A document whose addressee (主送) is the institution it concerns is delivered in the platform in
the transaction that signs it off (电子送达): one electronic delivery, its users told once the
sign-off is committed. A user of the institution acknowledges receipt (签收) once, with the time.
Office staff record a delivery on paper (the recipient who signed the receipt of service, 送达回证,
the place and the time). Every write is atomic and audited.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.notifications.services import notify

from .builders.common import NO_ADDRESSEE
from .choices import DeliveryMethod, DocumentStatus
from .errors import Code
from .models import DocumentDelivery, OfficialDocument


def addressee(document: OfficialDocument) -> str:
    """The addressee (主送) as printed: the context's, else the institution's name, none for an
    internal record (the builders' rule, finsup.documents.builders.common.Sheet)."""
    name = document.context.get("institution_name") or (document.institution.name if document.institution_id else "")
    default = "" if document.kind in NO_ADDRESSEE else name
    return document.context.get("addressee", default)


def addressed_to_institution(document: OfficialDocument) -> bool:
    """Whether the document is addressed to the institution it concerns (and so is delivered to it)."""
    if document.institution_id is None or document.kind in NO_ADDRESSEE:
        return False
    printed = addressee(document)
    return bool(printed) and printed in (
        document.institution.name,
        document.context.get("institution_name") or document.institution.name,
    )


def deliver_signed(documents: list[OfficialDocument], *, by, at) -> list[DocumentDelivery]:
    """Inside the sign-off's transaction: each document addressed to its institution is delivered
    in the platform at the moment of signing; the institution's users are told after commit."""
    deliveries = []
    for document in documents:
        if not addressed_to_institution(document):
            continue
        delivery = _delivery_create(document, method=DeliveryMethod.ELECTRONIC, at=at, by=by)
        _tell_institution(delivery)
        deliveries.append(delivery)
    return deliveries


def _tell_institution(delivery: DocumentDelivery) -> None:
    document = delivery.document
    users = list(delivery.institution.users.filter(is_active=True))
    title = _("Official document delivered: %(title)s (%(number)s)") % {
        "title": document.title,
        "number": document.number,
    }
    body = _("Please read it and acknowledge receipt in the platform.")
    url = reverse("documents:detail", args=[document.pk])
    key = f"document-delivery:{delivery.pk}"
    transaction.on_commit(lambda: notify(users=users, title=title, body=body, url=url, key=key))


_ACKNOWLEDGER = {
    "denied": gettext_lazy("Only a user of the institution the document is addressed to acknowledges its receipt."),
}
_DELIVERER = {
    "denied": gettext_lazy("Only office staff record the delivery of a document."),
    "outside": gettext_lazy("You may not record deliveries of this office's documents."),
}


@transaction.atomic
def delivery_acknowledge(*, delivery: DocumentDelivery, by) -> DocumentDelivery:
    """签收: a user of the institution acknowledges receipt of a document delivered in the platform,
    once; the time is now."""
    delivery = (
        DocumentDelivery.objects.select_for_update(of=("self",))
        .select_related("document__office", "institution")
        .get(pk=delivery.pk)
    )
    require(by, Action.DOCUMENT_ACKNOWLEDGE, institution=delivery.institution, **_ACKNOWLEDGER)
    if delivery.method != DeliveryMethod.ELECTRONIC:
        raise InvalidTransition(
            _("A delivery on paper is acknowledged by the recipient's signature on the receipt of service."),
            code=Code.NOT_ELECTRONIC,
        )
    if delivery.acknowledged_at is not None:
        raise InvalidTransition(
            _("Receipt of this document was already acknowledged on %(at)s.")
            % {"at": timezone.localtime(delivery.acknowledged_at).strftime("%Y-%m-%d %H:%M")},
            code=Code.ALREADY_ACKNOWLEDGED,
        )
    delivery.acknowledged_at, delivery.acknowledged_by = clock.now(), by
    delivery.save(update_fields=["acknowledged_at", "acknowledged_by"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=delivery,
        changes={"acknowledged_at": [None, delivery.acknowledged_at.isoformat()], "acknowledged_by": [None, by.pk]},
    )
    return delivery


@transaction.atomic
def delivery_record_paper(
    *, document: OfficialDocument, by, recipient_name: str, place: str, delivered_at
) -> DocumentDelivery:
    """Office staff record that the signed-off document was handed over on paper: to whom (the
    recipient who signed the receipt of service), where and when."""
    document = (
        OfficialDocument.objects.select_for_update(of=("self",))
        .select_related("office", "institution")
        .get(pk=document.pk)
    )
    require(by, Action.DOCUMENT_DELIVER, office=document.office, **_DELIVERER)
    if document.status != DocumentStatus.FINAL:
        raise InvalidTransition(_("Only a signed-off document is delivered."), code=Code.NOT_SIGNED_OFF)
    if not addressed_to_institution(document):
        raise ApplicationError(
            _("This document is not addressed to an institution: there is nobody to deliver it to."),
            code=Code.NO_ADDRESSEE,
        )
    recipient_name = (recipient_name or "").strip()
    if not recipient_name:
        raise ApplicationError(
            _("Name the person who received the document."), field="recipient_name", code=Code.NO_RECIPIENT
        )
    if delivered_at > clock.now():
        raise ApplicationError(
            _("A delivery cannot be recorded ahead of time."), field="delivered_at", code=Code.DELIVERY_IN_FUTURE
        )
    if delivered_at < document.finalised_at.replace(second=0, microsecond=0):  # the form gives minutes
        raise ApplicationError(
            _("A document is delivered after it was signed off."),
            field="delivered_at",
            code=Code.DELIVERY_BEFORE_SIGN_OFF,
        )
    return _delivery_create(
        document,
        method=DeliveryMethod.PAPER,
        at=delivered_at,
        by=by,
        place=(place or "").strip(),
        recipient_name=recipient_name,
    )


def _delivery_create(document: OfficialDocument, *, method: DeliveryMethod, at, by, **details) -> DocumentDelivery:
    delivery = DocumentDelivery.objects.create(
        document=document, institution=document.institution, method=method, delivered_at=at, delivered_by=by, **details
    )
    changes = {
        "document": [None, document.number],
        "method": [None, method.value],
        "delivered_at": [None, at.isoformat()],
    }
    audit_record(action=AuditAction.CREATE, obj=delivery, changes=changes | {k: [None, v] for k, v in details.items()})
    return delivery
