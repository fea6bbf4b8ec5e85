"""Properties of per-article extraction and of the build, checked with hypothesis.

* ``extract_facts`` never raises, on any Unicode text and on text made of the words news
  uses for offices, names, events, directives and dates;
* every fact it returns points, by offsets, at the sentence it quotes;
* the graph does not depend on the order in which the input files are given.

Example counts are kept modest (the suite stays fast); raise them locally with
``--hypothesis-seed`` / a profile when hunting.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import build
from kg.extract import extract_facts
from kg.model import Article, Provenance
from kg.read.formats import make_article
from tests.conftest import SAMPLE

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Fragments of Vietnamese diplomatic news: titles, names, event words, directive codes,
# date forms, places, verbs of taking part, page furniture and punctuation.
FRAGMENTS = [
    # titles and honorifics
    "Thủ tướng", "Thủ tướng Chính phủ", "Phó Thủ tướng", "Bộ trưởng", "Bộ trưởng Bộ Ngoại giao",
    "Bộ trưởng Ngoại giao", "Thứ trưởng Thường trực", "Tổng Bí thư", "Chủ tịch nước", "Chủ tịch Quốc hội",
    "Ủy viên Bộ Chính trị", "Uỷ viên Trung ương Đảng", "Bí thư Trung ương Đảng", "Trưởng Ban Đối ngoại Trung ương",
    "Đại sứ", "Tổng Thư ký Liên Hợp Quốc", "Phó Chủ tịch Thường trực Quốc hội", "đồng chí", "các đồng chí", "ông", "bà",
    # names and parts of names
    "Phạm", "Minh", "Chính", "Phạm Minh Chính", "Bùi Thanh Sơn", "Nguyễn Phú Trọng", "Lê Hoài Trung", "Trần Lưu Quang",
    "Nguyễn", "Thị", "Văn", "Hoàng", "Sơn", "António Guterres", "Csaba Kőrösi", "Đôn Tuấn Phong",
    # events
    "Hội nghị", "hội nghị", "Hội nghị Ngoại giao", "lần thứ", "lần thứ 32", "32", "31", "Hội nghị Đối ngoại toàn quốc",
    "cuộc họp", "phiên họp thứ nhất", "phiên khai mạc", "phiên bế mạc", "Đại hội", "Đại hội XIII", "Diễn đàn",
    "Hội thảo", "Lễ kỷ niệm", "Hội nghị cấp cao ASEAN", "Ban Chỉ đạo", "Đề án",
    # taking part
    "chủ trì", "đồng chủ trì", "dự", "tham dự", "dự và phát biểu chỉ đạo", "phát biểu khai mạc", "Phát biểu tại",
    "dưới sự chủ trì của", "do", "với sự tham dự của", "Tham dự", "có", "Cùng dự", "và", "cùng",
    # directives
    "25-CT/TW", "Chỉ thị 25-CT/TW", "Nghị quyết 22-NQ/TW", "Nghị quyết số 34-NQ/TW", "Kết luận 12-KL/TW",
    "của Bộ Chính trị", "của Ban Bí thư", "về hội nhập quốc tế", "về đẩy mạnh và nâng tầm đối ngoại đa phương",
    # dates
    "Ngày 25/1,", "Sáng 19-12,", "Chiều 23/12,", "ngày 14/12/2021", "từ 19 - 23/12", "năm 2023", "2020",
    "nhiệm kỳ 2023-2025", "2020-2021", "tháng 12/2023", "31/12", "29-2", "32/13", "0/0/0000",
    # roles and places
    "Chủ tịch ASEAN", "Ủy viên không thường trực Hội đồng Bảo an", "Hội đồng Nhân quyền Liên Hợp Quốc",
    "Việt Nam", "là thành viên", "tại Hà Nội", "Tại điểm cầu Hà Tĩnh,", "TP. Hồ Chí Minh", "Liên Hợp Quốc", "LHQ",
    # furniture
    "Tin liên quan", "Ảnh: VGP/Nhật Bắc", "Đọc nhiều", "(Ảnh: TTXVN)",
    # punctuation
    ",", ".", ";", ":", "\n", "\n\n", "“", "”", "(", ")", "-", "–", "…", "!", "?", "\"", "/",
]
SEPARATORS = [" ", " ", " ", "", ", ", ". ", "\n"]

fragment_text = st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(SEPARATORS)), max_size=80).map(
    lambda parts: "".join(f + s for f, s in parts))
# arbitrary Unicode, with the fragments mixed in so the matchers get past their first check
any_text = st.one_of(st.text(max_size=400),
                     st.lists(st.one_of(st.text(max_size=20), st.sampled_from(FRAGMENTS)), max_size=40).map(" ".join))


def provenances(obj) -> list[Provenance]:
    """Every Provenance reachable from ``obj`` (a dataclass of mentions, lists of them)."""
    out = []
    if isinstance(obj, Provenance):
        return [obj]
    if isinstance(obj, (list, tuple)):
        for x in obj:
            out.extend(provenances(x))
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, (type, Article)):
        for f in dataclasses.fields(obj):
            out.extend(provenances(getattr(obj, f.name)))
    return out


def check_facts(article: Article) -> None:
    text = article.text
    facts = extract_facts(article)
    assert facts.article is article
    for p in provenances(facts):
        assert p.article == article.id
        assert 0 <= p.start <= p.end <= len(text), p
        assert text[p.start:p.end] == p.sentence, p
        assert p.rule


@SETTINGS
@given(text=any_text, title=st.text(max_size=60))
def test_extraction_never_raises_on_any_text(text, title):
    check_facts(Article(id="a", title=title, text=text))


@SETTINGS
@given(text=fragment_text, title=fragment_text)
def test_extraction_of_news_like_text_points_at_its_sentences(text, title):
    check_facts(Article(id="a", title=title[:200], text=text, date="2023-12-19"))


@SETTINGS
@given(text=fragment_text)
def test_articles_as_read_point_at_their_sentences(text):
    """Through the reader: furniture removed, captions flagged, text cleaned."""
    article = make_article("a", "Tin", text, "2021-12-14", None, "a.txt")
    check_facts(article)
    assert all(0 <= a <= b <= len(article.text) for a, b in article.captions)


# ----------------------------------------------------------------------------- build order

SAMPLE_FILES = sorted(SAMPLE.glob("*.txt"))
EXTRA = {  # articles whose names, events and directives overlap the sample's
    "x1.txt": "Hội nghị Ngoại giao 32 bế mạc\n date 2023-12-23\n\nChiều 23/12, Bộ trưởng Ngoại giao Bùi Thanh Sơn "
              "chủ trì phiên bế mạc Hội nghị Ngoại giao 32. Thủ tướng Phạm Minh Chính dự.\n",
    "x2.txt": "Tin ngắn\n\nNgày 25/1, Phó Thủ tướng Trần Lưu Quang dự Hội nghị triển khai Nghị quyết 22-NQ/TW "
              "của Bộ Chính trị về hội nhập quốc tế. Ông Sơn phát biểu.\n",
    "x3.txt": "Tin ngắn\n\nNgày 25/1, Phó Thủ tướng Trần Lưu Quang dự Hội nghị triển khai Nghị quyết 22-NQ/TW "
              "của Bộ Chính trị về hội nhập quốc tế. Ông Sơn phát biểu.\n",     # the same as x2: a duplicate
}


@pytest.fixture(scope="module")
def order_corpus(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("order")
    files = []
    for f in SAMPLE_FILES:
        files.append(Path(shutil.copy(f, folder / f.name)))
    for name, text in EXTRA.items():
        (folder / name).write_text(text, encoding="utf-8")
        files.append(folder / name)
    return files


@pytest.fixture(scope="module")
def graph_in_order(order_corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("in-order")
    build(order_corpus, out)
    return out / "graph.json"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_graph_does_not_depend_on_the_order_of_the_input_files(data, order_corpus, graph_in_order, tmp_path_factory):
    shuffled = data.draw(st.permutations(order_corpus))
    out = tmp_path_factory.mktemp("shuffled")
    build(shuffled, out)
    got, expected = (out / "graph.json").read_bytes(), graph_in_order.read_bytes()
    if got != expected:
        a, b = json.loads(expected), json.loads(got)
        ids = {k: ({x["id"] for x in a[k]}, {x["id"] for x in b[k]}) for k in ("nodes", "facts")}
        diff = {k: (sorted(x - y)[:5], sorted(y - x)[:5]) for k, (x, y) in ids.items()}
        pytest.fail(f"order {[p.name for p in shuffled]} gives another graph: {diff}")
