import pytest
from django.db import connection

from finsup.accounts.models import Office
from finsup.accounts.office_tree import ensure_office_tree
from finsup.audit import guards
from finsup.audit.services import audit_verify
from finsup.core import append_only_guard
from finsup.reporting import guards as filing_guards

from . import factories as f
from .rules_folder import rules_in_force  # noqa: F401 (a fixture: a rules folder made the one in force)

CITY, LANSHAN, LUOZHUANG = "371300", "371302", "371311"


@pytest.fixture
def world(db):
    """Two counties and the city, each with one user per staff role, an institution in each
    county and a user for each institution."""
    return make_world()


def make_world():
    """The world of the `world` fixture, for fixtures that build it once for several tests."""

    class World:
        pass

    w = World()
    w.city = f.all_roles_in(CITY, "city")
    w.lanshan = f.all_roles_in(LANSHAN, "lanshan")
    w.luozhuang = f.all_roles_in(LUOZHUANG, "luozhuang")
    w.inst_lanshan = f.make_institution(LANSHAN)
    w.inst_luozhuang = f.make_institution(LUOZHUANG)
    w.clerk_lanshan_inst = f.make_user("inst_lanshan", "institution", institution=w.inst_lanshan)
    w.clerk_luozhuang_inst = f.make_user("inst_luozhuang", "institution", institution=w.inst_luozhuang)
    return w


@pytest.fixture
def client_for(client):
    """Log a test client in as a user: client_for(user)."""

    def login(user):
        client.force_login(user)
        return client

    return login


MIGRATED_TRIGGERS: set[str] = set()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Notes the triggers of the test database as `migrate` left it, before any test or fixture
    could install or lift a guard (tests/audit/test_guards_migrated.py reads them)."""
    with django_db_blocker.unblock():
        MIGRATED_TRIGGERS.update(triggers_of(connection))


def triggers_of(conn) -> set[str]:
    sql = {
        "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
        "postgresql": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal",
    }[conn.vendor]
    with conn.cursor() as cursor:
        cursor.execute(sql)
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture(autouse=True)
def _audit_guard(request):
    """The database guards (`guards_on`) are on in every database test (the migrations install
    them; tests/audit/test_guards_migrated.py proves it).
    Transactional tests (live server, subprocesses) end with a flush of every table, which the
    guards would refuse: for those they are lifted at teardown, just before the flush, and
    installed again before the next test."""
    names = set(request.fixturenames)
    transactional = bool(names & {"transactional_db", "live_server"}) or any(
        m.kwargs.get("transaction") for m in request.node.iter_markers("django_db")
    )
    if not (names & {"db", "transactional_db", "live_server"} or request.node.get_closest_marker("django_db")):
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    guards_on(connection)
    if transactional:  # the flush after the previous transactional test removed the reference data
        ensure_office_tree(Office)
    yield
    # An invariant of the whole platform, checked after every database test: whatever the test
    # wrote through web, API, commands or services, the audit chain still verifies. Tests that
    # tamper with the chain on purpose are marked audit_tampered.
    if not request.node.get_closest_marker("audit_tampered"):
        report = audit_verify()
        assert report.intact, f"the audit chain no longer verifies after this test: {report}"
    if transactional:
        guards_off(connection)


def guards_on(conn) -> None:
    """Every guard the migrations install: the audit table's, that of filed versions, and that of
    every event and history table (core/append_only_guard.py keeps their list)."""
    guards.install(conn)
    filing_guards.install(conn)
    append_only_guard.install_all(conn)


def guards_off(conn) -> None:
    """Lifts every guard, for a flush (on SQLite a flush is a DELETE, which the triggers refuse)."""
    guards.remove(conn)
    filing_guards.remove(conn)
    append_only_guard.remove_all(conn)
