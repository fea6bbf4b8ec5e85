"""`kg export html` as a user shares a graph: one file that opens offline and draws what
the filters chose, with Vietnamese labels and the sentences behind every fact.

Browser tests open the page in headless Chromium with no network and read back, from a
DOM element the page fills after its first frame, how many nodes and edges vis-network
drew and how long it took. They skip only on a machine without Chromium outside CI.
"""

from __future__ import annotations

import html as htmlmod
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import time
from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.analytics import fact_span, node_span, select
from kg.cli import app
from kg.errors import EntityNotFoundError, ExportError, ParameterError
from kg.export.html import export_html, format_date, layout, vis_network_files
from kg.model import Fact, KnowledgeGraph, Node, Provenance
from tests.conftest import IN_CI

runner = CliRunner()
VIETNAMESE_RELATIONS = {"chủ trì", "đồng chủ trì", "dự", "giữ chức", "đảm nhiệm", "ban hành",
                        "sơ kết", "tổng kết", "triển khai", "thuộc", "đưa tin"}


def by_label(graph, label):
    [node] = [n for n in graph.nodes.values() if n.label == label]
    return node.id


def page_data(path: Path) -> dict:
    """The nodes, edges and options the page hands to vis-network."""
    text = path.read_text(encoding="utf-8")
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', text, re.S)
    return json.loads(m.group(1))


def drawn_pairs(selection) -> int:
    """Edges the page draws: parallel facts between two nodes share one edge."""
    return len({(u, v) for u, v, _ in selection["edges"]})


