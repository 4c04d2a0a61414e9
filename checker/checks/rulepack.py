"""The family that runs every YAML rule pack (see checker.rulepacks).

Pack rules are data: their RuleInfo comes from the loaded packs, and the packs are
compiled into shared matchers once per run (``RunContext.compiled_packs``). They
outrank LanguageTool and proselint on the same words: a pack rule is the project's
own, more specific advice (``plain.utilize`` over proselint's greylist).
"""

from __future__ import annotations

from typing import Iterable

from ..audience import page_audience
from ..context import COMPILED_PACKS, Context, RunContext
from ..definitions import DEFINED_TERMS, SUBJECT_SPANS, TERM_LISTS, in_term_list
from ..model import Document, Finding, RuleInfo
from ..options import Option
from ..rules import PAGE, Check, Family

# Read when the run is built (engine.build_settings loads the packs and the knowledge-base
# files among them) and by the grammar server's word list.
RULE_PACKS = Option("rule_packs", "list[str]", [],
                    "Extra rule packs and knowledge-base files, beside the built-in rules/.",
                    per_path=False)


def _pack_rules(run: RunContext) -> Iterable[RuleInfo]:
    return run.packs.infos() if run.packs is not None else ()


def run_packs(doc: Document, ctx: Context) -> Iterable[Finding]:
    assert ctx.run is not None
    compiled = ctx.run.compiled_packs
    audience = page_audience(doc.metadata, ctx.config)
    active = compiled.active(ctx.selection)
    if not any(active):
        return []
    defined = ctx.analysis(DEFINED_TERMS, doc)
    found = compiled.run(doc, audience, active, defined)
    if not any(f.category == "plain-language" for f in found):
        return found
    # "fatty liver (hepatic steatosis)": the brackets give the medical name of what the
    # words before them say plainly; the page has already put it in plain words.
    found = [f for f in found if not (f.category == "plain-language"
                                      and _glossed_name(doc.source, f.start, f.end, defined))]
    # A list the page gives as medical terms holds a vocabulary's names, and the page's
    # own subject is a name ("Renal nutcracker syndrome"): a swap for plain words there
    # renames a term (checker/definitions.py: term_list_spans, subject_spans).
    names = ctx.analysis(TERM_LISTS, doc) + ctx.analysis(SUBJECT_SPANS, doc)
    if names:
        found = [f for f in found if not (f.category == "plain-language"
                                          and in_term_list(names, f.start))]
    return found


def _glossed_name(source: str, start: int, end: int, defined: frozenset[str]) -> bool:
    """The words sit inside brackets whose whole content is a term the page explains
    by the words before the brackets (checker/definitions.py reads "Y (X)" both ways)."""
    opening = source.rfind("(", max(0, start - 80), start)
    closing = source.find(")", end, end + 80)
    if opening < 0 or closing < 0 or ")" in source[opening:start] or "(" in source[end:closing]:
        return False
    return " ".join(source[opening + 1:closing].lower().split()) in defined


FAMILY = Family(
    name="rulepack",
    checks=(Check(rules=(), run=run_packs, scope=PAGE, name="run_packs",
                  file="checker/rulepacks/matchers.py"),),
    rules_for=_pack_rules,
    outranks=("proselint.*", "lt.*"),
    indexes=(COMPILED_PACKS,),
    options=(RULE_PACKS,),
)
RULES: list[RuleInfo] = []
check = FAMILY.check
