import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from finsup.core.request_context import Actor, acting_as
from finsup.demo.generate import DEFAULT_SEED
from finsup.demo.logins import DEMO_LOGINS, PASSWORD
from finsup.demo.services import DemoDataPresent, DemoDayTooEarly, demo_load
from finsup.institutions.choices import InstitutionKind, InstitutionStatus


class Command(BaseCommand):
    help = (
        "Demo data. `finsup demo load` fills an empty registry with about 150 generated institutions "
        "of Linyi, their people, the staff of every office and one demo login per role, then files, "
        "reviews and evaluates their reports from January of last year up to the last closed period "
        "(about 3,800 filings), every event dated relative to the day given by --as-of (default today)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the registry already holds institutions.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed; the same seed gives the same data (default {DEFAULT_SEED}).",
        )

        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            default=None,
            help="The demo's today (YYYY-MM-DD): the history ends the day before (default: today).",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            with acting_as(Actor(label="command:demo load", channel="command")):
                result = demo_load(seed=options["seed"], as_of=options["as_of"], if_empty=options["if_empty"])
        except DemoDataPresent as exc:
            raise CommandError(f"{exc.message} Load the demo data only into a fresh database.") from None
        except DemoDayTooEarly as exc:
            raise CommandError(exc.message) from None
        if not result.loaded:
            self.stdout.write("The registry already holds institutions; demo data not loaded.")
            return
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded (seed {result.seed}, as of {result.as_of}) in {elapsed:.1f} s: "
                + ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in result.counts.items())
            )
        )
        self.stdout.write(
            "  by kind:   " + ", ".join(f"{InstitutionKind(k).label} {n}" for k, n in result.kinds.items())
        )
        self.stdout.write(
            "  by status: " + ", ".join(f"{InstitutionStatus(s).label} {n}" for s, n in result.statuses.items())
        )
        filings = {k: n for k, n in result.filings.items() if not k.startswith("warnings_")}
        warnings = {k.removeprefix("warnings_"): n for k, n in result.filings.items() if k.startswith("warnings_")}
        self.stdout.write("  filings:   " + ", ".join(f"{k.removeprefix('filings_')} {n}" for k, n in filings.items()))
        self.stdout.write("  warnings:  " + ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in warnings.items()))
        self.stdout.write(f"Demo logins (password {PASSWORD}):")
        for login in DEMO_LOGINS:
            where = login.where_en
            if login.username == "inst_clerk" and result.institution_login:
                where = f"{where}: {result.institution_login}"
            self.stdout.write(f"  {login.username:<20} {where}")
