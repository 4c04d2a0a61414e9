"""Baselines: accept today's findings so old pages do not block new work.

``medcheck baseline PATHS --output FILE`` records the current findings;
``medcheck check --baseline FILE`` then reports only findings that are not in it.

An entry is keyed on (rule, path, normalised sentence), never on line numbers:
adding a paragraph above an old problem does not bring it back, while editing
the sentence that holds it does (the editor touched it, so they see it). Each key
carries a count, so a second identical problem added to the same sentence is new.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import replace
from typing import Any

from . import __version__
from .model import Finding

FORMAT_VERSION = 1
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})


class BaselineError(Exception):
    """The baseline file cannot be used (missing, not JSON, wrong shape): exit 2."""


Key = tuple[str, str, str]


def normalise_sentence(text: str) -> str:
    """The sentence as a key: Unicode-normalised, case-folded, typographic quotes and
    dashes made plain, whitespace collapsed (so re-wrapping a paragraph changes nothing)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split())


def key_for(finding: Finding) -> Key:
    return (finding.rule, finding.path, normalise_sentence(finding.sentence or finding.text))


def entries_for(findings: list[Finding]) -> Counter[Key]:
    return Counter(key_for(f) for f in findings if f.suppressed is None)


def dumps(result: Any) -> str:
    """The baseline file for a run's (unsuppressed) findings: sorted, stable, diffable."""
    counted = entries_for(result.findings)
    entries = [{"rule": rule, "path": path, "sentence": sentence, "count": n}
               for (rule, path, sentence), n in sorted(counted.items())]
    doc = {"medcheck_baseline": FORMAT_VERSION, "tool_version": __version__,
           "findings": sum(counted.values()), "entries": entries}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def load(path: str) -> Counter[Key]:
    try:
        with open(path, encoding="utf-8") as handle:
            doc = json.load(handle)
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create one with "
                            "`medcheck baseline PATHS --output FILE`)") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a medcheck baseline (invalid JSON: {exc})") from None
    if not isinstance(doc, dict) or doc.get("medcheck_baseline") != FORMAT_VERSION:
        raise BaselineError(f"{path}: not a medcheck baseline (expected "
                            f"\"medcheck_baseline\": {FORMAT_VERSION})")
    entries = doc.get("entries")
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: 'entries' must be a list")
    out: Counter[Key] = Counter()
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str)
                                                  for k in ("rule", "path", "sentence")):
            raise BaselineError(f"{path}: entries[{i}] needs string 'rule', 'path' and 'sentence'")
        count = entry.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise BaselineError(f"{path}: entries[{i}].count must be a positive integer")
        # Normalise again: a hand-edited baseline still matches.
        out[(entry["rule"], entry["path"], normalise_sentence(entry["sentence"]))] += count
    return out


def apply(result: Any, baseline: Counter[Key]) -> Any:
    """The run without findings the baseline accepts; ``baselined`` counts them."""
    remaining = Counter(baseline)
    files = []
    baselined = 0
    for fr in result.files:
        dropped: set[int] = set()
        # Earlier findings match first, so the one added later in a sentence is the new one.
        for i, f in sorted(enumerate(fr.findings), key=lambda item: (item[1].line, item[1].column)):
            if f.suppressed is None and remaining[key_for(f)] > 0:
                remaining[key_for(f)] -= 1
                dropped.add(i)
        baselined += len(dropped)
        kept = [f for i, f in enumerate(fr.findings) if i not in dropped]
        files.append(replace(fr, findings=kept) if len(kept) != len(fr.findings) else fr)
    return replace(result, files=files, baselined=result.baselined + baselined)

