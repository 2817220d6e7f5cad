"""Runs one real loan intake in its own process, for the crash tests (test_crash_safety.py): the
upload view through Django's test client (spooling, the feed service, the store) or the
`finsup loans ingest` command. FINSUP_TEST_CRASH_AT in the environment names the point at which the
process kills itself (finsup.loans.crash_points).

python crash_driver.py upload|ingest FILE --user NAME --company CODE --store DIR --var DIR
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("channel", choices=["upload", "ingest"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--user", required=True)
    parser.add_argument("--company", required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--var", type=Path, required=True)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsup.config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.FINSUP_LOAN_STORE = args.store
    settings.VAR_DIR = args.var
    settings.FINSUP_LOAN_RAW_KEEP_DIR = ""

    if args.channel == "ingest":
        from django.core.management import call_command

        call_command("loans", "ingest", str(args.file), "--company", args.company)
        return 0

    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))
    with open(args.file, "rb") as handle:
        response = client.post("/loans/upload/", {"contract_version": "1", "file": handle})
    print(response.status_code, response.get("Location", ""))
    return 0 if response.status_code == 302 else 1


if __name__ == "__main__":
    sys.exit(main())
