"""Filed versions are guarded by the database (reporting/guards.py, installed by migration 0005):
raw SQL may change a filing's review status and nothing else, may not touch a superseded
version, and may not delete one; the review and correction services still work. Both databases."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from finsup.institutions.choices import InstitutionKind
from finsup.reporting import guards, workflow
from finsup.reporting import services as reporting_services
from finsup.reporting.models import Submission
from tests import factories as f
from tests.conftest import LANSHAN
from tests.reporting.helpers import Q1_2026, pc_figures

pytestmark = pytest.mark.django_db

# One value per protected column that differs from what the filing holds (SQL literals).
CHANGES = {
    "id": "id + 100000",
    "institution_id": "NULL",
    "office_id": "office_id + 1",
    "report_code": "'pc_monthly'",
    "report_version": "report_version + 1",
    "period_start": "'2025-01-01'",
    "period_end": "'2025-03-31'",
    "version": "version + 1",
    "supersedes_id": "id",
    "correction_reason": "'改过'",
    "values": "'{}'",
    "channel": "'api'",
    "submitted_by_id": "NULL",
    "submitted_at": "'2020-01-01 00:00:00+00:00'",
}


@pytest.fixture
def filing(world):
    """A private capital manager's Q1 filing, as filed, and its clerk."""
    inst = f.make_institution(LANSHAN, kind=InstitutionKind.PRIVATE_CAPITAL, approved_on=datetime.date(2018, 1, 1))
    clerk = f.make_user("pc_guard_clerk", "institution", institution=inst)
    raw_figures = pc_figures()
    return reporting_services.submission_file(
        by=clerk, institution=inst, report_code="pc_quarterly", period=Q1_2026, raw=raw_figures, channel="web"
    ), clerk


def raw(sql: str, *params) -> None:
    with transaction.atomic(), connection.cursor() as cursor:  # a savepoint: the test goes on after a refusal
        cursor.execute(sql, params)


def row(pk: int) -> dict:
    return Submission.objects.values().get(pk=pk)


def test_every_protected_column_is_refused_and_the_row_stays_as_filed(filing):
    submission, _ = filing
    assert set(CHANGES) == set(guards.PROTECTED_COLUMNS)
    before = row(submission.pk)
    for column, value in CHANGES.items():
        with pytest.raises(DatabaseError, match="never overwritten"):
            raw(f'UPDATE reporting_submission SET "{column}" = {value} WHERE id = %s', submission.pk)
    assert row(submission.pk) == before


def test_an_orm_save_of_changed_figures_is_refused(filing):
    submission, _ = filing
    submission.values = {**submission.values, "net_assets": "1.00"}
    with pytest.raises(DatabaseError, match="never overwritten"), transaction.atomic():
        submission.save()
    assert row(submission.pk)["values"] != submission.values


def test_the_review_status_may_change_and_a_full_save_with_the_same_figures_passes(filing):
    submission, _ = filing
    raw("UPDATE reporting_submission SET status = 'accepted', status_changed_at = status_changed_at WHERE id = %s",
        submission.pk)  # fmt: skip
    submission.refresh_from_db()
    submission.save()  # every column written, none changed
    assert row(submission.pk)["status"] == "accepted"


def test_a_filed_version_is_never_deleted(filing):
    submission, _ = filing
    with pytest.raises(DatabaseError, match="never deleted"):
        raw("DELETE FROM reporting_submission WHERE id = %s", submission.pk)
    assert Submission.objects.filter(pk=submission.pk).exists()


def test_the_services_review_and_correct_and_the_superseded_version_is_frozen(world, filing):
    submission, clerk = filing
    accepted = workflow.submission_accept(submission=submission, by=world.lanshan["lead_supervisor"])
    assert accepted.status == "accepted"
    correction = reporting_services.submission_file(
        by=clerk,
        institution=submission.institution,
        report_code="pc_quarterly",
        period=Q1_2026,
        raw=pc_figures(),
        channel="web",
        correction_reason="更正：数据录入错误",
    )
    assert row(submission.pk)["status"] == "superseded" and correction.supersedes_id == submission.pk
    workflow.submission_accept(submission=correction, by=world.lanshan["lead_supervisor"])
    workflow.submission_confirm(submission=correction, by=world.city["lead_supervisor"])
    assert row(correction.pk)["status"] == "confirmed"
    with pytest.raises(DatabaseError, match="superseded filing never changes"):
        raw("UPDATE reporting_submission SET status = 'accepted' WHERE id = %s", submission.pk)
    assert row(submission.pk)["status"] == "superseded"


def test_lifting_the_guard_lasts_for_its_block_only(filing):
    submission, _ = filing
    with guards.lifted(connection):
        raw("UPDATE reporting_submission SET submitted_at = '2026-04-01 00:00:00+00:00' WHERE id = %s", submission.pk)
    assert row(submission.pk)["submitted_at"] == datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)
    with pytest.raises(RuntimeError), guards.lifted(connection):
        raise RuntimeError("the block fails")
    for column in ("submitted_at", "values"):
        with pytest.raises(DatabaseError, match="never overwritten"):
            raw(f'UPDATE reporting_submission SET "{column}" = {CHANGES[column]} WHERE id = %s', submission.pk)
