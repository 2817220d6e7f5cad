import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from finsup.backup import archive, database, keys
from finsup.backup.files import FileExistsRefused
from finsup.backup.services import backup_create, default_name
from finsup.core.request_context import Actor, acting_as


class Command(BaseCommand):
    help = (
        "Back up the platform into one archive (database, loan store, media, audit anchor; mode 0600). "
        "The keys are never in it: --secrets-to writes them, encrypted with a passphrase, to a separate file. "
        "See docs/backup.md."
    )
    requires_system_checks = []  # a backup must be possible even when a key check fails

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--output", type=Path, help="the archive to write (must not exist)")
        where.add_argument("--dir", type=Path, help="a folder to write finsup-backup-<UTC time>.tar into")
        parser.add_argument("--secrets-to", type=Path, help="also write the keys, encrypted, to this file")
        parser.add_argument(
            "--passphrase-env", help="the environment variable holding the passphrase of the secrets file"
        )

    def handle(self, *args, output=None, dir=None, secrets_to=None, passphrase_env=None, **options):
        if output is None and dir is None and secrets_to is None:
            raise CommandError("say what to write: --dir DIR or --output FILE, and/or --secrets-to FILE")
        if secrets_to is not None:
            self._secrets(secrets_to, passphrase_env)
        if output is None and dir is None:
            return
        if dir is not None:
            dir.mkdir(parents=True, exist_ok=True)
            output = dir / default_name()
        try:
            with acting_as(Actor(label="command:backup", channel="command")):
                result = backup_create(output=output)
        except (archive.ArchiveRefused, database.DatabaseRefused, FileExistsRefused) as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"backup not written: {exc.filename}: {exc.strerror}") from exc
        m = result.manifest
        self.stdout.write(
            f"backup written: {result.path} ({result.path.stat().st_size:,} bytes; {m['database']['vendor']}, "
            f"{sum(m['counts'].values()):,} rows in {len(m['counts'])} tables, audit head #{m['audit_head']['seq']}, "
            f"{m['loan_store']['rows']:,} loans in {m['loan_store']['files']} files, "
            f"{sum(1 for n in m['members'] if n.startswith('media/'))} media files)"
        )
        if result.problems:
            raise CommandError("; ".join(result.problems))

    def _secrets(self, path: Path, passphrase_env: str | None) -> None:
        passphrase = _passphrase(passphrase_env)
        try:
            keys.secrets_export(path=path, passphrase=passphrase)
        except (keys.SecretsRefused, FileExistsRefused) as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"secrets not written: {exc.filename}: {exc.strerror}") from exc
        self.stdout.write(
            f"secrets written, encrypted: {path} (keep it apart from the data archives, e.g. on offline media, "
            "and the passphrase apart from both)"
        )


def _passphrase(env_name: str | None) -> str:
    if not env_name:
        raise CommandError("give --passphrase-env NAME: the environment variable that holds the passphrase")
    value = os.environ.get(env_name, "")
    if not value:
        raise CommandError(f"the environment variable {env_name} is empty or not set")
    return value
