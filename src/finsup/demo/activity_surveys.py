"""The demo's special surveys (duty ㉓): one finished and one in progress, both the city's, taken
through the services at office hours before the demo's date.

The finished one, the microloan companies' agricultural lending last quarter, went to the Lanshan
office (which forwarded it to three of its microloan companies, the institution login's among them)
and to two companies of Luozhuang; every one answered, by web form or API. The one in progress is
its re-run for this quarter, sent three working days ago with a deadline a week ahead: Luozhuang's
two have answered, Lanshan has forwarded it and one of its three has answered; the institution
login's company has not yet (its work queue shows the survey)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from finsup.institutions.choices import InstitutionKind
from finsup.surveys import services

from .activity_time import acting, working_days_after
from .activity_world import CITY, LANSHAN, World

LUOZHUANG = "371311"
TITLE = "小额贷款公司涉农贷款投放情况专项调查"
BASIS = (
    "依据《山东省地方金融条例》第三十八条及市委农村工作领导小组关于金融支持乡村振兴的工作要求，"
    "了解全市小额贷款公司涉农贷款投放情况，为制定支持政策提供依据。"
)
FIELDS = [
    {"id": "loans_balance", "label_zh": "贷款余额", "unit": "money:wan_yuan", "required": True, "min": "0"},
    {"id": "agri_loans", "label_zh": "其中：涉农贷款余额", "unit": "money:wan_yuan", "required": True, "min": "0"},
    {"id": "agri_borrowers", "label_zh": "涉农贷款户数", "unit": "count:clients", "required": True, "min": "0"},
    {"id": "agri_rate", "label_zh": "涉农贷款平均年化利率", "unit": "rate:percent_per_year", "required": False},
    {"id": "remarks", "label_zh": "情况说明", "unit": "text:", "required": False},
]
CHECKS = [{"expr": "agri_loans <= loans_balance", "message_zh": "涉农贷款余额不能大于贷款余额。"}]


@dataclass
class SurveyPlan:
    finished: bool
    define: datetime.datetime
    send: datetime.datetime
    deadline: datetime.date
    forward: datetime.datetime
    send_below: datetime.datetime
    below: list  # the Lanshan companies it is forwarded to
    direct: list  # the Luozhuang companies
    answers: list = field(default_factory=list)  # (institution, moment, values, channel)

    @property
    def moments(self) -> list[datetime.datetime]:
        """Every step's moment, in the order the load takes them (as the other subjects' plans)."""
        return [self.define, self.send, self.forward, self.send_below, *(moment for _i, moment, _v, _c in self.answers)]


def _figures(world: World) -> dict:
    balance = Decimal(world.rng.randrange(800_000, 4_500_000)) / 100  # 万元, two places
    share = Decimal(world.rng.randrange(15, 55)) / 100
    return {
        "loans_balance": str(balance),
        "agri_loans": str((balance * share).quantize(Decimal("0.01"))),
        "agri_borrowers": str(world.rng.randrange(40, 600)),
        "agri_rate": str(Decimal(world.rng.randrange(800, 1800)) / 100),
    }


def plan_surveys(world: World) -> list[SurveyPlan]:
    login = world.login_institution()
    lanshan = [login] + [i for i in world.operating(LANSHAN, InstitutionKind.MICROLOAN) if i.pk != login.pk][:2]
    luozhuang = (world.operating(LUOZHUANG, InstitutionKind.MICROLOAN) or world.operating(LUOZHUANG))[:2]
    plans = []
    for finished, back in ((True, 45), (False, 8)):  # room for seven steps, some rolling over to the next day
        diary = world.diary(back)
        define, send = diary.step(0), diary.step(0)
        forward, send_below = diary.step(1), diary.step(0)
        deadline = working_days_after(send.date(), 20) if finished else working_days_after(world.as_of, 5)
        plan = SurveyPlan(finished, define, send, deadline, forward, send_below, lanshan, luozhuang)
        respondents = lanshan + luozhuang if finished else [luozhuang[0], luozhuang[1], lanshan[1]]
        for n, institution in enumerate(respondents):
            moment = diary.step(1 if n % 2 == 0 else 0)
            channel = "api" if n % 3 == 2 else "web"
            plan.answers.append((institution, moment, _figures(world), channel))
        plans.append(plan)
    return plans


def load_surveys(world: World, plans: list[SurveyPlan]) -> dict[str, int]:
    clerk, lanshan_clerk = world.staff(CITY, "clerk"), world.staff(LANSHAN, "clerk")
    previous = None
    answered = 0
    for plan in plans:
        with acting(clerk, plan.define):
            if previous is None:
                survey = services.survey_create(
                    by=clerk,
                    office=clerk.office,
                    data={"title": TITLE, "basis": BASIS, "deadline": plan.deadline},
                    fields=FIELDS,
                    checks=CHECKS,
                    institutions=plan.direct,
                    offices=[lanshan_clerk.office],
                )
            else:
                survey = services.survey_rerun(survey=previous, by=clerk, deadline=plan.deadline)
        with acting(clerk, plan.send):
            survey = services.survey_send(survey=survey, by=clerk)
        office_row = survey.recipients.get(office=lanshan_clerk.office)
        with acting(lanshan_clerk, plan.forward):
            below = services.survey_forward(recipient=office_row, by=lanshan_clerk)
            services.survey_update(
                survey=below,
                by=lanshan_clerk,
                data={"title": below.title, "basis": below.basis, "deadline": plan.deadline},
                fields=None,
                institutions=plan.below,
            )
        with acting(lanshan_clerk, plan.send_below):
            below = services.survey_send(survey=below, by=lanshan_clerk)
        rows = {r.institution_id: r for r in [*survey.recipients.all(), *below.recipients.all()] if r.institution_id}
        for institution, moment, values, channel in plan.answers:
            user = world.institution_user(institution)
            if user is None:
                continue
            with acting(user, moment):
                services.answer_submit(recipient=rows[institution.pk], by=user, raw=values, channel=channel)
            answered += 1
        previous = survey
    return {"surveys": len(plans), "survey_answers": answered}
