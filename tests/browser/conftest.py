"""Browser fixtures: the app on a loopback port with a fresh demo database, Debian's Chromium
driven by Playwright, a signed-in page per demo role, and `check_page` for the per-page checks.

The fixture names avoid pytest-playwright's (browser, context, page, new_context, ...): that
plugin would try to use a browser Playwright downloads, which cannot be done here.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import sync_playwright

from tests.browser import harness
from tests.browser.harness import (
    ANONYMOUS,
    CHROMIUM,
    CHROMIUM_ARGS,
    INVALID_HTML,
    OUTPUT,
    ROLES,
    SCREENSHOTS,
    Crawler,
    HtmlChecker,
    NuChecker,
    RouteMap,
    page_problems,
    sign_in_as,
    watch,
    watch_of,
)

SERVER_START_TIMEOUT = 60
CRAWL_REPORTS = OUTPUT / "crawl"  # each role's pages and problems, for a person to read
HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Under pytest -n with --dist loadgroup (make test), the browser tests go to two workers as
    two groups, each with its own app server, Chromium and Nu checker: the crawls, which share
    their results (and the pages already checked) between roles, and everything else. Each group
    gets a fresh demo database (in one process, the rest ran on the one the crawls had browsed)."""
    for item in items:
        if HERE in item.path.parents:
            group = "browser-crawl" if item.path.name == "test_crawl.py" else "browser"
            item.add_marker(pytest.mark.xdist_group(group))


def remove_earlier_invalid_pages() -> None:
    """Only this run's invalid pages: under xdist two workers check pages, so each removes only
    what is older than the run (the controller's start time, from tests/conftest.py)."""
    started = float(os.environ.get("SEND_TRIADS_TEST_RUN_STARTED", "inf"))
    for path in INVALID_HTML.glob("*") if INVALID_HTML.is_dir() else []:
        if path.is_file() and path.stat().st_mtime < started:
            path.unlink(missing_ok=True)


class ServerErrors:
    """Every 5xx response and logged error from the server process, read from its errors.jsonl."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def all(self) -> list[str]:
        lines = self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []
        found = []
        for line in lines:
            record = json.loads(line)
            if record["kind"] == "status":
                found.append(f"server answered {record['status']} to {record['method']} {record['path']}")
            else:
                found.append(f"server logged an error: {record['message']}")
        return found

    def count(self) -> int:
        return len(self.all())

    def since(self, count: int) -> list[str]:
        return self.all()[count:]


class LiveServer:
    def __init__(self, url: str, workdir: Path, log: Path) -> None:
        self.url = url
        self.workdir = workdir
        self.log = log
        self.errors = ServerErrors(workdir / "errors.jsonl")
        self.routes = RouteMap(json.loads((workdir / "routes.json").read_text()))


@pytest.fixture(scope="session")
def nu_checker():
    """The Nu HTML checker service and a few threads that send it pages. Requested before the
    app server and the browser, so the JVM starts while they do."""
    remove_earlier_invalid_pages()
    checker = NuChecker()
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="nu-checker")
    yield checker, pool
    pool.shutdown(wait=True)
    checker.stop()


@pytest.fixture(scope="session")
def live_server(nu_checker):
    workdir = Path(tempfile.mkdtemp(prefix="send-triads-browser-"))
    log_path = workdir / "server.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.browser.live_server", "--workdir", str(workdir)],
            cwd=harness.REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    port_file = workdir / "port"
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while not port_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the app server did not start:\n" + log_path.read_text(errors="replace"))
        time.sleep(0.1)
    server = LiveServer(f"http://127.0.0.1:{port_file.read_text().strip()}", workdir, log_path)
    yield server
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(autouse=True)
def _no_server_errors(live_server):
    """Any 5xx or logged exception during a browser test fails it, whatever the test checked."""
    before = live_server.errors.count()
    yield
    new = live_server.errors.since(before)
    if new:
        pytest.fail("server errors during the test:\n" + "\n".join(new), pytrace=False)


@pytest.fixture(scope="session")
def chromium_browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make debian-tools` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium_browser, live_server):
    """new_page(java_script_enabled=False, ...) -> a page in a fresh browser context (no cookies),
    watched for console errors, failed requests and its document's HTML."""
    contexts = []

    def make(**context_args):
        context_args.setdefault("viewport", {"width": 1280, "height": 800})
        context = chromium_browser.new_context(base_url=live_server.url, **context_args)
        context.set_default_timeout(10_000)
        context.add_init_script(AXE_SCRIPT)
        contexts.append(context)
        return watch(context.new_page())

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def anon_page(new_page):
    return new_page()


