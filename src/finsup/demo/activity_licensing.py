"""The demo's licensing pre-review, one application at each step (filed by the institution login's
company, passed by the county, passed by the city, forwarded to the province and waiting for it,
refused), a shareholder change and an establishment the province approved as its leader (the
registry follows: the new stake with the old one in the decision's history, the new company with
its shareholders and executives), and last year's annual review of the Lanshan and Luozhuang institutions
(concluded, one with conditions, two still open), through the licensing services as the
institutions' users, the county and city clerks, lead supervisors and leaders."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from finsup.institutions.choices import InstitutionKind
from finsup.institutions.selectors import institutions_licensed
from finsup.institutions.services import institution_update
from finsup.licensing import services
from finsup.licensing.choices import (
    ApplicationStatus,
    ApplicationType,
    ChangeKind,
    CheckResult,
    Consequence,
    ReviewOutcome,
)

from .activity_pdf import text_pdf
from .activity_time import acting
from .activity_world import CITY, LANSHAN, World
from .identifiers import Mint
from .staff import PROVINCE

# The steps an application takes to reach each status, after its filing.
_PATH = {
    ApplicationStatus.FILED: [],
    ApplicationStatus.COUNTY_PASSED: [ApplicationStatus.COUNTY_PASSED],
    ApplicationStatus.CITY_PASSED: [ApplicationStatus.COUNTY_PASSED, ApplicationStatus.CITY_PASSED],
    ApplicationStatus.FORWARDED: [
        ApplicationStatus.COUNTY_PASSED,
        ApplicationStatus.CITY_PASSED,
        ApplicationStatus.FORWARDED,
    ],
    ApplicationStatus.APPROVED: [
        ApplicationStatus.COUNTY_PASSED,
        ApplicationStatus.CITY_PASSED,
        ApplicationStatus.FORWARDED,
        ApplicationStatus.APPROVED,
    ],
    ApplicationStatus.REFUSED: [ApplicationStatus.REFUSED],
}
NOTICE_AFTER = datetime.timedelta(minutes=15)  # a review's notice is drafted after its conclusion
_REASONS = {
    ApplicationStatus.COUNTY_PASSED: "申请材料齐全，经初审符合条件，报市金融办审查。",
    ApplicationStatus.CITY_PASSED: "经审查符合有关规定，提请领导审定。",
    ApplicationStatus.FORWARDED: "经审查符合设立条件，按规定报省地方金融监督管理局审批。",
    ApplicationStatus.APPROVED: "经审查，符合《山东省地方金融条例》和有关规定，同意。",
    ApplicationStatus.REFUSED: "股东会决议未经全体股东签署，申请材料不符合要求，不予通过初审。",
}


LEAD_SUPERVISOR_AFTER = 3  # working days after the province's approval


@dataclass
class Filing:
    county: str
    type: str
    status: str
    institution: object | None
    proposed_name: str
    proposed_kind: str
    moments: list[datetime.datetime]


@dataclass
class Review:
    institution: object
    outcome: str  # "" while open
    moments: list[datetime.datetime]


def plan_applications(world: World) -> list[Filing]:
    filings = []
    for county, type_, status, back, kind, login in (
        (LANSHAN, ApplicationType.CHANGE, ApplicationStatus.FILED, 3, "", True),
        ("371311", ApplicationType.ESTABLISH, ApplicationStatus.COUNTY_PASSED, 6, InstitutionKind.MICROLOAN, False),
        (LANSHAN, ApplicationType.CHANGE, ApplicationStatus.CITY_PASSED, 8, "", False),
        ("371323", ApplicationType.ESTABLISH, ApplicationStatus.FORWARDED, 40, InstitutionKind.PRIVATE_CAPITAL, False),
        (LANSHAN, ApplicationType.CHANGE, ApplicationStatus.APPROVED, 70, "", False),
        ("371312", ApplicationType.TERMINATE, ApplicationStatus.REFUSED, 25, "", False),
        ("371321", ApplicationType.ESTABLISH, ApplicationStatus.APPROVED, 55, InstitutionKind.MICROLOAN, False),
    ):
        # An application waiting for a step arrived at it 1–3 working days ago: within every step's time.
        gaps = [0] + [world.rng.randint(2, 4) for _s in _PATH[status]]
        back = back + world.rng.randint(0, 3) if back > 10 else sum(gaps) + world.rng.randint(1, 3)
        if (type_, status) == (ApplicationType.ESTABLISH, ApplicationStatus.APPROVED):
            gaps.append(LEAD_SUPERVISOR_AFTER)  # the county files the new company's lead supervisor
        moments = world.moments(gaps, back=back)
        if type_ == ApplicationType.ESTABLISH:
            place = world.rng.choice(["沂河", "金雀山", "银雀山", "蒙山", "沭河"])
            if status == ApplicationStatus.APPROVED:
                place = "沂南澳柯" if not filings else "沂南汶河"
            name = f"临沂{place}{'小额贷款' if kind == InstitutionKind.MICROLOAN else '民间资本管理'}股份有限公司"
            filings.append(Filing(county, type_, status, None, name, kind, moments))
        else:
            filings.append(Filing(county, type_, status, world.pick(county, login=login), "", "", moments))
    return filings


def plan_annual_reviews(world: World) -> list[Review]:
    """Every Lanshan institution (two reviews still open, the first concluded one recently and with
    conditions, the others in spring) and three of Luozhuang's."""
    reviews = []
    for county, size in ((LANSHAN, None), ("371311", 3)):
        institutions = list(institutions_licensed().filter(county__code=county).order_by("credit_code"))
        if size is not None:
            institutions = world.rng.sample(institutions, size)
        still_open = set(world.rng.sample(range(len(institutions)), 2)) if size is None else set()
        first_concluded = min(set(range(len(institutions))) - still_open)
        for n, institution in enumerate(institutions):
            if n in still_open:
                reviews.append(Review(institution, "", world.moments([0], back=world.rng.randint(2, 6))))
            elif county == LANSHAN and n == first_concluded:
                gaps = [0, world.rng.randint(4, 8)]
                reviews.append(Review(institution, ReviewOutcome.PASS_WITH_CONDITIONS, world.moments(gaps, back=12)))
            else:
                gaps = [0, world.rng.randint(4, 8)]
                back = world.rng.randint(120, 150)
                reviews.append(Review(institution, ReviewOutcome.PASS, world.moments(gaps, back=back)))
    return reviews


