"""``kg export html``: the graph as one interactive page that works offline.

The network is built with pyvis (nodes, edges, vis-network options); the page is written
here rather than by pyvis's template, because pyvis either leaves a ``lib/`` folder next to
the page (``cdn_resources="local"``) or still loads CSS and fonts from CDNs (``"in_line"``,
pyvis issues #228/#229). Instead the vis-network JavaScript and CSS that pyvis ships in its
package are inlined, and a Content-Security-Policy (``default-src 'none'``) tells the
browser the page loads nothing from anywhere.

Positions are computed here (Fruchterman–Reingold with the grid of the original paper, on
each connected component, then the components packed in rows) and physics is switched off,
so the browser only draws: thousands of nodes open in a second or two. networkx's own
layouts need numpy, which kg does not depend on.

>>> from kg.build import load_graph                                            # doctest: +SKIP
>>> export_html(load_graph("kg-out"), "graph.html", focus="Pham Binh Minh", depth=2)  # doctest: +SKIP
HtmlExport(path=PosixPath('graph.html'), nodes=12, edges=14, ...)
"""

from __future__ import annotations

import html
import json
import math
import os
import random
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from kg.analytics import PART_OF, TYPE_NAMES_VI, select, to_networkx
from kg.errors import ExportError
from kg.export import DEFAULT_MAX_NODES
from kg.model import KnowledgeGraph, Node, PartialDate


# Shape, colour and legend glyph (an SVG path in a 20×20 box) of each type.
STYLE: dict[str, tuple[str, str, str]] = {
    "Person": ("dot", "#4e79a7", "M10 2a8 8 0 1 0 0.01 0Z"),
    "Event": ("diamond", "#f28e2b", "M10 1L19 10L10 19L1 10Z"),
    "Office": ("square", "#59a14f", "M3 3H17V17H3Z"),
    "InternationalRole": ("triangle", "#76b7b2", "M10 2L19 18H1Z"),
    "Organization": ("hexagon", "#c9a227", "M5 2H15L19 10L15 18H5L1 10Z"),
    "Country": ("star", "#e15759", "M10 1L12.6 7.2L19 7.6L14 11.8L15.6 18.4L10 14.8L4.4 18.4L6 11.8L1 7.6L7.4 7.2Z"),
    "Directive": ("triangleDown", "#b07aa1", "M1 2H19L10 18Z"),
    "Article": ("square", "#9c9c9c", "M4 4H16V16H4Z"),
}
EDGE_COLOURS = {"Participation": "#f28e2b", "Tenure": "#59a14f", "Issued": "#b07aa1",
                "DirectiveLink": "#b07aa1", PART_OF: "#c9a227", "Mentions": "#bbbbbb"}
MAX_SOURCES = 3  # sentences shown in a tooltip; the rest are counted
MAX_LABEL = 48  # characters of a label drawn on the canvas; the tooltip has it all
HUBS = 25  # best-connected nodes labelled at first sight, whatever the zoom
BIG_GRAPH = 1000  # nodes above which edge labels and arrows wait until the reader zooms in

_PYVIS_LIB = ("templates", "lib", "vis-9.1.2")


@dataclass
class HtmlExport:
    """What ``export_html`` wrote: the page, what it shows and what it left out."""

    path: Path
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    left_out: dict[str, int] = field(default_factory=dict)
    left_out_edges: int = 0
    focus: str | None = None
    bytes: int = 0
    isolated: dict[str, int] = field(default_factory=dict)  # entities without a link, not drawn

    def isolated_text(self) -> str:
        """One line for the command line; empty when every entity without a link is drawn."""
        if not self.isolated:
            return ""
        n = sum(self.isolated.values())
        kinds = ", ".join(f"{k} {t}" for t, k in sorted(self.isolated.items(), key=lambda x: -x[1]))
        return f"not drawn: {n} entities without any link ({kinds}); --isolated draws them"

    def left_out_text(self) -> str:
        """One line in English for the command line; empty when nothing was left out."""
        if not self.left_out:
            return ""
        kinds = ", ".join(f"{n} {t}" for t, n in sorted(self.left_out.items(), key=lambda x: -x[1]))
        return (f"left out {self.total_nodes - self.nodes} of {self.total_nodes} nodes ({kinds}) and "
                f"{self.left_out_edges} edges: only the {self.nodes} best-connected are drawn; "
                f"raise --max-nodes or narrow with --focus/--types/--since/--until")


# ----------------------------------------------------------------------------- vis-network files


