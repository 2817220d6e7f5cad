"""Reads of accountability cases, always from what the actor may see: the office's leaders and
auditors their jurisdiction's cases; the discipline commission every case of the offices it
oversees; the other bodies only the cases ever sent to them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from finsup.accounts.selectors import user_scope
from finsup.documents.selectors import documents_by_id, documents_visible

from .choices import FULL_VIEW_BODIES, OPEN_CASE_STATUSES, OPEN_TRANSFER_STATUSES, CaseStatus, TransferStatus
from .models import AccountabilityCase, CaseTransfer


def _visible(actor) -> QuerySet[AccountabilityCase]:
    qs = AccountabilityCase.objects.for_user(actor)
    if getattr(actor, "is_oversight_user", False) and actor.oversight_body not in FULL_VIEW_BODIES:
        qs = qs.filter(pk__in=CaseTransfer.objects.filter(to_body=actor.oversight_body).values("case"))
    return qs


def case_scope(*, actor) -> QuerySet[AccountabilityCase]:
    """Every case the actor may see, to be narrowed by the caller."""
    return _visible(actor)


def _returned_q() -> Q:
    return Q(pk__in=CaseTransfer.objects.filter(status=TransferStatus.RETURNED).values("case")) & ~Q(
        pk__in=CaseTransfer.objects.filter(status__in=OPEN_TRANSFER_STATUSES).values("case")
    )


def open_and_returned_counts(*, actor) -> tuple[int, int]:
    """(the open cases the actor sees, how many of them a body returned and none holds now), in one query."""
    counts = case_list(actor=actor, filters={"open": 1}).aggregate(
        open=Count("pk"), returned=Count("pk", filter=_returned_q())
    )
    return counts["open"], counts["returned"]


def case_list(*, actor, filters=None) -> QuerySet[AccountabilityCase]:
    filters = filters or {}
    qs = _visible(actor).select_related("office", "subject_user", "subject_office", "opened_by")
    if filters.get("status") in CaseStatus.values:
        qs = qs.filter(status=filters["status"])
    elif filters.get("open"):
        qs = qs.filter(status__in=OPEN_CASE_STATUSES)
    if filters.get("returned"):
        # Back with the office: a body returned it, no body holds it now, and it is still open.
        qs = qs.filter(status__in=OPEN_CASE_STATUSES).filter(_returned_q())
    if filters.get("awaiting") and getattr(actor, "is_oversight_user", False):
        qs = qs.filter(
            transfers__to_body=actor.oversight_body,
            transfers__status__in=OPEN_TRANSFER_STATUSES,
        )
    return qs


def case_get(*, actor, pk: int) -> AccountabilityCase:
    """The case if the actor may see it; AccountabilityCase.DoesNotExist otherwise."""
    return _visible(actor).select_related("office", "subject_user__office", "subject_office").get(pk=pk)


def case_history(*, case: AccountabilityCase):
    return case.events.select_related("by", "transfer").order_by("at", "pk")


def case_transfers(*, case: AccountabilityCase):
    return case.transfers.select_related("sent_by", "accepted_by").order_by("sent_at", "pk")


@dataclass(frozen=True)
class Paper:
    """A document of the case as its page shows it: the number (empty while the document awaits
    sign-off) and the document itself when the actor may open it."""

    number: str
    document: object | None
    draft: bool


def case_transfers_with_letters(*, actor, case: AccountabilityCase) -> list[CaseTransfer]:
    """The transfers, each with `letter`: its transfer letter (a Paper), or for a transfer sent
    before letters were generated a Paper of the number typed then (None if none was)."""
    transfers = list(case_transfers(case=case))
    papers = _papers(actor, [t.letter_document_id for t in transfers])
    for transfer in transfers:
        typed = Paper(transfer.reference, None, False) if transfer.reference else None
        transfer.letter = papers.get(transfer.letter_document_id, typed)
    return transfers


def case_decision_paper(*, actor, case: AccountabilityCase) -> Paper | None:
    return _papers(actor, [case.decision_document_id]).get(case.decision_document_id)


def _papers(actor, ids) -> dict[int, Paper]:
    """Numbers are read whoever asks (the body a case is sent to reads the number of the letter
    it received); the document is linked only if the actor may open it."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    visible = documents_visible(actor=actor, ids=ids)
    return {
        pk: Paper(document.number, visible.get(pk), not document.number)
        for pk, document in documents_by_id(ids).items()
    }


def case_open_transfer(*, case: AccountabilityCase) -> CaseTransfer | None:
    return case.transfers.filter(status__in=[TransferStatus.SENT, TransferStatus.ACCEPTED]).first()


def subject_staff_choices(*, actor) -> QuerySet:
    """Staff of the actor's office and the offices below it, except the actor."""
    return (
        user_scope(actor=actor)
        .filter(is_active=True, institution__isnull=True)
        .exclude(role="oversight")
        .exclude(pk=actor.pk)
        .select_related("office")
        .order_by("office__path", "username")
    )


# --- For the archive (finsup.archives, through accountability/archiving.py) -------------------------


def case_for_archive(*, pk: int, lock: bool = False) -> AccountabilityCase | None:
    """The case with its office (a system read: the archive checks the actor), its row locked for
    the caller's transaction when `lock`."""
    qs = AccountabilityCase.objects.select_related("office")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.filter(pk=pk).first()


def case_visible(*, actor, pk: int) -> bool:
    return _visible(actor).filter(pk=pk).exists()
