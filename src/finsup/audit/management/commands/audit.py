from django.core.management.base import BaseCommand, CommandError

from finsup.audit.anchoring import AnchorRefused, audit_anchor, file_sink, public_key
from finsup.audit.services import audit_verify


class Command(BaseCommand):
    help = (
        "Audit trail tools. `finsup audit verify` proves the hash chain intact and in agreement with "
        "its signed checkpoints outside the database; `finsup audit anchor` (cron, every 10 minutes) "
        "writes a checkpoint of the chain's head; `finsup audit public-key` prints the public key of the "
        "signing key (for FINSUP_AUDIT_TRUSTED_KEYS when the key is replaced)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "anchor", "public-key"])
        parser.add_argument(
            "--anchor",
            action="store_true",
            help="verify: when the chain is intact, also write a checkpoint of its head.",
        )
        parser.add_argument(
            "--despite-breaks",
            action="store_true",
            help="anchor: write the checkpoint although the chain has breaks (altered, unlinked or "
            "missing records) that you have investigated; verify goes on reporting them.",
        )
        parser.add_argument(
            "--no-anchors",
            action="store_true",
            help="verify: check the chain alone, not against its checkpoints (a re-chained or cut "
            "table then passes; for comparison only).",
        )

    def handle(self, *args, **options):
        if options["action"] == "anchor":
            self.anchor(despite_breaks=options["despite_breaks"])
            return
        if options["action"] == "public-key":
            self.stdout.write(public_key())
            return
        report = audit_verify(anchors=not options["no_anchors"])
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if not report.intact:
            for b in report.breaks:
                where = f"#{b.seq}" if b.to_seq in (None, b.seq) else f"#{b.seq}-#{b.to_seq}"
                line = f"broken at record {where}: {REASONS[b.reason]}"
                self.stderr.write(f"{line}: {b.detail}" if b.detail else line)
            raise CommandError(
                f"audit chain broken in {len(report.breaks)} place(s) over {report.checked} records, "
                f"the first at record #{report.broken_seq}"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} records"))
        a = report.anchors
        if a.checkpoints:
            self.stdout.write(
                f"anchors: {a.checkpoints} checkpoint(s) agree with the chain, the last at #{a.last_seq} "
                f"({a.last_at}), in {', '.join(a.sinks)}"
            )
        elif not options["no_anchors"]:
            self.stdout.write(f"anchors: no checkpoint yet in {', '.join(a.sinks)}")
        if options["anchor"]:
            self.anchor()

    def anchor(self, despite_breaks=False):
        try:
            result = audit_anchor(despite_breaks=despite_breaks)
        except (OSError, ValueError) as exc:  # the anchor folder cannot be written, the key is unusable
            raise CommandError(f"not anchored: {exc}") from None
        except AnchorRefused as exc:
            for b in exc.breaks:
                line = f"broken at record #{b.seq}: {REASONS[b.reason]}"
                self.stderr.write(f"{line}: {b.detail}" if b.detail else line)
            raise CommandError("not anchored: the chain or its anchor file is broken (finsup audit verify)") from None
        if not result.written:
            self.stdout.write(f"nothing to anchor: the head #{result.seq} is anchored already")
        else:
            written = f"anchored #{result.seq} ({result.entry_hash[:16]}…) in {file_sink()}"
            self.stdout.write(self.style.SUCCESS(written))
        if result.sink_errors:
            raise CommandError("; ".join(result.sink_errors))


REASONS = {
    "content": "the record was altered after it was written (its hash does not match its content)",
    "link": "the previous record's hash does not match (a record before it was altered, removed or inserted)",
    "missing": "records are missing",
    "head": "the chain's head does not match its last record (the tail was cut or re-written)",
    "anchor": "the chain disagrees with its signed checkpoint outside the database",
}
