"""The loan-level pages: a microloan company's clerk uploads a file and reads the batch's report; staff
read the batches of their jurisdiction and a company's loan rules after evaluation. Bad input changes
nothing; what a user may not see answers 404; no page shows a borrower's identifier."""

import datetime
import os
import stat

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from finsup.loans.choices import BatchOutcome, FeedChannel
from finsup.loans.evaluation import loans_evaluate
from finsup.loans.feeds import loan_batch_receive
from finsup.loans.models import LoanBatch, LoanRuleResult
from finsup.loans.views_upload import PrivateUploadHandler
from finsup.monitoring.choices import WarningSource
from finsup.monitoring.models import RiskWarning
from tests import factories as f

from .factories import write_csv
from .feed_helpers import AS_OF, company, own_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    """Uploads are written under VAR_DIR: each test its own, to see that nothing is left there."""
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def uploads_left(var_dir) -> list:
    folder = var_dir / "loan_uploads"
    return list(folder.iterdir()) if folder.exists() else []


def upload(client, path, *, follow=False):
    with open(path, "rb") as handle:
        return client.post("/loans/upload/", {"contract_version": "1", "file": handle}, follow=follow)


def unreadable(path):
    path.write_bytes(b"not parquet at all")
    return path


def evaluated_company(tmp_path):
    """A company whose batch was imported and evaluated on AS_OF (breaches included)."""
    inst, clerk = company()
    rows = own_rows(inst)
    batch = loan_batch_receive(
        institution=inst,
        channel=FeedChannel.UPLOAD,
        source_name="loans.csv",
        path=write_csv(tmp_path / "loans.csv", rows),
        by=clerk,
        evaluate=False,
    )
    loans_evaluate(as_of=AS_OF, institutions=[inst])
    return inst, clerk, batch, rows


# --- upload --------------------------------------------------------------------------------------


def test_an_upload_is_imported_and_its_file_deleted(client, tmp_path, _var_dir, _loan_store):
    inst, clerk = company()
    rows = own_rows(inst)
    client.force_login(clerk)
    page = client.get("/loans/upload/").content.decode()
    assert "上传逐笔贷款数据" in page and inst.credit_code in page and "loans-v1.schema.json" in page

    response = upload(client, write_csv(tmp_path / "贷款明细.csv", rows))
    batch = LoanBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/loans/batches/{batch.pk}/"
    assert batch.outcome == BatchOutcome.ACCEPTED and batch.rows_written == 60
    assert batch.channel == FeedChannel.UPLOAD and batch.source_name == "贷款明细.csv" and batch.submitted_by == clerk
    assert list(_loan_store.rglob("*.parquet"))
    assert LoanRuleResult.objects.filter(institution=inst).exists()  # evaluated on receipt
    assert uploads_left(_var_dir) == []

    page = client.get(response["Location"]).content.decode()
    assert "导入 60 行" in page and "loan-outcome-accepted" in page and "贷款明细.csv" in page
    assert not [r["borrower_id"] for r in rows if r["borrower_id"] in page]


def test_an_upload_with_a_bad_row_shows_the_report_and_stores_nothing(client, tmp_path, _var_dir, _loan_store):
    inst, clerk = company()
    rows = own_rows(inst)
    rows[7]["due_date"] = "2025-02-30"
    rows[9]["borrower_id"] = rows[9]["borrower_id"][:-1] + ("0" if rows[9]["borrower_id"][-1] != "0" else "1")
    client.force_login(clerk)
    response = upload(client, write_csv(tmp_path / "loans.csv", rows), follow=True)
    batch = LoanBatch.objects.get()
    assert batch.outcome == BatchOutcome.REJECTED and batch.rows_written == 0
    assert not list(_loan_store.rglob("*.parquet"))
    assert not LoanRuleResult.objects.exists() and not RiskWarning.objects.exists()
    assert uploads_left(_var_dir) == []

    page = response.content.decode()
    assert "整批未导入" in page and "未导入" in page
    assert "到期日" in page and "due_date" in page and "日期须为 YYYY-MM-DD 格式的有效日期" in page
    assert "借款人证件号码" in page
    assert rows[9]["borrower_id"] not in page  # the report names the row and column, never the value


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("loans.txt", b"company_credit_code\n", "不是 CSV、Parquet 或 Excel .xlsx 文件"),
        ("loans.csv", b"", "文件为空"),
    ],
)
def test_a_file_that_is_not_a_loan_file_is_refused_and_nothing_changes(
    client, tmp_path, _var_dir, _loan_store, name, content, error
):
    inst, clerk = company()
    path = tmp_path / name
    path.write_bytes(content)
    client.force_login(clerk)
    response = upload(client, path)
    assert response.status_code == 422 and error in response.content.decode()
    assert not LoanBatch.objects.exists() and uploads_left(_var_dir) == []