def load_applications(world: World, filings: list[Filing]) -> dict[str, int]:
    for filing in filings:
        _application(world, filing)
    return {"licensing_applications": len(filings)}


def load_annual_reviews(world: World, reviews: list[Review]) -> dict[str, int]:
    for review in reviews:
        _review(world, review)
    return {"annual_reviews": len(reviews)}


def _document(title: str, subject: str) -> tuple[str, SimpleUploadedFile]:
    content = text_pdf([title, subject, "（申请人盖章）"])
    return title, SimpleUploadedFile(f"{title}.pdf", content, content_type="application/pdf")


def _application(world: World, filing: Filing) -> None:
    institution, filed = filing.institution, filing.moments[0]
    subject = filing.proposed_name or institution.name
    common = {"type": filing.type, "documents": [_document("申请书", subject), _document("股东会决议", subject)]}
    if filing.type == ApplicationType.ESTABLISH:
        by = world.staff(filing.county, "clerk")
        data = common | {
            "county": by.office,
            "proposed_name": filing.proposed_name,
            "proposed_kind": filing.proposed_kind,
            "proposed_values": _establishment(world, filing),
            "description": f"发起人拟设立{filing.proposed_name}，注册资本10,000万元，由当地民营企业发起。",
        }
    else:
        by = world.institution_user(institution)
        data = common | {"institution": institution} | _change(world, filing, institution, filed)
    with acting(by, filed):
        application = services.application_file(by=by, **data)
    path = _PATH[filing.status]
    for to, moment in zip(path, filing.moments[1 : 1 + len(path)], strict=True):
        actor = _reviewer(world, application)
        extra = {}
        if to == ApplicationStatus.APPROVED:  # the province's decision, by its leader
            extra = {
                "effective_on": moment.date(),
                "decision_doc_no": f"鲁金监许〔{moment.year}〕{filing.moments[0].day + 10}号",
            }
        with acting(actor, moment):
            application = services.application_step(
                by=actor, application=application, to_status=to, reason=_REASONS[to], **extra
            )
    if filing.type == ApplicationType.ESTABLISH and filing.status == ApplicationStatus.APPROVED:
        _lead_supervisor(world, application, filing.moments[-1])


