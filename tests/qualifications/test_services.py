"""The practitioner qualification's writes: a certificate only after a passed examination, numbered
in sequence, valid three years then shown expired, revoked with its reason; bad input refused in
Chinese with nothing written; who may write where; every write audited; steps append-only."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, OutOfScope, PermissionDenied
from finsup.qualifications import selectors, services
from finsup.qualifications.models import Practitioner, Step
from finsup.qualifications.states import certificate_valid_until
from tests import factories as f

from .helpers import DAY, certified, on, practitioner, private_capital

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def pc(world):
    return private_capital()


def test_a_certificate_after_training_and_a_passed_exam_is_numbered_and_valid_three_years(world, pc):
    clerk = world.lanshan["clerk"]
    person = practitioner(clerk, pc)
    certificate = certified(clerk, person)
    assert certificate.number == "临金从字〔2026〕第1号"
    assert certificate.valid_until == D(2029, 6, 14)
    second = certified(clerk, practitioner(clerk, pc, name="李四"))
    assert second.number == "临金从字〔2026〕第2号"
    history = selectors.practitioner_history(practitioner=person, as_of=DAY)
    assert [s.kind for s in history.steps] == ["training", "exam", "certificate"]
    assert history.current == certificate
    assert AuditEntry.objects.filter(object_type="qualifications.step").count() == 6


def test_no_certificate_without_a_passed_exam(world, pc):
    clerk = world.lanshan["clerk"]
    person = practitioner(clerk, pc)
    with on():
        with pytest.raises(ApplicationError) as refused:
            services.certificate_issue(by=clerk, practitioner=person, on=DAY)
        assert "考试" in refused.value.message
        failed = services.exam_record(by=clerk, practitioner=person, on=DAY, score="59.5", pass_mark="60")
        assert failed.passed is False
        with pytest.raises(ApplicationError):
            services.certificate_issue(by=clerk, practitioner=person, on=DAY)
    assert not Step.objects.filter(kind="certificate").exists()
    assert selectors.practitioner_rows(actor=clerk, as_of=DAY)[0].state is None


def test_one_valid_certificate_at_a_time_then_a_new_one_after_expiry(world, pc):
    clerk = world.lanshan["clerk"]
    person = practitioner(clerk, pc, day=D(2022, 3, 1))
    first = certified(clerk, person, day=D(2022, 3, 1))
    with on(D(2023, 1, 5)), pytest.raises(ApplicationError) as refused:
        services.certificate_issue(by=clerk, practitioner=person, on=D(2023, 1, 5))
    assert refused.value.code == "certificate_valid"
    rows = selectors.practitioner_rows(actor=clerk, as_of=D(2025, 3, 1))
    assert rows[0].state == "expired" and rows[0].certificate == first
    assert selectors.practitioner_rows(actor=clerk, as_of=D(2025, 2, 28))[0].state == "valid"
    renewed = certified(clerk, person, day=D(2025, 3, 3))
    assert renewed.number == "临金从字〔2025〕第1号"


def test_valid_until_of_a_leap_day():
    assert certificate_valid_until(D(2028, 2, 29)) == D(2031, 2, 28)


def test_a_revoked_certificate_shows_revoked_and_cannot_be_revoked_twice(world, pc):
    leader = world.lanshan["leader"]
    person = practitioner(leader, pc)
    certificate = certified(leader, person)
    with on():
        with pytest.raises(ApplicationError) as refused:
            services.certificate_revoke(by=leader, certificate=certificate, on=DAY, reason="  ")
        assert refused.value.code == "reason_required"
        services.certificate_revoke(by=leader, certificate=certificate, on=DAY, reason="违规收取客户费用")
        with pytest.raises(ApplicationError):
            services.certificate_revoke(by=leader, certificate=certificate, on=DAY, reason="再次")
    history = selectors.practitioner_history(practitioner=person, as_of=DAY)
    assert history.certificates[0][1] == "revoked" and history.current is None


def test_bad_input_changes_nothing(world, pc):
    clerk = world.lanshan["clerk"]
    entries = AuditEntry.objects.count()
    with on():
        for bad in ("372822198001010011", "abc", ""):
            with pytest.raises(ApplicationError) as refused:
                services.practitioner_register(by=clerk, institution=pc, name="某某", id_number=bad)
            assert refused.value.field == "id_number"
        with pytest.raises(ApplicationError) as refused:
            services.practitioner_register(
                by=clerk, institution=world.inst_lanshan, name="某某", id_number=f.id_number()
            )
        assert refused.value.code == "institution_kind"
        assert "民间" in refused.value.message
    person = practitioner(clerk, pc)
    entries = AuditEntry.objects.count()
    with on():
        with pytest.raises(ApplicationError):
            services.training_record(by=clerk, practitioner=person, on=DAY, course="", organiser="学会", hours="-1")
        with pytest.raises(ApplicationError):
            services.training_record(
                by=clerk, practitioner=person, on=D(2026, 7, 1), course="", organiser="学会", hours=8
            )
        with pytest.raises(ApplicationError):
            services.exam_record(by=clerk, practitioner=person, on=DAY, score="nan", pass_mark="60")
        with pytest.raises(ApplicationError) as refused:
            practitioner(clerk, pc, id_number=person.id_number)
        assert refused.value.code == "already_registered"
    assert Step.objects.count() == 0 and Practitioner.objects.count() == 1
    assert AuditEntry.objects.count() == entries


def test_id_number_and_phone_are_stored_encrypted_and_audited_masked(world, pc):
    clerk = world.lanshan["clerk"]
    id_number = f.id_number()
    person = practitioner(clerk, pc, id_number=id_number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM qualifications_practitioner WHERE id = %s", [person.pk])
        stored = cursor.fetchone()
    assert id_number not in stored[0] and "13812345678" not in stored[1]
    entry = AuditEntry.objects.get(object_type="qualifications.practitioner")
    assert id_number not in str(entry.changes) and "138****5678" in str(entry.changes)


def test_who_may_write_where(world, pc):
    person = practitioner(world.lanshan["clerk"], pc)
    with on():
        with pytest.raises(OutOfScope):
            services.training_record(
                by=world.luozhuang["clerk"], practitioner=person, on=DAY, course="", organiser="学会", hours=8
            )
        with pytest.raises(PermissionDenied):
            services.exam_record(by=world.lanshan["inspector"], practitioner=person, on=DAY, score=90, pass_mark=60)
        # the city office above Lanshan may issue
        services.exam_record(by=world.city["clerk"], practitioner=person, on=DAY, score=90, pass_mark=60)
    own = f.make_user("pc_user", "institution", institution=pc)
    other = f.make_user("other_user", "institution", institution=private_capital("371311"))
    candidate = practitioner(own, pc, name="候选人")
    assert candidate.registered_by == own
    with on(), pytest.raises(OutOfScope):
        services.practitioner_register(by=other, institution=pc, name="某某", id_number=f.id_number())
    with on(), pytest.raises(PermissionDenied):
        services.exam_record(by=own, practitioner=candidate, on=DAY, score=90, pass_mark=60)


def test_scoped_reads(world, pc):
    person = practitioner(world.lanshan["clerk"], pc)
    other_pc = private_capital("371311", kind="lending_registry")
    practitioner(world.luozhuang["clerk"], other_pc, name="罗庄某")
    own = f.make_user("pc_user", "institution", institution=pc)
    assert [p.name for p in selectors.practitioner_list(actor=own)] == ["王小明"]
    assert [p.name for p in selectors.practitioner_list(actor=world.lanshan["auditor"])] == ["王小明"]
    assert selectors.practitioner_list(actor=world.city["inspector"]).count() == 2
    with pytest.raises(Practitioner.DoesNotExist):
        selectors.practitioner_get(actor=world.luozhuang["leader"], pk=person.pk)


def test_steps_are_append_only(world, pc):
    clerk = world.lanshan["clerk"]
    certificate = certified(clerk, practitioner(clerk, pc))
    with pytest.raises(ValueError):
        certificate.save()
    with pytest.raises(ValueError):
        certificate.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE qualifications_step SET number = 'x' WHERE id = %s", [certificate.pk])


def test_a_work_record_of_item_25_links_a_practitioner(world, pc):
    from finsup.worklog import links
    from finsup.worklog import services as worklog

    clerk = world.lanshan["clerk"]
    person = practitioner(clerk, pc)
    with on():
        record = worklog.link_record(
            by=clerk,
            office=clerk.office,
            item=25,
            done_on=DAY,
            task=None,
            source=f"qualifications.practitioner:{person.pk}",
        )
    assert record.source_label == "从业人员：王小明"
    assert links.resolve(actor=world.luozhuang["clerk"], source=record.source) is None
