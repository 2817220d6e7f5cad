"""`finsup loans`: the inbox folder, one file from the command line, the daily evaluation."""

import datetime
import io
import os

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from finsup.loans.models import LoanBatch, LoanRuleResult

from . import hostile_files as hostile
from .factories import write_csv
from .feed_helpers import company, own_rows

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("loans", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_the_inbox_ingests_complete_files_reports_and_deletes_them(settings, tmp_path):
    inst, _ = company()
    folder = settings.FINSUP_LOAN_INBOX / inst.credit_code
    folder.mkdir(parents=True)
    write_csv(folder / "2026-11.csv", own_rows(inst))
    write_csv(folder / "still-writing.csv.part", own_rows(inst))
    out = run("inbox")
    assert "导入 60 行" in out and "校验 60 行" in out  # the report, and the progress stages
    assert not (folder / "2026-11.csv").exists() and (folder / "still-writing.csv.part").exists()
    (report,) = (folder / "reports").iterdir()
    assert "导入 60 行" in report.read_text(encoding="utf-8")
    batch = LoanBatch.objects.get()
    assert batch.channel == "inbox" and batch.submitted_by is None


def test_a_folder_that_is_no_company_is_left_alone(settings):
    stray = settings.FINSUP_LOAN_INBOX / "NOT-A-COMPANY"
    stray.mkdir(parents=True)
    (stray / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    out = run("inbox")
    assert "不是已登记机构" in out and (stray / "x.csv").exists()
    assert not LoanBatch.objects.exists()


def test_ingest_one_file_and_a_rejected_one_fails_the_command(tmp_path):
    inst, _ = company()
    rows = own_rows(inst)
    assert "导入 60 行" in run("ingest", str(write_csv(tmp_path / "a.csv", rows)), "--company", inst.credit_code)
    rows[0]["loan_version"] = "0"
    with pytest.raises(CommandError):
        run("ingest", str(write_csv(tmp_path / "b.csv", rows)), "--company", inst.credit_code)
    assert list(LoanBatch.objects.values_list("outcome", flat=True).order_by("pk")) == ["accepted", "rejected"]


def test_evaluate_is_idempotent_for_a_day(tmp_path):
    inst, _ = company()
    run("ingest", str(write_csv(tmp_path / "a.csv", own_rows(inst))), "--company", inst.credit_code)
    count = LoanRuleResult.objects.count()  # ingestion evaluated as of today
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    out = run("evaluate", "--as-of", tomorrow)
    assert "1 家公司" in out and LoanRuleResult.objects.count() == 2 * count
    assert "写入结果 0 条" in run("evaluate", "--as-of", tomorrow)


def test_export_context_and_import_findings_round_trip(tmp_path):
    import json

    from finsup.loans.evaluation import company_context
    from finsup.monitoring.models import RiskWarning
    from finsup.reporting import catalogue_access as cat
    from finsup.rulebook.findings_io import findings_to_json
    from finsup.rulebook.loans_engine import evaluate_loans

    inst, _ = company()
    rows = own_rows(inst)
    out = tmp_path / "companies.json"
    assert "1 家公司" in run("export-context", "--out", str(out), "--as-of", "2026-11-27")
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported == {
        inst.credit_code: {"net_assets": None, "approved_counties": ["371302"], "online_lending": False}
    }
    # What the cluster would compute, from the exported context, imported without a local store.
    from finsup.loans.ingest import ingest_file, store_glob

    store = tmp_path / "cluster-store"
    ingest_file(write_csv(tmp_path / "a.csv", rows), store_dir=store)
    import datetime

    findings = evaluate_loans(
        cat.rulebook(),
        store_glob(store),
        company_context([inst], datetime.date(2026, 11, 27)),
        as_of=datetime.date(2026, 11, 27),
    )
    (tmp_path / "findings.json").write_text(findings_to_json(findings), encoding="utf-8")
    out = run("import-findings", str(tmp_path / "findings.json"), "--as-of", "2026-11-27")
    assert f"导入 {len(findings)} 条结论" in out
    assert LoanRuleResult.objects.filter(institution=inst).count() == len(findings)
    assert RiskWarning.objects.filter(institution=inst, rule_id="loan_banned_purpose").exists()


def test_an_unreadable_file_is_set_aside_and_the_next_company_is_ingested(settings, tmp_path):
    first, _ = company("first")
    second, _ = company("second")
    bad_folder = settings.FINSUP_LOAN_INBOX / first.credit_code
    good_folder = settings.FINSUP_LOAN_INBOX / second.credit_code
    bad_folder.mkdir(parents=True)
    good_folder.mkdir(parents=True)
    bad = hostile.random_bytes(bad_folder / "2026-11.xlsx")
    good = write_csv(good_folder / "2026-11.csv", own_rows(second))
    os.utime(bad, (1, 1))  # the corrupt file is the oldest: collected first
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("loans", "inbox", stdout=out, stderr=out)
    assert failed.value.returncode == 3  # after every file was processed
    assert "无法读取而移至 rejected/ 的 1 个" in out.getvalue()

    assert not bad.exists() and not good.exists()
    (aside,) = (bad_folder / "rejected").iterdir()
    assert aside.name.endswith("-2026-11.xlsx")
    (receipt,) = (bad_folder / "reports").iterdir()
    text = receipt.read_text(encoding="utf-8")
    assert "文件无法读取：不是有效的 Excel .xlsx 文件" in text and f"rejected/{aside.name}" in text
    assert list(LoanBatch.objects.order_by("pk").values_list("institution", "outcome", "problem")) == [
        (first.pk, "rejected", "unreadable"),
        (second.pk, "accepted", ""),
    ]
    assert "导入 60 行" in (next((good_folder / "reports").iterdir())).read_text(encoding="utf-8")

    assert "处理 0 个文件" in run("inbox")  # the file set aside is not read again: exit 0


def test_an_unexpected_failure_leaves_the_file_and_goes_on(settings, monkeypatch):
    from finsup.loans import inbox

    first, _ = company("first")
    second, _ = company("second")
    for inst, stamp in ((first, 1), (second, 2)):
        folder = settings.FINSUP_LOAN_INBOX / inst.credit_code
        folder.mkdir(parents=True)
        os.utime(write_csv(folder / "a.csv", own_rows(inst)), (stamp, stamp))
    real = inbox.loan_batch_receive

    def flaky(*, institution, **kwargs):
        if institution == first:
            raise RuntimeError("database went away")
        return real(institution=institution, **kwargs)

    monkeypatch.setattr(inbox, "loan_batch_receive", flaky)
    with pytest.raises(CommandError) as failed:
        run("inbox")
    assert failed.value.returncode == 3
    assert (settings.FINSUP_LOAN_INBOX / first.credit_code / "a.csv").exists()  # for the next run
    assert list(LoanBatch.objects.values_list("institution", "outcome")) == [(second.pk, "accepted")]
