"""The fact base: typed medical facts with their sources, loaded from rules/facts/*.yml.

The YAML is data a medical editor extends (medicines, classes, brands, schedules,
dose limits, age limits, interactions, instructions, withdrawn products, risks);
this module validates it and builds read-only look-ups:

- one index from every name, as normalized tokens, to what it names: a product (one
  generic or a combination) or a class. Class names get their plurals ("NSAID" ->
  "NSAIDs") and their forms with a generic noun ("opioid" -> "opioid pain
  relievers") here, once, so matching a sentence is one dictionary look-up per position;
- one lexicon from the vocabulary's phrases (risks, effects, substances, instructions,
  populations, agencies, retired label systems) to their ids, for the claim reader;
- derived facts per medicine (all its classes, risks, effects it lacks), computed once.

Validation is strict because a wrong fact becomes a false error on a correct page:
every id referenced exists, every fact has a source, names and brands are unique, no
medicine is in two classes that exclude each other, and no file defines what another
file already defines. A broken entry raises KnowledgeError naming the file and entry
(the engine turns it into exit 2).

The engine builds one KnowledgeBase per run and passes it to checks as ``ctx.kb``;
the indexes derived from it live on it (``phrase_lengths``) or on the run's
RunContext (checker/context.py), never in module-level caches.
docs/KNOWLEDGE.md describes the format for authors.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from .medtext import phrase_key, tokenize
from .resources import rules_dir
from .yamlio import load_data


class KnowledgeError(ValueError):
    """A fact-base file that cannot be used: names the file and the entry."""


# --- the facts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrugClass:
    id: str
    describe: str                 # "an NSAID (an anti-inflammatory pain reliever)"
    names: tuple[str, ...]        # as written in the YAML; names[0] is the short name
    parents: tuple[str, ...] = ()
    source: str = ""
    plain: str = ""               # plain words for patients
    epc: str = ""                 # FDA Established Pharmacologic Class term
    confused_with: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    open: bool = False            # membership not exhaustive: judged only against `excludes`
    risks: tuple[str, ...] = ()
    not_effects: tuple[str, ...] = ()
    taper: bool | None = None     # True: stopping suddenly is dangerous for the class
    # An age limit for every product the class names ("cough and cold medicines": not for
    # young children), for copy that names the class and no product.
    min_age: tuple["AgeLimit", ...] = ()

    @property
    def short(self) -> str:
        return self.names[0] if self.names else self.id


# The risk a medicine carries whenever it carries any risk marked `serious` (core.yml).
SERIOUS_SIDE_EFFECTS = "serious-side-effects"


@dataclass(frozen=True)
class Amount:
    amount: float
    unit: str
    source: str
    note: str = ""
    # Lower limits of other forms ("nasal spray 40 mg"): (words that name the form, amount, unit).
    forms: tuple[tuple[tuple[str, ...], float, str], ...] = ()
    # Unit strengths in mg of the products sold under this limit (ibuprofen's 200 mg
    # tablets): a dose counted in units of one of these is self-care advice.
    strengths: tuple[float, ...] = ()

    def text(self) -> str:
        value = int(self.amount) if float(self.amount).is_integer() else self.amount
        return f"{value:,} {self.unit}" if isinstance(value, int) else f"{value} {self.unit}"


@dataclass(frozen=True)
class Schedule:
    value: str                    # I..V or "none" (not federally controlled)
    source: str
    since: str = ""
    states: str = ""

    @property
    def controlled(self) -> bool:
        return self.value != "none"


@dataclass(frozen=True)
class AgeLimit:
    years: float
    scope: str                    # "otc" (self-care) or "all" (not for use at any dose)
    source: str
    note: str = ""


@dataclass(frozen=True)
class Interaction:
    with_id: str                  # a substance, drug or class id
    effect: str
    source: str
    # Members of that class the label itself pairs with the medicine (clopidogrel is given
    # with aspirin, an NSAID): a page saying they go together is right.
    exempt: tuple[str, ...] = ()


@dataclass(frozen=True)
class Instruction:
    id: str                       # an id of the `instructions` vocabulary
    source: str
    minutes: int | None = None
    note: str = ""
    every_form: bool = False      # holds for every form, not only the extended-release ones


@dataclass(frozen=True)
class Use:
    use: str
    words: tuple[str, ...]
    source: str
    brands: tuple[str, ...] = ()  # only these brands of the medicine (Wegovy, not Ozempic)


@dataclass(frozen=True)
class Withdrawal:
    year: int
    reason: str
    source: str
    month: int | None = None


@dataclass(frozen=True)
class SaleLimits:
    """An over-the-counter medicine whose sale the law restricts: kept behind the counter,
    sold with ID, in limited amounts (pseudoephedrine, 21 U.S.C. 830(e))."""
    note: str
    source: str


@dataclass(frozen=True)
class Drug:
    name: str                     # the generic name
    classes: tuple[str, ...]      # direct classes; the first is the main one
    brands: tuple[str, ...] = ()
    other_names: tuple[str, ...] = ()
    # Where the medicine comes from: natural (extracted from a plant: the opiates from the
    # opium poppy), semi-synthetic (made in a lab from a natural substance), synthetic
    # (made entirely in a lab), animal (from animal glands, tissue or urine: desiccated
    # thyroid, conjugated estrogens) or recombinant (made by engineered living cells:
    # insulin analogs, monoclonal antibodies).
    origin: str | None = None
    medical: bool = True          # False for drugs that are not treatments (heroin)
    status: str = ""              # rx | otc | rx-otc
    source: str = ""
    schedule: Schedule | None = None
    otc_max_daily: Amount | None = None
    otc_max_dose: Amount | None = None   # the most to take at one time without a prescription
    max_daily: Amount | None = None
    min_age: tuple[AgeLimit, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    administration: tuple[Instruction, ...] = ()
    not_approved_for: tuple[Use, ...] = ()
    approved_for: tuple[Use, ...] = ()
    withdrawn: Withdrawal | None = None
    # Brands withdrawn while the generic stays on the market (Accutane; isotretinoin is
    # still sold under other names): brand -> its withdrawal.
    withdrawn_brands: tuple[tuple[str, Withdrawal], ...] = ()
    sale_limits: SaleLimits | None = None
    risks: tuple[str, ...] = ()
    not_risks: tuple[str, ...] = ()
    not_effects: tuple[str, ...] = ()
    taper: bool | None = None


@dataclass(frozen=True)
class Product:
    """What a name in the text refers to: one generic, or a combination brand."""

    name: str                     # as the knowledge base writes it ("Percocet", "ibuprofen")
    generics: tuple[str, ...]
    is_brand: bool = False

    def label(self) -> str:
        if self.is_brand or (len(self.generics) == 1 and self.generics[0] != self.name.lower()):
            return f"{self.name} ({' and '.join(self.generics)})"
        return self.name


@dataclass(frozen=True)
class IndexEntry:
    product: Product | None = None
    class_id: str | None = None
    negated: bool = False
    plural: bool = False
    exact: tuple[str, ...] | None = None   # case-sensitive names: the tokens as written


@dataclass(frozen=True)
class Term:
    """A vocabulary entry: a risk, an effect, a substance, an instruction ..."""

    kind: str                     # risk | effect | substance | instruction | population | agency | ...
    id: str
    label: str
    words: tuple[str, ...]
    source: str = ""
    extra: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.extra).get(key, default)


@dataclass(frozen=True)
class LexEntry:
    kind: str
    id: str
    wrong: bool = False           # an agency's wrong name


@dataclass(frozen=True)
class Risk:
    """One risk a fair-balance group needs: its label and the words that mention it."""

    label: str
    words: tuple[str, ...]
    not_for: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RiskGroup:
    id: str
    label: str
    classes: tuple[str, ...]
    risks: tuple[Risk, ...]
    source: str
    also_names: tuple[str, ...] = ()       # extra words that name the group ("steroid")
    sentence_needs: tuple[str, ...] = ()   # a mention counts only beside one of these


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    classes: dict[str, DrugClass]
    drugs: dict[str, Drug]
    index: dict[tuple[str, ...], IndexEntry]
    risk_groups: tuple[RiskGroup, ...]
    look_alikes: tuple[tuple[str, str], ...]
    look_alike_source: str
    combination_pairs: frozenset[frozenset[str]]
    max_phrase_tokens: int
    digest: str
    _closure: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    terms: dict[str, dict[str, Term]] = field(default_factory=dict)   # kind -> id -> Term
    lexicon: dict[tuple[str, ...], tuple[LexEntry, ...]] = field(default_factory=dict, repr=False)
    combinations: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)  # brand -> (generics, source)
    # Products withdrawn while their medicines stay on the market: a single medicine's brand
    # (Accutane) or a combination brand (Advicor), by the name as the base writes it.
    product_withdrawals: dict[str, Withdrawal] = field(default_factory=dict)
    # A combination product's own self-care limit, counted in its units ("not more than 2
    # caplets in 24 hours"): brand -> the limit. Its medicines' limits in mg still hold.
    combination_limits: dict[str, Amount] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)            # "classes" | "drugs" id -> file
    _drug_classes: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _members: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    # For each normalized first token of an indexed phrase, the phrase lengths (in
    # tokens) that start with it, longest first: most tokens start no phrase, so
    # finding mentions skips them with one look-up. ``first_words`` is the same keys
    # as a set (set.isdisjoint(set) walks the smaller one, a sentence's words).
    phrase_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    first_words: frozenset[str] = field(default=frozenset(), repr=False)
    # One token of each indexed phrase, its rarest in English (wordfreq: "thinner", not
    # "blood", in "blood thinner"): a sentence can hold a phrase only if it holds that
    # token, so a sentence with none of these names nothing and is never tokenized.
    anchor_words: frozenset[str] = field(default=frozenset(), repr=False)

    def __post_init__(self) -> None:
        if self.index and not self.phrase_lengths:
            lengths: dict[str, set[int]] = {}
            for key in self.index:
                lengths.setdefault(key[0], set()).add(len(key))
            object.__setattr__(self, "phrase_lengths", {
                first: tuple(sorted(sizes, reverse=True)) for first, sizes in lengths.items()})
            object.__setattr__(self, "first_words", frozenset(self.phrase_lengths))
        if self.index and not self.anchor_words:
            from wordfreq import zipf_frequency
            rarity: dict[str, tuple[float, int]] = {}

            def rare(token: str) -> tuple[float, int]:
                found = rarity.get(token)
                if found is None:
                    found = rarity[token] = (zipf_frequency(token, "en"), -len(token))
                return found
            object.__setattr__(self, "anchor_words", frozenset(
                min([t for t in key if t[:1].isalnum()] or key, key=rare) for key in self.index))

    # -- classes -------------------------------------------------------------------
    def ancestors(self, class_id: str) -> frozenset[str]:
        """The class and every class above it."""
        return self._closure[class_id]

    def classes_of(self, generic: str) -> frozenset[str]:
        return self._drug_classes.get(generic, frozenset())

    def product_classes(self, product: Product) -> frozenset[str]:
        out: set[str] = set()
        for generic in product.generics:
            out |= self.classes_of(generic)
        return frozenset(out)

    def is_member(self, product: Product, class_id: str) -> bool:
        """A product belongs to a class when any of its medicines does."""
        return any(class_id in self.classes_of(g) for g in product.generics)

    def is_known(self, product: Product) -> bool:
        return any(g in self.drugs for g in product.generics)

    def is_treatment(self, product: Product) -> bool:
        """False for drugs that are not medicines anyone prescribes (heroin, carfentanil)."""
        return any(self.drugs[g].medical for g in product.generics if g in self.drugs)

    def members(self, class_id: str) -> frozenset[str]:
        return self._members.get(class_id, frozenset())

    def related(self, a: str, b: str) -> bool:
        """Classes that can describe the same medicine (one contains the other,
        or some drug belongs to both): "benzodiazepines" and "muscle relaxants"."""
        if a in self.ancestors(b) or b in self.ancestors(a):
            return True
        return bool(self.members(a) & self.members(b))

    def main_class(self, product: Product) -> DrugClass | None:
        for generic in product.generics:
            drug = self.drugs.get(generic)
            if drug and drug.classes:
                return self.classes[drug.classes[0]]
        return None

    def excluded(self, product: Product, class_id: str) -> bool:
        """True when the product certainly is not in the class: the class is closed and
        none of its medicines is a member, or one of its classes excludes the class."""
        if self.is_member(product, class_id):
            return False
        if not any(g in self.drugs for g in product.generics):
            return False
        mine = self.product_classes(product)
        target = self.ancestors(class_id)
        for cid in mine:
            cls = self.classes[cid]
            if any(x in target for x in cls.excludes):
                return True
        for cid in target:
            if any(x in mine for x in self.classes[cid].excludes):
                return True
        return not self.classes[class_id].open

    # -- derived facts ---------------------------------------------------------------
    def risks_of(self, product: Product) -> frozenset[str]:
        """Risk ids that a product carries: its classes' risks and its own."""
        out: set[str] = set()
        for generic in product.generics:
            drug = self.drugs.get(generic)
            if drug is None:
                continue
            mine: set[str] = set(drug.risks)
            for cid in self.classes_of(generic):
                mine |= set(self.classes[cid].risks)
            out |= mine - set(drug.not_risks)
        return self._with_serious(out)

    def _with_serious(self, risks: set[str]) -> frozenset[str]:
        """A medicine or class that carries a risk marked serious (a boxed warning, a
        Warnings and Precautions risk) carries "serious side effects" too, so that "it has
        no serious side effects" is a denial."""
        if SERIOUS_SIDE_EFFECTS in self.terms.get("risk", {}) and any(
                (term := self.terms["risk"].get(r)) is not None and term.get("serious") for r in risks):
            return frozenset(risks | {SERIOUS_SIDE_EFFECTS})
        return frozenset(risks)

    def class_risks(self, class_id: str) -> frozenset[str]:
        out: set[str] = set()
        for cid in self.ancestors(class_id):
            out |= set(self.classes[cid].risks)
        return self._with_serious(out)

    def lacks_effect(self, product: Product) -> frozenset[str]:
        """Effect ids that none of the product's medicines has."""
        sets = []
        for generic in product.generics:
            drug = self.drugs.get(generic)
            if drug is None:
                return frozenset()
            mine = set(drug.not_effects)
            for cid in self.classes_of(generic):
                mine |= set(self.classes[cid].not_effects)
            sets.append(mine)
        return frozenset(set.intersection(*sets)) if sets else frozenset()

    def class_lacks_effect(self, class_id: str) -> frozenset[str]:
        out: set[str] = set()
        for cid in self.ancestors(class_id):
            out |= set(self.classes[cid].not_effects)
        return frozenset(out)

    def tapers(self, generic: str) -> bool:
        drug = self.drugs.get(generic)
        if drug is None:
            return False
        if drug.taper is not None:
            return drug.taper
        return any(self.classes[c].taper for c in self.classes_of(generic))

    def term(self, kind: str, term_id: str) -> Term | None:
        return self.terms.get(kind, {}).get(term_id)

    def label_of(self, kind: str, term_id: str) -> str:
        found = self.term(kind, term_id)
        return found.label if found else term_id

    # -- names ---------------------------------------------------------------------
    def lookup(self, name: str) -> Product | None:
        """'Tylenol' -> acetaminophen; 'Percocet' -> oxycodone + acetaminophen."""
        entry = self._entry(name)
        return entry.product if entry else None

    def generic_of(self, name: str) -> tuple[str, ...]:
        product = self.lookup(name)
        return product.generics if product else ()

    def class_named(self, name: str) -> str | None:
        """'NSAIDs', 'nonsteroidal anti-inflammatory drugs', 'opioid pain relievers' -> class id."""
        entry = self._entry(name)
        return entry.class_id if entry and not entry.negated else None

    def _entry(self, name: str) -> IndexEntry | None:
        entry = self.index.get(phrase_key(name))
        if entry is not None and entry.exact is not None and tuple(_raw_tokens(name)) != entry.exact:
            return None
        return entry

    def names(self) -> Iterator[str]:
        """Every generic, brand, other and class name as written in the YAML."""
        for drug in self.drugs.values():
            yield drug.name
            yield from drug.brands
            yield from drug.other_names
        yield from self.combinations
        for cls in self.classes.values():
            yield from cls.names


