"""Sentence-level plain-language signals: passive voice and instructions that talk
about the reader instead of to them.

Both are pattern heuristics, tuned for precision: a missed passive costs little, a
wrong one teaches editors to ignore the check. Each returns spans (start, end) in the
sentence text so findings point at the words.
"""

from __future__ import annotations

import re

# Forms of "to be" that build a passive; "'s" is left out ("it's made" is rare, while
# "the drug's used" is not English and "'s" is usually a possessive).
_BE = r"(?:am|is|are|was|were|be|been|being)"
_ADVERBS = (r"(?:(?:not|also|often|usually|sometimes|only|always|never|still|then|rarely|"
            r"generally|commonly|typically|frequently|currently|first|now|most|more|less|"
            r"well|best|widely|mainly|mostly|[a-z]+ly)\s+){0,2}")

# Irregular past participles common in health writing.
_IRREGULAR = (
    "given taken made done seen known shown found thought born written eaten held kept "
    "left lost paid put read said sent sold spent told understood worn broken chosen "
    "driven forgotten frozen hidden spoken stolen bitten beaten bound brought bought built "
    "caught cut drawn fed felt fought gotten grown heard hit hurt laid led lent lit meant "
    "met overcome proven shaken shed shot shut sought split spread struck taught thrown "
    "undergone withdrawn won wound swollen"
).split()

# "-ed" words after "to be" that describe a state rather than an action done to the
# subject ("is located", "are interested"), plus words that merely end in -ed.
_NOT_PASSIVE = frozenset(
    "red bed need seed feed speed bleed breed shed hundred sacred naked wicked rugged "
    "ragged aged beloved tired interested married located based supposed concerned "
    "pleased excited worried scared surprised satisfied relaxed bored confused advanced "
    "detailed limited related unrelated associated involved experienced qualified skilled "
    "crowded balanced complicated sophisticated unexpected unlimited unaffected "
    "unexplained unknown alleged dedicated determined devoted prepared exhausted "
    "ashamed afraid embarrassed frightened depressed stressed isolated informed "
    "uninsured insured disabled inflamed infected swollen colored coloured shaped sized "
    # Naming and birth: "is called", "is known as", "was born" have no natural active form.
    "called named termed born known"
    .split())

_PARTICIPLE = r"(?P<participle>[a-z]{2,}ed|" + "|".join(_IRREGULAR) + r")"
_ACCUSTOMED = re.compile(r"\s+to\s+(?:the|a|an|it|this|that|them|being|having|[a-z]+ing)\b", re.I)
_PASSIVE = re.compile(r"\b(?P<be>" + _BE + r")\s+" + _ADVERBS + _PARTICIPLE + r"\b", re.I)