def kg(*args):
    r = runner.invoke(app, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


# ----------------------------------------------------------------------------- one file, offline


@pytest.fixture(scope="module")
def seed_page(seed_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-page") / "seeds.html"
    export_html(seed_graph, out, isolated=True)  # every entity of the seeds
    return out


def test_export_writes_one_file_and_no_lib_folder(seed_graph, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = export_html(seed_graph, "graph.html")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]
    assert r.path == Path("graph.html") and r.bytes == (tmp_path / "graph.html").stat().st_size
    assert r.nodes == len(page_data(tmp_path / "graph.html")["nodes"])


def test_the_page_inlines_the_vis_network_that_pyvis_ships(seed_page):
    text = seed_page.read_text(encoding="utf-8")
    js, css = vis_network_files()
    assert "pyvis" in str(js) and js.read_text(encoding="utf-8") in text and css.read_text(encoding="utf-8") in text
    assert "<script src" not in text and "<link" not in text


# What makes a browser fetch something: src/href/srcset/action/poster attributes, CSS
# url() and @import, fetch(), XMLHttpRequest.open, import(), WebSocket/EventSource, <base>.
RESOURCE_REFERENCES = [
    r"""\b(?:src|href|srcset|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""",
    r"""url\(\s*["']?\s*(?:https?:)?//""",
    r"""@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//""",
    r"""\bfetch\(\s*["'`](?:https?:)?//""",
    r"""\.open\(\s*["'][A-Z]+["']\s*,\s*["'`](?:https?:)?//""",
    r"""\bimport\(\s*["'`](?:https?:)?//""",
    r"""new\s+(?:WebSocket|EventSource|Worker)\(\s*["'`]""",
    r"""<base\b""",
]


def test_the_page_references_no_http_resource(seed_page):
    text = seed_page.read_text(encoding="utf-8")
    for pattern in RESOURCE_REFERENCES:
        hits = [text[max(0, m.start() - 40): m.end() + 40] for m in re.finditer(pattern, text, re.I)]
        assert not hits, f"{pattern}: {hits[:3]}"
    # Every other "http" in the page is text inside the inlined vis-network library
    # (licence and homepage comments, the SVG namespace, an error message) — checked by
    # cutting the library out: what is left (our markup, CSS, script and data) has no URL.
    js, css = vis_network_files()
    ours = text.replace(js.read_text(encoding="utf-8"), "").replace(css.read_text(encoding="utf-8"), "")
    assert not re.search(r"https?:", ours, re.I), re.findall(r".{0,40}https?:.{0,40}", ours, re.I)[:3]
    in_library = re.findall(r"https?://[^\s\"'()]+", js.read_text(encoding="utf-8"))
    assert all(("licen" in u.lower() or "github" in u or "w3.org/2000/svg" in u or "almende" in u
                or "visjs" in u) for u in in_library), in_library


def test_the_page_forbids_the_browser_to_load_anything(seed_page):
    text = seed_page.read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    assert "default-src 'none'" in csp and "connect-src" not in csp


def test_the_same_graph_gives_the_same_page(seed_graph, tmp_path):
    export_html(seed_graph, tmp_path / "a.html")
    export_html(seed_graph, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


# ----------------------------------------------------------------------------- what the page says


def test_nodes_are_coloured_and_shaped_by_type_with_a_legend(seed_page, seed_graph):
    data = page_data(seed_page)
    groups = data["options"]["groups"]
    shapes = {groups[t]["shape"] for t in ("Person", "Event", "Office", "Organization", "Directive")}
    colours = {groups[t]["color"]["background"] for t in groups}
    assert len(shapes) == 5 and len(colours) == len(groups)
    for n in data["nodes"]:
        assert n["group"] == seed_graph.nodes[n["id"]].type and n["shape"] == groups[n["group"]]["shape"]
    text = seed_page.read_text(encoding="utf-8")
    legend = re.search(r'<aside id="kg-legend">(.*?)</aside>', text, re.S).group(1)
    for vi in ("Người", "Sự kiện", "Chức vụ", "Tổ chức", "Văn bản chỉ đạo"):
        assert vi in legend


def test_a_person_tooltip_has_type_and_the_sentence_with_its_article(seed_page, seed_graph):
    son = by_label(seed_graph, "Thái Phúc Sơn")
    [node] = [n for n in page_data(seed_page)["nodes"] if n["id"] == son]
    assert node["label"] == "Thái Phúc Sơn"
    tip = node["title"]
    assert tip.startswith("Thái Phúc Sơn\nLoại: Người")
    assert "Thái Phúc Sơn chủ trì hội nghị" in tip  # the sentence…
    assert "Kiên định triển khai đường lối đối ngoại" in tip  # …and the article it is from


def test_edges_are_labelled_in_vietnamese(seed_page, seed_graph):
    edges = page_data(seed_page)["edges"]
    labels = {part for e in edges for part in e["label"].split(" · ")}
    assert labels <= VIETNAMESE_RELATIONS, labels - VIETNAMESE_RELATIONS
    son, conf = by_label(seed_graph, "Thái Phúc Sơn"), by_label(seed_graph, "Hội nghị Ngoại giao lần thứ 31")
    [chaired] = [e for e in edges if (e["from"], e["to"]) == (son, conf)]
    assert chaired["label"] == "chủ trì"
    assert "Thái Phúc Sơn — chủ trì → Hội nghị Ngoại giao lần thứ 31" in chaired["title"]
    assert "tại điểm cầu Hà Tĩnh" in chaired["title"]
    # three leaders co-chaired the 2019 coordination meeting ("đồng chủ trì cuộc họp")
    meeting = by_label(seed_graph, "Cuộc họp giữa Bộ Ngoại giao, Ban Đối ngoại Trung ương và Ủy ban Đối ngoại Quốc hội")
    co = {e["from"] for e in edges if e["to"] == meeting and e["label"] == "đồng chủ trì"}
    assert {seed_graph.nodes[p].label for p in co} >= {"Phạm Bình Minh", "Hoàng Bình Quân", "Nguyễn Văn Giàu"}
    # "Hội nghị sơ kết 5 năm thực hiện Chỉ thị 25-CT/TW" reviews the directive
    assert any(e["label"] == "sơ kết" for e in edges)


@pytest.mark.parametrize("iso, vi", [("2025-12-29", "29/12/2025"), ("--12-15", "15/12"),
                                     ("2023-07", "7/2023"), ("2020", "2020"), (None, "")])
def test_dates_are_written_the_vietnamese_way(iso, vi):
    assert format_date(iso) == vi


def test_positions_are_precomputed_and_physics_is_off(seed_page):
    data = page_data(seed_page)
    assert data["options"]["physics"]["enabled"] is False
    assert data["options"]["layout"]["improvedLayout"] is False
    points = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(points) == len(data["nodes"])  # no two nodes on the same spot


def test_layout_keeps_linked_nodes_closer_than_unlinked_ones():
    import networkx as nx

    G = nx.connected_caveman_graph(6, 5)  # six cliques in a ring
    pos = layout(G, seed=1)

    def dist(a, b):
        return ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5

    linked = statistics.mean(dist(u, v) for u, v in G.edges())
    apart = statistics.mean(dist(u, v) for u in G for v in G if u < v and not G.has_edge(u, v))
    assert linked < apart / 2


# ----------------------------------------------------------------------------- focus, types, years


def neighbourhood(graph, start: str, depth: int) -> set[str]:
    """Entities within ``depth`` links, read straight from the facts (and offices' organisations)."""
    links = defaultdict(set)
    for f in graph.facts.values():
        links[f.subject].add(f.object)
        links[f.object].add(f.subject)
    for n in graph.nodes.values():
        if n.type in ("Office", "InternationalRole") and n.props.get("org") in graph.nodes:
            links[n.id].add(n.props["org"])
            links[n.props["org"]].add(n.id)
    seen, frontier = {start}, {start}
    for _ in range(depth):
        frontier = {m for x in frontier for m in links[x]} - seen
        seen |= frontier
    return seen


@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_focus_keeps_the_neighbourhood_to_depth(sample_graph, depth):
    sel = select(sample_graph, focus="le hoang thanh", depth=depth)
    me = by_label(sample_graph, "Lê Hoàng Thanh")
    assert sel["focus"] == me
    assert set(sel["nodes"]) == neighbourhood(sample_graph, me, depth)


def test_the_chair_of_the_31st_conference_is_next_to_it(sample_graph):
    nodes = select(sample_graph, focus="Lê Hoàng Thanh", depth=1)["nodes"]
    assert by_label(sample_graph, "Hội nghị Ngoại giao lần thứ 31") in nodes
    two = select(sample_graph, focus="Lê Hoàng Thanh", depth=2)["nodes"]
    assert {sample_graph.nodes[n].label for n in two} >= {"Phạm Minh Chính", "Phạm Bình Minh", "Bùi Thanh Sơn"}


def test_types_keep_only_those_types_and_the_facts_between_them(sample_graph):
    sel = select(sample_graph, types="person,event")
    kinds = {sample_graph.nodes[n].type for n in sel["nodes"]}
    assert kinds == {"Person", "Event"}
    assert len(sel["nodes"]) == len(sample_graph.of_type("Person")) + len(sample_graph.of_type("Event"))
    assert {sample_graph.facts[k].type for _, _, k in sel["edges"]} == {"Participation"}
    assert len(sel["edges"]) == len(sample_graph.facts_of_type("Participation"))


def test_types_take_vietnamese_and_short_names(sample_graph):
    assert select(sample_graph, types="người,sự kiện")["nodes"] == select(sample_graph, types="Person,Event")["nodes"]
    assert select(sample_graph, types="role")["nodes"] == [n.id for n in sorted(
        sample_graph.of_type("InternationalRole"), key=lambda n: n.id)]


def test_focus_with_types_walks_the_filtered_graph(sample_graph):
    sel = select(sample_graph, focus="Lê Hoàng Thanh", depth=2, types="person,event")
    labels = {sample_graph.nodes[n].label for n in sel["nodes"]}
    assert labels == {"Lê Hoàng Thanh", "Hội nghị Ngoại giao lần thứ 31", "Phạm Minh Chính",
                      "Phạm Bình Minh", "Bùi Thanh Sơn"}


def test_years_keep_what_happened_in_them(sample_graph):
    sel = select(sample_graph, since=2023, until=2023)
    labels = {sample_graph.nodes[n].label for n in sel["nodes"]}
    assert "Hội nghị phối hợp triển khai công tác đối ngoại năm 2023" in labels  # 21/7/2023
    assert "Hội nghị Ngoại giao lần thứ 31" not in labels  # 15/12/2021
    assert "Lê Hoàng Thanh" not in labels  # chaired it in 2021, nothing else
    assert "Vũ Hải Hà" in labels  # co-chaired the 2023 conference
    for nid in sel["nodes"]:
        n = sample_graph.nodes[nid]
        if n.type == "Event" and n.props.get("date", "")[:1].isdigit():
            assert n.props["date"].startswith("2023"), n.label
    for _, _, key in sel["edges"]:
        if key in sample_graph.facts:
            lo, hi = fact_span(sample_graph, sample_graph.facts[key])
            assert lo <= 2023 and (hi is None or hi >= 2023)


def test_until_keeps_the_early_years(sample_graph):
    sel = select(sample_graph, until=2010)
    labels = {sample_graph.nodes[n].label for n in sel["nodes"]}
    assert "Phiên thảo luận mở của Hội đồng Bảo an về phụ nữ, hòa bình và an ninh" in labels  # 5/10/2009
    assert "Phạm Gia Khiêm" in labels
    assert not labels & {"Hội nghị Ngoại giao lần thứ 32", "Hội nghị Đối ngoại toàn quốc"}
    for nid in sel["nodes"]:
        span = node_span(sample_graph, sample_graph.nodes[nid])
        assert span is None or sample_graph.nodes[nid].type not in ("Event", "Article") or span[0] <= 2010


def test_max_nodes_keeps_the_best_connected_and_says_what_was_left_out(sample_graph):
    full = select(sample_graph)
    sel = select(sample_graph, max_nodes=10)
    assert len(sel["nodes"]) == 10 and sel["total_nodes"] == len(full["nodes"])
    assert sum(sel["left_out"].values()) == len(full["nodes"]) - 10
    assert sel["left_out_edges"] == len(full["edges"]) - len(sel["edges"])
    links = defaultdict(set)
    for u, v, _ in full["edges"]:
        links[u].add(v)
        links[v].add(u)
    kept = min(len(links[n]) for n in sel["nodes"])
    gone = max(len(links[n]) for n in set(full["nodes"]) - set(sel["nodes"]))
    assert kept >= gone == sel["max_links_left_out"]


def test_the_page_says_what_was_left_out(sample_graph, tmp_path):
    r = export_html(sample_graph, tmp_path / "g.html", max_nodes=10)
    text = (tmp_path / "g.html").read_text(encoding="utf-8")
    notice = re.search(r'<p id="kg-left-out">(.*?)</p>', text, re.S).group(1)
    assert f"chỉ vẽ 10/{r.total_nodes} nút" in htmlmod.unescape(notice)
    assert "left out" in r.left_out_text() and str(r.total_nodes - 10) in r.left_out_text()


def test_nothing_left_out_means_no_notice(seed_page):
    assert '<p id="kg-left-out" hidden>' in seed_page.read_text(encoding="utf-8")


@pytest.mark.parametrize("kwargs, error", [
    ({"focus": "Nobody Here"}, EntityNotFoundError),
    ({"types": "person,planet"}, ParameterError),
    ({"depth": -1}, ParameterError),
    ({"max_nodes": 0}, ParameterError),
    ({"since": 2024, "until": 2020}, ParameterError),
])
def test_bad_filters_are_refused_before_anything_is_written(sample_graph, tmp_path, kwargs, error):
    with pytest.raises(error):
        export_html(sample_graph, tmp_path / "g.html", **kwargs)
    assert not list(tmp_path.iterdir())


def test_a_folder_is_not_a_page(sample_graph, tmp_path):
    with pytest.raises(ExportError, match="is a folder"):
        export_html(sample_graph, tmp_path)


# ----------------------------------------------------------------------------- the CLI


def test_kg_export_html(sample_graph_dir, tmp_path):
    out = tmp_path / "shared" / "graph.html"
    code, _, err = kg("export", "html", "--graph", sample_graph_dir, "--out", out,
                      "--focus", "le hoang thanh", "--depth", "2")
    assert code == 0, err
    assert err.startswith(f"Wrote {out}: ") and "offline" in err
    data = page_data(out)
    assert "Lê Hoàng Thanh" in {n["label"] for n in data["nodes"]}


def test_kg_export_html_says_what_was_left_out(sample_graph_dir, tmp_path):
    code, _, err = kg("export", "html", "--graph", sample_graph_dir, "--out", tmp_path / "g.html", "--max-nodes", "10")
    assert code == 0
    assert "left out" in err and "raise --max-nodes" in err


@pytest.mark.parametrize("args, message", [
    (["--focus", "Nobody Here"], "Error: no entity is called 'Nobody Here'"),
    (["--types", "planet"], "Error: unknown type 'planet'"),
    (["--depth", "-1"], "Error: depth must be 0 or more"),
    (["--max-nodes", "0"], "Error: max-nodes must be 1 or more"),
    (["--since", "2024", "--until", "2020"], "Error: --since 2024 is after --until 2020"),
])
def test_kg_export_html_errors_are_one_line(sample_graph_dir, tmp_path, args, message):
    code, out, err = kg("export", "html", "--graph", sample_graph_dir, "--out", tmp_path / "g.html", *args)
    assert code == 1 and out == ""
    assert err.startswith(message) and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "g.html").exists()


def test_kg_export_html_into_a_folder_fails(sample_graph_dir, tmp_path):
    code, _, err = kg("export", "html", "--graph", sample_graph_dir, "--out", tmp_path)
    assert code == 1 and err.startswith(f"Error: {tmp_path} is a folder")


def test_kg_export_html_without_a_graph_fails(tmp_path):
    code, _, err = kg("export", "html", "--graph", tmp_path / "none", "--out", tmp_path / "g.html")
    assert code == 1 and err.startswith("Error: no built graph in")


# ----------------------------------------------------------------------------- in a browser

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                  "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND"]


@pytest.fixture(scope="session")
def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        if shutil.which(name):
            return shutil.which(name)
    if IN_CI:
        pytest.fail("headless Chromium is needed in CI: apt-get install -y chromium")
    pytest.skip("no chromium on this machine (apt-get install -y chromium)")


def open_in_chromium(chromium, page: Path, tmp_path: Path, *extra: str, timeout: float = 120) -> str:
    """Run Chromium on the page with no network; return what it printed (the DOM with --dump-dom)."""
    profile = tmp_path / f"profile-{time.monotonic_ns()}"
    cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1200,900", *extra,
           page.resolve().as_uri()]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return out


