"""Graph analytics as a user runs them: `kg stats` and `kg path` on the sample corpus, and
the library functions under them (graph first, plain data out).

Expectations are either facts the sample articles state plainly (Lê Hoàng Thanh chaired
the 31st Diplomatic Conference at the Long An connection point; Bùi Thanh Sơn and Lê Hoài
Trung co-chaired the 2023 coordination conference) or computed from the graph itself.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg import analytics
from kg.analytics import (central_persons, co_participants, components, count_by_type, find_entity,
                          per_year, shortest_path, stats)
from kg.cli import app
from kg.errors import EntityNotFoundError, ParameterError
from kg.text import fold

runner = CliRunner()


def by_label(graph, label):
    [node] = [n for n in graph.nodes.values() if n.label == label]
    return node.id


def kg(*args):
    r = runner.invoke(app, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


# ----------------------------------------------------------------------------- names


@pytest.mark.parametrize("typed", ["Lê Hoàng Thanh", "le hoang thanh", "LE HOANG THANH", "  Le  Hoàng thanh "])
def test_a_name_is_found_with_or_without_diacritics(sample_graph, typed):
    assert find_entity(sample_graph, typed) == by_label(sample_graph, "Lê Hoàng Thanh")


def test_a_foreign_name_folds_too(sample_graph):
    assert sample_graph.nodes[find_entity(sample_graph, "csaba korosi")].label == "Csaba Kőrösi"


def test_part_of_a_name_is_enough_when_only_one_entity_fits(sample_graph):
    assert find_entity(sample_graph, "hoang thanh") == by_label(sample_graph, "Lê Hoàng Thanh")


def test_an_unknown_name_raises(sample_graph):
    with pytest.raises(EntityNotFoundError, match="no entity is called 'Nobody Here'"):
        find_entity(sample_graph, "Nobody Here")


def test_a_name_that_fits_several_entities_lists_them(sample_graph):
    with pytest.raises(EntityNotFoundError, match="ambiguous") as e:
        find_entity(sample_graph, "tran")  # Trần Thanh Mẫn, Trần Lưu Quang, Trần Hồng Hà
    assert "Trần Lưu Quang" in str(e.value) and e.value.hint == "write more of the name"


def test_articles_are_not_entities(sample_graph):
    article = sample_graph.of_type("Article")[0]
    with pytest.raises(EntityNotFoundError):
        find_entity(sample_graph, article.label)


# ----------------------------------------------------------------------------- stats


def test_counts_by_type_are_the_graph_counts(sample_graph):
    c = count_by_type(sample_graph)
    assert {k: v for k, v in c["nodes"].items() if v} == dict(Counter(n.type for n in sample_graph.nodes.values()))
    assert {k: v for k, v in c["facts"].items() if v} == dict(Counter(f.type for f in sample_graph.facts.values()))
    assert set(c["nodes"]) >= {"Person", "Event", "Office", "Article"}


def test_central_persons_count_their_events_and_offices(sample_graph):
    rows = central_persons(sample_graph, top=100)
    events, offices = defaultdict(set), defaultdict(set)
    for f in sample_graph.facts.values():
        if f.type == "Participation":
            events[f.subject].add(f.object)
        elif f.type == "Tenure" and sample_graph.nodes[f.subject].type == "Person" \
                and sample_graph.nodes[f.object].type == "Office":
            offices[f.subject].add(f.object)
    assert len(rows) == len(sample_graph.of_type("Person"))
    for r in rows:
        assert (r["events"], r["offices"]) == (len(events[r["id"]]), len(offices[r["id"]]))
        assert r["degree"] == r["events"] + r["offices"]
        assert 0.0 <= r["betweenness"] <= 1.0
    assert [r["degree"] for r in rows] == sorted((r["degree"] for r in rows), reverse=True)
    # a person who links two conferences lies between others; one who attended a single
    # event and held no office in the graph does not
    assert max(r["betweenness"] for r in rows) > 0
    assert central_persons(sample_graph, top=3) == rows[:3]


def test_co_chairs_of_the_2023_coordination_conference_are_co_participants(sample_graph):
    rows = co_participants(sample_graph, top=1000)
    pairs = {frozenset(r["persons"]): r for r in rows}
    pair = pairs[frozenset({"Bùi Thanh Sơn", "Lê Hoài Trung"})]
    assert "Hội nghị phối hợp triển khai công tác đối ngoại năm 2023" in pair["events"]
    assert pair["count"] == len(pair["events"])
    assert [r["count"] for r in rows] == sorted((r["count"] for r in rows), reverse=True)


def test_co_participants_are_every_pair_at_an_event(sample_graph):
    at = defaultdict(set)
    for f in sample_graph.facts_of_type("Participation"):
        at[f.object].add(f.subject)
    expected = sum(len(p) * (len(p) - 1) // 2 for p in at.values())
    assert sum(r["count"] for r in co_participants(sample_graph, top=10**6)) == expected


def test_components_cover_every_entity_once(sample_graph):
    c = components(sample_graph, top=3)
    entities = [n for n in sample_graph.nodes.values() if n.type != "Article"]
    assert sum(c["sizes"]) == len(entities)
    assert c["count"] == len(c["sizes"]) and c["sizes"] == sorted(c["sizes"], reverse=True)
    assert c["isolated"] == c["sizes"].count(1)
    assert len(c["largest"]) == min(3, c["count"]) and c["largest"][0]["size"] == c["sizes"][0]
    assert sum(c["largest"][0]["types"].values()) == c["sizes"][0]


def test_articles_and_facts_per_year(sample_graph):
    rows = per_year(sample_graph)
    assert sum(r["articles"] for r in rows) == len(sample_graph.of_type("Article"))
    assert sum(r["facts"] for r in rows) == len(sample_graph.facts)
    years = [r["year"] for r in rows if r["year"] is not None]
    assert years == sorted(years)
    by_year = {r["year"]: r for r in rows}
    # the 2021 national conference article is dated 2021-12-15
    assert by_year[2021]["articles"] >= 1
    # Phạm Gia Khiêm chaired the Security Council's open debate on 5/10/2009
    assert by_year[2009]["facts"] >= 1


def test_stats_is_plain_json_data(sample_graph):
    s = stats(sample_graph, top=5)
    assert json.loads(json.dumps(s, ensure_ascii=False)) == s
    assert set(s) == {"counts", "central_persons", "co_participants", "components", "per_year"}
    assert len(s["central_persons"]) == 5


@pytest.mark.parametrize("bad", [0, -1, "3"])
def test_stats_checks_top_up_front(sample_graph, bad):
    with pytest.raises(ParameterError):
        stats(sample_graph, top=bad)


def test_analytics_take_a_knowledge_graph():
    with pytest.raises(TypeError, match="KnowledgeGraph"):
        count_by_type(nx.Graph())


# ----------------------------------------------------------------------------- paths


def test_the_chair_of_the_31st_conference_reaches_a_participant_through_it(sample_graph):
    p = shortest_path(sample_graph, "le hoang thanh", "Bùi Thanh Sơn")
    assert (p["from"], p["to"]) == ("Lê Hoàng Thanh", "Bùi Thanh Sơn")
    first, second = p["steps"]
    assert (first["subject"], first["relation"], first["object"]) == \
        ("Lê Hoàng Thanh", "chủ trì", "Hội nghị Ngoại giao lần thứ 31")
    assert (second["subject"], second["relation"], second["object"]) == \
        ("Bùi Thanh Sơn", "dự", "Hội nghị Ngoại giao lần thứ 31")
    src = first["sources"][0]
    assert "Lê Hoàng Thanh" in src["sentence"] and "chủ trì" in src["sentence"]
    assert src["article"] == "02_hoi-nghi-doi-ngoai-toan-quoc-2021" and src["date"] == "2021-12-15"
    assert src["title"]


def test_a_path_is_a_chain_of_real_facts(sample_graph):
    p = shortest_path(sample_graph, "Csaba Kőrösi", "Đại hội đồng Liên Hợp Quốc")
    assert p is not None and p["steps"]
    hops = [p["from"]]
    for s in p["steps"]:
        here = hops[-1]
        assert here in (s["subject"], s["object"])
        hops.append(s["object"] if s["subject"] == here else s["subject"])
        if s["fact"]:
            f = sample_graph.facts[s["fact"]]
            assert (sample_graph.nodes[f.subject].label, sample_graph.nodes[f.object].label) == (s["subject"], s["object"])
    assert hops[-1] == p["to"]


def test_no_path_between_parts_of_the_graph_is_none(sample_graph):
    U = analytics.to_networkx(sample_graph).to_undirected()
    parts = sorted(nx.connected_components(U), key=len, reverse=True)
    assert len(parts) > 1
    assert shortest_path(sample_graph, min(parts[0]), min(parts[-1])) is None


def test_a_path_to_itself_has_no_steps(sample_graph):
    assert shortest_path(sample_graph, "Lê Hoài Trung", "le hoai trung")["steps"] == []


# ----------------------------------------------------------------------------- the CLI


def test_kg_stats_prints_the_tables(sample_graph_dir, sample_graph):
    code, out, _ = kg("stats", "--graph", sample_graph_dir)
    assert code == 0
    for title in ("Entities and facts", "Most central persons", "Most frequent co-participants",
                  "Connected components", "Articles and facts per year"):
        assert title in out
    assert central_persons(sample_graph, top=1)[0]["label"] in out
    assert "Người" in out  # types are named in Vietnamese too


def test_kg_stats_json_is_the_library_result(sample_graph_dir, sample_graph):
    code, out, _ = kg("stats", "--graph", sample_graph_dir, "--format", "json", "--top", "3")
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(stats(sample_graph, top=3), ensure_ascii=False))


def test_kg_stats_without_a_graph_fails_in_one_line(tmp_path):
    code, out, err = kg("stats", "--graph", tmp_path / "nothing")
    assert code == 1 and out == ""
    assert err.startswith("Error: no built graph in") and "kg build" in err and len(err.strip().splitlines()) == 1


def test_kg_stats_rejects_an_unknown_format(sample_graph_dir):
    code, _, err = kg("stats", "--graph", sample_graph_dir, "--format", "xml")
    assert code == 1 and "Error: unknown format 'xml'" in err


def test_kg_stats_rejects_top_zero(sample_graph_dir):
    code, _, err = kg("stats", "--graph", sample_graph_dir, "--top", "0")
    assert code == 1 and "Error: top must be 1 or more" in err


def test_kg_path_prints_the_chain_with_its_sources(sample_graph_dir):
    code, out, _ = kg("path", "le hoang thanh", "bui thanh son", "--graph", sample_graph_dir)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "Lê Hoàng Thanh → Bùi Thanh Sơn: 2 facts"
    assert "1. Lê Hoàng Thanh —chủ trì→ Hội nghị Ngoại giao lần thứ 31" in lines
    assert "2. Bùi Thanh Sơn —dự→ Hội nghị Ngoại giao lần thứ 31" in lines
    assert any("chủ trì hội nghị" in x for x in lines)  # the sentence that says so
    assert any("02_hoi-nghi-doi-ngoai-toan-quoc-2021" in x for x in lines)  # and its article


def test_kg_path_json(sample_graph_dir, sample_graph):
    code, out, _ = kg("path", "le hoang thanh", "bui thanh son", "--graph", sample_graph_dir, "-f", "json")
    assert code == 0
    assert json.loads(out) == shortest_path(sample_graph, "le hoang thanh", "bui thanh son")


def test_kg_path_with_an_unknown_name_fails_in_one_line(sample_graph_dir):
    code, out, err = kg("path", "Nobody Here", "Bùi Thanh Sơn", "--graph", sample_graph_dir)
    assert code == 1 and out == ""
    assert err.strip() == ("Error: no entity is called 'Nobody Here' — "
                           "try `kg query search --param name=...` to find the spelling")


def test_kg_path_with_an_ambiguous_name_lists_the_candidates(sample_graph_dir):
    code, _, err = kg("path", "Trần", "Bùi Thanh Sơn", "--graph", sample_graph_dir)
    assert code == 1 and "is ambiguous" in err and "Trần Lưu Quang" in err and len(err.strip().splitlines()) == 1


def test_kg_path_between_unconnected_entities_says_so(sample_graph_dir, sample_graph):
    U = analytics.to_networkx(sample_graph).to_undirected()
    parts = sorted(nx.connected_components(U), key=len, reverse=True)
    a, b = min(parts[0]), min(parts[-1])
    code, out, err = kg("path", a, b, "--graph", sample_graph_dir)
    assert code == 1 and out == "" and err.startswith("No connection between")


def test_kg_path_without_a_graph_fails_in_one_line(tmp_path):
    code, _, err = kg("path", "a", "b", "--graph", tmp_path)
    assert code == 1 and err.startswith("Error: no built graph in")


def test_fold_is_the_key_of_names():
    assert fold("Đôn Tuấn Phong") == "don tuan phong"
