"""The governance checklist as data (checklist.toml): its areas and items with their points, and the
grade a total earns. Read once; no ORM."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

PATH = Path(__file__).resolve().parent / "checklist.toml"


@dataclass(frozen=True)
class Item:
    key: str
    area: str
    text: str
    points: Decimal


@dataclass(frozen=True)
class Checklist:
    version: str
    items: tuple[Item, ...]
    grades: tuple[tuple[Decimal, str], ...]  # (from, name), highest first

    @property
    def maximum(self) -> Decimal:
        return sum((i.points for i in self.items), Decimal(0))

    def grade(self, total: Decimal) -> str:
        return next(name for start, name in self.grades if total >= start)


@cache
def checklist(path: Path = PATH) -> Checklist:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    items = tuple(
        Item(i["key"], area["name"], i["text"], Decimal(str(i["points"])))
        for area in data["area"]
        for i in area["items"]
    )
    grades = tuple(sorted(((Decimal(str(g["from"])), g["name"]) for g in data["grade"]), reverse=True))
    return Checklist(str(data["version"]), items, grades)
