import datetime

from django.core.management.base import BaseCommand

from finsup.core.request_context import Actor, acting_as
from finsup.reporting.reminders import remind_missing


class Command(BaseCommand):
    help = "Filing duties. `finsup filings remind` warns and reminds about missing filings past their deadline."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["remind"])
        parser.add_argument("--as-of", help="the day to compute deadlines for (YYYY-MM-DD); default today")

    def handle(self, *args, action, as_of=None, **options):
        day = datetime.date.fromisoformat(as_of) if as_of else None
        with acting_as(Actor(label="command:filings remind", channel="command")):
            opened = remind_missing(as_of=day)
        self.stdout.write(self.style.SUCCESS(f"{opened} new warnings for missing filings"))