def _lead_supervisor(world: World, application, moment: datetime.datetime) -> None:
    """The county's leader files the new company's lead supervisor in the registry: the county's own."""
    leader, supervisor = (
        world.staff(application.county.code, "leader"),
        world.staff(application.county.code, "supervisor"),
    )
    with acting(leader, moment):
        institution_update(
            by=leader,
            institution=application.institution,
            data={"lead_supervisor": supervisor, "lead_supervisor_filed_on": moment.date()},
        )


def _change(world: World, filing: Filing, institution, filed: datetime.datetime) -> dict:
    resolution = filed.date() - datetime.timedelta(days=12)
    if filing.type == ApplicationType.TERMINATE:
        return {"description": "因经营困难，股东会决议解散公司，申请终止经营。"}
    if filing.status in (ApplicationStatus.CITY_PASSED,):
        capital = (institution.registered_capital or Decimal("100000000")) + Decimal("50000000")
        return {
            "description": "股东同比例增资5,000万元，增资款已全部到位。",
            "change_kinds": [ChangeKind.CAPITAL],
            "proposed_values": {"registered_capital": capital, "paid_in_capital": capital},
            "resolution_date": resolution,
        }
    if filing.status == ApplicationStatus.APPROVED:
        return _share_transfer(world, institution, resolution)
    street = "沂蒙路" if "沂蒙路" not in (institution.address or "") else "北京路"
    return {
        "description": "因原办公场所租赁到期，公司迁至新址办公。",
        "change_kinds": [ChangeKind.ADDRESS],
        "proposed_values": {"address": f"山东省临沂市兰山区{street}{filed.day + 100}号"},
        "resolution_date": resolution,
    }


def _reviewer(world: World, application):
    """The county's lead supervisor makes the initial review, the city's clerk the review, its leader the decision."""
    if application.status == ApplicationStatus.FILED:
        return world.staff(application.county.code, "supervisor")
    if application.status == ApplicationStatus.COUNTY_PASSED:
        return world.staff(CITY, "clerk")
    if application.status == ApplicationStatus.FORWARDED:
        return world.staff(PROVINCE, "leader")
    return world.staff(CITY, "leader")


STREETS = {"371321": "山东省临沂市沂南县澳柯玛大街"}


def _establishment(world: World, filing: Filing) -> dict:
    """What an establishment carries for the registry: the company's credit code, capital, the
    promoters with their stakes, the chairman and general manager."""
    mint = Mint(world.rng)
    year = filing.moments[0].year
    area = filing.county
    capital = Decimal("100000000")
    promoter = f"临沂{world.rng.choice(['鲁南', '沂州', '琅琊'])}实业集团有限公司"
    wang = mint.id_number(born_from=1965, born_to=1980)  # a promoter and the chairman: one person, one number
    return {
        "credit_code": mint.credit_code(area, year),
        "registered_capital": capital,
        "paid_in_capital": capital,
        "address": f"{STREETS.get(area, '山东省临沂市沂水县正阳路')}{world.rng.randint(10, 300)}号",
        "legal_representative": "王建国",
        "shareholders": [
            {
                "name": promoter,
                "holder_type": "enterprise",
                "identifier": mint.credit_code(area, 2012),
                "stake": Decimal("40"),
                "subscribed_capital": capital * Decimal("0.40"),
            },
            {
                "name": "临沂沂蒙商贸有限公司",
                "holder_type": "enterprise",
                "identifier": mint.credit_code(area, 2016),
                "stake": Decimal("35"),
                "subscribed_capital": capital * Decimal("0.35"),
            },
            {
                "name": "王建国",
                "holder_type": "person",
                "identifier": wang,
                "stake": Decimal("25"),
                "subscribed_capital": capital * Decimal("0.25"),
            },
        ],
        "executives": [
            {"name": "王建国", "position": "chairman", "id_number": wang},
            {
                "name": "刘晓燕",
                "position": "general_manager",
                "id_number": mint.id_number(born_from=1975, born_to=1988),
            },
        ],
    }


