"""Matching names across records where an identifier is missing (a related party declared without
its credit code, a legal representative the registry names but does not identify).

Names are compared by rapidfuzz's ratio on a normal form (blanks, brackets and the legal form
removed, so that 临沂恒信商贸有限公司 and 临沂恒信商贸(有限公司) are one name). The cut-off is high on
purpose: Chinese firm names are short, one character in ten differing is another firm
(临沂恒信商贸 ≠ 临沂恒信商务), so only a near-identical name with one candidate above it matches."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

CUTOFF = 96.0
_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "合伙企业", "有限合伙")
_NOISE = re.compile(r"[\s()（）【】\[\]·.,，、]")


def normal_name(name: str) -> str:
    text = _NOISE.sub("", name or "").upper()
    for form in _LEGAL_FORMS:
        if text.endswith(form):
            return text[: -len(form)]
    return text


class NameIndex:
    """Known names → keys; `find(name)` gives the one key whose name matches, or ''."""

    def __init__(self, entries: Iterable[tuple[str, str]] = ()):
        self._names: list[str] = []
        self._keys: list[str] = []
        self._exact: dict[str, set[str]] = {}
        for name, key in entries:
            self.add(name, key)

    def add(self, name: str, key: str) -> None:
        normal = normal_name(name)
        if not normal:
            return
        keys = self._exact.setdefault(normal, set())
        if key not in keys:
            keys.add(key)
            self._names.append(normal)
            self._keys.append(key)

    def find(self, name: str) -> str:
        normal = normal_name(name)
        if not normal:
            return ""
        exact = self._exact.get(normal, set())
        if len(exact) == 1:
            return next(iter(exact))
        if exact:  # one name, several identified parties: not for a name to choose
            return ""
        hits = process.extract(normal, self._names, scorer=fuzz.ratio, score_cutoff=CUTOFF, limit=2)
        keys = {self._keys[index] for _, _, index in hits}
        return next(iter(keys)) if len(keys) == 1 else ""
