"""Every record with a status moves through the one lifecycle helper (core/lifecycle.py): each
concrete finsup model with a field named status or stage (or *_status, *_stage) that has choices
is the model of a declared Lifecycle for that field, and each Lifecycle's table of allowed moves
knows every status of its field. Discovered, not listed: a new status field without a
Lifecycle fails here until it gets one or an explained place in NOT_MOVED."""

import importlib
import pkgutil

from django.apps import apps

import finsup
from finsup.core import lifecycle
from finsup.core.append_only import AppendOnly

# Status-like fields that never move, each for a reason:
NOT_MOVED = {
    # The stage of the rule (test or active) when the result was computed: a copy of the rule's
    # stage, written once with the result; results are replaced, not moved.
    ("reporting.RuleResult", "stage"),
    ("loans.LoanRuleResult", "stage"),
}


def _declare_all() -> None:
    """Imports every finsup module, so that every Lifecycle (declared at module level, mostly in
    services) is in the registry."""
    for module in pkgutil.walk_packages(finsup.__path__, "finsup."):
        if ".migrations" in module.name or module.name.startswith("finsup.config.settings"):
            continue
        importlib.import_module(module.name)


def status_fields() -> set[tuple[str, str]]:
    found = set()
    for model in apps.get_models():
        if model._meta.proxy or not model.__module__.startswith("finsup.") or issubclass(model, AppendOnly):
            continue  # event rows record moves (from_status, to_status); they do not move
        for field in model._meta.concrete_fields:
            name = field.name
            if field.choices and (name in ("status", "stage") or name.endswith(("_status", "_stage"))):
                found.add((model._meta.label, name))
    return found


def declared() -> set[tuple[str, str]]:
    _declare_all()
    return {(lc.model._meta.label, lc.status_field) for lc in lifecycle.declared()}


def test_every_status_field_moves_through_a_declared_lifecycle():
    missing = status_fields() - NOT_MOVED - declared()
    assert not missing, f"status fields without a Lifecycle: {sorted(missing)}"


def test_the_exceptions_are_status_fields_without_a_lifecycle():
    assert NOT_MOVED <= status_fields()  # an entry whose field is gone goes
    assert not NOT_MOVED & declared()  # and so does one that got a Lifecycle


def test_each_table_knows_every_status_of_its_field():
    _declare_all()
    for lc in lifecycle.declared():
        choices = {value for value, _label in lc.model._meta.get_field(lc.status_field).flatchoices}
        targets = set().union(*lc.table.values())
        name = f"{lc.model._meta.label}.{lc.status_field}"
        assert choices <= set(lc.table), f"{name}: no row for {sorted(choices - set(lc.table))}"
        assert targets <= choices, f"{name}: moves to unknown statuses {sorted(targets - choices)}"


def test_the_registry_holds_the_lifecycles_of_the_apps():
    labels = declared()
    assert len(labels) >= 20
    assert ("documents.OfficialDocument", "status") in labels
    assert ("institutions.KeyPerson", "approval_status") in labels
    assert ("ratings.RatingAppeal", "decision") in labels