def _share_transfer(world: World, institution, resolution: datetime.date) -> dict:
    """The largest shareholder transfers a tenth of the company to a new investor."""
    largest = max(institution.shareholders.all(), key=lambda s: (s.stake, s.name))
    moved = min(Decimal("10"), largest.stake / 2).quantize(Decimal("0.0001"))
    share = institution.registered_capital * moved / 100
    identifier = largest.credit_code or None
    keep = {
        "name": largest.name,
        "holder_type": largest.holder_type,
        "identifier": identifier or largest.id_number,
        "stake": largest.stake - moved,
        "subscribed_capital": max(largest.subscribed_capital - share, Decimal(0)),
    }
    newcomer = {
        "name": "临沂市金融控股集团有限公司",
        "holder_type": "state",
        "identifier": Mint(world.rng).credit_code("371300", 2017),
        "stake": moved,
        "subscribed_capital": share,
    }
    return {
        "description": f"{largest.name}将所持公司{moved.normalize()}%股权转让给{newcomer['name']}，股东会已决议通过。",
        "change_kinds": [ChangeKind.SHAREHOLDER],
        "proposed_values": {"shareholders": [keep, newcomer]},
        "resolution_date": resolution,
    }


def _review(world: World, plan: Review) -> None:
    institution = plan.institution
    county = institution.county.code
    clerk = world.staff(county, "clerk")
    opened = plan.moments[0]
    with acting(clerk, opened):
        review = services.annual_review_open(
            by=clerk, institution=institution, year=opened.year - 1, as_of=opened.date()
        )
    if not plan.outcome:
        return
    judge = institution.lead_supervisor if institution.lead_supervisor.office_id == institution.county_id else None
    judge = judge or world.staff(county, "supervisor")
    concluded = plan.moments[1]
    with acting(judge, concluded):
        for check in review.checks.filter(result=CheckResult.NOT_ASSESSED).order_by("pk"):
            services.annual_review_check_update(
                by=judge,
                check=check,
                result=CheckResult.MET,
                evidence="查阅年度审计报告和相关台账",
                remark="经现场核查，符合要求。",
            )
        failing = review.checks.filter(result=CheckResult.NOT_MET).exists()
        if plan.outcome == ReviewOutcome.PASS_WITH_CONDITIONS:  # the recent one: a rectification deadline
            services.annual_review_conclude(
                by=judge,
                review=review,
                outcome=plan.outcome,
                reason="部分事项不符合要求，限期整改后复查。",
                rectification_due=concluded.date() + datetime.timedelta(days=90),
            )
        elif failing:  # long ago: a warning, the deadline of a rectification would have passed since
            services.annual_review_conclude(
                by=judge,
                review=review,
                outcome=ReviewOutcome.PASS_WITH_CONDITIONS,
                reason="个别事项不符合要求，予以警示，督促公司改进。",
                consequences=[Consequence.WARNING],
            )
        else:
            services.annual_review_conclude(by=judge, review=review, outcome=ReviewOutcome.PASS, reason="")
    with acting(clerk, concluded + NOTICE_AFTER):  # the notice of the conclusion, to be checked and signed off
        services.annual_review_notice_draft(by=clerk, review=review)
