"""Reads of the responsibility list. The list is the same for every user (it is published), so
these take no actor."""

from __future__ import annotations

from functools import cache

from .responsibilities import Duty, Item, ResponsibilityList, load_responsibility_list


@cache
def responsibility_list() -> ResponsibilityList:
    """The published list, read and validated once per process."""
    return load_responsibility_list()


def duty(duty_id: int) -> Duty:
    """Duty 1–6; KeyError for another id."""
    return responsibility_list().duty(duty_id)


def item(item_id: int) -> Item:
    """Item ①–㉗ by its id 1–27; KeyError for another id."""
    return responsibility_list().item(item_id)


def item_ids() -> frozenset[int]:
    return frozenset(i.id for i in responsibility_list().items)


def item_choices() -> list[tuple[int, str]]:
    """(id, "㉒ text") pairs, for forms that link a record to an item."""
    return responsibility_list().item_choices()
