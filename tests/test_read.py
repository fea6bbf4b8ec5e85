"""Reading pages as a user's folder holds them: title, date line, body, furniture."""

from __future__ import annotations

import gzip
import json

from kg.read import Skipped, read_articles, split_sentences
from kg.read.furniture import split_furniture

PAGE = """Bộ trưởng Ngoại giao tiếp Đại sứ Nhật Bản
 date 2024-03-05

Chiều 4/3, tại Hà Nội, Bộ trưởng Ngoại giao Bùi Thanh Sơn tiếp Đại sứ Nhật Bản.
![]() |
Bộ trưởng Bùi Thanh Sơn tiếp Đại sứ - Ảnh: VGP/Hải Minh |
Hai bên nhất trí thúc đẩy hợp tác.
Theo dõi Baoquocte.vn trên
TIN LIÊN QUAN
bo truong ngoai giao tiep dai su nhat ban Thủ tướng Phạm Minh Chính hội đàm với Tổng thống Pháp
Lãnh đạo Bộ Ngoại giao gặp mặt cán bộ lão thành
Ngày 16/8, Thứ trưởng Ngoại giao Nguyễn Minh Vũ đã có cuộc gặp ...

Bộ trưởng khẳng định Việt Nam coi trọng quan hệ Đối tác chiến lược toàn diện với Nhật Bản, mong muốn hai bên tiếp tục tăng cường trao đổi đoàn cấp cao, hợp tác kinh tế, thương mại, đầu tư, lao động và giao lưu nhân dân trong thời gian tới.
P.V (Ảnh: Minh Châu/TGVN)
Đọc nhiều
Chủ tịch nước Võ Văn Thưởng tiếp Tổng thống Indonesia
Tin khác
Thủ tướng dự Hội nghị Cấp cao ASEAN lần thứ 43
14:02 | 04/12/2023 Tin tức
"""


def test_title_date_body_and_furniture(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    [art] = list(read_articles([tmp_path]))
    assert art.title == "Bộ trưởng Ngoại giao tiếp Đại sứ Nhật Bản"
    assert art.date == "2024-03-05"
    assert "Hai bên nhất trí" in art.text
    assert "Đối tác chiến lược toàn diện" in art.text           # body resumes after the teaser box
    for teaser in ("Tổng thống Pháp", "Nguyễn Minh Vũ", "Võ Văn Thưởng", "Cấp cao ASEAN", "Theo dõi"):
        assert teaser not in art.text and teaser in art.furniture
    caption = art.text[art.captions[0][0]:art.captions[0][1]]
    assert caption.startswith("Bộ trưởng Bùi Thanh Sơn tiếp Đại sứ")


def test_no_fact_comes_from_furniture(tmp_path):
    from kg.extract import extract_facts

    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    [art] = list(read_articles([tmp_path]))
    names = {p.name for p in extract_facts(art).persons}
    assert names == {"Bùi Thanh Sơn"}


def test_date_line_may_carry_the_title(tmp_path):
    (tmp_path / "b.txt").write_text(" date 2025-12-30 Thủ tướng dự hội nghị ngoại giao\n\nChiều 29-12, Thủ tướng dự hội nghị.\n", encoding="utf-8")
    [art] = list(read_articles([tmp_path / "b.txt"]))
    assert (art.date, art.title) == ("2025-12-30", "Thủ tướng dự hội nghị ngoại giao")


def test_jsonl_gz_lines_and_a_broken_line(tmp_path):
    rows = [{"id": "x1", "title": "Tin 1", "date": "2021-05-01", "text": "Ngày 1/5, Thủ tướng dự lễ."},
            {"id": "x2", "title": None, "date": None, "text": "Bộ trưởng Ngoại giao Bùi Thanh Sơn tiếp khách."}]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows[:1]) + "\n{broken\n" + json.dumps(rows[1], ensure_ascii=False) + "\n"
    with gzip.open(tmp_path / "n.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(data)
    items = list(read_articles([tmp_path / "n.jsonl.gz"]))
    assert [a.id for a in items if not isinstance(a, Skipped)] == ["x1", "x2"]
    [bad] = [s for s in items if isinstance(s, Skipped)]
    assert bad.source.endswith("n.jsonl.gz:2") and "malformed JSON" in bad.reason


def test_html_main_text(tmp_path):
    html = """<html><head><title>Hội nghị Ngoại giao</title><script>var x = "Thủ tướng Giả Danh";</script></head>
    <body><nav>Trang chủ | Thế giới</nav><article><h1>Khai mạc Hội nghị Ngoại giao lần thứ 32</h1>
    <p>Sáng 19-12, tại Hà Nội, Hội nghị Ngoại giao lần thứ 32 khai mạc. Tổng Bí thư Nguyễn Phú Trọng dự và phát biểu chỉ đạo hội nghị.</p>
    <p>Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn phát biểu khai mạc, nêu rõ những kết quả nổi bật của công tác đối ngoại trong năm qua và những nhiệm vụ trọng tâm của năm tới.</p>
    </article><footer>Bản quyền</footer></body></html>"""
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    [art] = list(read_articles([tmp_path / "p.html"]))
    assert "Tổng Bí thư Nguyễn Phú Trọng" in art.text
    assert "Giả Danh" not in art.text


def test_unreadable_files_are_reported_and_the_rest_is_read(tmp_path):
    (tmp_path / "good.txt").write_text("Tin\n\nThủ tướng Phạm Minh Chính tiếp khách.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "latin.txt").write_bytes("Tin\n\nThủ tướng".encode("utf-8")[:-2] + b"\xff\xfe\xfa")
    items = list(read_articles([tmp_path]))
    read = [a for a in items if not isinstance(a, Skipped)]
    skipped = {s.source.rsplit("/", 1)[-1]: s.reason for s in items if isinstance(s, Skipped)}
    assert [a.id for a in read] == ["good"]
    assert skipped["empty.txt"] == "empty file"
    assert "binary" in skipped["binary.txt"]
    assert "not UTF-8" in skipped["latin.txt"]


def test_the_same_article_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PAGE, encoding="utf-8")
    items = list(read_articles([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article", "Skipped"]
    assert items[1].reason == "duplicate of a"


def test_sentences_keep_offsets_and_abbreviations():
    text = "Đoàn đến TP. Hồ Chí Minh ngày 3/8. Hai bên hội đàm.\nThông cáo được công bố."
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["Đoàn đến TP. Hồ Chí Minh ngày 3/8.", "Hai bên hội đàm.", "Thông cáo được công bố."]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_furniture_markers_end_the_body():
    body, furniture = split_furniture(["Thủ tướng dự hội nghị.", "Tin liên quan", "Tin khác a", "Multimedia", "x"], "t")
    assert [b for b, _ in body if b] == ["Thủ tướng dự hội nghị."]
    assert furniture[0] == "Tin liên quan"
