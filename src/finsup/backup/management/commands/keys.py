from django.core.management.base import BaseCommand

from finsup.backup.key_rotation import rotate_field_keys
from finsup.core.request_context import Actor, acting_as
from finsup.core.secrets_env import generate_env


class Command(BaseCommand):
    help = (
        "Keys. `finsup keys rotate` re-encrypts stored personal data with the first of FINSUP_FIELD_KEYS; "
        "`finsup keys generate` prints fresh secrets for a production environment file."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rotate", "generate"])

    def handle(self, *args, **options):
        if options["action"] == "generate":
            self.stdout.write(generate_env(), ending="")
            return
        with acting_as(Actor(label="command:keys rotate", channel="command")):
            counts = rotate_field_keys()
        for column, n in counts.items():
            self.stdout.write(f"{column}: {n} values re-encrypted")
