"""What the demo's programmes written as data (data/*.toml) share: reading one, and the institution
a record of it names as the `nth` oldest operating one of a kind."""

from __future__ import annotations

import tomllib
from pathlib import Path

from finsup.institutions.selectors import institutions_operating

DATA = Path(__file__).resolve().parent / "data"


def read_programme(name: str, table: str) -> list[dict]:
    """The records of `table` in data/<name>.toml."""
    return tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8"))[table]


class OldestOperating:
    """The operating institutions of each kind, oldest first (read once per kind)."""

    def __init__(self):
        self._by_kind: dict[str, list] = {}

    def nth(self, kind: str, n: int):
        """The n-th oldest (wrapping round), or None when the demo has none of the kind."""
        if kind not in self._by_kind:
            self._by_kind[kind] = list(
                institutions_operating().filter(kind=kind).order_by("established_on", "credit_code")
            )
        found = self._by_kind[kind]
        return found[n % len(found)] if found else None
