"""`finsup demo load` as one of the channels that write (tests/audit/test_channels.py has the
others): every entry it leaves is a command's, with no address, and the chain verifies and can be
anchored. On SQLite and PostgreSQL, over the package's one load (tests/demo/conftest.py)."""

from collections import Counter

from django.core.management import call_command

from finsup.audit.anchoring import audit_anchor
from finsup.audit.models import AuditEntry
from finsup.audit.services import audit_verify


def test_demo_load_leaves_command_entries_that_verify_and_anchor(loaded_entries, settings, tmp_path, capsys):
    shapes = Counter(loaded_entries.values_list("channel", "address"))
    assert set(shapes) == {("command", None)} and shapes[("command", None)] > 1000
    report = audit_verify()
    assert report.intact and report.checked == AuditEntry.objects.count()  # the whole chain, logins too
    settings.FINSUP_AUDIT_ANCHOR_DIR = tmp_path
    assert audit_anchor().seq == report.checked
    call_command("audit", "verify")
    assert "1 checkpoint(s) agree with the chain" in capsys.readouterr().out
