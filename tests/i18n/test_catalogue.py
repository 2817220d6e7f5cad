"""zh-Hans is the default language: every UI string must be translated, and the compiled
catalogue must match its source."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "finsup"
PO = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(catalogue):
    return {
        (e.msgctxt, e.msgid, e.msgid_plural): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in catalogue
        if not e.obsolete and e.msgid
    }


def test_every_entry_is_translated():
    po = polib.pofile(str(PO))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert not missing, f"{len(missing)} untranslated: {missing[:20]}"


def test_compiled_catalogue_matches_the_source():
    assert _entries(polib.mofile(str(MO))) == _entries(polib.pofile(str(PO))), "run: make messages"


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    if not shutil.which("xgettext"):
        pytest.fail("xgettext not found: apt-get install gettext")
    copy = tmp_path / "finsup"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.mo"))
    # makemessages writes into LOCALE_PATHS[0]: point it at the copy, never at the real catalogue.
    (tmp_path / "copy_settings.py").write_text(
        f"from finsup.config.settings.test import *\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "copy_settings", "PYTHONPATH": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-m", "finsup.manage", "makemessages", "-l", "zh_Hans", "--no-location", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env=env,
    )
    fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO))}
    new = sorted(msgid for _, msgid in fresh - known)
    assert not new, f"strings missing from the catalogue (run: make messages): {new[:20]}"
