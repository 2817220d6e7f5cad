"""The demo outreach data: made through the services, quick, and the portal shows the city's materials."""

import pytest
from django.urls import reverse

from finsup.audit.models import AuditEntry
from finsup.core.file_types import content_types_of
from finsup.demo.outreach import outreach_load
from finsup.outreach.models import Campaign, OutreachMaterial

pytestmark = pytest.mark.django_db


def test_the_demo_campaigns_load_and_are_audited(world, client):
    counts = outreach_load(seed=7)
    # The world has staff in the city, Lanshan and Luozhuang only: the other counties are skipped.
    assert counts["outreach_campaigns"] == Campaign.objects.count() == 6
    assert counts["outreach_materials"] == OutreachMaterial.objects.count() == 4
    assert Campaign.objects.filter(year=2025, status="completed").count() == 3
    assert AuditEntry.objects.filter(object_type__startswith="outreach.").count() > counts["outreach_events"]
    poster = OutreachMaterial.objects.get(kind="poster")
    assert poster.published and "application/pdf" in content_types_of(poster.file.read())
    page = client.get(reverse("campaign:current")).content.decode()
    assert "宣传月主题海报" in page
