#!/usr/bin/env bash
# Build the local, English-only LanguageTool server that medcheck starts. The build
# itself is `medcheck languagetool install` (checker/grammar/build.py); this wrapper
# keeps the checkout's own entry point:
#
#   bash tools/languagetool/build.sh          # build or confirm up to date
#   bash tools/languagetool/build.sh --force  # resolve the jars again
#
# Result (git-ignored) in $MEDCHECK_LT_DIST (default tools/languagetool/dist). Needs the
# project's .venv (make setup), Java 17+ and Maven; npm for the medical dictionary.
# Maven options (a mirror, -Dmaven.repo.local=...) pass through MAVEN_ARGS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ -x "$root/.venv/bin/python" ]]; then py="$root/.venv/bin/python"; else py="$(command -v python3)"; fi
cd "$root"
exec "$py" -m checker.cli languagetool install "$@"