def test_no_file_and_a_file_too_large_are_refused(client, tmp_path, settings, _var_dir):
    inst, clerk = company()
    client.force_login(clerk)
    response = client.post("/loans/upload/", {"contract_version": "1"})
    assert "请选择要上传的文件" in response.content.decode()

    settings.FINSUP_LOAN_UPLOAD_MAX_BYTES = 1024
    response = upload(client, write_csv(tmp_path / "loans.csv", own_rows(inst)))
    page = response.content.decode()
    assert response.status_code == 422 and "文件超过" in page and "请选择要上传的文件" not in page
    assert not LoanBatch.objects.exists() and uploads_left(_var_dir) == []


def test_the_upload_is_written_to_a_private_file_under_var(tmp_path):
    handler = PrivateUploadHandler(None, directory=tmp_path, max_bytes=100)
    handler.new_file("file", "贷款.CSV", "text/csv", None)
    handler.receive_data_chunk(b"a,b\n", 0)
    uploaded = handler.file_complete(4)
    path = uploaded.temporary_file_path()
    assert os.path.dirname(path) == str(tmp_path) and path.endswith(".csv")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    handler.close_all()
    assert not os.path.exists(path)


def test_the_upload_checks_the_csrf_token(tmp_path, _var_dir):
    inst, clerk = company()
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    assert upload(client, write_csv(tmp_path / "loans.csv", own_rows(inst))).status_code == 403
    assert not LoanBatch.objects.exists() and uploads_left(_var_dir) == []


def test_only_microloan_companies_upload(client, world):
    guarantee = f.make_institution(kind="guarantee")
    client.force_login(f.make_user("guarantee_clerk", "institution", institution=guarantee))
    assert client.get("/loans/upload/").status_code == 404
    assert client.get("/loans/").status_code == 404
    assert "/loans/" not in client.get("/dashboard/").content.decode()  # not in the menu
    client.force_login(world.lanshan["clerk"])
    assert client.get("/loans/upload/").status_code == 404  # staff do not upload
    client.force_login(world.clerk_lanshan_inst)
    assert 'href="/loans/"' in client.get("/dashboard/").content.decode()


def test_the_contract_files_are_downloaded(client, world):
    client.force_login(world.clerk_lanshan_inst)
    response = client.get("/loans/contract/loans-v1.schema.json")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert b'"borrower_id"' in b"".join(response.streaming_content)
    assert client.get("/loans/contract/loans-v1.example.csv").status_code == 200
    assert client.get("/loans/contract/README.md").status_code == 200
    assert client.get("/loans/contract/ingest.py").status_code == 404
    assert client.get("/loans/contract/..%2Fingest.py").status_code == 404


# --- batches -------------------------------------------------------------------------------------


