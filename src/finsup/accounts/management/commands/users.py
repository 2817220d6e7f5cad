import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from finsup.accounts.user_accounts import (
    OPERATOR_ROLES,
    account_reset_second_factor,
    account_set_active,
    account_set_password,
    staff_account_create,
)
from finsup.core.errors import ApplicationError
from finsup.core.request_context import Actor, acting_as


class Command(BaseCommand):
    help = (
        "Office accounts for operators: `finsup users add NAME --role ROLE --office CODE`, "
        "`finsup users set-password NAME`, `finsup users disable NAME` / `enable NAME`, `finsup users reset-otp NAME` "
        "(a lost authenticator: the user enrols again at the next login). The password is read "
        "from the environment variable named by --password-env, else asked for twice (never an argument)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=[str(r) for r in OPERATOR_ROLES])
        add.add_argument("--office", required=True, help="the office's administrative code, e.g. 371300")
        add.add_argument("--name", default="", help="the person's full name as shown in documents")
        add.add_argument("--email", default="")
        add.add_argument("--oversight-body", default="", help="for the oversight role: discipline, procuratorate, …")
        add.add_argument("--password-env", default="", help="read the password from this environment variable")
        password = sub.add_parser("set-password")
        password.add_argument("username")
        password.add_argument("--password-env", default="")
        for action in ("disable", "enable", "reset-otp"):
            sub.add_parser(action).add_argument("username")

    def handle(self, *args, **options):
        action = options["action"]
        with acting_as(Actor(label=f"command:users {action}", channel="command")):
            try:
                user = self._run(action, options)
            except (ApplicationError, ValidationError) as exc:
                raise CommandError(_message(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{action}: {user.username}"))

    def _run(self, action, options):
        if action == "add":
            return staff_account_create(
                username=options["username"],
                role=options["role"],
                office_code=options["office"],
                display_name=options["name"],
                email=options["email"],
                oversight_body=options["oversight_body"],
                password=_password(options["password_env"]),
            )
        if action == "set-password":
            return account_set_password(username=options["username"], password=_password(options["password_env"]))
        if action == "reset-otp":
            return account_reset_second_factor(username=options["username"])
        return account_set_active(username=options["username"], active=action == "enable")


def _password(env_name: str) -> str:
    if env_name:
        value = os.environ.get(env_name, "")
        if not value:
            raise CommandError(f"the environment variable {env_name} is empty or not set")
        return value
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        raise CommandError("the two passwords differ")
    return first


def _message(exc) -> str:
    if isinstance(exc, ValidationError):
        return "password refused: " + " ".join(str(m) for m in exc.messages)
    return exc.message
