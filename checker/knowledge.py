"""The drug knowledge base: rules/drugs.yml loaded into fast, read-only lookups.

The YAML is data an editor extends (drugs, brands, classes, class risks); this
module validates it and builds one index from every name, written as normalized
tokens, to what it names: a product (one generic or a combination) or a class.
Class names get their plurals ("NSAID" -> "NSAIDs") and their forms with a
generic noun ("opioid" -> "opioid pain relievers") here, once, so matching a
sentence is one dictionary look-up per position.

The engine builds one KnowledgeBase per run and passes it to checks as ``ctx.kb``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from .yamlio import safe_load

from .medtext import phrase_key, tokenize
from .resources import rules_dir


class KnowledgeError(ValueError):
    """A knowledge-base file that cannot be used: names the file and the entry."""


@dataclass(frozen=True)
class DrugClass:
    id: str
    describe: str                 # "an NSAID (an anti-inflammatory pain reliever)"
    names: tuple[str, ...]        # as written in the YAML; names[0] is the short name
    parents: tuple[str, ...] = ()
    source: str = ""

    @property
    def short(self) -> str:
        return self.names[0] if self.names else self.id


@dataclass(frozen=True)
class Drug:
    name: str                     # the generic name
    classes: tuple[str, ...]      # direct classes; the first is the main one
    brands: tuple[str, ...] = ()
    other_names: tuple[str, ...] = ()
    origin: str | None = None     # opioids: natural / semi-synthetic / synthetic
    medical: bool = True          # False for drugs that are not treatments (heroin)


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
class Risk:
    label: str
    words: tuple[str, ...]
    not_for: tuple[str, ...] = ()


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

    # -- classes -------------------------------------------------------------------
    def ancestors(self, class_id: str) -> frozenset[str]:
        """The class and every class above it."""
        return self._closure[class_id]

    def classes_of(self, generic: str) -> frozenset[str]:
        drug = self.drugs.get(generic)
        if drug is None:
            return frozenset()
        out: set[str] = set()
        for cls in drug.classes:
            out |= self.ancestors(cls)
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
        return frozenset(name for name in self.drugs if class_id in self.classes_of(name))

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


# --- loading -----------------------------------------------------------------------

_TOP_KEYS = {"knowledge", "description", "generic_nouns", "case_sensitive", "classes", "drugs",
             "combinations", "combination_pairs", "risk_groups", "look_alike", "look_alike_source"}
_CLASS_KEYS = {"describe", "names", "adjectives", "negated_names", "parents", "source"}
_DRUG_KEYS = {"classes", "brands", "names", "origin", "medical"}
_GROUP_KEYS = {"label", "classes", "risks", "source", "also_names", "sentence_needs"}
_RISK_KEYS = {"label", "words", "not_for"}
_ORIGINS = ("natural", "semi-synthetic", "synthetic")


def default_paths() -> list[Path]:
    return [rules_dir() / "drugs.yml"]


def load_knowledge_base(paths: list[Path] | None = None) -> KnowledgeBase:
    """Read and validate the knowledge base (later files extend earlier ones)."""
    paths = [Path(p) for p in (paths or default_paths())]
    return _load(tuple(str(p) for p in paths))


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> KnowledgeBase:
    merged: dict[str, Any] = {}
    hasher = hashlib.sha256()
    for name in paths:
        path = Path(name)
        try:
            raw_bytes = path.read_bytes()
            data = safe_load(raw_bytes.decode("utf-8"))
        except OSError as exc:
            raise KnowledgeError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise KnowledgeError(f"{path}: invalid YAML: {exc}") from None
        hasher.update(raw_bytes)
        if not isinstance(data, dict) or data.get("knowledge") != "drugs":
            raise KnowledgeError(f"{path}: not a drug knowledge base (needs 'knowledge: drugs')")
        unknown = sorted(set(data) - _TOP_KEYS)
        if unknown:
            raise KnowledgeError(f"{path}: unknown top-level key '{unknown[0]}'")
        _merge_into(merged, data)
    return _build(merged, " + ".join(paths), hasher.hexdigest()[:16])


def _merge_into(merged: dict, data: dict) -> None:
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        elif isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = merged[key] + value
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
        raise KnowledgeError(f"{where}: unknown key '{unknown[0]}' (known: {', '.join(sorted(allowed))})")
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


def _build(data: dict, where: str, digest: str) -> KnowledgeBase:
    index: dict[tuple[str, ...], IndexEntry] = {}
    exact_names = set(_str_list(data.get("case_sensitive"), f"{where}: case_sensitive"))
    owners: dict[tuple[str, ...], str] = {}

    def add(name: str, entry: IndexEntry, owner: str, *, replace_ok: bool = False) -> None:
        key = phrase_key(name)
        if not key:
            raise KnowledgeError(f"{where}: {owner}: empty name {name!r}")
        if key in index and owners[key] != owner and not replace_ok:
            raise KnowledgeError(f"{where}: the name '{name}' is used by both {owners[key]} and {owner}")
        if name in exact_names:
            entry = IndexEntry(entry.product, entry.class_id, entry.negated, entry.plural,
                               exact=tuple(t for t in _raw_tokens(name)))
        index.setdefault(key, entry)
        owners.setdefault(key, owner)

    # Classes ---------------------------------------------------------------------------
    raw_classes = data.get("classes")
    if not isinstance(raw_classes, dict) or not raw_classes:
        raise KnowledgeError(f"{where}: 'classes' must map class ids to their descriptions")
    generic_nouns = [phrase_key(n) for n in _str_list(data.get("generic_nouns"), f"{where}: generic_nouns")]
    classes: dict[str, DrugClass] = {}
    for cid, raw in raw_classes.items():
        at = f"{where}: class '{cid}'"
        raw = _check_keys(raw, _CLASS_KEYS, at)
        if not isinstance(raw.get("describe"), str) or not raw["describe"].strip():
            raise KnowledgeError(f"{at}: 'describe' is required (used in messages)")
        classes[cid] = DrugClass(id=cid, describe=raw["describe"].strip(),
                                 names=_str_list(raw.get("names"), f"{at}: names"),
                                 parents=_str_list(raw.get("parents"), f"{at}: parents"),
                                 source=str(raw.get("source") or ""))
        owner = f"class '{cid}'"
        nouns = [phrase_key(n) for n in classes[cid].names]
        adjectives = [phrase_key(a) for a in _str_list(raw.get("adjectives"), f"{at}: adjectives")]
        negated = [phrase_key(n) for n in _str_list(raw.get("negated_names"), f"{at}: negated_names")]
        for keys, is_noun, is_negated in ((nouns, True, False), (adjectives, False, False),
                                          (negated, True, True)):
            for key, plural, generated in _class_forms(keys, generic_nouns, is_noun):
                _add_key(index, owners, key, IndexEntry(class_id=cid, negated=is_negated, plural=plural),
                         owner, where, quiet=generated)
    for cls in classes.values():
        for parent in cls.parents:
            if parent not in classes:
                raise KnowledgeError(f"{where}: class '{cls.id}': unknown parent class '{parent}'")
    closure = {cid: _ancestors(cid, classes, where) for cid in classes}

    # Drugs -----------------------------------------------------------------------------
    raw_drugs = data.get("drugs")
    if not isinstance(raw_drugs, dict) or not raw_drugs:
        raise KnowledgeError(f"{where}: 'drugs' must map generic names to their classes")
    drugs: dict[str, Drug] = {}
    for generic, raw in raw_drugs.items():
        at = f"{where}: drug '{generic}'"
        raw = _check_keys(raw, _DRUG_KEYS, at)
        drug_classes = _str_list(raw.get("classes"), f"{at}: classes")
        if not drug_classes:
            raise KnowledgeError(f"{at}: 'classes' must name at least one class")
        for cls in drug_classes:
            if cls not in classes:
                raise KnowledgeError(f"{at}: unknown class '{cls}'")
        origin = raw.get("origin")
        if origin is not None and origin not in _ORIGINS:
            raise KnowledgeError(f"{at}: 'origin' must be one of {', '.join(_ORIGINS)}")
        medical = raw.get("medical", True)
        if not isinstance(medical, bool):
            raise KnowledgeError(f"{at}: 'medical' must be true or false")
        generic = str(generic).strip().lower()
        drug = Drug(name=generic, classes=drug_classes,
                    brands=_str_list(raw.get("brands"), f"{at}: brands"),
                    other_names=_str_list(raw.get("names"), f"{at}: names"), origin=origin,
                    medical=medical)
        drugs[generic] = drug
        owner = f"drug '{generic}'"
        add(generic, IndexEntry(product=Product(generic, (generic,))), owner)
        for other in drug.other_names:
            add(other, IndexEntry(product=Product(other, (generic,))), owner)
        for brand in drug.brands:
            add(brand, IndexEntry(product=Product(brand, (generic,), is_brand=True)), owner)
    for brand, ingredients in (data.get("combinations") or {}).items():
        at = f"{where}: combination '{brand}'"
        generics = tuple(g.lower() for g in _str_list(ingredients, at))
        known = [g for g in generics if g in drugs]
        if not known:
            raise KnowledgeError(f"{at}: none of its medicines is in 'drugs'")
        add(str(brand), IndexEntry(product=Product(str(brand), generics, is_brand=True)),
            f"combination '{brand}'")
    pairs = set()
    for pair in data.get("combination_pairs") or []:
        names = tuple(n.lower() for n in _str_list(pair, f"{where}: combination_pairs"))
        if len(names) != 2 or any(n not in drugs for n in names):
            raise KnowledgeError(f"{where}: combination_pairs: {pair!r} must be two known drugs")
        pairs.add(frozenset(names))

    # Fair-balance groups ------------------------------------------------------------------
    groups = []
    for gid, raw in (data.get("risk_groups") or {}).items():
        at = f"{where}: risk group '{gid}'"
        raw = _check_keys(raw, _GROUP_KEYS, at)
        group_classes = _str_list(raw.get("classes"), f"{at}: classes")
        for cls in group_classes:
            if cls not in classes:
                raise KnowledgeError(f"{at}: unknown class '{cls}'")
        risks = []
        for i, risk in enumerate(raw.get("risks") or []):
            risk = _check_keys(risk, _RISK_KEYS, f"{at}: risks[{i}]")
            words = _str_list(risk.get("words"), f"{at}: risks[{i}].words")
            if not words or not isinstance(risk.get("label"), str):
                raise KnowledgeError(f"{at}: risks[{i}] needs a 'label' and 'words'")
            not_for = tuple(n.lower() for n in _str_list(risk.get("not_for"), f"{at}: not_for"))
            for name in not_for:
                if name not in drugs:
                    raise KnowledgeError(f"{at}: risks[{i}].not_for: unknown drug '{name}'")
            risks.append(Risk(label=risk["label"], words=words, not_for=not_for))
        if not risks or not raw.get("source"):
            raise KnowledgeError(f"{at}: needs 'risks' and a 'source'")
        groups.append(RiskGroup(id=str(gid), label=str(raw.get("label") or gid),
                                classes=group_classes, risks=tuple(risks), source=str(raw["source"]),
                                also_names=_str_list(raw.get("also_names"), f"{at}: also_names"),
                                sentence_needs=_str_list(raw.get("sentence_needs"), f"{at}: sentence_needs")))

    look_alikes = []
    for pair in data.get("look_alike") or []:
        names = _str_list(pair, f"{where}: look_alike")
        if len(names) != 2:
            raise KnowledgeError(f"{where}: look_alike: {pair!r} must be a pair of names")
        look_alikes.append((names[0], names[1]))

    return KnowledgeBase(classes=classes, drugs=drugs, index=index, risk_groups=tuple(groups),
                         look_alikes=tuple(look_alikes),
                         look_alike_source=str(data.get("look_alike_source") or ""),
                         combination_pairs=frozenset(pairs),
                         max_phrase_tokens=max(len(k) for k in index), digest=digest,
                         _closure=closure)


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
            for noun in generic_nouns:
                for noun_form, noun_plural in _with_plurals(noun):
                    yield stem + noun_form, noun_plural, True


def _raw_tokens(name: str) -> Iterable[str]:
    return [t.text for t in tokenize(name)]


def _add_key(index: dict, owners: dict, key: tuple[str, ...], entry: IndexEntry, owner: str,
             where: str, quiet: bool = False) -> None:
    """Class names: a clash between two classes is an error in the data, except for
    the generated "<name> <generic noun>" forms, where the first (more specific) wins."""
    if key in index:
        if owners[key] != owner and not quiet:
            raise KnowledgeError(f"{where}: the name '{' '.join(key)}' is used by both "
                                 f"{owners[key]} and {owner}")
        return
    index[key] = entry
    owners[key] = owner


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
