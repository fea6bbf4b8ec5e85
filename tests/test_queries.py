"""The query pack on real graphs: facts the seed articles and the sample corpus state plainly.

Round trip build → store → query. Seed facts are checked exactly; the sample corpus is being
re-extracted in parallel, so its checks name only what its texts (and its gold,
tests/data/sample_gold) state plainly.
"""

from __future__ import annotations

import pytest

from kg.text import fold
from kg.query import list_queries, run_query

CHI_THI_25_REVIEW = "Hội nghị sơ kết 5 năm thực hiện Chỉ thị 25-CT/TW"
UNSC = "Ủy viên không thường trực Hội đồng Bảo an Liên Hợp Quốc"
TONG_KET_2025 = ("Hội nghị tổng kết công tác năm 2025 và triển khai phương hướng, "
                 "nhiệm vụ trọng tâm năm 2026 của ngành ngoại giao")


def ask(graph_dir, query, /, **params):
    return run_query(query, graph_dir, {k: str(v) for k, v in params.items()}).rows


def pick(rows, *cols):
    return [tuple(r[c] for c in cols) for r in rows]


# ----------------------------------------------------------------------------- every query

SAMPLE_PARAMS = {
    "chairs-by-year": {"year": "2021", "person": "nguyen phu trong"},
    "co-participants": {"person": "pham minh chinh", "min": "1"},
    "directive-events": {"directive": "22-NQ/TW"},
    "directives": {"code": "25-CT/TW"},
    "event-chairs": {"year": "2021", "name": "nguyen"},
    "event-participants": {"event": "hoi nghi", "name": "pham"},
    "events": {"year": "2023"},
    "events-by-year": {"year": "2023"},
    "fact-sources": {"name": "bui thanh son"},
    "international-roles": {"holder": "viet nam"},
    "office-holders-on": {"office": "Bộ trưởng Bộ Ngoại giao", "date": "2021-12-15"},
    "offices": {"name": "bui thanh son"},
    "organizations": {"name": "bo ngoai giao"},
    "person-offices": {"person": "Bùi Thanh Sơn", "office": "Bộ trưởng Bộ Ngoại giao"},
    "person-timeline": {"person": "bui thanh son"},
    "persons": {"name": "pham"},
    "roles-by-year": {"year": "2020", "holder": "viet nam"},
    "search": {"name": "ngoai giao"},
}


def test_every_query_has_example_parameters():
    pack = {q.name: {p.name for p in q.params} for q in list_queries()}
    assert set(SAMPLE_PARAMS) == set(pack)
    for name, params in SAMPLE_PARAMS.items():
        assert set(params) == pack[name], name


# On the seeds, whose articles are undated (no event but one has a year), values that have
# an answer there
SEED_PARAMS = {
    "chairs-by-year": {"person": "thai phuc son"},
    "co-participants": {"person": "pham binh minh", "min": "1"},
    "directive-events": {"directive": "25-CT/TW"},
    "directives": {"code": "25-CT/TW"},
    "event-chairs": {"name": "thai phuc son"},
    "event-participants": {"event": "ngoai giao lan thu 31", "name": "pham"},
    "events": {"year": "2025"},
    "events-by-year": {"year": "2025"},
    "fact-sources": {"name": "thai phuc son"},
    "international-roles": {"holder": "viet nam"},
    "office-holders-on": {"office": "Thủ tướng Chính phủ", "date": "2025-12-30"},
    "offices": {"name": "pham minh chinh"},
    "organizations": {"name": "bo ngoai giao"},
    "person-offices": {"person": "Phạm Bình Minh", "office": "pho thu tuong"},
    "person-timeline": {"person": "pham binh minh"},
    "persons": {"name": "pham"},
    "roles-by-year": {"year": "2020", "holder": "viet nam"},
    "search": {"name": "ngoai giao"},
}


