import datetime
import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from finsup.documents.selectors import documents_pdf_waiting
from finsup.documents.services import documents_pdf_requeue


class Command(BaseCommand):
    help = (
        "Official documents. `finsup documents pdfs` lists the signed-off documents whose PDF failed, or "
        "is still pending after --stale-minutes (the worker is down); exits 3 when there is one, else 0 "
        "(run hourly from cron: docs/operations.md, step 6). With --requeue, the late pending ones are "
        "queued again (a lost task)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["pdfs"])
        parser.add_argument("--stale-minutes", type=int, default=30, help="a pending PDF older than this is late")
        parser.add_argument("--requeue", action="store_true", help="queue the late pending PDFs again")

    def handle(self, *args, action, stale_minutes, requeue=False, **options):
        # The queue runs on the real time, not the platform's clock.
        since = timezone.now() - datetime.timedelta(minutes=stale_minutes)
        waiting = list(documents_pdf_waiting(pending_since=since))
        for d in waiting:
            signed = timezone.localtime(d.finalised_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"{d.pk}\t{d.number}\t{d.office.name}\t{signed}\t{d.pdf_state}\t{d.pdf_attempts}\t{d.pdf_error}"
            )
        failed = sum(1 for d in waiting if d.pdf_state == "failed")
        late = len(waiting) - failed
        self.stdout.write(f"{failed} PDFs failed, {late} pending for more than {stale_minutes} minutes")
        if requeue:
            self.stdout.write(f"{documents_pdf_requeue(documents=waiting)} pending PDFs queued again")
        if waiting:
            sys.exit(3)
