"""Fit-and-proper approval of directors, supervisors and executives, and the registry's flags."""

from __future__ import annotations

import datetime

import pytest

from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.institutions.choices import ApprovalStatus, InstitutionKind
from finsup.institutions.models import KeyPerson, TrainingRecord
from finsup.licensing import selectors, services
from finsup.licensing.models import FitAndProperDecision
from tests import factories as f

from .helpers import at, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def pc(world):
    return f.make_institution("371302", kind=InstitutionKind.PRIVATE_CAPITAL, name="临沂兰山民间资本管理有限公司")


def decide(world, p, decision=ApprovalStatus.APPROVED, by=None, **kw):
    return services.fit_and_proper_decide(
        by=by or world.lanshan["lead_supervisor"],
        person=p,
        decision=decision,
        qualification_ok=kw.pop("qualification_ok", True),
        clean_record_ok=kw.pop("clean_record_ok", True),
        reason=kw.pop("reason", "符合任职条件"),
        document_no=kw.pop("document_no", "兰金办〔2026〕5号"),
        **kw,
    )


def test_approval_needs_qualification_training_and_clean_record(world, pc, clock):
    clock(at(2026, 11, 2))
    p = person(pc)
    with pytest.raises(ApplicationError):  # no training in the last two years
        decide(world, p)
    TrainingRecord.objects.create(key_person=p, course="从业人员培训", attended_on=datetime.date(2025, 6, 1), hours=16)
    with pytest.raises(ApplicationError):
        decide(world, p, clean_record_ok=False)
    with pytest.raises(PermissionDenied):  # clerks do not decide
        decide(world, p, by=world.lanshan["clerk"])
    with pytest.raises(PermissionDenied):
        decide(world, p, by=world.luozhuang["leader"])
    record = decide(world, p)
    p = KeyPerson.objects.get(pk=p.pk)
    assert p.approval_status == ApprovalStatus.APPROVED
    assert p.approved_on == datetime.date(2026, 11, 2) and p.approval_doc_no == "兰金办〔2026〕5号"
    assert record.training_ok and record.by == world.lanshan["lead_supervisor"]
    with pytest.raises(InvalidTransition):
        decide(world, p)


def test_refusal_and_kinds_without_approval(world, pc, clock):
    clock(at(2026, 11, 2))
    p = person(pc)
    decide(world, p, ApprovalStatus.REFUSED, clean_record_ok=False, reason="有不良记录", document_no="")
    assert KeyPerson.objects.get(pk=p.pk).approval_status == ApprovalStatus.REFUSED
    assert FitAndProperDecision.objects.filter(key_person=p).count() == 1
    with pytest.raises(ApplicationError):  # microloan executives are filed, not approved here
        decide(world, person(world.inst_lanshan))


def test_flags_a_person_at_two_institutions_or_refused_before(world, pc, clock):
    clock(at(2026, 11, 2))
    id_no = f.id_number()
    here = person(pc, name="王五", id_number=id_no)
    person(world.inst_luozhuang, name="王五", id_number=id_no, approval_status="filed")  # another county
    refused = f.make_institution("371302", kind=InstitutionKind.LENDING_REGISTRY)
    person(refused, name="王五", id_number=id_no, approval_status="refused", left_office_on=datetime.date(2024, 1, 1))
    clean = person(pc, name="赵六")
    rows = {r.person.pk: r for r in selectors.fit_and_proper_register(institution=pc, as_of=datetime.date(2026, 11, 2))}
    assert rows[here.pk].serving_elsewhere == 1 and rows[here.pk].refused_before
    assert rows[clean.pk].serving_elsewhere == 0 and not rows[clean.pk].refused_before
    assert rows[here.pk].needs_approval
