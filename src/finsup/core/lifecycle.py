"""One way to move a record through its life: lock the row, check the allowed table, write the
event, write the audit entry, set the status.

The kernel knows no app: each app describes its record in a `Lifecycle` (the model, its table of
allowed moves, its event model and field names, the refusal message), and the audit trail
registers its writer once at start-up (`register_audit_writer`), so this module imports neither
`finsup.audit` nor any app.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from finsup.core import clock

from .errors import InvalidTransition

# Writes one "status changed" audit entry: writer(obj=..., changes={...}).
AuditWriter = Callable[..., Any]

_audit_writer: AuditWriter | None = None


def register_audit_writer(writer: AuditWriter) -> None:
    """Called by the audit trail when Django starts; the last registration wins."""
    global _audit_writer
    _audit_writer = writer


def audit_writer() -> AuditWriter:
    if _audit_writer is None:
        raise RuntimeError("No audit writer is registered: is finsup.audit in INSTALLED_APPS?")
    return _audit_writer


@dataclass(frozen=True)
class Event:
    """Where the event row goes and what its fields are called; None leaves a field out."""

    model: type[models.Model]
    owner: str  # the foreign key to the record, e.g. "submission"
    # The record's attribute the event belongs to when it is not the record itself (an appeal's
    # moves are events of its rating: of="rating"); None: the record.
    of: str | None = None
    by: str | None = "by"
    at: str | None = "at"
    note: str | None = "note"
    from_status: str | None = "from_status"
    to_status: str | None = "to_status"


# Every Lifecycle declared, in the order of declaration: tests hold the status-bearing models
# against it (tests/core/test_lifecycles_registered.py).
_declared: list[Lifecycle] = []


def declared() -> tuple[Lifecycle, ...]:
    return tuple(_declared)


@dataclass(frozen=True)
class Lifecycle:
    model: type[models.Model]
    table: Mapping[str, Collection[str]]
    # The message of a move the table refuses: refusal(from_status, to_status).
    refusal: Callable[[str, str], str]
    event: Event | None = None
    status_field: str = "status"
    changed_at_field: str | None = None  # set to the time of the move where the model has one
    refusal_field: str | None = None  # the form field the refusal is shown on
    audit_note: str | None = None  # the name the note is audited under (after the status), if it is
    select_related: tuple[str, ...] = ()

    def __post_init__(self):
        _declared.append(self)

    def lock(self, obj: models.Model) -> models.Model:
        """The record read again under a row lock (of its own row only: PostgreSQL cannot lock the
        nullable side of an outer join), so its status is the one no other request can change."""
        queryset = self.model._default_manager.select_for_update(of=("self",))
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return queryset.get(pk=obj.pk)

    def allows(self, current: str, to: str) -> bool:
        return to in self.table[current]

    def check(self, current: str, to: str) -> None:
        if not self.allows(current, to):
            raise InvalidTransition(self.refusal(current, to), field=self.refusal_field)


def transition(obj: models.Model, **kwargs) -> models.Model:
    """Moves `obj` (see `move`) and returns the fresh record."""
    return move(obj, **kwargs)[0]


def move(
    obj: models.Model,
    *,
    to: str,
    by,
    note: str = "",
    lifecycle: Lifecycle,
    locked: bool = False,
    at=None,
    fields: Mapping[str, Any] | None = None,
    event_fields: Mapping[str, Any] | None = None,
    audit_changes: Mapping[str, Any] | None = None,
) -> tuple[models.Model, models.Model | None]:
    """Moves `obj` to `to`, all or nothing, and returns (the fresh record, its event row or None).

    `locked=True` when `obj` already comes from `lifecycle.lock()` in this transaction (the caller
    checked permissions on the locked row); otherwise the row is locked and read again here.
    `fields` are other fields set with the status (e.g. a closing date), `event_fields` other
    fields of the event row, `audit_changes` other changes recorded after the status (or, if
    they hold the status, the whole change set)."""
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return move(
                obj,
                to=to,
                by=by,
                note=note,
                lifecycle=lifecycle,
                locked=locked,
                at=at,
                fields=fields,
                event_fields=event_fields,
                audit_changes=audit_changes,
            )
    if not locked:
        obj = lifecycle.lock(obj)
    current = getattr(obj, lifecycle.status_field)
    lifecycle.check(current, to)  # before any write: a refusal leaves the caller's transaction usable
    at = at or clock.now()
    # The writes succeed together or not at all (no savepoint: the caller's transaction is the unit).
    with transaction.atomic(savepoint=False):
        event = None
        if lifecycle.event is not None:
            event = _write_event(lifecycle.event, obj, current, to, by=by, at=at, note=note, extra=event_fields)
        audit_writer()(obj=obj, changes=_audit_changes(lifecycle, current, to, note, audit_changes))
        values = _moved_values(lifecycle, to, at, fields)
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save(update_fields=list(values))
    return obj, event


def move_many(
    objs: list[models.Model],
    *,
    to: str,
    by,
    lifecycle: Lifecycle,
    note: str = "",
    at=None,
    event_fields: Mapping[str, Any] | None = None,
    audit_changes: Mapping[str, Any] | None = None,
) -> list[models.Model]:
    """`move` for many records locked by the caller (from `lifecycle.lock` or a query under
    `select_for_update`, permissions checked), all to `to` at the same moment: each is checked and
    audited as when moved alone, with one insert of the events and one update of the rows. A
    refusal, before any write, leaves the caller's transaction usable."""
    currents = [getattr(obj, lifecycle.status_field) for obj in objs]
    for current in set(currents):
        lifecycle.check(current, to)
    at = at or clock.now()
    values = _moved_values(lifecycle, to, at)
    with transaction.atomic(savepoint=False):
        if lifecycle.event is not None:
            events = [
                _event_row(lifecycle.event, obj, current, to, by=by, at=at, note=note, extra=event_fields)
                for obj, current in zip(objs, currents, strict=True)
            ]
            lifecycle.event.model._default_manager.bulk_create(events, batch_size=1000)
        for obj, current in zip(objs, currents, strict=True):
            audit_writer()(obj=obj, changes=_audit_changes(lifecycle, current, to, note, audit_changes))
            for name, value in values.items():
                setattr(obj, name, value)
        pks = [obj.pk for obj in objs]
        for start in range(0, len(pks), 1000):
            lifecycle.model._default_manager.filter(pk__in=pks[start : start + 1000]).update(**values)
    return objs


