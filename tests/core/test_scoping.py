from finsup.institutions.models import Institution


def test_county_user_sees_only_its_county(world):
    visible = set(Institution.objects.for_user(world.lanshan["clerk"]))
    assert visible == {world.inst_lanshan}


def test_city_user_sees_every_county(world):
    visible = set(Institution.objects.for_user(world.city["inspector"]))
    assert {world.inst_lanshan, world.inst_luozhuang} <= visible


def test_institution_user_sees_only_its_own(world):
    assert list(Institution.objects.for_user(world.clerk_lanshan_inst)) == [world.inst_lanshan]


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Institution.objects.for_user(AnonymousUser()).exists()
