"""The trail as people read it: each entry's record type by its name ("机构", not
"institutions.institution") and its changes as "字段名: 旧值 → 新值", with a choice by its label, a
related record by its name, yes/no, times in local time and numbers with separators.

An entry stores what was written (field names, stored values: the hash chain covers them); this
module only reads. Models are found by their label through Django's app registry, so the trail
imports no app. Record types that are not models (a backup archive, a summary export) and the names of
changes that are not fields (a note, a reason) are registered by their apps (`name_object_type`,
`name_change`) when Django starts.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.core import numbers

from .labels import same_model_labels

EMPTY = "—"
_TYPE_NAMES: dict[str, object] = {}
# Names of changes that are not a model's fields, common to many records (the lifecycle's note).
_CHANGE_NAMES: dict[str, object] = {
    "note": gettext_lazy("note"),
    "reason": gettext_lazy("reason"),
    "comment": gettext_lazy("comment"),
    "text": gettext_lazy("text"),
    "file": gettext_lazy("file"),
    "files": gettext_lazy("files"),
    "count": gettext_lazy("count"),
}
_VALUE_READERS: dict[tuple[str, str], Callable[[object], str]] = {}  # (object type or "", key)


def name_object_type(label: str, name) -> None:
    """Registers the name of a record type that is not a model (e.g. "backup.archive")."""
    _TYPE_NAMES[label] = name


def name_change(key: str, name=None, read: Callable[[object], str] | None = None, *, object_type: str = "") -> None:
    """Registers the name of a change key that is not a model field, and how its value is read: for
    every record type (e.g. "rule_id" read as the rule's description, "values" as a count), or for
    one (`object_type`, e.g. a case's "items" as the responsibility list's items)."""
    if name is not None:
        _CHANGE_NAMES[key] = name
    if read is not None:
        _VALUE_READERS[(object_type, key)] = read


@dataclass(frozen=True)
class ChangeLine:
    name: str
    old: str | None  # None: there was no value (a created record), not an empty one
    new: str | None


@dataclass(frozen=True)
class ReadableEntry:
    entry: object  # the AuditEntry, for its seq, time, actor, action, object
    type_name: str
    lines: list[ChangeLine]

    def __getattr__(self, name):  # the template reads e.seq, e.at… as before
        return getattr(self.entry, name)


@cache
def model_of(label: str) -> type[models.Model] | None:
    """The model of a label, also of one it had before it moved app (labels.py)."""
    for name in [label, *same_model_labels(label)]:
        if name.count(".") != 1:
            continue
        try:
            return apps.get_model(name)
        except (LookupError, ValueError):
            continue
    return None


def object_type_name(label: str) -> str:
    if label in _TYPE_NAMES:
        return str(_TYPE_NAMES[label])
    model = model_of(label)
    if model is not None:
        return str(capfirst(model._meta.verbose_name))
    return _("other record") if label else EMPTY


def object_type_choices(labels: Iterable[str]) -> list[tuple[str, str]]:
    """(label, name) of the record types given, in the order of their names; a model's former
    labels are one choice, under its label now (the filter finds the entries of both)."""
    current = {_current_label(label) for label in labels if label}
    return sorted(((label, object_type_name(label)) for label in current), key=lambda c: c[1])


def _current_label(label: str) -> str:
    model = model_of(label)
    return model._meta.label_lower if model is not None else label


def readable(entries: Iterable) -> list[ReadableEntry]:
    """The entries with their types named and their changes read; related records of all the
    entries are named with one query per related model."""
    entries = list(entries)
    names = _related_names(entries)
    return [ReadableEntry(entry=e, type_name=object_type_name(e.object_type), lines=_lines(e, names)) for e in entries]


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except Exception:  # FieldDoesNotExist, or a reverse relation's name
        return None
    return field if getattr(field, "concrete", False) else None


def _pairs(entry) -> list[tuple[str, object, object]]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    pairs = []
    for key, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            pairs.append((key, value[0], value[1]))
        else:
            pairs.append((key, None, value))  # a fact of the event (a count, a file name), not a change
    return pairs


def _related_names(entries: list) -> dict[tuple[type[models.Model], str], str]:
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = model_of(entry.object_type)
        for key, old, new in _pairs(entry):
            field = _field(model, key)
            if field is not None and field.is_relation and field.many_to_one:
                wanted[field.related_model].update(str(v) for v in (old, new) if v not in (None, ""))
    names = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=[pk for pk in pks if pk.isdigit()]):
            names[(related, str(obj.pk))] = getattr(obj, "display_name", "") or str(obj)  # a user by name
    return names


def _lines(entry, names) -> list[ChangeLine]:
    model = model_of(entry.object_type)
    lines = []
    for key, old, new in _pairs(entry):
        field = _field(model, key)
        lines.append(
            ChangeLine(
                name=_change_name(key, field),
                old=None if old is None else _value(old, field, names, key, entry.object_type),
                new=None if new is None else _value(new, field, names, key, entry.object_type),
            )
        )
    return lines


def _change_name(key: str, field: models.Field | None) -> str:
    if field is not None:  # a name Django made of the field's (created_by → "created by") is translated here
        return str(capfirst(_(str(field.verbose_name))))
    if key in _CHANGE_NAMES:
        return str(capfirst(_CHANGE_NAMES[key]))
    return str(capfirst(key.replace("_", " ")))


def _value(value, field: models.Field | None, names, key: str = "", object_type: str = "") -> str:
    if value == "" or value == []:
        return EMPTY
    read = _VALUE_READERS.get((object_type, key)) or _VALUE_READERS.get(("", key))
    if read is not None:
        return read(value)
    if isinstance(value, dict | list):
        return "、".join(_value(v, None, names) for v in value) if isinstance(value, list) else _mapping(value)
    if field is None:
        return _scalar(value)
    if field.is_relation and field.many_to_one:
        if not str(value).isdigit():  # written as the record's name, not its key
            return str(value)
        return names.get((field.related_model, str(value)), _("(record no longer exists)"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value in (True, "True", "true") else _("no")
    if isinstance(field, models.DateTimeField):
        return _datetime(value)
    if isinstance(field, models.DecimalField | models.FloatField):
        return numbers.grouped(value)
    return _scalar(value)


def _mapping(value: dict) -> str:
    return "；".join(f"{_change_name(str(k), None)}: {_scalar(v)}" for k, v in value.items())


def _scalar(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    text = str(value)
    if len(text) >= 19 and text[4:5] == "-" and text[10:11] == "T":
        return _datetime(text)
    return text


def _datetime(value) -> str:
    moment = parse_datetime(str(value)) if not isinstance(value, datetime.datetime) else value
    if moment is None:
        day = parse_date(str(value))
        return f"{day:%Y-%m-%d}" if day else str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%Y-%m-%d %H:%M}"
