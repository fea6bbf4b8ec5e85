"""Persons and the offices they hold, from how Vietnamese news writes them.

Three shapes, all from structure and never from a list of names:

* title chain before the name — ``Ủy viên Bộ Chính trị, Phó Thủ tướng Thường trực Chính
  phủ Phạm Bình Minh``; ``Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn``;
* honorific and apposition — ``đồng chí Phạm Bình Minh, Ủy viên Bộ Chính trị, Phó Thủ
  tướng, Bộ trưởng Ngoại giao``;
* foreign leaders after a title and a country — ``Tổng Thư ký Liên Hợp Quốc António Guterres``.

A Vietnamese full name is two to four capitalised syllables starting with a family name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kg.extract.lexicon import (COUNTRIES, FOREIGN_CAPABLE, HONORIFICS, IMPLIED_ORG, WRITTEN_WITH_ORG,
                                SELF_CONTAINED, org_surface_forms,
                                MINISTRY_SHORT, ORG_KIND_WORDS, ORGANIZATIONS, PLACE_WORDS,
                                RANKS, SURNAMES, TITLE_HEADS, TITLE_LOWER_WORDS, fix_tones)
from kg.text import LOWER, UPPER, phrase_regex

TITLE_RE = phrase_regex(TITLE_HEADS)
_HONORIFIC_ANY = re.compile(r"(?:^|[\s,;:(])(?:%s) [%s]" % ("|".join(map(re.escape, HONORIFICS)), UPPER))
_HONORIFIC_END = re.compile(r"(?:^|[\s,;:(])(?:%s)\s*$" % "|".join(map(re.escape, HONORIFICS)))
_NATION_NAMES = sorted({n for k, v in COUNTRIES.items() for n in [k, *v] if n[0].isupper()},
                       key=len, reverse=True)
_ORG_FORMS = org_surface_forms()
_INTL_NAMES = sorted({f for f, n in _ORG_FORMS.items() if ORGANIZATIONS[n][0] == "international" and f[0].isupper()},
                     key=len, reverse=True)
_HOME_ORGS = sorted({f for f, n in _ORG_FORMS.items() if ORGANIZATIONS[n][0] != "international"
                     and len(f.split()) >= 3 and f[0].isupper()}
                    | {f"Bộ {m}" for m in MINISTRY_SHORT} | set(MINISTRY_SHORT), key=len, reverse=True)
_FOREIGN_QUALIFIERS = frozenset(n for n in _NATION_NAMES + _INTL_NAMES if n != "Việt Nam")
_QUALIFIERS = tuple(sorted(set(_NATION_NAMES + _INTL_NAMES + _HOME_ORGS), key=len, reverse=True))
_QUALIFIER_RE = re.compile(r"(?:%s)(?![\w])" % "|".join(map(re.escape, _QUALIFIERS)))
# "khóa 77", "lần thứ 2", "nhiệm kỳ 2020-2025" after a body: "Chủ tịch Đại hội đồng LHQ khóa 77"
_TERM_AFTER = re.compile(r" (?:khóa|khoá|lần thứ|nhiệm kỳ) [0-9IVXLC]+(?:\s*[-–]\s*[0-9]+)?(?![\w])")
_ORG_KIND_PREV = {w.split()[-1] for w in ORG_KIND_WORDS}
_CAP_AFTER = re.compile(f" ([{UPPER}])")
_WORD_AT = re.compile(r"[0-9A-Za-zÀ-ỹĐđ]+(?:-[0-9A-Za-zÀ-ỹĐđ]+)*")
_FOREIGN_NAME = re.compile(f" ((?:[{UPPER}][\\wÀ-ỹ'’.-]*)(?: [{UPPER}][\\wÀ-ỹ'’.-]*){{0,3}})")
_VIETNAMESE_ONLY = re.compile("[ảãạăằắẳẵặâầấẩẫậẻẽẹêềếểễệỉĩịỏõọôồốổỗộơờớởỡợủũụưừứửữựỳỷỹỵđẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬẺẼẸÊỀẾỂỄỆỈĨỊỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢỦŨỤƯỪỨỬỮỰỲỶỸỴĐ]")
_NOT_NAME_WORDS = {"Chính", "Phủ", "Quốc", "Hội", "Trung", "Ương", "Ban", "Bộ", "Ủy", "Đảng",
                   "Nhà", "Nước", "Việt", "Nam", "Tổng", "Thủ", "Tướng"}


@dataclass
class PersonHit:
    """A person named in a sentence, with the offices written beside the name."""

    name: str
    start: int
    end: int
    offices: list[tuple[str, str | None]] = field(default_factory=list)  # (office, org)
    rule: str = "person.title"
    span_start: int = -1  # the whole phrase: titles or honorific before, appositions after
    span_end: int = -1


# ----------------------------------------------------------------------------- names


_CAP_RUN = re.compile(r"(?<![\w])[%s][^\W\d_]*(?:-[^\W_]+)*(?: [%s][^\W\d_]*(?:-[^\W_]+)*)*(?![\w])"
                      % (UPPER, UPPER))


_PLACE_END = re.compile(r"(?:^|[\s,(])(?:%s)$" % "|".join(
    map(re.escape, sorted(PLACE_WORDS | set(COUNTRIES), key=len, reverse=True))))
# Verbs that follow a title but never stand inside a body's name:
#   "Phó Chủ tịch thành phố Hải Phòng xác nhận …", "Bộ trưởng Y tế khẳng định …"
_NOT_ORG_SYLLABLES = set("""
xác khẳng nhấn chia trả đánh yêu kêu bày gửi tiếp làm ký nói cho đề thừa ghi cam tuyên ủng
hoan lưu nêu bác cảnh điện gặp thăm trao tặng chúc dự tham mong cũng đã sẽ vừa là có được bị
đến ra vào về tới nhận kiến đồng chủ phát cho
""".split())


_CLAUSE_WORDS = {"Theo", "Tại", "Trong", "Sau", "Khi", "Ngày", "Sáng", "Chiều", "Tối", "Với", "Cùng",
                 "Còn", "Đây", "Đó", "Và", "Nhưng", "Từ", "Về", "Do", "Vì", "Để", "Nếu", "Trước",
                 "Hiện", "Năm", "Tháng", "Ông", "Bà", "Phát", "Thay", "Dự", "Tham"}
_PLACE_ANY = re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(map(re.escape, sorted(
    PLACE_WORDS | {c for c in COUNTRIES if " " in c} | {a for al in COUNTRIES.values() for a in al if " " in a},
    key=len, reverse=True))))
_PLACE_START = re.compile(r"(?:%s) " % "|".join(map(re.escape, sorted(PLACE_WORDS, key=len, reverse=True))))


def _is_place(words: list[str]) -> bool:
    s = " ".join(words)
    return s in PLACE_WORDS or s in COUNTRIES or bool(_PLACE_START.match(s))


def name_spans(text: str) -> list[tuple[int, int]]:
    """Character spans that read as Vietnamese full names: 2–4 capitalised syllables from a
    family name on, not a place (``tỉnh An Giang Lê Văn Phước`` gives ``Lê Văn Phước``)."""
    out = []
    for m in _CAP_RUN.finditer(text):
        words_all = m.group(0).split(" ")
        # a capitalised word that opens a clause is no part of a name: "… Thiện Theo đó, …"
        for i, w in enumerate(words_all):
            if i and w in _CLAUSE_WORDS:
                words_all = words_all[:i]
                break
        n = len(words_all)
        if n < 2 or not any(w in SURNAMES for w in words_all):
            continue
        inside = set()  # words inside a place or country: "Bồ Đào Nha", "An Giang"
        for pm in _PLACE_ANY.finditer(" ".join(words_all)):
            first = m.group(0)[:pm.start()].count(" ")
            inside.update(range(first, first + pm.group(0).count(" ") + 1))
        if n < 2:
            continue
        offs, pos = [], m.start()
        for w in words_all:
            offs.append(pos)
            pos += len(w) + 1
        for k, word in enumerate(words_all):
            if word not in SURNAMES or not 2 <= n - k <= 4:
                continue
            if k in inside:
                continue  # "tỉnh An Giang Lê Văn Phước": Giang belongs to a place name
            if word in ("Ông", "Bà") and k + 1 < n and words_all[k + 1] in SURNAMES:
                continue  # "Ông Trương Cảnh Tuyên": an honorific, not a family name
            words = words_all[k:]
            if _is_place(words) or any(w.isupper() and len(w) > 1 for w in words):
                continue
            if sum(w in _NOT_NAME_WORDS for w in words) >= 2:
                continue
            out.append((offs[k], offs[n - 1] + len(words_all[n - 1])))
            break
    return out


# ----------------------------------------------------------------------------- titles


def _phrases_at(phrases) -> re.Pattern:
    return re.compile(r"(?:%s)(?![\w])" % "|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))


def _match_at(text: str, pos: int, rx: re.Pattern) -> str | None:
    m = rx.match(text, pos)
    return m.group(0) if m else None


def parse_title(text: str, start: int, stop_at: set[int], cache: dict | None = None) -> tuple[list[tuple[int, int, bool]], int]:
    """Read a chain of titles starting at ``start`` (a title head).

    Returns ``([(title_start, title_end, foreign), …], end)``: several titles when one head
    follows another without a comma (``Ủy viên Bộ Chính trị Phó Thủ tướng``). Reading stops
    at punctuation, at a person's name (``stop_at`` holds name start offsets), at a verb,
    and after a foreign country or body when a name follows (``Thủ tướng Trung Quốc Lý Cường``).
    """
    if cache is not None:
        hit = cache.get(start)
        if hit is None:
            hit = cache[start] = parse_title(text, start, stop_at)
        return hit
    titles: list[tuple[int, int, bool]] = []
    pos = start
    n = len(text)
    while True:
        m = TITLE_RE.match(text, pos)
        if not m:
            break
        t_start, pos = pos, m.end()
        head = m.group(0)
        foreign = False
        prev_cap = False
        cap_run = 0  # capitalised words in a row: three or more are a name, not a body
        last_end = pos
        while pos < n and text[pos] == " ":
            q = pos + 1
            if q in stop_at:
                break
            qual = _match_at(text, q, _QUALIFIER_RE)
            if qual:
                foreign = foreign or qual in _FOREIGN_QUALIFIERS
                pos = last_end = q + len(qual)
                tm = _TERM_AFTER.match(text, pos)
                if tm:
                    pos = last_end = tm.end()
                prev_cap = False
                if foreign and qual in _FOREIGN_QUALIFIERS and pos + 1 < n and text[pos] == " " \
                        and text[pos + 1].isupper() and not TITLE_RE.match(text, pos + 1) \
                        and not _QUALIFIER_RE.match(text, pos + 1):
                    break  # a foreign name follows: "Phó Chủ tịch Quốc hội Lào Pany Yathotou"
                continue
            wm = _WORD_AT.match(text, q)
            if not wm:
                break
            w = wm.group(0)
            inner = TITLE_RE.match(text, q)
            if inner and text[last_end - len(text[:last_end].split(" ")[-1]):last_end] not in _ORG_KIND_PREV:
                break  # a second title follows without a comma
            if w[0].isupper():
                if w == "Và":
                    break
                pos = last_end = wm.end()
                prev_cap = True
                cap_run += 1
                continue
            if cap_run >= 3:
                break  # "… Quốc hội Đôn Tuấn Phong trình bày": the name ends the title
            cap_run = 0
            if w == "và":
                nxt = _CAP_AFTER.match(text, wm.end())
                if nxt and not TITLE_RE.match(text, wm.end() + 1) and (wm.end() + 1) not in stop_at:
                    pos = last_end = wm.end()
                    prev_cap = False
                    continue
                break
            if prev_cap and w not in ("và",) and not _is_function_word(w) and w not in _NOT_ORG_SYLLABLES \
                    and not _PLACE_END.search(text, max(0, last_end - 30), last_end):
                pos = last_end = wm.end()
                prev_cap = False
                continue
            if w in TITLE_LOWER_WORDS:
                pos = last_end = wm.end()
                prev_cap = False
                continue
            break
        titles.append((t_start, last_end, foreign))
        pos = last_end
        if pos < n and text[pos] == " " and TITLE_RE.match(text, pos + 1) and (pos + 1) not in stop_at:
            pos += 1
            continue
        break
    return titles, (titles[-1][1] if titles else start)


_FUNCTION_WORDS = set("""
đã sẽ đang vừa mới cũng là có được bị cho với về của và tại trong ngoài khi thì mà nhưng
nên để do từ đến theo như rằng vào ra lên xuống này đó kia các những một hai ba nhiều đều
chủ trì dự tham phát biểu khẳng định nhấn mạnh cho biết nói đánh giá đề nghị yêu cầu chỉ đạo
tiếp kiến đàm gặp thăm trao tặng gửi điện chúc mừng ký ban hành cùng
""".split())


def _is_function_word(w: str) -> bool:
    return w in _FUNCTION_WORDS


def office_label(text: str) -> tuple[str | None, str | None]:
    """A title as written -> (office label, organisation), in one spelling.

    >>> office_label("Bộ trưởng Ngoại giao")
    ('Bộ trưởng Bộ Ngoại giao', 'Bộ Ngoại giao')
    >>> office_label("Phó Thủ tướng Thường trực")
    ('Phó Thủ tướng Thường trực Chính phủ', 'Chính phủ')
    """
    t = fix_tones(re.sub(r"\s+", " ", text.strip(" ,;")))
    m = TITLE_RE.match(t)
    if not m:
        return None, None
    head, rest = m.group(0), t[m.end():].strip()
    if not rest and head not in IMPLIED_ORG and head not in SELF_CONTAINED:
        return None, None  # "Bộ trưởng Bùi Thanh Sơn cho rằng": the office is written elsewhere
    if head.startswith("Trưởng Ban") or head.startswith("Phó Trưởng Ban"):
        head = head.replace("Trưởng Ban", "Trưởng ban")
    if head in ("Bộ trưởng", "Thứ trưởng") or head.endswith(("Bộ trưởng", "Thứ trưởng")):
        r2 = rest[len("Thường trực "):] if rest.startswith("Thường trực ") else rest
        for short in MINISTRY_SHORT:
            if r2 == short or r2.startswith(short + " "):
                rest = rest.replace(short, "Bộ " + short, 1)
                break
    if head in WRITTEN_WITH_ORG and (not rest or rest == "Thường trực"):
        rest = (rest + " " + IMPLIED_ORG[head]).strip()
    for tail in (" nước Cộng hòa xã hội chủ nghĩa Việt Nam", " Cộng hòa xã hội chủ nghĩa Việt Nam", " Việt Nam"):
        if rest.endswith(tail) and "tại" not in rest:
            rest = rest[: -len(tail)]  # "Chủ tịch Quốc hội Việt Nam" is "Chủ tịch Quốc hội"
            if not rest and head in WRITTEN_WITH_ORG:
                rest = IMPLIED_ORG[head]
            break
    label = (head + " " + rest).strip()
    org = _org_of(head, rest)
    return label, org


_ORG_IN_TITLE = re.compile(
    r"((?:%s) [%s][\wÀ-ỹ]*(?: [\wÀ-ỹ]+)*)"
    % ("|".join(sorted(map(re.escape, ORG_KIND_WORDS), key=len, reverse=True)), UPPER))


def _org_of(head: str, rest: str) -> str | None:
    """The body a title belongs to: the longest organisation named in it, else the implied one."""
    if rest.startswith("Thường trực "):
        rest = rest[len("Thường trực "):]
    if head.lower().endswith(" ban") and rest and not rest.startswith("Ban "):
        rest = "Ban " + rest  # "Trưởng ban Đối ngoại Trung ương" is head of "Ban Đối ngoại Trung ương"
    padded = f" {rest} "
    best: tuple[int, str] | None = None
    for form, name in _ORG_FORMS.items():
        if f" {form} " in padded and (best is None or len(form) > best[0]):
            if form in ("Trung ương", "Trung ương Đảng") and "Ban" in rest:
                continue
            best = (len(form), name)
    m = _ORG_IN_TITLE.search(rest)
    if m and (best is None or len(m.group(1)) > best[0]):
        return m.group(1).strip()
    if best:
        return best[1]
    return IMPLIED_ORG.get(head) if not rest or rest in ("Thường trực", IMPLIED_ORG.get(head)) \
        or rest.endswith(" " + IMPLIED_ORG.get(head, "\0")) else None


# ----------------------------------------------------------------------------- the matcher


def find_persons(text: str, known: set[str] | None = None) -> list[PersonHit]:
    """Persons named in one sentence ``text``, with the titles written beside them.

    ``known`` holds full names already seen with a title in the article: a bare mention of
    one of them (``Phạm Bình Minh cho rằng …``) is a person mention too.
    """
    if not text:
        return []
    title_matches = list(TITLE_RE.finditer(text))
    if not title_matches and not _HONORIFIC_ANY.search(text) and not (known and any(k in text for k in known)):
        return []
    char_spans = name_spans(text)
    starts = {a for a, _ in char_spans}
    hits: list[PersonHit] = []
    claimed: set[int] = set()  # title starts already given to a name

    # a name whose family name is not in our list, closing a title: "… Quốc hội Đôn Tuấn Phong"
    for m in title_matches:
        _titles, end = parse_title(text, m.start(), starts)
        words = text[m.start():end].split(" ")
        k = len(words)
        while k > 0 and words[k - 1][:1].isupper() and not words[k - 1].isupper():
            k -= 1
        run = words[k:]
        if len(run) >= 3 and k >= 1 and not _is_place(run) and " ".join(run) not in _ORG_FORMS \
                and not any(w in _NOT_NAME_WORDS for w in run):
            ns = end - len(" ".join(run))
            if ns not in starts:
                char_spans.append((ns, end))
                starts.add(ns)
    char_spans.sort()
    seps = [i for i, ch in enumerate(text) if ch in ",;:"]
    tstarts = [m.start() for m in title_matches]
    cache: dict = {}
    shared = _shared_titles(text, title_matches, starts, cache)
    for ns, ne in char_spans:
        name = text[ns:ne]
        hit = PersonHit(name, ns, ne, span_start=ns, span_end=ne)
        # 1. titles right before the name, and the comma-separated chain before them
        seg_start = _segment_start(seps, ns)
        pre_titles = _titles_ending_at(text, seg_start, ns, title_matches, starts, cache=cache, tstarts=tstarts)
        if pre_titles:
            hit.rule = "person.title-name"
            chain = [pre_titles]
            cut = seg_start - 1
            while cut > 0 and text[cut] == ",":
                prev_start = _segment_start(seps, cut)
                prev = _titles_ending_at(text, prev_start, cut, title_matches, starts, whole=True, cache=cache,
                                        tstarts=tstarts)
                if not prev:
                    break
                chain.insert(0, prev)
                cut = prev_start - 1
            hit.span_start = chain[0][0][0]
            for group in chain:
                for a, b, _ in group:
                    claimed.add(a)
                    hit.offices.append(office_label(text[a:b]))
        else:
            hm = _HONORIFIC_END.search(text[max(0, ns - 12):ns])
            if hm:
                hit.rule = "person.honorific"
                hit.span_start = max(0, ns - 12) + hm.start() + (1 if hm.group(0)[0] in " ,;:(" else 0)
        # 2. appositions after the name: ", Ủy viên Bộ Chính trị, Phó Thủ tướng, …"
        pos = ne
        post: list[tuple[str | None, str | None]] = []
        while pos < len(text) and text[pos] == ",":
            q = pos + 1
            while q < len(text) and text[q] == " ":
                q += 1
            if not TITLE_RE.match(text, q) or q in claimed:
                break
            titles, end = parse_title(text, q, starts, cache)
            if not titles:
                break
            after = text[end:end + 1]
            if end + 1 < len(text) and text[end] == " " and ((end + 1) in starts or text[end + 1].isupper()):
                break  # the title belongs to the next name: ", Phó Thủ tướng Bùi Thanh Sơn"
            for a, b, _ in titles:
                claimed.add(a)
                post.append(office_label(text[a:b]))
            pos = end
            hit.span_end = end
            if after not in (",",):
                break
        if post:
            hit.offices.extend(post)
            if hit.rule == "person.title":
                hit.rule = "person.apposition"
        for a, b in shared:
            if a < ns and not any(a2 < ns and a2 > a for a2, _ in shared):
                hit.offices.insert(0, office_label(text[a:b]))
                if hit.rule == "person.title":
                    hit.rule = "person.listed"
                break
        if hit.offices or hit.rule != "person.title" or (known and name in known):
            if hit.rule == "person.title" and not hit.offices:
                hit.rule = "person.known-name"
            hit.offices = [o for o in hit.offices if o[0]]
            hits.append(hit)
    hits.extend(_foreign_persons(text, title_matches, starts, {h.start for h in hits}, cache))
    hits.sort(key=lambda h: h.start)
    return hits


def _shared_titles(text: str, title_matches, starts: set[int], cache: dict) -> list[tuple[int, int]]:
    """Titles shared by a list: ``các đồng chí Ủy viên Bộ Chính trị: A, Chủ tịch nước; B, …``."""
    out = []
    for m in title_matches:
        if ":" not in text[m.end():]:
            continue
        titles, end = parse_title(text, m.start(), starts, cache)
        if titles and text[end:end + 1] == ":":
            out.append((titles[0][0], titles[-1][1]))
    return out


def _segment_start(seps: list[int], pos: int) -> int:
    """Just after the last ``,``/``;``/``:`` before ``pos`` (0 if none), by bisection."""
    i = bisect.bisect_left(seps, pos)
    return seps[i - 1] + 1 if i else 0


def _titles_ending_at(text: str, seg_start: int, end: int, title_matches, starts: set[int],
                      whole: bool = False, cache: dict | None = None,
                      tstarts: list[int] | None = None) -> list[tuple[int, int, bool]]:
    """Titles in ``text[seg_start:end]`` whose chain runs exactly to ``end``.

    A title chain before a name is short: only titles in the last 200 characters are tried,
    so a long sentence without commas stays linear."""
    lo = max(seg_start, end - 200)
    i = bisect.bisect_left(tstarts, lo) if tstarts is not None else 0
    for m in title_matches[i:]:
        if m.start() >= end:
            break
        titles, t_end = parse_title(text, m.start(), starts, cache)
        if titles and text[t_end:end].strip() == "":
            if whole and text[seg_start:m.start()].strip() and any(
                    text[seg_start:m.start()].strip() == s for s in ()):
                continue
            return titles
    return []


def _foreign_persons(text: str, title_matches, starts: set[int], taken: set[int], cache: dict) -> list[PersonHit]:
    """``Tổng Thư ký Liên Hợp Quốc António Guterres``: title, foreign country or body, name."""
    out = []
    for m in title_matches:
        titles, end = parse_title(text, m.start(), starts, cache)
        if not titles or not titles[-1][2]:
            continue
        rest = text[end:]
        nm = _FOREIGN_NAME.match(rest)
        if not nm:
            continue
        ns = end + 1
        if ns in starts or ns in taken:
            continue
        words = []
        for w in nm.group(1).rstrip(".").split():
            if _VIETNAMESE_ONLY.search(w):
                break  # "… Pany Yathotou Tại hội nghị": a Vietnamese word ends a foreign name
            words.append(w)
        name = " ".join(words)
        if any(w.isupper() and len(w) > 1 for w in words) or _is_place(words) \
                or TITLE_RE.match(name) or any(w in _NOT_NAME_WORDS for w in words):
            continue
        if len(words) < 2:
            continue  # "Tổng thống Widodo": a family name alone is too little to know who
        hit = PersonHit(name, ns, ns + len(name), rule="person.foreign-title",
                        span_start=titles[0][0], span_end=ns + len(name))
        hit.offices = [o for o in (office_label(text[a:b]) for a, b, _ in titles) if o[0]]
        out.append(hit)
    return out