def test_batches_are_scoped_and_filtered(client, tmp_path, world):
    inst, clerk, batch, _ = evaluated_company(tmp_path)  # in Lanshan
    other, other_clerk = company("other")
    bad = unreadable(tmp_path / "x.parquet")
    rejected = loan_batch_receive(institution=other, channel=FeedChannel.UPLOAD, source_name="bad.csv", path=bad)

    def table(**filters) -> str:  # the results only, as HTMX asks for them (the toolbar lists every company)
        return client.get("/loans/", filters, HTTP_HX_REQUEST="true").content.decode()

    client.force_login(world.lanshan["inspector"])
    page = client.get("/loans/").content.decode()
    assert "逐笔贷款数据" in page and inst.name in page and other.name in page and "<html" in page
    assert inst.name in table() and other.name in table()
    assert inst.name in table(company=inst.pk) and other.name not in table(company=inst.pk)
    assert "bad.csv" in table(outcome="rejected") and "loans.csv" not in table(outcome="rejected")
    assert "loans.csv" in table(channel="upload") and "loans.csv" not in table(channel="api")
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    assert "loans.csv" not in table(received_from=tomorrow) and "loans.csv" in table(received_to=tomorrow)
    assert "<html" not in table()

    client.force_login(world.luozhuang["inspector"])
    assert inst.name not in client.get("/loans/").content.decode()
    assert client.get(f"/loans/batches/{batch.pk}/").status_code == 404

    client.force_login(clerk)
    page = client.get("/loans/").content.decode()
    assert "loans.csv" in page and "bad.csv" not in page and 'href="/loans/upload/"' in page
    assert client.get(f"/loans/batches/{rejected.pk}/").status_code == 404
    assert client.get(f"/loans/batches/{batch.pk}/").status_code == 200


def test_the_batch_list_does_not_query_per_batch(client, tmp_path, world):
    inst, clerk = company()

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/loans/").status_code == 200
        return len(ctx)

    client.force_login(world.city["inspector"])
    bad = unreadable(tmp_path / "x.parquet")
    loan_batch_receive(institution=inst, channel=FeedChannel.UPLOAD, source_name="a.csv", path=bad, by=clerk)
    one = queries()
    for i in range(5):
        loan_batch_receive(institution=inst, channel=FeedChannel.UPLOAD, source_name=f"{i}.csv", path=bad, by=clerk)
    assert queries() == one


# --- monitoring ----------------------------------------------------------------------------------


def test_the_monitoring_page_after_evaluation(client, tmp_path):
    inst, clerk, batch, rows = evaluated_company(tmp_path)
    client.force_login(inst.lead_supervisor)
    page = client.get(f"/loans/companies/{inst.pk}/").content.decode()
    assert "逐笔贷款监测" in page and inst.name in page and "2026-11-27" in page
    assert "借款人不在批准的经营区域内。" in page and "loan_outside_region" in page
    assert "badge-revoked" in page and "未达标" in page
    assert "L00000003" in page and "L00000001" in page
    many = LoanRuleResult.objects.filter(institution=inst, loan_count__gt=10)  # more than shown beside the rule
    assert many.exists()
    for result in LoanRuleResult.objects.filter(institution=inst, passed=False):
        link = f"/loans/companies/{inst.pk}/rules/{result.rule_id}/?day=2026-11-27"
        assert (link in page) == (result in many), result.rule_id
    warning = RiskWarning.objects.get(institution=inst, rule_id="loan_banned_purpose")
    assert warning.get_absolute_url() in page
    assert 'data-loan-chart="book"' in page and 'data-loan-chart="hits"' in page and "data-indicator=" in page
    assert 'id="loan-chart-data"' in page and 'id="indicator-data"' in page
    assert "<script>" not in page  # the CSP allows no inline script
    assert not [r["borrower_id"] for r in rows if r["borrower_id"] in page]

    client.cookies["django_language"] = "en"
    page = client.get(f"/loans/companies/{inst.pk}/").content.decode()
    assert "Borrower&#x27;s county outside the company&#x27;s approved operating area." in page


