import pytest

from . import factories as f

CITY, LANSHAN, LUOZHUANG = "371300", "371302", "371311"


@pytest.fixture
def world(db):
    """Two counties and the city, each with one user per staff role, an institution in each
    county and a user for each institution."""

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