def vis_network_files() -> tuple[Path, Path]:
    """The vis-network ``.min.js`` and ``.css`` shipped inside the pyvis package."""
    import pyvis

    base = Path(pyvis.__file__).resolve().parent
    for lib in (base.joinpath(*_PYVIS_LIB), base / "lib" / "vis-9.1.2"):
        js, css = lib / "vis-network.min.js", lib / "vis-network.css"
        if js.is_file() and css.is_file():
            return js, css
    raise ExportError(f"vis-network is missing from the pyvis package at {base}",
                      "reinstall pyvis: pip install --force-reinstall 'pyvis>=0.3.2'")


# ----------------------------------------------------------------------------- layout


def layout(G: nx.Graph, *, seed: int = 7, scale: float = 110.0,
           widths: dict[Any, float] | None = None) -> dict[Any, tuple[float, float]]:
    """Positions for drawing ``G``: ``{node: (x, y)}`` in pixels, the same for the same graph.

    Each connected component is laid out by Fruchterman–Reingold from a radial start (rings
    of a breadth-first tree around its best-connected node); repulsion only acts within
    two ideal edge lengths, found through a grid — the "grid variant" of Fruchterman and
    Reingold (1991) — so an iteration is linear in the number of nodes. Large components
    get fewer iterations. Components are then packed in rows, the largest first, each
    widened by its longest label (``widths``: pixels per node) so that labels do not overlap.
    """
    U = nx.Graph()
    U.add_nodes_from(sorted(G, key=str))
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(U)), key=lambda c: (-len(c), str(c[0])))
    rng = random.Random(seed)
    boxes = []
    for nodes in comps:
        pos = _component_layout(U, nodes, rng)
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        pad = max((widths or {}).get(n, 0.0) for n in nodes) / scale / 2
        x0, y0 = min(xs) - pad, min(ys)
        boxes.append(({n: (x - x0, y - y0) for n, (x, y) in pos.items()}, max(xs) + pad - x0, max(ys) - y0))
    return {n: (round(x * scale, 1), round(y * scale, 1)) for n, (x, y) in _pack(boxes).items()}


