#!/usr/bin/env bash
# Build the front-end assets and write the committed output under app/static/.
#
#   bash assets/build.sh          npm ci, compile Sass, copy JS, write BUILD_STAMP (needs Node/npm)
#   bash assets/build.sh --check  recompute the stamp from sources (no Node) and compare
#
# BUILD_STAMP is the sha256 of the concatenated bytes of assets/package-lock.json
# followed by every file under assets/scss/, sorted by path (byte order). The same
# sum is recomputed in Python by tests/app/test_assets_build.py, so a Sass or
# dependency change committed without a rebuild fails CI.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ASSETS="$ROOT/assets"
STATIC="$ROOT/app/static"
STAMP_FILE="$STATIC/BUILD_STAMP"

compute_stamp() {
  # Paths relative to the repo root, sorted in byte order (same as Python's sorted()).
  (
    cd "$ROOT"
    {
      printf '%s\0' assets/package-lock.json
      find assets/scss -type f -print0 | LC_ALL=C sort -z
    } | xargs -0 cat | sha256sum | cut -d' ' -f1
  )
}

check() {
  local expected actual status=0
  if [[ ! -f "$STAMP_FILE" ]]; then
    echo "assets check: $STAMP_FILE is missing; run: bash assets/build.sh" >&2
    return 1
  fi
  expected="$(compute_stamp)"
  actual="$(tr -d '[:space:]' <"$STAMP_FILE")"
  if [[ "$expected" != "$actual" ]]; then
    echo "assets check: app/static/BUILD_STAMP is stale (sources $expected, stamp $actual)." >&2
    echo "Rebuild with: bash assets/build.sh" >&2
    status=1
  fi
  for f in css/app.css js/govuk-frontend.min.js js/init.js; do
    if [[ ! -s "$STATIC/$f" ]]; then
      echo "assets check: app/static/$f is missing or empty" >&2
      status=1
    fi
  done
  if [[ -f "$STATIC/css/app.css" ]] && grep -qE 'GDS Transport|@font-face' "$STATIC/css/app.css"; then
    echo "assets check: app/static/css/app.css contains GDS Transport or @font-face" >&2
    status=1
  fi
  if [[ $status -eq 0 ]]; then
    echo "assets check: OK (stamp $expected)"
  fi
  return $status
}

build() {
  command -v npm >/dev/null || { echo "npm is needed to build the assets" >&2; exit 1; }
  cd "$ASSETS"
  # sass is pure JavaScript: no install scripts are needed, so none are run.
  npm ci --ignore-scripts --no-audit --no-fund

  mkdir -p "$STATIC/css" "$STATIC/js"
  ./node_modules/.bin/sass \
    --no-source-map \
    --style=compressed \
    --quiet-deps \
    --load-path=node_modules \
    scss/app.scss "$STATIC/css/app.css"

  if grep -qE 'GDS Transport|@font-face' "$STATIC/css/app.css"; then
    echo "build: compiled CSS still contains GDS Transport or @font-face" >&2
    exit 1
  fi

  local gf="node_modules/govuk-frontend/dist/govuk"
  cp "$gf/govuk-frontend.min.js" "$gf/govuk-frontend.min.js.map" "$STATIC/js/"
  local version
  version="$(node -p 'require("./node_modules/govuk-frontend/package.json").version')"
  cat >"$STATIC/js/govuk-frontend.NOTICE.txt" <<EOF
govuk-frontend.min.js and its source map are GOV.UK Frontend ${version}
(npm package govuk-frontend), copied unchanged. Released under the MIT License;
Crown copyright, Government Digital Service.
EOF

  # init.js is ours (an ES module); rewritten each build so it stays in step.
  cat >"$STATIC/js/init.js" <<'EOF'
// Initialise every GOV.UK Frontend component on the page.
// Loaded with <script type="module">, so it runs only in browsers that
// support ES modules (the ones govuk-frontend marks as supported).
import { initAll } from './govuk-frontend.min.js'

initAll()
EOF

  compute_stamp >"$STAMP_FILE"
  echo "build: wrote app/static/css/app.css ($(wc -c <"$STATIC/css/app.css") bytes), js/, BUILD_STAMP $(cat "$STAMP_FILE")"
  check
}

case "${1:-}" in
  --check) check ;;
  "") build ;;
  *) echo "usage: bash assets/build.sh [--check]" >&2; exit 2 ;;
esac
