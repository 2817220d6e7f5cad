"""The demo's duty register (finsup.worklog): for every item ①–㉗ of the responsibility list, the
office and the member of staff who answer for it, the tasks the office set itself (a monthly
analysis, a quarterly liaison meeting …) some two hundred days before the demo's date, each period
done a few days before its deadline (as a meeting with its minutes where the task is a meeting), and
a work record of each item beyond its tasks: work done, a meeting, or a link to a demo record of
another app (an inspection for ⑧, an incident for ⑨, a suspected fundraising entity for ⑩, a
guarantee company's inspection for ㉒, a survey for ㉓, a private lending inspection for ㉔, a
certified practitioner for ㉕, the guidance of the private lending association for ㉖, a governance
assessment for ㉗). The quarterly liaison meeting of ⑤ was not held last quarter: an overdue duty of item ⑤ on the
accountability page. The programme is data (data/worklog.toml); everything is written through the
services as the office's users at office hours."""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from finsup.analysis.selectors import months as analysis_months
from finsup.fundraising.selectors import entities
from finsup.governance.selectors import assessment_list
from finsup.incidents.selectors import incident_list
from finsup.inspections.selectors import inspection_list
from finsup.licensing.selectors import application_list
from finsup.partners.selectors import partner_list
from finsup.qualifications.selectors import guidance_list, practitioner_list
from finsup.surveys.selectors import survey_list
from finsup.worklog import services
from finsup.worklog.choices import MONTHS, Frequency
from finsup.worklog.periods import periods

from .activity_time import acting, office_moment, working_days_before
from .activity_world import World

PROGRAMME = Path(__file__).resolve().parent / "data" / "worklog.toml"
START_BACK = 200  # calendar days before the demo's date the tasks were set


def _inspections(actor, kinds):
    return inspection_list(actor=actor).filter(institution__kind__in=kinds).order_by("-pk")


def _applications(actor, kinds):
    return application_list(actor=actor).filter(institution__kind__in=kinds).order_by("-pk")


# A demo record of another app for a link, as the recording user sees it (None if there is none).
LINKS = {
    "inspection_microloan": lambda a: _inspections(a, ["microloan"]).first(),
    "incident": lambda a: incident_list(actor=a).order_by("-pk").first(),
    "fundraising": lambda a: entities(actor=a).order_by("-pk").first(),
    "guarantee": lambda a: _inspections(a, ["guarantee"]).first() or _applications(a, ["guarantee"]).first(),
    "survey": lambda a: survey_list(actor=a).order_by("-pk").first(),
    "private_lending": lambda a: (
        _inspections(a, ["private_capital", "lending_registry"]).first()
        or _applications(a, ["private_capital", "lending_registry"]).first()
    ),
    "analysis": lambda a: analysis_months(actor=a).order_by("-month").first(),
    "city_bank": lambda a: partner_list(actor=a).filter(city_owned=True, kind="bank").first(),
    "insurer": lambda a: partner_list(actor=a).filter(kind="insurer").first(),
    "guidance": lambda a: guidance_list(actor=a).order_by("-on", "-pk").first(),
    "governance": lambda a: assessment_list(actor=a).order_by("-submitted_at", "-pk").first(),
    "practitioner": lambda a: practitioner_list(actor=a).filter(steps__kind="certificate").order_by("-pk").first(),
}


def read_programme(path: Path = PROGRAMME) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["item"]


@dataclass
class PlannedTask:
    spec: dict
    set_at: datetime.datetime
    done: list[tuple[datetime.date, datetime.datetime]] = field(default_factory=list)  # (period start, moment)


@dataclass
class PlannedItem:
    spec: dict
    tasks: list[PlannedTask]
    records: list[tuple[dict, datetime.datetime]]

    @property
    def moments(self) -> list[datetime.datetime]:
        """Every moment the item's steps are taken at (the tasks set, their periods done, the records)."""
        found = [t.set_at for t in self.tasks] + [m for t in self.tasks for _start, m in t.done]
        return found + [m for _record, m in self.records]


