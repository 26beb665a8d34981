"""The pages each role loads, found the way a person finds them, and how each is recognised.

A page is given by where its person starts and, where its address holds an id, the links that
lead to it from there, so the mix follows the seeded data without knowing its ids. The page
is fetched once, signed in, to read its marker: the <h1> exactly as served, or for a download its
content type.
"""

import html
import re
from dataclasses import dataclass

import requests

USER_AGENT = "send-triads-load/1"
DEMO_PASSWORD = "triads-demo-2026"  # noqa: S105 - the demo's published password
SCALE_PASSWORD = "scale-password-2026"  # noqa: S105 - demo/scale.py's fictional password


@dataclass(frozen=True)
class PageSpec:
    role: str
    name: str
    start: str
    follow: tuple[str, ...] = ()  # patterns for the links, page by page from `start`, that lead to it


@dataclass
class Page:
    role: str
    name: str
    path: str
    kind: str  # "text": the marker is in the body; "type": in the Content-Type
    marker: str
    cookie: str


LA = "/la/northmere"
COHORT = r"/dashboards/cohorts/\d+"

DEMO_PEOPLE = {
    "lead": "lead@northmere.example",
    "senco": "senco@ashgrove.example",
    "coach": "senco@ashgrove.example",  # Ashgrove is its triad's coach school
    "head": "head@ashgrove.example",
    "assurer": "qa@send-triads.example",
    "analyst": "analyst@send-triads.example",
}

DEMO_PAGES = [
    # A page with nothing of its own to load: what every signed-in request costs before its page.
    PageSpec("lead", "signed-in static page", "/accessibility"),
    PageSpec("senco", "signed-in static page", "/accessibility"),
    PageSpec("lead", "LA home", f"{LA}/"),
    PageSpec("lead", "dashboards", f"{LA}/dashboards/"),
    PageSpec("lead", "heatmap", f"{LA}/dashboards/", (rf"{LA}{COHORT}/heatmap",)),
    PageSpec("lead", "completion", f"{LA}/dashboards/", (rf"{LA}{COHORT}/completion",)),
    PageSpec("lead", "cohort overview", f"{LA}/self-evaluation/"),
    PageSpec("lead", "cohort page", f"{LA}/cohorts", (rf"{LA}/cohorts/\d+",)),
    PageSpec("lead", "heatmap Excel", f"{LA}/dashboards/", (rf"{LA}{COHORT}/heatmap", rf"{LA}{COHORT}/heatmap\.xlsx")),
    PageSpec("senco", "SENCO home", f"{LA}/"),
    PageSpec("senco", "self-evaluation task list", f"{LA}/", (rf"{LA}/self-evaluation/\d+",)),
    PageSpec("coach", "triad page", f"{LA}/", (rf"{LA}/triads/schools/\d+", rf"{LA}/triads/\d+")),
    PageSpec("coach", "coached school's plan", f"{LA}/",
             (rf"{LA}/triads/schools/\d+", rf"{LA}/triads/\d+", rf"{LA}/plans/\d+")),
    PageSpec("head", "school's action plans", f"{LA}/", (rf"{LA}/plans/schools/\d+",)),
    PageSpec("assurer", "QA visits", f"{LA}/visits/"),
    PageSpec("assurer", "QA visit", f"{LA}/visits/", (rf"{LA}/visits/\d+",)),
    PageSpec("analyst", "network benchmarks", "/network/"),
    PageSpec("analyst", "network statements", "/network/statements"),
    PageSpec("analyst", "benchmarks CSV", "/network/benchmarks.csv"),
]

