"""The weight and speed of the chart pages, as a reader's browser meets them with nothing cached,
and the same pages with JavaScript turned off, where each chart's table stands in.

For the heaviest chart pages, each opened in a fresh browser context (nothing cached): the bytes
transferred for the document and everything it loads (Resource Timing's transferSize) and the time
from navigation to the first chart drawn (charts.js marks "chart-rendered" when Plotly.newPlot has
finished). The figures are written to tests/output/page-weight.txt (and .json) before anything is
asserted, so a slow run still leaves them to read. Then: the next chart page of a visit takes
plotly.js from the cache, and without JavaScript every chart page shows its tables and no empty
chart box or "Show as a chart" that opens on nothing.
"""

import json
import re

import pytest

from tests.browser.harness import OUTPUT

pytestmark = pytest.mark.browser

MAX_TRANSFER = 1_000_000  # bytes: a chart page on a slow connection
# The goal is a first chart within 1 s of navigating. The assertion is on the browser's part, from
# the HTML's arrival to the chart drawn (what the scripts cost), with room for a busy test machine;
# the server's part is measured by bench/.
TARGET_FIRST_CHART_MS = 1_000
MAX_DRAWING_MS = 2_000
REPORT = OUTPUT / "page-weight.txt"

# Dashboards of the cohort running today whose pages draw charts, all checked without JavaScript;
# the heaviest are timed (the heatmap, and the statements: two charts, the most HTML).
DASHBOARDS = ("heatmap", "statements", "strengths-and-support", "year-on-year", "action-plans", "completion")
TIMED = re.compile(r"/(heatmap|statements|summary|network/)$")

MEASURE_JS = """() => {
  const navigation = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const drawn = performance.getEntriesByName('chart-rendered');
  return {
    document: navigation.transferSize,
    document_ms: navigation.responseEnd,
    resources: resources.map(r => ({url: r.name, transfer: r.transferSize, decoded: r.decodedBodySize})),
    first_chart_ms: drawn.length ? drawn[0].startTime : null,
    charts: document.querySelectorAll('[data-chart]').length,
  };
}"""
ALL_DRAWN_JS = "() => Array.from(document.querySelectorAll('[data-chart]')).every(e => e.hasAttribute('data-rendered'))"
WITHOUT_JS_JS = """() => ({
  charts: Array.from(document.querySelectorAll('[data-chart]'), e => ({
    shown: e.getClientRects().length > 0,
    text: e.textContent.trim(),
    disclosure: Boolean(e.closest('details') && e.closest('details').getClientRects().length),
  })),
  tables: Array.from(document.querySelectorAll('main table')).filter(t => t.getClientRects().length > 0).length,
})"""


def _links(page, pattern: str) -> list[str]:
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    return list(dict.fromkeys(h for h in hrefs if re.search(pattern, h)))


def _lead_pages(page) -> list[str]:
    page.goto("/la/northmere/dashboards/")  # opens on the cohort running today
    found: dict[str, str] = {}
    for path in _links(page, r"/dashboards/cohorts/\d+/[a-z-]+$"):
        found.setdefault(path.rsplit("/", 1)[1], path)
    paths = [found[key] for key in DASHBOARDS if key in found]
    page.goto(paths[0])
    return paths + _links(page, r"/dashboards/cohorts/\d+/schools/\d+$")[:1]  # one school's profile


def _senco_pages(page) -> list[str]:
    page.goto("/")
    page.goto(_links(page, r"/self-evaluation/(schools/\d+/this-year|\d+)$")[0])
    return _links(page, r"/self-evaluation/\d+/summary$")[:1]


ROLES = {"la_lead": _lead_pages, "senco": _senco_pages, "analyst": lambda page: ["/network/"]}