def check_answer(name: str, graph_dir, params: dict[str, str]) -> None:
    """The question answers with rows, in its header's columns, each row showing the values
    it was chosen by (a name as a part of a name, diacritics aside; a year or a date)."""
    q = next(q for q in list_queries() if q.name == name)
    result = run_query(name, graph_dir, params)
    assert result.rows, f"{name} with {params} found nothing in {graph_dir}"
    assert result.columns == q.columns
    everything = run_query(name, graph_dir, {}).rows
    assert len(result.rows) <= len(everything) or name == "office-holders-on"  # its date defaults to today
    for row in result.rows:
        for c in q.lists:
            assert isinstance(row[c], list), (name, c, row[c])
        said = fold(" ".join(str(v) for v in row.values()))
        for p in q.params:
            if p.name in params and p.type in ("name", "year", "date", "text"):
                assert fold(params[p.name]) in said, (name, p.name, params[p.name], row)


@pytest.mark.parametrize("name", sorted(SAMPLE_PARAMS))
def test_every_query_answers_with_all_its_parameters(name, sample_graph_dir):
    check_answer(name, sample_graph_dir, SAMPLE_PARAMS[name])


@pytest.mark.parametrize("name", sorted(SEED_PARAMS))
def test_every_query_answers_on_the_seeds(name, seed_graph_dir):
    check_answer(name, seed_graph_dir, SEED_PARAMS[name])


def test_every_query_has_seed_parameters():
    assert set(SEED_PARAMS) == {q.name for q in list_queries()}


def test_parameters_are_data_not_code(seed_graph_dir):
    # a quote and a SPARQL fragment in a value change nothing but the value
    assert ask(seed_graph_dir, "directives", code='25-CT/TW" || true || "') == []
    assert ask(seed_graph_dir, "directives", code="25-CT/TW\\") == []
    assert ask(seed_graph_dir, "persons", name='") } UNION { ?p ?x ?y') == []
    assert len(ask(seed_graph_dir, "directives", code="25-CT/TW")) == 1


def test_unset_parameter_does_not_filter(seed_graph_dir):
    everyone = ask(seed_graph_dir, "persons")
    assert len(everyone) > len(ask(seed_graph_dir, "persons", name="pham")) > 0


# ----------------------------------------------------------------------------- seeds


def test_seed_persons(seed_graph_dir):
    assert {r["person"] for r in ask(seed_graph_dir, "persons")} == {
        "Trần Lưu Quang", "Bùi Thanh Sơn", "Phạm Minh Chính", "Tô Lâm", "Phạm Bình Minh",
        "Hoàng Bình Quân", "Nguyễn Văn Giàu", "Thái Phúc Sơn", "Nguyễn Phú Trọng"}


def test_seed_thai_phuc_son_chaired_the_31st_conference_at_ha_tinh(seed_graph_dir):
    rows = ask(seed_graph_dir, "event-chairs", name="thai phuc son")
    assert pick(rows, "person", "event", "date", "qualifier") == [
        ("Thái Phúc Sơn", "Hội nghị Ngoại giao lần thứ 31", "--12-15", ["tại điểm cầu Hà Tĩnh"])]
    rows = ask(seed_graph_dir, "chairs-by-year", person="Thái Phúc Sơn")
    assert pick(rows, "year", "person", "event", "date", "qualifier", "year_from") == [
        (None, "Thái Phúc Sơn", "Hội nghị Ngoại giao lần thứ 31", "--12-15", ["tại điểm cầu Hà Tĩnh"], None)]


