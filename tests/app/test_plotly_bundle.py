"""The chart pages' plotly.js: a partial bundle built from the committed sources, fingerprinted,
holding every trace type the charts draw, served compressed and cached for a year.

No Node needed: the stamp is recomputed here as assets/build_plotly.sh computes it (sha256 of the
script, then assets/plotly's bundle.js, package.json and package-lock.json). Rebuild with
`bash assets/build_plotly.sh` when these fail.
"""

import gzip
import hashlib
import re
from pathlib import Path

import brotli
import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

from app import vendor

pytestmark = pytest.mark.one_database

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "assets" / "build_plotly.sh"] + [
    ROOT / "assets" / "plotly" / name for name in ("bundle.js", "package.json", "package-lock.json")
]
CHART_MODULES = [ROOT / "dashboards" / "charts.py", ROOT / "dashboards" / "benchmark_charts.py",
                 ROOT / "selfeval" / "charts.py"]
TRACE_TYPES = {kind().type for kind in (getattr(go, name) for name in dir(go))
               if isinstance(kind, type) and issubclass(kind, BaseTraceType) and kind is not BaseTraceType}
TEMPLATE_DIRS = [ROOT / "app" / "templates", ROOT / "app" / "home" / "templates", ROOT / "dashboards" / "templates",
                 ROOT / "selfeval" / "templates", ROOT / "triads" / "templates"]


def bundle() -> Path:
    found = sorted(vendor.VENDOR.glob("plotly-charts.*.min.js"))
    assert len(found) == 1, f"expected one plotly-charts bundle in app/static/vendor, found {found}"
    return found[0]


def test_bundle_is_built_from_the_committed_sources():
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in SOURCES)).hexdigest()
    assert (vendor.VENDOR / "PLOTLY_STAMP").read_text().strip() == digest, (
        "assets/plotly or assets/build_plotly.sh changed without a rebuild: run bash assets/build_plotly.sh")


def test_bundle_name_carries_its_content_hash_and_compressed_copies_hold_the_same_bytes():
    path = bundle()
    data = path.read_bytes()
    assert path.name == f"plotly-charts.{hashlib.sha256(data).hexdigest()[:12]}.min.js"
    assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == data
    assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data
    assert "MIT License" in (vendor.VENDOR / "plotly.NOTICE.txt").read_text()


def test_bundle_is_the_plotly_js_version_the_figures_are_made_for():
    banner = bundle().read_text(encoding="utf-8")[:300]
    assert f"plotly.js v{get_plotlyjs_version()}," in banner


def _bundled_trace_types() -> set[str]:
    entry = (ROOT / "assets" / "plotly" / "bundle.js").read_text()
    return {"scatter", *re.findall(r"require\('plotly\.js/lib/(\w+)'\)", entry)}


def _chart_trace_types() -> set[str]:
    found = set()
    for module in CHART_MODULES:
        source = module.read_text()
        found |= {getattr(go, name)().type for name in re.findall(r"\bgo\.(\w+)\(", source)
                  if name not in ("Figure", "Layout")}
        found |= set(re.findall(r"\.add_(\w+)\(", source)) - {"trace", "shape", "annotation", "hline", "vline",
                                                                 "hrect", "vrect", "layout_image"}
        # Traces written as plotly JSON: {"type": "heatmap", ...} (an axis's or error bar's
        # "type" is not a trace type, so it is not counted).
        found |= set(re.findall(r"\"type\": \"(\w+)\"", source)) & TRACE_TYPES
    return found


def test_every_trace_type_the_charts_draw_is_in_the_bundle():
    used = _chart_trace_types()
    assert {"bar", "heatmap"} <= used  # the scan still finds what the charts draw
    missing = used - _bundled_trace_types()
    assert not missing, f"charts draw {sorted(missing)}: add them to assets/plotly/bundle.js and rebuild"


@pytest.mark.parametrize(("accept", "encoding", "suffix"), [
    ("gzip, deflate, br, zstd", "br", ".br"),
    ("gzip, deflate", "gzip", ".gz"),
    ("br;q=0, gzip", "gzip", ".gz"),
    (None, None, ""),
])
def test_bundle_is_served_compressed_when_accepted_and_cached_for_a_year(app, accept, encoding, suffix):
    path = bundle()
    headers = {"Accept-Encoding": accept} if accept else {}
    with app.test_client().get(f"/vendor/{path.name}", headers=headers) as response:
        assert response.status_code == 200
        assert response.data == path.with_name(path.name + suffix).read_bytes()
    assert response.headers.get("Content-Encoding") == encoding
    assert response.mimetype == "text/javascript"
    assert set(response.headers["Cache-Control"].split(", ")) == {"public", "max-age=31536000", "immutable"}
    assert "Accept-Encoding" in response.headers["Vary"]


@pytest.mark.parametrize("name", ["plotly.min.js", "plotly-charts.000000000000.min.js", "PLOTLY_STAMP",
                                  "plotly.NOTICE.txt", "..%2F..%2Fconfig.py"])
def test_only_the_current_builds_are_served(app, name):
    assert app.test_client().get(f"/vendor/{name}").status_code == 404


def test_templates_name_the_bundle_only_through_the_helper(app):
    for folder in TEMPLATE_DIRS:
        for template in folder.rglob("*.html"):
            text = template.read_text()
            assert "plotly-charts." not in text and "plotly_js'" not in text, template
    with app.test_request_context():
        assert app.jinja_env.globals["plotly_js_url"]() == f"/vendor/{bundle().name}"


def test_chart_box_stays_hidden_until_charts_js_draws_it(app):
    """Without JavaScript the table beside it stands in; no empty box, no image announced."""
    with app.test_request_context():
        html = app.jinja_env.get_template("_chart.html").render(
            chart_id="c", chart_json='{"data": []}', chart_label="A chart")
    box = re.search(r"<div [^>]*data-chart=[^>]*>", html).group(0)
    assert " hidden " in box
    assert "element.hidden = false" in (ROOT / "app" / "static" / "js" / "charts.js").read_text()
