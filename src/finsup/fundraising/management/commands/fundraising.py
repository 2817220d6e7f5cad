"""`finsup fundraising`: the early-warning index of suspected illegal fundraising.

finsup fundraising backtest [--from DAY] [--to DAY] [--every N] [--k K] [--xlsx FILE]
    scores the register as of every N days from DAY to DAY (only what the office held on each day),
    takes each day's top K undetermined entities as flags and prints precision@K against the later
    determinations, the median days from first flag to determination, and the recall
finsup fundraising rank [--as-of DAY] [--top N]
    prints the ranked register of a day with each entity's index
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from finsup.core import clock
from finsup.fundraising import excel, gather, index, selectors


def _day(value, name: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{name} 须为 YYYY-MM-DD 格式的日期。") from exc


class Command(BaseCommand):
    help = "Illegal fundraising: backtest the early-warning index, or print the ranked register of a day."

    def add_arguments(self, parser):
        parser.add_argument("step", choices=("backtest", "rank"))
        parser.add_argument("--from", dest="start")
        parser.add_argument("--to", dest="end")
        parser.add_argument("--as-of", dest="as_of")
        parser.add_argument("--every", type=int, default=7)
        parser.add_argument("--k", type=int, default=5)
        parser.add_argument("--top", type=int, default=20)
        parser.add_argument("--xlsx")

    def handle(self, *args, step, **o):
        if step == "rank":
            return self._rank(_day(o["as_of"], "--as-of") or clock.today(), o["top"])
        end = _day(o["end"], "--to") or clock.today()
        start = _day(o["start"], "--from") or selectors.first_opened_on() or end
        if o["every"] < 1 or o["k"] < 1:
            raise CommandError("--every 与 --k 须为正整数。")
        report = selectors.backtest_report(start=start, end=end, every=o["every"], k=o["k"])
        for label, value in excel.summary(report):
            self.stdout.write(f"{label}：{value}")
        if o["xlsx"]:
            Path(o["xlsx"]).write_bytes(excel.workbook(report))
            self.stdout.write(f"Excel：{o['xlsx']}")

    def _rank(self, day: datetime.date, top: int):
        weights = gather.weights_on(day)
        corpus = gather.corpus()
        for score in index.ranked(index.score_all(corpus, weights, day))[:top]:
            self.stdout.write(f"{score.total:>8}  {corpus.entities[score.entity_id].name}")
