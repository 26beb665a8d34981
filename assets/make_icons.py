"""Generate SEND Triads' own icons (no GOV.UK crown or crest).

Writes, under app/static/govuk/ (served at /static/govuk/, the template's assetPath):

  images/favicon.svg         rounded square in the brand colour, three white dots ("triads")
  images/favicon.ico         16, 32 and 48 px
  images/govuk-icon-mask.svg single-colour version for Safari's mask-icon
  images/govuk-icon-180.png  apple-touch-icon (full bleed, motif inside the maskable safe zone)
  images/govuk-icon-192.png  web app manifest
  images/govuk-icon-512.png  web app manifest
  images/app-mark.svg        the motif alone, transparent; the CSS uses it where
                             govuk-frontend would draw the crest (see scss/_url-handlers.scss)
  manifest.json              names "SEND Triads", our icons and theme colour

The file names beginning "govuk-" are the names govuk-frontend-jinja's
template.html asks for; their content is ours.

SVG and JSON need only the standard library; PNG/ICO need Pillow, run in a
throwaway venv, e.g.:

    python3 -m venv /tmp/iconvenv && /tmp/iconvenv/bin/pip install pillow
    /tmp/iconvenv/bin/python assets/make_icons.py

The generated files are committed; nothing runs this at build or run time.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "app" / "static" / "govuk"
IMAGES = OUT / "images"
SETTINGS = ROOT / "assets" / "scss" / "_settings.scss"

WHITE = "#ffffff"

# Geometry on a 32 x 32 grid: an equilateral triangle of dots joined by lines.
GRID = 32.0
DOTS = [(16.0, 8.0), (8.5, 21.0), (23.5, 21.0)]
DOT_R = 4.0
LINE_W = 1.6
CORNER_R = 6.0
# Maskable icons keep their content inside the central 80% circle, so the motif
# is drawn smaller on the full-bleed PNGs.
MASKABLE_SCALE = 0.78


def brand_colour() -> str:
    """The brand colour, read from the Sass settings so there is one source."""
    text = SETTINGS.read_text(encoding="utf-8")
    match = re.search(
        r"^\$app-brand-colour:\s*(#[0-9a-fA-F]{6})\s*;", text, re.MULTILINE
    )
    if not match:
        raise SystemExit(f"$app-brand-colour not found in {SETTINGS}")
    return match.group(1).lower()


def _scaled(scale: float) -> tuple[list[tuple[float, float]], float, float]:
    c = GRID / 2
    dots = [(c + (x - c) * scale, c + (y - c) * scale) for x, y in DOTS]
    return dots, DOT_R * scale, LINE_W * scale


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def motif_svg(colour: str, scale: float = 1.0) -> str:
    dots, r, w = _scaled(scale)
    (ax, ay), (bx, by), (cx, cy) = dots
    path = f"M{_fmt(ax)} {_fmt(ay)}L{_fmt(bx)} {_fmt(by)}L{_fmt(cx)} {_fmt(cy)}Z"
    circles = "".join(
        f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(r)}"/>' for x, y in dots
    )
    return (
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{_fmt(w)}" '
        f'stroke-linejoin="round"/><g fill="{colour}">{circles}</g>'
    )


def svg_doc(body: str, title: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f"<title>{title}</title>{body}</svg>\n"
    )


def write_svgs(brand: str) -> None:
    square = f'<rect width="32" height="32" rx="{_fmt(CORNER_R)}" fill="{brand}"/>'
    (IMAGES / "favicon.svg").write_text(
        svg_doc(square + motif_svg(WHITE), "SEND Triads"), encoding="utf-8"
    )
    # mask-icon: one colour on transparent; the browser paints it in themeColor.
    (IMAGES / "govuk-icon-mask.svg").write_text(
        svg_doc(motif_svg("#000000"), "SEND Triads"), encoding="utf-8"
    )
    (IMAGES / "app-mark.svg").write_text(
        svg_doc(motif_svg("#000000"), "SEND Triads"), encoding="utf-8"
    )


def render_png(size: int, brand: str, *, rounded: bool, scale: float):
    from PIL import Image, ImageDraw  # imported here: SVG/JSON need no Pillow

    ss = 8  # supersample, then downscale for smooth edges
    big = size * ss
    k = big / GRID
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    if rounded:
        draw.rounded_rectangle(
            (0, 0, big - 1, big - 1), radius=CORNER_R * k, fill=brand
        )
    else:
        draw.rectangle((0, 0, big - 1, big - 1), fill=brand)
    dots, r, w = _scaled(scale)
    pts = [(x * k, y * k) for x, y in dots]
    draw.line(pts + [pts[0]], fill=WHITE, width=max(1, round(w * k)), joint="curve")
    for x, y in pts:
        draw.ellipse((x - r * k, y - r * k, x + r * k, y + r * k), fill=WHITE)
    small = img.resize((size, size), Image.Resampling.LANCZOS)
    if not rounded:
        small = small.convert("RGB")  # apple-touch and maskable icons: no alpha
    return small


def write_rasters(brand: str) -> None:
    for size in (180, 192, 512):
        render_png(size, brand, rounded=False, scale=MASKABLE_SCALE).save(
            IMAGES / f"govuk-icon-{size}.png", optimize=True
        )
    frames = [render_png(s, brand, rounded=True, scale=1.0) for s in (48, 32, 16)]
    frames[0].save(
        IMAGES / "favicon.ico",
        format="ICO",
        sizes=[(48, 48), (32, 32), (16, 16)],
        append_images=frames[1:],
    )


def write_manifest(brand: str) -> None:
    manifest = {
        "name": "SEND Triads",
        "short_name": "SEND Triads",
        "start_url": "/",
        "display": "browser",
        "theme_color": brand,
        "background_color": WHITE,
        "icons": [
            {"src": "images/favicon.ico", "type": "image/x-icon", "sizes": "48x48"},
            {
                "src": "images/favicon.svg",
                "type": "image/svg+xml",
                "sizes": "any",
                "purpose": "any",
            },
            {
                "src": "images/govuk-icon-180.png",
                "type": "image/png",
                "sizes": "180x180",
                "purpose": "maskable",
            },
            {
                "src": "images/govuk-icon-192.png",
                "type": "image/png",
                "sizes": "192x192",
                "purpose": "maskable",
            },
            {
                "src": "images/govuk-icon-512.png",
                "type": "image/png",
                "sizes": "512x512",
                "purpose": "maskable",
            },
            {
                "src": "images/govuk-icon-mask.svg",
                "type": "image/svg+xml",
                "sizes": "any",
                "purpose": "monochrome",
            },
        ],
    }
    (OUT / "manifest.json").write_text(
        json.dumps(manifest, indent=2) + "\n", encoding="utf-8"
    )


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    brand = brand_colour()
    write_svgs(brand)
    write_manifest(brand)
    write_rasters(brand)
    for path in sorted(OUT.rglob("*")):
        if path.is_file():
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