def test_seed_three_agencies_meeting_has_three_co_chairs(seed_graph_dir):
    rows = ask(seed_graph_dir, "chairs-by-year")
    by_event = {}
    for r in rows:
        by_event.setdefault((r["event"], r["event_id"]), set()).add(r["person"])
    meetings = [(label, chairs) for (label, _), chairs in by_event.items() if fold(label).startswith("cuoc hop")]
    # the meeting the article names only "cuộc họp" is described by the bodies that held it
    assert meetings == [("Cuộc họp giữa Bộ Ngoại giao, Ban Đối ngoại Trung ương và Ủy ban Đối ngoại Quốc hội", {"Phạm Bình Minh", "Hoàng Bình Quân", "Nguyễn Văn Giàu"})]
    # every chair of the seeds: the co-chairs and Thái Phúc Sơn
    assert sorted(r["person"] for r in rows) == sorted(
        ["Phạm Bình Minh", "Hoàng Bình Quân", "Nguyễn Văn Giàu", "Thái Phúc Sơn"])
    details = {r["person"]: r["details"] for r in ask(seed_graph_dir, "event-participants", event="cuoc hop")}
    assert all("đồng chủ trì" in d for d in details.values()) and len(details) == 3


def test_seed_co_participants(seed_graph_dir):
    rows = ask(seed_graph_dir, "co-participants", person="hoang binh quan")
    assert pick(rows, "person", "other", "events", "event_names") == [
        ("Hoàng Bình Quân", "Nguyễn Văn Giàu", 1, ["Cuộc họp giữa Bộ Ngoại giao, Ban Đối ngoại Trung ương và Ủy ban Đối ngoại Quốc hội"]),
        ("Hoàng Bình Quân", "Phạm Bình Minh", 1, ["Cuộc họp giữa Bộ Ngoại giao, Ban Đối ngoại Trung ương và Ủy ban Đối ngoại Quốc hội"])]
    pairs = ask(seed_graph_dir, "co-participants")
    assert len({frozenset((r["person_id"], r["other_id"])) for r in pairs}) == len(pairs)  # each pair once
    top = pairs[0]
    assert {top["person"], top["other"]} == {"Bùi Thanh Sơn", "Phạm Minh Chính"} and top["events"] == 2
    assert ask(seed_graph_dir, "co-participants", min=3) == []


def test_seed_directive_25_issued_by_the_secretariat(seed_graph_dir):
    rows = ask(seed_graph_dir, "directives", code="25-CT/TW")
    assert pick(rows, "directive", "code", "kind", "issuer", "subject") == [
        ("Chỉ thị 25-CT/TW", "25-CT/TW", "Chỉ thị", "Ban Bí thư",
         "đẩy mạnh và nâng tầm đối ngoại đa phương đến năm 2030")]
    assert ask(seed_graph_dir, "directives", code="25") == rows


@pytest.mark.parametrize("directive", ["25-CT/TW", "25", "Chỉ thị 25", "chi thi 25-ct/tw"])
def test_seed_directive_25_reviewed_by_the_five_year_conference(seed_graph_dir, directive):
    rows = ask(seed_graph_dir, "directive-events", directive=directive)
    assert [(r["directive"], r["code"], r["relation"], r["event"].startswith(CHI_THI_25_REVIEW)) for r in rows] == [
        ("Chỉ thị 25-CT/TW", "25-CT/TW", "reviews", True)]
    assert rows[0]["date"] == "--01-25"


@pytest.mark.parametrize("directive", ["2", "5", "12", "CT", "Nghị quyết 25"])
def test_seed_directive_events_match_whole_words(seed_graph_dir, directive):
    assert ask(seed_graph_dir, "directive-events", directive=directive) == []


def test_seed_vietnam_roles(seed_graph_dir):
    roles = {(r["role"], r["start"], r["end"]) for r in ask(seed_graph_dir, "international-roles", holder="viet nam")}
    assert {("Chủ tịch ASEAN", "2020", "2020"), (UNSC, "2020", "2021")} <= roles
    assert {r["role"] for r in ask(seed_graph_dir, "roles-by-year", year=2020)} == {"Chủ tịch ASEAN", UNSC}
    in_2021 = ask(seed_graph_dir, "roles-by-year", year=2021, holder="Việt Nam")
    assert UNSC in {r["role"] for r in in_2021} and "Chủ tịch ASEAN" not in {r["role"] for r in in_2021}
    assert ask(seed_graph_dir, "roles-by-year", year=2019) == []
    assert ask(seed_graph_dir, "roles-by-year", year=2022) == []
    spread = pick(ask(seed_graph_dir, "roles-by-year"), "year", "role")
    assert ("2020", UNSC) in spread and ("2021", UNSC) in spread


