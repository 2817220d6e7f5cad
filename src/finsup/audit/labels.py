"""Model labels an audit entry may carry for the same kind of record.

An entry records its object's model by label ("app.model") and is never rewritten (the hash chain
covers the label). When a model moves to another app, its old entries keep the old label; the app
registers the labels the model had (`register_former_labels`) so a search by either label finds
the entries of both."""

from __future__ import annotations

_GROUPS: dict[str, frozenset[str]] = {}


def register_former_labels(label: str, *former: str) -> None:
    """`label` is the model's label now, `former` the labels it had; registering again changes nothing."""
    group = frozenset({label, *former}).union(*(_GROUPS.get(name, frozenset()) for name in (label, *former)))
    for name in group:
        _GROUPS[name] = group


def same_model_labels(label: str) -> list[str]:
    """`label` and every label registered with it, sorted; just `label` when none is."""
    return sorted(_GROUPS.get(label, {label}))
