"""The demo outreach data: made through the services, quick, and the portal shows the city's materials."""

import datetime

import pytest
from django.urls import reverse

from finsup.audit.models import AuditEntry
from finsup.core.file_types import content_types_of
from finsup.demo.outreach import outreach_load
from finsup.outreach.models import Campaign, OutreachMaterial

pytestmark = pytest.mark.django_db


def test_the_demo_campaigns_load_and_are_audited(world, client, monkeypatch):
    # The portal shows the campaign of the current year: the demo's day and the clock agree.
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 10, 31, 9, tzinfo=datetime.UTC))
    counts = outreach_load(seed=7, as_of=datetime.date(2026, 10, 31))
    # The world has staff in the city, Lanshan and Luozhuang only: the other counties are skipped.
    assert counts["outreach_campaigns"] == Campaign.objects.count() == 6
    assert counts["outreach_materials"] == OutreachMaterial.objects.count() == 4
    assert Campaign.objects.filter(year=2025, status="completed").count() == 3
    # Planned in April, summed up in June: each step at its moment, not the loading minute.
    campaign = Campaign.objects.filter(year=2026).order_by("pk").first()
    assert campaign.status == "completed" and campaign.created_at.month == 4 and campaign.completed_at.month == 6
    assert [e.held_on.month for e in campaign.events.all()] and all(e.held_on.month == 5 for e in campaign.events.all())

    assert AuditEntry.objects.filter(object_type__startswith="outreach.").count() > counts["outreach_events"]
    poster = OutreachMaterial.objects.get(kind="poster")
    assert poster.published and "application/pdf" in content_types_of(poster.file.read())
    page = client.get(reverse("campaign:current")).content.decode()
    assert "宣传月主题海报" in page


def test_before_may_the_demo_campaigns_are_the_two_years_before(world):
    outreach_load(seed=7, as_of=datetime.date(2027, 3, 1))
    assert sorted(set(Campaign.objects.values_list("year", flat=True))) == [2025, 2026]
