"""Graph analytics over the resolved graph, in the manner of networkx.

Every function takes the :class:`~kg.model.KnowledgeGraph` first, checks its arguments up
front and returns plain data (dicts, lists, str, int, float) that prints as a table or JSON.

* :func:`to_networkx` — the graph as a ``networkx.MultiDiGraph`` (one edge per fact);
* :func:`find_entity` — a name as people type it (no diacritics needed) to a node id;
* :func:`select` — the nodes and edges of a view: types, years, a focus and its
  neighbourhood, at most ``max_nodes`` (the best-connected);
* :func:`count_by_type`, :func:`central_persons`, :func:`co_participants`,
  :func:`components`, :func:`per_year`, :func:`stats` — what ``kg stats`` prints;
* :func:`shortest_path` — the chain of facts that connects two entities, with sources.

>>> from kg.build import load_graph                                   # doctest: +SKIP
>>> g = load_graph("kg-out")                                          # doctest: +SKIP
>>> [s["relation"] for s in shortest_path(g, "thai phuc son", "Pham Binh Minh")["steps"]]  # doctest: +SKIP
['chủ trì', 'dự']
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from typing import Any, Iterable

import networkx as nx

from kg.errors import EntityNotFoundError, ParameterError
from kg.text import fold
from kg.model import FACT_TYPES, NODE_TYPES, Fact, KnowledgeGraph, Node, PartialDate

__all__ = [
    "TYPE_NAMES_VI", "PART_OF", "MENTIONS", "parse_types", "relation_label", "to_networkx",
    "find_entity", "select", "count_by_type", "central_persons", "co_participants",
    "components", "per_year", "stats", "shortest_path",
]

# ----------------------------------------------------------------------------- vocabulary

# What a reader of the Vietnamese page calls each type.
TYPE_NAMES_VI = {
    "Person": "Người",
    "Organization": "Tổ chức",
    "Country": "Quốc gia",
    "Office": "Chức vụ",
    "InternationalRole": "Vai trò quốc tế",
    "Event": "Sự kiện",
    "Directive": "Văn bản chỉ đạo",
    "Article": "Bài báo",
}

# Names accepted by ``--types``: the type, lower case, a short form, or its Vietnamese name.
_TYPE_WORDS = {fold(t): t for t in NODE_TYPES}
_TYPE_WORDS.update({fold(v): k for k, v in TYPE_NAMES_VI.items()})
_TYPE_WORDS.update({"persons": "Person", "people": "Person", "org": "Organization",
                    "organisation": "Organization", "organizations": "Organization",
                    "countries": "Country", "offices": "Office", "role": "InternationalRole",
                    "roles": "InternationalRole", "events": "Event", "directives": "Directive",
                    "articles": "Article", "international role": "InternationalRole"})

# Edges that are not facts of the graph but structure it.
PART_OF = "PartOf"  # an office or an international role belongs to an organisation (props["org"])
MENTIONS = "Mentions"  # an article names an entity (only when articles are drawn)

# Dated node types: their own dates place them in time; the others take their articles' years.
_DATED_TYPES = ("Event", "Article")


def parse_types(types: str | Iterable[str] | None) -> tuple[str, ...]:
    """``"person,event"`` (or a list of names) -> ``("Person", "Event")``; None -> every type but Article.

    Raises :class:`~kg.errors.ParameterError` for an unknown name.
    """
    if types is None:
        return tuple(t for t in NODE_TYPES if t != "Article")
    words = types.split(",") if isinstance(types, str) else list(types)
    out: list[str] = []
    for w in words:
        if not w.strip():
            continue
        t = _TYPE_WORDS.get(fold(w))
        if t is None:
            raise ParameterError(f"unknown type '{w.strip()}'",
                                 "use person, organization, country, office, role, event, directive or article")
        if t not in out:
            out.append(t)
    if not out:
        raise ParameterError("no type given", "use e.g. --types person,event")
    return tuple(out)


def relation_label(kg: KnowledgeGraph, fact: Fact) -> str:
    """The Vietnamese verb of a fact, as a news reader would say it.

    Participation: ``chủ trì`` (or ``đồng chủ trì`` when written so) / ``dự``;
    Tenure: ``giữ chức`` (a person) / ``đảm nhiệm`` (a country's international role);
    Issued: ``ban hành``; DirectiveLink: ``sơ kết`` / ``tổng kết`` / ``triển khai``.
    """
    if fact.type == "Participation":
        if fact.props.get("role") == "chair":
            written = [d for d in fact.props.get("details") or [] if "chủ trì" in d]
            return "đồng chủ trì" if any("đồng chủ trì" in d for d in written) else "chủ trì"
        return "dự"
    if fact.type == "Tenure":
        subject = kg.nodes.get(fact.subject)
        return "đảm nhiệm" if subject is not None and subject.type == "Country" else "giữ chức"
    if fact.type == "Issued":
        return "ban hành"
    if fact.type == "DirectiveLink":
        if fact.props.get("relation") == "implements":
            return "triển khai"
        event = kg.nodes.get(fact.subject)
        # "Hội nghị tổng kết 10 năm thực hiện Nghị quyết 22" reviews at the end, "sơ kết" midway
        return "tổng kết" if event is not None and "tổng kết" in event.label.lower() else "sơ kết"
    return fact.type


# ----------------------------------------------------------------------------- the networkx graph


def to_networkx(kg: KnowledgeGraph, *, articles: bool = False) -> nx.MultiDiGraph:
    """The graph as a ``MultiDiGraph``: one node per entity, one edge per fact.

    Node attributes: ``type``, ``label``. Edge keys are fact ids; edge attributes ``type``
    (Tenure, Participation, Issued, DirectiveLink), ``label`` (Vietnamese, see
    :func:`relation_label`) and ``fact`` (the fact id). An office or international role
    also links to its organisation (type ``PartOf``, label ``thuộc``, key ``partof:<id>``).
    Article nodes are left out unless ``articles``; then each article links to every
    entity it names (type ``Mentions``, label ``đưa tin``). Facts whose ends are missing
    from the graph are skipped. Nodes and edges are added in id order, so results are
    reproducible.
    """
    _check_graph(kg)
    G = nx.MultiDiGraph()
    for nid in sorted(kg.nodes):
        n = kg.nodes[nid]
        if n.type == "Article" and not articles:
            continue
        G.add_node(nid, type=n.type, label=n.label)
    for fid in sorted(kg.facts):
        f = kg.facts[fid]
        if f.subject in G and f.object in G:
            G.add_edge(f.subject, f.object, key=fid, type=f.type, label=relation_label(kg, f), fact=fid)
    for nid in sorted(kg.nodes):
        n = kg.nodes[nid]
        org = n.props.get("org")
        if n.type in ("Office", "InternationalRole") and org in G and nid in G:
            G.add_edge(nid, org, key=f"partof:{nid}", type=PART_OF, label="thuộc", fact=None)
    if articles:
        by_article = _article_nodes(kg)
        named: dict[str, set[str]] = defaultdict(set)
        for n in kg.nodes.values():
            if n.type != "Article":
                for p in n.sources:
                    named[p.article].add(n.id)
        for f in kg.facts.values():
            for p in f.sources:
                named[p.article].update((f.subject, f.object))
        for art, ids in sorted(named.items()):
            a = by_article.get(art)
            if a is None:
                continue
            for nid in sorted(ids):
                if nid in G:
                    G.add_edge(a.id, nid, key=f"mentions:{a.id}:{nid}", type=MENTIONS, label="đưa tin", fact=None)
    return G


def _check_graph(kg: Any) -> None:
    if not isinstance(kg, KnowledgeGraph):
        raise TypeError(f"expected a KnowledgeGraph, got {type(kg).__name__}")


def _article_nodes(kg: KnowledgeGraph) -> dict[str, Node]:
    """Article id as written in provenance -> its Article node."""
    return {n.props.get("article_id") or n.id: n for n in kg.of_type("Article")}


# ----------------------------------------------------------------------------- names


def find_entity(kg: KnowledgeGraph, name: str, *, types: Iterable[str] | None = None) -> str:
    """The id of the entity called ``name``, diacritics and case ignored.

    A node id matches itself. Otherwise the folded name is compared with each label and
    alias (``"pham binh minh"`` finds *Phạm Bình Minh*): an exact match wins (persons
    first when a name is shared); failing that, the one entity whose name contains the
    words (``"thai phuc"``). Articles are never matched.

    Raises :class:`~kg.errors.EntityNotFoundError` when nothing matches, or when the
    words fit several entities (the message lists them).
    """
    _check_graph(kg)
    if not isinstance(name, str) or not name.strip():
        raise EntityNotFoundError("an empty name matches no entity")
    if name in kg.nodes and kg.nodes[name].type != "Article":
        return name
    allowed = set(types) if types is not None else set(NODE_TYPES) - {"Article"}
    key = fold(name)
    if not key:
        raise EntityNotFoundError(f"'{name}' matches no entity")
    order = {t: i for i, t in enumerate(NODE_TYPES)}
    exact, partial = [], []
    padded = f" {key} "
    for n in kg.nodes.values():
        if n.type not in allowed:
            continue
        names = {fold(x) for x in [n.label, *n.aliases]}
        if key in names:
            exact.append(n)
        elif any(padded in f" {x} " for x in names):
            partial.append(n)
    for found in (exact, partial):
        if not found:
            continue
        found.sort(key=lambda n: (order.get(n.type, 99), n.label, n.id))
        if found is exact or len(found) == 1:
            return found[0].id
        names = ", ".join(f"{n.label} ({n.type})" for n in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise EntityNotFoundError(f"'{name}' is ambiguous: it fits {names}{more}",
                                  "write more of the name")
    raise EntityNotFoundError(f"no entity is called '{name}'")


# ----------------------------------------------------------------------------- time

Span = tuple[int, int | None]  # first year, last year (None: still going on)


def _year(text: Any) -> int | None:
    try:
        d = PartialDate.parse(str(text)) if text else None
    except (ValueError, TypeError):
        return None
    return d.year if d else None


def _article_years(kg: KnowledgeGraph) -> dict[str, int]:
    out = {}
    for art, n in _article_nodes(kg).items():
        y = _year(n.props.get("date"))
        if y:
            out[art] = y
    return out


def _source_span(sources, art_years: dict[str, int]) -> Span | None:
    years = [art_years[p.article] for p in sources if p.article in art_years]
    return (min(years), max(years)) if years else None


def _own_span(n: Node) -> Span | None:
    """An event's or article's own dates (year known), else None."""
    y1 = _year(n.props.get("date"))
    if not y1:
        return None
    y2 = _year(n.props.get("end")) or y1
    return (y1, max(y1, y2))


def node_span(kg: KnowledgeGraph, n: Node, art_years: dict[str, int] | None = None) -> Span | None:
    """When a node belongs in time: its own dates (events, articles) when they give a year,
    else the publication years of the articles it was read from; None when undated."""
    art_years = _article_years(kg) if art_years is None else art_years
    return _own_span(n) or _source_span(n.sources, art_years)


def fact_span(kg: KnowledgeGraph, f: Fact, art_years: dict[str, int] | None = None) -> Span | None:
    """When a fact holds: a tenure's start/end and attested dates, a participation's event
    date; failing those, the publication years of the articles that state it."""
    art_years = _article_years(kg) if art_years is None else art_years
    if f.type == "Tenure":
        start, end = _year(f.props.get("start")), _year(f.props.get("end"))
        seen = [y for y in (_year(a) for a in f.props.get("attested") or []) if y]
        lows = [y for y in (start, *seen) if y]
        if lows:
            if start and not end:
                return (min(lows), None)  # "từ năm 2016": still held as far as we know
            highs = [y for y in (end, *seen) if y]
            return (min(lows), max(highs) if highs else min(lows))
    if f.type == "Participation" and f.object in kg.nodes:
        own = _own_span(kg.nodes[f.object])
        if own:
            return own
    return _source_span(f.sources, art_years)


def _overlaps(span: Span | None, since: int | None, until: int | None) -> bool:
    if span is None:
        return False
    lo, hi = span
    return (until is None or lo <= until) and (since is None or hi is None or hi >= since)


# ----------------------------------------------------------------------------- views


def select(kg: KnowledgeGraph, *, focus: str | None = None, depth: int = 1,
           types: str | Iterable[str] | None = None, since: int | None = None,
           until: int | None = None, max_nodes: int | None = None,
           isolated: bool = True) -> dict[str, Any]:
    """The nodes and edges of a view of the graph, as ``kg export html`` draws it.

    In order: keep the node ``types`` (default every type but Article); keep what falls in
    ``since``..``until`` (years, inclusive: see :func:`fact_span` and :func:`node_span`; an
    undated fact or event is left out when a year is given; an entity without dates of its
    own stays when one of its facts, or one of its articles, is in range); then, with a
    ``focus`` name (see :func:`find_entity`), its neighbourhood up to ``depth`` links — the
    focus itself is always kept; with ``isolated=False``, the entities left without a link
    in the view are dropped and counted (the focus stays); last, when more than
    ``max_nodes`` remain, the best-connected (closest to the focus first) are kept and the
    rest counted.

    Returns ``{"nodes": [id, …], "edges": [[subject, object, key], …], "focus": id | None,
    "total_nodes": int, "total_edges": int, "left_out": {type: count},
    "left_out_edges": int, "min_links_kept": int, "max_links_left_out": int,
    "isolated": {type: count}}`` where the totals count the view before the ``max_nodes``
    cut (and after the isolated entities are dropped).

    Raises :class:`~kg.errors.ParameterError` for bad arguments and
    :class:`~kg.errors.EntityNotFoundError` for an unknown focus.
    """
    _check_graph(kg)
    keep_types = set(parse_types(types))
    if not isinstance(depth, int) or depth < 0:
        raise ParameterError(f"depth must be 0 or more, not {depth}", "use e.g. --depth 2")
    if max_nodes is not None and (not isinstance(max_nodes, int) or max_nodes < 1):
        raise ParameterError(f"max-nodes must be 1 or more, not {max_nodes}", "use e.g. --max-nodes 1500")
    if since is not None and until is not None and since > until:
        raise ParameterError(f"--since {since} is after --until {until}", "give the earlier year first")
    fid = find_entity(kg, focus) if focus is not None else None

    G = to_networkx(kg, articles="Article" in keep_types)
    art_years = _article_years(kg)
    dated = since is not None or until is not None
    drop_nodes = [n for n, t in G.nodes(data="type") if t not in keep_types and n != fid]
    G.remove_nodes_from(drop_nodes)
    if dated:
        drop_edges = []
        for u, v, k, d in G.edges(keys=True, data=True):
            if d["fact"] is not None:
                span = fact_span(kg, kg.facts[d["fact"]], art_years)
            else:  # PartOf / Mentions: as dated as their ends
                span = node_span(kg, kg.nodes[u], art_years) or node_span(kg, kg.nodes[v], art_years)
            if not _overlaps(span, since, until):
                drop_edges.append((u, v, k))
        G.remove_edges_from(drop_edges)
        drop = []
        for nid in G:
            if nid == fid:
                continue
            n = kg.nodes[nid]
            if n.type in _DATED_TYPES and _own_span(n) is not None:
                keep = _overlaps(_own_span(n), since, until)
            else:
                keep = G.degree(nid) > 0 or _overlaps(node_span(kg, n, art_years), since, until)
            if not keep:
                drop.append(nid)
        G.remove_nodes_from(drop)
    if fid is not None:
        dist = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), fid, cutoff=depth)
        G = G.subgraph(dist).copy()
    else:
        dist = {}

    lone: Counter = Counter()
    if not isolated:
        alone = [n for n in G if n != fid and G.degree(n) == 0]
        lone.update(G.nodes[n]["type"] for n in alone)
        G.remove_nodes_from(alone)
    total_nodes, total_edges = G.number_of_nodes(), G.number_of_edges()
    left_out: Counter = Counter()
    min_kept = max_left = 0
    if max_nodes is not None and total_nodes > max_nodes:
        links = {n: len(set(G.predecessors(n)) | set(G.successors(n))) for n in G}
        ranked = sorted(G, key=lambda n: (dist.get(n, 0), -links[n], n))
        kept, gone = ranked[:max_nodes], ranked[max_nodes:]
        left_out.update(G.nodes[n]["type"] for n in gone)
        min_kept = min(links[n] for n in kept)
        max_left = max(links[n] for n in gone)
        G = G.subgraph(kept).copy()
    nodes = sorted(G)
    edges = sorted([u, v, k] for u, v, k in G.edges(keys=True))
    return {"nodes": nodes, "edges": edges, "focus": fid,
            "total_nodes": total_nodes, "total_edges": total_edges,
            "left_out": dict(sorted(left_out.items())), "left_out_edges": total_edges - len(edges),
            "min_links_kept": min_kept, "max_links_left_out": max_left,
            "isolated": dict(sorted(lone.items()))}


# ----------------------------------------------------------------------------- stats


def count_by_type(kg: KnowledgeGraph) -> dict[str, dict[str, int]]:
    """``{"nodes": {type: count}, "facts": {type: count}}``, every known type listed."""
    _check_graph(kg)
    nodes = Counter(n.type for n in kg.nodes.values())
    facts = Counter(f.type for f in kg.facts.values())
    return {"nodes": {t: nodes.get(t, 0) for t in (*NODE_TYPES, *sorted(set(nodes) - set(NODE_TYPES)))},
            "facts": {t: facts.get(t, 0) for t in (*FACT_TYPES, *sorted(set(facts) - set(FACT_TYPES)))}}


def person_event_office_graph(kg: KnowledgeGraph) -> nx.Graph:
    """Persons, the events they took part in and the offices they held (simple, undirected)."""
    _check_graph(kg)
    G = nx.Graph()
    for nid in sorted(kg.nodes):
        n = kg.nodes[nid]
        if n.type in ("Person", "Event", "Office"):
            G.add_node(nid, type=n.type, label=n.label)
    for fid in sorted(kg.facts):
        f = kg.facts[fid]
        if f.type in ("Participation", "Tenure") and f.subject in G and f.object in G \
                and kg.nodes[f.subject].type == "Person":
            G.add_edge(f.subject, f.object)
    return G


# Exact betweenness is O(nodes × edges); above this many nodes it is estimated from samples.
EXACT_BETWEENNESS_LIMIT = 3000


def central_persons(kg: KnowledgeGraph, top: int = 10) -> list[dict[str, Any]]:
    """The ``top`` persons by degree on :func:`person_event_office_graph`, then betweenness.

    Each row: ``id``, ``label``, ``degree`` (events + offices), ``events``, ``offices``,
    ``betweenness`` (normalised; estimated from 1000 seeded samples on graphs over
    :data:`EXACT_BETWEENNESS_LIMIT` nodes, then ``sampled`` is true).
    """
    _check_top(top)
    G = person_event_office_graph(kg)
    persons = [n for n, t in G.nodes(data="type") if t == "Person"]
    if not persons:
        return []
    sampled = G.number_of_nodes() > EXACT_BETWEENNESS_LIMIT
    bc = nx.betweenness_centrality(G, k=1000 if sampled else None, seed=0 if sampled else None)
    rows = []
    for p in persons:
        kinds = Counter(G.nodes[x]["type"] for x in G[p])
        rows.append({"id": p, "label": G.nodes[p]["label"], "degree": G.degree(p),
                     "events": kinds.get("Event", 0), "offices": kinds.get("Office", 0),
                     "betweenness": round(bc[p], 4), "sampled": sampled})
    rows.sort(key=lambda r: (-r["degree"], -r["betweenness"], r["label"], r["id"]))
    return rows[:top]


def co_participants(kg: KnowledgeGraph, top: int = 10) -> list[dict[str, Any]]:
    """Pairs of persons who took part in the same events, most shared events first.

    Each row: ``persons`` (two labels), ``ids``, ``count`` and ``events`` (labels).
    """
    _check_top(top)
    _check_graph(kg)
    at: dict[str, set[str]] = defaultdict(set)
    for f in kg.facts.values():
        if f.type == "Participation" and f.subject in kg.nodes and f.object in kg.nodes:
            at[f.object].add(f.subject)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ev in sorted(at):
        for a, b in itertools.combinations(sorted(at[ev]), 2):
            shared[a, b].append(ev)
    rows = [{"persons": [kg.nodes[a].label, kg.nodes[b].label], "ids": [a, b], "count": len(evs),
             "events": [kg.nodes[e].label for e in evs]} for (a, b), evs in shared.items()]
    rows.sort(key=lambda r: (-r["count"], r["persons"], r["ids"]))
    return rows[:top]


def components(kg: KnowledgeGraph, top: int = 5) -> dict[str, Any]:
    """Connected components of the graph of facts (articles left out).

    Returns ``{"count", "isolated" (entities without any link), "sizes" (largest first),
    "largest": [{"size", "types": {type: count}, "hubs": [labels of its best-connected]}]}``
    with ``top`` components in ``largest``.
    """
    _check_top(top)
    U = to_networkx(kg).to_undirected(as_view=True)
    comps = sorted((sorted(c) for c in nx.connected_components(U)), key=lambda c: (-len(c), c[0]))
    largest = []
    for c in comps[:top]:
        types = Counter(U.nodes[n]["type"] for n in c)
        hubs = sorted(c, key=lambda n: (-len(U[n]), U.nodes[n]["label"]))[:5]
        largest.append({"size": len(c), "types": dict(types.most_common()),
                        "hubs": [U.nodes[n]["label"] for n in hubs]})
    return {"count": len(comps), "isolated": sum(1 for c in comps if len(c) == 1),
            "sizes": [len(c) for c in comps], "largest": largest}


def per_year(kg: KnowledgeGraph) -> list[dict[str, Any]]:
    """Articles published and facts stated per year, oldest first; undated last (year None).

    An article counts in its publication year; a fact in the first year of
    :func:`fact_span` (when it happened, else when it was published).
    """
    _check_graph(kg)
    art_years = _article_years(kg)
    articles = Counter(_year(n.props.get("date")) for n in kg.of_type("Article"))
    facts = Counter()
    for f in kg.facts.values():
        span = fact_span(kg, f, art_years)
        facts[span[0] if span else None] += 1
    years = sorted(y for y in set(articles) | set(facts) if y is not None)
    if None in articles or None in facts:
        years.append(None)
    return [{"year": y, "articles": articles.get(y, 0), "facts": facts.get(y, 0)} for y in years]


def stats(kg: KnowledgeGraph, top: int = 10) -> dict[str, Any]:
    """Everything ``kg stats`` shows: counts, central persons, co-participants,
    components and the years, as one dict (``json.dumps`` ready)."""
    _check_top(top)
    return {"counts": count_by_type(kg), "central_persons": central_persons(kg, top),
            "co_participants": co_participants(kg, top), "components": components(kg, min(top, 5)),
            "per_year": per_year(kg)}


def _check_top(top: Any) -> None:
    if not isinstance(top, int) or top < 1:
        raise ParameterError(f"top must be 1 or more, not {top}", "use e.g. --top 10")


# ----------------------------------------------------------------------------- paths


def _sources(kg: KnowledgeGraph, provs, arts: dict[str, Node]) -> list[dict[str, Any]]:
    out, seen = [], set()
    for p in provs:
        if (p.article, p.sentence) in seen:  # one sentence read by two rules is one source
            continue
        seen.add((p.article, p.sentence))
        a = arts.get(p.article)
        out.append({"article": p.article, "title": a.label if a else None,
                    "date": a.props.get("date") if a else None, "url": a.props.get("url") if a else None,
                    "sentence": p.sentence})
    return out


def shortest_path(kg: KnowledgeGraph, a: str, b: str) -> dict[str, Any] | None:
    """The shortest chain of facts between the entities named ``a`` and ``b``.

    Names as in :func:`find_entity`. Links are facts (and an office's organisation),
    followed either way; articles are not links. Returns ``{"from": label, "to": label,
    "steps": [{"subject", "relation", "object", "type", "fact", "props", "sources":
    [{"article", "title", "date", "url", "sentence"}]}]}`` — each step as the fact is
    stated (subject → object), in path order — or None when the two are not connected.

    Raises :class:`~kg.errors.EntityNotFoundError` for a name that matches no entity.
    """
    src, dst = find_entity(kg, a), find_entity(kg, b)
    G = to_networkx(kg)
    try:
        hops = nx.shortest_path(G.to_undirected(as_view=True), src, dst)
    except nx.NetworkXNoPath:
        return None
    arts = _article_nodes(kg)
    steps = []
    for u, v in zip(hops, hops[1:]):
        # the facts between u and v either way; a fact before a PartOf link
        links = [(k, d, x, y) for x, y in ((u, v), (v, u)) if G.has_edge(x, y)
                 for k, d in G[x][y].items()]
        k, d, x, y = min(links, key=lambda e: (e[1]["fact"] is None, e[0]))
        fact = kg.facts.get(d["fact"]) if d["fact"] else None
        provs = fact.sources if fact else kg.nodes[x].sources
        steps.append({"subject": kg.nodes[x].label, "relation": d["label"], "object": kg.nodes[y].label,
                      "subject_id": x, "object_id": y, "type": d["type"], "fact": d["fact"],
                      "props": dict(fact.props) if fact else {}, "sources": _sources(kg, provs, arts)})
    return {"from": kg.nodes[src].label, "to": kg.nodes[dst].label, "steps": steps}
