"""The committed front-end build (app/static/) is current and carries no GOV.UK branding.

No Node needed: the build stamp is recomputed here from the committed sources,
the same way assets/build.sh computes it (sha256 of assets/package-lock.json
followed by every file under assets/scss/, sorted by path). Rebuild with
`bash assets/build.sh` when these fail.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"
STATIC = ROOT / "app" / "static"
CSS = STATIC / "css" / "app.css"

# Names asked for under assetPath (/static/govuk) by govuk-frontend-jinja 4.1.0's template.html.
ICON_FILES = [
    "images/favicon.ico",
    "images/favicon.svg",
    "images/govuk-icon-mask.svg",
    "images/govuk-icon-180.png",
    "manifest.json",
]


def stamp_sources() -> list[Path]:
    scss = sorted(
        (p for p in (ASSETS / "scss").rglob("*") if p.is_file()),
        key=lambda p: p.relative_to(ROOT).as_posix(),
    )
    return [ASSETS / "package-lock.json", *scss]


def compute_stamp() -> str:
    digest = hashlib.sha256()
    for path in stamp_sources():
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_build_stamp_matches_sources():
    stamp_file = STATIC / "BUILD_STAMP"
    assert stamp_file.is_file(), (
        "app/static/BUILD_STAMP missing: run bash assets/build.sh"
    )
    assert stamp_file.read_text(encoding="ascii").strip() == compute_stamp(), (
        "assets/scss or assets/package-lock.json changed without a rebuild: "
        "run bash assets/build.sh and commit app/static/"
    )


def test_package_pins_govuk_frontend_exactly():
    package = json.loads((ASSETS / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["govuk-frontend"] == "6.3.0"
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["devDependencies"]["sass"])
    lock = json.loads((ASSETS / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/govuk-frontend"]["version"] == "6.3.0"
    assert (
        "node_modules/" in (ASSETS / ".gitignore").read_text(encoding="utf-8").split()
    )


@pytest.fixture(scope="module")
def css() -> str:
    assert CSS.is_file(), "app/static/css/app.css missing: run bash assets/build.sh"
    return CSS.read_text(encoding="utf-8")


def test_css_has_no_gds_transport_font(css):
    assert "GDS Transport" not in css
    assert "@font-face" not in css


def test_css_uses_our_brand_and_font_stack(css):
    assert '--govuk-frontend-version:"6.3.0"' in css.replace(": ", ":")
    brand = re.search(r"--govuk-brand-colour:\s*(#[0-9a-fA-F]{3,6})", css)
    assert brand and brand.group(1).lower() != "#1d70b8", "still the GOV.UK brand blue"
    assert "Helvetica Neue" in css


def test_css_urls_point_at_files_we_ship(css):
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css)
    for url in urls:
        if url.startswith("data:"):
            continue
        assert url.startswith("/static/govuk/"), url
        assert (STATIC / url.removeprefix("/static/")).is_file(), f"{url} has no file"
        assert "crest" not in url and "crown" not in url, url


def test_javascript_files_exist():
    js = STATIC / "js"
    bundle = (js / "govuk-frontend.min.js").read_text(encoding="utf-8")
    assert 'version="6.3.0"' in bundle and "initAll" in bundle
    init = (js / "init.js").read_text(encoding="utf-8")
    assert "import { initAll } from './govuk-frontend.min.js'" in init
    assert "initAll()" in init


@pytest.mark.parametrize("name", ICON_FILES)
def test_icon_files_exist(name):
    path = STATIC / "govuk" / name
    assert path.is_file() and path.stat().st_size > 0, (
        f"app/static/govuk/{name} missing"
    )


def test_icons_are_our_own_formats():
    images = STATIC / "govuk" / "images"
    assert (images / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (images / "govuk-icon-180.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for svg in ("favicon.svg", "govuk-icon-mask.svg"):
        text = (images / svg).read_text(encoding="utf-8")
        assert text.lstrip().startswith("<svg") and "SEND Triads" in text
    manifest = json.loads(
        (STATIC / "govuk" / "manifest.json").read_text(encoding="utf-8")
    )
    assert manifest["name"] == "SEND Triads"
    for icon in manifest["icons"]:
        assert (STATIC / "govuk" / icon["src"]).is_file(), icon["src"]
