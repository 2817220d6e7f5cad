"""The demo's documents in the register (发文登记簿) and their delivery: every document of the demo
is listed (the latest version of each series, for the city whose tree holds every office), the
older deliveries are acknowledged by the institution's user the next working day, the recent ones
still wait. Read by queries, not by a crawl."""

import datetime

from django.db.models import Max
from django.utils import timezone

from finsup.accounts.models import User
from finsup.demo.activity_signoff import ACKNOWLEDGE_WAITING_DAYS
from finsup.demo.activity_time import working_days_before
from finsup.documents.choices import DeliveryMethod, DocumentStatus
from finsup.documents.models import DocumentDelivery, OfficialDocument
from finsup.documents.selectors import document_register

from .conftest import AS_OF


def test_the_register_lists_every_document_of_the_demo(loaded, client):
    city = User.objects.get(username="city_leader")
    series = OfficialDocument.objects.values("series").annotate(last=Max("version"))
    assert series.count() > 30
    latest = {OfficialDocument.objects.get(series=s["series"], version=s["last"]).pk for s in series}
    listed = set(document_register(actor=city).values_list("pk", flat=True))
    assert listed == latest
    client.force_login(city)
    page = client.get("/documents/")
    assert page.status_code == 200 and page.context["listing"].total == len(latest)


def test_older_deliveries_are_acknowledged_a_working_day_later(loaded):
    deliveries = DocumentDelivery.objects.filter(method=DeliveryMethod.ELECTRONIC).select_related("document")
    finals = OfficialDocument.objects.filter(status=DocumentStatus.FINAL, institution__isnull=False)
    assert deliveries.count() > 10 and deliveries.count() <= finals.count()
    acknowledged = [d for d in deliveries if d.acknowledged_at is not None]
    assert acknowledged and len(acknowledged) < deliveries.count()
    for d in acknowledged:
        signed, acked = (timezone.localdate(d.document.finalised_at), timezone.localdate(d.acknowledged_at))
        assert signed < acked < AS_OF and (acked - signed) <= datetime.timedelta(days=3)
        assert d.acknowledged_by.institution_id == d.institution_id
    waiting_from = working_days_before(AS_OF, ACKNOWLEDGE_WAITING_DAYS)
    for d in deliveries:
        assert (d.acknowledged_at is None) == (timezone.localdate(d.document.finalised_at) >= waiting_from)