def _measure(browser, base_url: str, signed_in: dict, path: str) -> dict:
    """One page in a context of its own: an empty cache and a renderer that has compiled no
    script yet, as on a first visit (and without the axe-core script the checked pages carry)."""
    context = browser.new_context(base_url=base_url, storage_state=signed_in,
                                  viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(path)
        page.wait_for_function(ALL_DRAWN_JS)
        found = page.evaluate(MEASURE_JS)
    finally:
        context.close()
    found["path"] = path
    found["transfer"] = found["document"] + sum(r["transfer"] for r in found["resources"])
    return found


def _vendor_transfer_on_next_page(page, path: str) -> int:
    """Bytes transferred for the fingerprinted scripts on another chart page of the same visit:
    none, when the browser keeps them as it is told to."""
    page.goto(path)
    page.wait_for_function(ALL_DRAWN_JS)
    return page.evaluate("""() => performance.getEntriesByType('resource')
        .filter(r => r.name.includes('/vendor/')).reduce((sum, r) => sum + r.transferSize, 0)""")


def _without_javascript(page, path: str) -> dict:
    page.goto(path)
    found = page.evaluate(WITHOUT_JS_JS)
    found["path"] = path
    return found


def _write_report(measured: list[dict], again: int) -> None:
    lines = ["Chart pages, nothing cached (Chromium, this machine)", "",
             f"{'page':<62} {'charts':>6} {'transfer':>10} {'of it HTML':>10} {'HTML in':>8} {'first chart':>12}"
             f" {'after HTML':>11}"]
    for m in measured:
        drawn = m["first_chart_ms"] is not None
        first = f"{m['first_chart_ms']:.0f} ms" if drawn else "none"
        after = f"{m['first_chart_ms'] - m['document_ms']:.0f} ms" if drawn else ""
        lines.append(f"{m['role'] + ' ' + m['path']:<62} {m['charts']:>6} {m['transfer'] / 1000:>8.0f} kB"
                     f" {m['document'] / 1000:>8.0f} kB {m['document_ms']:>5.0f} ms {first:>12} {after:>11}")
        for r in sorted(m["resources"], key=lambda r: -r["transfer"])[:4]:
            lines.append(f"    {r['url'].split('/', 3)[-1]:<66} {r['transfer'] / 1000:>8.1f} kB")
    lines += ["", f"plotly.js on the lead's next chart page: {again} bytes transferred (0: from the cache)"]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    REPORT.with_suffix(".json").write_text(json.dumps(measured, indent=1), encoding="utf-8")


def test_chart_pages_are_light_quick_and_readable_without_javascript(page_as, new_page, chromium_browser,
                                                                     live_server):
    measured, without_js = [], []
    for role, find_pages in ROLES.items():
        page = page_as(role)
        paths = find_pages(page)
        assert paths, f"no chart page found for {role}"
        signed_in = page.context.storage_state()
        measured += [{"role": role, **_measure(chromium_browser, live_server.url, signed_in, path)}
                     for path in paths if TIMED.search(path)]
        if role == "la_lead":  # its page has drawn the heatmap (_lead_pages)
            again = _vendor_transfer_on_next_page(page, paths[1])
        plain = new_page(java_script_enabled=False, storage_state=signed_in)
        without_js += [{"role": role, **_without_javascript(plain, path)} for path in paths]
    _write_report(measured, again)

    for m in measured:
        where = f"{m['role']} {m['path']}"
        assert m["charts"] >= 1, f"{where} draws no chart"
        assert m["transfer"] < MAX_TRANSFER, f"{where} transfers {m['transfer']} bytes"
        assert m["first_chart_ms"] is not None, f"{where}: no chart drawn"
        assert m["first_chart_ms"] - m["document_ms"] < MAX_DRAWING_MS, (
            f"{where}: first chart {m['first_chart_ms']:.0f} ms after navigating, "
            f"{m['first_chart_ms'] - m['document_ms']:.0f} ms after the HTML (goal {TARGET_FIRST_CHART_MS} ms in all)")
    assert again == 0, f"the lead's second chart page fetched the scripts again ({again} bytes)"
    for w in without_js:
        where = f"{w['role']} {w['path']} without JavaScript"
        assert w["charts"], f"{where}: no chart on the page"
        assert not any(c["shown"] or c["text"] for c in w["charts"]), f"{where}: an empty chart box shows"
        assert not any(c["disclosure"] for c in w["charts"]), (
            f"{where}: a disclosure opens on no chart (mark it hidden data-chart-only)")
        assert w["tables"] >= len(w["charts"]), f"{where}: {w['tables']} tables for {len(w['charts'])} charts"
