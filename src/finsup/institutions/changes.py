"""Who follows changes of the registry's owners, people and related parties: the apps above the
registry register a hook (the relation graph rewrites the institution's links), called inside the
transaction that made the change, so that what the hook writes stands or falls with it."""

from __future__ import annotations

from collections.abc import Callable

_HOOKS: list[Callable[[int], None]] = []


def register_on_registry_change(hook: Callable[[int], None]) -> Callable[[int], None]:
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def registry_changed(institution_id: int) -> None:
    for hook in _HOOKS:
        hook(institution_id)
