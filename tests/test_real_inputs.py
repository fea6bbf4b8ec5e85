"""Real inputs as scrapers write them: JSON Lines records with ``url``, ``source``, ``topic``,
``author``, ``tags``, nested and null values, odd URLs, and HTML pages saved from the news
sites the README names. A build never raises on them; a record it cannot use is skipped with
one line saying why; the addresses it keeps are valid in the Turtle, the store and SHACL.

The HTML pages are in ``tests/data/html`` (written for these tests, see its README).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.build import load_graph
from kg.cli import app
from tests.conftest import ROOT

HTML_PAGES = ROOT / "tests" / "data" / "html"
runner = CliRunner()

BODY = ("Sáng 19/12, tại Hà Nội, Bộ trưởng Ngoại giao Bùi Thanh Sơn chủ trì Hội nghị Ngoại giao lần thứ 32. "
        "Thứ trưởng Thường trực Bộ Ngoại giao Nguyễn Minh Vũ dự hội nghị.")
OTHER = ("Chiều 8/11, tại trụ sở Chính phủ, Phó Thủ tướng Trần Lưu Quang chủ trì phiên họp thứ ba "
         "của Ban Chỉ đạo về công tác đối ngoại địa phương.")


def kg(*args: str):
    """``kg ARGS`` as a user types it; stdout and stderr together in ``output``."""
    return runner.invoke(app, list(args))


def write_jsonl(path: Path, *records: dict | str) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), encoding="utf-8")
    return path


def articles(out: Path) -> dict[str, dict]:
    """Article id -> its props in the built graph."""
    return {n.props["article_id"]: n.props for n in load_graph(out).of_type("Article")}


def skipped_lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.strip().startswith("skipped ")]


def turtle_urls(out: Path) -> list[str]:
    """The ``schema:url`` values of ``graph.ttl`` as a Turtle parser reads them."""
    url = ox.NamedNode("https://schema.org/url")
    found = []
    for t in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE):
        if t.predicate == url:
            assert t.object.datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#anyURI")
            found.append(t.object.value)
    return found


# ----------------------------------------------------------------------------- JSON Lines


def test_a_scraped_jsonl_file_with_urls_builds_and_validates(tmp_path):
    """What a news scraper writes: every field the README names, and more."""
    corpus = write_jsonl(
        tmp_path / "crawl.jsonl",
        {"id": "bqt-254101", "url": "https://baoquocte.vn/hoi-nghi-ngoai-giao-32-254101.html",
         "source": "baoquocte.vn", "topic": "Ngoại giao", "author": "Thu Trang",
         "tags": ["Hội nghị Ngoại giao", "Bùi Thanh Sơn"], "date": "2023-12-19T09:30:00+07:00",
         "title": "Khai mạc Hội nghị Ngoại giao lần thứ 32", "text": BODY},
        {"id": 102231108, "url": "https://baochinhphu.vn/pho-thu-tuong-102231108.htm", "source": None,
         "topic": {"slug": "chinh-phu", "name": "Chính phủ"}, "author": None, "tags": None,
         "date": None, "title": None, "text": OTHER,
         "meta": {"crawl": {"at": "2024-01-01", "ok": True}, "images": [{"src": "a.jpg"}]}},
    )
    r = kg("build", str(corpus), "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert "2 articles read, 0 skipped" in r.output and "Traceback" not in r.output
    got = articles(tmp_path / "out")
    assert got["bqt-254101"]["url"] == "https://baoquocte.vn/hoi-nghi-ngoai-giao-32-254101.html"
    assert got["bqt-254101"]["date"] == "2023-12-19"
    assert got["102231108"]["url"] == "https://baochinhphu.vn/pho-thu-tuong-102231108.htm"
    assert sorted(turtle_urls(tmp_path / "out")) == sorted(a["url"] for a in got.values())
    r = kg("query", "search", "-p", "name=tran luu quang", "--graph", str(tmp_path / "out"), "--format", "json")
    assert r.exit_code == 0 and "Trần Lưu Quang" in r.stdout, r.output
    r = kg("validate", "--graph", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output


ODD_URLS = {
    "plain": ("https://baoquocte.vn/a-1.html", "https://baoquocte.vn/a-1.html"),
    "spaces": ("https://baoquocte.vn/hội nghị 32.html", "https://baoquocte.vn/hội%20nghị%2032.html"),
    "angle brackets and quotes": ('https://x.vn/a?q=<b>"c"', "https://x.vn/a?q=%3Cb%3E%22c%22"),
    "braces, pipe, caret, backquote, backslash": ("https://x.vn/{a}|b^c`d\\e",
                                                  "https://x.vn/%7Ba%7D%7Cb%5Ec%60d%5Ce"),
    "unicode host and path": ("https://báo.vn/tin/Hà-Nội?từ=khóa#đầu", "https://báo.vn/tin/Hà-Nội?từ=khóa#đầu"),
    "surrounding blanks and a tab inside": ("  https://x.vn/a\tb  ", "https://x.vn/ab"),
    "already percent-encoded": ("https://x.vn/h%E1%BB%99i", "https://x.vn/h%E1%BB%99i"),
    "long (2,000 characters)": ("https://x.vn/" + "a" * 1987, "https://x.vn/" + "a" * 1987),
    "too long (100,000 characters)": ("https://x.vn/" + "a" * 100_000, None),
    "javascript:": ("javascript:alert(document.cookie)", None),
    "data:": ("data:text/html,<script>alert(1)</script>", None),
    "mailto:": ("mailto:toasoan@baoquocte.vn", None),
    "relative": ("/thoi-su/a-1.html", None),
    "no host": ("https://", None),
    "bad port": ("https://x.vn:port/a", None),
    "unclosed IPv6 host": ("http://[::1/a", None),
    "empty": ("", None),
    "a number": (12345, None),
    "a list": (["https://x.vn/a"], None),
    "an object": ({"href": "https://x.vn/a"}, None),
}


@pytest.mark.parametrize("case", list(ODD_URLS))
def test_odd_urls_are_kept_encoded_or_left_out_and_never_break_a_build(case, tmp_path):
    given_url, kept = ODD_URLS[case]
    corpus = write_jsonl(tmp_path / "a.jsonl", {"id": "a1", "url": given_url, "title": "Hội nghị", "text": BODY})
    r = kg("build", str(corpus), "--out", str(tmp_path / "out"), "--strict")
    assert r.exit_code == 0, r.output  # a bad address is not a bad article: nothing skipped
    assert articles(tmp_path / "out")["a1"].get("url") == kept
    assert turtle_urls(tmp_path / "out") == ([kept] if kept else [])


def test_unusable_records_are_skipped_one_line_each_and_the_rest_is_built(tmp_path):
    corpus = write_jsonl(
        tmp_path / "mixed.jsonl",
        {"id": "good", "url": "https://baoquocte.vn/a.html", "text": BODY},
        {"id": "no-text", "url": "https://baoquocte.vn/b.html", "content": OTHER, "source": "baoquocte.vn"},
        {"id": "null-text", "text": None},
        {"id": "number-text", "text": 42},
        {"id": "object-text", "text": {"vi": OTHER}},
        {"id": "blank-text", "text": " \n\t "},
        {},
        '["not", "an", "object"]',
        '{"id": "cut", "text": "Sáng 19/12',
        {"id": "paragraphs", "text": [OTHER, "Dự phiên họp có đại diện các bộ, ngành."]},
    )
    r = kg("build", str(corpus), "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert "2 articles read, 8 skipped" in r.output
    assert skipped_lines(r.output) == [
        "skipped mixed.jsonl:2: no 'text' field (the record has: id, url, content, source)",
        "skipped mixed.jsonl:3: the 'text' field is null",
        "skipped mixed.jsonl:4: the 'text' field is a number, not text",
        "skipped mixed.jsonl:5: the 'text' field is an object, not text",
        "skipped mixed.jsonl:6: the 'text' field is empty",
        "skipped mixed.jsonl:7: no 'text' field (the record is empty)",
        "skipped mixed.jsonl:8: JSON line is not an object but list",
        "skipped mixed.jsonl:9: malformed JSON line (Unterminated string starting at column 23)",
    ]
    assert set(articles(tmp_path / "out")) == {"good", "paragraphs"}


def test_long_and_odd_ids_are_cleaned_and_kept_apart(tmp_path):
    corpus = write_jsonl(
        tmp_path / "ids.jsonl",
        {"id": "x" * 5000, "text": BODY},
        {"id": "a\nb\tc <d>", "text": OTHER},
        {"id": True, "text": OTHER + " Hội nghị kết thúc lúc 17 giờ."},
    )
    r = kg("build", str(corpus), "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert set(articles(tmp_path / "out")) == {"x" * 200, "a b c <d>", "ids-3"}


# ----------------------------------------------------------------------------- saved HTML pages

HTML_EXPECTED = {
    "baoquocte-hoi-nghi-ngoai-giao": (
        "https://baoquocte.vn/bo-truong-bui-thanh-son-chu-tri-hoi-nghi-ngoai-giao-lan-thu-32-254101.html",
        "2023-12-19", {"Bùi Thanh Sơn", "Nguyễn Minh Vũ"}),
    "chinhphu-phien-hop": (
        "https://baochinhphu.vn/pho-thu-tuong-tran-luu-quang-chu-tri-phien-hop-ban-chi-dao-102231108.htm",
        "2023-11-08", {"Trần Lưu Quang", "Lê Thị Thu Hằng"}),
    "baohatinh-tiep-dai-su-cp1258": (
        "https://baohatinh.vn/tinh-ha-tinh-don-doan-dai-su-cac-nuoc-asean/251234.htm",
        "2024-03-15", {"Võ Trọng Hải", "Thái Phúc Sơn"}),
}


def test_saved_news_pages_with_canonical_links_build(tmp_path):
    """Pages as a browser saves them: <link rel="canonical">, og: tags, menus, related news,
    one in Windows-1258. The canonical address, the date and the people are read; the menus,
    teasers and captions are not."""
    r = kg("build", str(HTML_PAGES), "--out", str(tmp_path / "out"), "--strict")
    assert r.exit_code == 0, r.output
    assert "3 articles read, 0 skipped" in r.output
    got = articles(tmp_path / "out")
    assert set(got) == set(HTML_EXPECTED)
    g = load_graph(tmp_path / "out")
    persons = {n.label for n in g.of_type("Person")}
    for article, (url, date, people) in HTML_EXPECTED.items():
        assert (got[article]["url"], got[article]["date"]) == (url, date), article
        assert people <= persons, (article, persons)
    assert "Phạm Minh Chính" not in persons  # only in the related-news list of baoquocte
    assert sorted(turtle_urls(tmp_path / "out")) == sorted(u for u, _, _ in HTML_EXPECTED.values())
    r = kg("validate", "--graph", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output


def test_a_page_whose_canonical_link_is_not_a_web_address_is_read_without_it(tmp_path):
    page = (HTML_PAGES / "chinhphu-phien-hop.html").read_text(encoding="utf-8")
    page = re.sub(r'href="https://baochinhphu[^"]*"', 'href="javascript:void(0)"', page)
    page = re.sub(r'content="https://baochinhphu[^"]*"', 'content="javascript:void(0)"', page)
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    r = kg("build", str(tmp_path / "p.html"), "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert articles(tmp_path / "out")["p"].get("url") is None


# ----------------------------------------------------------------------------- any record at all

FIELDS = ("id", "title", "date", "url", "text", "source", "topic", "author", "tags")
SENTENCES = [BODY, OTHER, "Việt Nam là thành viên Hội đồng Nhân quyền Liên Hợp Quốc nhiệm kỳ 2023-2025.",
             "Tin liên quan", "Ảnh: VGP", "Ngày 2/3,", "https://baoquocte.vn/a.html", "javascript:alert(1)",
             "<script>alert(1)</script>", "2021-12-15", "2021-02-30", "--12-15", "\ud800", "\x00\x1b[31m"]
texts = st.one_of(st.text(max_size=300), st.sampled_from(SENTENCES),
                  st.lists(st.sampled_from(SENTENCES) | st.text(max_size=40), max_size=6).map(" ".join))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), texts)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                      max_leaves=12)
records = st.fixed_dictionaries({}, optional={k: values for k in FIELDS}).flatmap(
    lambda rec: st.dictionaries(st.text(max_size=10), values, max_size=3).map(lambda extra: {**extra, **rec}))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(record=records, ascii_only=st.booleans())
def test_any_record_never_breaks_a_build(tmp_path_factory, record, ascii_only):
    """Arbitrary values in every field: the build never raises; the record is read, or
    skipped with one line naming it; the good record beside it is always built."""
    folder = tmp_path_factory.mktemp("any")
    line = json.dumps(record, ensure_ascii=ascii_only)
    good = {"id": "good", "text": BODY + " Hội nghị kéo dài năm ngày."}  # no record drawn has this text
    (folder / "any.jsonl").write_text(line + "\n" + json.dumps(good) + "\n",
                                      encoding="utf-8", errors="surrogatepass")
    r = kg("build", str(folder / "any.jsonl"), "--out", str(folder / "out"))
    assert r.exit_code == 0, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    skipped = skipped_lines(r.output)
    read = articles(folder / "out")
    assert "good" in read
    if len(read) == 2:
        assert skipped == []
    else:
        assert len(skipped) == 1 and skipped[0].startswith("skipped any.jsonl:1: "), r.output
        assert "\n" not in skipped[0]
    for url in turtle_urls(folder / "out"):  # what the graph keeps is a web address
        assert re.match(r"https?://[^\s<>\"{}|\\^`]+$", url), url
    r = kg("query", "persons", "--graph", str(folder / "out"), "--format", "json")
    assert r.exit_code == 0, r.output