# --- loading -----------------------------------------------------------------------

_TOP_KEYS = {"knowledge", "description", "generic_nouns", "case_sensitive", "classes", "drugs",
             "combinations", "combination_pairs", "risk_groups", "look_alike", "look_alike_source",
             "sources", "risks", "effects", "substances", "instructions", "agencies", "roles",
             "retired_labels", "populations", "strengths"}
_CLASS_KEYS = {"describe", "names", "adjectives", "negated_names", "parents", "source", "plain", "epc",
               "confused_with", "excludes", "open", "risks", "not_effects", "must_not_stop_suddenly",
               "min_age", "note", "notes"}
_DRUG_KEYS = {"classes", "brands", "names", "origin", "medical", "status", "source", "schedule",
              "otc_max_daily", "otc_max_dose", "max_daily", "min_age", "interactions", "administration",
              "not_approved_for", "approved_for", "withdrawn", "withdrawn_brands", "risks", "not_risks",
              "not_effects", "must_not_stop_suddenly", "sale_limits", "note", "notes"}
_GROUP_KEYS = {"label", "classes", "risks", "source", "also_names", "sentence_needs"}
_RISK_KEYS = {"label", "words", "not_for", "risk"}
_COUNTED_UNITS = frozenset({"tablets", "doses", "lozenges", "pieces", "sprays"})
_ORIGINS = ("natural", "semi-synthetic", "synthetic", "animal", "recombinant")
_STATUS_WORDS = {"rx": "prescription only", "otc": "over the counter",
                 "rx-otc": "prescription and over the counter"}
