import datetime

from django.core.management.base import BaseCommand, CommandError

from finsup.core import clock
from finsup.core.request_context import Actor, acting_as
from finsup.inspections.services import rectification_overdue


class Command(BaseCommand):
    help = (
        "On-site supervision duties. `finsup inspections escalate` escalates every rectification overdue "
        "on the day one step and proposes the next measure (idempotent; run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["escalate"])
        parser.add_argument("--as-of", help="the day to compute deadlines for (YYYY-MM-DD); default today")

    def handle(self, *args, action, as_of=None, **options):

        try:
            day = datetime.date.fromisoformat(as_of) if as_of else clock.today()
        except ValueError:
            raise CommandError(f"--as-of: not a date (YYYY-MM-DD): {as_of}") from None
        with acting_as(Actor(label="command:inspections escalate", channel="command")):
            steps = rectification_overdue(as_of=day)
        self.stdout.write(self.style.SUCCESS(f"{len(steps)} overdue rectifications escalated as of {day.isoformat()}"))
