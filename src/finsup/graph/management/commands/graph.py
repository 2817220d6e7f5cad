"""`finsup graph`: the ownership and related-party graph from the command line.

finsup graph build [--as-of DAY]      rewrite every link from the registry, the declared ownership and
                                      the loan store (the links also follow each change as it is made)
finsup graph evaluate [--as-of DAY]   refresh the loan links, run the related-party rules on the graph,
                                      store findings, open warnings (daily, after `finsup loans evaluate`)
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from finsup.core import clock
from finsup.core.request_context import Actor, acting_as
from finsup.graph.build import graph_build
from finsup.graph.rules import graph_evaluate


class Command(BaseCommand):
    help = "Ownership and related-party graph: build it, evaluate the related-party rules on it."

    def add_arguments(self, parser):
        parser.add_argument("step", choices=("build", "evaluate"))
        parser.add_argument("--as-of", dest="as_of", help="evaluation day, YYYY-MM-DD (default today)")

    def handle(self, *args, step, as_of=None, **options):
        try:
            day = datetime.date.fromisoformat(as_of) if as_of else clock.today()
        except ValueError as exc:
            raise CommandError("--as-of 须为 YYYY-MM-DD 格式的日期。") from exc
        started = time.perf_counter()
        with acting_as(Actor(user=None, label="finsup graph", channel="command")):
            if step == "build":
                counts = graph_build(as_of=day)
                self.stdout.write(
                    f"关系图谱已重建：登记与申报关系 {counts['registry_links']} 条，贷款关系 {counts['loan_links']} 条"
                    f"（{time.perf_counter() - started:.2f} 秒）。"
                )
                return
            summary = graph_evaluate(as_of=day)
        self.stdout.write(
            f"{day} 关系图谱规则：发现 {len(summary.findings)} 项，新开预警 {summary.warnings_opened} 条"
            f"（贷款关系 {summary.links} 条，{time.perf_counter() - started:.2f} 秒）。"
        )
