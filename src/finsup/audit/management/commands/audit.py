from django.core.management.base import BaseCommand, CommandError

from finsup.audit.services import audit_verify


class Command(BaseCommand):
    help = "Audit trail tools. `finsup audit verify` proves the hash chain intact."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.intact:
            for b in report.breaks:
                where = f"#{b.seq}" if b.to_seq in (None, b.seq) else f"#{b.seq}-#{b.to_seq}"
                self.stderr.write(f"broken at record {where}: {REASONS[b.reason]}")
            raise CommandError(
                f"audit chain broken in {len(report.breaks)} place(s) over {report.checked} records, "
                f"the first at record #{report.broken_seq}"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} records"))


REASONS = {
    "content": "the record was altered after it was written (its hash does not match its content)",
    "link": "the previous record's hash does not match (a record before it was altered, removed or inserted)",
    "missing": "records are missing",
    "head": "the chain's head does not match its last record (the tail was cut or re-written)",
}