def test_seed_search_ignores_diacritics_and_case(seed_graph_dir):
    for name in ("pham minh chinh", "Phạm Minh Chính", "PHAM MINH CHINH"):
        rows = ask(seed_graph_dir, "search", name=name)
        assert pick(rows, "type", "label")[0] == ("Person", "Phạm Minh Chính"), name
        assert rows[0]["id"].startswith("https://w3id.org/kg-vn/id/person/")
    rows = ask(seed_graph_dir, "search", name="pham")
    assert {"Phạm Minh Chính", "Phạm Bình Minh"} <= {r["label"] for r in rows}
    types = {r["type"] for r in ask(seed_graph_dir, "search", name="25-CT/TW")}
    assert {"Directive", "Event"} <= types


def test_seed_person_offices(seed_graph_dir):
    rows = ask(seed_graph_dir, "person-offices", person="pham binh minh")
    assert {r["person"] for r in rows} == {"Phạm Bình Minh"}
    assert {"Ủy viên Bộ Chính trị", "Bộ trưởng Bộ Ngoại giao", "Phó Thủ tướng Thường trực Chính phủ"} <= {
        r["office"] for r in rows}
    rows = ask(seed_graph_dir, "person-offices", person="pham minh chinh")
    assert pick(rows, "office", "organization", "first_seen", "last_seen", "attested") == [
        # "Chiều 29-12, Thủ tướng Chính phủ Phạm Minh Chính dự …" in a paper of 2025-12-30:
        # the sentence's own date, and the article's date for his other mentions
        ("Thủ tướng Chính phủ", "Chính phủ", "2025-12-29", "2025-12-30", ["2025-12-29", "2025-12-30"])]


@pytest.mark.parametrize("office, date, expected", [
    ("Thủ tướng Chính phủ", "2025-12-30", [("Phạm Minh Chính", "shown before and after")]),
    ("thu tuong chinh phu", "2026-03-01", [("Phạm Minh Chính", "last shown before, no other holder since")]),
    ("Thủ tướng Chính phủ", "2025-12-29", [("Phạm Minh Chính", "shown before and after")]),  # "Chiều 29-12, Thủ tướng …"
    ("Thủ tướng Chính phủ", "2025-12-28", []),  # no article shows him in office before that day
    ("Tổng Bí thư", "2025-12-30", [("Tô Lâm", "shown before and after")]),
    ("Ủy viên không thường trực Hội đồng Bảo an", "2021-06-01", [("Việt Nam", "shown before and after")]),
    ("Ủy viên không thường trực Hội đồng Bảo an", "2023-06-01", []),  # the term ended in 2021
])
def test_seed_office_holders_on(seed_graph_dir, office, date, expected):
    rows = ask(seed_graph_dir, "office-holders-on", office=office, date=date)
    assert pick(rows, "holder", "basis") == expected
    assert all(r["on"] == date for r in rows)


def test_seed_office_holders_exact_office_wins_over_part(seed_graph_dir):
    # "Thủ tướng Chính phủ" is also part of "Phó Thủ tướng Chính phủ" (Bùi Thanh Sơn, same day)
    rows = ask(seed_graph_dir, "office-holders-on", office="Thủ tướng Chính phủ", date="2025-12-30")
    assert {r["office"] for r in rows} == {"Thủ tướng Chính phủ"}
    rows = ask(seed_graph_dir, "office-holders-on", office="thu tuong", date="2025-12-30")
    assert {r["holder"] for r in rows} == {"Phạm Minh Chính", "Bùi Thanh Sơn"}