_STATUSES = ("rx", "otc", "rx-otc")
_SCHEDULES = ("I", "II", "III", "IV", "V", "none")
_VOCABULARIES = {  # YAML key -> (term kind, keys allowed in an entry)
    "risks": ("risk", {"label", "words", "source", "note", "serious"}),
    "effects": ("effect", {"label", "words", "source", "note"}),
    "substances": ("substance", {"label", "words", "source", "note"}),
    "instructions": ("instruction", {"label", "contradicted_by", "source", "note"}),
    "populations": ("population", {"words", "ages", "broad", "label", "note"}),
    "strengths": ("strength", {"label", "words", "drug", "amount", "unit", "source", "note"}),
    "agencies": ("agency", {"label", "names", "wrong_names", "jurisdiction", "source", "note"}),
    "roles": ("role", {"label", "agency", "words", "source", "note"}),
    "retired_labels": ("retired-label", {"label", "words", "retired", "replaced_by", "source", "note"}),
}


def default_paths() -> list[Path]:
    folder = rules_dir() / "facts"
    return sorted(folder.glob("*.yml"))


def load_knowledge_base(paths: list[Path] | None = None) -> KnowledgeBase:
    """Read and validate the fact base (later files add to earlier ones)."""
    paths = [Path(p) for p in (paths or default_paths())]
    return _load(tuple(str(p) for p in paths))


def _load(paths: tuple[str, ...]) -> KnowledgeBase:
    contents: list[bytes] = []
    for name in paths:
        try:
            contents.append(Path(name).read_bytes())
        except OSError as exc:
            raise KnowledgeError(f"{name}: cannot read: {exc.strerror or exc}") from None
    # Building the base (YAML, validation, the name index, each phrase's rarest word)
    # is most of a one-page check's start-up; its result depends only on the files'
    # names and bytes, this code and wordfreq's list, so it is kept between runs.
    from .compiled import cached
    parts = [part for name, raw in zip(paths, contents) for part in (Path(name).name, raw)]
    return cached("knowledge", parts, lambda: _parse_and_build(paths, contents),
                  libraries=("wordfreq", "PyYAML"))


