from django.core.management.base import BaseCommand, CommandError

from finsup.audit.services import audit_verify


class Command(BaseCommand):
    help = "Audit trail tools. `finsup audit verify` proves the hash chain intact."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.intact:
            raise CommandError(
                f"audit chain broken at record #{report.broken_seq} ({report.reason}); "
                f"{report.checked} records before it are intact"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} records"))
