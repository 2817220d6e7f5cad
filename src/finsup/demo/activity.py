"""The office's year of supervision activity in the demo: inspections with their documents,
interviews and measures, rating cycles, licensing applications and annual reviews, complaints and
incidents, over the city office and several county offices, so that every demo login finds records
in every menu entry it has.

Everything is planned first (`activity_plan`: every choice drawn from a generator seeded with the
seed and the date, so the same seed and date give the same plan), then taken step by step through
the apps' services, each step as the user who would take it (`request_context.acting_as`) at a
working-hours moment before `as_of` (`core.clock.at`). The documents' PDFs are made without
LibreOffice (`activity_pdf`): its two seconds per step would more than double the load. They are
made when each document is signed off (`documents.queue.inline`), not queued for the worker: the
loader's plain converter lives in this process, and the demo ends with every PDF stored."""

from __future__ import annotations

import datetime

from finsup.documents.pdf import converted_by
from finsup.documents.queue import inline

from . import activity_complaints as complaints
from . import activity_fundraising as fundraising
from . import activity_governance as governance
from . import activity_incidents as incidents
from . import activity_inspections as inspections
from . import activity_licensing as licensing
from . import activity_listing as listing
from . import activity_office_reports as office_reports
from . import activity_outreach as outreach
from . import activity_partners as partners
from . import activity_past_inspections as past_inspections
from . import activity_province as province
from . import activity_qualifications as qualifications
from . import activity_ratings as ratings
from . import activity_supervision as supervision
from . import activity_surveys as surveys
from . import activity_worklog as worklog
from .activity_pdf import docx_as_pdf
from .activity_signoff import signing
from .activity_world import World

# Each subject: its name in the plan, how it is planned, how it is loaded. In this order: the
# interviews and measures look for institutions the inspections left, and so on.
SUBJECTS = (
    ("inspections", inspections.plan_inspections, inspections.load_inspections),
    ("interviews", supervision.plan_interviews, supervision.load_interviews),
    ("measures", supervision.plan_measures, supervision.load_measures),
    ("ratings", ratings.plan_ratings, ratings.load_ratings),
    ("applications", licensing.plan_applications, licensing.load_applications),
    ("annual_reviews", licensing.plan_annual_reviews, licensing.load_annual_reviews),
    ("complaints", complaints.plan_complaints, complaints.load_complaints),
    (
        "fundraising",
        fundraising.plan_fundraising,
        fundraising.load_fundraising,
    ),  # registers a tip-off of the complaints
    ("incidents", incidents.plan_incidents, incidents.load_incidents),
    ("outreach_reports", outreach.plan_reports, outreach.load_reports),  # of the campaigns demo.outreach loaded
    ("surveys", surveys.plan_surveys, surveys.load_surveys),  # the city's special surveys (duty ㉓)
    ("partners", partners.plan_partners, partners.load_partners),  # resident institutions, monthly analysis (①)
    ("province", province.plan_province, province.load_province),  # the city's requests, one decided
    ("listing", listing.plan_listing, listing.load_listing),  # the listing reserve (duties ⑮⑯⑰)
    # the practitioners of the private capital managers and lending registration services (duty ㉕)
    ("qualifications", qualifications.plan_qualifications, qualifications.load_qualifications),
    # the private lending association the city guides, and its guidance (duty ㉖)
    ("associations", qualifications.plan_associations, qualifications.load_associations),
    # governance and internal-control assessments of several institutions (duty ㉗)
    ("governance", governance.plan_governance, governance.load_governance),
    ("worklog", worklog.plan_worklog, worklog.load_worklog),  # the duty register: links the records above
)


def activity_plan(*, as_of: datetime.date, seed: int) -> dict[str, list]:
    """What the demo will do, subject by subject, drawn before anything is written (it reads the
    registry, the staff and the open warnings)."""
    world = World.make(as_of=as_of, seed=seed, subject="plan")
    return {name: plan(world) for name, plan, _load in SUBJECTS}


def load_activity(*, as_of: datetime.date, seed: int, real_pdf: bool = False) -> dict[str, int]:
    """Loads the activity through the services; returns the counts per kind of record. With
    `real_pdf`, the documents' PDFs are converted by LibreOffice as outside the demo."""
    plan = activity_plan(as_of=as_of, seed=seed)
    world = World.make(as_of=as_of, seed=seed, subject="load")
    with inline(), signing(as_of):
        if real_pdf:
            return _load(world, plan)
        with converted_by(docx_as_pdf):
            return _load(world, plan)


def _load(world: World, plan: dict[str, list]) -> dict[str, int]:
    counts = {}
    for name, _plan, load in SUBJECTS:
        counts |= load(world, plan[name])
    # The ledgers of past inspections last: the duties they fill are those the rest left unkept (and
    # the archive takes only the inspections conducted in the platform).
    counts |= inspections.archive_closed(world) | past_inspections.load_past_inspections(world)
    # The offices' own reports after the ledgers, whose inspections they count.
    return counts | office_reports.load_office_reports(world)