# At national scale the demo is loaded beside 150 LAs of fictional data (`seed-scale --with-demo`):
# every demo page above, measured in an installation at full size, plus a lead of one of the large
# LAs (140 schools, three years of submitted self-evaluations).
SCALE_LEAD = "lead 140"  # a lead of a 140-school LA
SLA = "/la/scale-001"
SCALE_PEOPLE = {**DEMO_PEOPLE, SCALE_LEAD: "lead@scale-001.example"}
SCALE_LEAD_PAGES = [
    PageSpec(SCALE_LEAD, "LA home", f"{SLA}/"),
    PageSpec(SCALE_LEAD, "schools", f"{SLA}/schools"),
    PageSpec(SCALE_LEAD, "cohorts", f"{SLA}/cohorts"),
    PageSpec(SCALE_LEAD, "dashboards", f"{SLA}/dashboards/"),
    PageSpec(SCALE_LEAD, "cohort page", f"{SLA}/cohorts", (rf"{SLA}/cohorts/\d+",)),
    PageSpec(SCALE_LEAD, "cohort dashboard", f"{SLA}/dashboards/", (rf"{SLA}{COHORT}/schools-at-a-glance",)),
    PageSpec(SCALE_LEAD, "heatmap", f"{SLA}/dashboards/", (rf"{SLA}{COHORT}/heatmap",)),
    PageSpec(SCALE_LEAD, "completion", f"{SLA}/dashboards/", (rf"{SLA}{COHORT}/completion",)),
    PageSpec(SCALE_LEAD, "peer matching", f"{SLA}/dashboards/", (rf"{SLA}{COHORT}/peer-matching",)),
    PageSpec(SCALE_LEAD, "cohort overview", f"{SLA}/self-evaluation/"),
]
SCALE_PAGES = DEMO_PAGES + SCALE_LEAD_PAGES


def password_of(email: str) -> str:
    return SCALE_PASSWORD if "@scale-" in email else DEMO_PASSWORD


H1 = re.compile(r"<h1[^>]*>.*?</h1>", re.DOTALL)


class PageNotFound(RuntimeError):
    pass


def sign_in(base_url: str, email: str, password: str) -> requests.Session:
    """A session signed in through the sign-in form, with the User-Agent the load will send."""
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT
    form = http.get(f"{base_url}/sign-in", timeout=30)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.text)
    if token is None:
        raise PageNotFound("no CSRF token on the sign-in page")
    answer = http.post(f"{base_url}/sign-in", timeout=30, allow_redirects=False,
                       data={"csrf_token": token.group(1), "email": email, "password": password})
    where = answer.headers.get("Location", "")
    if answer.status_code not in (302, 303) or "/sign-in" in where:
        raise PageNotFound(f"{email} was not signed in ({answer.status_code} {where})")
    return http


def cookie_header(http: requests.Session) -> str:
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in http.cookies)


def find_page(http: requests.Session, base_url: str, spec: PageSpec) -> tuple[str, requests.Response]:
    """The page's own address (after any redirect the start address makes) and its response."""
    answer = http.get(base_url + spec.start, timeout=60)
    for pattern in spec.follow:
        links = [html.unescape(link) for link in re.findall(r'href="([^"#]+)"', answer.text)]
        path = next((link for link in links if re.fullmatch(pattern, link.partition("?")[0])), None)
        if path is None:
            raise PageNotFound(f"{spec.role} {spec.name}: no link like {pattern} on {answer.url}")
        answer = http.get(base_url + path, timeout=60)
    path = answer.url.removeprefix(base_url)
    if answer.status_code != 200 or answer.history and "/sign-in" in path:
        raise PageNotFound(f"{spec.role} {spec.name}: {answer.status_code} at {path}")
    return path, answer


def marker_of(answer: requests.Response) -> tuple[str, str]:
    content_type = answer.headers.get("Content-Type", "")
    if not content_type.startswith("text/html"):
        return "type", content_type.split(";")[0]
    heading = H1.search(answer.text)
    if heading is None:
        raise PageNotFound(f"no <h1> on {answer.url}")
    return "text", heading.group(0)


def resolve(base_url: str, scale: str) -> list[Page]:
    people, specs = (DEMO_PEOPLE, DEMO_PAGES) if scale == "demo" else (SCALE_PEOPLE, SCALE_PAGES)
    sessions: dict[str, requests.Session] = {}
    pages = []
    for spec in specs:
        if spec.role not in sessions:
            sessions[spec.role] = sign_in(base_url, people[spec.role], password_of(people[spec.role]))
        http = sessions[spec.role]
        path, answer = find_page(http, base_url, spec)
        kind, marker = marker_of(answer)
        pages.append(Page(spec.role, spec.name, path, kind, marker, cookie_header(http)))
    return pages


def reference_pages() -> list[Page]:
    return [Page("reference", "bare route", "/ok", "text", "ok", ""),
            Page("reference", "empty GOV.UK page", "/empty", "text", '<h1 class="govuk-heading-l">Empty page</h1>', "")]
