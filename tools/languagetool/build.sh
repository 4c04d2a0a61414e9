#!/usr/bin/env bash
# Build the local, English-only LanguageTool server that medcheck starts.
#
#   bash tools/languagetool/build.sh          # build or confirm up to date
#   bash tools/languagetool/build.sh --force  # rebuild everything
#
# Result (git-ignored), in $MEDCHECK_LT_DIST (default tools/languagetool/dist):
#   lib/*.jar      languagetool-server + language-en and their dependencies, from Maven Central
#   words/org/languagetool/resource/en/hunspell/spelling_custom.txt
#                  the medical word list; medcheck puts words/ first on the classpath
#   medical/       the medical dictionary from the npm registry (optional, see step 2)
#   install.json   version, stamps; what medcheck reads to start the server
#
# Idempotent and fast: Maven runs only when pom.xml changed (stamp lib.stamp), the word
# list is regenerated (about a second) and rewritten only when its content changed.
# Needs: Java 17+, Maven, Python with PyYAML (the project's .venv when present);
# npm for the optional medical dictionary.
# Maven options (a mirror, -Dmaven.repo.local=...) pass through MAVEN_ARGS.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dist="${MEDCHECK_LT_DIST:-$here/dist}"
force=0
[[ "${1:-}" == "--force" ]] && force=1

say() { echo "languagetool: $*" >&2; }
die() { say "error: $*"; exit 1; }

command -v java >/dev/null 2>&1 || die "java not found (install Java 17, e.g. apt-get install openjdk-17-jre-headless)"
command -v mvn >/dev/null 2>&1 || die "mvn not found (install Maven, e.g. apt-get install maven)"
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${java_major%%.*}" -ge 17 ]] 2>/dev/null || die "LanguageTool 6 needs Java 17 or newer (found ${java_major:-unknown})"

if [[ -x "$root/.venv/bin/python" ]]; then py="$root/.venv/bin/python"; else py="$(command -v python3)"; fi

sha() { sha256sum "$@" | cut -c1-16; }
mkdir -p "$dist"
start=$SECONDS

# 1. The jars: only when pom.xml changed. Copied into lib.new and swapped in whole, so a
# version bump never leaves two LanguageTool versions on the classpath.
pom_stamp="$(sha "$here/pom.xml")"
if [[ $force == 1 || ! -d "$dist/lib" || "$(cat "$dist/lib.stamp" 2>/dev/null)" != "$pom_stamp" ]]; then
  say "resolving LanguageTool from Maven Central (first time: about 100 MB)"
  rm -rf "$dist/lib.new"
  # shellcheck disable=SC2086
  # (Maven 3.8 prints bare colour resets even in batch mode: strip them.)
  mvn -B -q -Dstyle.color=never -f "$here/pom.xml" ${MAVEN_ARGS:-} -Dlt.lib.dir="$dist/lib.new" package 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g' >&2 || die "maven failed (see above)"
  ls "$dist/lib.new"/languagetool-server-*.jar >/dev/null 2>&1 || die "maven produced no languagetool-server jar"
  rm -rf "$dist/lib" && mv "$dist/lib.new" "$dist/lib"
  echo "$pom_stamp" > "$dist/lib.stamp"
fi
version="$(basename "$(ls "$dist/lib"/languagetool-core-*.jar | head -1)" .jar)"
version="${version#languagetool-core-}"

# 2. A medical dictionary: LanguageTool's English speller flags most clinical terms
# ("mellitus", "pheochromocytoma"). The cspell project's medical terms list (about 98,000
# terms, from OpenMedSpel; GPL-3, kept in the git-ignored dist folder, never committed)
# comes from the npm registry with npm's own client. Optional: without npm the build
# goes on and only the knowledge-base words are added (a warning says so).
medical_pkg="@cspell/dict-medicalterms@4.1.8"
medical="$dist/medical/medicalterms-en.txt.gz"
if [[ ! -s "$medical" || "$(cat "$dist/medical/package" 2>/dev/null)" != "$medical_pkg" ]]; then
  if command -v npm >/dev/null 2>&1; then
    say "fetching the medical dictionary $medical_pkg from the npm registry"
    rm -rf "$dist/medical" && mkdir -p "$dist/medical/pack"
    if (cd "$dist/medical/pack" && npm pack --silent "$medical_pkg" >/dev/null 2>&1) \
       && tar -xzf "$dist/medical/pack"/*.tgz -C "$dist/medical/pack" \
       && cp "$dist/medical/pack/package/dict/medicalterms-en.txt.gz" "$medical"; then
      cp "$dist/medical/pack/package/LICENSE" "$dist/medical/LICENSE" 2>/dev/null || true
      echo "$medical_pkg" > "$dist/medical/package"
    else
      say "warning: could not fetch $medical_pkg; medical terms will be flagged as misspellings"
      rm -f "$medical"
    fi
    rm -rf "$dist/medical/pack"
  else
    say "warning: npm not found; medical terms will be flagged as misspellings (install Node.js/npm and rerun)"
  fi
fi

# 3. The medical word list, regenerated every time (cheap) but rewritten only on change.
words_dir="$dist/words/org/languagetool/resource/en/hunspell"
mkdir -p "$words_dir"
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
extra=()
[[ -s "$medical" ]] && extra=(--extra "$medical")
(cd "$root" && "$py" -m checker.grammar.wordlist --root "$root" "${extra[@]}" --out "$tmp" >/dev/null) \
  || die "could not generate the word list (is the project's .venv set up?)"
if ! cmp -s "$tmp" "$words_dir/spelling_custom.txt"; then
  cp "$tmp" "$words_dir/spelling_custom.txt"
  say "word list updated: $(grep -vc '^#' "$words_dir/spelling_custom.txt") words"
fi
words_stamp="$(sha "$words_dir/spelling_custom.txt")"

# 4. The stamp medcheck reads (and keys its result cache on).
stamp="$pom_stamp-$words_stamp"
if [[ "$(cat "$dist/build.stamp" 2>/dev/null)" != "$stamp" ]]; then
  cat > "$dist/install.json" <<JSON
{"version": "$version", "lib": "lib", "words": "words", "stamp": "$stamp", "words_stamp": "$words_stamp"}
JSON
  echo "$stamp" > "$dist/build.stamp"
  say "LanguageTool $version ready in $dist ($(du -sh "$dist" | cut -f1), $((SECONDS - start)) s)"
else
  say "LanguageTool $version up to date ($((SECONDS - start)) s)"
fi
