"""`kg export graphml|gexf|csv` as a network analyst uses it: files that networkx (and so
Gephi, Cytoscape, pandas) reads back with every entity and fact of the view, the same
view `kg export html` draws for the same filters, and attributes of plain types.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.analytics import select
from kg.cli import app
from kg.export import FORMATS
from kg.export.network import csv_paths, export_csv, export_gexf, export_graphml
from kg.model import Fact, KnowledgeGraph, Node, Provenance

runner = CliRunner()


def kg(*args):
    r = runner.invoke(app, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


def by_label(graph, label):
    [node] = [n for n in graph.nodes.values() if n.label == label]
    return node.id


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def csv_as_networkx(nodes_path: Path, edges_path: Path) -> nx.MultiDiGraph:
    """The two tables as a graph, the way an analyst would load them (empty cell = no value)."""
    G = nx.MultiDiGraph()
    for row in read_csv(nodes_path)[1]:
        G.add_node(row.pop("id"), **{k: v for k, v in row.items() if v != ""})
    for row in read_csv(edges_path)[1]:
        u, v, key = row.pop("source"), row.pop("target"), row.pop("id")
        assert u in G and v in G, (u, v)  # an edge names nodes of the node table
        G.add_edge(u, v, key=key, **{k: val for k, val in row.items() if val != ""})
    return G


def read_back(fmt: str, out: Path) -> nx.MultiDiGraph:
    """The file as networkx reads it, keyed by fact id (networkx gives a DiGraph, its edge
    ids as the "id" attribute, when no two edges join the same nodes)."""
    if fmt == "csv":
        return csv_as_networkx(*csv_paths(out))
    if fmt == "graphml":
        return nx.read_graphml(out, force_multigraph=True)
    G = nx.read_gexf(out)
    if G.is_multigraph():
        return G
    M = nx.MultiDiGraph()
    M.graph.update(G.graph)
    M.add_nodes_from(G.nodes(data=True))
    for u, v, d in G.edges(data=True):
        M.add_edge(u, v, key=d["id"], **d)
    return M


def check_against_the_graph(G: nx.MultiDiGraph, graph: KnowledgeGraph, sel: dict, *, text_only: bool = False):
    """Every node and fact of the view, with what the built graph says about them."""
    assert sorted(G.nodes) == sel["nodes"]
    assert sorted(G.edges(keys=True)) == sorted(map(tuple, sel["edges"]))
    for nid, d in G.nodes(data=True):
        n = graph.nodes[nid]
        assert (d["label"], d["type"]) == (n.label, n.type)
        assert d.get("aliases") == (" | ".join(n.aliases) if n.aliases else None)
        if n.type == "Event":
            assert d.get("date") == n.props.get("date") and d.get("location") == n.props.get("location")
            if n.props.get("ordinal") is not None:
                assert d["ordinal"] == (str(n.props["ordinal"]) if text_only else n.props["ordinal"])
        assert "start" not in d and "end" not in d
    for u, v, key, d in G.edges(keys=True, data=True):
        fact = graph.facts.get(key)
        if fact is None:  # an office's organisation (or an article's mention)
            assert d["fact_type"] in ("PartOf", "Mentions") and key.startswith(("partof:", "mentions:"))
            continue
        assert (u, v, d["fact_type"]) == (fact.subject, fact.object, fact.type)
        assert d.get("role") == fact.props.get("role")
        assert d.get("attested") == (" | ".join(fact.props["attested"]) if fact.props.get("attested") else None)
        assert d.get("start_date") == fact.props.get("start") and d.get("end_date") == fact.props.get("end")
        assert d["sentence"] == fact.sources[0].sentence
        assert int(d["sources"]) == len({(p.article, p.sentence) for p in fact.sources})


def the_31st_conference(G, graph):
    """What a reader checks first: the 31st Diplomatic Conference and who chaired it."""
    conf, chair = by_label(graph, "Hội nghị Ngoại giao lần thứ 31"), by_label(graph, "Lê Hoàng Thanh")
    assert G.nodes[conf]["date"] == "2021-12-15" and G.nodes[conf]["aliases"] == "Hội nghị Ngoại giao 31"
    assert G.nodes[conf]["type_vi"] == "Sự kiện" and G.nodes[chair]["type_vi"] == "Người"
    [edge] = G.get_edge_data(chair, conf).values()
    assert edge["label"] == "chủ trì" and edge["role"] == "chair"
    assert edge["qualifier"] == "tại điểm cầu Long An"


# ----------------------------------------------------------------------------- one test per format


def test_kg_export_graphml_reads_back_with_networkx(sample_graph_dir, sample_graph, tmp_path):
    out = tmp_path / "graph.graphml"
    code, _, err = kg("export", "graphml", "--graph", sample_graph_dir, "--out", out)
    sel = select(sample_graph)
    assert code == 0 and err.startswith(f"Wrote {out}: {len(sel['nodes'])} nodes (")
    assert err.rstrip().endswith(f"{len(sel['edges'])} edges.")
    G = nx.read_graphml(out)
    assert isinstance(G, nx.MultiDiGraph) and len(sel["nodes"]) > 50
    check_against_the_graph(G, sample_graph, sel)
    the_31st_conference(G, sample_graph)
    assert isinstance(G.nodes[by_label(sample_graph, "Hội nghị Ngoại giao lần thứ 31")]["ordinal"], int)


def test_kg_export_gexf_reads_back_with_networkx(sample_graph_dir, sample_graph, tmp_path):
    out = tmp_path / "graph.gexf"
    code, _, err = kg("export", "gexf", "--graph", sample_graph_dir, "--out", out)
    assert code == 0 and err.startswith(f"Wrote {out}:")
    G = nx.read_gexf(out)
    sel = select(sample_graph)
    check_against_the_graph(G, sample_graph, sel)
    the_31st_conference(G, sample_graph)


def test_the_gexf_is_a_static_directed_graph_as_gephi_reads_it(sample_graph, tmp_path):
    out = tmp_path / "graph.gexf"
    export_gexf(sample_graph, out)
    ns = {"g": "http://www.gexf.net/1.2draft"}
    root = ET.parse(out).getroot()
    graph = root.find("g:graph", ns)
    assert (graph.get("defaultedgetype"), graph.get("mode")) == ("directed", "static")
    edges = graph.findall("g:edges/g:edge", ns)
    # an edge's "type" is its direction in GEXF, and start/end its time span: never ours
    assert all(e.get("type") in (None, "directed") for e in edges)
    assert not any(x.get("start") or x.get("end") for x in graph.iter() if x.tag.endswith(("}node", "}edge")))
    assert {e.get("id") for e in edges} == {k for _, _, k in select(sample_graph)["edges"]}
    assert {e.get("label") for e in edges} >= {"chủ trì", "dự", "giữ chức", "thuộc"}


def test_kg_export_csv_writes_a_node_table_and_an_edge_table(sample_graph_dir, sample_graph, tmp_path):
    code, _, err = kg("export", "csv", "--graph", sample_graph_dir, "--out", tmp_path / "kg.csv")
    nodes_path, edges_path = tmp_path / "kg.nodes.csv", tmp_path / "kg.edges.csv"
    assert code == 0 and err.startswith(f"Wrote {nodes_path} and {edges_path}:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.edges.csv", "kg.nodes.csv"]
    node_columns, _ = read_csv(nodes_path)
    edge_columns, _ = read_csv(edges_path)
    assert node_columns[:5] == ["id", "label", "type", "type_vi", "aliases"]
    assert edge_columns[:5] == ["source", "target", "id", "label", "fact_type"]
    G = csv_as_networkx(nodes_path, edges_path)
    check_against_the_graph(G, sample_graph, select(sample_graph), text_only=True)
    the_31st_conference(G, sample_graph)


@pytest.mark.parametrize("out, names", [
    ("kg.csv", ("kg.nodes.csv", "kg.edges.csv")),
    ("kg", ("kg.nodes.csv", "kg.edges.csv")),
    ("tables/", ("tables/nodes.csv", "tables/edges.csv")),
])
def test_where_the_csv_files_go(tmp_path, out, names):
    (tmp_path / "tables").mkdir()
    assert csv_paths(tmp_path / out) == tuple(tmp_path / n for n in names)


# ----------------------------------------------------------------------------- the filters of kg export html


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
@pytest.mark.parametrize("filters", [
    {"types": "person,event"},
    {"types": "người,sự kiện,chức vụ"},
    {"since": 2023, "until": 2023},
    {"until": 2021},
    {"focus": "le hoang thanh", "depth": 1},
    {"focus": "pham binh minh", "depth": 2, "types": "person,event,office"},
    {"types": "person,article"},
], ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) if isinstance(f, dict) else f)
def test_the_filters_choose_what_kg_export_html_draws(sample_graph_dir, sample_graph, tmp_path, fmt, filters):
    args = [x for k, v in filters.items() for x in (f"--{k}", v)]
    out = tmp_path / f"view.{fmt}"
    code, _, err = kg("export", fmt, "--graph", sample_graph_dir, "--out", out, *args)
    assert code == 0, err
    G = read_back(fmt, out)
    sel = select(sample_graph, **filters)
    assert sel["nodes"] and len(sel["nodes"]) < len(sample_graph.nodes)
    check_against_the_graph(G, sample_graph, sel, text_only=fmt == "csv")
    if "focus" in filters:
        assert sel["focus"] in G
    if filters.get("types") == "person,article":
        # persons and the articles that name them: no fact joins two persons
        assert {(d["fact_type"], d["label"]) for _, _, d in G.edges(data=True)} == {("Mentions", "đưa tin")}
        assert all(d.get("article_id") for _, d in G.nodes(data=True) if d["type"] == "Article")


# ----------------------------------------------------------------------------- attribute types


def odd_graph() -> KnowledgeGraph:
    """Values the writers refuse as they come: lists, dicts, None, one name with two types."""
    src = [Provenance("a1", 0, 10, "Câu một.", "test"), Provenance("a1", 0, 10, "Câu một.", "other-rule")]
    g = KnowledgeGraph()
    g.nodes["p/1"] = Node("p/1", "Person", "Nguyễn Văn A", ["Anh A", "A"], {"note": None, "extra": {"k": 1}}, src)
    g.nodes["e/1"] = Node("e/1", "Event", "Hội nghị 1", [], {"date": "2021", "ordinal": 1, "end": "2022",
                                                              "tags": ["x", None, ""], "flag": True}, src)
    g.nodes["e/2"] = Node("e/2", "Event", "Hội nghị 2", [], {"date": "--12-15", "ordinal": "XIII", "tags": []})
    g.facts["f/1"] = Fact("f/1", "Participation", "p/1", "e/1",
                          {"role": "chair", "details": ["chủ trì"], "qualifier": None, "label": "clash"}, src)
    g.facts["f/2"] = Fact("f/2", "Participation", "p/1", "e/2", {"role": "participant", "details": []}, src)
    return g


@pytest.mark.parametrize("fmt, write", [("graphml", export_graphml), ("gexf", export_gexf), ("csv", export_csv)])
def test_values_are_written_as_text_numbers_or_booleans(tmp_path, fmt, write):
    out = tmp_path / "odd.out"
    r = write(odd_graph(), out)
    assert (r.nodes, r.edges) == (3, 2)
    G = read_back(fmt, out)
    a, e1, e2 = G.nodes["p/1"], G.nodes["e/1"], G.nodes["e/2"]
    assert a["aliases"] == "Anh A | A" and a["extra"] == '{"k": 1}' and "note" not in a
    assert int(a["sources"]) == 1 and int(a["articles"]) == 1  # one sentence read by two rules
    assert e1["tags"] == "x" and "tags" not in e2  # empty items and empty lists dropped
    assert (e1["ordinal"], e2["ordinal"]) == ("1", "XIII")  # one type per name: text
    assert e1["end_date"] == "2022" and e1["date"] == "2021" and e2["date"] == "--12-15"
    assert str(e1["flag"]).lower() == "true"
    [chair] = G.get_edge_data("p/1", "e/1").values()
    assert chair["details"] == "chủ trì" and "qualifier" not in chair
    assert chair["label"] == "chủ trì" and chair["prop_label"] == "clash"  # a prop never hides ours
    [other] = G.get_edge_data("p/1", "e/2").values()
    assert "details" not in other


# ----------------------------------------------------------------------------- the registry and mistakes


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_kg_export_help_lists_every_registered_format(fmt):
    code, out, _ = kg("export", "--help")
    assert code == 0 and fmt in out
    code, out, _ = kg("export", fmt, "--help")
    assert code == 0 and "--out" in out and "--focus" in out and "--since" in out


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
@pytest.mark.parametrize("args, message", [
    (["--types", "people,planets"], "Error: unknown type 'planets' — use person, organization"),
    (["--focus", "nobody at all"], "Error: no entity is called 'nobody at all' — try `kg query search"),
    (["--since", "2023", "--until", "2021"], "Error: --since 2023 is after --until 2021 — give the earlier year first"),
    (["--focus", "le hoang thanh", "--depth", "-1"], "Error: depth must be 0 or more, not -1"),
], ids=["unknown-type", "unknown-focus", "since-after-until", "negative-depth"])
def test_kg_export_mistakes_are_one_line_and_write_nothing(sample_graph_dir, tmp_path, fmt, args, message):
    code, out, err = kg("export", fmt, "--graph", sample_graph_dir, "--out", tmp_path / f"x.{fmt}", *args)
    assert code == 1 and out == "" and err.startswith(message) and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_kg_export_into_a_folder_fails(sample_graph_dir, tmp_path, fmt):
    code, _, err = kg("export", fmt, "--graph", sample_graph_dir, "--out", tmp_path)
    assert code == 1 and err == f"Error: {tmp_path} is a folder — give a file name, e.g. --out graph.{fmt}\n"


def test_kg_export_csv_into_a_folder_writes_nodes_and_edges_there(sample_graph_dir, tmp_path):
    code, _, err = kg("export", "csv", "--graph", sample_graph_dir, "--out", tmp_path)
    assert code == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["edges.csv", "nodes.csv"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_kg_export_without_a_graph_fails(tmp_path, fmt):
    code, _, err = kg("export", fmt, "--graph", tmp_path / "nowhere", "--out", tmp_path / "x")
    assert code == 1 and err.startswith(f"Error: no built graph in {tmp_path / 'nowhere'}")


def test_a_failed_csv_export_leaves_the_old_files(sample_graph, tmp_path, monkeypatch):
    import kg.export.network as network

    export_csv(sample_graph, tmp_path / "kg")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(path, columns, rows):
        if path.name.startswith(".kg.edges.csv"):
            raise OSError(28, "No space left on device", str(path))
        original(path, columns, rows)

    original = network._write_csv
    monkeypatch.setattr(network, "_write_csv", broken)
    with pytest.raises(Exception, match="No space left on device"):
        export_csv(sample_graph, tmp_path / "kg", types="person")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
