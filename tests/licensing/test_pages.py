"""The licensing pages drive the services: filing with a document, the steps, the annual review
checklist and conclusion, fit-and-proper decision, and the panel on the institution page."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from finsup.institutions.choices import InstitutionKind
from finsup.institutions.models import Institution, KeyPerson, TrainingRecord
from finsup.licensing.choices import ApplicationStatus, CheckResult, ReviewStatus
from finsup.licensing.models import AnnualReview, Application
from tests import factories as f

from .helpers import person

pytestmark = pytest.mark.django_db


def test_an_institution_files_a_change_and_the_offices_take_it_to_approval(world, client):
    client.force_login(world.clerk_lanshan_inst)
    response = client.post(
        "/licensing/new/",
        {
            "type": "change",
            "change_kinds": ["address"],
            "address": "临沂市兰山区金雀山路1号",
            "resolution_date": datetime.date.today().isoformat(),
            "description": "变更住所",
            "document_title": "股东会决议",
            "document": SimpleUploadedFile("决议.pdf", b"%PDF-1.4 page"),
        },
    )
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/licensing/{app.pk}/"
    page = client.get(f"/licensing/{app.pk}/").content.decode()
    assert "决议.pdf" in page and "金雀山路1号" in page
    assert client.get(f"/licensing/{app.pk}/documents/{app.documents.get().pk}/").getvalue() == b"%PDF-1.4 page"

    client.force_login(world.lanshan["clerk"])
    assert client.post(f"/licensing/{app.pk}/step/", {"to_status": "county_passed", "reason": ""}).status_code == 400
    assert client.post(f"/licensing/{app.pk}/step/", {"to_status": "无此状态", "reason": "r"}).status_code == 400
    client.post(f"/licensing/{app.pk}/step/", {"to_status": "county_passed", "reason": "材料齐全"})
    client.force_login(world.city["clerk"])
    client.post(f"/licensing/{app.pk}/step/", {"to_status": "city_passed", "reason": "符合条件"})
    client.force_login(world.city["leader"])
    page = client.get(f"/licensing/{app.pk}/").content.decode()
    # The province decides an address change: the city forwards (or refuses), never approves.
    assert 'value="approved"' not in page and 'value="forwarded"' in page
    client.post(f"/licensing/{app.pk}/step/", {"to_status": "forwarded", "reason": "报省审批"})
    client.force_login(f.make_user("province_leader", "leader", "370000"))
    page = client.get(f"/licensing/{app.pk}/").content.decode()
    assert 'id="province-deciding"' in page and 'value="approved"' in page
    client.post(
        f"/licensing/{app.pk}/step/",
        {
            "to_status": "approved",
            "reason": "同意",
            "effective_on": datetime.date.today().isoformat(),
            "decision_doc_no": "鲁金监许〔2026〕7号",
        },
    )
    app.refresh_from_db()
    assert app.status == ApplicationStatus.APPROVED
    assert Institution.objects.get(pk=world.inst_lanshan.pk).address == "临沂市兰山区金雀山路1号"
    detail = client.get(f"/institutions/{world.inst_lanshan.pk}/").content.decode()
    assert "licensing-panel" in detail and f"/licensing/{app.pk}/" in detail


def test_annual_review_pages(world, client):
    client.force_login(world.lanshan["clerk"])
    response = client.post("/licensing/reviews/new/", {"institution": world.inst_lanshan.pk, "year": 2025})
    review = AnnualReview.objects.get()
    assert response["Location"] == f"/licensing/reviews/{review.pk}/"
    for check in review.checks.all():
        prefix = f"c{check.pk}"
        client.post(
            f"/licensing/reviews/{review.pk}/checks/{check.pk}/",
            {f"{prefix}-result": "met", f"{prefix}-evidence": "核实", f"{prefix}-remark": "现场核实"},
        )
    assert set(review.checks.values_list("result", flat=True)) == {CheckResult.MET}
    assert client.post(f"/licensing/reviews/{review.pk}/conclude/", {"outcome": "pass"}).status_code == 404  # clerk
    client.force_login(world.lanshan["lead_supervisor"])
    client.post(f"/licensing/reviews/{review.pk}/conclude/", {"outcome": "pass", "reason": ""})
    review.refresh_from_db()
    assert review.status == ReviewStatus.CONCLUDED
    assert "licensing/reviews" in client.get("/licensing/reviews/").content.decode()


def test_fit_and_proper_page_and_flags_on_the_institution_page(world, client):
    pc = f.make_institution("371302", kind=InstitutionKind.PRIVATE_CAPITAL)
    id_no = f.id_number()
    p = person(pc, name="孙七", id_number=id_no)
    person(world.inst_luozhuang, name="孙七", id_number=id_no, approval_status="filed")
    TrainingRecord.objects.create(key_person=p, course="培训", attended_on=datetime.date.today(), hours=8)
    client.force_login(world.lanshan["lead_supervisor"])
    page = client.get(f"/institutions/{pc.pk}/?tab=people").content.decode()
    assert "孙七" in page and f"/licensing/people/{p.pk}/decide/" in page and "badge-late" in page
    response = client.post(
        f"/licensing/people/{p.pk}/decide/",
        {
            "decision": "approved",
            "qualification_ok": "on",
            "clean_record_ok": "on",
            "reason": "符合条件",
            "document_no": "兰金办〔2026〕9号",
        },
    )
    assert response.status_code == 302
    assert KeyPerson.objects.get(pk=p.pk).approval_status == "approved"


def _counted_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_list_pages_do_not_grow_queries_with_rows(world, client):
    from finsup.licensing import services

    def add_rows():
        inst = f.make_institution("371302")
        user = f.make_user(f"u{inst.pk}", "institution", institution=inst)
        services.application_file(
            by=user, type="terminate", description="解散", documents=[("决议", SimpleUploadedFile("a.pdf", b"x"))]
        )
        services.annual_review_open(by=world.lanshan["clerk"], institution=inst, year=2025)

    add_rows()
    client.force_login(world.city["leader"])
    before = [_counted_queries(client, p) for p in ("/licensing/?status=", "/licensing/reviews/")]
    for _ in range(3):
        add_rows()
    after = [_counted_queries(client, p) for p in ("/licensing/?status=", "/licensing/reviews/")]
    assert after == before