def test_seed_events_by_year(seed_graph_dir):
    rows = ask(seed_graph_dir, "events-by-year", year=2025)
    assert pick(rows, "year", "count", "events") == [("2025", 1, [TONG_KET_2025])]
    everything = ask(seed_graph_dir, "events-by-year")
    assert everything[-1]["year"] is None  # undated events, counted last
    assert sum(r["count"] for r in everything) == len(ask(seed_graph_dir, "events"))


def test_seed_person_timeline_in_order(seed_graph_dir):
    rows = ask(seed_graph_dir, "person-timeline", person="pham minh chinh")
    assert pick(rows, "date", "what", "detail", "role") == [
        ("2025-12-29", "event", TONG_KET_2025, "participant"),
        ("2025-12-29", "office", "Thủ tướng Chính phủ", None),   # the sentence's date
        ("2025-12-30", "office", "Thủ tướng Chính phủ", None),   # the article's date
        ("--12-15", "event", "Hội nghị Ngoại giao lần thứ 31", "participant"),  # no year written: last
    ]


def test_seed_fact_sources(seed_graph_dir):
    rows = ask(seed_graph_dir, "fact-sources", name="thai phuc son")
    sentence = "Tại điểm cầu Hà Tĩnh, Giám đốc Sở Ngoại vụ Thái Phúc Sơn chủ trì hội nghị."
    assert ("participation", "Thái Phúc Sơn — chair — Hội nghị Ngoại giao lần thứ 31", sentence,
            "003_68ba3e29b9c118e9") in pick(rows, "fact", "statement", "sentence", "article")
    assert ("office", "Thái Phúc Sơn — Giám đốc Sở Ngoại vụ", sentence,
            "003_68ba3e29b9c118e9") in pick(rows, "fact", "statement", "sentence", "article")
    rows = ask(seed_graph_dir, "fact-sources", name="25-CT/TW")
    facts = {(r["fact"], r["statement"]) for r in rows}
    assert ("issuance", "Ban Bí thư — issued — Chỉ thị 25-CT/TW") in facts
    assert any(f == "directive link" and s.endswith("— reviews — Chỉ thị 25-CT/TW") for f, s in facts)
    assert all(r["sentence"] and r["article"] and r["rules"] for r in rows)


def test_fact_sources_give_one_row_per_fact_and_sentence_with_its_rules_joined(seed_graph_dir):
    rows = ask(seed_graph_dir, "fact-sources", name="pham binh minh")
    keys = pick(rows, "entity_id", "fact_id", "sentence", "article")
    assert len(keys) == len(set(keys)), "a sentence is repeated for one fact"
    named = [r for r in rows if r["fact"] == "name"]
    assert len(named) == 4 and any(len(r["rules"]) > 1 for r in named)
    assert all(r["rules"] == sorted(set(r["rules"]), key=r["rules"].index) for r in rows)


def test_seed_contract_queries(seed_graph_dir):
    events = {r["event"]: r for r in ask(seed_graph_dir, "events")}
    assert events["Hội nghị Ngoại giao lần thứ 31"]["date"] == "--12-15"
    assert events["Hội nghị Ngoại giao lần thứ 31"]["ordinal"] == 31
    assert events[TONG_KET_2025]["date"] == "2025-12-29"
    parts = set(pick(ask(seed_graph_dir, "event-participants", event="ngoai giao lan thu 31"), "person", "role"))
    assert {("Thái Phúc Sơn", "chair"), ("Phạm Minh Chính", "participant"),
            ("Phạm Bình Minh", "participant"), ("Bùi Thanh Sơn", "participant")} <= parts
    orgs = {r["organization"]: r["kind"] for r in ask(seed_graph_dir, "organizations")}
    assert orgs["Ban Bí thư"] == "state or party" and orgs["ASEAN"] == "international"
    offices = set(pick(ask(seed_graph_dir, "offices", name="thai phuc son"), "person", "office"))
    assert offices == {("Thái Phúc Sơn", "Giám đốc Sở Ngoại vụ")}