def _component_layout(U: nx.Graph, nodes: list, rng: random.Random) -> dict[Any, tuple[float, float]]:
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in U.subgraph(nodes).edges()]
    xs, ys = _radial_start(U, nodes, rng)
    iterations = max(15, min(80, 60000 // n))
    _fruchterman_reingold(xs, ys, edges, iterations)
    return {v: (xs[i], ys[i]) for i, v in enumerate(nodes)}


def _radial_start(U: nx.Graph, nodes: list, rng: random.Random) -> tuple[list[float], list[float]]:
    """Rings of a BFS tree around the best-connected node; each subtree gets an angle
    in proportion to its size, so branches start apart."""
    root = max(nodes, key=U.degree)  # the first of the best-connected, in id order
    parent = {root: None}
    order = [root]
    depth = {root: 0}
    for u, v in nx.bfs_edges(U, root, sort_neighbors=lambda vs: sorted(vs, key=str)):
        parent[v] = u
        depth[v] = depth[u] + 1
        order.append(v)
    size = dict.fromkeys(order, 1)
    children: dict[Any, list] = defaultdict(list)
    for v in reversed(order[1:]):
        size[parent[v]] += size[v]
    for v in order[1:]:
        children[parent[v]].append(v)
    # ring d spans radii whose disc holds all nodes up to depth d at one node per unit area,
    # so the start is about as dense everywhere as the layout will be at the end
    per_depth = defaultdict(int)
    for v in order:
        per_depth[depth[v]] += 1
    outer, total = {}, 0
    for d in range(max(per_depth) + 1):
        total += per_depth[d]
        outer[d] = math.sqrt(total / math.pi)
    angle = {root: (0.0, 2 * math.pi)}
    xs, ys = [0.0] * len(nodes), [0.0] * len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    for v in order:
        lo, hi = angle[v]
        d = depth[v]
        inner = outer[d - 1] if d else 0.0
        r = math.sqrt(inner * inner + rng.random() * (outer[d] ** 2 - inner * inner)) if d else 0.0
        a = lo + (hi - lo) * (0.5 + 0.3 * (rng.random() - 0.5))
        xs[index[v]] = r * math.cos(a)
        ys[index[v]] = r * math.sin(a)
        start = lo
        for c in children[v]:
            share = (hi - lo) * size[c] / (size[v] - 1)
            angle[c] = (start, start + share)
            start += share
    return xs, ys


def _fruchterman_reingold(xs: list[float], ys: list[float], edges: list[tuple[int, int]],
                          iterations: int, k: float = 1.0) -> None:
    """Move ``xs``/``ys`` in place: attraction d²/k along edges, repulsion k²/d.

    Repulsion is exact between nodes less than 2k apart (found through a grid of 2k
    cells); farther nodes repel as the mass of their coarse cell (6k), one force per pair
    of coarse cells — without it a large, well-linked component folds into a dense ball.
    """
    n = len(xs)
    cell, coarse = 2 * k, 6 * k
    reach = cell * cell
    near2 = (coarse / 2) ** 2
    k2 = k * k
    t = max(k, 0.05 * math.sqrt(n) * k)  # temperature: the largest step, cooled linearly
    cool = t / (iterations + 1)
    forward = ((1, 0), (-1, 1), (0, 1), (1, 1))  # each pair of neighbouring cells once
    for _ in range(iterations):
        dx, dy = [0.0] * n, [0.0] * n
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(n):
            grid[int(xs[i] // cell), int(ys[i] // cell)].append(i)
        for (cx, cy), members in grid.items():
            lists = [(members, True)]
            for ox, oy in forward:
                other = grid.get((cx + ox, cy + oy))
                if other:
                    lists.append((other, False))
            for a, i in enumerate(members):
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for other, same in lists:
                    for j in (other[a + 1:] if same else other):
                        ddx, ddy = xi - xs[j], yi - ys[j]
                        d2 = ddx * ddx + ddy * ddy
                        if d2 >= reach:
                            continue
                        if d2 < 1e-6:  # on top of each other: push apart along a fixed direction
                            ddx, ddy = 0.01 * (((i - j) % 7) - 3 or 1), 0.01
                            d2 = ddx * ddx + ddy * ddy
                        f = k2 / d2
                        fx += ddx * f
                        fy += ddy * f
                        dx[j] -= ddx * f
                        dy[j] -= ddy * f
                dx[i] += fx
                dy[i] += fy
        if n > 60:
            # far field: coarse cells as point masses at their centroids
            mass: dict[tuple[int, int], list] = {}
            owner = [None] * n
            for i in range(n):
                c = (int(xs[i] // coarse), int(ys[i] // coarse))
                owner[i] = c
                m = mass.get(c)
                if m is None:
                    mass[c] = [1, xs[i], ys[i]]
                else:
                    m[0] += 1
                    m[1] += xs[i]
                    m[2] += ys[i]
            cells = [(c, m[0], m[1] / m[0], m[2] / m[0]) for c, m in mass.items()]
            push: dict[tuple[int, int], tuple[float, float]] = {}
            for ca, _, ax, ay in cells:
                fx = fy = 0.0
                for cb, mb, bx, by in cells:
                    if abs(ca[0] - cb[0]) <= 1 and abs(ca[1] - cb[1]) <= 1:
                        continue  # neighbours: the fine grid (and the springs) handle them
                    ddx, ddy = ax - bx, ay - by
                    d2 = ddx * ddx + ddy * ddy
                    f = k2 * mb / (d2 if d2 > near2 else near2)
                    fx += ddx * f
                    fy += ddy * f
                push[ca] = (fx, fy)
            for i in range(n):
                fx, fy = push[owner[i]]
                dx[i] += fx
                dy[i] += fy
        for i, j in edges:
            ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
            f = math.sqrt(ddx * ddx + ddy * ddy) / k
            dx[i] -= ddx * f
            dy[i] -= ddy * f
            dx[j] += ddx * f
            dy[j] += ddy * f
        for i in range(n):
            d = math.hypot(dx[i], dy[i])
            if d > 0:
                s = min(d, t) / d
                xs[i] += dx[i] * s
                ys[i] += dy[i] * s
        t -= cool


def _pack(boxes: list[tuple[dict, float, float]], gap: float = 1.2) -> dict[Any, tuple[float, float]]:
    """Components side by side in rows about as wide as the whole is tall."""
    area = sum((w + gap) * (h + gap) for _, w, h in boxes)
    width = max(max(w for _, w, _ in boxes), math.sqrt(area) * 1.4)
    out: dict[Any, tuple[float, float]] = {}
    x = y = row = 0.0
    for pos, w, h in boxes:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + gap, 0.0
        for v, (px, py) in pos.items():
            out[v] = (x + px, y + py)
        x += w + gap
        row = max(row, h)
    return out


# ----------------------------------------------------------------------------- text of the page


def format_date(text: Any) -> str:
    """ISO (as precise as the article) to how Vietnamese writes it: ``2025-12-29`` ->
    ``29/12/2025``, ``--12-15`` -> ``15/12``, ``2025-12`` -> ``12/2025``, ``2020`` -> ``2020``."""
    try:
        d = PartialDate.parse(str(text)) if text else None
    except (ValueError, TypeError):
        return str(text or "")
    if d is None:
        return ""
    if d.day and d.month:
        return f"{d.day}/{d.month}" + (f"/{d.year}" if d.year else "")
    if d.month and d.year:
        return f"{d.month}/{d.year}"
    return str(d.year or text)


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _source_lines(provs, arts: dict[str, Node]) -> list[str]:
    seen, lines = set(), []
    for p in provs:
        if (p.article, p.sentence) in seen:
            continue
        seen.add((p.article, p.sentence))
        a = arts.get(p.article)
        where = a.label if a else p.article
        if a is not None and a.props.get("date"):
            where += f" ({format_date(a.props['date'])})"
        if a is not None and a.props.get("url"):
            where += f" — {a.props['url']}"
        lines.append(f"• “{_short(p.sentence, 280)}”\n   — {_short(where, 160)}")
    if len(lines) > MAX_SOURCES:
        lines = lines[:MAX_SOURCES] + [f"… và {len(lines) - MAX_SOURCES} câu khác"]
    return lines


def _node_text(kg: KnowledgeGraph, n: Node, arts: dict[str, Node]) -> str:
    p = n.props
    lines = [n.label, f"Loại: {TYPE_NAMES_VI.get(n.type, n.type)}"]
    if n.aliases:
        lines.append("Tên khác: " + "; ".join(n.aliases))
    if n.type == "Event":
        when = format_date(p.get("date"))
        if p.get("end"):
            when += f" – {format_date(p['end'])}"
        if when:
            lines.append(f"Thời gian: {when}")
        if p.get("location"):
            lines.append(f"Địa điểm: {p['location']}")
        if p.get("ordinal"):
            lines.append(f"Lần thứ: {p['ordinal']}")
    if n.type == "Article":
        if p.get("date"):
            lines.append(f"Ngày đăng: {format_date(p['date'])}")
        if p.get("url"):
            lines.append(f"Địa chỉ: {p['url']}")
    if n.type == "Directive":
        if p.get("code"):
            lines.append(f"Số hiệu: {p['code']}")
        if p.get("subject"):
            lines.append(f"Về: {_short(p['subject'], 240)}")
    org = kg.nodes.get(p.get("org")) if p.get("org") else None
    if org is not None:
        lines.append(f"Thuộc: {org.label}")
    sources = _source_lines(n.sources, arts)
    if sources:
        lines.append("Nguồn:")
        lines.extend(sources)
    return "\n".join(lines)


def _fact_text(kg: KnowledgeGraph, u: str, v: str, data: dict, arts: dict[str, Node]) -> str:
    lines = [f"{kg.nodes[u].label} — {data['label']} → {kg.nodes[v].label}"]
    fact = kg.facts.get(data["fact"]) if data.get("fact") else None
    if fact is None:
        return lines[0]
    p = fact.props
    if p.get("details"):
        lines.append("Như bài viết: " + "; ".join(p["details"]))
    if p.get("qualifier"):
        lines.append("; ".join(p["qualifier"]) if isinstance(p["qualifier"], list) else str(p["qualifier"]))
    if p.get("start") or p.get("end"):
        s, e = format_date(p.get("start")), format_date(p.get("end"))
        lines.append(f"Nhiệm kỳ: {s} – {e}" if s != e else f"Năm: {s}")
    if p.get("attested"):
        lines.append("Ghi nhận ngày: " + ", ".join(format_date(a) for a in p["attested"]))
    if p.get("reelected"):
        lines.append("Tái đắc cử")
    sources = _source_lines(fact.sources, arts)
    if sources:
        lines.append("Nguồn:")
        lines.extend(sources)
    return "\n".join(lines)


# ----------------------------------------------------------------------------- the network


def build_network(kg: KnowledgeGraph, selection: dict[str, Any], *, seed: int = 7):
    """A pyvis ``Network`` of the selected nodes and edges, positioned, physics off.

    Parallel facts between the same two nodes become one edge whose label joins theirs.
    """
    from pyvis.edge import Edge
    from pyvis.network import Network

    G = to_networkx(kg, articles=any(kg.nodes[n].type == "Article" for n in selection["nodes"]))
    arts = {a.props.get("article_id") or a.id: a for a in kg.of_type("Article")}
    keep = set(selection["nodes"])
    pairs: dict[tuple[str, str], list[tuple[str, dict]]] = defaultdict(list)
    for u, v, key in selection["edges"]:
        pairs[u, v].append((key, G.edges[u, v, key]))
    H = nx.Graph()
    H.add_nodes_from(selection["nodes"])
    H.add_edges_from(pairs)
    pos = layout(H, seed=seed, widths={n: 7.0 * min(len(kg.nodes[n].label), MAX_LABEL) for n in H})
    big = len(keep) > BIG_GRAPH or len(pairs) > 2 * BIG_GRAPH

    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    focus = selection.get("focus")
    for nid in selection["nodes"]:
        n = kg.nodes[nid]
        x, y = pos[nid]
        size = round(9 + 4 * math.sqrt(H.degree(nid)) + (6 if nid == focus else 0), 1)
        # shape and colour come from the type's group (set once in the options)
        net.add_node(nid, label=_short(n.label, MAX_LABEL), shape=STYLE.get(n.type, ("dot",))[0],
                     group=n.type, title=_node_text(kg, n, arts), size=size, x=x, y=y, kgName=n.label)
        if nid == focus:  # pyvis drops a node's colour when it has a group: set it afterwards
            colour = STYLE.get(n.type, ("", "#888888"))[1]
            net.node_map[nid].update(borderWidth=4, color={"background": colour, "border": "#111111"})
    for (u, v), facts in pairs.items():
        facts.sort(key=lambda f: (f[1]["fact"] is None, f[0]))
        label = " · ".join(dict.fromkeys(d["label"] for _, d in facts))
        title = "\n\n".join(_fact_text(kg, u, v, d, arts) for _, d in facts)
        # pyvis's add_edge looks each end up in a list (quadratic on big graphs); the ends
        # are known to be nodes of the network, so the Edge is appended directly. Arrows
        # are set once in the options, not per edge.
        net.edges.append(Edge(u, v, directed=False, title=title,
                              color=EDGE_COLOURS.get(facts[0][1]["type"], "#999999"), label=label).options)
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "interaction": {"hover": not big, "tooltipDelay": 120, "navigationButtons": False,
                        "hideEdgesOnDrag": big, "hideEdgesOnZoom": big, "multiselect": True},
        "groups": {t: {"shape": shape, "color": {"background": colour, "border": colour,
                                                 "highlight": {"background": colour, "border": "#000000"},
                                                 "hover": {"background": colour, "border": "#000000"}}}
                   for t, (shape, colour, _) in STYLE.items()},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "Arial, 'DejaVu Sans', sans-serif",
                                             "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": 6}}},
        "edges": {"smooth": False, "width": 1.2, "selectionWidth": 2,
                  "arrows": {"to": {"enabled": not big, "scaleFactor": 0.5}},
                  "font": {"size": 10, "color": "#444444", "strokeWidth": 3, "align": "middle"}},
        # read by the page and removed before vis-network sees the options: on a big graph
        # labels and arrows wait until the reader zooms in (thousands of them more than
        # double the time to the first frame, and are too small to read before) …
        "kgBig": big,
        # … but the best-connected nodes are labelled at first sight, at a size the reader
        # can read at the zoom that fits the whole graph
        "kgHubs": hubs(H, HUBS),
    }
    return net


def hubs(H: nx.Graph, k: int) -> list:
    """The ``k`` best-connected nodes of ``H`` with at least one link, best first (ties by id)."""
    return [n for n in sorted(H, key=lambda n: (-H.degree(n), str(n))) if H.degree(n) > 0][:k]


def render_html(kg: KnowledgeGraph, *, focus: str | None = None, depth: int = 1,
                types: str | Iterable[str] | None = None, since: int | None = None,
                until: int | None = None, max_nodes: int | None = DEFAULT_MAX_NODES,
                title: str | None = None, seed: int = 7, isolated: bool = False) -> tuple[str, dict[str, Any]]:
    """The page as text, and the selection it draws (see :func:`kg.analytics.select`)."""
    sel = select(kg, focus=focus, depth=depth, types=types, since=since, until=until, max_nodes=max_nodes,
                 isolated=isolated)
    net = build_network(kg, sel, seed=seed)
    nodes, edges, _, _, _, options = net.get_network_data()
    js_path, css_path = vis_network_files()
    counts = defaultdict(int)
    for nid in sel["nodes"]:
        counts[kg.nodes[nid].type] += 1
    heading = title or _heading(kg, sel, depth, since, until)
    legend = "".join(
        f'<li><svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true"><path d="{STYLE[t][2]}" '
        f'fill="{STYLE[t][1]}"/></svg>{html.escape(TYPE_NAMES_VI[t])} <span class="n">{counts[t]}</span></li>'
        for t in STYLE if counts.get(t))
    note = ""
    if sel["left_out"]:
        kinds = ", ".join(f"{TYPE_NAMES_VI.get(t, t)} {n}" for t, n in sorted(sel["left_out"].items(), key=lambda x: -x[1]))
        note = (f"Đồ thị lớn: chỉ vẽ {len(sel['nodes'])}/{sel['total_nodes']} nút có nhiều liên kết nhất "
                f"(mỗi nút ≥ {sel['min_links_kept']} liên kết). Đã lược bỏ {sel['total_nodes'] - len(sel['nodes'])} nút "
                f"({kinds}; mỗi nút ≤ {sel['max_links_left_out']} liên kết) và {sel['left_out_edges']} cạnh. "
                f"Dùng --max-nodes, --focus, --types, --since/--until để xem phần còn lại.")
    if sel["isolated"]:
        n = sum(sel["isolated"].values())
        kinds = ", ".join(f"{TYPE_NAMES_VI.get(t, t)} {k}" for t, k in sorted(sel["isolated"].items(), key=lambda x: -x[1]))
        note = (note + " " if note else "") + (
            f"Không vẽ {n} thực thể không có liên kết nào ({kinds}); dùng --isolated để vẽ cả chúng.")
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options)}
    page = _PAGE
    for k, v in {
        "{{TITLE}}": html.escape(heading),
        "{{SUMMARY}}": html.escape(f"{len(sel['nodes'])} nút · {len(sel['edges'])} quan hệ"),
        "{{LEFT_OUT}}": html.escape(note),
        "{{LEFT_OUT_HIDDEN}}": "" if note else " hidden",
        "{{LEGEND}}": legend,
        "{{EXPECTED_NODES}}": str(len(nodes)),
        "{{EXPECTED_EDGES}}": str(len(edges)),
        "{{PAGE_CSS}}": _PAGE_CSS,
        "{{PAGE_JS}}": _PAGE_JS,
    }.items():
        page = page.replace(k, v)
    # inserted last, so that nothing in the library or the data is taken for a placeholder
    page = page.replace("{{DATA}}", _script_json(data), 1)
    page = page.replace("{{VIS_CSS}}", css_path.read_text(encoding="utf-8"), 1)
    head, tail = page.split("{{VIS_JS}}", 1)
    return head + js_path.read_text(encoding="utf-8") + tail, sel