def drawn(dom: str) -> dict[str, str]:
    """The attributes of the status line the page writes after its first frame."""
    tag = re.search(r'<footer id="kg-status"([^>]*)>', dom)
    assert tag, dom[-2000:]
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag.group(1)))


@pytest.mark.browser
def test_chromium_draws_every_node_and_edge_of_the_seeds(chromium, seed_graph, tmp_path):
    page = tmp_path / "seeds.html"
    export_html(seed_graph, page, isolated=True)
    sel = select(seed_graph)
    status = drawn(open_in_chromium(chromium, page, tmp_path, "--dump-dom"))
    assert status["data-state"] == "drawn"
    assert int(status["data-drawn-nodes"]) == len(sel["nodes"]) == len(seed_graph.nodes) - len(seed_graph.of_type("Article"))
    assert int(status["data-drawn-edges"]) == drawn_pairs(sel)
    assert "data-blocked" not in status  # the page tried to load nothing
    shot = tmp_path / "seeds.png"
    open_in_chromium(chromium, page, tmp_path, f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


@pytest.mark.browser
def test_chromium_draws_a_focused_view(chromium, sample_graph, tmp_path):
    page = tmp_path / "focus.html"
    export_html(sample_graph, page, focus="le hoang thanh", depth=2)
    sel = select(sample_graph, focus="le hoang thanh", depth=2)
    status = drawn(open_in_chromium(chromium, page, tmp_path, "--dump-dom"))
    assert (int(status["data-drawn-nodes"]), int(status["data-drawn-edges"])) == (len(sel["nodes"]), drawn_pairs(sel))


def generated_news_graph(n: int = 5000, seed: int = 1) -> KnowledgeGraph:
    """A made-up decade of news at scale: people at conferences, offices in organisations,
    directives issued — 40% persons, 30% events, 15% offices, 10% organisations, 5% directives."""
    rng = random.Random(seed)
    g = KnowledgeGraph()
    share = {"Person": 0.40, "Event": 0.30, "Office": 0.15, "Organization": 0.10}
    sizes = {t: int(n * s) for t, s in share.items()}
    sizes["Directive"] = n - sum(sizes.values())
    names = {"Person": "Nguyễn Văn {}", "Event": "Hội nghị số {}", "Office": "Vụ trưởng Vụ {}",
             "Organization": "Ủy ban {}", "Directive": "Chỉ thị {}-CT/TW"}
    ids: dict[str, list[str]] = {}
    for t, size in sizes.items():
        ids[t] = [f"{t.lower()}/{i:05d}" for i in range(size)]
        for i, nid in enumerate(ids[t]):
            props = {"date": f"{2015 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}"} if t == "Event" else {}
            g.nodes[nid] = Node(nid, t, names[t].format(i), props=props)

    def fact(type_, s, o, **props):
        fid = f"fact/{type_.lower()}/{len(g.facts):06d}"
        g.facts[fid] = Fact(fid, type_, s, o, props, [Provenance("gen", 0, 1, f"Câu {len(g.facts)}.", "gen")])

    for e in ids["Event"]:
        for i, p in enumerate(rng.sample(ids["Person"], rng.randint(2, 5))):
            fact("Participation", p, e, role="chair" if i == 0 else "participant")
    for p in ids["Person"]:
        for o in rng.sample(ids["Office"], rng.randint(1, 2)):
            fact("Tenure", p, o)
    for o in ids["Office"]:
        g.nodes[o].props["org"] = rng.choice(ids["Organization"])
    for d in ids["Directive"]:
        fact("Issued", rng.choice(ids["Organization"]), d)
    return g


@pytest.mark.browser
@pytest.mark.slow
def test_a_5000_node_graph_is_drawn_in_seconds(chromium, tmp_path, record_property):
    g = generated_news_graph(5000)
    page = tmp_path / "big.html"
    t0 = time.perf_counter()
    r = export_html(g, page, max_nodes=5000, isolated=True)  # all 5000, the few without a link too
    export_s = time.perf_counter() - t0
    assert r.nodes == 5000 and not r.left_out
    draws, walls = [], []
    for _ in range(3):
        t0 = time.perf_counter()
        status = drawn(open_in_chromium(chromium, page, tmp_path, "--dump-dom"))
        walls.append(time.perf_counter() - t0)
        assert (int(status["data-drawn-nodes"]), int(status["data-drawn-edges"])) == (5000, r.edges)
        draws.append(int(status["data-ms"]) / 1000)  # navigation start to the first frame drawn
    timings = {"export_s": round(export_s, 2), "draw_s": draws, "draw_median_s": statistics.median(draws),
               "chromium_wall_s": [round(w, 2) for w in walls]}
    record_property("timings", json.dumps(timings))
    print("\n5000-node page:", json.dumps(timings))
    # generous bounds for a busy machine; the README and the report give measured figures
    assert statistics.median(draws) < 10
    assert export_s < 60


class DevTools:
    """Chromium driven over ``--remote-debugging-pipe``: NUL-terminated JSON on fds 3 and 4,
    so no websocket library is needed. Enough to evaluate script and move the mouse."""

    def __init__(self, chromium: str, profile: Path):
        import select as _select

        self._select = _select
        import fcntl

        def high(fd: int) -> int:  # above 4, so that moving the ends to 3 and 4 clobbers nothing
            moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(fd)
            return moved

        to_chrome_r, self._to_chrome = map(high, os.pipe())
        self._from_chrome, from_chrome_w = map(high, os.pipe())

        def fds():  # the child reads commands on fd 3 and writes replies on fd 4
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.proc = subprocess.Popen(
            [chromium, *CHROMIUM_FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}",
             "--window-size=1200,900", "about:blank"],
            preexec_fn=fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf, self._id, self.session = b"", 0, None

    def call(self, method: str, timeout: float = 60, **params):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" not in self._buf:
                left = deadline - time.monotonic()
                ready, _, _ = self._select.select([self._from_chrome], [], [], max(0.0, left))
                if not ready:
                    raise TimeoutError(method)
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    raise ConnectionError("chromium closed the pipe")
                self._buf += chunk
            raw, self._buf = self._buf.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(reply["error"])
                return reply["result"]

    def open(self, url: str) -> None:
        target = self.call("Target.createTarget", url=url)["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def js(self, expression: str):
        r = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"])
        return r["result"].get("value")

    def mouse(self, kind: str, x: float, y: float) -> None:
        extra = {"button": "left", "clickCount": 1} if kind != "mouseMoved" else {}
        self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, **extra)

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


@pytest.fixture
def devtools(chromium, tmp_path):
    tools = DevTools(chromium, tmp_path / "profile")
    yield tools
    tools.close()


FRAMES = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))))"


