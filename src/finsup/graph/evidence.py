"""The links of a path read as sentences (the evidence a finding prints, on its page, in its
warning and in the Excel export): "甲 持有 乙 60%", "丙 任 乙 董事长", "乙 向 丁 发放贷款 3 笔…"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from finsup.core import numbers

from . import resolve

UNNAMED = {
    "person": lambda key: _("natural person (pseudonym %(key)s)") % {"key": key[:8]},
    "enterprise": lambda key: _("enterprise (pseudonym %(key)s)") % {"key": key[:8]},
}


def party_name(key: str, parties: Mapping[str, tuple[str, str]]) -> str:
    kind, name = parties.get(key, ("", ""))
    if name:
        return name
    return UNNAMED.get(kind, UNNAMED["enterprise"])(key.split(":")[-1])


def step_text(e: resolve.Edge, parties: Mapping[str, tuple[str, str]]) -> str:
    a, b = party_name(e.src, parties), party_name(e.dst, parties)
    if e.kind == resolve.HOLDS:
        return _("%(a)s holds %(stake)s of %(b)s") % {
            "a": a,
            "b": b,
            "stake": numbers.percent((e.stake or 0) / 100, None),
        }
    if e.kind == resolve.CONCERT:
        return (
            _("%(a)s is in the group %(b)s (%(basis)s)") % {"a": a, "b": b, "basis": e.note}
            if e.note
            else _("%(a)s acts in concert within %(b)s") % {"a": a, "b": b}
        )
    if e.kind == resolve.KEY_PERSON:
        return _("%(a)s is %(position)s of %(b)s") % {"a": a, "b": b, "position": e.note}
    if e.kind == resolve.LEGAL_REP:
        return _("%(a)s is the legal representative of %(b)s") % {"a": a, "b": b}
    if e.kind == resolve.DECLARED:
        return _("%(b)s declared %(a)s a related party (%(relation)s)") % {"a": a, "b": b, "relation": e.note}
    if e.kind == resolve.LENDS:
        text = _("%(a)s lends to %(b)s: %(loans)s live loans, outstanding %(amount)s") % {
            "a": a,
            "b": b,
            "loans": e.loans,
            "amount": numbers.wan_yuan(e.amount),
        }
        if e.undeclared:
            text += _(", %(count)s of them not marked as related-party loans") % {"count": e.undeclared}
        return text
    if e.kind == resolve.BORROWER_GROUP:
        return _("%(a)s is declared in the borrower group %(b)s") % {"a": a, "b": b}
    if e.kind == resolve.AT_ADDRESS:
        return _("%(a)s is registered at the same address") % {"a": a}
    return _("%(a)s gives the same phone number") % {"a": a}


def path_texts(path: Iterable[resolve.Edge], parties: Mapping[str, tuple[str, str]]) -> list[str]:
    return [step_text(e, parties) for e in path]
