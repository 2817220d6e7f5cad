"""The demo's register of suspected illegal fundraising (duty ⑩) over the two years before the
demo's date: entities at every step (awaiting verification, verified, being disposed of, referred to
the police and waiting for the answer, closed with each outcome, one merged into the registration it
duplicates), with the advertisements, web pages and tip-offs the offices received, so that the
early-warning index and its backtest show what the records say.

What the cases are made of (data/fundraising.toml) is fixed: most entities later found to be
illegal fundraising promise returns above the legal cap and use the feature words, most of those
found to be no issue do not, and a few go the other way (an old people's home whose ad says 养老公寓, a travel agency's
返利 points), as in any year of real clues. One advertisement circulates under three names with one
phone (near duplicates; the phone links the later ones to the first, once it is determined). The tip-off
of the demo's complaints that names no institution is registered from its complaint. The days are
relative to the demo's date; the hour of each step is drawn from the seeded generator."""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from finsup.complaints.selectors import complaint_list
from finsup.fundraising import selectors as fundraising_selectors
from finsup.fundraising import services
from finsup.fundraising.choices import Origin

from .activity_time import acting, office_moment, working_days_before
from .activity_world import CITY, World
from .filings_timeline import workday
from .identifiers import Mint

BASIS = "《防范和处置非法集资条例》第二条、第十九条、第二十一条"


@dataclass
class Case:
    name: str
    county: str
    back: int  # calendar days before the demo's date it was registered
    texts: list[tuple[str, str, int, str]]  # (kind, text, days after registration, office receiving a tip-off)
    path: str  # the steps taken by the demo's date; see _STEPS
    verify: int = 14  # days from registration to verification
    determine: int = 12  # days from verification to determination
    dispose: int = 40  # days from determination (or the police's answer) to the disposal
    phone: str = ""
    people: str = ""
    origin: str = Origin.MONITORING
    coded: bool = False
    merge_into: str = ""  # the name of the registration this one duplicates


# The steps of each path: determination outcome, then what follows it.
_STEPS = {
    "registered": [],
    "verified": ["verification"],
    "no_issue": ["verification", ("determination", "no_issue")],
    "rectifying": ["verification", ("determination", "rectification")],
    "rectified": ["verification", ("determination", "rectification"), "disposal"],
    "admin": ["verification", ("determination", "admin_measure"), "disposal"],
    "joint": ["verification", ("determination", "joint_disposal"), "disposal"],
    "referred": ["verification", ("determination", "police_referral"), "referral"],
    "accepted": ["verification", ("determination", "police_referral"), "referral", ("acceptance", "accepted")],
    "declined": [
        "verification",
        ("determination", "police_referral"),
        "referral",
        ("acceptance", "declined"),
        "disposal",
    ],
    "merged": [],
}
CASES_FILE = Path(__file__).resolve().parent / "data" / "fundraising.toml"


def read_cases(path: Path = CASES_FILE) -> list[Case]:
    """The cases of the data file, each text's {name} and {phone} filled in."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    ads = data["ads"]
    cases = []
    for row in data["case"]:
        row = dict(row)
        texts = row.pop("texts")
        coded = row.pop("credit_code", False)
        case = Case(**row, texts=[], coded=coded)
        for t in texts:
            body = (ads[t["ad"]] if "ad" in t else t["text"]).format(name=case.name, phone=case.phone)
            case.texts.append((t["kind"], body, t["after"], t.get("office", "")))
        cases.append(case)
    return cases


WEIGHTS_BACK = 200  # the city's leader raises two words' weights, from this many days before the demo's date
WEIGHTS_CHANGE = {"拉人头": "10", "发展下线": "10"}


@dataclass
class Planned:
    case: Case
    opened: datetime.date
    moments: dict[str, datetime.datetime]  # "open", "text<i>", step names, "merge"
    credit_code: str = ""


def plan_fundraising(world: World) -> list[Planned]:
    mint = Mint(world.rng)
    plans: list[Planned] = []
    for case in read_cases():
        opened = workday(world.as_of - datetime.timedelta(days=case.back))
        days = {"open": opened}
        for n, (_kind, _tpl, after, _office) in enumerate(case.texts):
            days[f"text{n}"] = workday(opened + datetime.timedelta(days=after))
        day = opened
        for step in _STEPS[case.path]:
            kind = step if isinstance(step, str) else step[0]
            gap = {"verification": case.verify, "determination": case.determine, "disposal": case.dispose}.get(kind, 1)
            day = workday(day + datetime.timedelta(days=gap))
            days[kind] = day
        if case.path == "referred":  # determined three working days before the demo's date and referred
            # on the last one, within its three days: its 移送书 may still await sign-off
            days["determination"] = working_days_before(world.as_of, 3)
            days["referral"] = working_days_before(world.as_of, 1)
        if case.merge_into:
            days["merge"] = workday(opened + datetime.timedelta(days=case.verify))
        last = max(days.values())
        if last >= world.as_of:
            raise ValueError(f"demo fundraising case {case.name}: a step on {last} is not before {world.as_of}")
        moments = {key: office_moment(day, world.rng.randrange(9 * 60, 17 * 60)) for key, day in days.items()}
        # the registration first on its day, the texts a little later, the steps after them
        moments["open"] = office_moment(opened, 9 * 60)
        for key in moments:
            if key.startswith("text") and days[key] == opened:
                moments[key] = office_moment(opened, 9 * 60 + 10 + int(key[4:]))
        code = mint.credit_code("371300", 2019) if case.coded else ""
        plans.append(Planned(case, opened, moments, code))
    return plans


def load_fundraising(world: World, plans: list[Planned]) -> dict[str, int]:
    """The cases in order, then the tip-off of the demo's complaints (loaded before: it exists only
    now, not when the plan was drawn), then the city's second version of the weights."""
    by_name = {}
    for plan in plans:
        by_name[plan.case.name] = _load_case(world, plan, by_name)
    registered = len(plans) + _from_complaint(world)
    _weights(world)
    return {"fundraising_entities": registered}


