"""Licensing pre-review: filing, the steps and who may take them, deadlines, the 30-day rule,
documents, scoping, and the registry updated with history on approval."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils.translation import gettext as _

from finsup.audit.choices import AuditAction
from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.core.request_context import Actor, acting_as
from finsup.institutions.choices import InstitutionKind, InstitutionStatus
from finsup.institutions.models import Institution, StatusChange
from finsup.institutions.selectors import institution_history
from finsup.licensing import selectors, services
from finsup.licensing.choices import ApplicationStatus as S
from finsup.licensing.choices import ApplicationType, ChangeKind
from finsup.licensing.models import Application, ApplicationDocument
from tests import factories as f

from .helpers import at, establishment_values, pdf

pytestmark = pytest.mark.django_db


def file_change(world, inst=None, by=None, kinds=(ChangeKind.NAME,), values=None, resolution=None, **kw):
    inst = inst or world.inst_lanshan
    return services.application_file(
        by=by or world.clerk_lanshan_inst,
        type=ApplicationType.CHANGE,
        institution=inst,
        change_kinds=list(kinds),
        proposed_values=values if values is not None else {"name": "临沂市兰山区新名称小额贷款有限公司"},
        resolution_date=resolution or datetime.date(2026, 10, 20),
        description="股东会决议变更公司名称",
        documents=[("股东会决议", pdf())],
        **kw,
    )


def province_leader():
    return f.make_user("province_leader", "leader", "370000")


def forwarded(world, app):
    """Through the county and the city to the province, which its leader decides."""
    through_city(world, app)
    services.application_step(by=world.city["leader"], application=app, to_status=S.FORWARDED, reason="报省审批")
    return app


def through_city(world, app):
    services.application_step(by=world.lanshan["clerk"], application=app, to_status=S.COUNTY_PASSED, reason="材料齐全")
    services.application_step(
        by=world.city["lead_supervisor"], application=app, to_status=S.CITY_PASSED, reason="符合条件"
    )
    return app


def test_an_approved_change_updates_the_registry_with_its_history(world, clock):
    clock(at(2026, 11, 2))
    inst = world.inst_lanshan
    old_name = inst.name
    app = file_change(
        world,
        kinds=[ChangeKind.NAME, ChangeKind.CAPITAL],
        values={
            "name": "临沂市兰山区新名称小额贷款有限公司",
            "registered_capital": "150000000",
            "paid_in_capital": "150000000.00",
        },
    )
    forwarded(world, app)
    clock(at(2026, 11, 10))
    province = province_leader()
    with acting_as(Actor(user=province, label="province_leader")):
        services.application_step(
            by=province,
            application=app,
            to_status=S.APPROVED,
            reason="同意变更",
            effective_on=datetime.date(2026, 11, 9),
            decision_doc_no="临金办〔2026〕88号",
        )

    inst = Institution.objects.get(pk=inst.pk)
    assert inst.name == "临沂市兰山区新名称小额贷款有限公司"
    assert inst.registered_capital == inst.paid_in_capital == Decimal("150000000.00")
    # The registry's own change log holds the change, written by its service.
    update = next(e for e in institution_history(institution=inst) if e.action == AuditAction.UPDATE)
    assert update.changes["name"] == [old_name, inst.name]
    assert update.changes["registered_capital"] == ["100000000.00", "150000000.00"]
    assert update.actor == province
    # The approved change is listed on the registry with its effective date and decision.
    [change] = selectors.registry_changes(actor=world.lanshan["clerk"], institution=inst)
    assert change.pk == app.pk and change.effective_on == datetime.date(2026, 11, 9)
    assert change.decision_doc_no == "临金办〔2026〕88号"
    # Each step: who and why.
    steps = [(e.from_status, e.to_status, e.by.username, e.reason) for e in app.events.all()]
    assert steps == [
        ("", S.FILED, "inst_lanshan", str(_("Filed."))),
        (S.FILED, S.COUNTY_PASSED, "lanshan_clerk", "材料齐全"),
        (S.COUNTY_PASSED, S.CITY_PASSED, "city_lead_supervisor", "符合条件"),
        (S.CITY_PASSED, S.FORWARDED, "city_leader", "报省审批"),
        (S.FORWARDED, S.APPROVED, "province_leader", "同意变更"),
    ]
    audited = AuditEntry.objects.filter(object_type="licensing.application", object_id=str(app.pk))
    assert audited.count() == 6  # filed, four steps, the request drafted on forwarding


def test_an_approved_termination_records_a_status_change(world, clock):
    clock(at(2026, 11, 2))
    app = services.application_file(
        by=world.clerk_lanshan_inst,
        type=ApplicationType.TERMINATE,
        description="股东会决议解散",
        documents=[("决议", pdf())],
    )
    forwarded(world, app)
    services.application_step(
        by=province_leader(),
        application=app,
        to_status=S.APPROVED,
        reason="同意",
        effective_on=datetime.date(2026, 11, 2),
        decision_doc_no="鲁金监许〔2026〕5号",
    )
    inst = Institution.objects.get(pk=world.inst_lanshan.pk)
    assert inst.status == InstitutionStatus.EXITING
    change = StatusChange.objects.filter(institution=inst).first()
    assert change.to_status == InstitutionStatus.EXITING and change.effective_on == datetime.date(2026, 11, 2)


def file_establishment(world, *, description="发起人申请设立", documents=None):
    return services.application_file(
        by=world.lanshan["clerk"],
        type=ApplicationType.ESTABLISH,
        county=f.office("371302"),
        proposed_name="临沂市兰山区拟设小额贷款有限公司",
        proposed_kind=InstitutionKind.MICROLOAN,
        proposed_values=establishment_values(),
        description=description,
        documents=documents or [("可行性报告", pdf())],
    )


def test_forwarding_to_the_province_which_decides(world, clock):
    clock(at(2026, 11, 2))
    app = forwarded(world, file_establishment(world))
    with pytest.raises(PermissionDenied):  # the city no longer records the province's answer
        services.application_step(
            by=world.city["leader"],
            application=app,
            to_status=S.APPROVED,
            reason="省金融办批复同意",
            effective_on=datetime.date(2026, 11, 2),
            decision_doc_no="鲁金监许〔2026〕1号",
        )
    app = services.application_step(
        by=province_leader(),
        application=app,
        to_status=S.APPROVED,
        reason="同意设立",
        effective_on=datetime.date(2026, 11, 2),
        decision_doc_no="鲁金监许〔2026〕1号",
    )
    assert app.status == S.APPROVED
    assert Institution.objects.get(name="临沂市兰山区拟设小额贷款有限公司") == app.institution


def test_the_thirty_day_filing_rule_for_guarantee_companies(world, clock):
    clock(at(2026, 11, 20))
    guarantee = f.make_institution("371302", kind=InstitutionKind.GUARANTEE)
    user = f.make_user("inst_g", "institution", institution=guarantee)
    on_time = file_change(world, inst=guarantee, by=user, resolution=datetime.date(2026, 10, 21))
    assert on_time.filing_deadline == datetime.date(2026, 11, 20) and not on_time.filed_late
    late = file_change(
        world, inst=guarantee, by=user, resolution=datetime.date(2026, 10, 20), values={"name": "另一名称"}
    )
    assert late.filed_late
    event = late.events.get()
    assert event.late and "国务院令第683号" in event.reason
    # The rule covers name, ≥ 5% shareholder and executives of guarantee companies, not an address.
    address = file_change(
        world,
        inst=guarantee,
        by=user,
        kinds=[ChangeKind.ADDRESS],
        values={"address": "新地址"},
        resolution=datetime.date(2026, 1, 1),
    )
    assert address.filing_deadline is None and not address.filed_late
    microloan = file_change(world, resolution=datetime.date(2026, 1, 1))
    assert microloan.filing_deadline is None


def test_step_deadlines_are_computed_from_dates(world, clock):
    clock(at(2026, 11, 2))
    app = file_change(world)
    assert app.step_due() == datetime.date(2026, 11, 22)
    clerk = world.lanshan["clerk"]
    assert selectors.applications_overdue(actor=clerk, as_of=datetime.date(2026, 11, 22)) == []
    assert selectors.applications_overdue(actor=clerk, as_of=datetime.date(2026, 11, 23)) == [app]
    clock(at(2026, 11, 25))
    services.application_step(by=clerk, application=app, to_status=S.COUNTY_PASSED, reason="材料齐全")
    app.refresh_from_db()
    assert app.events.last().late
    assert app.step_started_on == datetime.date(2026, 11, 25) and app.step_due() == datetime.date(2026, 12, 15)


def test_who_may_take_each_step(world, clock):
    clock(at(2026, 11, 2))
    app = file_change(world)
    with pytest.raises(InvalidTransition):
        services.application_step(by=world.city["leader"], application=app, to_status=S.APPROVED, reason="x")
    with pytest.raises(PermissionDenied):  # another county
        services.application_step(by=world.luozhuang["clerk"], application=app, to_status=S.COUNTY_PASSED, reason="x")
    with pytest.raises(PermissionDenied):  # the city does not make the county's initial review
        services.application_step(by=world.city["clerk"], application=app, to_status=S.COUNTY_PASSED, reason="x")
    with pytest.raises(PermissionDenied):  # inspectors have no part in licensing
        services.application_step(by=world.lanshan["inspector"], application=app, to_status=S.COUNTY_PASSED, reason="x")
    with pytest.raises(ApplicationError):
        services.application_step(by=world.lanshan["clerk"], application=app, to_status=S.COUNTY_PASSED, reason=" ")
    services.application_step(by=world.lanshan["clerk"], application=app, to_status=S.COUNTY_PASSED, reason="ok")
    with pytest.raises(PermissionDenied):  # the county does not review for the city
        services.application_step(by=world.lanshan["leader"], application=app, to_status=S.CITY_PASSED, reason="x")
    services.application_step(by=world.city["clerk"], application=app, to_status=S.CITY_PASSED, reason="ok")
    with pytest.raises(PermissionDenied):  # only a leader decides
        services.application_step(
            by=world.city["lead_supervisor"],
            application=app,
            to_status=S.APPROVED,
            reason="x",
            effective_on=datetime.date(2026, 11, 1),
        )
    with pytest.raises(ApplicationError):  # effective date required
        services.application_step(by=world.city["leader"], application=app, to_status=S.APPROVED, reason="x")
    with pytest.raises(ApplicationError):  # not in the future
        services.application_step(
            by=world.city["leader"],
            application=app,
            to_status=S.APPROVED,
            reason="x",
            effective_on=datetime.date(2026, 12, 1),
        )
    services.application_step(by=world.city["leader"], application=app, to_status=S.REFUSED, reason="不符合条件")
    assert Institution.objects.get(pk=world.inst_lanshan.pk).name == world.inst_lanshan.name
    with pytest.raises(InvalidTransition):
        services.application_step(by=world.city["leader"], application=app, to_status=S.APPROVED, reason="x")


def test_filing_rules(world, clock):
    clock(at(2026, 11, 2))
    with pytest.raises(PermissionDenied):  # institutions do not file establishments
        services.application_file(
            by=world.clerk_lanshan_inst,
            type=ApplicationType.ESTABLISH,
            proposed_name="x",
            proposed_kind="microloan",
            county=f.office("371302"),
            description="x",
            documents=[("a", pdf())],
        )
    with pytest.raises(ApplicationError):  # no document
        services.application_file(
            by=world.clerk_lanshan_inst, type=ApplicationType.TERMINATE, description="x", documents=[]
        )
    with pytest.raises(ApplicationError):  # the new value is missing
        file_change(world, values={})
    with pytest.raises(ApplicationError):  # no resolution date in the future
        file_change(world, resolution=datetime.date(2026, 12, 1))
    with pytest.raises(PermissionDenied):  # another county's clerk
        file_change(world, by=world.luozhuang["clerk"])
    # An institution user files for its own institution whatever it names.
    app = file_change(world, inst=world.inst_luozhuang)
    assert app.institution == world.inst_lanshan


def test_documents_keep_their_digest_and_are_never_overwritten(world, clock):
    clock(at(2026, 11, 2))
    app = file_change(world)
    first = app.documents.get()
    services.application_document_add(
        by=world.clerk_lanshan_inst,
        application=app,
        title="补充材料",
        upload=pdf(b"%PDF-1.4 other", name="resolution.pdf"),
    )
    with pytest.raises(ApplicationError):
        services.application_document_add(
            by=world.lanshan["clerk"], application=app, title="重复", upload=pdf(b"%PDF-1.4 other", name="again.pdf")
        )
    import hashlib

    docs = list(ApplicationDocument.objects.filter(application=app))
    assert [d.sha256 for d in docs] == [
        hashlib.sha256(b"%PDF-1.4 resolution").hexdigest(),
        hashlib.sha256(b"%PDF-1.4 other").hexdigest(),
    ]
    assert docs[0].file.name != docs[1].file.name
    assert docs[0].file.read() == b"%PDF-1.4 resolution"
    assert first.file.name == docs[0].file.name
    with pytest.raises(PermissionDenied):
        services.application_document_add(by=world.clerk_luozhuang_inst, application=app, title="x", upload=pdf(b"y"))


def test_scoping(world, clock):
    clock(at(2026, 11, 2))
    app = file_change(world)
    assert list(selectors.application_list(actor=world.lanshan["auditor"])) == [app]
    assert list(selectors.application_list(actor=world.city["inspector"])) == [app]
    assert list(selectors.application_list(actor=world.clerk_lanshan_inst)) == [app]
    for outsider in (world.luozhuang["leader"], world.clerk_luozhuang_inst):
        assert list(selectors.application_list(actor=outsider)) == []
        with pytest.raises(Application.DoesNotExist):
            selectors.application_get(actor=outsider, pk=app.pk)
