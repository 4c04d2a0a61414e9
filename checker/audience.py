"""Which of the configured audiences a page is written for.

Pages name their audience in their own words ("adults with migraine", "parents and
caregivers", "pharmacists"): a value that plainly means readers from the public, or
plainly means health professionals, is that configured audience, so the page is graded
against the right targets and its review metadata is complete. A value that means
neither, or both ("everyone", "patients and clinicians"), is left as written.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from .config import AUDIENCE, AUDIENCES

_PUBLIC = {"patient", "adult", "parent", "caregiver", "carer", "family", "families", "public",
           "consumer", "reader", "child", "children", "kid", "teen", "teenager", "adolescent",
           "women", "woman", "men", "man", "senior", "elderly", "older", "people", "person",
           "traveler", "traveller", "student", "athlete", "survivor", "lay", "layperson"}
_PROFESSIONAL = {"professional", "clinician", "clinical", "provider", "physician", "doctor", "nurse",
                 "nursing", "pharmacist", "pharmacy", "prescriber", "hcp", "practitioner", "dentist",
                 "surgeon", "staff", "medical", "healthcare", "resident", "specialist", "technician"}
_KIND_OF = {**{w: "patient" for w in _PUBLIC}, **{w: "professional" for w in _PROFESSIONAL}}


def _kind(word: str) -> str | None:
    word = word.lower()
    found = _KIND_OF.get(word)
    if found is None and len(word) > 3 and word.endswith("s"):
        found = _KIND_OF.get(word[:-1])
    return found


def page_audience(metadata: Mapping[str, Any] | Any, config: Any) -> str:
    """The page's audience: its metadata's value, read as a configured audience where it
    plainly is one, or the configured default when the page names none."""
    written = metadata.get("audience") if isinstance(metadata, Mapping) else None
    if not isinstance(written, str) or not written.strip():
        return str(AUDIENCE.value(config) or AUDIENCE.default)
    written = written.strip()
    audiences = [str(a) for a in AUDIENCES.value(config)]
    if written in audiences:
        return written
    # "health professionals": 'health' alone says nothing, 'professionals' decides.
    kinds = {k for k in map(_kind, re.findall(r"[A-Za-z]+", written)) if k}
    if len(kinds) == 1 and (kind := kinds.pop()) in audiences:
        return kind
    return written