def _parse_and_build(paths: tuple[str, ...], contents: list[bytes]) -> KnowledgeBase:
    merged: dict[str, Any] = {}
    owners: dict[tuple[str, str], str] = {}
    hasher = hashlib.sha256()
    for name, raw_bytes in zip(paths, contents):
        path = Path(name)
        try:
            data = load_data(raw_bytes.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise KnowledgeError(f"{path}: invalid YAML: {exc}") from None
        hasher.update(raw_bytes)
        if not isinstance(data, dict) or data.get("knowledge") != "drugs":
            raise KnowledgeError(f"{path}: not a drug knowledge base (needs 'knowledge: drugs')")
        unknown = sorted(set(data) - _TOP_KEYS)
        if unknown:
            raise KnowledgeError(f"{path}: unknown top-level key '{unknown[0]}'"
                                 f"{_did_you_mean(unknown[0], _TOP_KEYS)}")
        _merge_into(merged, data, path.name, owners)
    return _build(merged, " + ".join(Path(p).name for p in paths), hasher.hexdigest()[:16], owners)


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    import difflib
    close = difflib.get_close_matches(word, sorted(options), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


# Sections whose entries are named: an entry may be defined by one file only.
_NAMED_SECTIONS = {"classes", "drugs", "combinations", "risk_groups", "sources", *_VOCABULARIES}


def _merge_into(merged: dict, data: dict, file: str, owners: dict[tuple[str, str], str]) -> None:
    for key, value in data.items():
        if key in _NAMED_SECTIONS:
            if value is None:
                continue
            if not isinstance(value, dict):
                raise KnowledgeError(f"{file}: '{key}' must be a mapping of ids to entries")
            section = merged.setdefault(key, {})
            for entry_id, entry in value.items():
                entry_id = str(entry_id).strip()
                if key == "drugs":
                    entry_id = entry_id.lower()
                previous = owners.get((key, entry_id))
                if previous is not None:
                    raise KnowledgeError(f"{file}: {key[:-1] if key.endswith('s') else key} '{entry_id}' "
                                         f"is already defined in {previous}")
                owners[(key, entry_id)] = file
                section[entry_id] = entry
        elif isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = merged[key] + value
        elif key in ("knowledge", "description"):
            continue
        elif key == "look_alike_source" and merged.get(key):
            continue
        else:
            merged[key] = value


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(f"{where}: must be a list of names")
    return tuple(v.strip() for v in value)


def _check_keys(entry: Any, allowed: set[str], where: str) -> dict:
    if not isinstance(entry, dict):
        raise KnowledgeError(f"{where}: must be a mapping")
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise KnowledgeError(f"{where}: unknown key '{unknown[0]}'{_did_you_mean(unknown[0], allowed)} "
                             f"(known: {', '.join(sorted(allowed))})")
    return entry


def plural_forms(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """'nsaid' -> 'nsaids'; 'anti-inflammatory' -> 'anti-inflammatories'."""
    last = key[-1]
    forms = [last + "s"]
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms.append(last[:-1] + "ies")
    if last.endswith(("s", "x", "ch", "sh")):
        forms.append(last + "es")
    return [key[:-1] + (form,) for form in forms]


def _shared(index: dict[tuple[str, ...], IndexEntry]) -> dict[tuple[str, ...], IndexEntry]:
    """The index with one object per distinct entry and per distinct word. Some 48,000
    names point at fewer than 3,000 distinct entries (a class's every "<name> medicine"
    form, a drug's brands); the start-up cache stores the base as a pickle, which keeps
    one copy of an object however often it is referred to, so shared objects halve the
    stored base and the time to read it back (a tenth of a one-page check). Entries are
    frozen, so a shared one reads the same."""
    entries: dict[IndexEntry, IndexEntry] = {}
    words: dict[str, str] = {}
    return {tuple(words.setdefault(w, w) for w in key): entries.setdefault(entry, entry)
            for key, entry in index.items()}


class _Builder:
    """Turns the merged YAML into a KnowledgeBase, validating as it goes."""

    def __init__(self, data: dict, where: str, owners: dict[tuple[str, str], str]):
        self.data = data
        self.where = where
        self.owners = owners
        self.sources: dict[str, str] = {}
        self.index: dict[tuple[str, ...], IndexEntry] = {}
        self.index_owners: dict[tuple[str, ...], str] = {}
        self.exact_names = set(_str_list(data.get("case_sensitive"), f"{where}: case_sensitive"))
        self.terms: dict[str, dict[str, Term]] = {kind: {} for kind, _ in _VOCABULARIES.values()}
        self.product_withdrawals: dict[str, Withdrawal] = {}
        self.combination_limits: dict[str, Amount] = {}

    def at(self, section: str, entry_id: str) -> str:
        file = self.owners.get((section, entry_id), self.where)
        kind = {"classes": "class", "drugs": "drug", "combinations": "combination",
                "risk_groups": "risk group"}.get(section, section)
        return f"{file}: {kind} '{entry_id}'"

    def source(self, value: Any, where: str, required: bool = True) -> str:
        """A citation: a string, or the id of an entry in `sources`."""
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise KnowledgeError(f"{where}: needs a 'source' (every fact says where it comes from)")
            return ""
        if not isinstance(value, str):
            raise KnowledgeError(f"{where}: 'source' must be a citation string or a source id")
        value = value.strip()
        return self.sources.get(value, value)

    # -- names -----------------------------------------------------------------------
    def add_name(self, name: str, entry: IndexEntry, owner: str) -> None:
        key = phrase_key(name)
        if not key:
            raise KnowledgeError(f"{self.where}: {owner}: empty name {name!r}")
        if key in self.index and self.index_owners[key] != owner:
            raise KnowledgeError(f"{owner}: the name '{name}' is used by both "
                                 f"{self.index_owners[key]} and {owner}")
        if name in self.exact_names:
            entry = IndexEntry(entry.product, entry.class_id, entry.negated, entry.plural,
                               exact=tuple(_raw_tokens(name)))
        self.index.setdefault(key, entry)
        self.index_owners.setdefault(key, owner)

    def add_class_key(self, key: tuple[str, ...], entry: IndexEntry, owner: str, quiet: bool) -> None:
        """Class names: a clash between two classes is an error in the data, except for
        the generated "<name> <generic noun>" forms, where the first (more specific) wins."""
        if key in self.index:
            if self.index_owners[key] != owner and not quiet:
                raise KnowledgeError(f"{owner}: the name '{' '.join(key)}' is used by both "
                                     f"{self.index_owners[key]} and {owner}")
            return
        self.index[key] = entry
        self.index_owners[key] = owner

    # -- sections --------------------------------------------------------------------
    def build(self, digest: str) -> KnowledgeBase:
        data = self.data
        for sid, text in (data.get("sources") or {}).items():
            if not isinstance(text, str) or not text.strip():
                raise KnowledgeError(f"{self.at('sources', sid)}: a source must be a citation string")
            self.sources[sid] = text.strip()
        self.vocabularies()
        classes = self.classes()
        closure = {cid: _ancestors(cid, classes, self.where) for cid in classes}
        drugs = self.drugs(classes)
        for strength in self.terms["strength"].values():
            if strength.get("drug") not in drugs:
                raise KnowledgeError(f"{self.at('strengths', strength.id)}: unknown drug "
                                     f"'{strength.get('drug')}'{_did_you_mean(strength.get('drug'), drugs)}")
        combinations = self.combinations(drugs)
        pairs = self.pairs(drugs)
        drug_classes = {name: frozenset(c for cls in drug.classes for c in closure[cls])
                        for name, drug in drugs.items()}
        self.check_exclusions(classes, closure, drugs, drug_classes)
        members: dict[str, set[str]] = {cid: set() for cid in classes}
        for name, all_classes in drug_classes.items():
            for cid in all_classes:
                members[cid].add(name)
        groups = self.risk_groups(classes, drugs)
        look_alikes = []
        for pair in data.get("look_alike") or []:
            names = _str_list(pair, f"{self.where}: look_alike")
            if len(names) != 2:
                raise KnowledgeError(f"{self.where}: look_alike: {pair!r} must be a pair of names")
            look_alikes.append((names[0], names[1]))
        lexicon = self.lexicon()
        return KnowledgeBase(
            classes=classes, drugs=drugs, index=_shared(self.index), risk_groups=tuple(groups),
            look_alikes=tuple(look_alikes),
            look_alike_source=str(data.get("look_alike_source") or ""),
            combination_pairs=frozenset(pairs),
            max_phrase_tokens=max(len(k) for k in self.index), digest=digest,
            _closure=closure, terms=self.terms, lexicon=lexicon, combinations=combinations,
            product_withdrawals=dict(self.product_withdrawals),
            combination_limits=dict(self.combination_limits),
            origins={f"{section}:{entry}": file for (section, entry), file in self.owners.items()},
            _drug_classes=drug_classes,
            _members={cid: frozenset(names) for cid, names in members.items()})

    def vocabularies(self) -> None:
        for key, (kind, allowed) in _VOCABULARIES.items():
            for tid, raw in (self.data.get(key) or {}).items():
                at = self.at(key, tid)
                raw = _check_keys(raw, allowed, at)
                words_key = {"instruction": "contradicted_by", "agency": "names"}.get(kind, "words")
                words = _str_list(raw.get(words_key), f"{at}: {words_key}")
                if not words:
                    raise KnowledgeError(f"{at}: needs '{words_key}'")
                label = raw.get("label") or tid
                if not isinstance(label, str):
                    raise KnowledgeError(f"{at}: 'label' must be text")
                extra: dict[str, Any] = {}
                if kind == "population":
                    ages = raw.get("ages")
                    if (not isinstance(ages, list) or len(ages) != 2
                            or not all(isinstance(a, (int, float)) for a in ages) or ages[0] > ages[1]):
                        raise KnowledgeError(f"{at}: 'ages' must be [youngest, oldest] in years")
                    extra = {"ages": (float(ages[0]), float(ages[1])), "broad": bool(raw.get("broad"))}
                elif kind == "risk":
                    serious = raw.get("serious", False)
                    if not isinstance(serious, bool):
                        raise KnowledgeError(f"{at}: 'serious' must be true or false")
                    extra = {"serious": serious} if serious else {}
                elif kind == "agency":
                    extra = {"wrong_names": _str_list(raw.get("wrong_names"), f"{at}: wrong_names"),
                             "jurisdiction": str(raw.get("jurisdiction") or "")}
                elif kind == "role":
                    extra = {"agency": str(raw.get("agency") or "")}
                elif kind == "strength":
                    amount = raw.get("amount")
                    if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount <= 0:
                        raise KnowledgeError(f"{at}: 'amount' must be a positive number")
                    if raw.get("unit") not in ("mg", "mcg", "g"):
                        raise KnowledgeError(f"{at}: 'unit' must be mg, mcg or g")
                    if not isinstance(raw.get("drug"), str):
                        raise KnowledgeError(f"{at}: needs 'drug' (the generic name)")
                    extra = {"drug": raw["drug"].strip().lower(), "amount": float(amount),
                             "unit": raw["unit"]}
                elif kind == "retired-label":
                    retired = raw.get("retired")
                    if not isinstance(retired, date):
                        raise KnowledgeError(f"{at}: 'retired' must be a date (YYYY-MM-DD)")
                    extra = {"retired": retired.isoformat(), "replaced_by": str(raw.get("replaced_by") or "")}
                source = self.source(raw.get("source"), at,
                                     required=kind in ("agency", "role", "retired-label", "strength"))
                self.terms[kind][str(tid)] = Term(kind=kind, id=str(tid), label=label, words=words,
                                                  source=source, extra=tuple(sorted(extra.items())))
        for role in self.terms["role"].values():
            if role.get("agency") not in self.terms["agency"]:
                raise KnowledgeError(f"{self.at('roles', role.id)}: unknown agency '{role.get('agency')}'")

    def ids(self, value: Any, kind: str, where: str, what: str) -> tuple[str, ...]:
        names = _str_list(value, where)
        known = self.terms[kind]
        for name in names:
            if name not in known:
                raise KnowledgeError(f"{where}: unknown {what} '{name}'{_did_you_mean(name, known)}")
        return names

    def classes(self) -> dict[str, DrugClass]:
        raw_classes = self.data.get("classes")
        if not isinstance(raw_classes, dict) or not raw_classes:
            raise KnowledgeError(f"{self.where}: 'classes' must map class ids to their descriptions")
        generic_nouns = [phrase_key(n) for n in _str_list(self.data.get("generic_nouns"),
                                                          f"{self.where}: generic_nouns")]
        classes: dict[str, DrugClass] = {}
        for cid, raw in raw_classes.items():
            at = self.at("classes", cid)
            raw = _check_keys(raw, _CLASS_KEYS, at)
            if not isinstance(raw.get("describe"), str) or not raw["describe"].strip():
                raise KnowledgeError(f"{at}: 'describe' is required (used in messages)")
            taper = raw.get("must_not_stop_suddenly")
            if taper is not None and not isinstance(taper, bool):
                raise KnowledgeError(f"{at}: 'must_not_stop_suddenly' must be true or false")
            classes[cid] = DrugClass(
                id=cid, describe=raw["describe"].strip(),
                names=_str_list(raw.get("names"), f"{at}: names"),
                parents=_str_list(raw.get("parents"), f"{at}: parents"),
                source=self.source(raw.get("source"), at),
                plain=str(raw.get("plain") or ""), epc=str(raw.get("epc") or ""),
                confused_with=_str_list(raw.get("confused_with"), f"{at}: confused_with"),
                excludes=_str_list(raw.get("excludes"), f"{at}: excludes"),
                open=bool(raw.get("open", False)),
                risks=self.ids(raw.get("risks"), "risk", f"{at}: risks", "risk"),
                not_effects=self.ids(raw.get("not_effects"), "effect", f"{at}: not_effects", "effect"),
                taper=taper, min_age=self.ages(raw.get("min_age"), f"{at}: min_age"))
            owner = f"class '{cid}'"
            nouns = [phrase_key(n) for n in classes[cid].names]
            adjectives = [phrase_key(a) for a in _str_list(raw.get("adjectives"), f"{at}: adjectives")]
            negated = [phrase_key(n) for n in _str_list(raw.get("negated_names"), f"{at}: negated_names")]
            for keys, is_noun, is_negated in ((nouns, True, False), (adjectives, False, False),
                                              (negated, True, True)):
                for key, plural, generated in _class_forms(keys, generic_nouns, is_noun):
                    self.add_class_key(key, IndexEntry(class_id=cid, negated=is_negated, plural=plural),
                                       owner, quiet=generated)
        for cls in classes.values():
            for field_name in ("parents", "confused_with", "excludes"):
                for other in getattr(cls, field_name):
                    if other not in classes:
                        raise KnowledgeError(f"{self.at('classes', cls.id)}: unknown class '{other}' "
                                             f"in {field_name}{_did_you_mean(other, classes)}")
        return classes

    def amount(self, raw: Any, where: str) -> Amount | None:
        if raw is None:
            return None
        raw = _check_keys(raw, {"amount", "unit", "source", "note", "forms", "strengths"}, where)
        value, unit = self._amount_value(raw, where)
        forms = []
        for i, form in enumerate(raw.get("forms") or []):
            at = f"{where}: forms[{i}]"
            form = _check_keys(form, {"words", "amount", "unit"}, at)
            words = _str_list(form.get("words"), f"{at}: words")
            if not words:
                raise KnowledgeError(f"{at}: needs 'words' (how copy names the form)")
            form_value, form_unit = self._amount_value(form, at)
            forms.append((tuple(w.lower() for w in words), form_value, form_unit))
        strengths = raw.get("strengths") or []
        if not isinstance(strengths, list) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in strengths):
            raise KnowledgeError(f"{where}: strengths must be a list of positive numbers (mg per unit)")
        return Amount(value, unit, self.source(raw.get("source"), where), str(raw.get("note") or ""),
                      tuple(forms), tuple(float(v) for v in strengths))

    @staticmethod
    def _amount_value(raw: dict, where: str) -> tuple[float, str]:
        value = raw.get("amount")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise KnowledgeError(f"{where}: 'amount' must be a positive number")
        unit = raw.get("unit")
        if unit not in ("mg", "mcg", "g", "mL", "units", "tablets", "doses", "lozenges", "pieces", "sprays"):
            raise KnowledgeError(f"{where}: 'unit' must be one of mg, mcg, g, mL, units, tablets, doses, "
                                 f"lozenges, pieces, sprays")
        return float(value), unit

    def uses(self, raw: Any, where: str) -> tuple[Use, ...]:
        out = []
        for i, item in enumerate(raw or []):
            at = f"{where}[{i}]"
            item = _check_keys(item, {"use", "words", "source", "brands", "note"}, at)
            if not isinstance(item.get("use"), str):
                raise KnowledgeError(f"{at}: needs 'use' (what it is used for, in words)")
            words = _str_list(item.get("words"), f"{at}: words") or (item["use"],)
            out.append(Use(item["use"], words, self.source(item.get("source"), at),
                           _str_list(item.get("brands"), f"{at}: brands")))
        return tuple(out)

    def drugs(self, classes: dict[str, DrugClass]) -> dict[str, Drug]:
        raw_drugs = self.data.get("drugs")
        if not isinstance(raw_drugs, dict) or not raw_drugs:
            raise KnowledgeError(f"{self.where}: 'drugs' must map generic names to their classes")
        drugs: dict[str, Drug] = {}
        for generic, raw in raw_drugs.items():
            at = self.at("drugs", generic)
            raw = _check_keys(raw, _DRUG_KEYS, at)
            drug_classes = _str_list(raw.get("classes"), f"{at}: classes")
            if not drug_classes:
                raise KnowledgeError(f"{at}: 'classes' must name at least one class")
            for cls in drug_classes:
                if cls not in classes:
                    raise KnowledgeError(f"{at}: unknown class '{cls}'{_did_you_mean(cls, classes)}")
            origin = raw.get("origin")
            if origin is not None and origin not in _ORIGINS:
                raise KnowledgeError(f"{at}: 'origin' must be one of {', '.join(_ORIGINS)}")
            medical = raw.get("medical", True)
            if not isinstance(medical, bool):
                raise KnowledgeError(f"{at}: 'medical' must be true or false")
            status = raw.get("status") or ""
            if status and status not in _STATUSES:
                raise KnowledgeError(f"{at}: 'status' must be one of {', '.join(_STATUSES)}")
            taper = raw.get("must_not_stop_suddenly")
            if taper is not None and not isinstance(taper, bool):
                raise KnowledgeError(f"{at}: 'must_not_stop_suddenly' must be true or false")
            generic = str(generic).strip().lower()
            drug = Drug(
                name=generic, classes=drug_classes,
                brands=_str_list(raw.get("brands"), f"{at}: brands"),
                other_names=_str_list(raw.get("names"), f"{at}: names"), origin=origin,
                medical=medical, status=status, source=self.source(raw.get("source"), at),
                schedule=self.schedule(raw.get("schedule"), f"{at}: schedule"),
                otc_max_daily=self.amount(raw.get("otc_max_daily"), f"{at}: otc_max_daily"),
                otc_max_dose=self.amount(raw.get("otc_max_dose"), f"{at}: otc_max_dose"),
                max_daily=self.amount(raw.get("max_daily"), f"{at}: max_daily"),
                min_age=self.ages(raw.get("min_age"), f"{at}: min_age"),
                interactions=self.interactions(raw.get("interactions"), f"{at}: interactions"),
                administration=self.instructions(raw.get("administration"), f"{at}: administration"),
                not_approved_for=self.uses(raw.get("not_approved_for"), f"{at}: not_approved_for"),
                approved_for=self.uses(raw.get("approved_for"), f"{at}: approved_for"),
                withdrawn=self.withdrawal(raw.get("withdrawn"), f"{at}: withdrawn"),
                withdrawn_brands=self.brand_withdrawals(raw.get("withdrawn_brands"),
                                                        f"{at}: withdrawn_brands"),
                sale_limits=self.sale_limits(raw.get("sale_limits"), f"{at}: sale_limits"),
                risks=self.ids(raw.get("risks"), "risk", f"{at}: risks", "risk"),
                not_risks=self.ids(raw.get("not_risks"), "risk", f"{at}: not_risks", "risk"),
                not_effects=self.ids(raw.get("not_effects"), "effect", f"{at}: not_effects", "effect"),
                taper=taper)
            unknown = [b for b, _ in drug.withdrawn_brands if b not in drug.brands]
            if unknown:
                raise KnowledgeError(f"{at}: withdrawn_brands: {unknown} are not among its brands")
            if drug.withdrawn is not None and drug.withdrawn_brands:
                raise KnowledgeError(f"{at}: withdrawn_brands is for brands of a medicine still sold; "
                                     f"the whole medicine is withdrawn")
            for brand, withdrawal in drug.withdrawn_brands:
                self.product_withdrawals[brand] = withdrawal
            for use in (*drug.not_approved_for, *drug.approved_for):
                unknown = [b for b in use.brands if b not in drug.brands]
                if unknown:
                    raise KnowledgeError(f"{at}: use '{use.use}': brands {unknown} are not among its brands")
            drugs[generic] = drug
            owner = f"drug '{generic}'"
            self.add_name(generic, IndexEntry(product=Product(generic, (generic,))), owner)
            for other in drug.other_names:
                self.add_name(other, IndexEntry(product=Product(other, (generic,))), owner)
            for brand in drug.brands:
                self.add_name(brand, IndexEntry(product=Product(brand, (generic,), is_brand=True)), owner)
        known = {**{k: "drug" for k in drugs}, **{k: "class" for k in classes},
                 **{k: "substance" for k in self.terms["substance"]}}
        for drug in drugs.values():
            for interaction in drug.interactions:
                if interaction.with_id not in known:
                    raise KnowledgeError(f"{self.at('drugs', drug.name)}: interactions: unknown drug, class "
                                         f"or substance '{interaction.with_id}'"
                                         f"{_did_you_mean(interaction.with_id, known)}")
                for exempt in interaction.exempt:
                    if exempt not in drugs:
                        raise KnowledgeError(f"{self.at('drugs', drug.name)}: interactions: 'except' names "
                                             f"unknown medicine '{exempt}'{_did_you_mean(exempt, drugs)}")
        return drugs

    def schedule(self, raw: Any, where: str) -> Schedule | None:
        if raw is None:
            return None
        raw = _check_keys(raw, {"value", "since", "states", "source", "note"}, where)
        value = raw.get("value")
        value = "none" if value is None or value is False else str(value).strip()
        if value not in _SCHEDULES:
            raise KnowledgeError(f"{where}: 'value' must be one of {', '.join(_SCHEDULES)}")
        since = raw.get("since")
        if since is not None and not isinstance(since, date):
            raise KnowledgeError(f"{where}: 'since' must be a date (YYYY-MM-DD)")
        return Schedule(value, self.source(raw.get("source"), where),
                        since.isoformat() if since else "", str(raw.get("states") or ""))

    def ages(self, raw: Any, where: str) -> tuple[AgeLimit, ...]:
        if raw is None:
            return ()
        items = raw if isinstance(raw, list) else [raw]
        out = []
        for i, item in enumerate(items):
            at = f"{where}[{i}]" if isinstance(raw, list) else where
            item = _check_keys(item, {"years", "scope", "source", "note"}, at)
            years = item.get("years")
            if isinstance(years, bool) or not isinstance(years, (int, float)) or years <= 0:
                raise KnowledgeError(f"{at}: 'years' must be a positive number")
            scope = item.get("scope", "all")
            if scope not in ("otc", "all"):
                raise KnowledgeError(f"{at}: 'scope' must be otc or all")
            out.append(AgeLimit(float(years), scope, self.source(item.get("source"), at),
                                str(item.get("note") or "")))
        return tuple(out)

    def interactions(self, raw: Any, where: str) -> tuple[Interaction, ...]:
        out = []
        for i, item in enumerate(raw or []):
            at = f"{where}[{i}]"
            item = _check_keys(item, {"with", "effect", "source", "note", "except"}, at)
            if not isinstance(item.get("with"), str):
                raise KnowledgeError(f"{at}: needs 'with' (a substance, drug or class id)")
            with_id = item["with"].strip()
            if with_id.lower() in (self.data.get("drugs") or {}):
                with_id = with_id.lower()
            exempt = item.get("except") or []
            if not isinstance(exempt, list) or not all(isinstance(x, str) for x in exempt):
                raise KnowledgeError(f"{at}: 'except' must be a list of medicine ids")
            out.append(Interaction(with_id, str(item.get("effect") or ""), self.source(item.get("source"), at),
                                   tuple(x.strip().lower() for x in exempt)))
        return tuple(out)

    def instructions(self, raw: Any, where: str) -> tuple[Instruction, ...]:
        out = []
        for i, item in enumerate(raw or []):
            at = f"{where}[{i}]"
            item = _check_keys(item, {"id", "minutes", "source", "note", "every_form"}, at)
            iid = item.get("id")
            if iid not in self.terms["instruction"]:
                raise KnowledgeError(f"{at}: unknown instruction '{iid}'"
                                     f"{_did_you_mean(str(iid), self.terms['instruction'])}")
            minutes = item.get("minutes")
            if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int)):
                raise KnowledgeError(f"{at}: 'minutes' must be a whole number")
            every_form = item.get("every_form", False)
            if not isinstance(every_form, bool):
                raise KnowledgeError(f"{at}: 'every_form' must be true or false")
            out.append(Instruction(iid, self.source(item.get("source"), at), minutes,
                                   str(item.get("note") or ""), every_form))
        return tuple(out)

    def sale_limits(self, raw: Any, where: str) -> SaleLimits | None:
        if raw is None:
            return None
        raw = _check_keys(raw, {"note", "source"}, where)
        if not isinstance(raw.get("note"), str) or not raw["note"].strip():
            raise KnowledgeError(f"{where}: needs 'note' (how the sale is restricted)")
        return SaleLimits(raw["note"].strip(), self.source(raw.get("source"), where))

    def withdrawal(self, raw: Any, where: str) -> Withdrawal | None:
        if raw is None:
            return None
        raw = _check_keys(raw, {"year", "month", "reason", "source", "note"}, where)
        year = raw.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 < year < 2100:
            raise KnowledgeError(f"{where}: 'year' must be a year")
        month = raw.get("month")
        if month is not None and (not isinstance(month, int) or not 1 <= month <= 12):
            raise KnowledgeError(f"{where}: 'month' must be 1-12")
        return Withdrawal(year, str(raw.get("reason") or ""), self.source(raw.get("source"), where), month)

    def brand_withdrawals(self, raw: Any, where: str) -> tuple[tuple[str, Withdrawal], ...]:
        if raw is None:
            return ()
        if not isinstance(raw, dict):
            raise KnowledgeError(f"{where}: must map each withdrawn brand to its withdrawal")
        return tuple((str(brand), self.withdrawal(value, f"{where}: {brand}")) for brand, value in raw.items())

    def combinations(self, drugs: dict[str, Drug]) -> dict[str, tuple[tuple[str, ...], str]]:
        out = {}
        for brand, raw in (self.data.get("combinations") or {}).items():
            at = self.at("combinations", brand)
            if isinstance(raw, list):   # the short form: [generic, generic]
                raw = {"generics": raw}
            raw = _check_keys(raw, {"generics", "source", "note", "withdrawn", "otc_max_daily"}, at)
            generics = tuple(g.lower() for g in _str_list(raw.get("generics"), f"{at}: generics"))
            if len(generics) < 2:
                raise KnowledgeError(f"{at}: a combination names at least two medicines")
            for generic in generics:
                if generic not in drugs:
                    raise KnowledgeError(f"{at}: unknown medicine '{generic}'{_did_you_mean(generic, drugs)}")
            source = self.source(raw.get("source"), at)
            out[str(brand)] = (generics, source)
            withdrawal = self.withdrawal(raw.get("withdrawn"), f"{at}: withdrawn")
            if withdrawal is not None:
                self.product_withdrawals[str(brand)] = withdrawal
            limit = self.amount(raw.get("otc_max_daily"), f"{at}: otc_max_daily")
            if limit is not None:
                if limit.unit not in _COUNTED_UNITS:
                    raise KnowledgeError(f"{at}: otc_max_daily: a combination's limit is counted in its "
                                         f"units ({', '.join(sorted(_COUNTED_UNITS))})")
                self.combination_limits[str(brand)] = limit
            self.add_name(str(brand), IndexEntry(product=Product(str(brand), generics, is_brand=True)),
                          f"combination '{brand}'")
        return out

    def pairs(self, drugs: dict[str, Drug]) -> set[frozenset[str]]:
        pairs = set()
        for pair in self.data.get("combination_pairs") or []:
            names = tuple(n.lower() for n in _str_list(pair, f"{self.where}: combination_pairs"))
            if len(names) != 2 or any(n not in drugs for n in names):
                raise KnowledgeError(f"{self.where}: combination_pairs: {pair!r} must be two known drugs")
            pairs.add(frozenset(names))
        return pairs

    def check_exclusions(self, classes: dict[str, DrugClass], closure: dict[str, frozenset[str]],
                         drugs: dict[str, Drug], drug_classes: dict[str, frozenset[str]]) -> None:
        for name, mine in drug_classes.items():
            for cid in mine:
                for other in classes[cid].excludes:
                    if other in mine:
                        raise KnowledgeError(
                            f"{self.at('drugs', name)}: is in both '{cid}' and '{other}', which exclude "
                            "each other")
        for cls in classes.values():
            for other in cls.excludes:
                if other in closure[cls.id] or cls.id in closure[other]:
                    raise KnowledgeError(f"{self.at('classes', cls.id)}: excludes '{other}', which is "
                                         "one of its own parents or children")

    def risk_groups(self, classes: dict[str, DrugClass], drugs: dict[str, Drug]) -> list[RiskGroup]:
        groups = []
        for gid, raw in (self.data.get("risk_groups") or {}).items():
            at = self.at("risk_groups", gid)
            raw = _check_keys(raw, _GROUP_KEYS, at)
            group_classes = _str_list(raw.get("classes"), f"{at}: classes")
            for cls in group_classes:
                if cls not in classes:
                    raise KnowledgeError(f"{at}: unknown class '{cls}'")
            risks = [self.group_risk(item, f"{at}: risks[{i}]", drugs)
                     for i, item in enumerate(raw.get("risks") or [])]
            if not risks:
                raise KnowledgeError(f"{at}: needs 'risks'")
            groups.append(RiskGroup(id=str(gid), label=str(raw.get("label") or gid),
                                    classes=group_classes, risks=tuple(risks),
                                    source=self.source(raw.get("source"), at),
                                    also_names=_str_list(raw.get("also_names"), f"{at}: also_names"),
                                    sentence_needs=_str_list(raw.get("sentence_needs"),
                                                             f"{at}: sentence_needs")))
        return groups

    def group_risk(self, item: Any, at: str, drugs: dict[str, Drug]) -> Risk:
        """A fair-balance risk: a risk id, a list of ids (any of them), or a mapping with
        `risk` (an id or ids) or inline `label` + `words`, and optional `not_for`."""
        if isinstance(item, (str, list)):
            item = {"risk": item}
        item = _check_keys(item, _RISK_KEYS, at)
        not_for = tuple(n.lower() for n in _str_list(item.get("not_for"), f"{at}: not_for"))
        for name in not_for:
            if name not in drugs:
                raise KnowledgeError(f"{at}: not_for: unknown drug '{name}'")
        if item.get("risk") is not None:
            ids = self.ids(item["risk"], "risk", at, "risk")
            terms = [self.terms["risk"][i] for i in ids]
            words = tuple(dict.fromkeys(w for t in terms for w in t.words))
            label = item.get("label") or " or ".join(t.label for t in terms)
            return Risk(label=str(label), words=words, not_for=not_for, ids=ids)
        words = _str_list(item.get("words"), f"{at}.words")
        if not words or not isinstance(item.get("label"), str):
            raise KnowledgeError(f"{at}: needs a 'risk' id, or a 'label' and 'words'")
        return Risk(label=item["label"], words=words, not_for=not_for)

    def lexicon(self) -> dict[tuple[str, ...], tuple[LexEntry, ...]]:
        """Every vocabulary phrase, as normalized tokens, to the terms it names."""
        lex: dict[tuple[str, ...], list[LexEntry]] = {}

        def put(phrase: str, entry: LexEntry) -> None:
            key = phrase_key(phrase)
            if key and entry not in lex.setdefault(key, []):
                lex[key].append(entry)

        for kind, terms in self.terms.items():
            for term in terms.values():
                for word in term.words:
                    put(word, LexEntry(kind, term.id))
                if kind == "agency":
                    for wrong in term.get("wrong_names", ()):
                        put(wrong, LexEntry(kind, term.id, wrong=True))
        return {key: tuple(entries) for key, entries in lex.items()}


