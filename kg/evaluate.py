"""Measuring extraction: precision and recall against gold facts, per category and per rule.

:func:`evaluate` builds a corpus (or opens a built graph), asks it the eight questions of the
query pack the evaluation scorer asks (``persons``, ``offices``, ``events``,
``event-chairs``, ``event-participants``, ``directives``, ``international-roles``,
``organizations``) and compares the rows with a gold folder: one JSON file per article, in
the format of the shared evaluation (``persons``, ``offices``, ``events`` with ``chairs``
and ``participants``, ``directives``, ``roles``, ``organizations``).

The comparison mirrors the published rules of the evaluation scorer (``score.py`` beside
the shared development set), so ``kg eval`` and the scorer give the same figures on the
same corpus and gold (``tests/test_evaluate.py`` checks this):

* names are folded (case, diacritics, ``đ`` → ``d``, punctuation) before comparing;
* an office matches when the titles are equal or one is the other plus a place or body,
  after dropping honorifics, ``cựu``/``nguyên`` and a few equivalent spellings
  (:func:`same_office`);
* events match by name similarity (:func:`name_sim`, :func:`event_match`): same ordinal
  numbers, same part-of-event words (opening, closing, session), no two different years;
* directives by kind and number (:func:`directive_key`), else by name;
* roles by holder, role name and the years the gold gives;
* an office row that states a gold role of a gold person is scored as a role
  (:func:`shift_person_roles`);
* gold facts stated by several articles count once; each gold fact is matched by at most
  one row (a maximum one-to-one matching by augmenting paths), so a duplicate row is a
  false positive;
* the overall figures are micro-averaged over every category but ``organizations``.

What the scorer cannot tell, and this module adds, is *which rule* is behind each row:
every node and fact of the graph keeps the :class:`~kg.model.Provenance` of the sentences
it was read from, each with the id of the extraction rule that read it. A row is supported
by the rules of the node or fact behind it (a person row by the person's sources, an
office row by the tenure's, a chair row by the participation's …). For each rule and
category, :class:`RuleScore` counts the rows it supports, how many of them the matching
gave a gold fact, and shows a few of the wrong ones with the sentence they came from.
Rules that read dates (``makes == "date"``) are scored on event dates instead, the way
the scorer counts them: among found gold events that carry a date, how many dates agree.

>>> ev = evaluate("tests/data/sample_gold")                 # doctest: +SKIP
>>> ev.f1, ev.categories["offices"].precision               # doctest: +SKIP
>>> [(r.rule, r.category, r.precision) for r in ev.rules[:3]]   # worst first  # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from kg.errors import EvaluationError
from kg.model import KnowledgeGraph, Provenance

CATEGORIES = ("persons", "offices", "events", "event-chairs", "event-participants",
              "directives", "international-roles", "organizations")
IN_TOTAL = tuple(c for c in CATEGORIES if c != "organizations")  # bodies are a convention
DATES = "event-dates"  # the category date rules are scored in

# ----------------------------------------------------------------------------- normalising
# These mirror the scorer's published rules; keep them in step with it, not "improved".


def fold(text: Any) -> str:
    """Case and diacritics dropped (``đ`` → ``d``); letters a–z, digits, ``/`` and single spaces.

    >>> fold("Hội nghị Ngoại giao lần thứ 31")
    'hoi nghi ngoai giao lan thu 31'
    """
    return "" if text is None else _fold(str(text))


@lru_cache(maxsize=100_000)  # names are compared many times each
def _fold(text: str) -> str:
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn").casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^0-9a-z/]+", " ", s)).strip()


# Other names of the same body, folded (LHQ, UN … are the United Nations).
_ORG_SAME = {
    "lien hiep quoc": "lien hop quoc", "lhq": "lien hop quoc", "un": "lien hop quoc",
    "united nations": "lien hop quoc",
    "hdba": "hoi dong bao an lien hop quoc", "hoi dong bao an": "hoi dong bao an lien hop quoc",
    "hoi dong bao an lhq": "hoi dong bao an lien hop quoc",
    "un security council": "hoi dong bao an lien hop quoc",
    "hoi dong nhan quyen": "hoi dong nhan quyen lien hop quoc",
    "hoi dong nhan quyen lhq": "hoi dong nhan quyen lien hop quoc",
    "hiep hoi cac quoc gia dong nam a": "asean",
    "bo ngoai giao viet nam": "bo ngoai giao",
    "hoi dong kinh te va xa hoi lien hop quoc": "ecosoc",
    "dai hoi dong lien minh nghi vien asean": "aipa",
}
_COUNTRY_SAME = {"vietnam": "viet nam", "vn": "viet nam", "nuoc ta": "viet nam",
                 "cong hoa xa hoi chu nghia viet nam": "viet nam"}

# Words too common in event names to say which event it is.
_COMMON_WORDS = frozenset({"cua", "ve", "va", "lan", "thu", "nam", "nganh", "cac", "nhung", "cuoc",
                           "hop", "le", "hoi", "nghi", "dai", "the", "viet"})
# Words that make a part of an event (its opening, closing, a session) another event.
_PART_WORDS = frozenset({"be", "khai", "phien", "le", "tien"})


def norm_org(text: Any) -> str:
    f = fold(text)
    return _ORG_SAME.get(f, f).replace("lien hiep quoc", "lien hop quoc")


def norm_office(text: Any) -> str:
    """A title without honorific, ``cựu``/``nguyên``, and with one spelling of a few bodies."""
    f = fold(text)
    f = re.sub(r"^(ong|ba|dong chi) ", "", f)
    f = re.sub(r"^(cuu|nguyen) ", "", f)
    f = re.sub(r"\b(bo truong|thu truong) bo\b", r"\1", f)  # Bộ trưởng [Bộ] Ngoại giao
    f = re.sub(r"\bthu tuong chinh phu\b", "thu tuong", f)
    f = re.sub(r"\bthuong truc chinh phu\b", "thuong truc", f)
    return f.replace("lien hiep quoc", "lien hop quoc").strip()


def same_office(a: Any, b: Any) -> bool:
    """Equal titles, or the shorter one followed by a place or body in the longer one
    (``Giám đốc Sở Ngoại vụ`` and ``Giám đốc Sở Ngoại vụ Hà Tĩnh``); ``Thường trực`` after
    it makes another office."""
    short, long_ = sorted((norm_office(a), norm_office(b)), key=len)
    if short == long_:
        return True
    return (bool(short) and long_.startswith(short + " ")
            and not long_[len(short):].strip().startswith("thuong truc"))


def _tokens(text: Any) -> frozenset[str]:
    return _split(fold(text))


@lru_cache(maxsize=100_000)
def _split(folded: str) -> frozenset[str]:
    return frozenset(folded.replace("/", " ").split())


def _numbers(text: Any) -> set[str]:
    """Digits and capital Roman numerals (``XIII``) in a name."""
    return ({t for t in _tokens(text) if t.isdigit()}
            | {t.casefold() for t in re.findall(r"\b[IVXLC]{2,}\b", str(text or ""))})


def _is_year(token: str) -> bool:
    return re.fullmatch(r"(19|20)\d\d", token) is not None


def same_numbers(a: Any, b: Any) -> bool:
    """Ordinals agree; a year in one name only is allowed, two different years are not."""
    na, nb = _numbers(a), _numbers(b)
    ya, yb = {t for t in na if _is_year(t)}, {t for t in nb if _is_year(t)}
    if na - ya != nb - yb:
        return False
    return not ya or not yb or ya == yb


def name_sim(a: Any, b: Any) -> float:
    """How alike two event or role names are, 0–1: 0 when their numbers differ; else word
    overlap (Jaccard), or 0.9 × containment when the shorter name is specific (three content
    words or more, at least a third of the longer one)."""
    if not same_numbers(a, b):
        return 0.0
    ta, tb = _tokens(a) - _COMMON_WORDS, _tokens(b) - _COMMON_WORDS
    if not ta or not tb:
        return 1.0 if fold(a) == fold(b) else 0.0
    shared = len(ta & tb)
    small, large = sorted((ta, tb), key=len)
    specific = small <= large and len(small) >= 3 and 3 * len(small) >= len(large)
    return max(shared / len(ta | tb), (shared / len(small) if specific else 0.0) * 0.9)


def names_of(item: dict, key: str) -> list[str]:
    """``item[key]`` and its other names (``aliases``, ``names``), the empty ones left out."""
    found = [item.get(key), *(item.get("aliases") or []), *(item.get("names") or [])]
    return [x for x in found if x]


def year_of(value: Any) -> str | None:
    m = re.search(r"(1[89]|20)\d\d", str(value)) if value is not None else None
    return m.group(0) if m else None


def month_day(value: Any) -> str | None:
    if value is None:
        return None
    m = (re.search(r"(?:\d{4}-)?(\d{2})-(\d{2})$", str(value))
         or re.search(r"\d{4}-(\d{2})-(\d{2})", str(value)))
    return f"{m.group(1)}-{m.group(2)}" if m else None


_DOC_KINDS = ("chi thi", "nghi quyet", "ket luan", "quyet dinh")


def directive_key(d: dict) -> tuple[str, str] | None:
    """(kind, number) of a directive, folded: ``("chi thi", "25")``; None when either is unknown."""
    kind = fold(d.get("kind"))
    label = fold(" ".join(names_of(d, "directive")))
    m = (re.search(r"\b(\d+)\b", str(d.get("code") or ""))
         or re.search(r"(?:chi thi|nghi quyet|ket luan|quyet dinh) (?:so )?(\d+)", label))
    if not kind:
        for k in _DOC_KINDS:
            if label.startswith(k):
                kind = k
    return (kind, m.group(1)) if m and kind else None


def event_match(gold_event: dict, other: dict) -> bool:
    """The same event: no two different years, and some pair of their names with the same
    part-of-event words and :func:`name_sim` ≥ 0.6."""
    gy, oy = year_of(gold_event.get("date")), year_of(other.get("date"))
    if gy and oy and gy != oy:
        return False
    mine = names_of(gold_event, "name") + names_of(gold_event, "event")
    theirs = names_of(other, "name") + names_of(other, "event")
    return any(_tokens(x) & _PART_WORDS == _tokens(y) & _PART_WORDS and name_sim(x, y) >= 0.6
               for x in mine for y in theirs)


def _role_words(text: Any) -> str:
    return re.sub(r"\b(nhiem ky|nam)\b", " ", fold(text))


def match(category: str, gold: dict, row: dict) -> bool:
    """Whether a row of ``category`` states the gold fact."""
    if category == "persons":
        return any(fold(gold["person"]) == fold(n) for n in names_of(row, "person"))
    if category == "organizations":
        return any(norm_org(gold["organization"]) == norm_org(n) for n in names_of(row, "organization"))
    if category == "offices":
        return fold(gold["person"]) == fold(row.get("person")) and same_office(gold["office"], row.get("office"))
    if category == "events":
        return event_match(gold, row)
    if category in ("event-chairs", "event-participants"):
        return (fold(gold["person"]) == fold(row.get("person"))
                and event_match(gold["event"], {"event": row.get("event"),
                                                "date": row.get("date") or row.get("year")}))
    if category == "directives":
        gk, rk = directive_key(gold), directive_key(row)
        if gk and rk:
            return gk == rk
        return any(name_sim(x, y) >= 0.7 for x in names_of(gold, "code") + names_of(gold, "names")
                   for y in names_of(row, "directive"))
    if category == "international-roles":
        def holder(v: Any) -> str:
            return _COUNTRY_SAME.get(fold(v), fold(v))
        gr, rr = _role_words(gold["role"]), re.sub(r"\b(19|20)\d\d\b", " ", _role_words(row.get("role")))
        return (holder(row.get("holder")) == holder(gold["holder"])
                and (name_sim(gr, rr) >= 0.6 or norm_org(gr) == norm_org(rr))
                and all(gold.get(k) is None or year_of(row.get(k)) == str(gold[k]) for k in ("start", "end")))
    raise ValueError(f"unknown category {category!r}")


def candidates(category: str, gold: list[dict], rows: list[dict]) -> list[list[int]]:
    """For each gold fact, the indexes of the rows that state it."""
    return [[i for i, r in enumerate(rows) if match(category, g, r)] for g in gold]


def one_to_one(cands: list[list[int]]) -> dict[int, int]:
    """The largest matching of gold facts to rows (augmenting paths, gold in order, rows in
    order), from :func:`candidates`: ``{row index: gold index}``. A loose match cannot take
    the row another gold fact needs, and a row counts for one gold fact at most."""
    owner: dict[int, int] = {}

    def augment(gi: int, seen: set[int]) -> bool:
        for i in cands[gi]:
            if i not in seen:
                seen.add(i)
                if i not in owner or augment(owner[i], seen):
                    owner[i] = gi
                    return True
        return False

    for gi in range(len(cands)):
        augment(gi, set())
    return owner


def dated_events(gold: list[dict], rows: list[dict]) -> list[tuple[int, int, bool]]:
    """For every gold event with a date that some row matches: (gold index, the row whose
    name is closest to it, whether the dates agree — month-day and year, where the gold
    gives them)."""
    out = []
    for gi, g in enumerate(gold):
        found = [i for i, r in enumerate(rows) if event_match(g, r)] if g.get("date") else []
        if not found:
            continue
        best = max(found, key=lambda i: max(name_sim(x, y) for x in names_of(g, "name")
                                            for y in names_of(rows[i], "event") + names_of(rows[i], "name")))
        date = rows[best].get("date")
        gmd, gy = month_day(g["date"]), year_of(g["date"])
        out.append((gi, best, (gmd is None or gmd == month_day(date)) and (gy is None or gy == year_of(date))))
    return out


# ----------------------------------------------------------------------------- gold


def _same_gold(category: str, a: dict, b: dict) -> bool:
    if category in ("event-chairs", "event-participants"):
        return fold(a["person"]) == fold(b["person"]) and event_match(a["event"], b["event"])
    if category == "events":
        return event_match(a, b)
    return match(category, a, b)


_GOLD_HINT = "see the gold format in README.md, 'Measuring extraction'"
_NEEDS = {"offices": ("person", "office"), "events": ("name",), "roles": ("holder", "role")}  # fields matching reads


def _read_gold_file(path: Path) -> dict:
    """One gold file, checked: the lists the matching reads hold names or objects with the
    fields it needs. :class:`~kg.errors.EvaluationError` names the file and what is wrong."""
    try:
        art = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise EvaluationError(f"gold file {path} is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})",
                              "fix the file; `python3 -m json.tool FILE` shows where") from None
    except (OSError, UnicodeDecodeError) as e:
        raise EvaluationError(f"gold file {path} cannot be read ({e.__class__.__name__})",
                              "gold files are UTF-8 JSON") from None
    if not isinstance(art, dict):
        raise EvaluationError(f"gold file {path} is not a JSON object", _GOLD_HINT)

    def names(items: Any, where: str) -> None:
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            raise EvaluationError(f"gold file {path}: '{where}' is not a list of names", _GOLD_HINT)

    def objects(key: str) -> None:
        items = art.get(key, [])
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            raise EvaluationError(f"gold file {path}: '{key}' is not a list of objects", _GOLD_HINT)
        for i, item in enumerate(items):
            missing = [k for k in _NEEDS.get(key, ()) if not item.get(k)]
            if missing:
                raise EvaluationError(f"gold file {path}: {key}[{i}] lacks a field: {', '.join(missing)}", _GOLD_HINT)

    names(art.get("persons", []), "persons")
    names(art.get("organizations", []), "organizations")
    for key in ("offices", "events", "directives", "roles"):
        objects(key)
    for i, ev in enumerate(art.get("events", [])):
        names(ev.get("chairs", []), f"events[{i}].chairs")
        names(ev.get("participants", []), f"events[{i}].participants")
    return art


def load_gold(gold_dir: str | Path) -> dict[str, list[dict]]:
    """The gold facts of a folder of ``*.json`` files, by category, each fact once however
    many articles state it. Chairs count as participants too.

    Raises :class:`~kg.errors.EvaluationError` for a missing folder, a folder without
    ``.json`` files, or a file that is not a gold file.
    """
    folder = Path(gold_dir)
    hint = "give a folder of gold files, one ARTICLE_ID.json per article (e.g. tests/data/sample_gold)"
    if not folder.is_dir():
        raise EvaluationError(f"no gold folder {folder}", hint)
    files = sorted(folder.glob("*.json"))
    if not files:
        raise EvaluationError(f"{folder} holds no gold files (*.json)", hint)
    gold: dict[str, list[dict]] = {c: [] for c in CATEGORIES}
    for path in files:
        art = _read_gold_file(path)
        gold["persons"] += [{"person": p} for p in art.get("persons", [])]
        gold["offices"] += art.get("offices", [])
        for ev in art.get("events", []):
            gold["events"].append(ev)
            chairs = ev.get("chairs", [])
            gold["event-chairs"] += [{"person": p, "event": ev} for p in chairs]
            # chairs count as participants (each person once)
            gold["event-participants"] += [{"person": p, "event": ev}
                                           for p in dict.fromkeys(chairs + ev.get("participants", []))]
        gold["directives"] += art.get("directives", [])
        gold["international-roles"] += art.get("roles", [])
        gold["organizations"] += [{"organization": o} for o in art.get("organizations", [])]
    for category, items in gold.items():  # one gold fact per real-world fact
        kept: list[dict] = []
        for it in items:
            if not any(_same_gold(category, it, k) for k in kept):
                kept.append(it)
        gold[category] = kept
    return gold


def gold_articles(gold_dir: str | Path) -> list[str]:
    """The article ids of a gold folder (each file's ``article``, else its name)."""
    out = []
    for path in sorted(Path(gold_dir).glob("*.json")):
        art = json.loads(path.read_text(encoding="utf-8"))
        out.append(str(art.get("article") or path.stem))
    return out


# ----------------------------------------------------------------------------- rows and their rules


@dataclass
class Row:
    """A row of a pack question and the sources of the node or fact behind it."""

    values: dict[str, Any]
    sources: list[Provenance]

    def rules(self) -> list[str]:
        return list(dict.fromkeys(p.rule for p in self.sources))


def shift_person_roles(gold: dict[str, list[dict]], answers: dict[str, list[Row]]) -> None:
    """An office row that states a gold person's international role (``Chủ tịch ASEAN 2020``
    held by a Prime Minister) is scored as a role row: written as an office or as a role,
    it is right. Changes ``answers`` in place (moved rows keep their sources)."""
    people = {fold(p["person"]) for p in gold["persons"]}
    person_roles = [g for g in gold["international-roles"] if fold(g.get("holder")) in people]
    keep, moved = [], []
    for row in answers["offices"]:
        office = row.values.get("office")
        as_role = {"holder": row.values.get("person"), "role": office,
                   "start": year_of(office), "end": year_of(office)}
        if any(match("international-roles", g, as_role) for g in person_roles):
            moved.append(Row(as_role, row.sources))
        else:
            keep.append(row)
    answers["offices"] = keep
    answers["international-roles"] = list(answers["international-roles"]) + moved


class _Sources:
    """The sources of the node or fact behind each row of the pack's questions."""

    def __init__(self, graph: KnowledgeGraph):
        from kg.rdf import borrowed_sources
        from kg.vocab import RESOURCE

        self.graph = graph
        self.prefix = RESOURCE
        self.borrowed = borrowed_sources(graph)
        self.tenures: dict[tuple[str, str], list] = defaultdict(list)
        self.parts: dict[tuple[str, str, str], list] = defaultdict(list)
        for f in graph.facts.values():
            if f.type == "Tenure":
                self.tenures[f.subject, f.object].append(f)
            elif f.type == "Participation":
                self.parts[f.subject, f.object, f.props.get("role", "participant")].append(f)

    def _id(self, iri: Any) -> str:
        s = str(iri or "")
        return s[len(self.prefix):] if s.startswith(self.prefix) else s

    def node(self, iri: Any) -> list[Provenance]:
        n = self.graph.nodes.get(self._id(iri))
        return [] if n is None else (n.sources or self.borrowed.get(n.id, []))

    @staticmethod
    def _of(facts: Iterable) -> list[Provenance]:
        return list(dict.fromkeys(p for f in facts for p in f.sources))

    def of_row(self, category: str, row: dict) -> list[Provenance]:
        if category in ("persons", "events", "directives", "organizations"):
            return self.node(row.get("id"))
        if category == "offices":
            return self._of(self.tenures.get((self._id(row.get("person_id")), self._id(row.get("office_id"))), []))
        if category in ("event-chairs", "event-participants"):
            role = "chair" if category == "event-chairs" else row.get("role", "participant")
            return self._of(self.parts.get((self._id(row.get("person_id")), self._id(row.get("event_id")), role), []))
        if category == "international-roles":
            post = self._id(row.get("role_id"))
            held = [f for (subject, obj), fs in self.tenures.items() if obj == post for f in fs
                    if self.graph.nodes.get(subject) is not None and self.graph.nodes[subject].label == row.get("holder")]
            dated = [f for f in held if (f.props.get("start"), f.props.get("end")) == (row.get("start"), row.get("end"))]
            return self._of(dated or held)
        raise ValueError(f"unknown category {category!r}")


def pack_rows(graph_dir: str | Path, graph: KnowledgeGraph) -> dict[str, list[Row]]:
    """The rows of the eight questions on a built graph, as ``kg query NAME --format json``
    prints them, each with the sources of the node or fact behind it."""
    from kg.query import bind_params, get_query
    from kg.query.sparql import run_sparql
    from kg.rdf.store import open_store

    sources = _Sources(graph)
    store = open_store(Path(graph_dir))
    out: dict[str, list[Row]] = {}
    for category in CATEGORIES:
        q = get_query(category)
        result = run_sparql(q, Path(graph_dir), bind_params(q, {}), store=store)
        out[category] = [Row(r, sources.of_row(category, r)) for r in result.rows]
    return out


# ----------------------------------------------------------------------------- results


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class CategoryScore:
    """One question of the pack against the gold: ``tp`` rows matched one-to-one."""

    category: str
    gold: int
    rows: int
    tp: int
    dates_right: int | None = None  # events: found gold events whose date agrees …
    dates_total: int | None = None  # … among those that have one

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.rows)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.gold)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def to_dict(self) -> dict[str, Any]:
        """As the scorer prints it with ``--json`` (figures rounded to 3 places)."""
        d: dict[str, Any] = {"gold": self.gold, "rows": self.rows, "tp": self.tp,
                             "precision": round(self.precision, 3), "recall": round(self.recall, 3),
                             "f1": round(self.f1, 3)}
        if self.dates_total is not None:
            d["dates_right"] = f"{self.dates_right}/{self.dates_total}"
        return d


