"""The office's yearly account of one duty (履职报告, issue 22 point 6): per item of the duty, what the
office set itself (tasks and their periods due in the year, done or overdue) and every work record of the
year, the records it links elsewhere in the platform named as they are there; and the public counts per
item the portal shows beside the responsibility list. Reads only; the document is drafted by services."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from finsup.duties import selectors as duties

from .choices import RecordKind
from .models import RecurringTask, WorkRecord
from .selectors import task_states

NUMERALS = "一二三四五六七八九十"
KIND_WORDS = {
    RecordKind.TASK_DONE: "完成",
    RecordKind.MEETING: "召开",
    RecordKind.DOCUMENT: "印发",
    RecordKind.LINK: "办理",
    RecordKind.NOTE: "开展",
}


@dataclass
class ItemAccount:
    item: object  # duties.Item
    tasks: int = 0
    periods_due: int = 0
    periods_done: int = 0
    overdue: list = field(default_factory=list)  # (task title, period end)
    records: list = field(default_factory=list)  # WorkRecord, oldest first


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def duty_account(*, office, duty_id: int, year: int, as_of: datetime.date) -> list[ItemAccount]:
    """The office's account of each item of the duty in `year`, as of `as_of` (periods due by then)."""
    first, last = _year_bounds(year)
    until = min(last, as_of)
    accounts = []
    for item in duties.duty(duty_id).items:
        account = ItemAccount(item)
        tasks = RecurringTask.objects.filter(office=office, item=item.id, starts_on__lte=until)
        for state in task_states(tasks, as_of=until + datetime.timedelta(days=1)):
            account.tasks += 1
            for period, record in state.due:
                if first <= period.due_on <= until:
                    account.periods_due += 1
                    if record is not None:
                        account.periods_done += 1
                    else:
                        account.overdue.append((state.task.title, period.end))
        account.records = list(
            WorkRecord.objects.filter(office=office, item=item.id, done_on__range=(first, until)).order_by(
                "done_on", "pk"
            )
        )
        accounts.append(account)
    return accounts


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _record_line(record: WorkRecord) -> str:
    what = record.title
    detail = record.minutes or record.text
    line = f"{_date(record.done_on)}，{KIND_WORDS.get(record.kind, '开展')}“{what}”"
    if record.source_label:
        line += f"（{record.source_label}）"
    if detail:
        line += f"：{detail.strip().splitlines()[0]}"
    return line.rstrip("。") + "。"


def report_context(*, office, addressee: str, duty_id: int, year: int, accounts: list[ItemAccount]) -> dict:
    duty = duties.duty(duty_id)
    sections: list[str] = []
    for n, account in enumerate(accounts):
        sections.append(f"{NUMERALS[n % 10]}、{account.item.numeral}{account.item.text.rstrip('。')}")
        if account.tasks:
            summary = (
                f"本年度设定经常性任务{account.tasks}项，截至报告日应完成{account.periods_due}期，"
                f"按期完成{account.periods_done}期"
            )
            if account.overdue:
                late = "、".join(f"{title}（{end.month}月期）" for title, end in account.overdue)
                summary += f"，逾期未完成{len(account.overdue)}期：{late}"
            sections.append(summary + "。")
        else:
            sections.append("本年度未设定经常性任务。")
        if account.records:
            sections.append(f"全年形成工作记录{len(account.records)}条：")
            sections.extend(_record_line(r) for r in account.records)
        else:
            sections.append("本年度无工作记录。")
    total = sum(len(a.records) for a in accounts)
    return {
        "addressee": addressee,
        "title": f"{office.name}{year}年度履职情况报告（{duty.title}）",
        "opening": (
            f"按照责任清单，现将本办{year}年度履行“{duty.title}”职责的情况报告如下。"
            f"全年共形成工作记录{total}条，各事项情况如下："
        ),
        "sections": sections,
    }


def public_counts(*, offices_path: str, year: int) -> dict[int, dict[str, int]]:
    """Per item, the work records of the year of every office under `offices_path`, by kind (counts
    only: what the portal may show the public)."""
    first, last = _year_bounds(year)
    rows = WorkRecord.objects.filter(office__path__startswith=offices_path, done_on__range=(first, last))
    counts: dict[int, Counter] = {}
    for item, kind in rows.values_list("item", "kind"):
        counts.setdefault(item, Counter())[kind] += 1
    return {item: {"records": sum(c.values()), "meetings": c[RecordKind.MEETING]} for item, c in counts.items()}