def _heading(kg: KnowledgeGraph, sel: dict, depth: int, since: int | None, until: int | None) -> str:
    text = "Mạng lưới đối ngoại"
    if sel["focus"]:
        text += f" quanh {kg.nodes[sel['focus']].label} (bán kính {depth})"
    if since or until:
        text += f", {since or '…'}–{until or '…'}"
    return text


def _script_json(data: Any) -> str:
    """JSON safe inside <script>: no ``</`` (ends the element) and no ``<!--``."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("</", "<\\/").replace("<!--", "<\\!--").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def export_html(kg: KnowledgeGraph, out: str | Path, *, focus: str | None = None, depth: int = 1,
                types: str | Iterable[str] | None = None, since: int | None = None,
                until: int | None = None, max_nodes: int | None = DEFAULT_MAX_NODES,
                title: str | None = None, seed: int = 7, isolated: bool = False) -> HtmlExport:
    """Write the graph (or the view the filters select) as one self-contained HTML page.

    ``focus``/``depth``/``types``/``since``/``until``/``max_nodes`` choose what is drawn, as
    in :func:`kg.analytics.select`; entities without any link in that view are counted in the
    page's banner and drawn only with ``isolated=True``. The page needs no network:
    vis-network is inlined and nothing else is referenced. The file is written whole or not
    at all, readable by everyone like any file (mode 0644 under the usual umask: it is meant
    to be shared); no other file is created. Returns an :class:`HtmlExport`.

    Raises :class:`~kg.errors.ParameterError` for bad filters,
    :class:`~kg.errors.EntityNotFoundError` for an unknown focus and
    :class:`~kg.errors.ExportError` when the file cannot be written.
    """
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out} is a folder", "give a file name, e.g. --out graph.html")
    page, sel = render_html(kg, focus=focus, depth=depth, types=types, since=since, until=until,
                            max_nodes=max_nodes, title=title, seed=seed, isolated=isolated)
    data = page.encode("utf-8")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it 0600: a page is for sharing
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise ExportError(f"cannot write {out}: {e.strerror or e}") from e
    return HtmlExport(path=out, nodes=len(sel["nodes"]), edges=len(sel["edges"]),
                      total_nodes=sel["total_nodes"], total_edges=sel["total_edges"],
                      left_out=sel["left_out"], left_out_edges=sel["left_out_edges"],
                      focus=sel["focus"], bytes=len(data), isolated=sel["isolated"])


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# ----------------------------------------------------------------------------- page template
# Placeholders are {{NAME}}; the data and the library are inserted last.

_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="kg export html (pyvis, vis-network 9.1.2 inlined)">
<title>{{TITLE}}</title>
<style>
{{VIS_CSS}}
</style>
<style>
{{PAGE_CSS}}
</style>
</head>
<body>
<header>
  <h1>{{TITLE}}</h1>
  <span class="summary">{{SUMMARY}}</span>
  <input id="kg-search" type="search" placeholder="Tìm tên (không cần dấu)…" autocomplete="off" aria-label="Tìm tên">
  <span id="kg-search-result"></span>
</header>
<p id="kg-left-out"{{LEFT_OUT_HIDDEN}}>{{LEFT_OUT}}</p>
<main>
  <div id="kg-network"></div>
  <aside id="kg-legend"><ul>{{LEGEND}}</ul></aside>
  <pre id="kg-detail" hidden></pre>
  <div id="kg-tip" hidden></div>
</main>
<footer id="kg-status" data-state="loading" data-expected-nodes="{{EXPECTED_NODES}}" data-expected-edges="{{EXPECTED_EDGES}}">Đang vẽ…</footer>
<script>
{{VIS_JS}}
</script>
<script id="kg-data" type="application/json">{{DATA}}</script>
<script>
{{PAGE_JS}}
</script>
</body>
</html>
"""