@dataclass
class WrongRow:
    """A row a rule supports that no gold fact was matched to, and a sentence it came from."""

    values: dict[str, Any]
    article: str
    sentence: str
    duplicate: bool = False  # it states a gold fact, but another row was matched to it
    expected: str | None = None  # event dates: the gold date

    def to_dict(self) -> dict[str, Any]:
        d = {"row": self.values, "article": self.article, "sentence": self.sentence,
             "duplicate": self.duplicate}
        if self.expected is not None:
            d["expected"] = self.expected
        return d


@dataclass
class RuleScore:
    """One rule id in one category: the rows it supports, how many are right.

    ``precision`` is the share of its rows matched to a gold fact; ``recall_share`` the share
    of the category's gold facts found by a row it supports (several rules support one row,
    so shares add up to more than the recall). In ``event-dates``, rows are found gold
    events with a date whose row has a date read by this rule, and right means the dates
    agree."""

    rule: str
    category: str
    makes: str
    registered: bool
    gold: int
    rows: int = 0
    tp: int = 0
    duplicates: int = 0
    wrong: list[WrongRow] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.rows)

    @property
    def recall_share(self) -> float:
        return _ratio(self.tp, self.gold)

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "category": self.category, "makes": self.makes,
                "registered": self.registered, "rows": self.rows, "tp": self.tp,
                "wrong": self.rows - self.tp, "duplicates": self.duplicates, "gold": self.gold,
                "precision": round(self.precision, 3), "recall_share": round(self.recall_share, 3),
                "examples": [w.to_dict() for w in self.wrong]}