@pytest.fixture
def page_as(new_page, live_server):
    """page_as("la_lead") -> a page signed in through the sign-in form as that demo role."""

    def make(role: str, **context_args):
        return sign_in_as(new_page(**context_args), live_server.url, role)

    return make


def _role_page_fixture(role: str):
    @pytest.fixture
    def fixture(page_as):
        return page_as(role)

    fixture.__doc__ = f"A page signed in as the demo {ROLES[role].description}."
    return fixture


admin_page = _role_page_fixture("admin")
la_lead_page = _role_page_fixture("la_lead")
senco_page = _role_page_fixture("senco")
senco_castle_lane_page = _role_page_fixture("senco_castle_lane")
headteacher_page = _role_page_fixture("headteacher")
school_staff_page = _role_page_fixture("school_staff")
qa_page = _role_page_fixture("qa")
analyst_page = _role_page_fixture("analyst")


class PageCheck:
    """check_page(page): one h1, a title naming the page, a skip link, no axe-core WCAG 2.2 A/AA
    violation, no console error or failed request, the expected status. The page's HTML goes to
    the Nu HTML checker in the background: call html_errors(), or the fixture fails the test at
    teardown if any page checked is invalid."""

    def __init__(self, html: HtmlChecker) -> None:
        self.html = html

    def __call__(self, page, *, status: int = 200, accessibility: bool = True) -> None:
        # A click that navigates returns once the new document is committed, before it is parsed.
        page.wait_for_load_state()
        document = watch_of(page).document
        problems = []
        if document is None:
            problems.append("no document response was seen for this page")
        elif document.status != status:
            problems.append(f"status {document.status}, expected {status}")
        problems += page_problems(page, accessibility=accessibility)
        if document is not None:
            self.html.add_page(page)
        assert not problems, f"{page.url}:\n" + "\n".join(f"  - {p}" for p in problems)

    def html_errors(self) -> list[str]:
        return self.html.errors()


@pytest.fixture
def check_page(nu_checker, live_server):
    checker = PageCheck(HtmlChecker(*nu_checker))
    yield checker
    if checker.html.pending:
        errors = checker.html_errors()
        if errors:
            pytest.fail("invalid HTML:\n" + "\n".join(errors), pytrace=False)


class Crawls:
    """Each role's crawl, run once per session and shared by the per-role tests and the test
    that every page of the app was reached."""

    def __init__(self, browser, server: LiveServer, nu_checker) -> None:
        self.browser = browser
        self.server = server
        self.nu_checker = nu_checker
        self.results = {}
        self.checked = set()  # fingerprints of pages checked, so no role checks a page twice

    def get(self, key: str):
        if key not in self.results:
            self.results[key] = self._crawl(ANONYMOUS if key == ANONYMOUS.key else ROLES[key])
        return self.results[key]

    def _crawl(self, role):
        context = self.browser.new_context(base_url=self.server.url, viewport={"width": 1280, "height": 800})
        context.set_default_timeout(15_000)
        context.add_init_script(AXE_SCRIPT)
        try:
            page = watch(context.new_page())
            if role is not ANONYMOUS:
                sign_in_as(page, self.server.url, role)
                watch_of(page).take_problems()
            crawler = Crawler(
                page=page,
                base_url=self.server.url,
                routes=self.server.routes,
                html=HtmlChecker(*self.nu_checker),
                server_errors=self.server.errors,
                screenshot=SCREENSHOTS / f"{role.key}-home.png",
                checked=self.checked,
            )
            result = crawler.crawl(role)
        finally:
            context.close()
        CRAWL_REPORTS.mkdir(parents=True, exist_ok=True)
        (CRAWL_REPORTS / f"{role.key}.txt").write_text(
            result.summary()
            + "\n\n"
            + "".join(f"{status} {path}\n" for path, status in result.pages)
            + "".join(f"{status} {path} (download, {kind})\n" for path, status, kind in result.downloads)
            + ("\n" + result.report() + "\n" if result.problems else "")
        )
        return result


@pytest.fixture(scope="session")
def crawls(nu_checker, live_server, chromium_browser):
    shutil.rmtree(CRAWL_REPORTS, ignore_errors=True)
    return Crawls(chromium_browser, live_server, nu_checker)
