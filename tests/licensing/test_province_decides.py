"""The province decides what the city forwards, in the platform, and the registry follows the
decision: an approved establishment enters the institution with its shareholders and executives, an
approved shareholder change writes the new stake and keeps the old one in the decision's history,
a termination closes the institution, a refusal changes nothing; each decision is notified down."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from finsup.core.errors import ApplicationError, PermissionDenied
from finsup.core.personal_data import lookup_hash
from finsup.institutions.choices import DecisionItem, HolderType, InstitutionKind, InstitutionStatus
from finsup.institutions.decision_history import decision_rows
from finsup.institutions.models import DecisionChange, Institution, KeyPerson, Shareholder, StatusChange
from finsup.institutions.selectors import decision_changes
from finsup.licensing import services
from finsup.licensing.choices import ApplicationStatus as S
from finsup.licensing.choices import ApplicationType, ChangeKind
from finsup.licensing.errors import Code
from finsup.licensing.forms import ApplicationForm
from finsup.licensing.models import Application
from finsup.notifications.models import Notification
from finsup.notifications.waiting import waiting_for
from tests import factories as f

from .helpers import at, establishment_values, pdf

pytestmark = pytest.mark.django_db
PROVINCE = "370000"
NAME = "临沂市兰山区沂河小额贷款股份有限公司"


@pytest.fixture
def province(world):
    return f.all_roles_in(PROVINCE, "province")


def establish(world, values=None):
    return services.application_file(
        by=world.lanshan["clerk"],
        type=ApplicationType.ESTABLISH,
        county=f.office("371302"),
        proposed_name=NAME,
        proposed_kind=InstitutionKind.MICROLOAN,
        proposed_values=values if values is not None else establishment_values(),
        description="发起人申请设立",
        documents=[("可行性报告", pdf())],
    )


def to_province(world, app):
    services.application_step(by=world.lanshan["clerk"], application=app, to_status=S.COUNTY_PASSED, reason="齐全")
    services.application_step(by=world.city["clerk"], application=app, to_status=S.CITY_PASSED, reason="符合条件")
    return services.application_step(by=world.city["leader"], application=app, to_status=S.FORWARDED, reason="报省审批")


def province_approves(province, app, doc="鲁金监许〔2026〕12号", on=datetime.date(2026, 11, 10)):
    return services.application_step(
        by=province["leader"],
        application=app,
        to_status=S.APPROVED,
        reason="经审查，符合设立条件，同意。",
        effective_on=on,
        decision_doc_no=doc,
    )


def test_an_establishment_approved_end_to_end_enters_the_registry(
    world, province, clock, django_capture_on_commit_callbacks
):
    clock(at(2026, 11, 2))
    app = establish(world)
    services.application_step(by=world.lanshan["clerk"], application=app, to_status=S.COUNTY_PASSED, reason="齐全")
    services.application_step(by=world.city["clerk"], application=app, to_status=S.CITY_PASSED, reason="符合条件")
    with pytest.raises(ApplicationError) as refused:  # the city does not decide what the province decides
        services.application_step(
            by=world.city["leader"],
            application=app,
            to_status=S.APPROVED,
            reason="同意",
            effective_on=at(2026, 11, 2).date(),
        )
    assert refused.value.code == Code.PROVINCE_DECIDES
    services.application_step(by=world.city["leader"], application=app, to_status=S.FORWARDED, reason="报省审批")
    clock(at(2026, 11, 12))
    with pytest.raises(PermissionDenied):  # the city no longer records the province's answer
        services.application_step(
            by=world.city["leader"],
            application=app,
            to_status=S.APPROVED,
            reason="省批复同意",
            effective_on=at(2026, 11, 10).date(),
            decision_doc_no="x",
        )
    with pytest.raises(PermissionDenied):  # the province's clerk does not decide
        province_approves(province={"leader": province["clerk"]}, app=app)
    with pytest.raises(ApplicationError):  # the province's document number is required
        province_approves(province, app, doc=" ")
    assert Institution.objects.filter(name=NAME).count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        app = province_approves(province, app)

    inst = Institution.objects.get(name=NAME)
    assert inst.status == InstitutionStatus.PREPARING and inst.county.code == "371302"
    assert (inst.approval_doc_no, inst.approved_on) == ("鲁金监许〔2026〕12号", datetime.date(2026, 11, 10))
    assert inst.registered_capital == Decimal("100000000.00") and inst.legal_representative == "赵一"
    assert list(inst.business_region.values_list("code", flat=True)) == ["371302"]
    holders = {s.name: s for s in Shareholder.objects.filter(institution=inst)}
    assert holders["临沂发起投资有限公司"].stake == Decimal("60") and holders["钱二"].stake == Decimal("40")
    assert holders["钱二"].holder_type == HolderType.PERSON and holders["钱二"].since == datetime.date(2026, 11, 10)
    people = {p.name: p for p in KeyPerson.objects.filter(institution=inst)}
    assert people["赵一"].position == "chairman" and people["孙三"].took_office_on == datetime.date(2026, 11, 10)
    assert people["孙三"].approval_doc_no == "鲁金监许〔2026〕12号"
    app.refresh_from_db()
    assert app.institution == inst and app.status == S.APPROVED
    # The registry's history names the decision for each row it wrote.
    items = sorted(c.item for c in DecisionChange.objects.filter(institution=inst, decision_id=app.pk))
    assert items == sorted(
        [DecisionItem.ESTABLISHMENT] + [DecisionItem.SHAREHOLDER] * 2 + [DecisionItem.KEY_PERSON] * 2
    )
    # Down to the city, the county and (now) the institution's page; the applicant office's staff are told.
    told = set(
        Notification.objects.filter(key=f"application-decision:{app.pk}").values_list("user__username", flat=True)
    )
    assert {"city_leader", "city_clerk", "lanshan_clerk", "lanshan_leader"} <= told
    assert not told & {"luozhuang_clerk", "province_leader"}
    # The ID numbers were never in the application in clear.
    assert f.id_number(902) not in str(
        Application.objects.filter(pk=app.pk).values_list("proposed_values", flat=True)[0]
    )


def test_the_province_decides_on_its_pages(world, province, client, clock):
    clock(at(2026, 11, 2))
    app = to_province(world, establish(world))
    client.force_login(province["leader"])
    [waiting] = [w for w in waiting_for(province["leader"]) if "status=forwarded" in w.url]
    assert waiting.count == 1
    assert "/licensing/?status=forwarded" in client.get("/dashboard/").content.decode()
    assert not [w for w in waiting_for(world.city["leader"]) if "status=forwarded" in w.url]
    page = client.get(f"/licensing/{app.pk}/").content.decode()
    assert 'id="province-deciding"' in page and 'value="approved"' in page
    bad = client.post(
        f"/licensing/{app.pk}/step/", {"to_status": "approved", "reason": "同意", "effective_on": "2026-11-02"}
    )
    assert bad.status_code == 400
    client.post(
        f"/licensing/{app.pk}/step/",
        {"to_status": "refused", "reason": "主发起人资质不符合规定", "decision_doc_no": "鲁金监不许〔2026〕3号"},
    )
    app.refresh_from_db()
    assert app.status == S.REFUSED
    client.force_login(world.lanshan["clerk"])
    page = client.get(f"/licensing/{app.pk}/").content.decode()
    assert 'id="province-decision"' in page and "主发起人资质不符合规定" in page and "鲁金监不许〔2026〕3号" in page
    client.force_login(world.luozhuang["clerk"])
    assert client.get(f"/licensing/{app.pk}/").status_code == 404
    client.force_login(province["clerk"])  # reads, cannot decide
    assert client.get(f"/licensing/{app.pk}/").status_code == 200


def test_a_refusal_changes_nothing(world, province, clock):
    clock(at(2026, 11, 2))
    app = to_province(world, establish(world))
    before = (Institution.objects.count(), Shareholder.objects.count(), KeyPerson.objects.count())
    services.application_step(
        by=province["leader"],
        application=app,
        to_status=S.REFUSED,
        reason="不符合条件",
        decision_doc_no="鲁金监〔2026〕1号",
    )
    assert (Institution.objects.count(), Shareholder.objects.count(), KeyPerson.objects.count()) == before
    assert DecisionChange.objects.count() == 0


def shareholder(inst, name, stake, **kw):
    from finsup.core.personal_data import lookup_hash as h

    id_no = kw.pop("id_number", "")
    return Shareholder.objects.create(
        institution=inst,
        name=name,
        holder_type=kw.pop("holder_type", "enterprise"),
        credit_code=kw.pop("credit_code", ""),
        id_number=id_no,
        id_number_hash=h(id_no) if id_no else "",
        stake=Decimal(stake),
        subscribed_capital=Decimal(stake) * 1000000,
        since=datetime.date(2015, 3, 1),
    )


def test_a_shareholder_change_writes_the_new_stake_and_keeps_the_old_one(world, province, clock, client):
    clock(at(2026, 11, 2))
    inst = world.inst_lanshan
    a = shareholder(inst, "甲投资有限公司", "60", credit_code=f.credit_code(801))
    shareholder(inst, "乙", "40", holder_type="person", id_number=f.id_number(802))
    leaving = KeyPerson.objects.create(
        institution=inst,
        name="周四",
        position="general_manager",
        id_number=f.id_number(803),
        id_number_hash=lookup_hash(f.id_number(803)),
        took_office_on=datetime.date(2018, 1, 1),
    )
    app = services.application_file(
        by=world.clerk_lanshan_inst,
        type=ApplicationType.CHANGE,
        institution=inst,
        change_kinds=[ChangeKind.SHAREHOLDER, ChangeKind.EXECUTIVES],
        proposed_values={
            "shareholders": [
                {
                    "name": "甲投资有限公司",
                    "holder_type": "enterprise",
                    "identifier": f.credit_code(801),
                    "stake": "30",
                    "subscribed_capital": "30000000",
                },
                {
                    "name": "丙控股有限公司",
                    "holder_type": "enterprise",
                    "identifier": f.credit_code(804),
                    "stake": "30",
                    "subscribed_capital": "30000000",
                },
            ],
            "executives": [
                {"name": "周四", "position": "general_manager", "id_number": f.id_number(803), "leaves": True},
                {"name": "吴五", "position": "general_manager", "id_number": f.id_number(805)},
            ],
        },
        resolution_date=datetime.date(2026, 10, 20),
        description="股权转让及总经理变更",
        documents=[("股权转让协议", pdf())],
    )
    to_province(world, app)
    province_approves(province, app, doc="鲁金监许〔2026〕30号", on=datetime.date(2026, 11, 2))

    holders = {s.name: s for s in Shareholder.objects.filter(institution=inst)}
    assert holders["甲投资有限公司"].pk == a.pk and holders["甲投资有限公司"].stake == Decimal("30")
    assert holders["甲投资有限公司"].since == datetime.date(2026, 11, 2)
    assert holders["丙控股有限公司"].stake == Decimal("30") and holders["乙"].stake == Decimal("40")
    old = DecisionChange.objects.get(institution=inst, item=DecisionItem.SHAREHOLDER, subject="甲投资有限公司")
    assert old.before == {"stake": "60.0000", "subscribed_capital": "60000000.00"}
    assert old.held_since == datetime.date(2015, 3, 1) and old.effective_on == datetime.date(2026, 11, 2)
    assert old.after["stake"] == "30.0000" and (old.decision_source, old.decision_id) == (
        "licensing.application",
        app.pk,
    )
    assert old.document_no == "鲁金监许〔2026〕30号"
    leaving.refresh_from_db()
    assert leaving.left_office_on == datetime.date(2026, 11, 2)
    assert KeyPerson.objects.get(institution=inst, name="吴五").took_office_on == datetime.date(2026, 11, 2)
    # The institution page shows which decision changed what, linked for who may open it.
    client.force_login(world.lanshan["clerk"])
    page = client.get(f"/institutions/{inst.pk}/?tab=decisions").content.decode()
    assert 'id="decision-changes"' in page and f'href="/licensing/{app.pk}/"' in page and "60.00%" in page
    rows = decision_rows(
        actor=world.luozhuang["clerk"], changes=decision_changes(actor=world.lanshan["clerk"], institution=inst)
    )
    assert rows and all(r.link == "" for r in rows)  # the decision is out of that office's reach
    client.force_login(world.luozhuang["clerk"])
    assert client.get(f"/institutions/{inst.pk}/?tab=decisions").status_code == 404


def test_a_termination_closes_the_institution(world, province, clock):
    clock(at(2026, 11, 2))
    app = services.application_file(
        by=world.clerk_lanshan_inst,
        type=ApplicationType.TERMINATE,
        description="股东会决议解散",
        documents=[("决议", pdf())],
    )
    to_province(world, app)
    province_approves(province, app, doc="鲁金监许〔2026〕40号", on=datetime.date(2026, 11, 2))
    inst = Institution.objects.get(pk=world.inst_lanshan.pk)
    assert inst.status == InstitutionStatus.EXITING
    status = StatusChange.objects.filter(institution=inst).first()
    assert (status.effective_on, status.document_no) == (datetime.date(2026, 11, 2), "鲁金监许〔2026〕40号")
    closure = DecisionChange.objects.get(institution=inst, item=DecisionItem.CLOSURE)
    assert closure.after["closed_on"] == "2026-11-02" and closure.decision_id == app.pk


def test_what_an_establishment_must_carry(world, clock):
    clock(at(2026, 11, 2))
    values = establishment_values()
    values["shareholders"][1]["stake"] = Decimal("41")
    with pytest.raises(ApplicationError) as over:
        establish(world, values)
    assert over.value.field == "shareholders" and "100%" in str(over.value)
    values = establishment_values()
    values["executives"][0]["id_number"] = "370000000000000000"
    with pytest.raises(ApplicationError) as wrong:
        establish(world, values)
    assert wrong.value.field == "executives"
    values = establishment_values()
    del values["shareholders"]
    with pytest.raises(ApplicationError):
        establish(world, values)
    values = establishment_values()
    values["credit_code"] = world.inst_luozhuang.credit_code
    with pytest.raises(ApplicationError) as taken:
        establish(world, values)
    assert taken.value.field == "credit_code"
    assert Application.objects.count() == 0


def test_the_form_reads_shareholders_and_executives_line_by_line(world):
    data = {
        "type": "establish",
        "description": "设立",
        "document_title": "申请书",
        "shareholders": (
            f"甲投资有限公司，企业，{f.credit_code(811)}，60，6000\n乙, 自然人, {f.id_number(812)}, 40%, 4000\n"
        ),
        "executives": f"赵一，董事长，{f.id_number(813)}\n",
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    form = ApplicationForm(data, {"document": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}, user=world.lanshan["clerk"])
    assert form.is_valid(), form.errors
    values = form.proposed_values()
    assert values["shareholders"][0]["holder_type"] == "enterprise"
    assert values["shareholders"][1]["subscribed_capital"] == Decimal("40000000.00")
    assert values["executives"] == [
        {"name": "赵一", "position": "chairman", "id_number": f.id_number(813), "leaves": False}
    ]
    bad = ApplicationForm(
        data | {"shareholders": "甲，企业，60"},
        {"document": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
        user=world.lanshan["clerk"],
    )
    assert not bad.is_valid() and "shareholders" in bad.errors