def _moved_values(lifecycle: Lifecycle, to: str, at, fields: Mapping[str, Any] | None = None) -> dict:
    """The fields a move sets: the status, the caller's other fields, the time of the move."""
    values = {lifecycle.status_field: to, **(fields or {})}
    if lifecycle.changed_at_field:
        values[lifecycle.changed_at_field] = at
    return values


def _audit_changes(lifecycle: Lifecycle, current: str, to: str, note: str, extra) -> dict:
    """The status first, then the note, then the caller's changes; a caller whose changes already
    hold the status (e.g. a diff of the whole row) records them as they are."""
    if extra and lifecycle.status_field in extra:
        return dict(extra)
    changes = {lifecycle.status_field: [current, to]}
    if lifecycle.audit_note:
        changes[lifecycle.audit_note] = [None, note]
    return {**changes, **(extra or {})}


def _write_event(spec: Event, obj, current: str, to: str, *, by, at, note: str, extra) -> models.Model:
    # Event tables are append-only: a row is created, never changed.
    return _event_row(spec, obj, current, to, by=by, at=at, note=note, extra=extra, save=True)


def _event_row(spec: Event, obj, current: str, to: str, *, by, at, note: str, extra, save=False) -> models.Model:
    values = {spec.owner: getattr(obj, spec.of) if spec.of else obj}
    for name, value in (
        (spec.from_status, current),
        (spec.to_status, to),
        (spec.by, by),
        (spec.at, at),
        (spec.note, note),
    ):
        if name is not None:
            values[name] = value
    values.update(extra or {})
    return spec.model._default_manager.create(**values) if save else spec.model(**values)


def refused_move(message, choices):
    """The usual refusal of a Lifecycle: `message` (lazy, with %(from)s and %(to)s) filled with the
    labels of the current and the asked-for status from `choices`."""
    return lambda current, to: message % {"from": choices(current).label, "to": choices(to).label}