@pytest.mark.browser
def test_hovering_clicking_and_searching_in_chromium(devtools, seed_graph, tmp_path):
    page = tmp_path / "seeds.html"
    export_html(seed_graph, page)
    devtools.open(page.resolve().as_uri())
    for _ in range(200):
        if devtools.js("(e => e && e.dataset.state)(document.getElementById('kg-status'))") == "drawn":
            break
        time.sleep(0.05)
    son = by_label(seed_graph, "Thái Phúc Sơn")
    x, y = devtools.js(f"""(() => {{
        const p = kgNetwork.canvasToDOM(kgNetwork.getPosition({json.dumps(son)}));
        const box = document.getElementById('kg-network').getBoundingClientRect();
        return [p.x + box.left, p.y + box.top]; }})()""")
    devtools.mouse("mouseMoved", x, y)
    devtools.js(FRAMES)
    tip = devtools.js("(t => t.hidden ? null : t.textContent)(document.getElementById('kg-tip'))")
    assert tip and tip.startswith("Thái Phúc Sơn\nLoại: Người") and "chủ trì hội nghị" in tip
    devtools.mouse("mousePressed", x, y)
    devtools.mouse("mouseReleased", x, y)
    devtools.js(FRAMES)
    assert devtools.js("document.getElementById('kg-detail').textContent") == tip
    devtools.mouse("mouseMoved", 5, 5)  # off the graph: the tooltip goes
    devtools.js(FRAMES)
    assert devtools.js("document.getElementById('kg-tip').hidden") is True
    found = devtools.js("""(() => { const s = document.getElementById('kg-search');
        s.value = 'thai phuc son'; s.dispatchEvent(new Event('change'));
        return [document.getElementById('kg-search-result').textContent, kgNetwork.getSelectedNodes()]; })()""")
    assert found == ["1 kết quả", [son]]


