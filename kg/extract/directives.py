"""Party directives and resolutions, and the state's legal documents.

* ``Chỉ thị 25-CT/TW của Ban Bí thư về đẩy mạnh và nâng tầm đối ngoại đa phương đến năm 2030``
  — kind, number, code, issuer, subject;
* ``Chỉ thị 25`` — the same directive written short (resolution joins them);
* ``Nghị quyết Đại hội XIII`` / ``Nghị quyết Đại hội Đảng lần thứ XIII`` — a congress resolution;
* ``Nghị quyết số 22-NQ/TW``, ``Kết luận 12-KL/TW``, ``Quyết định 1234/QĐ-TTg``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import CODE_KINDS, DIRECTIVE_KINDS, ISSUERS
from kg.text import UPPER, WORD_ORDINALS, roman_value, to_roman, trie_alternation

_KINDS = trie_alternation(DIRECTIVE_KINDS)
# "26/2015/TT-BTC", "25-CT/TW", "03 /2016/TT-BNNPTNT" (a space the source slipped in)
# "78/2014/QH13", "21/2014/BGD&ĐT": letters, "&" and a term number in the issuer's part
_CODE = r"\d{1,4}(?: ?/\d{4})?(?:[-/][%sĐđ&][%sĐđ&0-9]*(?:[-/][%sĐđa-z&][%sĐđa-z&0-9]*)*)?" % (UPPER, UPPER, UPPER, UPPER)
DIRECTIVE_RE = re.compile(
    r"(?<![\wÀ-ỹĐđ])(%s)(?: số)? (%s)(?![\wÀ-ỹĐđ])" % (_KINDS, _CODE))
# a kind written small is a document only with "số": "theo quyết định số 439 của Ban Bí thư"
# ("quyết định 2 dự án" is a verb)
LOWER_DIRECTIVE_RE = re.compile(
    r"(?<![\wÀ-ỹĐđ])(%s) số (%s)(?![\wÀ-ỹĐđ])" % ("|".join(k[0].lower() + k[1:] for k in DIRECTIVE_KINDS), _CODE))
# "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (Khóa XII)", "Nghị quyết Trung ương 4"
PLENUM_RESOLUTION_RE = re.compile(
    r"(?<![\wÀ-ỹĐđ])Nghị quyết (?:Hội nghị (?:Trung ương |lần thứ )|Trung ương )([0-9]{1,2}|[a-zà-ỹ]+)"
    r"((?: Ban Chấp hành Trung ương(?: Đảng)?)?(?: \(?[Kk]hóa [IVXLC]+\)?)?)")
# "Nghị quyết Đại hội XIII (của Đảng)", "Nghị quyết Đại hội Đảng lần thứ XIII"
CONGRESS_RESOLUTION_RE = re.compile(
    r"(?<![\wÀ-ỹĐđ])Nghị quyết (Đại hội(?: đại biểu toàn quốc)?(?: Đảng)?(?: lần thứ)? ([IVXLC]+|\d{1,2})"
    r"(?: của Đảng)?)(?![\wÀ-ỹĐđ])")
_ISSUER_RE = re.compile(r" (?:của|do) (%s)(?![\wÀ-ỹĐđ])" % "|".join(
    map(re.escape, sorted(ISSUERS, key=len, reverse=True))))
_SUBJECT_RE = re.compile(r" về ([^.;:()\"“”]+)")
_DATE_AFTER = re.compile(r" ngày \d{1,2}[/-]\d{1,2}[/-]\d{4}")
_SUBJECT_END = re.compile(r", (?=[%s])|,? (?:đẩy mạnh vận động|đồng thời|nhằm|góp phần|và các)(?![\wÀ-ỹĐđ])|"
                          r" (?:sáng|chiều|tối|trưa|ngày|hôm) (?:\d|nay|qua)|"
                          r" (?:đã|sẽ|là|được|đến nay|trong thời gian|thời gian qua|nhằm|thì|mà|nhưng|khi|cũng)(?![\wÀ-ỹĐđ])|"
                          r",? (?:xác định|khẳng định|nêu rõ|yêu cầu|đặt ra)(?![\wÀ-ỹĐđ])" % UPPER)


@dataclass
class DirectiveHit:
    start: int
    end: int
    kind: str
    number: str
    code: str | None
    issuer: str | None
    subject: str | None
    label: str
    congress: str | None = None  # "Đại hội XIII": the congress that adopted it


def find_directives(text: str) -> list[DirectiveHit]:
    out: list[DirectiveHit] = []
    for m in list(DIRECTIVE_RE.finditer(text)) + list(LOWER_DIRECTIVE_RE.finditer(text)):
        kind, code = m.group(1), m.group(2).replace(" /", "/")
        kind = kind[0].upper() + kind[1:]
        num = re.match(r"\d+", code).group(0)
        suffix = code[len(num):].lstrip("-/")
        if not suffix and re.match(r"\d{4}$", num):
            continue  # "Quyết định 2020": a year, not a number
        if suffix:
            k2 = CODE_KINDS.get(suffix.split("/")[0].split("-")[0])
            if k2 and k2 != kind and kind not in ("Quyết định", "Nghị định", "Thông tư"):
                continue
        end = m.end()
        issuer, subject = _issuer_subject(text, end)
        label = f"{kind} {code}"
        out.append(DirectiveHit(m.start(), end, kind, num, code if suffix else None,
                                issuer, subject, label))
    for m in CONGRESS_RESOLUTION_RE.finditer(text):
        number = m.group(2)
        value = roman_value(number) if not number.isdigit() else int(number)
        roman = _to_roman(value) if value else number
        issuer, subject = _issuer_subject(text, m.end())
        out.append(DirectiveHit(m.start(), m.end(), "Nghị quyết", roman, roman,
                                None, subject, text[m.start():m.end()],  # as written: "… lần thứ XII của Đảng"
                                congress=f"Đại hội {roman} của Đảng"))
    for m in PLENUM_RESOLUTION_RE.finditer(text):
        n = m.group(1)
        value = int(n) if n.isdigit() else WORD_ORDINALS.get(n)
        if not value:
            continue
        issuer, subject = _issuer_subject(text, m.end())
        term = re.search(r"[Kk]hóa ([IVXLC]+)", m.group(2) or "")
        code = f"Trung ương {value}" + (f" khóa {term.group(1)}" if term else "")
        out.append(DirectiveHit(m.start(), m.end(), "Nghị quyết", str(value), code,
                                issuer or "Ban Chấp hành Trung ương Đảng", subject, text[m.start():m.end()]))
    out.sort(key=lambda d: d.start)
    return out


def _issuer_subject(text: str, pos: int) -> tuple[str | None, str | None]:
    issuer = subject = None
    dm = _DATE_AFTER.match(text, pos)
    if dm:
        pos = dm.end()
    im = _ISSUER_RE.match(text, pos)
    if im:
        issuer = im.group(1)
        pos = im.end()
        dm = _DATE_AFTER.match(text, pos)
        if dm:
            pos = dm.end()
    sm = _SUBJECT_RE.match(text, pos)
    if sm:
        subject = sm.group(1)
        em = _SUBJECT_END.search(subject)
        if em:
            subject = subject[: em.start()]
        subject = subject.strip(" ,") or None
    return issuer, subject


def _to_roman(n: int) -> str:
    vals = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
            (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out
