import datetime

from django.core.management.base import BaseCommand, CommandError

from finsup.core.request_context import Actor, acting_as
from finsup.reporting import catalogue_access
from finsup.reporting.evaluation import reevaluate


class Command(BaseCommand):
    help = (
        "The rulebook. `finsup rules evaluate` re-evaluates accepted filings (after a rule change); `check` loads it."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["evaluate", "check"])
        parser.add_argument("--report", help="only this report code")
        parser.add_argument("--since", help="only periods ending on or after YYYY-MM-DD")

    def handle(self, *args, action, report=None, since=None, **options):
        catalogue_access.catalogue.cache_clear()
        catalogue_access.rulebook.cache_clear()
        try:
            rulebook = catalogue_access.rulebook()  # a malformed rule file fails here, before anything runs
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if action == "check":
            self.stdout.write(self.style.SUCCESS(f"rulebook loads: {len(rulebook)} rules"))
            return
        since_date = datetime.date.fromisoformat(since) if since else None
        with acting_as(Actor(label="command:rules evaluate", channel="command")):
            n = reevaluate(report_code=report, since=since_date)
        self.stdout.write(self.style.SUCCESS(f"{n} rule results stored"))