@pytest.mark.browser
def test_a_big_page_labels_nodes_and_edges_once_zoomed_in(devtools, tmp_path):
    g = generated_news_graph(1200)
    page = tmp_path / "big.html"
    export_html(g, page)
    devtools.open(page.resolve().as_uri())
    for _ in range(400):
        if devtools.js("(e => e && e.dataset.state)(document.getElementById('kg-status'))") == "drawn":
            break
        time.sleep(0.05)
    label = "kgNetwork.body.nodes['person/00000'].options.label"
    assert devtools.js(label) is None  # too small to read at first: not drawn
    devtools.js("kgNetwork.moveTo({position: kgNetwork.getPosition('person/00000'), scale: 1.2}); kgNetwork.redraw()")
    devtools.js(FRAMES)
    assert devtools.js(label) == "Nguyễn Văn 0"
    assert devtools.js("document.getElementById('kg-status').dataset.labels") == "shown"
    edge_labels = devtools.js("Object.values(kgNetwork.body.edges).filter(e => e.options.label).length")
    assert edge_labels == devtools.js("Object.keys(kgNetwork.body.edges).length")


# ----------------------------------------------------------------------------- the overview of a real build


def lonely_graph(connected: int = 60, alone: int = 120) -> KnowledgeGraph:
    """What a real crawl gives: a few connected people and events, and twice as many
    entities named once and linked to nothing (two thirds isolated)."""
    g = KnowledgeGraph()
    prov = Provenance("a1", 0, 10, "Câu nguồn.", "test")
    for i in range(connected):
        g.nodes[f"person/p{i}"] = Node(f"person/p{i}", "Person", f"Người Thứ {i}", sources=[prov])
        g.nodes[f"event/e{i // 4}"] = Node(f"event/e{i // 4}", "Event", f"Hội nghị số {i // 4}", sources=[prov])
        g.facts[f"fact/f{i}"] = Fact(f"fact/f{i}", "Participation", f"person/p{i}", f"event/e{i // 4}",
                                     {"role": "chair" if i % 4 == 0 else "participant"}, [prov])
    for i in range(alone):
        kind = ("Person", "Organization", "Event")[i % 3]
        g.nodes[f"{kind.lower()}/x{i}"] = Node(f"{kind.lower()}/x{i}", kind, f"Một mình {i}", sources=[prov])
    return g


