"""Extraction from real sentence shapes of Vietnamese diplomatic news: one row per pattern."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from kg.model import Article


def facts_of(text: str, date: str | None = None, title: str = "Tin ngoại giao"):
    return extract_facts(Article(id="t", title=title, text=text, date=date))


def offices(f) -> set[tuple[str, str]]:
    return {(o.person, o.office) for o in f.offices}


# ----------------------------------------------------------------------------- persons and offices

@pytest.mark.parametrize("sentence, expected", [
    # title + name, the ministry written short
    ("Bộ trưởng Ngoại giao Bùi Thanh Sơn tiếp Đại sứ Nhật Bản.",
     {("Bùi Thanh Sơn", "Bộ trưởng Bộ Ngoại giao")}),
    # a chain of titles before the name
    ("Ủy viên Bộ Chính trị, Phó Thủ tướng Thường trực Chính phủ Phạm Bình Minh dự lễ.",
     {("Phạm Bình Minh", "Ủy viên Bộ Chính trị"), ("Phạm Bình Minh", "Phó Thủ tướng Thường trực Chính phủ")}),
    # honorific and apposition
    ("Đồng chí Lê Hoài Trung, Bí thư Trung ương Đảng, Trưởng ban Đối ngoại Trung ương phát biểu.",
     {("Lê Hoài Trung", "Bí thư Trung ương Đảng"), ("Lê Hoài Trung", "Trưởng ban Đối ngoại Trung ương")}),
    # the committee of the National Assembly
    ("Chủ nhiệm Ủy ban Đối ngoại Quốc hội Vũ Hải Hà tiếp đoàn đại biểu.",
     {("Vũ Hải Hà", "Chủ nhiệm Ủy ban Đối ngoại Quốc hội")}),
    # a provincial office, the province kept
    ("Giám đốc Sở Ngoại vụ tỉnh Quảng Ninh Nguyễn Văn Hùng báo cáo.",
     {("Nguyễn Văn Hùng", "Giám đốc Sở Ngoại vụ tỉnh Quảng Ninh")}),
    # Thủ tướng is Thủ tướng Chính phủ
    ("Thủ tướng Phạm Minh Chính tiếp Đại sứ Hoa Kỳ.", {("Phạm Minh Chính", "Thủ tướng Chính phủ")}),
    # a title shared by a list: "các đồng chí Ủy viên Bộ Chính trị: A, title; B, title"
    ("Dự có các đồng chí Ủy viên Bộ Chính trị: Vương Đình Huệ, Chủ tịch Quốc hội; Phạm Minh Chính, Thủ tướng Chính phủ.",
     {("Vương Đình Huệ", "Ủy viên Bộ Chính trị"), ("Vương Đình Huệ", "Chủ tịch Quốc hội"),
      ("Phạm Minh Chính", "Ủy viên Bộ Chính trị"), ("Phạm Minh Chính", "Thủ tướng Chính phủ")}),
    # a foreign leader after a title and a country
    ("Thủ tướng Phạm Minh Chính hội đàm với Thủ tướng Australia Anthony Albanese.",
     {("Phạm Minh Chính", "Thủ tướng Chính phủ"), ("Anthony Albanese", "Thủ tướng Australia")}),
    # a name whose family name is rare, closing a title
    ("Phó Chủ nhiệm Ủy ban Đối ngoại Quốc hội Đôn Tuấn Phong trình bày báo cáo.",
     {("Đôn Tuấn Phong", "Phó Chủ nhiệm Ủy ban Đối ngoại Quốc hội")}),
])
def test_offices_from_titles(sentence, expected):
    assert offices(facts_of(sentence)) == expected


@pytest.mark.parametrize("sentence", [
    "Thành phố Hồ Chí Minh đón đoàn khách quốc tế.",          # a city, not a person
    "Phó Chủ tịch UBND tỉnh An Giang cho biết kế hoạch.",      # a province ends the title
    "Bộ trưởng cho rằng hợp tác còn nhiều dư địa.",           # a title with no name
])
def test_no_person_where_none_is_named(sentence):
    assert facts_of(sentence).persons == []


def test_province_is_not_part_of_the_name():
    f = facts_of("Phó Chủ tịch UBND tỉnh An Giang Lê Văn Phước dự hội nghị.")
    assert {p.name for p in f.persons} == {"Lê Văn Phước"}


# ----------------------------------------------------------------------------- events and roles

@pytest.mark.parametrize("text, name, ordinal, date", [
    ("Sáng 19-12, tại Hà Nội, Thủ tướng dự Hội nghị Ngoại giao lần thứ 32.", "Hội nghị Ngoại giao lần thứ 32", 32, "--12-19"),
    ("Ngày 14/12/2021, Tổng Bí thư chủ trì Hội nghị Đối ngoại toàn quốc.", "Hội nghị Đối ngoại toàn quốc", None, "2021-12-14"),
    ("Chiều 21/7, các cơ quan tổ chức Hội nghị sơ kết 5 năm thực hiện Chỉ thị 25-CT/TW.",
     "Hội nghị sơ kết 5 năm thực hiện Chỉ thị 25-CT/TW", None, "--07-21"),
    ("Hội nghị Ngoại giao 29 và Hội nghị Ngoại vụ 18 (từ 21 - 26/8) bàn về đối ngoại.", "Hội nghị Ngoại giao 29", 29, "--08-21"),
])
def test_event_names_ordinals_and_dates_without_year(text, name, ordinal, date):
    f = facts_of(text)
    ev = next(e for e in f.events if e.name == name)
    assert ev.ordinal == ordinal
    assert ev.date.iso() == date


def test_a_surname_alone_is_the_person_named_in_full_even_beside_a_word_glued_before_it():
    # a caption glues an abbreviation before the name once ("… DEA Maria Kowalczyk"); the
    # article writes her in full twice and then "bà Kowalczyk": one person, never the surname alone
    text = ("Cựu Giám đốc Cơ quan phòng chống ma túy Mỹ (DEA) Maria Kowalczyk sẽ điều trần trước Thượng viện. "
            "Cựu Giám đốc DEa Maria Kowalczyk. "
            "Nhà Trắng cho biết Tổng thống sẽ không ngăn cản bà Maria Kowalczyk. "
            "Các thượng nghị sĩ muốn nghe bà Maria Kowalczyk nói về cuộc điều tra. "
            "Bà Kowalczyk được cho là sẽ trình bày nhiều tài liệu.")
    names = {p.name for p in facts_of(text).persons}
    assert "Kowalczyk" not in names and "Maria Kowalczyk" in names


def test_year_comes_from_the_date_line_never_invented():
    f = facts_of("Chiều 29-12, Thủ tướng dự Hội nghị tổng kết công tác năm 2025 của ngành ngoại giao.", date="2025-12-30")
    assert f.events[0].date.iso() == "2025-12-29"
    f = facts_of("Chiều 29-12, Thủ tướng dự Hội nghị tổng kết công tác năm 2025 của ngành ngoại giao.", date="2026-01-03")
    assert f.events[0].date.iso() == "2025-12-29"   # December news read in January: last year
    f = facts_of("Chiều 29-12, Thủ tướng dự Hội nghị tổng kết công tác năm 2025 của ngành ngoại giao.")
    assert f.events[0].date.iso() == "--12-29"      # no date line: month and day only


def test_two_spellings_of_one_conference_are_one_event():
    f = facts_of("Sáng 15/12, Thủ tướng dự Hội nghị ngoại giao 31. Hội nghị Ngoại giao lần thứ 31 có ý nghĩa đặc biệt.")
    assert len(f.events) == 1
    assert f.events[0].name == "Hội nghị Ngoại giao lần thứ 31"
    assert "Hội nghị ngoại giao 31" in f.events[0].aliases


@pytest.mark.parametrize("text, person, role, detail, qualifier", [
    ("Sáng 15/12, Thủ tướng Phạm Minh Chính dự và phát biểu chỉ đạo Hội nghị Ngoại giao lần thứ 31.",
     "Phạm Minh Chính", "participant", "phát biểu chỉ đạo", None),
    ("Sáng 15/12, Bộ Ngoại giao tổ chức Hội nghị Ngoại giao lần thứ 31. Tại điểm cầu Long An, Giám đốc Sở Ngoại vụ Trần Văn An chủ trì hội nghị.",
     "Trần Văn An", "chair", "chủ trì", "tại điểm cầu Long An"),
    ("Ngày 2/8, Hội nghị Ngoại giao lần thứ 32 khai mạc. Phát biểu khai mạc hội nghị, Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn nhấn mạnh nhiều nội dung.",
     "Bùi Thanh Sơn", "participant", "phát biểu khai mạc", None),
    ("Ngày 2/8, Hội nghị Ngoại giao lần thứ 32 khai mạc. Tham dự hội nghị có Phó Thủ tướng Chính phủ Trần Lưu Quang; lãnh đạo các bộ.",
     "Trần Lưu Quang", "participant", "dự", None),
    ("Đồng chí Lê Hoài Trung, Trưởng ban Đối ngoại Trung ương và đồng chí Vũ Hải Hà, Chủ nhiệm Ủy ban Đối ngoại Quốc hội đồng chủ trì cuộc họp.",
     "Vũ Hải Hà", "chair", "đồng chủ trì", None),
])
def test_roles_of_persons_in_events(text, person, role, detail, qualifier):
    f = facts_of(text)
    parts = [p for p in f.participations if p.person == person]
    assert parts, f"no participation for {person}"
    assert any(p.role == role and p.detail == detail and p.qualifier == qualifier for p in parts), parts


def test_a_generic_meeting_is_this_articles_event():
    f = facts_of("Đồng chí Lê Hoài Trung, Trưởng ban Đối ngoại Trung ương chủ trì cuộc họp.")
    # no node labelled "Cuộc họp": the meeting is described by who held it
    assert [e.name for e in f.events] == ["Cuộc họp do Trưởng ban Đối ngoại Trung ương Lê Hoài Trung chủ trì"]
    assert f.events[0].generic


# ----------------------------------------------------------------------------- directives and roles

@pytest.mark.parametrize("text, kind, number, code, issuer, subject", [
    ("Hội nghị quán triệt Chỉ thị 25-CT/TW của Ban Bí thư về đẩy mạnh và nâng tầm đối ngoại đa phương đến năm 2030.",
     "Chỉ thị", "25", "25-CT/TW", "Ban Bí thư", "đẩy mạnh và nâng tầm đối ngoại đa phương đến năm 2030"),
    ("Bộ Chính trị ban hành Nghị quyết số 22-NQ/TW về hội nhập quốc tế.",
     "Nghị quyết", "22", "22-NQ/TW", None, "hội nhập quốc tế"),
    ("Ngành ngoại giao thực hiện thắng lợi Nghị quyết Đại hội XIII của Đảng.",
     "Nghị quyết", "XIII", "XIII", "Đại hội XIII của Đảng", None),
    ("Triển khai tốt Chỉ thị 25 của Ban Bí thư.", "Chỉ thị", "25", None, "Ban Bí thư", None),
])
def test_directives(text, kind, number, code, issuer, subject):
    d = facts_of(text).directives[0]
    assert (d.kind, d.number, d.code, d.issuer, d.subject) == (kind, number, code, issuer, subject)


@pytest.mark.parametrize("text, expected", [
    ("Việt Nam đảm nhiệm cương vị Chủ tịch ASEAN 2020, Chủ tịch AIPA năm 2021 và Ủy viên không thường trực Hội đồng Bảo an Liên Hợp Quốc nhiệm kỳ 2020-2021.",
     {("Việt Nam", "Chủ tịch ASEAN", 2020, 2020), ("Việt Nam", "Chủ tịch AIPA", 2021, 2021),
      ("Việt Nam", "Ủy viên không thường trực Hội đồng Bảo an Liên Hợp Quốc", 2020, 2021)}),
    ("Việt Nam là thành viên của Hội đồng nhân quyền, ECOSOC.",
     {("Việt Nam", "thành viên Hội đồng Nhân quyền Liên Hợp Quốc", None, None), ("Việt Nam", "thành viên ECOSOC", None, None)}),
    ("Thái Lan, Chủ tịch ASEAN 2019, đã tổ chức nhiều hội nghị.", {("Thái Lan", "Chủ tịch ASEAN", 2019, 2019)}),
    ("Tháng 10/2009, Việt Nam đảm nhiệm cương vị Chủ tịch Hội đồng Bảo an.",
     {("Việt Nam", "Chủ tịch Hội đồng Bảo an Liên Hợp Quốc", 2009, 2009)}),
])
def test_international_roles(text, expected):
    assert {(r.holder, r.role, r.start, r.end) for r in facts_of(text).roles} == expected


# ----------------------------------------------------------------------------- provenance

def test_every_fact_points_at_its_sentence():
    text = ("Sáng 15/12, Thủ tướng Phạm Minh Chính dự Hội nghị Ngoại giao lần thứ 31.\n"
            "Việt Nam là Chủ tịch ASEAN 2020.")
    f = extract_facts(Article(id="a1", title="x", text=text))
    provs = [p.prov for p in f.persons + f.offices + f.participations + f.roles]
    assert provs
    for p in provs:
        assert text[p.start:p.end] == p.sentence
        assert p.article == "a1" and p.rule


def test_captions_give_no_facts():
    text = "Ngày 3/8, các đại biểu họp bàn.\nBộ trưởng Ngoại giao Bùi Thanh Sơn phát biểu - Ảnh: VGP/Hải Minh"
    art = Article(id="c", title="x", text=text, captions=[(text.index("Bộ trưởng"), len(text))])
    assert extract_facts(art).persons == []


@pytest.mark.parametrize("text, name, date, end", [
    # an acronym and a place between the event and its dates
    ("Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 56 (AMM-56) diễn ra tại Jakarta, Indonesia, từ ngày 11-14/7.",
     "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 56", "--07-11", "--07-14"),
    # lower-case words before the proper part of the name; a range opening the sentence
    ("Trong hai ngày 15 và 16/9, Thứ trưởng Ngoại giao Đỗ Hùng Việt dự Hội nghị quan chức cao cấp ASEAN tại Jakarta.",
     "Hội nghị quan chức cao cấp ASEAN", "--09-15", "--09-16"),
    # a session of a body, read to the end of its clause
    ("Ngày 20/9, Thủ tướng Phạm Minh Chính phát biểu tại Phiên thảo luận chung cấp cao Khóa họp 78 Đại hội đồng Liên Hợp Quốc.",
     "Phiên thảo luận chung cấp cao Khóa họp 78 Đại hội đồng Liên Hợp Quốc", "--09-20", None),
])
def test_event_names_and_date_forms(text, name, date, end):
    ev = next(e for e in facts_of(text).events if e.name == name)
    assert ev.date.iso() == date
    assert (ev.end.iso() if ev.end else None) == end


def test_a_plenum_named_only_by_its_ordinal_stays_in_its_article():
    f = facts_of("Sáng 6/11, Ban Chấp hành Trung ương Đảng khai mạc Hội nghị lần thứ 8. "
                 "Tổng Bí thư Nguyễn Phú Trọng chủ trì hội nghị.")
    [ev] = f.events
    assert (ev.name, ev.ordinal, ev.generic) == ("Hội nghị lần thứ 8", 8, True)
    assert [(p.person, p.event, p.role) for p in f.participations] == [("Nguyễn Phú Trọng", ev.local, "chair")]


def test_a_delegation_leader_attends():
    f = facts_of("Hội nghị Cấp cao ASEAN lần thứ 43 khai mạc tại Jakarta. "
                 "Thủ tướng Phạm Minh Chính dẫn đầu Đoàn đại biểu Việt Nam tham dự hội nghị.")
    assert [(p.person, p.detail) for p in f.participations] == [("Phạm Minh Chính", "tham dự")]


def test_an_office_is_dated_by_its_sentence_when_it_gives_a_full_date():
    f = facts_of("Ngày 5/10/2009, Bộ trưởng Bộ Ngoại giao Phạm Gia Khiêm chủ trì phiên thảo luận mở.", date="2022-10-12")
    assert [o.date.iso() for o in f.offices] == ["2009-10-05"]
    f = facts_of("Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn tiếp Đại sứ.", date="2022-10-12")
    assert [o.date.iso() for o in f.offices] == ["2022-10-12"]