def _build(data: dict, where: str, digest: str, owners: dict[tuple[str, str], str]) -> KnowledgeBase:
    return _Builder(data, where, owners).build(digest)


def _with_plurals(key: tuple[str, ...]) -> list[tuple[tuple[str, ...], bool]]:
    return [(key, False)] + [(form, True) for form in plural_forms(key)]


def _class_forms(keys: list[tuple[str, ...]], generic_nouns: list[tuple[str, ...]],
                 is_noun: bool) -> Iterator[tuple[tuple[str, ...], bool, bool]]:
    """(key, plural, generated) for every way a class is named: a noun name and its plural
    ("NSAID", "NSAIDs"), and any name or adjective before a generic noun ("NSAID pain
    relievers", "anti-seizure medicines"). Adjectives only count before a noun."""
    for key in keys:
        stems = _with_plurals(key) if is_noun else [(key, False)]
        for stem, plural in stems:
            if is_noun:
                yield stem, plural, False
            if plural:
                continue
            for noun in generic_nouns:
                for noun_form, noun_plural in _with_plurals(noun):
                    yield stem + noun_form, noun_plural, True


def _raw_tokens(name: str) -> Iterable[str]:
    return [t.text for t in tokenize(name)]


def _ancestors(cid: str, classes: dict[str, DrugClass], where: str) -> frozenset[str]:
    seen: set[str] = set()
    stack = [cid]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack.extend(classes[current].parents)
    return frozenset(seen)