@dataclass
class Evaluation:
    """Figures per category (the scorer's) and per rule (worst precision first)."""

    gold_dir: Path
    categories: dict[str, CategoryScore]
    rules: list[RuleScore]
    unused_rules: list[str] = field(default_factory=list)  # registered ids no row came from
    articles: int = 0
    gold_files: int = 0
    missing_articles: list[str] = field(default_factory=list)  # gold files for articles not in the graph

    def _totals(self) -> tuple[int, int, int]:
        cs = [self.categories[c] for c in IN_TOTAL]
        return sum(c.tp for c in cs), sum(c.rows for c in cs), sum(c.gold for c in cs)

    @property
    def precision(self) -> float:
        """Micro-averaged over every category but organizations, as the scorer."""
        tp, rows, _ = self._totals()
        return _ratio(tp, rows)

    @property
    def recall(self) -> float:
        tp, _, gold = self._totals()
        return _ratio(tp, gold)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def to_dict(self) -> dict[str, Any]:
        return {"gold_dir": str(self.gold_dir), "gold_files": self.gold_files, "articles": self.articles,
                "missing_articles": self.missing_articles,
                "categories": {c: s.to_dict() for c, s in self.categories.items()},
                "precision": self.precision, "recall": self.recall, "f1": self.f1,
                "rules": [r.to_dict() for r in self.rules], "unused_rules": self.unused_rules}


