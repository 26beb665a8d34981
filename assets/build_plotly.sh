#!/usr/bin/env bash
# Build the partial plotly.js bundle that the chart pages load, with its compressed copies.
#
#   bash assets/build_plotly.sh          npm ci, esbuild, write app/static/vendor/ (needs Node/npm)
#   bash assets/build_plotly.sh --check  check the committed bundle against its sources (no Node)
#
# The bundle holds only the trace types listed in assets/plotly/bundle.js, from the same plotly.js
# version as the Python plotly package draws its figures for (the build refuses another). Output,
# committed under app/static/vendor/:
#   plotly-charts.<first 12 hex of its sha256>.min.js   the name changes whenever the content does,
#                                                       so it is cached for a year (app/vendor.py)
#   ... .min.js.gz and .min.js.br                       the same bytes, gzip and brotli compressed
#   plotly.NOTICE.txt                                   the licence
#   PLOTLY_STAMP                                        sha256 of this script and assets/plotly's
#                                                       bundle.js, package.json, package-lock.json
# tests/app/test_plotly_bundle.py recomputes the stamp and checks the files, so a source changed
# without a rebuild fails CI.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOURCES="$ROOT/assets/plotly"
VENDOR="$ROOT/app/static/vendor"
STAMP_FILE="$VENDOR/PLOTLY_STAMP"
NAME=plotly-charts

compute_stamp() {
  (
    cd "$ROOT"
    cat assets/build_plotly.sh assets/plotly/bundle.js assets/plotly/package.json \
      assets/plotly/package-lock.json | sha256sum | cut -d' ' -f1
  )
}

check() {
  local status=0 bundles expected actual
  expected="$(compute_stamp)"
  actual="$(tr -d '[:space:]' <"$STAMP_FILE" 2>/dev/null || true)"
  if [[ "$expected" != "$actual" ]]; then
    echo "plotly check: app/static/vendor/PLOTLY_STAMP is stale or missing; run: bash assets/build_plotly.sh" >&2
    status=1
  fi
  mapfile -t bundles < <(find "$VENDOR" -maxdepth 1 -name "$NAME.*.min.js" | sort)
  if [[ ${#bundles[@]} -ne 1 ]]; then
    echo "plotly check: expected one app/static/vendor/$NAME.*.min.js, found ${#bundles[@]}" >&2
    return 1
  fi
  local bundle="${bundles[0]}" hash
  hash="$(sha256sum "$bundle" | cut -c1-12)"
  if [[ "$(basename "$bundle")" != "$NAME.$hash.min.js" ]]; then
    echo "plotly check: $(basename "$bundle") does not match its content (sha256 $hash...)" >&2
    status=1
  fi
  if ! gzip -dc "$bundle.gz" 2>/dev/null | cmp -s - "$bundle"; then
    echo "plotly check: $(basename "$bundle").gz is missing or differs from the bundle" >&2
    status=1
  fi
  if [[ ! -s "$bundle.br" || ! -s "$VENDOR/plotly.NOTICE.txt" ]]; then
    echo "plotly check: the .br copy or plotly.NOTICE.txt is missing" >&2
    status=1
  fi
  if [[ $status -eq 0 ]]; then
    echo "plotly check: OK ($(basename "$bundle"))"
  fi
  return $status
}

python_plotly_js_version() {
  local python="$ROOT/.venv/bin/python"
  [[ -x "$python" ]] || python=python3
  "$python" -c 'from plotly.offline import get_plotlyjs_version; print(get_plotlyjs_version())'
}

build() {
  command -v npm >/dev/null || { echo "npm is needed to build the plotly bundle" >&2; exit 1; }
  cd "$SOURCES"
  # Source files only: nothing needs an install script.
  npm ci --ignore-scripts --no-audit --no-fund

  local version wanted
  version="$(node -p 'require("plotly.js/package.json").version')"
  wanted="$(python_plotly_js_version)"
  if [[ "$version" != "$wanted" ]]; then
    echo "build: assets/plotly pins plotly.js $version but the Python plotly package draws for $wanted;" \
      "pin plotly.js $wanted in assets/plotly/package.json and run npm install there" >&2
    exit 1
  fi

  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  # As plotly.js's own build (esbuild-config.js), less what only other trace types need: the
  # maplibre stylesheet (map traces) is dropped, shaders (gl traces) never come in.
  ./node_modules/.bin/esbuild bundle.js \
    --bundle --minify --format=iife --global-name=Plotly --target=es2016 \
    --define:global=window --define:define.amd=false \
    --loader:.css=empty --legal-comments=eof --log-level=warning \
    "--banner:js=/*! plotly.js v$version, partial bundle: core (scatter), bar, heatmap. MIT License, Copyright 2012-2026 Plotly, Inc.; see plotly.NOTICE.txt */" \
    --outfile="$WORK/bundle.js"

  local hash out
  hash="$(sha256sum "$WORK/bundle.js" | cut -c1-12)"
  out="$VENDOR/$NAME.$hash.min.js"
  mkdir -p "$VENDOR"
  rm -f "$VENDOR/$NAME".*.min.js "$VENDOR/$NAME".*.min.js.gz "$VENDOR/$NAME".*.min.js.br
  cp "$WORK/bundle.js" "$out"
  # Node's zlib: the same bytes on every machine (gzip without a file name or time in its header).
  node -e '
    const fs = require("fs"), zlib = require("zlib");
    const file = process.argv[1], data = fs.readFileSync(file);
    fs.writeFileSync(file + ".gz", zlib.gzipSync(data, {level: 9}));
    fs.writeFileSync(file + ".br", zlib.brotliCompressSync(data, {params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    }}));
  ' "$out"

  {
    echo "$NAME.$hash.min.js is a partial bundle of plotly.js $version (npm package plotly.js):"
    echo "the core (with scatter), bar and heatmap, built by assets/build_plotly.sh with esbuild."
    echo "The .gz and .br files are the same bytes, compressed. The licence notices of the bundled"
    echo "third-party modules are kept at the end of the bundle."
    echo
    cat node_modules/plotly.js/LICENSE
  } >"$VENDOR/plotly.NOTICE.txt"

  compute_stamp >"$STAMP_FILE"
  echo "build: wrote app/static/vendor/$NAME.$hash.min.js ($(wc -c <"$out") bytes;" \
    "gzip $(wc -c <"$out.gz"), brotli $(wc -c <"$out.br"))"
  check
}

case "${1:-}" in
  --check) check ;;
  "") build ;;
  *) echo "usage: bash assets/build_plotly.sh [--check]" >&2; exit 2 ;;
esac
