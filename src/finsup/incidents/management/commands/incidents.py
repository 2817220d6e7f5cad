import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from finsup.core import clock
from finsup.core.request_context import Actor, acting_as
from finsup.incidents.services import incidents_escalate


class Command(BaseCommand):
    help = (
        "Major risk incidents. `finsup incidents escalate` moves every incident not acknowledged in its set time "
        "up one level (county → city → province); idempotent, run it every few minutes from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["escalate"])
        parser.add_argument("--now", help="the clock to escalate against (ISO 8601 with offset); default now")

    def handle(self, *args, action, now=None, **options):
        moment = clock.now()
        if now:
            try:
                moment = datetime.datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError(f"--now: {exc}") from None
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        with acting_as(Actor(label="command:incidents escalate", channel="command")):
            done = incidents_escalate(now=moment)
        for incident, level in done:
            self.stdout.write(f"{incident.pk}\t{level}\t{incident.title}")
        self.stdout.write(self.style.SUCCESS(f"{len(done)} escalations"))