_PAGE_CSS = """
html, body { margin: 0; height: 100%; font-family: Arial, "DejaVu Sans", sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
header { display: flex; align-items: baseline; gap: 1em; padding: 6px 12px; border-bottom: 1px solid #ddd; flex-wrap: wrap; }
h1 { font-size: 18px; margin: 0; }
.summary { color: #666; font-size: 13px; }
#kg-search { margin-left: auto; padding: 3px 6px; min-width: 16em; }
#kg-search-result { font-size: 12px; color: #666; }
#kg-left-out { margin: 0; padding: 4px 12px; background: #fff4d6; border-bottom: 1px solid #e8d9a8; font-size: 13px; }
main { position: relative; flex: 1; min-height: 300px; }
#kg-network { position: absolute; inset: 0; }
#kg-legend { position: absolute; top: 8px; right: 8px; background: rgba(255,255,255,.92); border: 1px solid #ddd; border-radius: 4px; padding: 6px 10px; font-size: 13px; }
#kg-legend ul { list-style: none; margin: 0; padding: 0; }
#kg-legend li { display: flex; align-items: center; gap: 6px; line-height: 1.6; }
#kg-legend .n { color: #888; margin-left: auto; padding-left: 8px; }
#kg-detail { position: absolute; left: 8px; bottom: 8px; max-width: min(560px, 60%); max-height: 45%; overflow: auto; margin: 0; background: rgba(255,255,255,.96); border: 1px solid #ccc; border-radius: 4px; padding: 8px 10px; font: 13px/1.4 Arial, "DejaVu Sans", sans-serif; white-space: pre-wrap; }
#kg-status { padding: 2px 12px; font-size: 11px; color: #888; border-top: 1px solid #eee; }
#kg-tip { position: absolute; z-index: 5; pointer-events: none; max-width: 520px; background: #f8f7f0; border: 1px solid #999; border-radius: 3px; box-shadow: 2px 2px 8px rgba(0,0,0,.2); padding: 5px 7px; font: 13px/1.35 Arial, "DejaVu Sans", sans-serif; white-space: pre-wrap; }
#kg-tip[hidden], #kg-detail[hidden], #kg-left-out[hidden] { display: none; }
"""

