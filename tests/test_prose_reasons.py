"""Every proselint finding says why: a message that only names the kind of problem and
the words ("Wording: 'Suddenly'.") leaves the editor to guess what is wrong with them."""

from __future__ import annotations

import re

import pytest

from checker.checks import prose

from .helpers import check_snippet

# The shape of a message that names the problem's kind and the words, and nothing else.
_BARE = re.compile(r"^[A-Z][\w ,-]*: '[^']*'\.$")

_WITH_EXAMPLES = [s for s in prose._SPECS if s.match]
_ALL = tuple(prose.PREFIX + s.key for s in _WITH_EXAMPLES)


@pytest.mark.parametrize("spec", _WITH_EXAMPLES, ids=lambda s: s.key)
def test_each_check_s_findings_carry_a_reason(spec):
    rule = prose.PREFIX + spec.key
    findings = [f for example in spec.match
                for f in check_snippet(example + "\n", enable=_ALL)
                if f.rule == rule or rule in f.also]
    assert findings, f"{rule}: its own examples found nothing"
    for f in findings:
        assert not _BARE.match(f.message), f"{rule}: no reason in {f.message!r}"
        # the reason is words of its own beside the flagged ones, never a stray quote
        said = re.sub(r"'[^']*'", "", f.message)
        assert len(re.findall(r"[A-Za-z]{2,}", said)) >= 2, f"{rule}: {f.message!r}"
        assert not re.search(r"(?:^|\s)'\.?$", f.message), f"{rule}: {f.message!r}"


def test_a_reason_with_blanks_it_cannot_fill_is_cut_before_them_not_left_with_braces():
    for spec in _WITH_EXAMPLES:
        for example in spec.match:
            for f in check_snippet(example + "\n", enable=_ALL):
                if f.rule.startswith(prose.PREFIX):
                    assert "{}" not in f.message and "{" not in f.message, f.message
