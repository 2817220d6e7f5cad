from django.core.management.base import BaseCommand

from finsup.core.key_rotation import rotate_field_keys
from finsup.core.request_context import Actor, acting_as


class Command(BaseCommand):
    help = "Personal-data keys. `finsup keys rotate` re-encrypts stored values with the first key."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rotate"])

    def handle(self, *args, **options):
        with acting_as(Actor(label="command:keys rotate", channel="command")):
            counts = rotate_field_keys()
        for column, n in counts.items():
            self.stdout.write(f"{column}: {n} values re-encrypted")
