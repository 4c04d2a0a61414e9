#!/usr/bin/env bash
# Regenerates docs/html-report.png: the HTML report for the flawed demo pages in
# docs/demo, rendered by headless Chromium (Debian package `chromium`).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
MEDCHECK_TODAY=2026-11-24 .venv/bin/medcheck check docs/demo --no-grammar --no-cache \
  --format html --output "$out/report.html" || true   # the demo pages fail on purpose
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$out/profile" \
  --window-size=1280,1800 --hide-scrollbars --screenshot=docs/html-report.png \
  "file://$out/report.html" 2>/dev/null
echo "wrote docs/html-report.png"