# --- what the base knows, for people (`medcheck facts NAME`) ------------------------------


def describe(kb: KnowledgeBase, name: str) -> str | None:
    """Everything the base knows about a medicine, brand or class, with sources."""
    product = kb.lookup(name)
    if product is not None:
        text = "\n\n".join(_describe_drug(kb, g, product) for g in product.generics if g in kb.drugs)
        limit = kb.combination_limits.get(product.name) if product.is_brand else None
        if limit is not None:
            text = (f"{product.name}: not more than {limit.text()} in 24 hours without a prescription"
                    + (f" ({limit.note})" if limit.note else "") + f"  [{limit.source}]\n\n" + text)
        gone = kb.product_withdrawals.get(product.name) if product.is_brand else None
        if gone is not None:
            text = (f"{product.name}: withdrawn from the US market in {gone.year}: {gone.reason}  "
                    f"[{gone.source}]\n\n" + text)
        return text
    class_id = kb.class_named(name) or (name if name in kb.classes else None)
    if class_id is not None:
        return _describe_class(kb, class_id)
    return None


def _describe_drug(kb: KnowledgeBase, generic: str, product: Product) -> str:
    drug = kb.drugs[generic]
    lines = [f"{drug.name}" + (f" (as named: {product.name})" if product.name.lower() != generic else "")]
    main = kb.classes[drug.classes[0]]
    lines.append(f"  is {main.describe}")
    others = sorted(kb.classes_of(generic) - {main.id})
    if others:
        lines.append(f"  classes: {', '.join([main.id, *others])}")
    if drug.brands:
        lines.append(f"  brands: {', '.join(drug.brands)}")
    combos = [brand for brand, (generics, _) in kb.combinations.items() if generic in generics]
    if combos:
        lines.append(f"  in combination products: {', '.join(sorted(combos))}")
    if drug.other_names:
        lines.append(f"  also called: {', '.join(drug.other_names)}")
    if drug.status:
        lines.append(f"  status: {_STATUS_WORDS[drug.status]}")
    if drug.origin:
        lines.append(f"  origin: {drug.origin}")
    lines.append(f"  source: {drug.source}")
    if drug.schedule:
        text = "not a federally controlled substance" if not drug.schedule.controlled else \
            f"Schedule {drug.schedule.value}" + (f" (since {drug.schedule.since})" if drug.schedule.since else "")
        if drug.schedule.states:
            text += f"; {drug.schedule.states}"
        lines.append(f"  schedule: {text}  [{drug.schedule.source}]")
    if drug.otc_max_daily:
        lines.append(f"  maximum a day without a prescription: {drug.otc_max_daily.text()}  "
                     f"[{drug.otc_max_daily.source}]")
    if drug.otc_max_dose:
        lines.append(f"  maximum at one time without a prescription: {drug.otc_max_dose.text()}  "
                     f"[{drug.otc_max_dose.source}]")
    if drug.max_daily:
        lines.append(f"  maximum a day (prescription): {drug.max_daily.text()}  [{drug.max_daily.source}]")
    if drug.sale_limits:
        lines.append(f"  sale limits: {drug.sale_limits.note}  [{drug.sale_limits.source}]")
    for age in drug.min_age:
        scope = "without a doctor's advice" if age.scope == "otc" else "at all"
        lines.append(f"  not for children under {age.years:g} {scope}"
                     + (f" ({age.note})" if age.note else "") + f"  [{age.source}]")
    for item in drug.interactions:
        but = f" (except {', '.join(item.exempt)})" if item.exempt else ""
        lines.append(f"  do not combine with {item.with_id}{but}: {item.effect}  [{item.source}]")
    for item in drug.administration:
        label = kb.label_of("instruction", item.id)
        minutes = f" ({item.minutes} minutes)" if item.minutes else ""
        lines.append(f"  instruction: {label}{minutes}  [{item.source}]")
    for use in drug.not_approved_for:
        brands = f" (as {', '.join(use.brands)})" if use.brands else ""
        lines.append(f"  not FDA-approved for: {use.use}{brands}  [{use.source}]")
    for use in drug.approved_for:
        brands = f" (as {', '.join(use.brands)})" if use.brands else ""
        lines.append(f"  FDA-approved for: {use.use}{brands}  [{use.source}]")
    if drug.withdrawn:
        lines.append(f"  withdrawn from the US market in {drug.withdrawn.year}: {drug.withdrawn.reason}  "
                     f"[{drug.withdrawn.source}]")
    for brand, gone in drug.withdrawn_brands:
        lines.append(f"  the {brand} brand withdrawn from the US market in {gone.year}: {gone.reason}  "
                     f"[{gone.source}]")
    risks = sorted(kb.risks_of(Product(generic, (generic,))))
    if risks:
        lines.append(f"  risks: {', '.join(kb.label_of('risk', r) for r in risks)}")
    lacks = sorted(kb.lacks_effect(Product(generic, (generic,))))
    if lacks:
        lines.append(f"  does not: {', '.join(kb.label_of('effect', e) for e in lacks)}")
    if kb.tapers(generic):
        lines.append("  must not be stopped suddenly")
    where = kb.origins.get(f"drugs:{generic}")
    if where:
        lines.append(f"  defined in: rules/facts/{where}")
    return "\n".join(lines)


