import pytest
from django.db import connection

from finsup.accounts.models import Office
from finsup.accounts.office_tree import ensure_office_tree
from finsup.audit import guards
from finsup.audit.services import audit_verify
from finsup.core import append_only_guard
from finsup.fundraising.first_weights import ensure_first_version
from finsup.fundraising.models import WeightSet
from finsup.reporting import guards as filing_guards

from . import factories as f
from .rules_folder import rules_in_force  # noqa: F401 (a fixture: a rules folder made the one in force)

CITY, LANSHAN, LUOZHUANG = "371300", "371302", "371311"

# Test modules that need no database: they run in the SQLite pass only (the PostgreSQL pass would
# repeat them unchanged). A test here that asks for the database is a collection error.
DATABASE_FREE = (
    "tests/rulebook/test_boundaries.py",
    "tests/rulebook/test_engine.py",
    "tests/rulebook/test_lifecycle.py",
    "tests/rulebook/test_loader.py",
    "tests/rulebook/test_loan_boundaries.py",
    "tests/rulebook/test_loan_rules.py",
    "tests/rulebook/test_lpr_table.py",
    "tests/rulebook/test_penalties.py",
    "tests/rulebook/test_rules_guarantee_new.py",
    "tests/rulebook/test_rules_pc_lr_new.py",
    "tests/rulebook/test_spark_loans.py",
    "tests/rulebook/test_verification.py",
    "tests/catalogue/",
    "tests/backup/test_secrets_file.py",
    "tests/backup/test_settings_keys.py",
    "tests/complaints/test_redaction.py",
    "tests/core/test_file_types.py",
    "tests/core/test_gunicorn_config.py",
    "tests/core/test_import_contracts.py",
    "tests/core/test_lifecycles_registered.py",
    "tests/core/test_numbers.py",
    "tests/core/test_settings_declared.py",
    "tests/core/test_setup_system.py",
    "tests/core/test_clock.py",
    "tests/licensing/test_audit_names.py",
    "tests/core/test_secrets_env.py",
    "tests/duties/",
    "tests/fundraising/test_text.py",
    "tests/graph/test_resolve.py",
    "tests/i18n/test_catalogue.py",
    "tests/inspections/test_policies.py",
    "tests/loans/test_ingest.py",
    "tests/loans/test_ingest_records.py",
    "tests/loans/test_layout.py",
    "tests/ratings/test_schemes.py",
)
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


def uses_database(item) -> bool:
    return bool(set(getattr(item, "fixturenames", ())) & DATABASE_FIXTURES) or bool(
        item.get_closest_marker("django_db")
    )


def database_group(item) -> int:
    """pytest-django's order, as Django's: tests in a transaction first, then transactional tests
    (their flush empties the tables, the office tree included), then tests without a database."""
    marker = item.get_closest_marker("django_db")
    names = set(getattr(item, "fixturenames", ()))
    if names & {"transactional_db", "live_server"} or (marker and marker.kwargs.get("transaction")):
        return 1
    return 0 if marker or "db" in names else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, leave out the database-free modules (they ran in the SQLite pass). Last of
    all plugins: a shuffled order (CI's PostgreSQL pass, pytest-random-order) is grouped again as
    pytest-django groups it before the shuffle, keeping the shuffled order within each group."""
    items.sort(key=database_group)
    free = [i for i in items if i.nodeid.startswith(DATABASE_FREE)]
    wrong = [i.nodeid for i in free if uses_database(i)]
    if wrong:
        raise pytest.UsageError(f"tests in a DATABASE_FREE module use the database: {wrong[:5]}")
    if connection.vendor == "postgresql" and free:
        config.hook.pytest_deselected(items=free)
        items[:] = [i for i in items if not i.nodeid.startswith(DATABASE_FREE)]


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
        ensure_reference_data()
    yield
    # An invariant of the whole platform, checked after every database test: whatever the test
    # wrote through web, API, commands or services, the audit chain still verifies. Tests that
    # tamper with the chain on purpose are marked audit_tampered.
    if not request.node.get_closest_marker("audit_tampered"):
        report = audit_verify()
        assert report.intact, f"the audit chain no longer verifies after this test: {report}"
    if transactional:
        guards_off(connection)


def ensure_reference_data() -> None:
    """What the migrations write and a flush removes: the office tree and version 1 of the
    illegal-fundraising index's weights."""
    ensure_office_tree(Office)
    ensure_first_version(WeightSet)


def guards_on(conn) -> None:
    """Every guard the migrations install: the audit table's, that of filed versions, and that of
    every event and history table (core/append_only_guard.py keeps their list). Nothing is done
    when the triggers `migrate` left are all there: on PostgreSQL installing them is DDL, whose lock
    inside a test's transaction would hold up a live server's own connection (tests/demo)."""
    if MIGRATED_TRIGGERS and MIGRATED_TRIGGERS <= triggers_of(conn):
        return
    guards.install(conn)
    filing_guards.install(conn)
    append_only_guard.install_all(conn)


def guards_off(conn) -> None:
    """Lifts every guard, for a flush (on SQLite a flush is a DELETE, which the triggers refuse)."""
    guards.remove(conn)
    filing_guards.remove(conn)
    append_only_guard.remove_all(conn)
