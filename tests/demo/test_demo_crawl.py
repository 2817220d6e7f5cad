"""Issue 16's crawl: every demo login of the README and an anonymous visitor follow every link they
are shown (bounded: `MAX_PAGES` pages, `PER_PATTERN` URLs per URL pattern), over the package's one
demo load, with Django's test client. No server error, no link answering 404 to the user it was
shown to, no identifier in the visible zh-Hans text outside elements marked technical, no page over
150 KB of HTML without pagination (tests/demo/crawl.py)."""

import pytest

from finsup.accounts.choices import Role
from finsup.accounts.models import User
from finsup.demo.logins import DEMO_LOGINS
from tests.demo.crawl import MAX_HTML_BYTES, crawl, identifiers_in, model_label_pattern, visible_text

MAX_PAGES = 250
# One URL of each pattern (the pattern keeps tabs and filters apart: tests/demo/crawl.py pattern_of):
# every kind of page each login is shown, once. Two of each doubled the crawl's share of CI's time
# (16 logins over the demo, twice) for pages of a kind already read.
PER_PATTERN = 1


def start_of(user) -> list[str]:
    if user is None:
        return ["/"]
    return ["/", "/accountability/cases/" if user.role == Role.OVERSIGHT else "/dashboard/"]


@pytest.mark.parametrize("username", [login.username for login in DEMO_LOGINS] + ["anonymous"])
def test_crawl_finds_no_dead_end_no_identifier_no_server_error(client, loaded, username):
    user = None if username == "anonymous" else User.objects.get(username=username)
    if user is not None:
        client.force_login(user)
    result = crawl(client, login=username, start=start_of(user), max_pages=MAX_PAGES, per_pattern=PER_PATTERN)
    findings = result.findings
    assert not findings, f"{username}: {result.pages} pages\n" + "\n".join(map(str, findings))
    # A crawl that stopped at its first page would find nothing wrong.
    assert result.pages >= (10 if user is not None else 5), (result.pages, dict(result.statuses))


def test_visible_text_leaves_out_what_is_marked_technical():
    from lxml import html

    tree = html.fromstring(
        "<html><head><title>t_x</title></head><body><p>规则 loan_rate_cap</p>"
        "<details class='tech'><summary>技术细节</summary><code>a_b / c_d</code></details>"
        "<script>var some_var = 1;</script><p>accounts.user</p><input placeholder='x_y'></body></html>"
    )
    found = identifiers_in(visible_text(tree), model_label_pattern())
    assert found == ["accounts.user", "loan_rate_cap", "x_y"]


class CannedClient:
    """Pages by URL, as the test client would answer them."""

    def __init__(self, pages):
        self.pages = pages

    def get(self, url, **_):
        from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError

        body = self.pages.get(url)
        if body is None:
            return HttpResponseNotFound()
        return HttpResponseServerError() if body == "500" else HttpResponse(body, content_type="text/html")


def test_the_crawl_reports_what_it_is_made_to_find():
    big = "<html><body>" + "<p>很长的列表</p>" * (MAX_HTML_BYTES // 10) + "</body></html>"
    pages = {
        "/": "<html><body><a href='/a/1/'>a</a><a href='/gone/'>x</a><a href='/big/'>b</a>"
        "<a href='/boom/'>c</a></body></html>",
        "/a/1/": "<html><body><p>报表 ml_monthly</p><a href='/a/2/'>2</a><a href='/a/3/'>3</a>"
        "<a href='/a/4/'>4</a></body></html>",
        "/a/2/": "<html><body><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>"
        "<tr><td colspan='2'>无记录</td></tr><tr><td>1</td><td>2</td><td>3</td></tr></tbody></table></body></html>",
        "/a/3/": "<html><body>ok</body></html>",
        "/big/": big,
        "/boom/": "500",
    }
    result = crawl(CannedClient(pages), login="x", start=["/"], per_pattern=2)
    found = {(f.kind, f.url) for f in result.findings}
    assert found == {
        ("dead link", "/gone/"),
        ("identifier", "/a/1/"),
        ("misaligned table", "/a/2/"),
        ("oversize", "/big/"),
        ("5xx", "/boom/"),
    }
    # /a/3/ and /a/4/ are a third and fourth URL of the pattern /a/#/: sampled out.
    assert result.pages == 6
