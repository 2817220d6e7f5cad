"""Removing personal data from text before it is published: resident ID numbers, mobile and
landline phone numbers, and the names of the people involved (given by the caller)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from finsup.core.personal_data import mask_id_number, mask_phone

# 18-character resident ID numbers (last may be X) and the old 15-digit ones; not inside longer digit runs.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}[- ]?\d{7,8})(?!\d)")


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳小明 → 欧***: the family name stays, so the text still reads."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else "*"


def redact(text: str, *, names: Iterable[str] = ()) -> str:
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(1)), text)
    text = _MOBILE.sub(lambda m: mask_phone(re.sub(r"\D", "", m.group(1))), text)
    text = _LANDLINE.sub(lambda m: mask_phone(re.sub(r"\D", "", m.group(1))), text)
    # Longest names first, so 欧阳小明 is masked whole before 欧阳 could match inside it.
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    return text
