"""Removing personal data from text before it is published: resident ID numbers, mobile and
landline phone numbers, and the names of the people involved (given by the caller)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from finsup.core.personal_data import mask_id_number, mask_phone

# Digits as people type them: ASCII or full-width (１３８…); groups may be split by a space, an
# ideographic space or a hyphen (either width), as in "370302 1980 0101 1234" or "138-1234-5678".
_D = "[0-9\uff10-\uff19]"
_S = "[-\u2010-\u2015\uff0d \u3000]?"
_X = "[0-9\uff10-\uff19Xx\uff38\uff58]"
_EDGE_BEFORE, _EDGE_AFTER = "(?<![0-9A-Za-z\uff10-\uff19])", "(?![0-9A-Za-z\uff10-\uff19])"
# 18-character resident ID numbers (6 + 8 + 3 + check, last may be X) and the old 15-digit ones.
_ID_NUMBER = re.compile(
    _EDGE_BEFORE
    + f"({_D}{{6}}{_S}{_D}{{4}}{_S}{_D}{{4}}{_S}{_D}{{3}}{_X}|{_D}{{6}}{_S}{_D}{{6}}{_S}{_D}{{3}})"
    + _EDGE_AFTER
)
_MOBILE = re.compile(
    f"(?<![0-9\uff10-\uff19])(?:[+\uff0b]?[8\uff18][6\uff16]{_S})?([1\uff11][3-9\uff13-\uff19]{_D}{_S}{_D}{{4}}{_S}{_D}{{4}})"
    + "(?![0-9\uff10-\uff19])"
)
# An area code (0 + 2–3 digits), perhaps in parentheses of either width, then 7–8 digits.
_LANDLINE = re.compile(
    f"(?<![0-9\uff10-\uff19])([(\uff08]?[0\uff10]{_D}{{2,3}}[)\uff09]?{_S}{_D}{{7,8}})(?![0-9\uff10-\uff19])"
)


def _plain(text: str) -> str:
    """The characters of a match as ASCII, without separators or parentheses (for masking)."""
    return re.sub(r"[^0-9X]", "", unicodedata.normalize("NFKC", text).upper())


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳小明 → 欧***: the family name stays, so the text still reads."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else "*"


def redact(text: str, *, names: Iterable[str] = ()) -> str:
    text = _ID_NUMBER.sub(lambda m: mask_id_number(_plain(m.group(1))), text)
    text = _MOBILE.sub(lambda m: mask_phone(_plain(m.group(1))), text)
    text = _LANDLINE.sub(lambda m: mask_phone(_plain(m.group(1))), text)
    # Longest names first, so 欧阳小明 is masked whole before 欧阳 could match inside it.
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    return text
