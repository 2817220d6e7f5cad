"""Every channel that writes leaves a chain that verifies, each entry under its own channel and
address: the web (a filing form), the API (a filing with a token), the loan commands (`loans inbox`
with a real file, `loans evaluate`), the daily cron commands (`filings remind`, `inspections
escalate`), and at the end an anchor and `finsup audit verify`. `demo load` is checked where the
demo data set is loaded once (tests/demo/test_demo_audit.py). Runs on SQLite and PostgreSQL."""

import datetime
import io
import json

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from finsup.audit.models import AuditEntry
from finsup.audit.services import audit_verify
from tests import factories as f
from tests.inspections.conftest import papers  # noqa: F401 (documents without LibreOffice)
from tests.inspections.helpers import to_rectification
from tests.loans.factories import write_csv
from tests.loans.feed_helpers import company, own_rows
from tests.reporting.channels import REPORT, pc_institution, token_for
from tests.reporting.helpers import pc_figures


def written_by(step) -> list[AuditEntry]:
    """The entries a step wrote."""
    before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    step()
    return list(AuditEntry.objects.filter(seq__gt=before).order_by("seq"))


def command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def channels_and_addresses(entries) -> set[tuple[str, str | None, str]]:
    return {(e.channel, e.address, e.actor_label) for e in entries}


def test_every_channel_verifies_after_use(world, client, settings, tmp_path, capsys):
    settings.FINSUP_LOAN_STORE, settings.FINSUP_LOAN_INBOX = tmp_path / "store", tmp_path / "inbox"
    settings.FINSUP_LOAN_RAW_KEEP_DIR = ""
    settings.FINSUP_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    pc_institution("pc_web")
    _api_inst, api_user = pc_institution("pc_api")
    token = token_for(api_user)
    loans_inst, _clerk = company()
    inspection = to_rectification(world.lanshan, world.inst_lanshan)
    overdue = inspection.findings.get().deadline + datetime.timedelta(days=1)

    def web():
        address = {"REMOTE_ADDR": "2001:DB8:0:0::7"}
        login = {"username": "pc_web", "password": f.PASSWORD}
        assert client.post(reverse("accounts:login"), login, **address).status_code == 302
        url = reverse("reporting:file", args=[REPORT, "2026Q1"])
        response = client.post(url, pc_figures(), **address)
        assert response.status_code == 302

    def api():
        body = {"report": REPORT, "period": "2026Q1", "values": pc_figures()}
        response = Client(REMOTE_ADDR="198.51.100.23").post(
            "/api/v1/filings", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        assert response.status_code == 201, response.json()

    def inbox():
        folder = settings.FINSUP_LOAN_INBOX / loans_inst.credit_code
        folder.mkdir(parents=True)
        write_csv(folder / "2026-11.csv", own_rows(loans_inst))
        assert "导入 60 行" in command("loans", "inbox")

    def evaluate():
        assert "1 家公司" in command("loans", "evaluate", "--as-of", "2026-12-01")

    def remind():
        assert "new warnings for missing filings" in command("filings", "remind", "--as-of", "2026-11-30")

    def escalate():
        assert "1 overdue" in command("inspections", "escalate", "--as-of", overdue.isoformat())

    expected = {
        web: {("web", "2001:db8::7", "pc_web")},
        api: {("api", "198.51.100.23", "pc_api")},
        inbox: {("command", None, "finsup loans")},
        evaluate: {("command", None, "finsup loans")},
        remind: {("command", None, "command:filings remind")},
        escalate: {("command", None, "command:inspections escalate")},
    }
    for step, shape in expected.items():
        entries = written_by(step)
        assert entries, f"{step.__name__} wrote no audit entry"
        assert channels_and_addresses(entries) == shape, step.__name__
        assert audit_verify().intact, step.__name__

    assert "anchored #" in command("audit", "anchor")
    report = audit_verify()
    assert report.intact and report.anchors.checkpoints == 1 and not report.warnings
    assert "audit chain intact" in command("audit", "verify")
