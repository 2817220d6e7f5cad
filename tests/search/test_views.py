"""The search page without JavaScript, its results under the header's box (HTMX), the breadcrumbs."""

from tests import factories as f


def test_the_page_without_javascript_lists_the_results_grouped_and_linked(world, client_for):
    client = client_for(world.lanshan["clerk"])
    page = client.get("/search/", {"q": "小额贷款"}).content.decode()
    assert "<html" in page and 'data-kind="institutions"' in page
    assert f'href="/institutions/{world.inst_lanshan.pk}/"' in page
    assert f"/institutions/{world.inst_luozhuang.pk}/" not in page
    # the query stays in the header's box, and the breadcrumbs say where the user is
    assert 'value="小额贷款"' in page and 'aria-current="page">搜索<' in page


def test_htmx_gets_only_the_results_with_a_link_to_the_page(world, client_for):
    client = client_for(world.city["leader"])
    response = client.get("/search/", {"q": world.inst_lanshan.name[:6]}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and world.inst_lanshan.name in body
    assert "/search/?q=" in body and response["Vary"].count("HX-Request") == 1


def test_nothing_found_and_too_short_say_so(world, client_for):
    client = client_for(world.lanshan["clerk"])
    assert "没有找到您有权查看的记录" in client.get("/search/", {"q": world.inst_luozhuang.name}).content.decode()
    assert "请至少输入 2 个字" in client.get("/search/", {"q": "兰"}).content.decode()
    assert client.get("/search/", {"q": "兰"}, headers={"HX-Request": "true"}).content.strip() == b""


def test_every_staff_page_has_the_box_the_help_link_and_breadcrumbs(world, client_for):
    client = client_for(world.lanshan["lead_supervisor"])
    page = client.get(f"/institutions/{world.inst_lanshan.pk}/").content.decode()
    assert 'hx-trigger="input changed delay:400ms, search"' in page
    assert 'href="/dashboard/help/"' in page
    crumbs = page.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/dashboard/">工作台</a>' in crumbs and 'href="/institutions/">机构</a>' in crumbs
    listing = client.get("/institutions/").content.decode().split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert '<span aria-current="page">机构</span>' in listing


def test_the_public_pages_have_no_search_box(db, client):
    page = client.get("/").content.decode()
    assert "site-search" not in page and 'class="breadcrumbs"' not in page


def test_the_list_a_group_points_to_lists_every_match(world, client_for):
    for n in range(6):
        f.make_institution("371302", name=f"兰山区同名{n}号小额贷款公司")
    client = client_for(world.lanshan["clerk"])
    box = client.get("/search/", {"q": "同名"}, headers={"HX-Request": "true"}).content.decode()
    assert box.count("同名") >= 5 and 'href="/institutions/?q=%E5%90%8C%E5%90%8D"' in box
    listing = client.get("/institutions/", {"q": "同名"}).content.decode()
    assert all(f"兰山区同名{n}号小额贷款公司" in listing for n in range(6))
