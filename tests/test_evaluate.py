"""`kg eval`: the scorer's figures, computed in the project, and the rules behind every row.

A developer runs ``kg eval --gold DIR CORPUS`` to see which extraction rules make wrong
facts. The figures per question must be the evaluation scorer's (checked against
``../shared/eval/score.py`` when it is present); the figures per rule must follow the
provenance of the graph (checked on a tiny corpus and gold written for this test).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import build, load_graph
from kg.cli import app
from kg.evaluate import CATEGORIES, DATES, NO_SOURCE, Row, evaluate, score_rows
from kg.model import Provenance
from tests.conftest import SAMPLE, SAMPLE_GOLD, SEED_GOLD, SEEDS, SHARED, needs_shared

runner = CliRunner()
SCORER = SHARED / "eval" / "score.py"
DEV = SHARED / "eval" / "dev"


def kg(*args):
    return runner.invoke(app, [str(a) for a in args])


def one_error_line(result) -> str:
    """The run failed with exit code 1 and said so in one line on stderr, no traceback."""
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and " — " in lines[0], lines[0]
    assert "Traceback" not in result.output
    return lines[0]


# ----------------------------------------------------------------------------- the scorer's figures


def scorer_json(corpus: Path, gold: Path, tmp_path: Path) -> dict:
    """``score.py --json`` as the README shows it, driving this checkout's CLI."""
    proc = subprocess.run([sys.executable, str(SCORER), "--corpus", str(corpus), "--gold", str(gold),
                           "--kg", f"{sys.executable} -m kg", "--json", "--keep", str(tmp_path / "scored")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout[:proc.stdout.rindex("}") + 1])  # the last line is the summary


def kg_eval_json(corpus: Path, gold: Path) -> dict:
    r = kg("eval", "--gold", gold, corpus, "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def assert_same_figures(ours: dict, theirs: dict) -> None:
    for name in CATEGORIES:
        assert {k: ours["categories"][name].get(k) for k in theirs["categories"][name]} == theirs["categories"][name], name
    assert (ours["precision"], ours["recall"], ours["f1"]) == (theirs["precision"], theirs["recall"], theirs["f1"])


@needs_shared(SCORER)
def test_sample_figures_equal_the_scorers(tmp_path):
    assert_same_figures(kg_eval_json(SAMPLE, SAMPLE_GOLD), scorer_json(SAMPLE, SAMPLE_GOLD, tmp_path))


@needs_shared(SEED_GOLD)
@needs_shared(SCORER)
def test_seed_figures_equal_the_scorers(tmp_path):
    assert_same_figures(kg_eval_json(SEEDS, SEED_GOLD), scorer_json(SEEDS, SEED_GOLD, tmp_path))


@pytest.mark.slow
@needs_shared(DEV / "gold")
@needs_shared(SCORER)
def test_dev_set_figures_equal_the_scorers(tmp_path):
    corpus, gold = DEV / "dev.jsonl", DEV / "gold"
    ours = kg_eval_json(corpus, gold)
    assert_same_figures(ours, scorer_json(corpus, gold, tmp_path))
    assert ours["gold_files"] == ours["articles"] == 60 and ours["missing_articles"] == []


def test_built_graph_scores_as_its_corpus(sample_graph_dir):
    built = evaluate(SAMPLE_GOLD, graph=sample_graph_dir)
    again = evaluate(SAMPLE_GOLD, [SAMPLE])
    assert built.to_dict() == again.to_dict()
    assert built.f1 > 0.9
    # every row is traced to its rules (the pack's rows still carry the ids kg eval follows)
    assert built.rules and all(r.rule != NO_SOURCE for r in built.rules)


# ----------------------------------------------------------------------------- a tiny corpus and its gold

# Written for this test (no news article): a minister chairs a conference, a deputy attends.
TINY = """Hội nghị Ngoại giao lần thứ 40 khai mạc tại Hà Nội
 date 2024-03-05
Sáng 5/3, tại Hà Nội, Bộ trưởng Bộ Ngoại giao Nguyễn Văn Khoa chủ trì Hội nghị Ngoại giao lần thứ 40.
Thứ trưởng Bộ Ngoại giao Lê Thị Hạnh dự hội nghị và phát biểu về công tác đối ngoại của các địa phương.
"""
# The gold leaves Lê Thị Hạnh out of the persons (so her row is wrong) and names a person
# the text does not (so one is missed); it lists no organisation.
TINY_GOLD = {
    "article": "tiny-01",
    "persons": ["Nguyễn Văn Khoa", "Phạm Minh Tâm"],
    "offices": [{"person": "Nguyễn Văn Khoa", "office": "Bộ trưởng Bộ Ngoại giao"},
                {"person": "Lê Thị Hạnh", "office": "Thứ trưởng Bộ Ngoại giao"}],
    "events": [{"name": "Hội nghị Ngoại giao lần thứ 40", "date": "2024-03-05", "location": "Hà Nội",
                "chairs": ["Nguyễn Văn Khoa"], "participants": ["Lê Thị Hạnh"]}],
    "directives": [], "roles": [], "organizations": [],
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """(corpus folder, gold folder, built graph folder) of the tiny article."""
    root = tmp_path_factory.mktemp("tiny")
    (root / "corpus").mkdir()
    (root / "corpus" / "tiny-01.txt").write_text(TINY, encoding="utf-8")
    (root / "gold").mkdir()
    (root / "gold" / "tiny-01.json").write_text(json.dumps(TINY_GOLD, ensure_ascii=False), encoding="utf-8")
    build([root / "corpus"], root / "graph")
    return root / "corpus", root / "gold", root / "graph"


def rules_of(graph_dir: Path, type_: str, label: str) -> set[str]:
    """The rule ids in the provenance of the node with this label (the test reads the rule
    names from the graph, as kg eval does, so renaming a rule does not break it)."""
    [node] = [n for n in load_graph(graph_dir).of_type(type_) if n.label == label]
    return {p.rule for p in node.sources}


def test_tiny_gold_per_category(tiny):
    corpus, gold, _ = tiny
    ev = evaluate(gold, [corpus])
    got = {c: (s.gold, s.rows, s.tp) for c, s in ev.categories.items()}
    assert got == {"persons": (2, 2, 1), "offices": (2, 2, 2), "events": (1, 1, 1), "event-chairs": (1, 1, 1),
                   "event-participants": (2, 2, 2), "directives": (0, 0, 0), "international-roles": (0, 0, 0),
                   "organizations": (0, 1, 0)}
    assert (ev.categories["events"].dates_right, ev.categories["events"].dates_total) == (1, 1)
    assert (ev.precision, ev.recall) == (7 / 8, 7 / 8)
    assert ev.gold_files == ev.articles == 1 and ev.missing_articles == []


def test_tiny_gold_per_rule(tiny):
    corpus, gold, graph = tiny
    ev = evaluate(gold, graph=graph, examples=5)
    by = {(r.rule, r.category): r for r in ev.rules}
    # the rules that read the person the gold does not list: one right row, one wrong, with its sentence
    person_rules = rules_of(graph, "Person", "Lê Thị Hạnh")
    assert person_rules
    for rule in person_rules:
        r = by[rule, "persons"]
        assert (r.rows, r.tp, r.duplicates, r.recall_share) == (2, 1, 0, 0.5)
        [wrong] = r.wrong
        assert wrong.values["person"] == "Lê Thị Hạnh" and not wrong.duplicate
        assert "Lê Thị Hạnh" in wrong.sentence and wrong.article == "tiny-01"
    # the organisation the gold does not list is wrong for every rule behind it
    for rule in rules_of(graph, "Organization", "Bộ Ngoại giao"):
        assert (by[rule, "organizations"].rows, by[rule, "organizations"].tp) == (1, 0)
    # date rules are scored on the event's date, the other event rules on the event
    event_rules = rules_of(graph, "Event", "Hội nghị Ngoại giao lần thứ 40")
    dated = {r for r in event_rules if by.get((r, DATES))}
    assert dated and all((by[r, DATES].rows, by[r, DATES].tp) == (1, 1) for r in dated)
    assert all((by[r, "events"].rows, by[r, "events"].tp) == (1, 1) for r in event_rules - dated)
    # worst precision first
    assert [r.precision for r in ev.rules] == sorted(r.precision for r in ev.rules)
    assert ev.rules[0].precision == 0.0 and ev.rules[0].category == "organizations"


def row(category_values: dict, *rules: str, sentence: str = "Câu ví dụ.") -> Row:
    return Row(category_values, [Provenance("a1", 0, len(sentence), sentence, r) for r in rules])


def test_a_duplicate_row_is_wrong_for_its_rule_and_marked():
    gold = {c: [] for c in CATEGORIES}
    gold["persons"] = [{"person": "Trần Văn Minh"}]
    answers = {c: [] for c in CATEGORIES}
    answers["persons"] = [row({"person": "Trần Văn Minh", "aliases": []}, "x.first"),
                          row({"person": "Tran Van Minh", "aliases": []}, "x.second", "x.first")]
    categories, rules = score_rows(gold, answers, examples=3)
    assert (categories["persons"].rows, categories["persons"].tp) == (2, 1)
    by = {r.rule: r for r in rules}
    assert (by["x.first"].rows, by["x.first"].tp, by["x.first"].duplicates) == (2, 1, 1)
    assert (by["x.second"].rows, by["x.second"].tp, by["x.second"].duplicates) == (1, 0, 1)
    assert by["x.second"].wrong[0].duplicate and not by["x.second"].registered
    assert rules[0].rule == "x.second"


def test_an_office_row_stating_a_persons_role_is_scored_as_a_role_with_its_rules():
    gold = {c: [] for c in CATEGORIES}
    gold["persons"] = [{"person": "Nguyễn Văn Khoa"}]
    gold["international-roles"] = [{"holder": "Nguyễn Văn Khoa", "role": "Chủ tịch ASEAN", "start": 2030, "end": 2030}]
    answers = {c: [] for c in CATEGORIES}
    answers["offices"] = [row({"person": "Nguyễn Văn Khoa", "office": "Chủ tịch ASEAN 2030"}, "x.office")]
    categories, rules = score_rows(gold, answers)
    assert (categories["offices"].rows, categories["international-roles"].tp) == (0, 1)
    assert [(r.rule, r.category, r.tp) for r in rules] == [("x.office", "international-roles", 1)]


# ----------------------------------------------------------------------------- the command


def test_table_names_every_question_and_the_worst_rule(tiny):
    corpus, gold, _ = tiny
    r = kg("eval", "--gold", gold, corpus, "--show", "2")
    assert r.exit_code == 0, r.output
    for name in CATEGORIES:
        assert name in r.stdout
    assert "Rules, worst precision first" in r.stdout and "overall" in r.stdout
    assert "“Thứ trưởng Bộ Ngoại giao Lê Thị Hạnh dự hội nghị" in r.stdout  # a wrong row's sentence
    assert "Scored in" in r.stderr


def test_json_shape(tiny):
    corpus, gold, _ = tiny
    r = kg("eval", "--gold", gold, corpus, "--format", "json", "--show", "1")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert {"categories", "precision", "recall", "f1", "rules", "unused_rules", "gold_files", "articles",
            "missing_articles", "gold_dir"} <= set(data)
    assert list(data["categories"]) == list(CATEGORIES)
    assert set(data["categories"]["persons"]) == {"gold", "rows", "tp", "precision", "recall", "f1"}
    assert data["categories"]["events"]["dates_right"] == "1/1"
    for item in data["rules"]:
        assert set(item) == {"rule", "category", "makes", "registered", "rows", "tp", "wrong", "duplicates", "gold",
                             "precision", "recall_share", "examples"}
        assert item["wrong"] == item["rows"] - item["tp"] and len(item["examples"]) == min(1, item["wrong"])
        for ex in item["examples"]:
            assert set(ex) >= {"row", "article", "sentence", "duplicate"}


def test_default_corpus_is_the_sample():
    r = kg("eval", "--gold", SAMPLE_GOLD, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["articles"] == len(list(SAMPLE.glob("*.txt")))


def test_gold_for_other_articles_is_warned_about(tiny, tmp_path):
    corpus, _, _ = tiny
    r = kg("eval", "--gold", SAMPLE_GOLD, corpus)
    assert r.exit_code == 0, r.output
    assert "Warning: 5 of 5 gold files are for articles not in the graph" in r.stderr


# ----------------------------------------------------------------------------- mistakes: one line each


def test_no_gold_option():
    assert "no gold folder given" in one_error_line(kg("eval", SAMPLE))


def test_missing_gold_folder(tmp_path):
    assert f"no gold folder {tmp_path / 'nope'}" in one_error_line(kg("eval", "--gold", tmp_path / "nope", SAMPLE))


def test_gold_folder_without_gold_files(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing here", encoding="utf-8")
    assert "holds no gold files" in one_error_line(kg("eval", "--gold", tmp_path, SAMPLE))


def test_broken_gold_file(tmp_path):
    (tmp_path / "a.json").write_text('{"persons": ["Nguyễn Văn Khoa",]}', encoding="utf-8")
    line = one_error_line(kg("eval", "--gold", tmp_path, SAMPLE))
    assert "a.json is not valid JSON (line 1" in line


def test_gold_file_of_the_wrong_shape(tmp_path):
    (tmp_path / "a.json").write_text('{"offices": [{"office": "Bộ trưởng"}]}', encoding="utf-8")
    assert "offices[0] lacks a field: person" in one_error_line(kg("eval", "--gold", tmp_path, SAMPLE))


def test_missing_corpus(tmp_path):
    line = one_error_line(kg("eval", "--gold", SAMPLE_GOLD, tmp_path / "no-such-corpus"))
    assert "no-such-corpus" in line


def test_corpus_with_no_readable_article(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert "no article could be read" in one_error_line(kg("eval", "--gold", SAMPLE_GOLD, tmp_path))


def test_graph_folder_without_a_graph(tmp_path):
    assert "no built graph" in one_error_line(kg("eval", "--gold", SAMPLE_GOLD, "--graph", tmp_path))


def test_corpus_and_graph_together(sample_graph_dir):
    assert "not both" in one_error_line(kg("eval", "--gold", SAMPLE_GOLD, SAMPLE, "--graph", sample_graph_dir))


def test_unknown_format():
    assert "unknown format 'csv'" in one_error_line(kg("eval", "--gold", SAMPLE_GOLD, "--format", "csv"))


# ----------------------------------------------------------------------------- python -m bench.rules


def test_bench_rules_prints_the_sample_table_and_the_dev_table_when_present(capsys):
    from bench.rules import main

    assert main(["--format", "json"]) == 0
    out, err = capsys.readouterr()
    docs, at, decoder = [], 0, json.JSONDecoder()
    while out[at:].strip():
        doc, end = decoder.raw_decode(out[at:].lstrip())
        at += len(out[at:]) - len(out[at:].lstrip()) + end
        docs.append(doc)
    assert "== sample:" in err and "== dev:" in err
    assert [d["gold_dir"] for d in docs] == [str(SAMPLE_GOLD)] + ([str(DEV / "gold")] if (DEV / "gold").is_dir() else [])