def _describe_class(kb: KnowledgeBase, class_id: str) -> str:
    cls = kb.classes[class_id]
    lines = [f"{cls.id}: {cls.describe}", f"  names: {', '.join(cls.names)}"]
    if cls.epc:
        lines.append(f"  FDA Established Pharmacologic Class: {cls.epc}")
    parents = sorted(kb.ancestors(class_id) - {class_id})
    if parents:
        lines.append(f"  belongs to: {', '.join(parents)}")
    if cls.confused_with:
        lines.append(f"  often confused with: {', '.join(cls.confused_with)}")
    if cls.excludes:
        lines.append(f"  no medicine is also: {', '.join(cls.excludes)}")
    if cls.open:
        lines.append("  open class: medicines not listed are not judged")
    members = sorted(kb.members(class_id))
    lines.append(f"  members ({len(members)}): {', '.join(members)}")
    risks = sorted(kb.class_risks(class_id))
    if risks:
        lines.append(f"  risks: {', '.join(kb.label_of('risk', r) for r in risks)}")
    lacks = sorted(kb.class_lacks_effect(class_id))
    if lacks:
        lines.append(f"  does not: {', '.join(kb.label_of('effect', e) for e in lacks)}")
    for age in cls.min_age:
        scope = "without a doctor's advice" if age.scope == "otc" else "at all"
        lines.append(f"  not for children under {age.years:g} {scope}"
                     + (f" ({age.note})" if age.note else "") + f"  [{age.source}]")
    lines.append(f"  source: {cls.source}")
    where = kb.origins.get(f"classes:{class_id}")
    if where:
        lines.append(f"  defined in: rules/facts/{where}")
    return "\n".join(lines)


def summary(kb: KnowledgeBase) -> str:
    counts = {
        "medicines": len(kb.drugs), "classes": len(kb.classes), "combinations": len(kb.combinations),
        "schedules": sum(1 for d in kb.drugs.values() if d.schedule),
        "dose limits": sum(bool(d.otc_max_daily) + bool(d.max_daily) for d in kb.drugs.values())
        + len(kb.combination_limits),
        "age limits": sum(len(d.min_age) for d in kb.drugs.values())
        + sum(len(c.min_age) for c in kb.classes.values()),
        "interactions": sum(len(d.interactions) for d in kb.drugs.values()),
        "instructions": sum(len(d.administration) for d in kb.drugs.values()),
        "unapproved uses": sum(len(d.not_approved_for) for d in kb.drugs.values()),
        "withdrawn products": sum(1 for d in kb.drugs.values() if d.withdrawn) + len(kb.product_withdrawals),
        "risks": len(kb.terms.get("risk", {})), "effects": len(kb.terms.get("effect", {})),
    }
    return ", ".join(f"{n} {what}" for what, n in counts.items())
