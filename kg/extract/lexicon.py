"""The Vietnamese vocabulary extraction reads by, loaded from the data files in ``words/``.

Every file there is *language*, not corpus content: titles of office, kinds of bodies, event
words, role verbs, document kinds, international organisations and a gazetteer of countries
and places, each group with a comment showing a real sentence shape it serves. No person
or event of any corpus is listed.

One loader reads them all and refuses a file that repeats itself: a word listed twice in a
list, a key given twice (TOML forbids it), or an alias that names two different countries
or bodies — so a new word is one line in one place, and a slip is an error at import, not a
silent shadowing.

The names below are the loaded values, shaped as the matchers use them.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from kg.errors import VocabularyError
from kg.text import fix_tones, fold, nfc, trie_alternation  # noqa: F401  (re-exported for older imports)

WORDS = Path(__file__).resolve().parent / "words"


def _unique(name: str, items: list[str]) -> list[str]:
    seen: set[str] = set()
    dupes = [x for x in items if x in seen or seen.add(x)]
    if dupes:
        raise VocabularyError(f"{name}: listed twice: {', '.join(sorted(set(dupes)))}")
    return list(items)


def _aliases(name: str, table: dict[str, list[str]]) -> dict[str, str]:
    """alias -> canonical, refusing an alias of two different canonical names."""
    out: dict[str, str] = {}
    for canon, aliases in table.items():
        for a in (canon, *aliases):
            if out.get(a, canon) != canon:
                raise VocabularyError(f"{name}: {a!r} names both {out[a]!r} and {canon!r}")
            out[a] = canon
    return out


@lru_cache(maxsize=None)
def load(file: str) -> dict:
    """One data file of ``words/``, parsed, with every list of words checked for repeats."""
    path = WORDS / f"{file}.toml"
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise VocabularyError(f"{path.name}: {e}") from e

    def check(prefix: str, node) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                check(f"{prefix}.{k}", v)
        elif isinstance(node, list) and all(isinstance(x, str) for x in node):
            _unique(prefix, node)

    check(file, data)
    return data


# ----------------------------------------------------------------------------- persons
_P = load("persons")
SURNAMES = frozenset(_P["surnames"])
HONORIFICS = _P["honorifics"]
NAME_PARTICLES = frozenset(_P["name_particles"])
OPENER_WORDS = frozenset(_P["opener_words"])
NAME_OPENERS = frozenset(_P["name_opener_words"])
NOT_GIVEN_NAMES = frozenset(_P["not_given_names"])
CLAUSE_WORDS = frozenset(_P["clause_words"]) | OPENER_WORDS | frozenset(_P["name_opener_words"])
NOT_NAME_WORDS = frozenset(_P["not_name_words"])

# ----------------------------------------------------------------------------- titles
_T = load("titles")
TITLE_HEADS = _T["heads"]
TITLE_PREFIXES = _T["prefixes"]
SERVING_HEADS = frozenset(_T["serving"])
FORMER_WORDS = _T["former"]
RANKS = frozenset(_T["ranks"])
FOREIGN_CAPABLE = frozenset(_T["foreign_capable"])
IMPLIED_ORG: dict[str, str] = dict(_T["implied_org"])
WRITTEN_WITH_ORG = frozenset(_T["spelling"]["written_with_org"])
SELF_CONTAINED = frozenset(_T["spelling"]["self_contained"]) | RANKS
TITLE_LOWER_PHRASES = tuple(_T["body"]["lower_words"])
TITLE_LOWER_WORDS = frozenset(w for p in TITLE_LOWER_PHRASES for w in p.split())
MINISTRY_SHORT = _T["body"]["ministries_short"]
HOME_ACRONYMS = frozenset(_T["body"]["home_acronyms"])

# ----------------------------------------------------------------------------- places
_G = load("places")
_COUNTRY_PREFIXES = ("Cộng hòa", "Cộng hoà", "CH", "Vương quốc", "Liên bang", "nước")
COUNTRIES: dict[str, list[str]] = {}
for _c, _al in _G["countries"].items():
    _more = [f"{p} {_c}" for p in _COUNTRY_PREFIXES if f"{p} {_c}" not in _al]
    COUNTRIES[_c] = list(_al) + _more
COUNTRY_OF = _aliases("places.countries", COUNTRIES)
VIETNAM_PLACES = frozenset(_G["places"]["vietnam"])
WORLD_PLACES = frozenset(_G["places"]["world"])
PLACE_WORDS = VIETNAM_PLACES | WORLD_PLACES

# ----------------------------------------------------------------------------- organisations
_O = load("organizations")
_UN_FORMS = ["Liên Hợp Quốc", "Liên hợp quốc", "Liên Hiệp Quốc", "Liên hiệp quốc", "LHQ", "Liên hợp Quốc"]


def _with_un_forms(forms: list[str]) -> list[str]:
    out: list[str] = []
    for form in forms:
        for un in _UN_FORMS:
            if un in form:
                out += [form.replace(un, other) for other in _UN_FORMS]
        out.append(form)
    return list(dict.fromkeys(out))


ORGANIZATIONS: dict[str, tuple[str, list[str]]] = {}
for _name, _spec in _O["organizations"].items():
    _forms = _with_un_forms([_name, *_spec["aliases"]])
    ORGANIZATIONS[_name] = (_spec["kind"], [f for f in _forms if f != _name])
ORG_OF = _aliases("organizations", {n: al for n, (_k, al) in ORGANIZATIONS.items()})
ORG_KIND_WORDS = _O["kinds"]["words"]
COMPANY_WORDS = frozenset(_O["companies"]["words"])


def org_surface_forms() -> dict[str, str]:
    """Every way an organisation of the lexicon is written -> its canonical name.

    ``Hội đồng Bảo an Liên hợp quốc``, ``Hội đồng Bảo an LHQ`` … all name one council.
    """
    return dict(ORG_OF)


# ----------------------------------------------------------------------------- events
_E = load("events")
EVENT_HEADS: dict[str, str] = dict(_E["heads"])
OCCASIONS: dict[str, str] = dict(_E["occasions"])
CLASSIFIERS = frozenset(_E["classifiers"]["words"])
EVENT_LOWER_PHRASES = _E["words"]["lower_phrases"]
EVENT_DESCRIPTORS = _E["words"]["descriptors"]
EVENT_STOP_WORDS = _E["words"]["stop_words"]
EVENT_STOP_COMPOUNDS = frozenset(_E["words"]["stop_compounds"])

# ----------------------------------------------------------------------------- verbs
_V = load("verbs")
ROLE_VERBS: dict[str, str] = dict(_V["roles"])
OBJECTLESS_VERBS = frozenset(_V["objectless"]["verbs"])
OPENERS: dict[str, str] = dict(_V["openers"])

# ----------------------------------------------------------------------------- dates
# "Ngày 25/1", "Chiều 29-12", "Sáng 15/12", "Tối 3/8/2024", "Sáng nay (20/12)"
TIME_OF_DAY = r"(?:[Nn]gày|[Ss]áng sớm|[Cc]hiều tối|[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Hh]ôm)"

# ----------------------------------------------------------------------------- documents
_D = load("documents")
DIRECTIVE_KINDS = _D["kinds"]
CODE_KINDS: dict[str, str] = dict(_D["code_kinds"])
ISSUERS = _D["issuers"]["names"]

# ----------------------------------------------------------------------------- roles
_R = load("roles")
ROLE_TITLES = _R["titles"]
ROLE_CUES = _R["cues"]
ROLE_NOT_HELD = _R["not_held"]

# one word read as a regex alternative, longest first
def alternation(words) -> str:
    """``words`` as one regex alternative (a trie: longest first, fast on long lists)."""
    return trie_alternation(words)
