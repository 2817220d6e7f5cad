import datetime

from django.core.management.base import BaseCommand

from finsup.core.request_context import Actor, acting_as
from finsup.reporting.reminders import remind_missing, remind_office_reports


class Command(BaseCommand):
    help = (
        "Filing duties. `finsup filings remind` warns and reminds about institutions' filings missing past their "
        "deadline; `finsup filings remind-offices` reminds the offices of their own reports (due soon, overdue)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["remind", "remind-offices"])
        parser.add_argument("--as-of", help="the day to compute deadlines for (YYYY-MM-DD); default today")

    def handle(self, *args, action, as_of=None, **options):
        day = datetime.date.fromisoformat(as_of) if as_of else None
        with acting_as(Actor(label=f"command:filings {action}", channel="command")):
            if action == "remind-offices":
                sent = remind_office_reports(as_of=day)
                self.stdout.write(self.style.SUCCESS(f"{sent} new reminders of offices' own reports"))
                return
            opened = remind_missing(as_of=day)
        self.stdout.write(self.style.SUCCESS(f"{opened} new warnings for missing filings"))
