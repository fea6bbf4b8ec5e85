"""Split an article body into sentences with character offsets.

A sentence ends at a line break, or at ``.``, ``!``, ``?``, ``…`` followed by a space and
a capital letter or an opening quote — unless the dot closes an abbreviation written in
Vietnamese news (``TP. Hồ Chí Minh``, ``PGS.TS. Nguyễn …``, ``Tp. Huế``).
"""

from __future__ import annotations

import re

from kg.model import Sentence

# Every upper-case letter of Vietnamese (and Latin-1) text, for character classes:
# a range like À-Ỹ also holds lower-case letters, so it cannot be used.
from kg.text import LOWER, UPPER  # noqa: E402,F401  (letter classes, shared)
# (the punctuation is matched, not looked behind for: a regex that opens with a literal class
# is searched for fast; the cut is one character after the match start)
# (both kinds of boundary open with one class, the kind told apart after it: searched fast)
_BOUNDARY = re.compile(rf"[.!?…\n](?:(?<=[.!?…])([\"”»’)]*)\s+(?=(?:[*•]\s+)?[\"“«‘(]?[{UPPER}0-9])|(?<=\n)\n*)")  # "… LHQ. * Ngày 29-5, …": a bullet opens one
# "TP. Hồ Chí Minh", "PGS.TS. Lê", "ThS. Trần", "St. Petersburg", "D.C. Hoa Kỳ"
_ABBREV = re.compile(r"(?:\b(?:TP|Tp|tp|TS|PGS|GS|ThS|BS|Th\.S|St|Mr|Mrs|Ms|Dr|Q|P|TT|Ths|NXB|v\.v|St)|\b[A-Z])\.$")


# A photo credit glued to the next sentence in joined paragraphs: "… Ảnh: Nhan Sáng-TTXVN Chiều
# 21/5, tại Phủ Chủ tịch, …", "Ảnh: VGP Tại cuộc gặp …": the credit ends at the first word that
# opens a sentence (a time, a place, a title), and the sentence starts there.
_OPENING = (r"(?:Sáng|Chiều|Tối|Trưa|Ngày|Hôm|Theo|Tại|Trong|Trước|Sau|Thủ|Chủ|Tổng|Bộ|Phó|Đại|Ông|Bà|"
            r"Đồng|Về|Với|Nhân|Cùng|Khi|Các|Hai|Đoàn|Lễ|Hội|Phát|Tham|Đón|Online|Việt|Trung)(?= )")
_OPENING_RE = re.compile(_OPENING)
_CREDIT_HEAD = re.compile(r"(?:Ảnh|Nguồn)\s*:\s*")
_CREDIT_PAREN = re.compile(r"\((?:Ảnh|Nguồn|Ảnh minh họa)\s*:?\s*[^()]{1,60}\)(?=\s+[%s])" % UPPER)
_WORD = re.compile(r"[^\s]+\s*")


def _credits(text: str) -> list[int]:
    """Where each glued photo credit ends: "Ảnh: <a capitalised word and up to five more,
    none opening a sentence>" followed by a word that opens one; "(Ảnh: …)" before a capital.
    (Read word by word: the same rule as one regex backtracked badly on long lines.)"""
    ends = []
    for m in _CREDIT_HEAD.finditer(text):
        if not m.start() or not (text[m.start() - 1].isspace() or text[m.start() - 1] == "."):
            continue  # after a space or a dot only
        pos, n = m.end(), 0
        while n < 6:
            if n and _OPENING_RE.match(text, pos):
                ends.append(pos)
                break
            w = _WORD.match(text, pos)
            if not w or (n == 0 and (not re.match(f"[{UPPER}]", w.group(0)) or _OPENING_RE.match(text, pos))):
                break
            if n and _OPENING_RE.match(text, pos):
                break
            pos, n = w.end(), n + 1
        else:
            if _OPENING_RE.match(text, pos):
                ends.append(pos)
    ends += [m.end() for m in _CREDIT_PAREN.finditer(text)
             if not m.start() or text[m.start() - 1].isspace() or text[m.start() - 1] == "."]
    return ends


def split_sentences(text: str, captions: list[tuple[int, int]] | None = None) -> list[Sentence]:
    """Sentences of ``text``; those inside a caption span are flagged ``caption=True``.

    >>> [s.text for s in split_sentences("Chiều 29-12, Thủ tướng dự hội nghị. Hội nghị bế mạc.")]
    ['Chiều 29-12, Thủ tướng dự hội nghị.', 'Hội nghị bế mạc.']
    """
    captions = captions or []
    out: list[Sentence] = []
    start = 0
    cuts = sorted([(e, e, "") for e in _credits(text)]
                  + [(m.start() + (m.group(0)[0] != "\n"), m.end(), m.group(1) or "") for m in _BOUNDARY.finditer(text)])
    for end_at, next_start, quote in cuts:
        if end_at < start:
            continue
        end = end_at + len(quote)
        piece = text[start:end]
        if next_start != end_at and "\n" not in text[end_at:next_start] and _ABBREV.search(piece[-8:]):
            continue  # "TP. Hồ Chí Minh": not a boundary
        _emit(text, start, end, captions, out)
        start = next_start
    _emit(text, start, len(text), captions, out)
    return out


def _emit(text: str, start: int, end: int, captions, out: list[Sentence]) -> None:
    # trim white space (and the quote marks the boundary left behind) inside the span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 2:
        return
    cap = any(a <= start < b for a, b in captions)
    out.append(Sentence(start, end, text[start:end], cap))
