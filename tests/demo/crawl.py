"""A bounded crawl of the site as one user sees it, with Django's test client: every link a page
shows (`href`, `hx-get`) is followed, at most `per_pattern` URLs per URL pattern (ids and query
values sampled) and `max_pages` pages in all. What it finds is returned, not asserted, so the test
(test_demo_crawl.py) and a person at a shell can read the same findings.

A finding is one of: a server error; a link that answers 404 to the user it was shown to; visible
text (the zh-Hans UI) that reads like an identifier (`snake_case`, `app.model`) outside elements
marked technical (class "tech"); a page over `MAX_HTML_BYTES` of HTML without pagination; a table
whose rows have more or fewer cells than its header has columns (a column left out of the header)."""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit

from django.apps import apps
from lxml import html as lxml_html

MAX_HTML_BYTES = 150 * 1024
IDENTIFIER = re.compile(r"(?<![\w.@/-])[a-z]+_[a-z_0-9]+(?![\w@/-])")
# Not links to pages: files are fetched for their status only, never parsed; logout ends the session.
SKIPPED_PREFIXES = ("/static/", "/api/", "/accounts/logout", "/i18n/", "/admin/")
DOWNLOAD_HINTS = (".xlsx", ".docx", ".pdf", ".zip", ".csv", ".png", ".jpg", ".jpeg", "/download", "/export", "/file")
INVISIBLE = ("script", "style", "noscript", "template", "head")


def model_label_pattern() -> re.Pattern:
    labels = sorted({m._meta.app_label for m in apps.get_models()} | {"auth", "contenttypes"})
    alternatives = "|".join(map(re.escape, labels))
    return re.compile(rf"\b(?:{alternatives})\.[a-z_]+\b")


@dataclass
class Finding:
    kind: str  # "5xx", "dead link", "identifier", "oversize", "misaligned table"
    url: str
    detail: str = ""
    source: str = ""  # the page that showed the link

    def __str__(self) -> str:
        where = f" (linked from {self.source})" if self.source else ""
        return f"{self.kind}: {self.url}{where}: {self.detail}"


@dataclass
class CrawlResult:
    login: str
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)


NAVIGATION_VALUE = re.compile(r"^[a-z_]{1,20}$")  # ?tab=warnings, ?kind=filing: a page of its own, not an id


def pattern_of(url: str) -> str:
    """The URL with its ids and query values taken out: /institutions/12/?page=3 → /institutions/#/?page;
    a word-like value stays (/institutions/#/?tab=people), each tab being a page of its own."""
    parts = urlsplit(url)
    path = re.sub(r"/\d+(?=/|$)", "/#", parts.path)
    path = re.sub(r"/[0-9A-Za-z]{8,}(?=/|$)", "/*", path) if re.search(r"\d", path) else path
    keys = sorted(
        {f"{k}={v}" if NAVIGATION_VALUE.match(v) else k for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    )
    return path + ("?" + "&".join(keys) if keys else "")


def normalise(href: str, base: str) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    if href.startswith(("http://", "https://", "//")):
        parts = urlsplit(href)
        if parts.hostname not in ("testserver", None):
            return None
        href = parts.path + ("?" + parts.query if parts.query else "")
    elif not href.startswith("/"):
        base_path = urlsplit(base).path
        href = base_path.rsplit("/", 1)[0] + "/" + href if not href.startswith("?") else base_path + href
    href, _ = urldefrag(href)
    parts = urlsplit(href)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + ("?" + query if query else "")


def visible_text(tree) -> list[str]:
    """The text a person reads: without scripts, styles and the elements marked technical."""
    for element in tree.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' tech ')]"):
        element.drop_tree()
    for tag in INVISIBLE:
        for element in tree.iter(tag):
            element.drop_tree()
    texts = [t.strip() for t in tree.itertext() if t and t.strip()]
    for element in tree.xpath("//*[@placeholder or @title or @aria-label]"):
        texts += [element.get(a) for a in ("placeholder", "title", "aria-label") if element.get(a)]
    return texts


def identifiers_in(texts: list[str], labels: re.Pattern) -> list[str]:
    found = []
    for text in texts:
        found += IDENTIFIER.findall(text) + labels.findall(text)
    return sorted(set(found))


def _width(row) -> int:
    return sum(int(cell.get("colspan", "1")) for cell in row if cell.tag in ("td", "th"))


def misaligned_tables(tree) -> list[str]:
    """Tables with a header whose body rows span another number of columns (a row that spans
    several columns with colspan, such as "no records", is not compared)."""
    found = []
    for index, table in enumerate(tree.iter("table")):
        header = table.xpath("./thead/tr")
        if not header:
            continue
        columns = _width(header[-1])
        for row in table.xpath("./tbody/tr"):
            if not row.xpath("./*[@colspan]") and _width(row) != columns:
                found.append(f"table {table.get('id') or index + 1}: header {columns}, row {_width(row)} cells")
                break
    return found


def links_of(tree) -> list[str]:
    return tree.xpath("//a/@href | //*/@hx-get")


def is_page(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def crawl(client, *, login: str, start: list[str], max_pages: int = 400, per_pattern: int = 2) -> CrawlResult:
    result = CrawlResult(login=login)
    labels = model_label_pattern()
    queue: deque[tuple[str, str]] = deque((url, "") for url in start)
    seen: set[str] = set(start)
    sampled: Counter = Counter(pattern_of(u) for u in start)
    while queue and result.pages < max_pages:
        url, source = queue.popleft()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        result.pages += 1
        result.statuses[response.status_code] += 1
        if response.status_code >= 500:
            result.findings.append(Finding("5xx", url, str(response.status_code), source))
            continue
        if response.status_code == 404:
            result.findings.append(Finding("dead link", url, "404", source))
            continue
        if response.status_code in (301, 302, 303):
            targets = [response["Location"]]
        elif response.status_code == 200 and is_page(response) and not _is_download(url):
            content = response.content
            tree = lxml_html.fromstring(content.decode("utf-8"))
            targets = links_of(tree)
            if len(content) > MAX_HTML_BYTES and not tree.xpath("//*[contains(@class, 'pagination')]"):
                result.findings.append(Finding("oversize", url, f"{len(content) // 1024} KB, no pagination", source))
            for detail in misaligned_tables(tree):
                result.findings.append(Finding("misaligned table", url, detail, source))
            found = identifiers_in(visible_text(tree), labels)
            if found:
                result.findings.append(Finding("identifier", url, ", ".join(found[:8]), source))
        else:
            targets = []
        for href in targets:
            target = normalise(href, url)
            if target is None or target in seen or target.startswith(SKIPPED_PREFIXES):
                continue
            seen.add(target)
            key = pattern_of(target)
            if sampled[key] >= per_pattern:
                continue
            sampled[key] += 1
            queue.append((target, url))
    return result


def _is_download(url: str) -> bool:
    path = urlsplit(url).path
    return any(hint in path for hint in DOWNLOAD_HINTS)
