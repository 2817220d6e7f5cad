import datetime

from django.core.management.base import BaseCommand

from finsup.core.request_context import Actor, acting_as
from finsup.surveys.reminders import remind_surveys


class Command(BaseCommand):
    help = "Special surveys. `finsup surveys remind` reminds respondents before the deadline and when overdue."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["remind"])
        parser.add_argument("--as-of", help="the day to compute deadlines for (YYYY-MM-DD); default today")

    def handle(self, *args, action, as_of=None, **options):
        day = datetime.date.fromisoformat(as_of) if as_of else None
        with acting_as(Actor(label="command:surveys remind", channel="command")):
            sent = remind_surveys(as_of=day)
        self.stdout.write(self.style.SUCCESS(f"{sent} survey reminders sent"))
