"""An entity registered from a risk warning on a licensed institution (issue 21 point 1: opened from a
tip-off, a complaint, an inspection finding, a warning or by hand): the warning's page offers it to
the staff who handle illegal fundraising; the registration page is filled from the warning (the
institution, its credit code, its county's office) and the warning becomes the entity's first text;
a warning is registered once (refused in Chinese, nothing written); outside the user's jurisdiction
the warning is not found (404)."""

import datetime

import pytest
from django.urls import reverse

from finsup.fundraising.models import EntityText, SuspectEntity
from tests.monitoring.factories import make_warning

from .helpers import on

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)


def test_a_risk_warning_is_registered_once_as_a_suspected_entity(world, client_for):
    with on(DAY):
        warning = make_warning(
            world.inst_lanshan,
            title="资本金来源疑似吸收公众资金",
            detail="股东增资款来自二十余名自然人的小额转账，摘要为“理财”。",
        )
    client = client_for(world.lanshan["lead_supervisor"])
    page = client.get(warning.get_absolute_url())
    assert 'id="register-fundraising"' in page.content.decode()
    url = reverse("fundraising:new") + f"?warning={warning.pk}"
    with on(DAY):
        form = client.get(url)
    html = form.content.decode()
    assert form.status_code == 200 and "资本金来源疑似吸收公众资金" in html
    assert form.context["form"].initial["credit_code"] == world.inst_lanshan.credit_code
    data = {
        "warning": warning.pk,
        "name": world.inst_lanshan.name,
        "credit_code": world.inst_lanshan.credit_code,
        "office": world.inst_lanshan.county.pk,
        "origin": "warning",
    }
    with on(DAY):
        done = client.post(reverse("fundraising:new"), data)
    assert done.status_code == 302
    entity = SuspectEntity.objects.get()
    assert entity.origin == "warning" and entity.institution_id == world.inst_lanshan.pk
    assert entity.source == f"monitoring.riskwarning:{warning.pk}"
    text = EntityText.objects.get(entity=entity)
    assert text.kind == "other" and text.title == "风险预警：资本金来源疑似吸收公众资金"
    assert "二十余名自然人" in text.text and text.received_on == DAY
    with on(DAY):
        again = client.post(reverse("fundraising:new"), data)
    assert again.status_code == 400 and "该记录已登记为涉嫌非法集资主体" in again.content.decode()
    assert SuspectEntity.objects.count() == 1 and EntityText.objects.count() == 1


def test_a_warning_outside_the_jurisdiction_is_not_found(world, client_for):
    with on(DAY):
        warning = make_warning(world.inst_lanshan)
    client = client_for(world.luozhuang["lead_supervisor"])
    assert client.get(reverse("fundraising:new") + f"?warning={warning.pk}").status_code == 404
    post = client.post(reverse("fundraising:new"), {"warning": warning.pk, "name": "x"})
    assert post.status_code == 404 and not SuspectEntity.objects.exists()


def test_an_inspection_finding_is_registered_with_its_text(world, client_for):
    from tests.inspections.helpers import add_finding, started

    with on(DAY):
        inspection = started(world.lanshan, world.inst_lanshan)
        finding = add_finding(world.lanshan["inspector"], inspection, title="以理财名义向社会公众吸收资金")
    client = client_for(world.lanshan["lead_supervisor"])
    page = client.get(reverse("inspections:finding_detail", args=[finding.pk]))
    assert 'id="register-fundraising"' in page.content.decode()
    data = {
        "finding": finding.pk,
        "name": world.inst_lanshan.name,
        "office": world.inst_lanshan.county.pk,
        "origin": "inspection",
    }
    with on(DAY):
        assert client.post(reverse("fundraising:new"), data).status_code == 302
    entity = SuspectEntity.objects.get()
    assert entity.origin == "inspection" and entity.source == f"inspections.finding:{finding.pk}"
    text = EntityText.objects.get(entity=entity)
    assert text.kind == "evidence" and text.title == "检查发现：以理财名义向社会公众吸收资金"
    assert "《小额贷款公司监督管理暂行办法》第二十条" in text.text
    # the auditor reads the finding without the button (they do not handle illegal fundraising)
    auditor_page = client_for(world.city["auditor"]).get(reverse("inspections:finding_detail", args=[finding.pk]))
    assert auditor_page.status_code == 200 and 'id="register-fundraising"' not in auditor_page.content.decode()
