"""The pages supervisors and institutions open every day cost the same with years of filings
behind them: the same number of queries at 100 filings as at 2,000, and no more than a page of
filings loaded as model instances (what is due, late or missing is judged in the database)."""

import datetime
from contextlib import contextmanager
from itertools import count

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from finsup.core import clock
from finsup.reporting.models import Submission
from tests import factories as f

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 10, 0))
PAGE = 25  # the list kit's page
RECENT = datetime.date(2026, 9, 1)  # filings of the periods since are still in review
PAGES = ("/dashboard/", "/notifications/", "/filings/", "/filings/overdue/", "/accountability/")


def _months(first: datetime.date, n: int):
    year, month = first.year, first.month
    for _ in range(n):
        start = datetime.date(year, month, 1)
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        yield start, datetime.date(year, month, 1) - datetime.timedelta(days=1)


def _file(institutions, months: int, first: datetime.date, clerk, *, waiting: bool = False) -> int:
    """Monthly business reports of each institution for `months` months from `first`: filed on time,
    confirmed by the city up to August 2026; later ones accepted by the county, one in five still
    waiting for it (all of them if `waiting`); one in seven corrected once."""
    rows, n = [], count()
    for institution in institutions:
        for start, end in _months(first, months):
            filed = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=5), datetime.time(9)))
            i = next(n)
            status = "confirmed" if end < RECENT else "submitted" if waiting or i % 5 == 0 else "accepted"
            common = dict(
                institution=institution,
                office=institution.county,
                report_code="ml_monthly_business",
                report_version=1,
                period_start=start,
                period_end=end,
                values={},
                channel="web",
                submitted_by=clerk,
                status_changed_at=filed,
            )
            if i % 7 == 0:
                rows.append(Submission(version=1, status="superseded", submitted_at=filed, **common))
                rows.append(Submission(version=2, status=status, submitted_at=filed, **common))
            else:
                rows.append(Submission(version=1, status=status, submitted_at=filed, **common))
    Submission.objects.bulk_create(rows)
    return len(rows)


@contextmanager
def _counted():
    """Queries run and filings instantiated within the block."""
    made = []

    def note(sender, instance, **kwargs):
        made.append(instance)

    post_init.connect(note, sender=Submission, weak=False)
    try:
        with CaptureQueriesContext(connection) as queries:
            yield queries, made
    finally:
        post_init.disconnect(note, sender=Submission)


def _measure(client_for, users) -> dict:
    out = {}
    with clock.at(NOW):
        for user in users:
            client = client_for(user)
            client.get("/dashboard/")  # the session's first refresh, not part of what is measured
            for url in PAGES:
                with _counted() as (queries, made):
                    page = client.get(url, follow=True)  # a list opening on its default filter
                if page.status_code == 404:  # a page the role has no access to
                    continue
                assert page.status_code == 200, (user, url, page.status_code)
                out[(user.username, url)] = (len(queries), len(made))
    return out


@pytest.mark.django_db
def test_the_daily_pages_cost_the_same_at_100_and_at_2000_filings(world, client_for, settings):
    settings.FINSUP_REPORTING_START = None  # tracked from the start of last year, as in production
    institutions = [world.inst_lanshan, world.inst_luozhuang]
    institutions += [f.make_institution("371302") for _ in range(8)]
    clerk = world.clerk_lanshan_inst
    # 100 filings: the last ten months of ten institutions, one month of each still missing.
    small = _file(institutions, 9, datetime.date(2026, 1, 1), clerk)
    users = [world.city["leader"], world.city["clerk"], world.lanshan["lead_supervisor"], world.clerk_lanshan_inst]
    before = _measure(client_for, users)

    # Ten more years behind them, and twenty more institutions whose filings of the last four years
    # are all confirmed and whose September and October wait for the county, past its five days: a
    # backlog of 40 the overdue duties list, more than a page.
    more = [f.make_institution("371302") for _ in range(20)]
    large = small + _file(institutions, 120, datetime.date(2016, 1, 1), clerk)
    large += _file(more, 44, datetime.date(2023, 1, 1), clerk)
    large += _file(more, 2, datetime.date(2026, 9, 1), clerk, waiting=True)
    assert small <= 120 and large >= 2_000
    after = _measure(client_for, users)

    assert set(after) == set(before)
    assert {k for k in before if k[1] == "/filings/overdue/"}, "the overdue list was measured"
    for key, (queries, made) in after.items():
        assert queries <= before[key][0], f"{key}: {before[key][0]} queries at {small} filings, {queries} at {large}"
        # A list page loads a page of filings at most; the overdue duties read their backlog as rows.
        assert made <= PAGE, f"{key}: {made} filings loaded at {large} filings"
