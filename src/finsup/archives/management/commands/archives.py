from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from finsup.archives.verification import package_verify


class Command(BaseCommand):
    help = (
        "Archive tools. `finsup archives verify PACKAGE.zip` holds an archive package against the "
        "database and the audit trail: every file's SHA-256 in the package, as archived, as its record "
        "stores it and as the audit trail recorded it. Exits 1 and lists every difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("package", type=Path)

    def handle(self, *args, **options):
        path: Path = options["package"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        report = package_verify(content=content)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(f"{path.name}: {len(report.problems)} problem(s), the package does not verify")
        self.stdout.write(
            self.style.SUCCESS(f"{report.number}: {report.checked} file(s) match the archive and the audit trail")
        )
