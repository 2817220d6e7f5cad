"""The feed service: a batch is all or nothing, a replay changes nothing (store, results and
warnings), findings become one warning per company, rule and day, and no clear identifier is
stored anywhere."""

import io
import shutil

import pytest
from django.core.management import call_command

from finsup.loans.choices import BatchOutcome, FeedChannel
from finsup.loans.evaluation import loans_evaluate
from finsup.loans.feeds import discard_raw, loan_batch_receive
from finsup.loans.models import LoanBatch, LoanRuleResult
from finsup.monitoring.choices import WarningSource
from finsup.monitoring.models import RiskWarning
from tests import factories as f

from .factories import write_csv
from .feed_helpers import batches, company, own_rows, state

pytestmark = pytest.mark.django_db


def receive(inst, path, **kw):
    return loan_batch_receive(institution=inst, channel=FeedChannel.UPLOAD, source_name=path.name, path=path, **kw)


def test_a_batch_is_stored_evaluated_and_warned_once_per_rule(tmp_path, _loan_store):
    inst, clerk = company()
    batch = receive(inst, write_csv(tmp_path / "loans.csv", own_rows(inst)), by=clerk)
    assert batch.outcome == BatchOutcome.ACCEPTED and batch.rows_written == 60
    assert "导入 60 行" in batch.report
    warnings = RiskWarning.objects.filter(institution=inst, source=WarningSource.LOAN_MONITORING)
    by_rule = {w.rule_id: w for w in warnings}
    assert len(by_rule) == warnings.count()  # one per rule (and day), never one per loan
    assert {"loan_related_party", "loan_banned_purpose", "loan_rate_cap_4x_lpr", "loan_outside_region"} <= set(by_rule)
    assert "L00000001" in by_rule["loan_banned_purpose"].detail
    assert "L00000003" in by_rule["loan_outside_region"].detail
    assert by_rule["loan_rate_cap_4x_lpr"].level == "info"  # a benchmark for licensed companies, not a breach
    assert by_rule["loan_outside_region"].assigned_to == inst.lead_supervisor
    result = LoanRuleResult.objects.get(institution=inst, rule_id="loan_banned_purpose")
    assert result.passed is False and result.loan_count >= 1 and "L00000001" in result.loan_ids
    assert result.warning == by_rule["loan_banned_purpose"]
    assert inst.loan_portfolio_days.get().live_loans > 0


def test_the_same_batch_twice_leaves_data_and_warnings_unchanged(tmp_path, _loan_store):
    inst, clerk = company()
    rows = own_rows(inst)
    path = write_csv(tmp_path / "loans.csv", rows)
    receive(inst, path, by=clerk)
    before = state(_loan_store)
    again = tmp_path / "again.csv"
    shutil.copy(path, again)
    assert receive(inst, again, by=clerk).outcome == BatchOutcome.DUPLICATE
    pushed = loan_batch_receive(institution=inst, channel=FeedChannel.API, source_name="push", records=rows, by=clerk)
    assert pushed.outcome == BatchOutcome.DUPLICATE and pushed.rows_replayed == 60
    assert state(_loan_store) == before
    assert batches() == [("accepted", 60, 0), ("duplicate", 0, 0), ("duplicate", 0, 60)]


def test_evaluating_again_the_same_day_writes_nothing(tmp_path, _loan_store):
    inst, clerk = company()
    receive(inst, write_csv(tmp_path / "loans.csv", own_rows(inst)), by=clerk)
    before = state(_loan_store)
    summary = loans_evaluate(institutions=[inst])
    assert summary.results_written == 0 and summary.warnings_opened == 0
    assert state(_loan_store) == before


def test_a_batch_with_one_bad_row_imports_nothing_and_reports_the_row(tmp_path, _loan_store):
    inst, clerk = company()
    rows = own_rows(inst)
    rows[7]["due_date"] = "2025-02-30"
    batch = receive(inst, write_csv(tmp_path / "loans.csv", rows), by=clerk)
    assert batch.outcome == BatchOutcome.REJECTED and batch.rows_written == 0
    assert "第9行" in batch.report and "整批未导入" in batch.report
    assert batch.rejections == [{"row": 9, "column": "due_date", "reason": "日期须为 YYYY-MM-DD 格式的有效日期"}]
    assert not list(_loan_store.rglob("*.parquet"))
    assert not RiskWarning.objects.exists() and not LoanRuleResult.objects.exists()


