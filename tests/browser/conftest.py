"""Playwright driving Debian's Chromium (/usr/bin/chromium) against the live test server.
Browser tests never skip: without Chromium they fail and say what to install."""

import contextlib
import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = os.environ.get("FINSUP_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# How long a web-first assertion (expect) waits for the page to reach what it asserts, as the
# page's actions wait: the machine may be slow and shared, a pass never depends on the time.
WAIT_MS = 15_000
LOGIN_PAGE = re.compile(r"/accounts/login/")


@contextlib.contextmanager
def chromium():
    """Debian's Chromium driven by Playwright, for as long as the block lasts. One at a time: the
    sync API runs an event loop in this thread until the block ends."""
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: apt-get install chromium fonts-noto-cjk (browser tests never skip)")
    # Playwright's sync API runs an event loop in this thread; the test body's ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser():
    """The browser of this package's tests (transactional, so they run after every test in a
    transaction: tests/demo's browser test, which has one of its own, is over by then)."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=WAIT_MS)
    page.base = live_server.url
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def submit_login(page, username: str, password: str) -> None:
    """Sends the login form; the caller waits for what it expects to see."""
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def login(page, username: str, password: str) -> None:
    """Logs in and waits until the browser has left the login page (for the dashboard, the
    second factor or the oversight bodies' cases)."""
    submit_login(page, username, password)
    expect(page).not_to_have_url(LOGIN_PAGE)


def logout(page) -> None:
    """Logs out with the header's button and waits for the login page it leads to."""
    page.click("header form[action$='/logout/'] button")
    expect(page).to_have_url(LOGIN_PAGE)


def switch_user(page, username: str, password: str) -> None:
    """Logs the present user out and another in. Logging out ends the session on the server;
    clearing the browser's cookies instead is racy, as a request the page still has in flight
    (an HTMX panel loading itself, for one) answers with the old session's cookie and sets it again."""
    logout(page)
    login(page, username, password)
