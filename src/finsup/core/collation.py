"""Chinese names in pinyin order (阿 before 北 before 张), the order a Chinese office reads a list
in, on both databases: one collation named PINYIN, sorted with `pinyin_order("institution__name")`.

PostgreSQL: an ICU collation created by this app's migration (ICU's Chinese collation is pinyin).
SQLite: the same name registered on every connection, comparing `pinyin_key`s, computed with
pypinyin (a maintained library with the phrase dictionary that reads 长/行/重 right in context).
Python lists (rows computed in memory) sort with `pinyin_key` directly.

The two differ only on characters with several readings: ICU reads each character one way (长 as
zhang, so 长城 sorts among the zh names), pypinyin in context (长城 among the ch names).
"""

from __future__ import annotations

from functools import lru_cache

from django.db.models import F
from django.db.models.functions import Collate
from pypinyin import Style, lazy_pinyin

PINYIN = "finsup_pinyin"


@lru_cache(maxsize=8192)
def pinyin_key(text: str) -> tuple[tuple[str, ...], str]:
    """The sort key of a name: its syllables (letters and digits as they are, lower-cased), then
    the text itself so that two names read alike keep a stable order."""
    text = text or ""
    return tuple(s.lower() for s in lazy_pinyin(text, style=Style.TONE3, errors="default")), text


def compare(left: str | None, right: str | None) -> int:
    """SQLite's collation callback: negative, zero or positive, as strcmp."""
    a, b = pinyin_key(left or ""), pinyin_key(right or "")
    return (a > b) - (a < b)


def pinyin_order(field: str, *, descending: bool = False):
    """An ORDER BY term: the field in pinyin order."""
    term = Collate(F(field), PINYIN)
    return term.desc() if descending else term.asc()


def register_sqlite(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: SQLite learns the collation on each new connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(PINYIN, compare)
