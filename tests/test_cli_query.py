"""`kg query` as a user runs it: outputs, and one test per mistake (one line, exit code 1)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.query import list_queries

runner = CliRunner()


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


# ----------------------------------------------------------------------------- outputs


def test_json_output(seed_graph_dir):
    r = kg("query", "event-chairs", "--graph", seed_graph_dir, "--format", "json", "--param", "name=thai phuc son")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [(x["person"], x["event"], x["qualifier"]) for x in rows] == [
        ("Thái Phúc Sơn", "Hội nghị Ngoại giao lần thứ 31", ["tại điểm cầu Hà Tĩnh"])]
    assert list(rows[0]) == ["person", "event", "year", "date", "qualifier", "person_id", "event_id"]


def test_csv_output(seed_graph_dir):
    r = kg("query", "directives", "-g", seed_graph_dir, "-f", "csv", "-p", "code=25-CT/TW")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(x["directive"], x["issuer"], x["aliases"]) for x in rows] == [("Chỉ thị 25-CT/TW", "Ban Bí thư", "Chỉ thị 25")]
    assert r.stdout.splitlines()[0] == "directive,code,kind,issuer,subject,aliases,id"
    assert "\r" not in r.stdout


def test_table_output(seed_graph_dir):
    r = kg("query", "search", "-g", seed_graph_dir, "-p", "name=pham minh chinh")
    assert r.exit_code == 0, r.output
    assert "Phạm Minh Chính" in r.stdout and "Person" in r.stdout
    assert "1 row" in r.stderr.splitlines()


def test_list_shows_every_question():
    r = kg("query", "--list")
    assert r.exit_code == 0, r.output
    for q in list_queries():
        assert q.name in r.stdout
    r = kg("query", "--list", "--format", "json")
    pack = json.loads(r.stdout)
    by_name = {q["name"]: q for q in pack}
    assert set(by_name) == {q.name for q in list_queries()}
    assert by_name["office-holders-on"]["question_vi"] and by_name["office-holders-on"]["columns"][0] == "office"
    assert any(p.startswith("date (date)") for p in by_name["office-holders-on"]["parameters"])


def test_own_query_file_with_parameters(seed_graph_dir, tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text("# name: mine\n# param: who (name) = - : a name\n# columns: person\n"
                  "PREFIX kg: <https://w3id.org/kg-vn/ontology#>\n"
                  "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                  "SELECT ?person WHERE { ?p a kg:Person ; skos:prefLabel ?l ; kg:searchKey ?k .\n"
                  "  BIND(STR(?l) AS ?person) FILTER(!BOUND(?p_who) || CONTAINS(?k, ?p_who)) } ORDER BY ?person\n",
                  encoding="utf-8")
    r = kg("query", "--file", rq, "-g", seed_graph_dir, "-f", "json", "-p", "who=Nguyễn Văn")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [{"person": "Nguyễn Văn Giàu"}]
    r = kg("query", "--file", rq, "-g", seed_graph_dir, "-f", "json")
    assert len(json.loads(r.stdout)) == 9


def test_ask_query_file(seed_graph_dir, tmp_path):
    rq = tmp_path / "ask.rq"
    rq.write_text("PREFIX kg: <https://w3id.org/kg-vn/ontology#>\nASK { ?t a kg:Tenure }\n", encoding="utf-8")
    r = kg("query", "--file", rq, "-g", seed_graph_dir, "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [{"answer": True}]


# ----------------------------------------------------------------------------- mistakes


def test_unknown_name_suggests_the_closest(seed_graph_dir):
    line = one_error_line(kg("query", "persns", "-g", seed_graph_dir))
    assert "no query named 'persns'" in line and "did you mean persons" in line
    line = one_error_line(kg("query", "chair-by-year", "-g", seed_graph_dir))
    assert "chairs-by-year" in line


def test_unknown_name_without_close_names(seed_graph_dir):
    line = one_error_line(kg("query", "zzzzzzzz", "-g", seed_graph_dir))
    assert "kg query --list" in line


def test_bad_parameter_name(seed_graph_dir):
    line = one_error_line(kg("query", "persons", "-g", seed_graph_dir, "-p", "nam=pham"))
    assert "has no parameter 'nam'" in line and "its parameters: name" in line


def test_parameter_without_value(seed_graph_dir):
    line = one_error_line(kg("query", "persons", "-g", seed_graph_dir, "-p", "name"))
    assert "--param takes NAME=VALUE, not 'name'" in line and "write --param name=VALUE" in line


def test_parameter_written_with_a_space_instead_of_equals(seed_graph_dir):
    """`--param year 2021`: typer sees an extra argument; the user is told how to write it."""
    line = one_error_line(kg("query", "chairs-by-year", "-g", seed_graph_dir, "--param", "year", "2021"))
    assert line == ("Error: --param takes NAME=VALUE, not 'year' — write --param year=2021; "
                    "`kg query --list` shows each query's parameters")


def test_an_extra_argument_is_one_line_too(seed_graph_dir):
    line = one_error_line(kg("query", "persons", "pham", "-g", seed_graph_dir))
    assert "unexpected argument 'pham'" in line and "--param NAME=VALUE" in line


@pytest.mark.parametrize("year", ["20x1", "21", "2021-12"])
def test_bad_year(seed_graph_dir, year):
    line = one_error_line(kg("query", "chairs-by-year", "-g", seed_graph_dir, "-p", f"year={year}"))
    assert "must be a year like 2021" in line and repr(year) in line


@pytest.mark.parametrize("date", ["15/12/2021", "2021-13-01", "2021-02-30"])
def test_bad_date(seed_graph_dir, date):
    line = one_error_line(kg("query", "office-holders-on", "-g", seed_graph_dir, "-p", f"date={date}"))
    assert "must be a date like 2021-12-15" in line


def test_bad_whole_number(seed_graph_dir):
    line = one_error_line(kg("query", "co-participants", "-g", seed_graph_dir, "-p", "min=two"))
    assert "whole number" in line


def test_name_without_letters(seed_graph_dir):
    line = one_error_line(kg("query", "search", "-g", seed_graph_dir, "-p", "name=--"))
    assert "no letters or digits" in line


def test_malformed_query_file_says_line_and_column(seed_graph_dir, tmp_path):
    rq = tmp_path / "broken.rq"
    rq.write_text("# name: broken\n# en: a question\nPREFIX kg: <https://w3id.org/kg-vn/ontology#>\n"
                  "SELECT ?x WHERE {\n  ?x a kg:Person .\n}\nORDER ?x\n", encoding="utf-8")
    line = one_error_line(kg("query", "--file", rq, "-g", seed_graph_dir))
    assert "broken.rq is malformed: parsing stopped at line 7, column 9 (in `ORDER ?x`): expected BY" in line


def test_malformed_query_file_error_at_the_end(seed_graph_dir, tmp_path):
    rq = tmp_path / "unclosed.rq"
    rq.write_text("PREFIX kg: <https://w3id.org/kg-vn/ontology#>\nSELECT ?x WHERE {\n  ?x a kg:Person .\n"
                  "  FILTER(?x = 1\n}\n", encoding="utf-8")
    line = one_error_line(kg("query", "--file", rq, "-g", seed_graph_dir))
    assert "unclosed.rq is malformed: parsing stopped at line 6, column 1 (after `}`)" in line


def test_malformed_query_undeclared_prefix(seed_graph_dir, tmp_path):
    rq = tmp_path / "prefix.rq"
    rq.write_text("SELECT ?x WHERE {\n  ?x a foaf:Person\n}\n", encoding="utf-8")
    line = one_error_line(kg("query", "--file", rq, "-g", seed_graph_dir))
    assert "at line 2, column" in line and "prefix is not declared" in line


def test_missing_query_file(seed_graph_dir, tmp_path):
    line = one_error_line(kg("query", "--file", tmp_path / "nope.rq", "-g", seed_graph_dir))
    assert "no such query file" in line


def test_construct_is_refused(seed_graph_dir, tmp_path):
    rq = tmp_path / "c.rq"
    rq.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\n", encoding="utf-8")
    line = one_error_line(kg("query", "--file", rq, "-g", seed_graph_dir))
    assert "SELECT" in line


def test_missing_graph_folder_says_build_first(tmp_path):
    line = one_error_line(kg("query", "persons", "--graph", tmp_path / "no-graph-here"))
    assert "no built graph" in line and "kg build" in line


def test_no_name_and_no_file(seed_graph_dir):
    line = one_error_line(kg("query", "-g", seed_graph_dir))
    assert "--file" in line


def test_name_and_file_together(seed_graph_dir, tmp_path):
    rq = tmp_path / "x.rq"
    rq.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1\n", encoding="utf-8")
    line = one_error_line(kg("query", "persons", "--file", rq, "-g", seed_graph_dir))
    assert "not both" in line


def test_unknown_format(seed_graph_dir):
    line = one_error_line(kg("query", "persons", "-g", seed_graph_dir, "-f", "xml"))
    assert "unknown format 'xml'" in line and "table, json or csv" in line


# ----------------------------------------------------------------------------- answers a person can read


def table_lines(r) -> list[str]:
    assert r.exit_code == 0, r.output
    return r.stdout.splitlines()


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_tables_at_80_columns_cut_nothing_and_hide_ids(name, sample_graph_dir):
    """Every question of the pack at 80 columns: no ellipsis, no line wider than the
    terminal, no IRI; every date and name of the answer whole on one line of the table."""
    r = runner.invoke(app, ["query", name, "-g", str(sample_graph_dir)], env={"COLUMNS": "80"})
    lines = table_lines(r)
    assert all(len(line) <= 80 for line in lines), "\n".join(lines)
    assert "…" not in r.stdout and "https://" not in r.stdout
    rows = json.loads(kg("query", name, "-g", sample_graph_dir, "-f", "json").stdout)
    for row in rows:
        for col, v in row.items():
            values = v if isinstance(v, list) else [v]
            for x in values:
                if isinstance(x, str) and (re.fullmatch(r"(--)?\d{2,4}(-\d{2}){0,2}", x)):
                    assert any(x in line for line in lines), (col, x)
    names = {row["person"] for row in rows if isinstance(row.get("person"), str)}
    for person in names:  # a name may wrap between its words, but no word is cut
        for word in person.split():
            assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", r.stdout), (person, word)


def test_ids_are_shown_on_request_and_always_in_json_and_csv(seed_graph_dir):
    plain = kg("query", "persons", "-g", seed_graph_dir)
    assert "https://w3id.org" not in plain.stdout and " id " not in plain.stdout
    wide = runner.invoke(app, ["query", "persons", "-g", str(seed_graph_dir), "--ids"], env={"COLUMNS": "250"})
    assert "https://w3id.org/kg-vn/id/person/" in wide.stdout
    assert all(r["id"].startswith("https://") for r in json.loads(kg("query", "persons", "-g", seed_graph_dir, "-f", "json").stdout))
    assert "https://w3id.org" in kg("query", "persons", "-g", seed_graph_dir, "-f", "csv").stdout


def test_event_chairs_at_80_columns_shows_whole_dates(sample_graph_dir):
    r = runner.invoke(app, ["query", "event-chairs", "-g", str(sample_graph_dir)], env={"COLUMNS": "80"})
    lines = table_lines(r)
    assert any("2021-12-14" in line and "Nguyễn Phú Trọng" in line for line in lines), r.stdout
    assert not re.search(r"\d{4}-\d{2}-…|\d{4}-…", r.stdout)


def test_person_timeline_shows_undated_facts_after_the_dated(seed_graph_dir):
    r = kg("query", "person-timeline", "-g", seed_graph_dir, "-p", "person=pham binh minh", "-f", "json")
    rows = json.loads(r.stdout)
    assert [(x["date"], x["what"], x["detail"], x["role"], x["date_from"]) for x in rows] == [
        ("--12-15", "event", "Hội nghị Ngoại giao lần thứ 31", "participant", "text"),
        (None, "event", "Cuộc họp giữa Bộ Ngoại giao, Ban Đối ngoại Trung ương và Ủy ban Đối ngoại Quốc hội", "chair", None),
        (None, "office", "Bộ trưởng Bộ Ngoại giao", None, None),
        (None, "office", "Phó Thủ tướng Chính phủ", None, None),
        (None, "office", "Phó Thủ tướng Thường trực Chính phủ", None, None),
        (None, "office", "Ủy viên Bộ Chính trị", None, None),
    ]
    table = kg("query", "person-timeline", "-g", seed_graph_dir, "-p", "person=pham binh minh")
    assert "6 rows" in table.stderr and "Cuộc họp" in table.stdout


def test_office_holders_on_says_why_it_found_nobody(seed_graph_dir, sample_graph_dir):
    r = kg("query", "office-holders-on", "-g", seed_graph_dir, "-p", "office=Bộ trưởng Bộ Ngoại giao",
           "-p", "date=2021-12-15", "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == [], r.output
    assert r.stderr.strip() == ("no dated tenure of Bộ trưởng Bộ Ngoại giao covers 2021-12-15; undated holders "
                                "(no dated article shows them in office): Bùi Thanh Sơn, Phạm Bình Minh")
    r = kg("query", "office-holders-on", "-g", seed_graph_dir, "-p", "office=tong bi thu", "-p", "date=2021-12-15")
    assert "undated holders (no dated article shows them in office): Nguyễn Phú Trọng" in r.stderr
    assert "first shown after 2021-12-15: Tô Lâm (2025-12-30)" in r.stderr
    r = kg("query", "office-holders-on", "-g", seed_graph_dir, "-p", "office=chu tich asean", "-p", "date=2022-06-01")
    assert "shown before but ended or followed: Việt Nam (2020)" in r.stderr
    r = kg("query", "office-holders-on", "-g", seed_graph_dir, "-p", "office=Bộ trưởng Quốc phòng")
    assert "no office or international role named like 'Bộ trưởng Quốc phòng' has a holder" in r.stderr
    # an answer with rows says nothing more
    r = kg("query", "office-holders-on", "-g", sample_graph_dir, "-p", "office=Bộ trưởng Bộ Ngoại giao",
           "-p", "date=2021-12-15", "-f", "json")
    assert [x["holder"] for x in json.loads(r.stdout)] == ["Bùi Thanh Sơn"] and r.stderr == ""


def test_table_cells_are_text_as_written_not_markup(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({
        "id": "a1", "title": "Khai mạc Hội nghị",
        "text": "Sáng 19/12, Bộ trưởng Ngoại giao Bùi Thanh Sơn [bold]chủ trì[/bold] Hội nghị Ngoại giao lần thứ 32."},
        ensure_ascii=False) + "\n", encoding="utf-8")
    assert kg("build", tmp_path / "a.jsonl", "--out", tmp_path / "g").exit_code == 0
    r = runner.invoke(app, ["query", "fact-sources", "-g", str(tmp_path / "g"), "-p", "name=bui thanh son"],
                      env={"COLUMNS": "300"})
    assert r.exit_code == 0, r.output
    assert "[bold]chủ trì[/bold]" in r.stdout