def _load_case(world: World, plan: Planned, by_name: dict):
    case, m = plan.case, plan.moments
    clerk, handler = world.staff(case.county, "clerk"), world.staff(case.county, "supervisor")
    with acting(clerk, m["open"]):
        entity = services.entity_open(
            by=clerk,
            office=clerk.office,
            name=case.name,
            credit_code=plan.credit_code,
            channels=case.phone,
            people=case.people,
            origin=case.origin,
            opened_on=plan.opened,
        )
    for n, (kind, text, _after, office) in enumerate(case.texts):
        moment = m[f"text{n}"]
        with acting(clerk, moment):
            services.text_add(
                by=clerk,
                entity=entity,
                kind=kind,
                title=_title(kind, n),
                body=text,
                received_on=moment.date(),
                from_office=world.staff(office, "clerk").office if office else None,
            )
    for step in _STEPS[case.path]:
        kind, detail = (step, "") if isinstance(step, str) else step
        entity.refresh_from_db()
        with acting(handler, m[kind]):
            services.step_record(
                by=handler, entity=entity, kind=kind, done_on=m[kind].date(), **_step(kind, detail, case, m[kind].year)
            )
    if case.merge_into:
        with acting(handler, m["merge"]):
            services.entity_merge(
                by=handler, entity=entity, into=by_name[case.merge_into], reason="同一公司，名称登记时少写“有限”二字。"
            )
    return entity


def _title(kind: str, n: int) -> str:
    return {
        "tip_off": "群众举报",
        "advertisement": "宣传广告",
        "material": "宣传材料",
        "web_page": "网页截存",
    }[kind] + ("" if n == 0 else f"（{n + 1}）")


_DISPOSALS = {
    "rectification": "已责令停止违规宣传和吸收资金，清退投资人资金，整改完成并经复查。",
    "admin_measure": "已依法作出行政处罚决定：没收违法所得，并处罚款，责令清退。",
    "joint_disposal": "会同市场监管、公安、住建部门联合处置：查封宣传点，督促清退资金。",
    "police_referral": "公安机关不予立案，退回后会同有关部门联合处置，资金已清退。",
}


def _step(kind: str, detail: str, case: Case, year: int) -> dict:
    if kind == "verification":
        return {"text": "实地核查经营场所，调取宣传材料、合同和资金流水，询问投资人和工作人员。"}
    if kind == "determination":
        if detail == "no_issue":
            return {"text": "经核查，未发现向社会公众吸收资金或承诺回报的行为，不属于非法集资。", "outcome": detail}
        text = "经认定，以承诺还本付息或给付回报的方式向不特定对象吸收资金，属于非法集资。"
        return {"text": text, "outcome": detail, "legal_basis": BASIS}
    if kind == "referral":
        return {"text": "经负责人批准，移送公安机关。", "materials": ["群众举报材料", "宣传材料及网页截存"]}
    if kind == "acceptance":
        if detail == "accepted":
            reference = f"临公经立字〔{year}〕{case.back % 90 + 10}号"
            return {"text": "公安机关已受理并立案侦查。", "answer": detail, "reference": reference}
        return {
            "text": "公安机关认为不构成犯罪，不予立案，退回我办。",
            "answer": detail,
            "reference": f"临公经不立字〔{year}〕7号",
        }
    outcome = {
        "admin": "admin_measure",
        "joint": "joint_disposal",
        "rectified": "rectification",
        "declined": "police_referral",
    }
    return {"text": _DISPOSALS[outcome[case.path]]}


def _from_complaint(world: World) -> int:
    """The tip-off of the demo's complaints that names no institution, registered by the city the
    working day after it was received, and verified by its handling office a week later (if those
    days are before the demo's date)."""
    handler = world.staff(CITY, "supervisor")
    tip = (
        complaint_list(actor=handler).filter(illegal_fundraising=True, institution__isnull=True).order_by("pk").first()
    )
    if tip is None:
        return 0
    day = workday(timezone.localdate(tip.received_at) + datetime.timedelta(days=1))
    if day >= world.as_of:
        return 0
    with acting(handler, office_moment(day, 10 * 60)):
        entity = services.entity_from_complaint(by=handler, complaint_pk=tip.pk, people="", channels="")
    verified = workday(day + datetime.timedelta(days=7))
    if verified < world.as_of:
        verifier = world.staff(entity.office.code, "supervisor")
        with acting(verifier, office_moment(verified, 15 * 60)):
            services.step_record(
                by=verifier,
                entity=entity,
                kind="verification",
                done_on=verified,
                text="走访社区，调取讲座现场照片和宣传单，询问参会老人。",
            )
    return 1


def _weights(world: World) -> None:
    leader = world.staff(CITY, "leader")
    day = workday(world.as_of - datetime.timedelta(days=WEIGHTS_BACK))
    with acting(leader, office_moment(day, 16 * 60)):
        data = fundraising_selectors.weights_data_on(day)
        data["words"].update(WEIGHTS_CHANGE)
        services.weights_save(
            by=leader,
            data=data,
            valid_from=day,
            note="近一年处置的案件多以发展下线扩散，提高“拉人头”“发展下线”的分值。",
        )
