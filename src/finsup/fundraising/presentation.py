"""The index's contributions in words a supervisor reads: which word, which return against which
cap, how many tip-offs from where, which entity or institution a link goes to."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.core import numbers

from .index import Contribution

SIGNAL_NAMES = {
    "word": gettext_lazy("Feature word"),
    "return": gettext_lazy("Promised return above the legal cap"),
    "complaints": gettext_lazy("Tip-offs and complaints"),
    "spread": gettext_lazy("Tip-offs from several offices"),
    "link_disposed": gettext_lazy("Shares identifiers with an entity found to be illegal fundraising"),
    "link_licensed": gettext_lazy("Related to a licensed institution in the ownership graph"),
    "near_duplicate": gettext_lazy("Text nearly identical to another entity's"),
}


def signal_name(signal: str) -> str:
    return str(SIGNAL_NAMES[signal])


def _percent(value: str) -> str:
    return numbers.percent(Decimal(value) / 100)


def describe(c: Contribution) -> str:
    d = c.detail
    if c.signal == "word":
        return _("“%(word)s” appears %(count)s times (counted %(counted)s)") % d
    if c.signal == "return":
        return _("“%(quote)s”: %(rate)s a year against the cap of %(cap)s") % {
            "quote": d["quote"],
            "rate": _percent(d["rate"]),
            "cap": _percent(d["cap"]),
        }
    if c.signal == "complaints":
        return _("%(count)s tip-offs or complaints (counted %(counted)s)") % d
    if c.signal == "spread":
        return _("received by %(n)s offices") % {"n": len(d["offices"])}
    if c.signal == "link_disposed":
        shared = "、".join(_identifier(i) for i in d["shared"])
        return _("shares %(shared)s with %(entity)s") % {"shared": shared, "entity": d["entity"]}
    if c.signal == "link_licensed":
        return _("%(institution)s: %(path)s") % d
    if c.signal == "near_duplicate":
        return _("a text %(similarity)s%% alike to one of %(entity)s") % d
    return ""


_IDENTIFIER_KINDS = {
    "code": gettext_lazy("credit code"),
    "person": gettext_lazy("person"),
    "phone": gettext_lazy("phone"),
    "address": gettext_lazy("address"),
    "channel": gettext_lazy("channel"),
}


def _identifier(identifier: str) -> str:
    kind, _sep, value = identifier.partition(":")
    if kind == "phone" and len(value) >= 7:
        value = value[:3] + "****" + value[-4:]
    return f"{_IDENTIFIER_KINDS.get(kind, kind)} {value}"


WEIGHT_LABELS = {
    "word_cap": gettext_lazy("Occurrences of one feature word counted at most"),
    "return_over_cap": gettext_lazy("Promised return above the legal cap (four times the one-year LPR)"),
    "return_per_point": gettext_lazy("Per percentage point above the cap"),
    "return_points_cap": gettext_lazy("Points above the cap at most"),
    "complaint": gettext_lazy("Per tip-off or complaint"),
    "complaint_cap": gettext_lazy("Tip-offs and complaints counted at most"),
    "spread_office": gettext_lazy("Per receiving office beyond the first"),
    "link_disposed": gettext_lazy("Per entity found to be illegal fundraising sharing an identifier"),
    "link_licensed": gettext_lazy("Per licensed institution related in the ownership graph"),
    "near_duplicate": gettext_lazy("Per other entity with a nearly identical text"),
    "near_duplicate_threshold": gettext_lazy("Similarity from which texts are nearly identical (0–100)"),
    "flag_score": gettext_lazy("Index from which an entity is flagged"),
}


def weight_rows(weights) -> list[tuple[str, str]]:
    return [(str(WEIGHT_LABELS[k]), f"{v.normalize():f}") for k, v in weights.signals.items()]


def word_rows(weights) -> list[tuple[str, str]]:
    return [(w, f"{v.normalize():f}") for w, v in weights.words.items()]