def test_an_unreadable_file_is_recorded_as_rejected(tmp_path):
    inst, clerk = company()
    path = tmp_path / "loans.parquet"
    path.write_bytes(b"not parquet at all")
    batch = receive(inst, path, by=clerk)
    assert batch.outcome == BatchOutcome.REJECTED and "文件无法读取" in batch.report


def test_only_microloan_companies_feed_loans(tmp_path):
    from finsup.core.errors import ApplicationError

    inst = f.make_institution(kind="guarantee")
    with pytest.raises(ApplicationError):
        receive(inst, write_csv(tmp_path / "loans.csv", own_rows(inst)))
    assert not LoanBatch.objects.exists()


def test_another_companys_rows_are_refused(tmp_path, _loan_store):
    inst, clerk = company()
    other, _ = company("other")
    batch = receive(inst, write_csv(tmp_path / "loans.csv", own_rows(other)), by=clerk)
    assert batch.outcome == BatchOutcome.REJECTED and batch.rejected_rows == 60
    assert "只能报送本公司的贷款" in batch.report
    assert not list(_loan_store.rglob("*.parquet"))


def test_raw_files_are_deleted_unless_kept(tmp_path, settings):
    inst, _ = company()
    path = write_csv(tmp_path / "a.csv", own_rows(inst))
    assert discard_raw(path, institution=inst) is None and not path.exists()
    settings.FINSUP_LOAN_RAW_KEEP_DIR = str(tmp_path / "kept")
    path = write_csv(tmp_path / "b.csv", own_rows(inst))
    kept = discard_raw(path, institution=inst)
    assert not path.exists() and kept.exists() and kept.parent.name == inst.credit_code


def test_no_clear_identifier_in_the_store_or_the_database(tmp_path, _loan_store):
    inst, clerk = company()
    rows = own_rows(inst)
    receive(inst, write_csv(tmp_path / "loans.csv", rows[:30]), by=clerk)
    loan_batch_receive(institution=inst, channel=FeedChannel.API, source_name="push", records=rows[30:], by=clerk)
    bad = [dict(r) for r in rows[:5]]
    bad[0]["principal"] = "abc"
    receive(inst, write_csv(tmp_path / "bad.csv", bad), by=clerk)
    secrets = {r["borrower_id"] for r in rows} | {r["borrower_phone"] for r in rows if r["borrower_phone"]}
    secrets |= {r["borrower_group_id"] for r in rows if r["borrower_group_id"]}
    stored = b"".join(p.read_bytes() for p in _loan_store.rglob("*") if p.is_file())
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    database = dump.getvalue()
    assert LoanBatch.objects.count() == 3 and RiskWarning.objects.exists()
    leaked = [s for s in secrets if s.encode() in stored or s in database]
    assert leaked == []


def test_a_persisting_breach_stays_on_its_open_warning_until_closed(tmp_path):
    import datetime

    from finsup.monitoring.services import warning_transition

    inst, clerk = company()
    receive(inst, write_csv(tmp_path / "loans.csv", own_rows(inst)), by=clerk)
    first = RiskWarning.objects.get(institution=inst, rule_id="loan_banned_purpose")
    loans_evaluate(as_of=first.period_end + datetime.timedelta(days=1), institutions=[inst])
    assert RiskWarning.objects.filter(institution=inst, rule_id="loan_banned_purpose").count() == 1
    warning_transition(warning=first, to_status="closed", by=inst.lead_supervisor, reason="已整改")
    loans_evaluate(as_of=first.period_end + datetime.timedelta(days=2), institutions=[inst])
    assert RiskWarning.objects.filter(institution=inst, rule_id="loan_banned_purpose").count() == 2


def test_net_assets_come_from_the_latest_counted_business_statement(tmp_path):
    import datetime
    from decimal import Decimal

    from finsup.loans.evaluation import company_context
    from finsup.reporting.models import Submission

    inst, clerk = company()
    common = dict(
        institution=inst,
        office=inst.county,
        report_code="ml_monthly_business",
        report_version=1,
        channel="web",
        submitted_by=clerk,
        submitted_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
        status_changed_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
    )
    for month, status, net in ((9, "accepted", "120000000.00"), (10, "submitted", "999.00")):
        end = datetime.date(2026, month + 1, 1) - datetime.timedelta(days=1)
        Submission.objects.create(
            period_start=end.replace(day=1),
            period_end=end,
            status=status,
            values={"net_assets_prior_year_end": net},
            **common,
        )
    context = company_context([inst], datetime.date(2026, 11, 27))[inst.credit_code]
    assert context == {"net_assets": Decimal("120000000.00"), "approved_counties": ["371302"], "online_lending": False}