# ----------------------------------------------------------------------------- sample corpus


def test_sample_national_conference_2021_chaired_by_the_general_secretary(sample_graph_dir):
    rows = ask(sample_graph_dir, "chairs-by-year", year=2021, person="nguyen phu trong")
    assert [(r["year"], r["person"], fold(r["event"]).startswith("hoi nghi doi ngoai toan quoc"), r["date"])
            for r in rows] == [("2021", "Nguyễn Phú Trọng", True, "2021-12-14")]
    rows = ask(sample_graph_dir, "event-chairs", year=2021, name="nguyen phu trong")
    assert [r["year"] for r in rows] == ["2021"]


def test_sample_minister_bui_thanh_son(sample_graph_dir):
    rows = ask(sample_graph_dir, "person-offices", person="bui thanh son")
    minister = [r for r in rows if r["office"] == "Bộ trưởng Bộ Ngoại giao"]
    assert len(minister) == 1 and {"2021-12-15", "2023-12-19"} <= set(minister[0]["attested"])
    assert minister[0]["organization"] == "Bộ Ngoại giao"
    holders = ask(sample_graph_dir, "office-holders-on", office="Bộ trưởng Bộ Ngoại giao", date="2021-12-15")
    assert pick(holders, "holder") == [("Bùi Thanh Sơn",)]
    timeline = ask(sample_graph_dir, "person-timeline", person="bui thanh son")
    shown = [r["date"] for r in timeline if r["what"] == "office" and r["detail"] == "Bộ trưởng Bộ Ngoại giao"]
    assert {"2021-12-15", "2023-12-19"} <= set(shown)
    dated = [r["date"] for r in timeline if not r["date"].startswith("--")]
    assert dated == sorted(dated)


def test_sample_roles_by_year(sample_graph_dir):
    assert {"Chủ tịch ASEAN", "Chủ tịch AIPA", UNSC} <= {
        r["role"] for r in ask(sample_graph_dir, "roles-by-year", year=2020)}
    assert "thành viên Hội đồng Nhân quyền Liên Hợp Quốc" in {
        r["role"] for r in ask(sample_graph_dir, "roles-by-year", year=2024)}
    assert UNSC in {r["role"] for r in ask(sample_graph_dir, "roles-by-year", year=2008)}


def test_sample_directives(sample_graph_dir):
    rows = ask(sample_graph_dir, "directives", code="22-NQ/TW")
    assert pick(rows, "code", "kind", "issuer", "subject") == [
        ("22-NQ/TW", "Nghị quyết", "Bộ Chính trị", "hội nhập quốc tế")]
    rows = ask(sample_graph_dir, "fact-sources", name="12-KL/TW")
    assert ("issuance", "Bộ Chính trị — issued — Kết luận 12-KL/TW") in pick(rows, "fact", "statement")
    for r in ask(sample_graph_dir, "directive-events"):
        assert r["relation"] in ("reviews", "implements")
    # the Steering Committee's first session reviews ten years of Nghị quyết 22-NQ/TW
    rows = ask(sample_graph_dir, "directive-events", directive="Nghị quyết 22")
    assert [(r["code"], r["relation"], fold(r["event"]).startswith("phien hop thu nhat"), r["date"]) for r in rows] == [
        ("22-NQ/TW", "reviews", True, "2023-08-02")]


def test_sample_events_and_people(sample_graph_dir):
    in_2021 = ask(sample_graph_dir, "events-by-year", year=2021)
    assert any(fold(e).startswith("hoi nghi doi ngoai toan quoc") for e in in_2021[0]["events"])
    assert pick(ask(sample_graph_dir, "search", name="nguyen phu trong"), "type", "label")[0] == (
        "Person", "Nguyễn Phú Trọng")
    others = {r["other"] for r in ask(sample_graph_dir, "co-participants", person="nguyen phu trong")}
    assert {"Phạm Minh Chính", "Nguyễn Xuân Phúc"} <= others