def test_the_loans_of_a_rule_and_the_links_to_the_page(client, tmp_path, world):
    inst, clerk, batch, rows = evaluated_company(tmp_path)
    client.force_login(inst.lead_supervisor)
    page = client.get(f"/loans/companies/{inst.pk}/rules/loan_related_party/").content.decode()
    result = LoanRuleResult.objects.get(institution=inst, rule_id="loan_related_party")
    assert all(loan in page for loan in result.loan_ids) and "2026-11-27" in page
    assert client.get(f"/loans/companies/{inst.pk}/rules/loan_related_party/?day=2026-01-01").status_code == 404
    assert client.get(f"/loans/companies/{inst.pk}/rules/no_such_rule/").status_code == 404
    assert client.get(f"/loans/companies/{inst.pk}/rules/loan_related_party/?day=bad").status_code == 404

    warning = RiskWarning.objects.filter(institution=inst, source=WarningSource.LOAN_MONITORING).first()
    assert f"/loans/companies/{inst.pk}/" in client.get(warning.get_absolute_url()).content.decode()
    for w in RiskWarning.objects.filter(institution=inst, source=WarningSource.LOAN_MONITORING):
        # What happened, as supervisors read figures: no rule version, no comparator's code.
        assert "version" not in w.detail and "版本" not in w.detail and "between" not in w.detail, w.detail
    assert f"/loans/companies/{inst.pk}/" in client.get(inst.get_absolute_url()).content.decode()
    guarantee = f.make_institution(kind="guarantee")
    assert "/loans/companies/" not in client.get(guarantee.get_absolute_url()).content.decode()


def test_the_monitoring_page_is_scoped_to_staff_and_the_company_itself(client, tmp_path, world):
    inst, clerk, batch, rows = evaluated_company(tmp_path)  # in Lanshan
    guarantee = f.make_institution(kind="guarantee")
    guarantee_clerk = f.make_user("guarantee_clerk", "institution", institution=guarantee)
    client.force_login(world.luozhuang["lead_supervisor"])
    assert client.get(f"/loans/companies/{inst.pk}/").status_code == 404
    assert client.get(f"/loans/companies/{inst.pk}/rules/loan_related_party/").status_code == 404
    client.force_login(world.city["auditor"])
    assert client.get(f"/loans/companies/{inst.pk}/").status_code == 200
    assert client.get(f"/loans/companies/{guarantee.pk}/").status_code == 404  # only microloan companies
    # Another company, of the same county or another, reads none of it; a guarantee company has no loan page.
    for other in (world.clerk_lanshan_inst, world.clerk_luozhuang_inst):
        client.force_login(other)
        assert client.get(f"/loans/companies/{inst.pk}/").status_code == 404
        assert client.get(f"/loans/companies/{inst.pk}/rules/loan_related_party/").status_code == 404
    client.force_login(guarantee_clerk)
    assert client.get(f"/loans/companies/{guarantee.pk}/").status_code == 404


def test_the_company_reads_its_own_loan_rules_without_the_office_handling(client, tmp_path):
    inst, clerk, batch, rows = evaluated_company(tmp_path)
    client.force_login(clerk)
    assert f"/loans/companies/{inst.pk}/" in client.get("/loans/").content.decode()
    page = client.get(f"/loans/companies/{inst.pk}/").content.decode()
    assert "借款人不在批准的经营区域内。" in page and "未达标" in page and "L00000003" in page
    warning = RiskWarning.objects.get(institution=inst, rule_id="loan_banned_purpose")
    assert f"/warnings/breaches/{warning.pk}/" in page and warning.get_absolute_url() not in page
    assert inst.lead_supervisor.username not in page and "承办人" not in page  # no assignment shown
    assert "/indicators/" not in page  # the office's indicator trends are staff pages
    assert not [r["borrower_id"] for r in rows if r["borrower_id"] in page]
    page = client.get(f"/loans/companies/{inst.pk}/rules/loan_related_party/").content.decode()
    result = LoanRuleResult.objects.get(institution=inst, rule_id="loan_related_party")
    assert all(loan in page for loan in result.loan_ids)
    if result.warning_id:
        assert f"/warnings/breaches/{result.warning_id}/" in page


def test_a_company_without_evaluation_has_an_empty_page(client, world):
    client.force_login(world.lanshan["inspector"])
    page = client.get(f"/loans/companies/{world.inst_lanshan.pk}/").content.decode()
    assert "尚未" in page and "data-loan-chart" not in page
