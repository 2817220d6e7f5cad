"""The office's published responsibility list (责任清单, July 2015), kept as data.

The text lives in `data/responsibility_list.json`, copied verbatim from the source document:
the six main duties with their specific items ①–㉗ and accountability basis, the note under the
table and the public service items. Duty ids (1–6) and item ids (1–27) are stable: other parts
of the platform refer to them, so an item's id is its position in the source and never changes.

`load_responsibility_list()` reads and validates the file (`selectors.responsibility_list()` does so
once per process); a malformed file raises `ResponsibilityListError` naming what is wrong rather
than rendering a half-empty page, and the system check (checks.py) fails at startup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "responsibility_list.json"
DUTY_COUNT = 6
ITEM_COUNT = 27
# ①..⑳ are U+2460..U+2473; ㉑..㉟ continue at U+3251.
CIRCLED_NUMERALS = [chr(0x2460 + i) for i in range(20)] + [chr(0x3251 + i) for i in range(15)]


class ResponsibilityListError(ValueError):
    """The responsibility list file is missing or does not match the published list."""


@dataclass(frozen=True)
class Item:
    id: int
    numeral: str
    text: str
    duty_id: int


@dataclass(frozen=True)
class Duty:
    id: int
    title: str
    items: tuple[Item, ...]
    accountability: tuple[str, ...]


@dataclass(frozen=True)
class PublicService:
    id: int
    name: str
    content: str
    unit: str
    phone: str


@dataclass(frozen=True)
class ResponsibilityList:
    office: str
    title: str
    date: str
    duties: tuple[Duty, ...]
    note: str
    public_services: tuple[PublicService, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for duty in self.duties for item in duty.items)

    def duty(self, duty_id: int) -> Duty:
        for duty in self.duties:
            if duty.id == duty_id:
                return duty
        raise KeyError(duty_id)

    def item(self, item_id: int) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def item_choices(self) -> list[tuple[int, str]]:
        """(id, "㉒ text") pairs, for forms that link a record to an item."""
        return [(item.id, f"{item.numeral} {item.text}") for item in self.items]


def _text(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ResponsibilityListError(f"{where}: '{key}' must be a non-empty string")
    return value


def _list(obj: dict[str, Any], key: str, where: str) -> list:
    value = obj.get(key)
    if not isinstance(value, list) or not value:
        raise ResponsibilityListError(f"{where}: '{key}' must be a non-empty list")
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ResponsibilityListError(f"{where} must be an object")
    return value


def _parse_item(raw: Any, duty_id: int, expected_id: int) -> Item:
    where = f"duty {duty_id}, item #{expected_id}"
    raw = _object(raw, where)
    if raw.get("id") != expected_id:
        raise ResponsibilityListError(f"{where}: id is {raw.get('id')!r}, expected {expected_id} (items run 1..27)")
    numeral = _text(raw, "numeral", where)
    if numeral != CIRCLED_NUMERALS[expected_id - 1]:
        raise ResponsibilityListError(
            f"{where}: numeral is {numeral!r}, expected {CIRCLED_NUMERALS[expected_id - 1]!r}"
        )
    return Item(id=expected_id, numeral=numeral, text=_text(raw, "text", where), duty_id=duty_id)


def _parse_duty(raw: Any, expected_id: int, first_item_id: int) -> Duty:
    where = f"duty #{expected_id}"
    raw = _object(raw, where)
    if raw.get("id") != expected_id:
        raise ResponsibilityListError(f"{where}: id is {raw.get('id')!r}, expected {expected_id}")
    raw_items = _list(raw, "items", where)
    if first_item_id + len(raw_items) - 1 > ITEM_COUNT:
        raise ResponsibilityListError(f"{where}: more than {ITEM_COUNT} items in the list")
    items = tuple(_parse_item(r, expected_id, first_item_id + i) for i, r in enumerate(raw_items))
    basis = _list(raw, "accountability", where)
    if not all(isinstance(b, str) and b.strip() for b in basis):
        raise ResponsibilityListError(f"{where}: every accountability paragraph must be a non-empty string")
    return Duty(id=expected_id, title=_text(raw, "title", where), items=items, accountability=tuple(basis))


def _parse_service(raw: Any, expected_id: int) -> PublicService:
    where = f"public service #{expected_id}"
    raw = _object(raw, where)
    if raw.get("id") != expected_id:
        raise ResponsibilityListError(f"{where}: id is {raw.get('id')!r}, expected {expected_id}")
    fields = {key: _text(raw, key, where) for key in ("name", "content", "unit", "phone")}
    return PublicService(id=expected_id, **fields)


def parse_responsibility_list(data: Any) -> ResponsibilityList:
    """Validate decoded JSON against the shape of the published list and build it."""
    data = _object(data, "the responsibility list")
    raw_duties = _list(data, "duties", "the responsibility list")
    if len(raw_duties) != DUTY_COUNT:
        raise ResponsibilityListError(f"expected {DUTY_COUNT} duties, found {len(raw_duties)}")
    duties: list[Duty] = []
    next_item_id = 1
    for index, raw in enumerate(raw_duties, start=1):
        duty = _parse_duty(raw, index, next_item_id)
        duties.append(duty)
        next_item_id += len(duty.items)
    if next_item_id - 1 != ITEM_COUNT:
        raise ResponsibilityListError(f"expected {ITEM_COUNT} items ①..㉗, found {next_item_id - 1}")
    services = tuple(
        _parse_service(raw, i) for i, raw in enumerate(_list(data, "public_services", "the list"), start=1)
    )
    return ResponsibilityList(
        office=_text(data, "office", "the list"),
        title=_text(data, "title", "the list"),
        date=_text(data, "date", "the list"),
        duties=tuple(duties),
        note=_text(data, "note", "the list"),
        public_services=services,
    )


def load_responsibility_list(path: Path = DATA_FILE) -> ResponsibilityList:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResponsibilityListError(f"cannot read {path}: {exc}") from exc
    try:
        return parse_responsibility_list(data)
    except ResponsibilityListError as exc:
        raise ResponsibilityListError(f"{path}: {exc}") from None