# ----------------------------------------------------------------------------- scoring


def _registry() -> dict[str, str]:
    """Every registered rule id -> what it makes."""
    from kg.extract.rules import RULES

    return {i: r.makes for r in RULES for i in r.ids}


def _makes(rule: str, registry: dict[str, str]) -> str:
    """What a rule id makes; for an id that is not registered, what its family makes
    (``event.described`` -> ``event``)."""
    if rule in registry:
        return registry[rule]
    family = rule.split(".")[0]
    for rid, makes in registry.items():
        if rid == family or rid.startswith(family + "."):
            return makes
    return "?"


NO_SOURCE = "(no source)"
NO_DATE_RULE = "(no date rule)"


def score_rows(gold: dict[str, list[dict]], answers: dict[str, list[Row]], *,
               examples: int = 3) -> tuple[dict[str, CategoryScore], list[RuleScore]]:
    """Score the rows of the eight questions against the gold, per category and per rule.

    ``answers`` is changed (office rows that state a person's role move to roles). Rule
    scores are sorted worst precision first, then most wrong rows first."""
    registry = _registry()
    shift_person_roles(gold, answers)
    categories: dict[str, CategoryScore] = {}
    scores: dict[tuple[str, str], RuleScore] = {}

    def rule_score(rule: str, category: str, denominator: int) -> RuleScore:
        key = (rule, category)
        if key not in scores:
            scores[key] = RuleScore(rule, category, _makes(rule, registry), rule in registry, denominator)
        return scores[key]

    def source_of(row: Row, rule: str) -> tuple[str, str]:
        p = next((p for p in row.sources if p.rule == rule), row.sources[0] if row.sources else None)
        return (p.article, p.sentence) if p else ("", "")

    for c in CATEGORIES:
        rows = answers[c]
        values = [r.values for r in rows]
        cands = candidates(c, gold[c], values)
        owner = one_to_one(cands)
        stating = {i for cs in cands for i in cs}
        cat = categories[c] = CategoryScore(c, len(gold[c]), len(rows), len(owner))
        for i, row in enumerate(rows):
            rules = [r for r in row.rules() if _makes(r, registry) != "date"] or [NO_SOURCE]
            for rule in rules:
                s = rule_score(rule, c, cat.gold)
                s.rows += 1
                if i in owner:
                    s.tp += 1
                    continue
                s.duplicates += i in stating
                if len(s.wrong) < examples:
                    s.wrong.append(WrongRow(row.values, *source_of(row, rule), duplicate=i in stating))
        if c == "events":
            dated = dated_events(gold[c], values)
            cat.dates_right, cat.dates_total = sum(ok for _, _, ok in dated), len(dated)
            for gi, ri, ok in dated:
                row = rows[ri]
                for rule in [r for r in row.rules() if _makes(r, registry) == "date"] or [NO_DATE_RULE]:
                    s = rule_score(rule, DATES, cat.dates_total)
                    s.rows += 1
                    s.tp += ok
                    if not ok and len(s.wrong) < examples:
                        s.wrong.append(WrongRow(row.values, *source_of(row, rule),
                                                expected=str(gold[c][gi].get("date"))))
    ranked = sorted(scores.values(), key=lambda s: (s.precision, -(s.rows - s.tp), s.rule, s.category))
    return categories, ranked


