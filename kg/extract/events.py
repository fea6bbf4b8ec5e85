"""Events (conferences, meetings, summits, congresses, ceremonies), their dates and places.

A mention starts at an event word (``Hội nghị``, ``Diễn đàn``, ``Đại hội``, ``cuộc họp``,
``Lễ``) and is read in one of three ways:

* **named** — capitalised words, an ordinal: ``Hội nghị Ngoại giao lần thứ 31``,
  ``Hội nghị ngoại giao 31``, ``Diễn đàn Tương lai ASEAN``, ``Đại hội XIII của Đảng``;
* **descriptive** — a verb of what the event does, to the end of its clause:
  ``Hội nghị sơ kết 5 năm thực hiện Chỉ thị 25-CT/TW của Ban Bí thư về …``;
* **generic** — the word alone (``hội nghị``, ``cuộc họp``, ``hội nghị này``): a reference to
  an event of the article, resolved by :func:`kg.extract.extract_facts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import (CLASSIFIERS, EVENT_DESCRIPTORS, EVENT_HEADS, EVENT_LOWER_PHRASES,
                                EVENT_STOP_COMPOUNDS, EVENT_STOP_WORDS, OCCASIONS, PLACE_WORDS, TIME_OF_DAY, alternation, fold,
                                org_surface_forms)
from kg.text import LOWER, UPPER, WORD_ORDINALS, is_syllable, roman_value, trie_alternation

_HEAD_WORDS = sorted({h for h in EVENT_HEADS} | {h[0].lower() + h[1:] for h in EVENT_HEADS},
                     key=len, reverse=True)
HEAD_RE = re.compile(r"(?<![\wÀ-ỹĐđ])(?<!Trung tâm )(?<!Cung )(?<!Quốc )(?<!Tuần )(?<!tuần )(?<!lãm và )(%s)(?![\wÀ-ỹĐđ])(?! luận)"
                     % trie_alternation(_HEAD_WORDS))
_DESCRIPTOR_RE = re.compile(r" (%s)(?![\wÀ-ỹĐđ])" % "|".join(
    map(re.escape, sorted({d for w in EVENT_DESCRIPTORS for d in (w, w[0].upper() + w[1:])},
                          key=len, reverse=True))))
_STOP_RE = re.compile(r" (?:%s)(?![\wÀ-ỹĐđ])" % "|".join(
    map(re.escape, sorted(EVENT_STOP_WORDS, key=len, reverse=True))))
_ORDINAL_RE = re.compile(
    r" (?:lần thứ|lần|khóa|khoá|thứ) ([0-9]+|[IVXLC]+|nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười|đầu tiên|đầu)(?![\wÀ-ỹĐđ])"
    r"(?! (?:tuần|này|tới|vừa|hàng tuần)(?![\wÀ-ỹĐđ]))")  # "thứ 5 tuần trước" is a Thursday
_SMALL_THEN_ORDINAL = re.compile(r"((?: [%s][^\W\d_]*){1,3})(?= (?:lần thứ|lần) (?:[0-9]+|[IVXLC]+|nhất|hai|ba|tư|bốn|năm|"
                                 r"sáu|bảy|tám|chín|mười)(?![\wÀ-ỹĐđ]))" % LOWER)
_BARE_NUMBER_RE = re.compile(r" ([0-9]{1,3}|[IVXLC]{2,}|[IVX])(?![\wÀ-ỹĐđ/-])")
_WORD_RE = re.compile(r" ([0-9A-Za-zÀ-ỹĐđ]+(?:[-–][0-9A-Za-zÀ-ỹĐđ]+)*)")
_LOWER_PHRASE_RE = re.compile(r" (?:%s)(?![\wÀ-ỹĐđ])" % "|".join(
    map(re.escape, sorted(EVENT_LOWER_PHRASES, key=len, reverse=True))))
# "Hội nghị quan chức cao cấp ASEAN": a few lower-case words, then the proper part
_LOWER_THEN_PROPER = re.compile(r"((?: [%s][^\W\d_]*){1,5})(?= [“\"(]?[%s0-9])" % (LOWER, UPPER))
_WITH_RE = re.compile(r"(?: bàn tròn| doanh nghiệp)? với (?:chủ đề|các|một số|[%s])" % UPPER)
_VERB_START = re.compile(r" (?:%s)(?![\wÀ-ỹĐđ])" % trie_alternation(
    ["ủng hộ", "hoan nghênh", "khẳng định", "nhấn mạnh", "kêu gọi", "thông qua", "đánh giá", "thảo luận",
     "bàn", "nhất trí", "đề nghị", "yêu cầu", "quyết định", "cho biết", "diễn ra", "chính thức", "khai mạc",
     "bế mạc", "tuyên bố", "ra", "đã", "sẽ", "được", "cũng", "vừa", "là", "kéo dài"]))


_OPENER_WORDS = {"Và", "Theo", "Tại", "Trong", "Khi", "Sau", "Trước", "Với", "Nhưng", "Tuy", "Ngoài", "Còn",
                 "Đây", "Đó", "Vào", "Chiều", "Sáng", "Tối", "Trưa", "Hôm"}
# the opening of a new sentence right after a small word: a sentence glued on without its full stop
_GLUED_OPENER = re.compile(r"(?<=[a-zà-ỹđ]) (?:%s|Liên quan|Tuy nhiên|Bên cạnh|Đồng thời|Ngoài ra|Hiện nay)(?![\wÀ-ỹĐđ])"
                           % "|".join(sorted(_OPENER_WORDS - {"Và", "Với"})))


def _small_words_then_proper(text: str, pos: int) -> int:
    """The end of one to three small words after a capitalised word when a capital, a number,
    a bracket or "về" + capital follows them ("Kinh tế thế giới về ASEAN", "Mặt trận Tổ quốc
    ba nước Việt Nam", "Quan chức cao cấp Diễn đàn"); 0 if not."""
    end = pos
    for _ in range(3):
        nx = _WORD_RE.match(text, end)
        if not nx or not nx.group(1)[0].islower() or nx.group(1) in _NOT_IN_NAME \
                or _STOP_RE.match(text, end) or _VERB_START.match(text, end) or _DATE_WORD.match(text, end):
            return 0
        end = nx.end()
        if re.match(r" (?:về )?[%s0-9(“]" % UPPER, text[end:end + 5]):
            return end
    return 0


_DANGLING = re.compile(r"(?:,? (?:của|và|với|về|tại|ở|cho|giữa|các|những|kể|đối|do|bởi))+$")
_COMMA_CLAUSE = re.compile(r", [a-zà-ỹđ]")  # "cuộc họp báo, ông Lorenzana nói …": a clause after the comma
_OPENER_BEFORE = re.compile(r"\W*(?:Sau|Trước|Tại|Trong|Kết thúc|Sau khi kết thúc)(?: (?:các|một|những))? \Z")
_UNNAMED_SIDES = re.compile(r" giữa (?:(?:hai|2|các|những) (?:bên|người|ông|bà|phía)$|(?:tôi|chúng tôi|họ|ông ấy|bà ấy)(?![\wÀ-ỹĐđ]))")
_ONLINE_FORUM_BEFORE = re.compile(r"(?:(?<![\wÀ-ỹĐđ])(?:trên|thành viên) |/)\Z")
_HONORIFIC_AFTER = re.compile(r" (?:là )?(?:ông|bà|đồng chí) [%s]" % UPPER)
_SUBJECT_AFTER = re.compile(r" (?!(?:việc|vấn đề|những|các|này|đó)(?![\wÀ-ỹĐđ]))[a-zà-ỹđ]+ [a-zà-ỹđ]+")
_ANAPHOR_TAIL = re.compile(r" (?:này|nói trên|trên|đó)$")
# "cuộc gặp của họ", "phiên điều trần của tôi": whose, by a pronoun only — the event told of, if any
_PRONOUN_OWNER = re.compile(r"^\S+(?: \S+){0,2} của (?:tôi|họ|mình|chúng tôi|chúng ta|ông|bà|ông ấy|bà ấy|anh|chị|"
                            r"hai ông|hai bà|hai người|hai nhà lãnh đạo|hai bên|hai nước)$")
# "Bộ trưởng Văn hóa, Thể thao và Du lịch": a list of capitalised fields inside one name
_LIST_IN_NAME = re.compile(r", [%s][^\s,]*(?: [^\s,]+)?(?:, [%s][^\s,]*(?: [^\s,]+)?)* và [%s][^\s,]*(?: [%s][^\s,]*)?"
                           % (UPPER, UPPER, UPPER, LOWER))
_DATE_WORD = re.compile(r" (?:tháng|ngày|sáng|chiều|tối|trưa|hôm) ?\d"
                        r"| thứ (?:[2-7]|hai|ba|tư|năm|sáu|bảy|Hai|Ba|Tư|Năm|Sáu|Bảy) (?:tuần|này|tới|vừa)")  # a weekday  # "tháng 1/2017": a date, not a name's word
_QUOTED = re.compile(r" [“\"]([^”\"]{2,80})[”\"]")
# a body the lexicon knows, as written with its small letters: "Hội nghị mô phỏng Liên hợp quốc"
_ORG_AT = re.compile(r" (?:%s)(?![\wÀ-ỹĐđ])" % trie_alternation(
    sorted(f for f in org_surface_forms() if " " in f and f[0].isupper() and not f.istitle())))
_YEAR_AFTER = re.compile(r" (?:năm )?(?:19|20)\d\d(?![\d/.,]\d)")
_ACRONYM_AFTER = re.compile(r" \([A-Z][\w-]*(?:[ -][\w-]+){0,2}\)")
_NOT_IN_NAME = set(EVENT_STOP_WORDS) | {"như", "và", "các", "những", "nhiều", "để", "này", "đó", "của",
                                        "với", "tại", "ở", "lần", "quan trọng", "khác"}
_DAY_AFTER_NAME = re.compile(r" %s\s*\(?\d" % TIME_OF_DAY)
_BARE_WORD = re.compile(r"[0-9A-Za-zÀ-ỹĐđ]+(?:[-–][0-9A-Za-zÀ-ỹĐđ]+)*")
_PAIR_DASH = re.compile(r" ?[-–] ?(?=[%s])" % UPPER)  # the dash between the two sides of a pair, spaced or not
_ONE_CAPITAL_BEFORE = re.compile(r"(?<![\wÀ-ỹĐđ])[%s]\Z" % UPPER)  # "Á" of "Á - Âu" (not "APEC - Việt Nam …")
_CONTINENT_RE = re.compile(r" châu (?:Á|Âu|Phi|Mỹ|Đại Dương|Úc)(?: - Thái Bình Dương|-Thái Bình Dương| - Âu)?(?![\wÀ-ỹĐđ])")
ANAPHOR_AFTER = _ANAPHOR_RE = re.compile(r" (?:này|lần này|nói trên|đó|trên(?=[,.;]| (?:diễn ra|đã|được|là|cho|sẽ|vừa|của)(?![\wÀ-ỹĐđ])))(?![\wÀ-ỹĐđ])")
# After a comma a descriptive name goes on only with more of what the event is about
# ("… và triển khai phương hướng, nhiệm vụ trọng tâm năm 2026"), not with a new clause.
_CLAUSE_VERBS = ["nhấn mạnh", "khẳng định", "đề nghị", "yêu cầu", "cho biết", "chỉ đạo", "kêu gọi",
                 "tham quan", "thăm", "gặp", "làm việc", "trao đổi", "đóng góp", "thảo luận", "bàn",
                 "nhất trí", "thông qua", "ký", "chứng kiến", "phát biểu", "đánh giá", "gọi", "nói", "cho",
                 "tiếp", "hội đàm", "hội kiến", "dự", "tham dự"]
_AFTER_COMMA = EVENT_STOP_WORDS + _CLAUSE_VERBS + [
    "về phía", "thay mặt", "trong đó", "theo đó", "qua đó", "các", "những", "nhiều", "ông", "bà",
    "đồng chí", "lãnh đạo", "đại diện", "cùng với", "hai bên", "đoàn", "trên cơ sở", "căn cứ"]
# a day written after a name ends it, with the place before the day: "Đối thoại … về APEC ở Hà
# Nội sáng 16/5", "… tại Nhà Trắng hôm qua"
_DAY_AFTER = r"(?: (?:ở|tại) [^,;.()]{1,40}?)? (?:vào )?(?:[Nn]gày|[Hh]ôm|[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa)(?: nay| qua| mai| thứ| chủ nhật|\s*\(?\d{1,2}\s*[/.-]\s*\d{1,2})"
_CLAUSE_END = re.compile(r"[.;:!?()\"“”«»\[\]]| Ảnh\b|, (?=[%s])|, (?:%s)(?![\wÀ-ỹĐđ])|"
                         r" và (?=%s)| và (?:%s)(?![\wÀ-ỹĐđ])|%s"
                         % (UPPER, trie_alternation(_AFTER_COMMA),
                            trie_alternation(_HEAD_WORDS),
                            trie_alternation(_CLAUSE_VERBS), _DAY_AFTER))


@dataclass
class EventHit:
    start: int
    end: int
    head: str
    kind: str
    name: str
    mode: str  # named | descriptive | occasion | generic
    ordinal: int | None = None
    anaphoric: bool = False  # "hội nghị này", "Hội nghị Ngoại giao lần này"
    with_persons: bool = False  # the name holds persons: "buổi tiếp Bộ trưởng … Zhong Shan"
    plural: bool = False  # "các cuộc gặp với …": one event for each counterpart

    @property
    def key_words(self) -> str:
        """The name without ordinal and party words, folded: the event's identity.

        ``Đại hội XIII của Đảng``, ``Đại hội Đảng lần thứ XIII`` and ``Đại hội lần thứ XIII
        của Đảng`` all give ``dai hoi`` (the ordinal is kept apart).
        """
        base = re.sub(r"\b(?:cua )?dang(?: cong san(?: viet nam)?)?\b", " ", fold(self.name))
        base = re.sub(r" \([a-z0-9 -]+\)", " ", base)  # "(SOM ARF)", "(WEF-ASEAN)": the acronym apart
        base = re.sub(r"\b(lan thu|lan|khoa|thu) ([0-9]+|[ivxlc]+|nhat|hai|ba|tu|bon|nam|sau|bay|tam|chin|muoi)\b",
                      " ", base)
        base = re.sub(r"\s+", " ", base).strip()
        base = re.sub(r" ([0-9]{1,3}|[ivxlc]+)$", "", base)
        base = re.sub(r"(?: nam)? (?:19|20)[0-9]{2}$", "", base)  # the year apart too: see :attr:`year`
        return base.strip()

    @property
    def year(self) -> int | None:
        """The year a name ends with ("Diễn đàn … năm 2017", "APEC 2017"): part of the event's
        identity with the key words, as the ordinal is."""
        m = re.search(r"(?<![\d/-])((?:19|20)\d\d)\)?$", self.name.strip())
        return int(m.group(1)) if m else None


def _ordinal_value(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if s in WORD_ORDINALS:
        return WORD_ORDINALS[s]
    return roman_value(s)


# every word an event mention starts with, small: a sentence without one has no event
_EVENT_WORDS = sorted({h.split()[0].lower() for h in EVENT_HEADS} | {c.lower() for c in CLASSIFIERS} | {"hội", "họp"})
_EVENT_WORD_RE = re.compile(trie_alternation(_EVENT_WORDS))  # one of them anywhere (a trie: searched fast)


def find_events(text: str, person_starts: set[int] | frozenset = frozenset()) -> list[EventHit]:
    """Event mentions in one sentence, left to right, never overlapping.

    Named and descriptive events never run into a person's name ("Hội nghị … Thủ tướng X
    phát biểu"); occasions hold the persons they are about ("buổi tiếp Bộ trưởng Thương mại
    Trung Quốc Zhong Shan", "hội đàm giữa A và B", "Lễ đón Thủ tướng X và Phu nhân")."""
    out: list[EventHit] = []
    low = text.lower()
    if not _EVENT_WORD_RE.search(low):
        return out  # no head, classifier or meeting noun: a cheap look before the regexes
    for hit in sorted(_occasions(text, person_starts) + _headed(text, person_starts), key=lambda h: (h.start, -h.end)):
        if out and hit.start < out[-1].end:
            continue
        out.append(hit)
    return out


def _headed(text: str, person_starts) -> list[EventHit]:
    out: list[EventHit] = []
    for m in HEAD_RE.finditer(text):
        if out and m.start() < out[-1].end:
            continue
        head = m.group(1)
        if head.lower() == "đại hội" and text.startswith(" đồng", m.end()):
            continue  # "Đại hội đồng Liên Hợp Quốc" is a body, not a congress
        if head.lower() == "diễn đàn" and _ONLINE_FORUM_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            continue  # "trên diễn đàn Medium", "thành viên diễn đàn …", "Theo …/Diễn đàn DN": a website, a paper
        kind = EVENT_HEADS.get(head[0].upper() + head[1:], "event")
        hit = _read_event(text, m.start(), m.end(), head, kind)
        wm = _WELCOME_RE.match(text, m.end()) if hit and hit.kind == "ceremony" else None
        if wm:
            end = _occasion_end(text, m.end(), person_starts)  # "Lễ đón Thủ tướng Nguyễn Xuân Phúc và Phu nhân"
            mode = "occasion" if end > wm.end() + 1 else "generic"
            hit = EventHit(m.start(), end, head, kind, _clean_name(text[m.start():end]), mode,
                           with_persons=True)
            out.append(hit)
            continue
        if hit and person_starts:
            cut = [p for p in person_starts if hit.start < p < hit.end]
            if cut:
                c = min(cut)
                name = text[hit.start:c].rstrip(" ,")
                if hit.mode == "named" and name.strip() == head:
                    hit.mode, hit.name, hit.end = "generic", head, hit.start + len(head)
                else:
                    hit.name, hit.end = _clean_name(name), hit.start + len(name)
        if hit and hit.mode != "generic" and _PRONOUN_OWNER.match(hit.name):
            hit.mode, hit.anaphoric = "generic", True  # "phiên điều trần của tôi"
        if hit:
            out.append(hit)
    return out


def _read_event(text: str, start: int, pos: int, head: str, kind: str) -> EventHit | None:
    n = len(text)
    if kind == "part":
        if HEAD_RE.match(text, pos + 1):
            return None  # "Lễ khai mạc Hội nghị …": the event is the one named next
        anaphoric = bool(_ANAPHOR_RE.match(text, pos))
        return EventHit(start, pos, head, kind, text[start:pos], "generic", None, anaphoric)
    if kind == "session":
        end = _clause_end(text, pos)
        tm = re.match(r" (?:sáng|chiều|tối|trưa)(?=\s*\(?\d)", text[pos:])
        if tm and end == pos:  # "phiên họp chiều 8/6": the afternoon's sitting, its day apart
            end = pos + tm.end()
            return EventHit(start, end, head, kind, _clean_name(text[start:end]), "descriptive")
        if end - pos > 3 and not _STOP_RE.match(text, pos) and _SESSION_NEXT.match(text, pos):
            name = _clean_name(text[start:end])
            om = _ORDINAL_RE.search(text, pos, end)
            return EventHit(start, end, head, kind, name, "descriptive",
                            _ordinal_value(om.group(1)) if om else None)
        anaphoric = bool(_ANAPHOR_RE.match(text, pos))
        return EventHit(start, _ANAPHOR_RE.match(text, pos).end() if anaphoric else pos, head,
                        kind, text[start:pos], "generic", None, anaphoric)
    if _DATE_WORD.match(text, pos):  # "cuộc họp thứ 5 tuần trước", "cuộc họp sáng 27/6": no name, a day
        return EventHit(start, pos, head, kind, text[start:pos], "generic", None, False)
    wm = _WITH_RE.match(text, pos)
    if wm and kind in ("seminar", "dialogue", "conference", "forum") and (
            kind != "dialogue" or "bàn tròn" in wm.group(0)):
        end = _occasion_end(text, pos)
        name = _clean_name(text[start:end])
        if end > wm.end():
            return EventHit(start, end, head, kind, name, "descriptive")
    # "Lễ" and "Hội thảo" only with what they do: "Lễ mở ký …", "Lễ kỷ niệm …"
    desc = _DESCRIPTOR_RE.match(text, pos)
    if desc and desc.group(1) in ("khai mạc", "bế mạc") and head[0] not in "Ll" and text[start].islower():
        return EventHit(start, pos, head, kind, text[start:pos], "generic", None, False)  # "diễn đàn khai mạc": it opened
    nxt = _WORD_RE.match(text, pos)
    if head[0] in "Ll" and not (desc or (nxt and nxt.group(1)[0].isupper())):
        return None
    if nxt and (nxt.group(1)[0].isupper() or nxt.group(1)[0].isdigit()) and not desc:
        named = _read_named(text, start, pos, head, kind)
        if named and named.mode == "named" and _capital_then_description(text, pos, named.end):
            end = _clause_end(text, pos)
            vm = _VERB_START.search(text, named.end, end)
            end = vm.start() if vm else end  # "Hội nghị Trung ương bàn về …"
            end = start + len(text[start:end].rstrip(" ,"))
            return EventHit(start, end, head, kind, _clean_name(text[start:end]), "descriptive")
        return named
    if nxt and not desc and (_LOWER_PHRASE_RE.match(text, pos) or _ORDINAL_RE.match(text, pos)):
        named = _read_named(text, start, pos, head, kind)
        if named and named.mode == "named":
            return named
    if desc:
        end = _clause_end(text, pos)
        end = start + len(text[start:end].rstrip(" ,"))  # the end as written, quotes and all
        name = _clean_name(text[start:end])
        words = name.split()
        tail = _ANAPHOR_TAIL.search(name) or _PRONOUN_OWNER.match(name)
        if tail and tail.re is _PRONOUN_OWNER:
            return EventHit(start, end, head, kind, name, "generic", None, True)
        if tail:  # "lễ ra mắt trên là …": the ceremony told of before
            name = name[:tail.start()]
            return EventHit(start, start + len(name), head, kind, name, "generic", None, True)
        if len(words) - len(head.split()) < 3 and not re.search(r"\d", name):
            # "Lễ ký kết", "hội nghị triển khai": too little to tell one event from another
            return EventHit(start, end, head, kind, name, "generic", None,
                            bool(_ANAPHOR_RE.match(text, end)))
        if len(words) > 40:
            name = " ".join(words[:40])
            end = start + len(name)
        ordinal = None
        om = _ORDINAL_RE.search(name)
        if om:
            ordinal = _ordinal_value(om.group(1))
        return EventHit(start, end, head, kind, name, "descriptive", ordinal)
    lm = _LOWER_THEN_PROPER.match(text, pos)
    if lm and _DATE_WORD.search(text, pos, lm.end(1) + 3):
        lm = None  # "cuộc họp báo sáng 27/6": the day it met, not a name
    if lm and not _STOP_RE.match(text, pos) and not _VERB_START.match(lm.group(1)) and not any(
            w in _NOT_IN_NAME - ({"các"} if (lm.group(1) + " ").startswith(" các ") else set()) for w in lm.group(1).split()):
        named = _read_named(text, start, lm.end(1), head, kind)
        if named and named.mode == "named" and named.end > lm.end(1) and (
                lm.group(1) != " các" or named.ordinal is not None or named.name.endswith(")")):
            return named  # "Hội nghị các Bộ trưởng Ngoại giao ASEAN lần thứ 50", not "Hội nghị các Bộ" of "… Bộ trưởng phụ trách …"
    sm = _SMALL_THEN_ORDINAL.match(text, pos)
    if sm and not any(w in _NOT_IN_NAME for w in sm.group(1).split()) and not _VERB_START.match(text, pos) \
            and not _STOP_RE.match(text, pos):
        # "Hội nghị hiệp thương lần hai bầu cử …": a description made one event by its ordinal
        end = _clause_end(text, pos)
        vm = _VERB_START.search(text, sm.end(), end)
        end = vm.start() if vm else end
        end = start + len(text[start:end].rstrip(" ,"))
        om = _ORDINAL_RE.match(text, sm.end(1))
        return EventHit(start, end, head, kind, _clean_name(text[start:end]), "descriptive",
                        _ordinal_value(om.group(1)) if om else None)
    anaphoric = bool(_ANAPHOR_RE.match(text, pos))
    end = pos
    if anaphoric:
        end = _ANAPHOR_RE.match(text, pos).end()
    return EventHit(start, end, head, kind, text[start:pos], "generic", None, anaphoric)


# ----------------------------------------------------------------------------- occasions
_WELCOME_RE = re.compile(r" (?:đón|tiếp đón|chào mừng|đón tiếp)(?: chính thức| trọng thể| cấp nhà nước| long trọng)?(?![\wÀ-ỹĐđ])")
_OCCASION_NOUNS = alternation(OCCASIONS)
# "cuộc hội đàm", "buổi tiếp", "các cuộc gặp", "vòng đàm phán tiếp theo", "Cuộc gặp cấp cao giữa …"
_OCCASION_RE = re.compile(r"(?<![\wÀ-ỹĐđ])(?:(các|những|hai|ba|một) )?(%s) (%s)(?![\wÀ-ỹĐđ])"
                          % (alternation(CLASSIFIERS), _OCCASION_NOUNS))
# a noun of meeting without a classifier, when what follows makes it one occasion:
#   "hội đàm giữa A và B", "họp báo chung của …", "họp báo thường kỳ", "Hội đàm với Tổng thống …"
_BARE_OCCASION_RE = re.compile(r"(?<![\wÀ-ỹĐđ])(hội đàm|hội kiến|họp báo|Hội đàm|Hội kiến|Họp báo)"
                               r"(?= (?:giữa|chung|thường kỳ|với|của|ở|tại) )")
_OCC_STOP = re.compile(r"[;:!?()\"“”«»]|(?<!\bJr)(?<![ .][A-Z])\.| (?:đã|sẽ|đang|vừa|diễn ra|được|kéo dài|nhằm|để|khi|thì|mà|là|"
                       r"có|cho|sau khi|trước khi|sau đó|ngày|sáng|chiều|tối|trưa|hôm|vào|trong|cũng|tháng|"
                       r"nhưng|từ|đến|tới|rằng|về việc|thảo luận|trao đổi|bàn|nhất trí|khẳng định|"
                       r"nhấn mạnh|đánh giá|cho biết|hai bên|hai nhà|tiếp tục|lần này|này|nói trên|"
                       r"vừa qua|tới đây|sắp tới|bên lề|cùng|do|dưới|bắt đầu|kết thúc|trước|nên|thì|dự kiến|Ảnh|"
                       r"rất|khá|vô cùng|hết sức|tập trung|nói trên|nếu|như|nên|hò hét|hồi|cần|không|chỉ|mang|"
                       r"Đây|Đó|Vào|phải|vẫn|luôn|đều|nhiều lúc|có thể|kể từ)(?![\wÀ-ỹĐđ])|(?<!trù)(?<!chuẩn) bị(?![\wÀ-ỹĐđ])"
                       r"| trên(?=[,.;]| (?:diễn ra|đã|được|là|cho|sẽ|vừa|của)(?![\wÀ-ỹĐđ]))"
                       r"| (?:vào )?thứ (?:[2-7]|hai|ba|tư|năm|sáu|bảy|Hai|Ba|Tư|Năm|Sáu|Bảy) (?=tuần|này|tới|vừa)"
                       r"| theo (?:lời|kế hoạch|chương trình|đề nghị|đó|thông lệ)(?![\wÀ-ỹĐđ])"
                       r"| nhân (?:dịp|chuyến|sự kiện)(?![\wÀ-ỹĐđ])")
_OCC_AND = re.compile(r" và (?![%s]|Phu nhân|phu nhân)| (?:%s) " % (UPPER, alternation(
    {"hội nghị", "lễ", "diễn đàn", "hội thảo", "tọa đàm"})))
_TITLE_START = re.compile(r"(?:Chủ tịch|Bộ trưởng|Thủ tướng|Tổng|Phó|Đại sứ|Giám đốc|Ủy viên|Thứ trưởng|"
                          r"Trưởng|Người|Đặc|Cố vấn|Ngoại trưởng)")
_OCC_FAMILY = {"hội đàm": "talks", "hội kiến": "talks", "gặp": "talks", "gặp gỡ": "talks",
               "gặp mặt": "talks", "gặp riêng": "talks", "tiếp xúc": "talks", "nói chuyện": "talks",
               "tiếp": "reception", "họp báo": "press", "đàm phán": "negotiation",
               "hòa đàm": "negotiation", "điều trần": "hearing", "họp": "meeting",
               "thảo luận": "meeting", "làm việc": "work", "đối thoại": "dialogue", "giao lưu": "meeting"}


def _occasions(text: str, person_starts: set[int] | frozenset = frozenset()) -> list[EventHit]:
    out: list[EventHit] = []
    for m in list(_OCCASION_RE.finditer(text)) + list(_BARE_OCCASION_RE.finditer(text)):
        noun = (m.group(3) if m.re is _OCCASION_RE else m.group(1)).lower()
        start = m.start(2) if m.re is _OCCASION_RE else m.start()
        plural = m.re is _OCCASION_RE and m.group(1) in ("các", "những", "hai", "ba")
        kind = _OCC_FAMILY.get(noun, "meeting")
        if noun == "làm việc":
            continue  # "các buổi làm việc": visits' working sessions, not occasions
        tail = text[m.end():m.end() + 12]
        if noun == "tiếp" and not re.match(r" (?:ông |bà |ngài |đoàn |các |Đoàn )?[%s]" % UPPER, tail):
            anaphoric = bool(_ANAPHOR_RE.match(text, m.end()))
            out.append(EventHit(start, m.end(), noun, kind, text[start:m.end()], "generic", None, anaphoric))
            continue  # "Tại buổi tiếp, …": the reception the article tells of
        end = _occasion_end(text, m.end(), person_starts)
        comma = text.find(", ", m.end(), end)
        if comma > 0 and _OPENER_BEFORE.match(text, 0, start) and not any(m.end() < p < comma for p in person_starts):
            end = comma  # "Sau cuộc tiếp Thị trưởng Rotterdam, Thủ tướng … đã …": the opening phrase ends at its comma
        if noun in ("họp", "họp báo", "thảo luận") and _HONORIFIC_AFTER.match(text, m.end()):
            end = m.end()  # "chủ trì cuộc họp ông X, Giám đốc Sở …": X chaired it; no meeting with X
        name = _clean_name(text[start:end])
        if plural and not any(m.end() < p < end for p in person_starts):
            end = m.end()  # "các cuộc gặp gỡ, tiếp xúc", "các cuộc gặp của nhóm G7": no one occasion
        if end == m.end() or _PRONOUN_OWNER.match(name) or _UNNAMED_SIDES.search(name) \
                or re.fullmatch(r"\S+ \S+(?: \S+)?", name):
            # "cuộc họp riêng", "cuộc gặp thượng đỉnh", "cuộc gặp giữa 2 bên": whose is not said
            anaphoric = bool(_ANAPHOR_RE.match(text, m.end()))
            out.append(EventHit(start, m.end(), noun, kind, name, "generic", None, anaphoric, plural=plural))
            continue
        ordinal = None
        om = _ORDINAL_RE.search(name)
        if om:
            ordinal = _ordinal_value(om.group(1))
        out.append(EventHit(start, end, noun, kind, name, "occasion", ordinal, with_persons=True, plural=plural))
    return out


def _list_goes_on(text: str, at: int, limit: int) -> bool:
    """"với A, Thủ tướng B, Chủ tịch C và D": a list of the other side goes on to its "và"
    before any verb; "cuộc gặp A, Tổng thống B nhấn mạnh …" is a new clause."""
    m = _OCC_STOP.search(text, at, limit)
    return " và " in text[at:m.start() if m else limit]


def _occasion_end(text: str, pos: int, person_starts: set[int] | frozenset = frozenset()) -> int:
    """Where an occasion's description ends: at punctuation, a verb, a time, a new clause;
    it runs through "giữa A và B", "với …", "của …", titles and names, and a place written
    with a capital ("cuộc họp báo ở Washington"); an apposition after a name stays in
    ("buổi tiếp ông Kim Lập Quần, Chủ tịch Ngân hàng … (AIIB)")."""
    end = pos
    limit = min(len(text), pos + 220)
    while end < limit:
        m = _OCC_STOP.search(text, end, limit)
        stop = m.start() if m else limit
        if m and text[m.start()] in "“\"" and _QUOTE_TITLE.search(text[max(0, m.start() - 20):m.start()]):
            close = re.compile(r"[”\"]").search(text, m.start() + 1, limit)
            if close:
                end = close.end()  # "hội thảo với chủ đề “Cơ hội và thách thức …”": the title ends it
                break
        if m and text[m.start()] == "(" and not _COMMA_CLAUSE.search(text, end, m.start()):
            pm = re.compile(r"\([%s][\w&. -]{0,20}\)" % UPPER).match(text, m.start())
            if pm:
                end = pm.end()  # "(SOM ARF)", "(AIIB)"
                continue
        seg = text[end:stop]
        am = _OCC_AND.search(seg)
        if am and am.group(0) == " và " and re.search(r"(?<![\wÀ-ỹĐđ])giữa ", text[pos:end + am.start()]) \
                and " và " not in text[text.find("giữa ", pos):end + am.start()]:
            am = _OCC_AND.search(seg, am.end())  # "giữa đại diện Bộ A và đại diện Bộ B": both sides
        if am:
            stop = end + am.start()  # "Lễ đón X và cuộc hội đàm …": another occasion, a verb
            seg = text[end:stop]
        comma = seg.find(", ")
        if comma >= 0:
            after = text[end + comma + 2:end + comma + 40]
            before = seg[:comma].rstrip()
            at = end + comma + 2
            if before and before.split()[-1][:1].isupper() and comma < 80 and _TITLE_START.match(after) \
                    and (not any(at < p < at + 80 for p in person_starts) or _list_goes_on(text, at, limit)):
                end = at  # an apposition after the name (but "…, Tổng thống Mỹ Donald Trump nhấn mạnh" is the next clause)
                continue
            stop = end + comma
        end = stop
        break
    words = text[pos:end].split()
    while words and words[-1] in ("và", "với", "của", "giữa", "tại", "ở", "về", "các", "những", "sau"):
        words.pop()
    out = pos + len(" ".join([""] + words)) if words else pos
    # a sentence glued on without its full stop ("… buổi họp báo Liên quan đến …") ends it
    gm = _GLUED_OPENER.search(text, pos, out)
    if gm:
        out = gm.start()
    # a place with a small first word ("tại sân bay …") is left out; a capitalised one stays
    tm = re.search(r" (?:tại|ở) ([a-zà-ỹđ]\S*)", text[pos:out])
    if tm:
        out = pos + tm.start()
    return out


# What makes "phiên họp …" a name: "phiên họp thứ nhất của …", "phiên thảo luận mở về …"
_SESSION_NEXT = re.compile(r" (?:thứ|lần|của|về|mở|bầu|chung|toàn thể|chuyên đề|thường kỳ|định kỳ|sáng|chiều|tối|"
                           r"thường niên|cấp cao|trực tuyến|[%s0-9])" % UPPER)
_QUOTE_TITLE = re.compile(r"(?:chủ đề|thông điệp|khẩu hiệu|tên gọi|với tên|tựa đề)\s*:?\s*$")


def _clause_end(text: str, pos: int) -> int:
    """Where a descriptive name ends. Quotes around a document's title stay inside the name
    (``Đề án “Tổng kết 10 năm …”``); quotes after ``chủ đề`` end it."""
    while True:
        end = len(text)
        m = _CLAUSE_END.search(text, pos)
        if m:
            end = m.start()
        m = _stop_at(text, pos, end)
        if m:
            end = m.start()
        if end < len(text) and text[end] in "“”\"«»" and not _QUOTE_TITLE.search(text[max(0, end - 20):end]):
            pos = end + 1
            continue
        lm = _LIST_IN_NAME.match(text, end) if text.startswith(", ", end) else None
        if lm and any(w[:1].isupper() for w in text[max(0, end - 24):end].split()[-2:]):
            pos = lm.end()  # "… Bộ trưởng Văn hóa, Thể thao và Du lịch …"
            continue
        return end


def _stop_at(text: str, pos: int, limit: int) -> re.Match | None:
    """The first stop word between ``pos`` and ``limit`` that is not part of a compound word
    ("hàng không", "đối với", "song phương")."""
    for m in _STOP_RE.finditer(text, pos, limit):
        word = m.group(0)[1:]
        before = text[text.rfind(" ", 0, m.start()) + 1:m.start()]
        nxt = _WORD_RE.match(text, m.end())
        if f"{before} {word}" in EVENT_STOP_COMPOUNDS or (
                nxt and f"{word} {nxt.group(1)}" in EVENT_STOP_COMPOUNDS):
            continue
        if word == "ngày" and nxt and nxt.group(1)[0].isupper():
            continue  # "Lễ kỷ niệm 70 năm ngày Thương binh liệt sĩ": a day's name, not a date
        return m
    return None


def _capital_then_description(text: str, pos: int, end: int) -> bool:
    """"Hội nghị Hệ sinh thái các đối tác …": one capitalised syllable after the head, then
    the description goes on in small letters — a description written with a capital, not a
    name that ends at "Hệ"."""
    words = text[pos:end].split()
    nxt = _WORD_RE.match(text, end)
    return (len(words) == 1 and is_syllable(words[0]) and not words[0].isupper()
            and nxt is not None and nxt.group(1).islower() and is_syllable(nxt.group(1))
            and nxt.group(1) not in _NOT_IN_NAME and not _STOP_RE.match(text, end)
            and not _VERB_START.match(text, end))


def _clean_name(name: str) -> str:
    name = re.sub(r"[“”\"«»]", "", name)
    name = re.sub(r"\s+", " ", name).strip(" ,")
    return _DANGLING.sub("", name)  # "… “Vành đai và con đường” của": a small word left hanging


def _read_named(text: str, start: int, pos: int, head: str, kind: str) -> EventHit | None:
    end = pos
    proper = False
    ordinal = None
    prev_cap = False
    lower_name = False
    about = ord_end = -1
    while True:
        om = _ORDINAL_RE.match(text, end)
        if om and ordinal is None:
            ordinal = _ordinal_value(om.group(1))
            end = ord_end = om.end()
            prev_cap = False
            continue
        bm = _BARE_NUMBER_RE.match(text, end)
        if bm and ordinal is None and (proper or lower_name or bm.group(1).isalpha()):
            ordinal = _ordinal_value(bm.group(1))
            end = bm.end()
            prev_cap = False
            continue
        if text.startswith(" của Đảng", end):
            end += len(" của Đảng")
            pm = re.match(r" Cộng sản(?: [%s][\wÀ-ỹĐđ]*){1,3}" % UPPER, text[end:])
            if pm:
                end += pm.end()  # "Đại hội 19 của Đảng Cộng sản TQ"
            break
        dm = _PAIR_DASH.match(text, end) if end > pos and text[end - 1] != " " else None
        if dm and (prev_cap or _ONE_CAPITAL_BEFORE.search(text, max(0, end - 2), end)):  # "Mỹ - Triều", "Việt -Nhật", "Á - Âu"
            wm = _BARE_WORD.match(text, dm.end())
            if wm:
                end = wm.end()
                prev_cap = True
                continue
        qm = _QUOTED.match(text, end)
        if qm and (proper or lower_name or end == pos or prev_cap is False):
            end = qm.end()  # "Diễn đàn cấp cao hợp tác quốc tế “Vành đai và Con đường”"
            proper = True
            prev_cap = False
            continue
        if proper:
            ym = _YEAR_AFTER.match(text, end) or _ACRONYM_AFTER.match(text, end)
            if ym:
                end = ym.end()  # "Hội nghị Cấp cao APEC 2017", "Diễn đàn … ASEAN (WEF-ASEAN)"
                continue
        om = _ORG_AT.match(text, end)
        if om and (proper or lower_name or end == pos):
            end = om.end()
            proper = True
            prev_cap = False
            continue
        wm = _WORD_RE.match(text, end)
        if not wm:
            break
        w = wm.group(1)
        if ordinal is not None and not w[0].isupper() and not prev_cap:
            lm = _LOWER_THEN_PROPER.match(text, end)
            if lm and not _STOP_RE.match(text, end) and not any(x in _NOT_IN_NAME - {"các"} for x in lm.group(1).split()) \
                    and not _VERB_START.match(lm.group(1)):
                end = lm.end(1)  # "Hội nghị lần thứ hai các quan chức cao cấp (SOM2) Diễn đàn …"
                proper = True
                continue
            break  # "Hội nghị lần thứ 8 bàn về …"; but "… lần thứ XIV Đảng Cộng sản Việt Nam"
        if w[0].isupper() or (w[0].isdigit() and not proper and re.fullmatch(r"[0-9A-Z]+", w)):
            if w in _OPENER_WORDS:
                break  # "Hội nghị Theo Sở …": a new sentence glued on, not the name
            end = wm.end()
            proper = True
            prev_cap = not w.isupper()
            continue
        if _DAY_AFTER_NAME.match(text, end) or _DATE_WORD.match(text, end):
            break  # "… Việt Nam – Tây Ban Nha sáng 24/5": the day it met, not its name
        if prev_cap and not _STOP_RE.match(text, end) and w not in ("và", "của", "về", "với"):
            run = _small_words_then_proper(text, wm.end())
            if run:
                end = run  # "Diễn đàn Kinh tế thế giới về ASEAN", "Mặt trận Tổ quốc ba nước Việt Nam"
                prev_cap = False
                continue
            nx = _WORD_RE.match(text, wm.end())
            if not nx or not nx.group(1)[0].islower() or _LOWER_PHRASE_RE.match(text, wm.end()) \
                    or _STOP_RE.match(text, wm.end()) or _ORDINAL_RE.match(text, wm.end()):
                end = wm.end()  # "Cộng sản Việt Nam", "Hội nghị Ngoại giao lần thứ 31"
                prev_cap = False
                continue
            break
        if proper and w == "về" and re.match(r" [%s]" % UPPER, text[wm.end():wm.end() + 2]):
            end = about = wm.end()  # "Hội thảo ARF về Gìn giữ hòa bình"
            prev_cap = False
            continue
        if proper and w == "về" and about < 0 and _SUBJECT_AFTER.match(text, wm.end()):
            clause = _clause_end(text, wm.end())
            vm = _VERB_START.search(text, wm.end(), clause)
            end = start + len(text[start:vm.start() if vm else clause].rstrip(" ,"))
            break  # "Hội thảo APEC về thương mại và sáng tạo": what it is about, in small letters
        cm = _CONTINENT_RE.match(text, end)
        if cm:  # "Diễn đàn Kinh tế châu Á - Thái Bình Dương"
            end = cm.end()
            prev_cap = False
            proper = True
            continue
        lp = _LOWER_PHRASE_RE.match(text, end)
        if lp:
            end = lp.end()
            prev_cap = False
            lower_name = True
            continue
        break
    last = text.rfind(" ", start, end) + 1
    if about < 0 and last - 1 == ord_end and _capital_then_description(text, last - 1, end):
        about = last - 1  # "Hội nghị lần thứ 8 Ủy ban công tác liên hợp …": the owner written with one capital
    if about > 0 and _capital_then_description(text, about, end):
        # "Đối thoại APEC 2017 về Đô thị hóa bền vững": the subject after "về" is written with
        # one capital, then goes on in small letters to the end of its clause (or its first comma)
        clause = _clause_end(text, end)
        comma = text.find(", ", end, clause)
        clause = comma if comma > 0 else clause
        vm = _VERB_START.search(text, end, clause)
        end = start + len(text[start:vm.start() if vm else clause].rstrip(" ,"))
    if not proper and ordinal is None:
        return None
    name = text[start:end]
    if not proper and kind not in ("congress",) and not re.search(r"(?:ngoại giao|ngoại vụ|đối ngoại)", name, re.I):
        # "hội nghị lần thứ 5" alone says too little to be a name
        if ordinal is None:
            return None
    anaphoric = bool(_ANAPHOR_RE.match(text, end)) and ordinal is None
    return EventHit(start, end, head, kind, name, "named", ordinal, anaphoric)


# ----------------------------------------------------------------------------- dates
# "Ngày 25/1, …", "Chiều 29-12, …", "Sáng 15/12, …", "Tối 3/8/2024, …", "Sáng nay (20/12), …"
# "Trong hai ngày 15 và 16/9, …", "Từ ngày 9 đến 11/10, …", "Trong các ngày 15-16/9, …"
SENTENCE_RANGE = re.compile(
    r"^(?:[^,.;:()]{0,60}, )?(?:[Tt]rong (?:hai|ba|bốn|năm|các) ngày|[Tt]ừ ngày|[Cc]ác ngày|[Nn]gày) (\d{1,2})"
    r"(?:\s*[/.-]\s*(\d{1,2}))?\s*(?:và|-|–|đến|tới)\s*(?:ngày )?(\d{1,2})\s*[/.-]\s*(\d{1,2})"
    r"(?:\s*[/.-]\s*(\d{4}))?(?![\d/])")
SENTENCE_DATE = re.compile(
    r"^[*•–-]?\s*(?:[^,.;:()]{0,60}, )?(?:[Vv]ào |[Tt]rong |[Kk]hoảng [^,]{1,12} )?%s(?: nay| qua| mai| sớm)?\s*\(?(?:ngày )?(\d{1,2})\s*[/.-]\s*(\d{1,2})"
    r"(?:\s*[/.-]\s*(\d{4}))?\)?(?![\d/])" % TIME_OF_DAY)
# a time and a date inside a sentence: "Chủ tịch nước Trần Đại Quang chiều 11-5 đã tiếp …"
ANY_DATE = re.compile(r"(?<![\wÀ-ỹĐđ])(?:sáng|chiều|tối|trưa|ngày|hôm)(?: nay| qua| sớm)?\s*\(?(\d{1,2})(?:\s*[-–]\s*\d{1,2})?"
                      r"\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*((?:19|20)\d\d))?\)?(?![\d/]|[.,]\d)")
# "… diễn ra vào ngày 4-5/2", "… được tổ chức từ ngày 12/11/2025": the date of the event before
HELD_ON = re.compile(r"(?<![\wÀ-ỹĐđ])(?:diễn ra|được tổ chức|tổ chức|khai mạc|họp)\s+(?:vào |trong |từ )?(?:các )?"
                     r"(?:ngày\s+|hôm\s+)?(\d{1,2})(?:\s*[-–]\s*\d{1,2})?\s*[/.-]\s*(\d{1,2})"
                     r"(?:\s*[/.-]\s*((?:19|20)\d\d))?(?![\d/]|[.,]\d)")
# "Cùng ngày, …", "Chiều cùng ngày, …": the day the article told last
SAME_DAY = re.compile(r"^(?:[^,.;:()]{0,40}, )?(?:(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa) )?(?:[Cc]ùng ngày|[Cc]ũng trong ngày|[Tt]rong ngày)(?: hôm nay)?(?![\wÀ-ỹĐđ])")
# "vào cuối năm 2017", "trong năm 2018" after an event
YEAR_AFTER = re.compile(r"\s*,?\s*(?:diễn ra |tổ chức |sẽ diễn ra |dự kiến |tại [^,.;]{1,30} )*(?:vào |trong )"
                        r"(?:(?:đầu|giữa|cuối) )?năm ((?:19|20)\d\d)(?!\d)")
# "vào tháng 11", "trong tháng 8/2017", "tháng 11 tới" after an event
MONTH_AFTER = re.compile(r"\s*,?\s*(?:diễn ra |tổ chức |sẽ diễn ra |dự kiến |tại [^,.;]{1,30} )*(?:vào |trong )?tháng (\d{1,2})"
                         r"(?:\s*[/-]\s*((?:19|20)\d\d)|(?: năm ((?:19|20)\d\d)))?(?!\d)")
# "(từ 21 - 26/8)", "(21/8)", "từ ngày 21 đến 26/8/2016", "ngày 14/12/2021", "(ngày 5-6/9)"
INLINE_DATE = re.compile(
    r"(?:\s*\([A-Z0-9][\w\s-]{0,20}\))?(?: (?:diễn ra|được tổ chức|tổ chức) tại [^,.;()]{2,40}(?:, [" + UPPER + r"][^,.;()]{1,25})?,)?"
    r",?\s*\(?\s*(?:diễn ra |được tổ chức |tổ chức )?(?:vào |trong )?(?:từ |trong )?(?:các )?(?:ngày\s+)?"
    r"(\d{1,2})(?:\s*[/.-]\s*(\d{1,2}))?(?:\s*[/.-]\s*(\d{4}))?\s*(?:-|–|đến|tới)\s*(?:ngày\s+)?"
    r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?\s*\)?"
    r"|\s*\(?\s*(?:diễn ra |được tổ chức |tổ chức )?(?:vào )?(?:ngày\s+)(\d{1,2})\s*[/.-]\s*(\d{1,2})"
    r"(?:\s*[/.-]\s*(\d{4}))?\s*\)?"
    r"|\s*\((\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?\)")
# "tại Hà Nội", "tại Trung tâm Hội nghị Quốc gia" (not "tại điểm cầu …", "tại hội nghị")
LOCATION = re.compile(r"(?:^|[\s,])tại ((?:(?:trụ sở|thủ đô|thành phố|tỉnh|hội trường|khách sạn) )?(?:[%s][\wÀ-ỹ]*)(?: (?:[%s][\wÀ-ỹ]*|[%s][\wÀ-ỹ]*))*)"
                      % (UPPER, UPPER, LOWER))
# "Tháng 10/2009, …", "Năm 2020, …": the year a sentence speaks of
SENTENCE_YEAR = re.compile(r"^(?:[Tt]háng \d{1,2}[/-]|[Nn]ăm |[Tt]rong năm |[Nn]gày \d{1,2}[/-]\d{1,2}[/-])((?:19|20)\d\d)\b")
_LOCATION_TRIM = re.compile(r" (?:[%s][\wÀ-ỹ]*)(?: .*)?$" % LOWER)


_NOT_PLACE_WORDS = {"và", "của", "với", "về", "ngày", "sáng", "chiều", "tối", "trưa", "năm", "tháng",
                    "để", "khi", "thì", "đã", "sẽ", "là", "có", "được", "trong", "từ", "đến"}


def valid_md(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def location_in(text: str) -> str | None:
    """The place written as ``tại …`` in a sentence, if it names one."""
    for m in LOCATION.finditer(text):
        if text[m.end(1):m.end(1) + 1] == "" and False:
            continue
        words = m.group(1).split(" ")
        if words[0] in ("trụ", "thủ", "thành", "tỉnh", "hội", "khách") and len(words) > 2:
            words = [words[0] + " " + words[1]] + words[2:]
        out = [words[0]]
        for w in words[1:]:
            if w[0].isupper() or (out[-1][0].isupper() and len(out) < 6 and w not in _NOT_PLACE_WORDS
                                  and " ".join(out) not in PLACE_WORDS):
                out.append(w)
            else:
                break
        while out and not out[-1][0].isupper():
            # keep a last lower-case syllable only when it completes a word: "Trung tâm"
            if len(out) >= 2 and out[-2][0].isupper():
                break
            out.pop()
        place = " ".join(out)
        if not place or HEAD_RE.match(text, m.start(1)) or place.split()[0] in ("Việt",) and len(out) == 2 and False:
            continue
        return place
    return None
