"""The staff pages through the test client, and the public campaign page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from finsup.outreach.models import Campaign, OutreachEvent, OutreachMaterial

from .factories import PDF, PNG, material, may_campaign

pytestmark = pytest.mark.django_db


def test_a_clerk_plans_records_uploads_publishes_and_completes_through_the_pages(world, client):
    client.force_login(world.lanshan["clerk"])
    assert client.get(reverse("outreach:campaign_create")).status_code == 200
    response = client.post(
        reverse("outreach:campaign_create"),
        {
            "office": world.lanshan["clerk"].office_id,
            "year": 2025,
            "kind": "may_month",
            "title": "2025年兰山区防范非法集资宣传月",
            "starts_on": "2025-05-01",
            "ends_on": "2025-05-31",
            "plan": "五进活动",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == campaign.get_absolute_url()
    detail = reverse("outreach:campaign_detail", args=[campaign.pk])
    assert "五进活动" in client.get(detail).content.decode()

    bad = client.post(
        reverse("outreach:event_add", args=[campaign.pk]),
        {"held_on": "2025-05-10", "channel": "community", "title": "宣讲", "audience": "-3"},
    )
    assert bad.status_code == 400 and not OutreachEvent.objects.exists()
    ok = client.post(
        reverse("outreach:event_add", args=[campaign.pk]),
        {"held_on": "2025-05-10", "channel": "community", "title": "宣讲", "audience": "300", "copies": "120"},
    )
    assert ok.status_code == 302 and OutreachEvent.objects.get().audience == 300

    wrong = client.post(
        reverse("outreach:material_add", args=[campaign.pk]),
        {"title": "海报", "kind": "poster", "file": SimpleUploadedFile("a.pdf", b"not a pdf")},
    )
    assert wrong.status_code == 400 and not OutreachMaterial.objects.exists()
    client.post(
        reverse("outreach:material_add", args=[campaign.pk]),
        {"title": "海报", "kind": "poster", "file": SimpleUploadedFile("poster.png", PNG)},
    )
    m = OutreachMaterial.objects.get()
    assert m.content_type == "image/png" and not m.published
    client.post(reverse("outreach:material_publish", args=[campaign.pk, m.pk]), {"published": "1"})
    m.refresh_from_db()
    assert m.published
    download = client.get(reverse("outreach:material_download", args=[campaign.pk, m.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG

    e = OutreachEvent.objects.get()
    edit = reverse("outreach:event_edit", args=[campaign.pk, e.pk])
    assert client.get(edit).status_code == 200
    data = {"held_on": "2025-05-10", "channel": "community", "title": "宣讲", "audience": "350", "copies": "120"}
    assert client.post(edit, data).status_code == 400  # no reason given
    assert client.post(edit, data | {"reason": "补录"}).status_code == 302
    e.refresh_from_db()
    assert e.audience == 350

    assert (
        client.post(reverse("outreach:campaign_complete", args=[campaign.pk]), {"summary": "完成"}).status_code == 302
    )
    campaign.refresh_from_db()
    assert campaign.status == "completed"
    assert "完成" in client.get(detail).content.decode()


def test_the_list_filters_by_year_and_respects_jurisdiction(world, client):
    mine = may_campaign(world.lanshan["clerk"], year=2025)
    may_campaign(world.lanshan["clerk"], year=2026)
    theirs = may_campaign(world.luozhuang["clerk"], year=2025, title="罗庄区宣传月")
    client.force_login(world.lanshan["inspector"])
    page = client.get(reverse("outreach:campaign_list"), {"year": 2025}).content.decode()
    assert mine.title in page and theirs.title not in page and "2026年" not in page
    assert client.get(reverse("outreach:campaign_detail", args=[theirs.pk])).status_code == 404
    client.force_login(world.city["leader"])
    page = client.get(reverse("outreach:campaign_list")).content.decode()
    assert mine.title in page and theirs.title in page


def test_an_inspector_sees_but_gets_no_forms(world, client):
    campaign = may_campaign(world.lanshan["clerk"], year=2025)
    client.force_login(world.lanshan["inspector"])
    page = client.get(reverse("outreach:campaign_detail", args=[campaign.pk])).content.decode()
    assert 'id="event-form"' not in page and 'id="material-form"' not in page
    assert client.post(reverse("outreach:event_add", args=[campaign.pk]), {}).status_code == 404


def test_the_portal_shows_only_published_materials_of_the_current_campaign(world, client):
    clerk = world.lanshan["clerk"]
    today = datetime.date.today()
    running = may_campaign(clerk, kind="other", year=today.year, title="金融知识进万家", starts_on=today, ends_on=today)
    shown = material(running, clerk, title="防骗手册", published=True)
    hidden = material(running, clerk, title="内部草稿")
    old = may_campaign(clerk, year=today.year - 1)
    past = material(old, clerk, title="往年海报", content=PDF + b"old", published=True)
    page = client.get(reverse("campaign:current")).content.decode()
    assert "防骗手册" in page and "内部草稿" not in page and "往年海报" not in page
    response = client.get(reverse("campaign:material", args=[shown.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert client.get(reverse("campaign:material", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("campaign:material", args=[past.pk])).status_code == 200  # published stays public


def test_without_a_running_campaign_the_portal_shows_the_latest_may_month(world, client):
    clerk = world.lanshan["clerk"]
    year = datetime.date.today().year - 1
    material(may_campaign(clerk, year=year - 1), clerk, title="前年海报", published=True)
    material(may_campaign(clerk, year=year), clerk, title="去年海报", content=PDF + b"1", published=True)
    page = client.get(reverse("campaign:current")).content.decode()
    assert "去年海报" in page and "前年海报" not in page
    assert reverse("campaign:current") in client.get(reverse("portal:home")).content.decode()


def test_the_portal_page_with_nothing_published(db, client):
    assert client.get(reverse("campaign:current")).status_code == 200
