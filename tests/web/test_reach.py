"""Whether a user may open the records a page links to: answered for a page's rows at once, and
never by reading every record within the user's reach (which grows with every year of filings)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from finsup.reporting.models import Submission
from finsup.reporting.views import SubmissionDetailView
from finsup.web.views import reach_prime, view_allows
from tests import factories as f


def _filing(institution, clerk, month: int) -> Submission:
    end = datetime.date(2026, month + 1, 1) - datetime.timedelta(days=1)
    return Submission.objects.create(
        institution=institution,
        office=institution.county,
        report_code="ml_monthly_business",
        report_version=1,
        period_start=end.replace(day=1),
        period_end=end,
        version=1,
        status="submitted",
        values={},
        channel="web",
        submitted_by=clerk,
        submitted_at=datetime.datetime(2026, month + 1, 5, 1, tzinfo=datetime.UTC),
        status_changed_at=datetime.datetime(2026, month + 1, 5, 1, tzinfo=datetime.UTC),
    )


def test_a_page_primes_its_links_in_one_query_and_each_answer_is_the_scopes(world):
    mine = [_filing(world.inst_lanshan, world.clerk_lanshan_inst, m) for m in (1, 2, 3)]
    other = _filing(world.inst_luozhuang, world.clerk_luozhuang_inst, 1)
    for month in range(4, 10):  # more history within reach, not on the page
        _filing(world.inst_lanshan, world.clerk_lanshan_inst, month)
    user = world.lanshan["lead_supervisor"]
    page = [*mine, other]

    with CaptureQueriesContext(connection) as primed:
        reach_prime(user, Submission, [s.pk for s in page])
    with CaptureQueriesContext(connection) as asked:
        answers = [view_allows(SubmissionDetailView, user, {"pk": s.pk}) for s in page]
    assert answers == [True, True, True, False]
    assert len(primed) == 1 and len(asked) == 0


def test_a_link_not_primed_costs_one_query_of_its_own(world):
    filing = _filing(world.inst_lanshan, world.clerk_lanshan_inst, 1)
    user = f.make_user("reach_county", "lead_supervisor", "371302")  # a fresh user object: nothing known yet
    with CaptureQueriesContext(connection) as asked:
        assert view_allows(SubmissionDetailView, user, {"pk": filing.pk})
        assert view_allows(SubmissionDetailView, user, {"pk": filing.pk})
    assert len(asked) == 1