# Draws the network, then writes what it drew into #kg-status (data-drawn-nodes,
# data-drawn-edges, data-ms: milliseconds from navigation start to the first frame) so a
# headless browser can read it back; any resource the page tried to load shows in
# data-blocked (the Content-Security-Policy blocks it).
_PAGE_JS = """
(function () {
  "use strict";
  var status = document.getElementById("kg-status");
  var blocked = [];
  document.addEventListener("securitypolicyviolation", function (e) {
    blocked.push(e.blockedURI || e.violatedDirective);
    status.setAttribute("data-blocked", blocked.join(" "));
  });
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var big = data.options.kgBig, hubs = data.options.kgHubs || [];
  delete data.options.kgBig;
  delete data.options.kgHubs;
  var isHub = {};
  hubs.forEach(function (id) { isHub[id] = true; });
  // Tooltip texts stay out of vis-network (it copies every option of every item); the page
  // shows them itself. On a big graph labels wait for the reader to zoom in.
  var texts = {}, edgeTexts = {}, nodeLabels = {}, edgeLabels = {};
  data.nodes.forEach(function (n) {
    texts[n.id] = n.title; delete n.title;
    if (big && !isHub[n.id]) { nodeLabels[n.id] = n.label; delete n.label; }
  });
  data.edges.forEach(function (e, i) {
    e.id = "e" + i;
    edgeTexts[e.id] = e.title; delete e.title;
    if (big) { edgeLabels[e.id] = e.label; delete e.label; }
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  window.kgNetwork = network;  // for the console (and tests): kgNetwork.getPositions() …
  var first = true;
  network.on("afterDrawing", function () {
    if (!first) { return; }
    first = false;
    var ms = performance.now();
    var drawnNodes = network.body.nodeIndices.length, drawnEdges = network.body.edgeIndices.length;
    status.setAttribute("data-drawn-nodes", drawnNodes);
    status.setAttribute("data-drawn-edges", drawnEdges);
    status.setAttribute("data-dataset-nodes", nodes.length);
    status.setAttribute("data-dataset-edges", edges.length);
    status.setAttribute("data-ms", ms.toFixed(0));
    status.setAttribute("data-state", "drawn");
    status.textContent = "Đã vẽ " + drawnNodes + " nút và " + drawnEdges + " quan hệ trong " + (ms / 1000).toFixed(2) +
      " giây. Di chuột lên nút hoặc cạnh để xem nguồn; bấm để giữ chi tiết." +
      (big ? " Phóng to để xem nhãn." : "");
  });
  // The best-connected nodes keep a label the reader can read at any zoom: their font grows
  // as the view shrinks (vis-network draws no label under 6 px on screen), back to normal
  // once zoomed in.
  var FONT = 14, HUB_PX = 13, DRAW_THRESHOLD = 6, hubFont = FONT;
  function labelHubs() {
    var size = Math.max(FONT, Math.round(HUB_PX / network.getScale()));
    if (size === hubFont) { return; }
    hubFont = size;
    nodes.update(hubs.map(function (id) { return {id: id, font: {size: size}}; }));
  }
  function labelsVisible() {
    var scale = network.getScale(), n = 0;
    nodes.forEach(function (node) {
      var size = node.font && node.font.size ? node.font.size : FONT;
      if (node.label && size * scale >= DRAW_THRESHOLD) { n += 1; }
    });
    return n;
  }
  network.fit({animation: false});
  network.moveTo({scale: network.getScale() * 0.9, animation: false});  // room for the outer labels
  labelHubs();
  network.on("zoom", labelHubs);
  status.setAttribute("data-hubs", hubs.length);
  status.setAttribute("data-labels-visible", labelsVisible());
  network.redraw();

  if (big) {
    // however the view got close (wheel, search, script), label it once it can be read
    var labelled = false;
    network.on("afterDrawing", function () {
      if (labelled || network.getScale() < 0.6) { return; }
      labelled = true;
      setTimeout(function () {
        network.setOptions({edges: {arrows: {to: {enabled: true, scaleFactor: 0.5}}}});
        nodes.update(data.nodes.map(function (n) { return {id: n.id, label: nodeLabels[n.id]}; }));
        edges.update(data.edges.map(function (e) { return {id: e.id, label: edgeLabels[e.id]}; }));
        status.setAttribute("data-labels", "shown");
      }, 0);
    });
  }

  // tooltips: the text of the node (or else the edge) under the pointer
  var tip = document.getElementById("kg-tip"), frame = 0, dragging = false;
  function hideTip() { tip.hidden = true; }
  container.addEventListener("mousemove", function (ev) {
    if (frame || dragging) { return; }
    frame = requestAnimationFrame(function () {
      frame = 0;
      var box = container.getBoundingClientRect(), at = {x: ev.clientX - box.left, y: ev.clientY - box.top};
      var id = network.getNodeAt(at), text = id !== undefined ? texts[id] : null;
      if (!text) { var e = network.getEdgeAt(at); text = e !== undefined ? edgeTexts[e] : null; }
      if (!text) { hideTip(); return; }
      tip.textContent = text;
      tip.hidden = false;
      var x = at.x + 14, y = at.y + 14;
      if (x + tip.offsetWidth > box.width) { x = Math.max(0, at.x - tip.offsetWidth - 14); }
      if (y + tip.offsetHeight > box.height) { y = Math.max(0, at.y - tip.offsetHeight - 14); }
      tip.style.left = x + "px";
      tip.style.top = y + "px";
    });
  });
  container.addEventListener("mouseleave", hideTip);
  network.on("dragStart", function () { dragging = true; hideTip(); });
  network.on("dragEnd", function () { dragging = false; });
  network.on("zoom", hideTip);

  var detail = document.getElementById("kg-detail");
  network.on("click", function (p) {
    var text = p.nodes.length ? texts[p.nodes[0]] : (p.edges.length ? edgeTexts[p.edges[0]] : null);
    detail.hidden = !text;
    detail.textContent = text || "";
  });

  function fold(s) {
    return s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").replace(/\\u0111/g, "d").replace(/\\u0110/g, "D").toLowerCase().trim();
  }
  var names = data.nodes.map(function (n) { return [n.id, fold(n.kgName || "")]; });
  var search = document.getElementById("kg-search"), found = document.getElementById("kg-search-result");
  search.addEventListener("change", function () {
    var q = fold(search.value);
    if (!q) { network.unselectAll(); found.textContent = ""; return; }
    var hits = names.filter(function (x) { return x[1].indexOf(q) !== -1; }).map(function (x) { return x[0]; });
    found.textContent = hits.length ? hits.length + " kết quả" : "không thấy";
    if (hits.length) {
      network.selectNodes(hits);
      network.fit({nodes: hits, animation: false});
      if (hits.length === 1) { detail.hidden = false; detail.textContent = texts[hits[0]]; }
    }
  });
}());
"""