def evaluate(gold_dir: str | Path, corpus: Iterable[str | Path] | None = None, *,
             graph: str | Path | None = None, examples: int = 3, jobs: int = 1) -> Evaluation:
    """Build ``corpus`` (default: the bundled sample) into a temporary folder — or open the
    already built ``graph`` folder — and score it against the gold folder ``gold_dir``.

    ``examples`` wrong rows are kept per rule and category. Raises
    :class:`~kg.errors.EvaluationError` for a missing or empty gold folder, a broken gold
    file, or both a corpus and a graph; :class:`~kg.errors.InputError` when the corpus
    cannot be read; :class:`~kg.errors.GraphNotFoundError` when ``graph`` holds no graph.
    """
    from kg.build import build, load_graph
    from kg.extract.rules import rule_ids

    corpus = list(corpus or [])
    if corpus and graph is not None:
        raise EvaluationError("give a corpus or a built graph (--graph), not both",
                              "drop the corpus to score the graph as it is, or drop --graph to build the corpus")
    gold = load_gold(gold_dir)
    if graph is not None:
        kg_graph = load_graph(graph)
        answers = pack_rows(graph, kg_graph)
    else:
        with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
            build(corpus or None, tmp, jobs=jobs)
            kg_graph = load_graph(tmp)
            answers = pack_rows(tmp, kg_graph)
    categories, rules = score_rows(gold, answers, examples=examples)
    seen = {r.rule for r in rules}
    in_graph = {n.props.get("article_id") for n in kg_graph.of_type("Article")}
    golden = gold_articles(gold_dir)
    return Evaluation(
        gold_dir=Path(gold_dir), categories=categories, rules=rules,
        unused_rules=[r for r in rule_ids() if r not in seen],
        articles=len(in_graph), gold_files=len(golden),
        missing_articles=[a for a in golden if a not in in_graph])
