"""Writing and verifying the audit trail. Services call `audit_record()` inside their transaction."""

from __future__ import annotations

import contextlib
import datetime
import decimal
from contextvars import ContextVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from finsup.core.request_context import current_actor

from .anchoring import anchor_gaps, anchor_state
from .chain import GENESIS, entry_digest
from .choices import AuditAction
from .models import AuditEntry, AuditHead
from .verification import ChainBreak, ChainReport, walk

__all__ = ["ChainBreak", "ChainReport", "audit_batch", "audit_record", "audit_verify"]


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):  # e.g. a filing's figures in [before, after]: kept as an object, not its repr
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def snapshot(instance: models.Model, *, masked: dict[str, callable] | None = None) -> dict:
    """Field values of an instance as JSON-ready values; personal data passes through its mask."""
    masked = masked or getattr(instance, "audit_masks", {})
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in ("id", "path") or field.name.endswith("_hash"):
            continue
        value = getattr(instance, field.attname)
        data[field.name] = masked[field.name](value) if field.name in masked else _plain(value)
    return data


def diff(before: dict | None, after: dict | None) -> dict:
    before, after = before or {}, after or {}
    return {k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}


def audit_record(
    *,
    action: str,
    obj: models.Model | None = None,
    changes: dict | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    office_path: str = "",
    subject: str = "",
) -> AuditEntry:
    actor = current_actor()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
        office_path = office_path or _office_path(obj)
        subject = subject or getattr(obj, "audit_subject", "") or f"{object_type}:{object_id}"
    user = actor.user if getattr(actor.user, "pk", None) else None
    batch = _batch.get()
    if batch is not None:
        return batch.append(
            _fields(batch.head, actor, user, action, object_type, object_id, object_repr, office_path, subject, changes)
        )
    # No savepoint: an audit entry is part of the caller's write, which fails whole if it fails.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        fields = _fields(head, actor, user, action, object_type, object_id, object_repr, office_path, subject, changes)
        entry = AuditEntry.objects.create(**fields, entry_hash=entry_digest(**fields))
        head.seq, head.entry_hash = entry.seq, entry.entry_hash
        head.save(update_fields=["seq", "entry_hash"])
    return entry


def audit_status(*, obj: models.Model, changes: dict) -> AuditEntry:
    """The entry of a status change; registered as the writer of `finsup.core.lifecycle`."""
    return audit_record(action=AuditAction.STATUS, obj=obj, changes=changes)


def _locked_head() -> AuditHead:
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1, defaults={"entry_hash": GENESIS})
    return head


def _fields(head, actor, user, action, object_type, object_id, object_repr, office_path, subject, changes) -> dict:
    return dict(
        seq=head.seq + 1,
        at=timezone.now(),
        actor_id=user.pk if user else None,
        actor_label=(actor.label or str(user or ""))[:150],
        address=actor.address,
        channel=actor.channel,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:200],
        office_path=office_path,
        subject=subject[:120],
        changes=_plain_dict(changes or {}),
        prev_hash=head.entry_hash,
        algorithm=settings.FINSUP_AUDIT_HASH,
    )


class _Batch:
    """Entries chained in memory under the locked head, written at the end of `audit_batch()`."""

    def __init__(self, head: AuditHead):
        self.head = head
        self.rows: list[AuditEntry] = []

    def append(self, fields: dict) -> AuditEntry:
        entry = AuditEntry(**fields, entry_hash=entry_digest(**fields))
        self.rows.append(entry)
        self.head.seq, self.head.entry_hash = entry.seq, entry.entry_hash
        return entry


_batch: ContextVar[_Batch | None] = ContextVar("finsup_audit_batch", default=None)


@contextlib.contextmanager
def audit_batch():
    """For bulk work (batch filing, acceptance, re-evaluation): every `audit_record()` inside is
    chained in memory and written with one insert and one head update, in the same transaction.
    Rewriting the single head row thousands of times in one PostgreSQL transaction (with a
    savepoint each) made each entry slower than the last."""
    if _batch.get() is not None:
        yield
        return
    with transaction.atomic():
        batch = _Batch(_locked_head())
        token = _batch.set(batch)
        try:
            yield
        finally:
            _batch.reset(token)
        AuditEntry.objects.bulk_create(batch.rows, batch_size=500)
        if batch.rows:
            batch.head.save(update_fields=["seq", "entry_hash"])


def _plain_dict(changes: dict) -> dict:
    return {str(k): _plain(v) for k, v in changes.items()}


def _office_path(obj) -> str:
    for attr in ("audit_office_path", "path"):
        value = getattr(obj, attr, None)
        if isinstance(value, str):
            return value
    return ""


def audit_verify(*, batch_size: int = 5000, anchors: bool = True) -> ChainReport:
    """Walk the whole chain in order and report every entry whose number, link or hash does not
    hold, then hold it against the signed checkpoints kept outside the database (anchoring.py):
    each anchored entry must still have its anchored hash, and the chain must reach the last one.
    Without `anchors` a re-chained table or a cut tail passes: only the chain is checked."""
    state = anchor_state() if anchors else None
    result = walk(
        AuditEntry.objects.order_by("seq").iterator(chunk_size=batch_size),
        prev_hash=GENESIS,
        expected_seq=1,
        anchored=state.by_seq if state else None,
    )
    breaks = result.breaks
    head = AuditHead.objects.filter(id=1).first()
    if head and head.seq > result.last_seq:
        breaks.append(ChainBreak(result.last_seq + 1, "missing", head.seq))
    elif head and head.entry_hash != result.last_hash and result.checked:
        breaks.append(ChainBreak(result.last_seq, "head"))
    report = ChainReport(result.checked, breaks)
    if state:
        walked_to = max(result.last_seq, head.seq if head else 0)
        gaps, report.warnings = anchor_gaps(state, walked_to=walked_to, now=timezone.now())
        for checkpoint_seq in sorted(set(state.by_seq) - result.seen_anchored):
            if checkpoint_seq <= walked_to:
                checkpoint = state.by_seq[checkpoint_seq][0]
                detail = f"entry #{checkpoint_seq}, anchored on {checkpoint.at} ({checkpoint.where}), is gone"
                breaks.append(ChainBreak(checkpoint_seq, "anchor", detail=detail))
        report.breaks = breaks + state.breaks + gaps
        report.anchors = state.summary
    return report