def passive_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans from the form of "to be" to the participle of each passive construction."""
    spans = []
    for match in _PASSIVE.finditer(sentence):
        participle = match.group("participle").lower()
        if participle in _NOT_PASSIVE:
            continue
        # "is used to" + a noun ("is used to the taste") means "accustomed"; with a verb
        # ("is used to treat") it is a passive and stays.
        if participle == "used" and _ACCUSTOMED.match(sentence, match.end()):
            continue
        spans.append((match.start(), match.end()))
    return spans


# A subject that names the reader in the third person, then an instruction verb.
_READER_SUBJECT = (r"(?:(?:the|all|most|many|some|these|those|such)\s+)?"
                   r"(?P<subject>patients?|people|persons|individuals|users|consumers|one)\b")
_INSTRUCTION = (r"(?P<modal>should|must|need\s+to|needs\s+to|have\s+to|has\s+to|ought\s+to|"
                r"(?:are|is)\s+(?:advised|instructed|encouraged|told|asked|urged|"
                r"recommended)\s+to)\b")
# A modal before the instruction verb makes it a description ("people with X may have to
# use a wheelchair"), not an instruction.
_NOT_BETWEEN = r"(?:should|must|may|might|can|could|will|would|often|sometimes|usually)\b"
# Optional opening clause ("If you miss a dose, ..." / "Before surgery, ...") and up to
# eight words describing the subject ("people who take warfarin").
_READER_INSTRUCTION = re.compile(
    r"^(?P<lead>(?:[^,.;:]{1,80},\s+)?)" + _READER_SUBJECT +
    r"(?P<between>(?:\s+(?!" + _NOT_BETWEEN + r")[\w'’()-]+){0,8}?)\s+" + _INSTRUCTION, re.I)
# "All patients should be screened", "people with X must be monitored": care that others
# give the reader, not an instruction the reader carries out ("should be careful" is
# an instruction and stays: "careful" is not a participle).
_DONE_TO_THEM = re.compile(r"\s+be\s+" + _ADVERBS + _PARTICIPLE + r"\b", re.I)
_IMPERSONAL = re.compile(
    r"\bit\s+is\s+(?:important|recommended|advised|best|necessary|essential)\s+"
    r"(?:for|that)\s+(?:the\s+)?(?P<subject>patients?|people|individuals)\b", re.I)


def reader_instruction_span(sentence: str) -> tuple[int, int] | None:
    """Where an instruction names "patients"/"people" instead of saying "you"."""
    match = _READER_INSTRUCTION.match(sentence)
    if match:
        if match.group("subject").lower() == "one" and match.group("between").strip():
            return None  # "one of the side effects must ..." is not an instruction
        done = _DONE_TO_THEM.match(sentence, match.end("modal"))
        if done and done.group("participle").lower() not in _NOT_PASSIVE:
            return None
        return match.start("subject"), match.end("modal")
    match = _IMPERSONAL.search(sentence)
    if match:
        return match.start(), match.end()
    return None


# Simple past of the irregular participles an active rewrite needs most.
_PAST = {"given": "gave", "taken": "took", "made": "made", "done": "did", "seen": "saw",
         "shown": "showed", "found": "found", "written": "wrote", "held": "held", "kept": "kept",
         "sent": "sent", "told": "told", "brought": "brought", "bought": "bought", "built": "built",
         "caught": "caught", "cut": "cut", "drawn": "drew", "fed": "fed", "read": "read", "put": "put",
         "taught": "taught", "chosen": "chose", "driven": "drove", "spread": "spread", "paid": "paid",
         "sold": "sold", "led": "led", "heard": "heard", "met": "met", "said": "said"}
# Where the doer of a "by ..." phrase ends: the next phrase or clause.
_AGENT = re.compile(r"\s+by\s+(?P<agent>(?:(?!(?:in|at|on|with|for|to|during|after|before|within|"
                    r"when|if|and|or|but|because|while|from|into|until|so|as)\b)[\w'’-]+\s*){1,5})", re.I)
_DETERMINERS = frozenset("the a an this that these those your my our their his her its some all each".split())


def _lower_first(words: str) -> str:
    head = words.split(" ", 1)[0]
    return words[0].lower() + words[1:] if head.lower() in _DETERMINERS else words


def passive_advice(sentence: str, start: int, end: int) -> str:
    """Advice for the passive at sentence[start:end], from the sentence's own words: with a
    "by ..." phrase, the sentence turned round to start with its doer ("The results were
    reviewed by your nurse." -> "Your nurse reviewed the results."); without one, a hint to
    name the doer where it matters."""
    words = sentence[start:end].split()
    be, participle = words[0].lower(), words[-1]
    agent = _AGENT.match(sentence, end)
    if agent is None:
        return (f"If it matters who does it, name them and make them the subject of "
                f"'{participle}'; if it does not, '{sentence[start:end]}' can stay.")
    doer = agent.group("agent").strip()
    subject = sentence[:start].strip()
    past = _PAST.get(participle.lower(), participle if participle.lower().endswith("ed") else None)
    rest = sentence[agent.end("agent"):].rstrip()
    if be in ("was", "were") and len(words) == 2 and past and subject and "," not in subject \
            and len(subject.split()) <= 6 and not any(c in rest for c in ",;:("):
        rest = (" " + rest) if rest and rest[0].isalnum() else rest
        active = f"{doer[0].upper()}{doer[1:]} {past} {_lower_first(subject)}{rest}"
        return f"Start with who does it: '{active}'"
    return f"Start with who does it: '{doer}' as the subject of '{participle}'."