def _working_on_or_before(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _minute(world: World) -> int:
    return world.rng.choice((world.rng.randrange(9 * 60, 11 * 60 + 30), world.rng.randrange(14 * 60 + 30, 17 * 60)))


def plan_worklog(world: World) -> list[PlannedItem]:
    start = world.as_of - datetime.timedelta(days=START_BACK)
    set_day = _working_on_or_before(start)
    planned = []
    for spec in read_programme():
        tasks = []
        for task in spec["tasks"]:
            months = MONTHS[Frequency(task["frequency"])]
            due = [
                p
                for p in periods(months=months, due_days=task["due_days"], starts_on=set_day, until=world.as_of)
                if p.due_on < world.as_of
            ]
            if task.get("overdue"):
                due = due[: -task["overdue"]]
            plan = PlannedTask(task, office_moment(set_day, 9 * 60 + spec["id"]))
            for p in due:
                early = world.rng.randrange(1, max(2, min(task["due_days"], 8)))
                day = _working_on_or_before(p.due_on - datetime.timedelta(days=early))
                day = max(day, _working_on_or_before(p.end))
                plan.done.append((p.start, office_moment(day, _minute(world))))
            tasks.append(plan)
        records = [
            (r, office_moment(working_days_before(world.as_of, r["back"]), _minute(world))) for r in spec["records"]
        ]
        planned.append(PlannedItem(spec, tasks, records))
    return planned


def load_worklog(world: World, plan: list[PlannedItem]) -> dict[str, int]:
    counts = {"worklog_tasks": 0, "worklog_records": 0}
    for item in plan:
        spec = item.spec
        leader = world.staff(spec["office"], "leader")
        person = world.staff(spec["office"], spec["responsible"])
        office = leader.office
        first = item.tasks[0].set_at
        with acting(leader, first):
            services.assignment_set(by=leader, office=office, item=spec["id"], responsible=person)
        for planned in item.tasks:
            _load_task(planned, spec, leader, person)
            counts["worklog_tasks"] += 1
            counts["worklog_records"] += len(planned.done)
        for record, moment in item.records:
            with acting(person, moment):
                _load_record(person, spec["id"], record, moment.date())
            counts["worklog_records"] += 1
    return counts


def _load_task(planned: PlannedTask, spec: dict, leader, person):
    t = planned.spec
    with acting(leader, planned.set_at):
        task = services.task_add(
            by=leader,
            office=leader.office,
            item=spec["id"],
            title=t["title"],
            frequency=t["frequency"],
            due_days=t["due_days"],
            responsible=person,
            starts_on=planned.set_at.date(),
        )
    for period_start, moment in planned.done:
        with acting(person, moment):
            if t.get("meeting"):
                services.meeting_record(
                    by=person,
                    office=person.office,
                    item=spec["id"],
                    title=t["title"],
                    done_on=moment.date(),
                    attendees=t["attendees"],
                    minutes=t["minutes"],
                    task=task,
                    period_start=period_start,
                )
            else:
                services.task_done(
                    by=person,
                    task=task,
                    done_on=moment.date(),
                    period_start=period_start,
                    text=f"已按期完成{t['title']}，材料已归档。",
                )


def _load_record(person, item_id: int, record: dict, day: datetime.date) -> None:
    kind = record["kind"]
    if kind == "link":
        found = LINKS[record["link"]](person)
        if found is not None:
            source = f"{found._meta.label_lower}:{found.pk}"
            services.link_record(
                by=person, office=person.office, item=item_id, source=source, done_on=day, text=record["text"]
            )
            return
        kind, record = "note", {"title": "相关工作记录", "text": record["text"]}
    if kind == "meeting":
        services.meeting_record(
            by=person,
            office=person.office,
            item=item_id,
            title=record["title"],
            done_on=day,
            attendees=record["attendees"],
            minutes=record["minutes"],
            decisions=record.get("decisions", ""),
        )
    else:
        services.note_record(
            by=person, office=person.office, item=item_id, title=record["title"], done_on=day, text=record["text"]
        )