def test_the_overview_draws_connected_entities_and_counts_the_isolated(tmp_path):
    g = lonely_graph()
    r = export_html(g, tmp_path / "g.html")
    data = page_data(tmp_path / "g.html")
    assert r.nodes == 60 + 15 and len(data["nodes"]) == 75
    assert r.isolated == {"Event": 40, "Organization": 40, "Person": 40}
    notice = htmlmod.unescape(re.search(r'<p id="kg-left-out">(.*?)</p>', (tmp_path / "g.html").read_text(), re.S).group(1))
    assert "Không vẽ 120 thực thể không có liên kết nào" in notice and "--isolated" in notice
    everything = export_html(g, tmp_path / "all.html", isolated=True)
    assert everything.nodes == 195 and everything.isolated == {}
    assert '<p id="kg-left-out" hidden>' in (tmp_path / "all.html").read_text(encoding="utf-8")


def test_a_focus_is_drawn_even_when_it_has_no_link(tmp_path):
    r = export_html(lonely_graph(), tmp_path / "g.html", focus="mot minh 7")
    assert r.nodes == 1 and r.focus == "organization/x7"  # 7 % 3 == 1


def test_kg_export_html_counts_isolated_entities_and_draws_them_on_request(tmp_path):
    from kg.build import write_graph

    write_graph(lonely_graph(), tmp_path / "graph")
    code, _, err = kg("export", "html", "-g", tmp_path / "graph", "--out", tmp_path / "g.html")
    assert code == 0, err
    assert "75 nodes" in err
    assert "not drawn: 120 entities without any link (40 Event, 40 Organization, 40 Person); --isolated draws them" in err
    code, _, err = kg("export", "html", "-g", tmp_path / "graph", "--out", tmp_path / "g.html", "--isolated")
    assert code == 0 and "195 nodes" in err and "not drawn" not in err


