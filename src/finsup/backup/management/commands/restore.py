from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from finsup.backup import database, keys
from finsup.backup.files import FileExistsRefused
from finsup.backup.restore import RestoreRefused, backup_restore
from finsup.core.request_context import Actor, acting_as

from .backup import _passphrase


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and empty store and media folders, checked before "
        "anything is touched and after (counts, migrations, audit chain, personal data). "
        "`finsup restore --secrets FILE --passphrase-env NAME` first puts the keys back. See docs/backup.md."
    )
    # The key checks (finsup.K001/K002) would refuse exactly the situation a restore repairs.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", type=Path, help="the backup archive (.tar)")
        parser.add_argument("--secrets", type=Path, help="restore the keys from this encrypted secrets file")
        parser.add_argument("--passphrase-env", help="the environment variable holding its passphrase")
        parser.add_argument(
            "--env-file",
            type=Path,
            help="production: write the keys to this environment file (mode 0600) instead of var/secrets/",
        )

    def handle(self, *args, archive=None, secrets=None, passphrase_env=None, env_file=None, **options):
        if (archive is None) == (secrets is None):
            raise CommandError(
                "give either ARCHIVE or --secrets FILE: restore the secrets first, then the archive in a new run "
                "(the archive is checked against the keys the platform starts with)"
            )
        if secrets is not None:
            self._secrets(secrets, passphrase_env, env_file)
            return
        try:
            with acting_as(Actor(label="command:restore", channel="command")):
                result = backup_restore(path=archive)
        except (RestoreRefused, database.DatabaseRefused) as exc:
            raise CommandError(f"restore refused, nothing changed: {exc}") from exc
        except DatabaseError as exc:
            raise CommandError(f"restore stopped: the configured database answered: {exc}") from exc
        m = result.manifest
        self.stdout.write(
            f"restored {archive.name} (made {m['created']}): {sum(m['counts'].values()):,} rows in "
            f"{len(m['counts'])} tables, audit chain intact to #{m['audit_head']['seq']}, "
            f"{m['loan_store']['rows']:,} loans, " + ", ".join(f"{n} {part} files" for part, n in result.files.items())
        )
        for note in result.notes:
            self.stdout.write(f"note: {note}")

    def _secrets(self, path: Path, passphrase_env: str | None, env_file: Path | None) -> None:
        try:
            done = keys.secrets_restore(path=path, passphrase=_passphrase(passphrase_env), env_file=env_file)
        except (keys.SecretsRefused, FileExistsRefused) as exc:
            raise CommandError(f"secrets not restored: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"secrets not restored: {exc.filename}: {exc.strerror}") from exc
        if env_file is not None:
            self.stdout.write(
                f"keys written to {done.where} ({', '.join(done.written)}): load it into the service's "
                "environment (systemd: EnvironmentFile=), then run finsup restore ARCHIVE with it"
            )
            return
        if not done.written:
            self.stdout.write(f"the keys in {done.where} are already these")
            return
        self.stdout.write(f"keys written to {done.where}: {', '.join(done.written)}")
        if done.moved_aside:
            self.stdout.write(f"the keys they replace were moved to {done.moved_aside} (not deleted)")
