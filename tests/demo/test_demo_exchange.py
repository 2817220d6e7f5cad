"""Every export to the province validates against its schema on the demo's records too: the city's
and a county's consolidated filings of the last closed half-year, every rating cycle of the demo,
and the report the Lanshan office filed over them in the demo (issue 18)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from finsup.core import clock
from finsup.exchange import services
from finsup.ratings.selectors import cycle_list
from finsup.reporting.models import Submission
from tests.exchange.helpers import errors

from .conftest import AS_OF


def test_every_export_of_the_demo_validates_against_its_schema(loaded):
    users = get_user_model().objects
    clerk = users.get(username="city_clerk")
    now = timezone.make_aware(datetime.datetime.combine(AS_OF, datetime.time(15)))
    with clock.at(now):
        made = [
            services.export_create(by=clerk, kind="consolidated-filings", office_code=code, period_label="2026H1")
            for code in ("371300", "371302")
        ]
        cycles = list(cycle_list(actor=clerk))
        made += [services.export_create(by=clerk, kind="rating-results", cycle_id=c.pk) for c in cycles]
        filing = _lanshan_report()
        made.append(services.export_create(by=clerk, kind="office-report", submission_id=filing.pk))
    assert cycles, "the demo has rating cycles"
    for export in made:
        assert errors(export.kind, bytes(export.content)) == [], export.filename
    city = made[0]
    funding = next(r for r in _json(city)["reports"] if r["report_code"] == "ml_monthly_funding")
    assert funding["institutions"]["owed"] > 10 and funding["figures"][0]["value"] not in (None, "0.00")


def _lanshan_report():
    """The latest version of the Lanshan office's own report of 2026H1, as the demo filed it."""
    return (
        Submission.objects.filter(
            office__code="371302", institution=None, report_code="county_semiannual", period_end="2026-06-30"
        )
        .order_by("-version")
        .first()
    )


def _json(export):
    import json

    return json.loads(bytes(export.content))