def test_the_best_connected_nodes_are_labelled_at_first_sight(tmp_path):
    g = lonely_graph()
    export_html(g, tmp_path / "g.html")
    hubs = page_data(tmp_path / "g.html")["options"]["kgHubs"]
    # the 15 events (4 people each) first, then people by id
    assert hubs[:15] == sorted(f"event/e{i}" for i in range(15)) and len(hubs) == 25


def test_the_page_is_readable_by_everyone_like_any_shared_file(sample_graph, tmp_path):
    old = os.umask(0o022)
    try:
        export_html(sample_graph, tmp_path / "g.html")
    finally:
        os.umask(old)
    assert (tmp_path / "g.html").stat().st_mode & 0o777 == 0o644


@pytest.mark.browser
def test_chromium_shows_labels_at_first_sight_on_a_crawl_sized_graph(chromium, tmp_path):
    """606 entities, two thirds alone, as the crawl of issue 11: the page draws the linked
    ones, and the 25 best-connected have labels big enough to be drawn at the first frame."""
    g = lonely_graph(connected=200, alone=406)
    page = tmp_path / "crawl.html"
    r = export_html(g, page)
    status = drawn(open_in_chromium(chromium, page, tmp_path, "--dump-dom"))
    assert int(status["data-drawn-nodes"]) == r.nodes == 250
    assert int(status["data-hubs"]) == 25
    assert int(status["data-labels-visible"]) >= 25


@pytest.mark.browser
@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news" / "crawl-news-2026.jsonl.gz").exists(),
                    reason="../shared/corpus/news/crawl-news-2026.jsonl.gz is absent (the shared corpus is only on project machines and CI)")
def test_chromium_overview_of_the_real_crawl(chromium, tmp_path):
    from kg.build import build, load_graph
    from tests.conftest import NEWS

    build([NEWS / "crawl-news-2026.jsonl.gz"], tmp_path / "crawl", jobs=2)
    code, _, err = kg("export", "html", "-g", tmp_path / "crawl", "--out", tmp_path / "crawl.html")
    assert code == 0 and "entities without any link" in err, err
    g = load_graph(tmp_path / "crawl")
    everything = select(g)
    shown = select(g, isolated=False)
    assert 0 < len(shown["nodes"]) < len(everything["nodes"]) and shown["edges"] == everything["edges"]
    status = drawn(open_in_chromium(chromium, tmp_path / "crawl.html", tmp_path, "--dump-dom"))
    assert int(status["data-drawn-nodes"]) == len(shown["nodes"])
    assert int(status["data-labels-visible"]) >= min(25, len(shown["nodes"]))
