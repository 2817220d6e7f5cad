"""A rules folder for a test: the shipped rule files with a few edits, made the rulebook in force
(FINSUP_RULES_DIR) for the test only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from finsup.reporting import catalogue_access
from finsup.rulebook.loader import RULES_DIR


def edited_rules(folder: Path, *, edits=(), appended: dict[str, str] | None = None) -> Path:
    """A copy of the shipped rules in ``folder`` with ``edits`` ((file, rule id, old text, new text):
    the first occurrence after the rule's id) and ``appended`` ({file: text})."""
    shutil.copytree(RULES_DIR, folder)
    for name, rule_id, old, new in edits:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        at = text.index(old, text.index(f'id = "{rule_id}"'))
        path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    for name, extra in (appended or {}).items():
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return folder


@pytest.fixture
def rules_in_force(settings, tmp_path):
    """rules_in_force(edits=…, appended=…, name=…): a rules folder made the one in force."""

    def use(*, edits=(), appended=None, name="rules") -> Path:
        folder = edited_rules(tmp_path / name, edits=edits, appended=appended)
        settings.FINSUP_RULES_DIR = str(folder)
        catalogue_access.rulebook.cache_clear()
        return folder

    catalogue_access.rulebook.cache_clear()
    yield use
    catalogue_access.rulebook.cache_clear()
