"""Separate an article's body from the page furniture around it.

Scraped pages carry related-news lists, most-read boxes, video teasers, image alt text and
photo credits. They are news about *other* things, so no fact may come from them. The page
is read line by line:

* a **hard marker** (``Đọc nhiều``, ``Xem nhiều``, ``Các tin bài khác`` …) or a closing
  credit line (``Hải Minh/VGP News``, ``P.V (Ảnh: Minh Châu/TGVN)``) ends the body;
* a **soft marker** (``Tin liên quan``, an image's slug alt text ``hoi nghi doi moi …``,
  ``Theo dõi Baoquocte.vn trên``) opens a teaser box inside the body; the box ends at the
  next line that reads like body text (long, ending a sentence, not a ``…`` teaser);
* images (``![]() |``) are dropped; photo captions (``… - Ảnh: VGP/Hải Minh``) stay in the
  text, flagged, so a reader sees them but extraction skips them.
"""

from __future__ import annotations

import re
import unicodedata

# Headings that end the article: everything after them is another page's news.
#   "Đọc nhiều", "Xem nhiều", "Các tin bài khác", "Tin mới hơn", "Multimedia"
HARD_MARKERS = re.compile(
    r"^\s*(đọc nhiều|xem nhiều|đọc thêm|các tin bài khác|các tin khác|tin khác|tin mới hơn|"
    r"tin cũ hơn|tin mới|tin đã đưa|tin cùng chuyên mục|bài viết cùng chuyên mục|multimedia|"
    r"có thể bạn quan tâm|bạn có thể quan tâm|tin nổi bật|tin tiêu điểm|chủ đề\b.*|"
    r"tags?\s*:.*|từ khóa\s*:.*|phiên bản di động|bình luận|ý kiến bạn đọc)\s*:?\s*$",
    re.IGNORECASE,
)
# Headings that open a box of teasers inside the body: "Tin liên quan", "TIN LIÊN QUAN"
SOFT_MARKERS = re.compile(
    r"^\s*(tin liên quan|tin bài liên quan|bài liên quan|bài viết liên quan|xem thêm|"
    r"theo dõi .{1,40} trên.*)\s*:?\s*$",
    re.IGNORECASE,
)
# Markdown images from scrapers: "![]() |", "![[Video] …](https://…)"
IMAGE = re.compile(r"^\s*!\[.*\]\(.*\)\s*\|?\s*$|^\s*!\[\]\(\)\s*\|?\s*$")
# Photo captions: "… - Ảnh: VGP/Hải Minh |", "Toàn cảnh hội nghị. Ảnh: VGP/Nhật Bắc", "(Ảnh: TTXVN)"
CAPTION = re.compile(r"(?:^|[\s.\-–(])(?:Ảnh|Nguồn ảnh|Photo)\s*:\s*[^.!?]{1,60}\)?\s*\|?\s*$")
# Closing credit lines: "Hải Minh/VGP News", "P.V (Ảnh: Minh Châu/TGVN)", "Theo TTXVN", "PV"
CREDIT = re.compile(
    r"^\s*(?:(?:Theo|Nguồn|theo|nguồn):?\s+[^,]{1,30}|[A-ZĐ][\w.]*(?:[ ./][A-ZĐ][\w.]*){0,3}\s*/\s*[\w. ]{1,25}|"
    r"P\.?V\.?|PV|[A-ZĐ][\w]*(?: [A-ZĐ][\w]*){0,3} \((?:Ảnh|ảnh)[^)]*\))\s*$"
)
# Time stamps of list items: "14:02 | 04/12/2025 Tin tức"
STAMP = re.compile(r"^\s*\d{1,2}:\d{2}\s*\|\s*\d{1,2}/\d{1,2}/\d{4}")
TEASER_END = re.compile(r"(\.\.\.|…)\s*$")
SENTENCE_END = re.compile(r"[.!?…\"”»)]\s*$")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text``: ``Hội nghị`` -> ``hoi nghi``."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def _is_slug(line: str, title_slug: str) -> bool:
    """Image alt text written as the page's URL slug: ``hoi nghi doi moi tu duy …``."""
    s = line.strip()
    if not s or not s.isascii():
        # "hoi nghi doi moi tu duy … Trao quyết định bổ nhiệm …": a slug glued to a teaser
        return len(title_slug.split()) >= 3 and s.startswith(title_slug)
    words = s.split()
    return len(words) >= 4 and s == s.lower() and bool(re.fullmatch(r"[a-z0-9 \-]+", s))


def _bodylike(line: str) -> bool:
    s = line.strip()
    return len(s) >= 200 and bool(SENTENCE_END.search(s)) and not TEASER_END.search(s)


def split_furniture(lines: list[str], title: str = "") -> tuple[list[tuple[str, bool]], list[str]]:
    """Split page lines into body lines and furniture lines.

    Returns ``(body, furniture)`` where ``body`` is a list of ``(line, is_caption)``.
    """
    title_slug = ascii_fold(title)
    body: list[tuple[str, bool]] = []
    furniture: list[str] = []
    seen: set[str] = set()
    in_box = False
    ended = False
    for raw in lines:
        line = raw.rstrip()
        s = line.strip()
        if ended:
            furniture.append(line)
            continue
        if not s:
            body.append(("", False))
            continue
        if HARD_MARKERS.match(s) or STAMP.match(s):
            ended = True
            furniture.append(line)
            continue
        if IMAGE.match(s):
            furniture.append(line)
            continue
        if SOFT_MARKERS.match(s) or _is_slug(s, title_slug):
            in_box = True
            furniture.append(line)
            continue
        if in_box:
            if _bodylike(s) and s not in seen:
                in_box = False
            else:
                furniture.append(line)
                seen.add(s)
                continue
        if CAPTION.search(s) and len(s) < 400:
            body.append((s.rstrip(" |"), True))
            continue
        if len(s) < 60 and CREDIT.match(s) and body:
            ended = True
            furniture.append(line)
            continue
        if s in seen:  # a headline printed twice is a teaser
            furniture.append(line)
            continue
        seen.add(s)
        body.append((s, False))
    while body and not body[-1][0]:
        body.pop()
    return body, furniture
