"""Persons and the offices they hold, from how Vietnamese news writes them.

A name is recognised from its shape and from what stands beside it, never from a list of
people:

* **shape** — a Vietnamese (or Sino-Vietnamese) full name is two to four capitalised
  syllables from a family name on (``Phạm Bình Minh``, ``Lý Khắc Cường``); a foreign name
  is a run of capitalised words of which one at least is no Vietnamese syllable
  (``Milos Zeman``, ``Jean-Claude Juncker``, ``Kim Jong-un``), a transliteration
  (``Đô-nan Trăm (Donald Trump)``) or an initial and a surname (``V.Putin``);
* **cue** — a title chain before it (``Ủy viên Bộ Chính trị, Phó Thủ tướng Thường trực
  Chính phủ Phạm Bình Minh``, ``Tổng thống Cộng hòa Séc Milos Zeman``), an honorific
  (``ông Robert Pelikán``, ``đồng chí …``), an apposition after it (``…, Bộ trưởng Bộ Tư
  pháp``), or the same name given with a cue elsewhere in the article.

After a title and a foreign country any capitalised run is a name (``Tổng thống Hàn Quốc
Mun Chê In``, ``Phó Thủ tướng Chính phủ Belarus Semashko``).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.lexicon import (COMPANY_WORDS, COUNTRIES, EVENT_HEADS, HOME_ACRONYMS, HONORIFICS, IMPLIED_ORG, MINISTRY_SHORT, NAME_PARTICLES,
                                NOT_NAME_WORDS, ORG_KIND_WORDS, ORGANIZATIONS, PLACE_WORDS, SELF_CONTAINED, WORLD_PLACES,
                                SURNAMES, TITLE_HEADS, TITLE_LOWER_PHRASES, TITLE_LOWER_WORDS, TITLE_PREFIXES, WRITTEN_WITH_ORG,
                                CLAUSE_WORDS, COUNTRY_OF, NAME_OPENERS, OPENER_WORDS, SERVING_HEADS, alternation, fix_tones, org_surface_forms)
from kg.text import UPPER, fold, is_syllable, split_glued, trie_alternation

# ----------------------------------------------------------------------------- vocabulary as regexes

_HEAD_CANON = {h.lower(): h for h in TITLE_HEADS}


def _case_variants(words) -> set[str]:
    """A title in every capitalisation the press gives it: each word small or capital
    ("Phó Bí thư", "phó bí thư", "Trưởng Ban", "Người Phát ngôn") — but never a capital on a
    word that is a surname: "Quốc Vương" is no king's "Quốc vương" but "Trung Quốc Vương Gia
    Thụy", a country and a name."""
    out = set()
    for w in words:
        first, *rest = w.split(" ")
        forms = [{first[0].upper() + first[1:], first[0].lower() + first[1:]}]
        for part in rest:
            low = part[0].lower() + part[1:]
            cap = part[0].upper() + part[1:]
            forms.append({low} if cap in SURNAMES and part != cap else {low, cap})
        out |= {" ".join(c) for c in itertools.product(*forms)}
        out |= {w, w.lower()}
    return out


_HEAD_VARIANTS = _case_variants(TITLE_HEADS)
TITLE_RE = re.compile(r"(?<![\wÀ-ỹĐđ])(?:(?:%s) )?(?:%s)(?![\wÀ-ỹĐđ])"
                      % (alternation(_case_variants(TITLE_PREFIXES)), alternation(_HEAD_VARIANTS)))
_HEAD_START = {h.split()[0] for h in _HEAD_VARIANTS if h[0].isupper()}
_HEAD_ALT = alternation(TITLE_HEADS)
_HONORIFIC_ALT = r"(?<![\wÀ-ỹĐđ])(?:%s)" % alternation(HONORIFICS)
# right before a given name: a title head or an honorific ("Thủ tướng Phúc", "ông Duy")
_CUE_BEFORE = re.compile(r"(?:(?<![\wÀ-ỹĐđ])(?:%s)|%s) $" % (_HEAD_ALT, _HONORIFIC_ALT), re.IGNORECASE)
_PREFIX_RE = re.compile(r"(?:%s) " % alternation(_case_variants(TITLE_PREFIXES)))
_PREFIX_WORDS = {p.lower() for p in TITLE_PREFIXES}
# an honorific and a capital after it; before it the start, a space or a mark (checked after its
# first letter: the regex opens with letters, searched fast). Only the end of a match is read.
_HONORIFIC_ANY = re.compile(r"%s [%s]" % (trie_alternation(HONORIFICS, after_first=r"(?<![^\s,;:(].)"), UPPER))
_HONORIFIC_AT = re.compile(r"(?:%s)(?= [%s])" % (alternation(h for h in HONORIFICS if h[:1].isupper()), UPPER))
_HONORIFIC_END = re.compile(r"(?:^|[\s,;:(])(?:%s)\s*$" % alternation(HONORIFICS))
_NATION_NAMES = sorted({n for k, v in COUNTRIES.items() for n in [k, *v] if n[0].isupper()},
                       key=len, reverse=True)
_ORG_FORMS = org_surface_forms()
_INTL_NAMES = sorted({f for f, n in _ORG_FORMS.items() if ORGANIZATIONS[n][0] == "international" and f[0].isupper()},
                     key=len, reverse=True)
_HOME_ORGS = sorted({f for f, n in _ORG_FORMS.items() if ORGANIZATIONS[n][0] != "international"
                     and len(f.split()) >= 2 and f[0].isupper()}
                    | {f"Bộ {m}" for m in MINISTRY_SHORT} | set(MINISTRY_SHORT), key=len, reverse=True)
_CONTINENTS = ["châu Âu", "Châu Âu", "châu Á", "Châu Á", "châu Phi", "Châu Phi", "châu Mỹ", "Châu Mỹ",
               "Mỹ Latinh", "Trung Đông", "Đông Nam Á", "Bắc Mỹ", "Nam Mỹ", "Đông Á", "Nam Á", "Trung Á"]
_PLACE_QUALIFIERS = sorted({p for p in PLACE_WORDS if p[0].isupper()} | set(_CONTINENTS), key=len, reverse=True)
_FOREIGN_QUALIFIERS = frozenset(n for n in _NATION_NAMES + _INTL_NAMES + _CONTINENTS + sorted(WORLD_PLACES)
                                if n != "Việt Nam" and not n.endswith("Việt Nam"))
_QUALIFIER_RE = re.compile(r"(?:tại |ở |của )?(%s)(?![\wÀ-ỹĐđ])" % alternation(
    _NATION_NAMES + _INTL_NAMES + _HOME_ORGS + _PLACE_QUALIFIERS))
_PAREN_NOTE = re.compile(r"\((?:[%s][\wÀ-ỹĐđ&.-]*)(?: [%s\w][\wÀ-ỹĐđ&.-]*){0,2}\)(?![\wÀ-ỹĐđ])" % (UPPER, UPPER))
# "WEF", "LĐ-TB&XH", and with dots: "TP.HCM", "T.Ư"
_ACRONYM_RE = re.compile(r"\(?[A-ZĐ](?:[A-ZĐ0-9&]{1,7}|\.[A-ZĐƯ])(?:[-./][A-ZĐƯ0-9&]+)*\)?(?![\wÀ-ỹĐđ])")
# "khóa 77", "lần thứ 2", "nhiệm kỳ 2020-2025" after a body: "Chủ tịch Đại hội đồng LHQ khóa 77"
_TERM_AFTER = re.compile(r" (?:khóa|khoá|lần thứ|nhiệm kỳ) [0-9IVXLC]+(?:\s*[-–]\s*[0-9]+)?(?![\w])")
_ORG_KIND_LAST = {w.split()[-1] for w in ORG_KIND_WORDS}
_ORG_KINDS_LOWER = {w.lower() for w in ORG_KIND_WORDS}
_ORG_KIND_END = re.compile(r"(?:^|\s)(?:%s)(?: [^\s]+)?$" % alternation(_ORG_KINDS_LOWER))
_CAP_AFTER = re.compile(f" ([{UPPER}])")
# "TP.HCM", "T.Ư", "LĐ-TB&XH": dots, hyphens and "&" between letters stay inside a word of a body
_WORD_AT = re.compile(r"[0-9A-Za-zÀ-ỹĐđ]+(?:[-&./][0-9A-Za-zÀ-ỹĐđ]+)*")  # "HIV/AIDS", "TN&MT"
_FOREIGN_WORD = re.compile(r"^(?:[%s][a-z]?\.){1,2}[%s]|.*-" % (UPPER, UPPER))  # V.Putin, Gu-tê-rết
_PLACE_ANY = re.compile(r"(?<![\wÀ-ỹĐđ])(?:%s)(?![\wÀ-ỹĐđ])" % alternation(
    PLACE_WORDS | {c for c in COUNTRIES if " " in c} | {a for al in COUNTRIES.values() for a in al if " " in a}))
_PLACE_START = re.compile(r"(?:%s)(?: |$)" % alternation(PLACE_WORDS))
_COUNTRY_WORDS = {w for n in _NATION_NAMES for w in n.split()}
_ORG_FORM_WORDS = {f for f in _ORG_FORMS if " " not in f}
# What ends a body's name after a title: a word that is never inside one ("Bộ trưởng Y tế đã
# …", "… của …") or a verb of two syllables ("Phó Chủ tịch thành phố Hải Phòng xác nhận …",
# "Bộ trưởng Y tế khẳng định …"). Lower-case words in a name stay ("Ủy ban Thường vụ Đại hội
# Đại biểu nhân dân", "Hội nghị Hiệp thương chính trị", "Quốc vụ viện").
_FUNCTION_WORDS = set("""
đã sẽ đang vừa mới cũng là có được bị cho với về của và tại trong ngoài khi thì mà nhưng
nên để do từ đến theo như rằng vào ra lên xuống này đó kia các những một hai ba nhiều đều
dự gặp thăm tiếp nói ký cùng trao gửi nhận làm tới hỏi mong chúc cho kiêm
""".split())
_VERBS2 = set("""
khẳng định|nhấn mạnh|phát biểu|cho biết|đánh giá|đề nghị|yêu cầu|chỉ đạo|hội đàm|hội kiến|tiếp đón|
chia sẻ|trả lời|bày tỏ|thông báo|tuyên bố|cam kết|ủng hộ|hoan nghênh|lưu ý|nêu rõ|cảnh báo|
điện đàm|chúc mừng|trao tặng|tham dự|chủ trì|đồng chủ trì|xác nhận|kêu gọi|thừa nhận|ghi nhận|
cảm ơn|đồng ý|nhất trí|khai mạc|bế mạc|tham gia|dẫn đầu|chứng kiến|gặp gỡ|làm việc|mong muốn|
đề xuất|kiến nghị|báo cáo|trình bày|công bố|ký kết|gửi thư|tiếp tục|đồng thời|tiếp xúc
""".replace("\n", "").split("|"))


def _verb_at(text: str, w: str, end: int) -> bool:
    """``w`` (ending at ``end``) opens a verb: a function word, or the first syllable of a
    two-syllable verb."""
    if w in _FUNCTION_WORDS:
        return True
    nx = _WORD_AT.match(text, end + 1) if text[end:end + 1] == " " else None
    return bool(nx) and f"{w} {nx.group(0)}" in _VERBS2


@dataclass
class PersonHit:
    """A person named in a sentence, with the offices written beside the name."""

    name: str
    start: int
    end: int
    offices: list[tuple[str, str | None]] = field(default_factory=list)  # (office, org)
    surface: str = ""  # the name as written when it differs ("Đô-nan Trăm" for "Donald Trump")
    rule: str = "person.title"
    span_start: int = -1  # the whole phrase: titles or honorific before, appositions after
    span_end: int = -1
    foreign: bool = False  # the name has a foreign shape, or follows a foreign title
    implied: set[str] = field(default_factory=set)  # offices whose body was implied, not written


# ----------------------------------------------------------------------------- names

# A capitalised word: "Phạm", "Jean-Claude", "O'Brien", "V.Putin", "S.A-bê", "Ph.Ken-nơ-đi"
_CAP_WORD = r"(?:[%s][a-z]?\.){0,2}[%s][^\W\d_]*(?:['’][^\W\d_]+)?(?:-[^\W\d_]+)*" % (UPPER, UPPER)
# a middle initial with its dot stays inside: "William J. Perry", "George W. Bush"
_RUN_RE = re.compile(r"(?<![\wÀ-ỹĐđ.])%s(?: (?:(?:%s) )?(?:[%s]\.(?= [%s])|(?:(?:al|el|ad|as|ash|at|az|an)-)?%s))*(?![\wÀ-ỹĐđ])"
                     % (_CAP_WORD, alternation(NAME_PARTICLES), UPPER, UPPER, _CAP_WORD))  # "Muammar al-Gaddafi"
_WORD_IN_RUN = re.compile(r"\S+")
_LEAD_HONORIFIC = re.compile(r"(?:%s)(?= [%s])" % (alternation(h for h in HONORIFICS if h[0].isupper()), UPPER))


def _is_place(words: list[str]) -> bool:
    s = " ".join(words)
    return s in PLACE_WORDS or s in COUNTRIES or s in _ORG_FORMS or bool(_PLACE_START.match(s))


def foreign_shaped(word: str) -> bool:
    """A word no Vietnamese name holds: not a syllable, a transliteration, an initial."""
    if _FOREIGN_WORD.match(word):
        return True
    return not is_syllable(word)


def is_qualifier_word(w: str) -> bool:
    """A word of a country, a body or a place: no part of a person's name."""
    return _is_qualifier_word(w)


def _is_qualifier_word(w: str) -> bool:
    return (w in _COUNTRY_WORDS or w in _ORG_FORM_WORDS or w in PLACE_WORDS
            or (w.isupper() and len(w) > 1 and not _INITIAL.fullmatch(w)) or w in CLAUSE_WORDS or w in _HEAD_START
            or _misspelt_country(w))


_BECOMES_END = re.compile(r"(?<![\wÀ-ỹĐđ])(?:làm|là|cử|chức|nhiệm|giữ|thành|thay)\s*$")
_PLURAL_TITLE = re.compile(r" (?:các|những) [%s]" % UPPER)
_PLACE_CLASS_END = re.compile(r"(?<![\wÀ-ỹĐđ])(?:thành phố|bang|tiểu bang|thị trấn|thị xã|thủ phủ|vùng|đảo|làng) \Z", re.I)
_GLUED_INITIAL = re.compile(r"(?:[%s][a-z]?\.)+[%s]" % (UPPER, UPPER))  # "M.Ba-chê-lết", "V.Putin"
_LOWER_TAIL = re.compile(r"(?: [a-zà-ỹđ]+){1,3}(?=[,;.)]| [-–(]|$)")
_SEP = re.compile(r"[,;:]")
_OBJECT_LEAD = re.compile(r"(?:(?<![\wÀ-ỹĐđ])(?:cuộc|buổi|lễ) (?:tiếp|tiếp đón|gặp|gặp gỡ|hội kiến|hội đàm|đón)"
                          r"|^\W*(?:Tiếp|Tiếp đón|Gặp|Đón|Hội kiến|Hội đàm))\s*\Z")
_PLACE_KIND_BEFORE = re.compile(r"(?<![\wÀ-ỹĐđ])(?:xã|phường|huyện|quận|thị trấn|thị xã|thôn|ấp|xóm|làng|bản|"
                                r"đường|phố|tỉnh|thành phố|TP\.?) \Z")
_KIND_OPENS_RUN = re.compile(r"(?<![\wÀ-ỹĐđ])(?:Tổng [Cc]ục|Tổng công ty|Bộ|Cục|Viện|Sở|Ban|Vụ)(?: [%s]\S*){1,2}\Z" % UPPER)
_DANGLING_WORD = re.compile(r" (?:tại|ở|của|và|với|thuộc)\Z")
_CLOSES_AT = re.compile(r"(?:[,;.)]| [-–(]|$)")  # where a body's name may end: punctuation, a dash, a note
_TIME_AT = re.compile(r"(?:hôm|sáng|chiều|tối|trưa|năm|tháng|ngày|tuần|lúc|khi|sau)"
                      r"(?: (?:nay|qua|mai|sau|trước|tới|này|đó|ấy)(?![\wÀ-ỹĐđ])|\s*\d|[,.;]|$)")
_PLACE_KIND_WORDS = {"xã", "phường", "huyện", "tỉnh", "quận", "trấn", "phố", "thị", "bang", "vùng", "khu"}
_INITIAL = re.compile(r"[%s]\." % UPPER)  # "W." of "George W. Bush"


# clause words that are also given names: "Nguyễn Thiện Nhân", "Lê Văn Hai" — they open a
# clause only with what follows them there ("Nhân dịp …", "Hai bên …", "Năm 2017 …")
_CLAUSE_GOES_ON = {"Nhân": re.compile(r" (?:dịp|chuyến|sự kiện|kỷ niệm|ngày|đây)(?![\wÀ-ỹĐđ])"),
                   "Hai": re.compile(r" (?:bên|nước|nhà|người|ông|bà|đoàn|Bộ|vị)(?![\wÀ-ỹĐđ])"),
                   "Ba": re.compile(r" (?:bên|nước|nhà|người|ông|bà|đoàn|vị)(?![\wÀ-ỹĐđ])"),
                   "Năm": re.compile(r" (?:\d|nay|ngoái|qua|tới|sau|trước)")}


def _GIVEN_NAME_HERE(word: str, text: str, end: int) -> bool:
    rx = _CLAUSE_GOES_ON.get(word)
    return rx is not None and not rx.match(text, end)


def _split_run(m: re.Match) -> list[tuple[str, int, int]]:
    """One capitalised run as (word, start, end), cut at a clause word or a glued word."""
    out: list[tuple[str, int, int]] = []
    text = m.string
    skip_to = -1
    for i, w in enumerate(_WORD_IN_RUN.finditer(m.group(0))):
        word, a, b = w.group(0), m.start() + w.start(), m.start() + w.end()
        if i and (word in CLAUSE_WORDS and not _GIVEN_NAME_HERE(word, text, b)
                  or word in _HEAD_START and TITLE_RE.match(text, a)):
            break  # "… Zhong Shan Chủ tịch nước nhấn mạnh": a title opens the next clause
        if not out and (a < skip_to or _LEAD_HONORIFIC.match(text, a)):
            hm = _LEAD_HONORIFIC.match(text, a)
            skip_to = max(skip_to, hm.end() if hm else -1)
            continue  # "Samdech Techo Hun Sen": the honorific is no part of the name
        glued = None if _FOREIGN_WORD.match(word) else split_glued(word)
        if glued:
            out.append((glued[0], a, a + len(glued[0])))
            break  # "Phạm Bình Minhcho biết": the name ends inside the word
        out.append((word, a, b))
    while out and out[-1][0].islower():
        out.pop()  # particles only between foreign words: "Staffan de Mistura"
    return out


def _runs(text: str):
    """Capitalised runs of ``text``."""
    for m in _RUN_RE.finditer(text):
        run = _split_run(m)
        if run:
            yield run


def name_candidates(text: str) -> list[tuple[int, int, bool]]:
    """Spans that read as a person's name: ``(start, end, foreign)``.

    Vietnamese: 2–4 syllables from a family name on, not a place (``tỉnh An Giang Lê Văn
    Phước`` gives ``Lê Văn Phước``). Foreign: from the first foreign-shaped word that is no
    country, body or acronym to the end of its run (``Tổng thống Mỹ Donald Trump``), taking
    in a syllable word just before it (``Kim Jong-un``)."""
    out: list[tuple[int, int, bool]] = []
    for run in _runs(text):
        words = [w for w, _, _ in run]
        n = len(words)
        inside = set()  # words inside a place or country: "Bồ Đào Nha", "An Giang"
        joined = " ".join(words)
        for pm in _PLACE_ANY.finditer(joined):
            first = joined[:pm.start()].count(" ")
            inside.update(range(first, first + pm.group(0).count(" ") + 1))
        done = False
        place_before = _PLACE_KIND_BEFORE.search(text, max(0, run[0][1] - 12), run[0][1]) is not None
        for k, word in enumerate(words):
            if word not in SURNAMES or not 2 <= n - k <= 4 or k in inside:
                continue
            if place_before and k == 0 and n == 2:
                continue  # "Phó chủ tịch UBND xã Thạch Sơn": two syllables after "xã" are the commune
            if word in ("Ông", "Bà") and k + 1 < n and words[k + 1] in SURNAMES:
                continue  # "Ông Trương Cảnh Tuyên": an honorific, not a family name
            name = words[k:]
            if _is_place(name) or any(w.isupper() and len(w) > 1 for w in name) \
                    or any(w in NOT_NAME_WORDS for w in name) or any(i in inside for i in range(k, n)):
                continue
            if not all(is_syllable(w) for w in name):
                continue  # a foreign word in it: read below as a foreign name
            out.append((run[k][1], run[-1][2], False))
            done = True
            break
        if done:
            continue
        skip_to = 0
        if _PLACE_CLASS_END.search(text, max(0, run[0][1] - 16), run[0][1]):
            if n < 3:
                continue  # "thị trưởng thành phố Massachusetts": a place, not a person
            skip_to = n - 2  # "Thống đốc bang New Jersey Chris Christie": the place, then the name
        for k, word in enumerate(words):
            if k < skip_to or k in inside or _is_qualifier_word(word) or word.islower() or not foreign_shaped(word):
                continue
            before = (text[max(0, run[0][1] - 24):run[0][1]] + " ".join(words[:k])).rstrip().lower()
            if _ORG_KIND_END.search(before):
                continue  # "Tập đoàn Cisco", "Công ty Agrodat": the company's name
            start_k = k
            if k > skip_to and not _is_qualifier_word(words[k - 1]) and (k - 1) not in inside \
                    and words[k - 1] not in NOT_NAME_WORDS and n - (k - 1) <= 4 \
                    and not _QUALIFIER_END.search(text, max(0, run[k - 1][1] - 30), run[k - 1][2]):
                start_k = k - 1  # "Kim Jong-un", "Min Aung Hlaing"
            end_k = n
            for j in range(k + 1, n):
                if j in inside or _is_qualifier_word(words[j]) or words[j] in NOT_NAME_WORDS:
                    end_k = j
                    break
            for j in range(start_k + 1, end_k):
                if _GLUED_INITIAL.match(words[j]):
                    start_k = j  # "Tổng thống Chi-lê M.Ba-chê-lết": the name opens at its initial
                    break
            name = words[start_k:end_k]
            if len(name) > 5 or _is_place(name) or name[-1].rstrip(".,") in COMPANY_WORDS:
                break  # … or "Ford Motors": a company
            if len(name) == 1 and end_k < n and (end_k in inside or _is_qualifier_word(words[end_k])):
                break  # "Tổng Giám đốc Huawei Việt Nam": a company's name before its country
            if len(name) == 1 and _misspelt_country(name[0]):
                break  # "Thủ tướng Austrlia nhấn mạnh": a country written with a slip, not a name
            if len(name) == 1 and end_k == n and _COMPANY_HEAD_BEFORE.search(text, max(0, run[0][1] - 60), run[0][1]):
                break  # "Eric Schmidt, Chủ tịch Alphabet, cho biết": the company of the name before
            if len(name) == 1 and end_k == n and _is_company_before_name(text, run[-1][2]):
                break  # "Giám đốc điều hành Pfizer, Albert Bourla cho biết": the company, then its head

            out.append((run[start_k][1], run[end_k - 1][2], True))
            break
    return out


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


# country names one slip away: every name and every name with a letter dropped
_COUNTRY_NEAR = {w for n in _NATION_NAMES if " " not in n and len(n) >= 6 for w in {n} | _deletes(n)}


def _misspelt_country(word: str) -> bool:
    """One letter dropped, added or changed from a country's name ("Austrlia", "Indoenesia"
    is two) — checked by deletions both ways, no distance computed per name."""
    if len(word) < 7:
        return False  # "Ghani" is a president, not "Ghana"
    return word not in _NATION_NAMES and (word in _COUNTRY_NEAR or bool(_deletes(word) & _COUNTRY_NEAR))


# a name, a comma, then a head that needs a body (not "Thủ tướng", "Tổng thống" …): what follows is the body
_COMPANY_HEAD_BEFORE = re.compile(r"[%s][\w-]*(?:,| -| –) (?:%s)(?: (?:điều hành|sáng lập|HĐQT|kiêm [^,]{1,20}))? $" % (
    UPPER, alternation(_case_variants([h for h in TITLE_HEADS if h not in SELF_CONTAINED]
                                      + ["CEO", "Nhà sáng lập", "Giám đốc điều hành", "Chủ tịch HĐQT"]))))
_FOREIGN_PAIR_AFTER = re.compile(r", ([%s][\w-]+) ([%s][\w-]+)" % (UPPER, UPPER))


def _is_company_before_name(text: str, end: int) -> bool:
    m = _FOREIGN_PAIR_AFTER.match(text, end)
    return bool(m and foreign_shaped(m.group(1)) and foreign_shaped(m.group(2))
                and not TITLE_RE.match(text, end + 2) and not _is_qualifier_word(m.group(1)))


# ----------------------------------------------------------------------------- titles


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
        serving = _canon_head(m.group(0)) in SERVING_HEADS
        foreign = False
        prev_cap = False
        cap_run = 0  # capitalised words in a row: three or more are a name, not a body
        last_end = pos
        country_after_kind = -1
        while pos < n and text[pos] == " ":
            q = pos + 1
            if q in stop_at:
                break
            pm = _PAREN_NOTE.match(text, q)
            if pm and last_end > m.end():
                pos = last_end = pm.end()  # "… toàn quốc (Chính hiệp) Trung Quốc", "(WEF)"
                continue
            if _HONORIFIC_AT.match(text, q):
                break  # "… trường ĐH Mở Hà Nội PGS.TS Nguyễn Mai Hương": a degree opens the name
            qm = _QUALIFIER_RE.match(text, q)
            am = None if qm else _ACRONYM_RE.match(text, q)
            if qm or am:
                qual = qm.group(1) if qm else am.group(0)
                if qm and qm.start(1) in stop_at:
                    break
                # "Chủ tịch HĐQT TPBank", "Ủy ban kiểm tra T.Ư Đoàn": a Vietnamese acronym (listed,
                # or with a Vietnamese letter or a dot) is no foreign body
                home = am is not None and (qual.strip("()") in HOME_ACRONYMS or bool(re.search(r"[ĐƯ.]", qual)))
                foreign = foreign or qual in _FOREIGN_QUALIFIERS or (am is not None and cap_run == 0 and not home)
                if qm and " " not in qual and text[text.rfind(" ", 0, q - 1) + 1:q - 1] in _ORG_KIND_LAST \
                        and text.rfind(" ", 0, q - 1) == m.end():
                    country_after_kind = qm.end()  # "Vụ Pháp …": a country's name right after a body's kind
                pos = last_end = (qm or am).end()
                tm = _TERM_AFTER.match(text, pos)
                if tm:
                    pos = last_end = tm.end()
                prev_cap = False
                cap_run = 0
                if foreign and pos + 1 < n and text[pos] == " " \
                        and text[pos + 1].isupper() and not TITLE_RE.match(text, pos + 1) \
                        and not _QUALIFIER_RE.match(text, pos + 1) and not _ACRONYM_RE.match(text, pos + 1):
                    break  # a foreign name follows: "Phó Chủ tịch Quốc hội Lào Pany Yathotou"
                continue
            wm = _WORD_AT.match(text, q)
            if not wm:
                break
            w = wm.group(0)
            inner = TITLE_RE.match(text, q) if text[q].isupper() else None
            if inner and serving:
                pos = last_end = inner.end()  # "Trợ lý Tổng thống", "Cố vấn của Tổng thống"
                serving = False
                prev_cap = False
                continue
            if inner and text[text.rfind(" ", 0, last_end) + 1:last_end] not in _ORG_KIND_LAST:
                break  # a second title follows without a comma
            if w[0].isupper():
                if w == "Và" or w in OPENER_WORDS or w in CLAUSE_WORDS and w not in NAME_OPENERS and cap_run == 0 \
                        and not prev_cap:
                    break
                pos = last_end = wm.end()
                prev_cap = True
                cap_run += 1
                continue
            if cap_run >= 3 and not _KIND_OPENS_RUN.search(text, max(0, last_end - 40), last_end):
                break  # "… Quốc hội Đôn Tuấn Phong trình bày": the name ends the title
            run_before, cap_run = cap_run, 0
            closes = _CLOSES_AT.match(text, wm.end()) is not None
            if closes and w.isdigit() and len(w) <= 3 and last_end > m.end() and last_end == q - 1:
                pos = last_end = wm.end()  # "Bệnh viện Quân y 105 -", "Sư đoàn 307,"
                prev_cap = False
                continue
            if country_after_kind == last_end:
                tail = _LOWER_TAIL.match(text, last_end)
                if tail and not any(_verb_at(text, x.group(0), x.end()) or _TIME_AT.match(text, x.start())
                                    for x in _WORD_AT.finditer(text, tail.start(), tail.end())):
                    pos = last_end = tail.end()  # "Vụ Pháp chế,", "CLB Pháp chế ngân hàng,": a word, not the country
                    continue
            if w == "của" and not prev_cap and cap_run == 0:
                inner = TITLE_RE.match(text, wm.end() + 1)
                if inner and text[wm.end() + 1].isupper() and serving:
                    pos = last_end = inner.end()  # "Cố vấn của Tổng thống"
                    serving = False
                    continue
                qm = _QUALIFIER_RE.match(text, wm.end() + 1)
                if qm and not qm.group(0).startswith(("tại", "ở", "của")) and last_end == m.end():
                    pos = last_end = qm.end()  # "Đặc phái viên của Bộ Ngoại giao Nga"
                    foreign = foreign or qm.group(1) in _FOREIGN_QUALIFIERS
                    continue
                break
            if w == "và":
                nxt = _CAP_AFTER.match(text, wm.end())
                if nxt and not TITLE_RE.match(text, wm.end() + 1) and (wm.end() + 1) not in stop_at:
                    pos = last_end = wm.end()
                    prev_cap = False
                    continue
                break
            if w == "đồng" and text.startswith((" chủ", " ý", " tình"), wm.end()) \
                    or w == "hội" and text.startswith((" đàm", " kiến"), wm.end()):
                break  # "… đồng chủ trì", "… hội đàm": a verb, not "Hội đồng", "Quốc hội"
            if prev_cap and not _verb_at(text, w, wm.end()) \
                    and is_syllable(w) and not _PLACE_END.search(text, max(0, last_end - 30), last_end):
                pos = last_end = wm.end()
                prev_cap = False
                # two or three small words more, when a capital or a note follows them:
                # "Thủ tướng Quốc vụ viện Trung Quốc …", "Hội nghị Hiệp thương chính trị nhân dân …"
                q2, words = pos, 0
                while words < 3 and text[q2:q2 + 1] == " ":
                    nx = _WORD_AT.match(text, q2 + 1)
                    if not nx or not nx.group(0).islower() or _verb_at(text, nx.group(0), nx.end()) \
                            or not is_syllable(nx.group(0)):
                        break
                    q2, words = nx.end(), words + 1
                    if _TIME_AT.match(text, nx.start()):
                        break  # "… Sở Y tế hôm nay, …": a time, not a word of the body
                    if re.match(r" [%s(]|, [%s]" % (UPPER, UPPER), text[q2:q2 + 3]) or nx.group(0) in TITLE_LOWER_WORDS:
                        pos = last_end = q2  # "… Phòng Nếp sống văn hóa mới, Sở VH-TT …": the parent body follows
                continue
            if w in ("tại", "ở") and _EVENT_HEAD_AT.match(text, wm.end() + 1) \
                    and _canon_head(m.group(0)) not in SERVING_HEADS:
                break  # "Tổng Giám đốc Huawei Việt Nam tại Hội nghị …": where he spoke, not his office
                # (but "Trưởng đoàn Việt Nam tại Hội nghị …" is the office)
            lp = _LOWER_PHRASE_AT.match(text, q)
            if lp:
                pos = last_end = lp.end()
                prev_cap = False
                continue
            if (text[text.rfind(" ", 0, pos) + 1:pos], w) in _PHRASE_PAIRS:
                pos = last_end = wm.end()  # the rest of a phrase begun above: "… chính trị nhân|dân toàn quốc"
                prev_cap = False
                continue
            break
        dm = _DANGLING_WORD.search(text, t_start, last_end)
        if dm:
            last_end = dm.start()  # "… Quốc hội Việt Nam tại buổi họp báo": the place of the talk, not of the office
        titles.append((t_start, last_end, foreign))
        pos = last_end
        if len(titles) >= 8 or pos - start > 400:
            break  # a chain of titles is short; a longer run is no chain (and stays linear)
        if pos < n and text[pos] == " " and TITLE_RE.match(text, pos + 1) and (pos + 1) not in stop_at:
            pos += 1
            continue
        if text.startswith(" kiêm ", pos) and TITLE_RE.match(text, pos + 6):
            pos += 6  # "Bộ trưởng Nội vụ kiêm Quyền Ngoại trưởng Séc"
            continue
        break
    return titles, (titles[-1][1] if titles else start)


_PHRASE_PAIRS = {(a, b) for p in TITLE_LOWER_PHRASES for a, b in zip(p.split(), p.split()[1:])}
_LOWER_PHRASE_AT = re.compile(r"(?:%s)(?![\wÀ-ỹĐđ])" % alternation(TITLE_LOWER_PHRASES))
_EVENT_HEAD_BEFORE = re.compile(r"(?<![\wÀ-ỹĐđ])(?:%s) \Z" % alternation(_case_variants(EVENT_HEADS)))
_EVENT_HEAD_AT = re.compile(r"(?:%s)(?![\wÀ-ỹĐđ])" % alternation(_case_variants(EVENT_HEADS)))
_PLACE_END = re.compile(r"(?:^|[\s,(])(?:%s)$" % alternation(PLACE_WORDS | set(COUNTRIES)))
_QUALIFIER_END = re.compile(r"(?:^|[\s,(])(?:%s)$" % alternation(
    _NATION_NAMES + _INTL_NAMES + _HOME_ORGS + _PLACE_QUALIFIERS))


def _canon_head(written: str) -> str:
    """The head of a title as the lexicon writes it, without "quyền" before it."""
    pm = _PREFIX_RE.match(written) if written.split()[0].lower() in _PREFIX_WORDS else None
    bare = written[pm.end():] if pm else written
    return _HEAD_CANON.get(bare.lower(), bare)


def office_label(text: str, vietnamese: bool = True) -> tuple[str | None, str | None, bool]:
    """A title as written -> ``(office label, organisation, implied)``, in one spelling.

    ``implied`` says the body was not written but implied by Vietnamese usage, which holds
    for Vietnamese names only (``vietnamese=False`` keeps "Thủ tướng" bare).

    >>> office_label("Bộ trưởng Ngoại giao")[:2]
    ('Bộ trưởng Bộ Ngoại giao', 'Bộ Ngoại giao')
    >>> office_label("Phó Thủ tướng Thường trực")[:2]
    ('Phó Thủ tướng Thường trực Chính phủ', 'Chính phủ')
    """
    t = fix_tones(re.sub(r"\s+", " ", text.strip(" ,;-–")))
    t = re.sub(r"^(?:tân|Tân) ", "", t)
    m = TITLE_RE.match(t)
    if not m:
        return None, None, False
    written = m.group(0)
    pm = _PREFIX_RE.match(written) if written.split()[0].lower() in _PREFIX_WORDS else None
    prefix = written[:pm.end()] if pm else ""
    bare = written[len(prefix):]
    head = _HEAD_CANON.get(bare.lower(), bare)
    rest = t[m.end():].strip(" ,-–")
    implied = False
    if not rest and head not in SELF_CONTAINED and head not in IMPLIED_ORG:
        # "Bộ trưởng Bùi Thanh Sơn cho rằng": the head alone, its body written elsewhere
        return (written, None, False) if head[0].isupper() else (None, None, False)
    if head in ("Bộ trưởng", "Thứ trưởng") or head.endswith(("Bộ trưởng", "Thứ trưởng")):
        r2 = rest[len("Thường trực "):] if rest.lower().startswith("thường trực ") else rest
        for short in MINISTRY_SHORT:
            if r2 == short or r2.startswith(short + " "):
                rest = rest.replace(short, "Bộ " + short, 1)
                break
    if vietnamese and head in WRITTEN_WITH_ORG and (not rest or rest == "Thường trực"):
        rest = (rest + " " + IMPLIED_ORG[head]).strip()
        implied = True
    if vietnamese:
        for tail in (" nước Cộng hòa xã hội chủ nghĩa Việt Nam", " Cộng hòa xã hội chủ nghĩa Việt Nam",
                     " CHXHCN Việt Nam", " Việt Nam"):
            if f" {rest}".endswith(tail) and "tại" not in rest and (rest != tail.strip() or head in SELF_CONTAINED):
                rest = f" {rest}"[: -len(tail)].strip()  # "Chủ tịch Quốc hội Việt Nam" is "Chủ tịch Quốc hội"
                break
    label = (written + " " + rest).strip()
    org = _org_of(head, rest) if vietnamese or rest else None
    return label, org, implied


_ORG_IN_TITLE = re.compile(r"((?:%s) [%s][\wÀ-ỹ]*(?: [\wÀ-ỹ]+)*)" % (alternation(ORG_KIND_WORDS), UPPER))


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


_COUNTRY_KEYS = sorted(((fold(a), fold(c)) for a, c in COUNTRY_OF.items() if len(fold(a)) > 2),
                       key=lambda ac: -len(ac[0]))
_COUNTRY_KEY_RE = re.compile(r"\b(%s)\b" % alternation(a for a, _ in _COUNTRY_KEYS))  # a trie: 35 times as fast
_COUNTRY_KEY_OF = dict(_COUNTRY_KEYS)


@lru_cache(maxsize=100_000)
def office_key(label: str) -> str:
    """The identity of an office: its words folded, a country in one spelling ("Tổng thống
    Hoa Kỳ" and "Tổng thống Mỹ" are one office; "Vương quốc Hà Lan" is "Hà Lan")."""
    key = _COUNTRY_KEY_RE.sub(lambda m: _COUNTRY_KEY_OF[m.group(1)], fold(fix_tones(label)))
    return re.sub(r"\s+", " ", key).strip()



# ----------------------------------------------------------------------------- the matcher

_BRACKET_NAME = re.compile(r" \(((?:[%s][\w'’.-]*)(?: [%s][\w'’.-]*){0,3})\)" % (UPPER, UPPER))


def find_persons(text: str, known: dict[str, str] | set[str] | None = None,
                 cue_only: set[str] | frozenset = frozenset(), title_matches: list[re.Match] | None = None) -> list[PersonHit]:
    """Persons named in one sentence ``text``, with the titles written beside them.

    ``known`` maps names already seen with a cue in the article to their full form: a bare
    mention of one of them (``Phạm Bình Minh cho rằng …``, ``ông Trump`` after ``Donald
    Trump``) is a person mention too. ``title_matches`` are those of ``TITLE_RE`` in ``text``,
    when the caller has them already.
    """
    if not text:
        return []
    if isinstance(known, set):
        known = {k: k for k in known}
    if title_matches is None:
        title_matches = list(TITLE_RE.finditer(text))
    known_here = [k for k in (known or ()) if k in text]
    if not title_matches and not _HONORIFIC_ANY.search(text) and not known_here:
        return []
    cands = name_candidates(text)
    spans = {a: (a, b, f) for a, b, f in cands}
    starts = set(spans)
    claimed: set[int] = set()  # title starts already given to a name
    cache: dict = {}

    # names right after a title chain that the shapes above do not give:
    #   "… Quốc hội Đôn Tuấn Phong" (a rare family name closing a title), "Tổng thống Hàn Quốc
    #   Mun Chê In", "Phó Thủ tướng Chính phủ Belarus Semashko" (after a foreign country)
    for m in title_matches:
        titles, end = parse_title(text, m.start(), starts)
        if not titles:
            continue
        if titles[-1][2] and text[end:end + 1] == " " and (end + 1) not in starts:
            run = _run_at(text, end + 1)
            if run and not _is_place([w for w, _, _ in run]):
                a, b = run[0][1], run[-1][2]
                _put(spans, starts, a, b, True)
            continue
        words = text[m.start():end].split(" ")
        k = len(words)
        while k > 0 and words[k - 1][:1].isupper() and not words[k - 1].isupper():
            k -= 1
        run = words[k:]
        if k >= 1 and words[k - 1].lower() in _PLACE_KIND_WORDS:
            continue  # "Chủ tịch UBND xã Bình Hòa Phước": the commune's name ends the title
        if len(run) >= 3 and k >= 1 and not _is_place(run) and " ".join(run) not in _ORG_FORMS \
                and not any(w in NOT_NAME_WORDS or _is_qualifier_word(w) for w in run) \
                and all(is_syllable(w) for w in run):
            ns = end - len(" ".join(run))
            if ns not in starts:
                spans[ns] = (ns, end, False)
                starts.add(ns)
    # names right after an honorific: "ông Milos Zeman", "bà Zakharova", "ông Medvedev"
    for hm in _HONORIFIC_ANY.finditer(text):
        a = hm.end() - 1
        if a in starts:
            continue
        run = _run_at(text, a)
        if run:
            words = [w for w, _, _ in run]
            if _is_place(words) or any(_is_qualifier_word(w) for w in words) or len(words) > 5:
                continue
            if len(words) == 1 and not foreign_shaped(words[0]):
                continue  # "ông Duy": a given name alone, read through the article's full names
            _put(spans, starts, a, run[-1][2], any(foreign_shaped(w) for w in words))
    # names known from elsewhere in the article: full names and foreign family names anywhere
    # ("ông Trump", "Trump nói"), a Vietnamese given name only right after a title head or an
    # honorific ("Thủ tướng Phúc", "ông Duy"), never inside a body's name ("Chính phủ")
    for k in known_here:
        found = []
        at = text.find(k)
        while at >= 0:  # whole words only; no regex compiled per name
            b = at + len(k)
            if (at == 0 or not (text[at - 1].isalnum() or text[at - 1] == ".")) \
                    and (b == len(text) or not text[b].isalnum()):
                if k not in cue_only:
                    found.append((at, b))
                elif _CUE_BEFORE.search(text, max(0, at - 40), at) and not _QUALIFIER_RE.match(text, at):
                    found.append((at, b))
            at = text.find(k, at + 1)
        for a, b in found:
            if a not in starts and not any(x < a < y for x, y, _ in spans.values()):
                spans[a] = (a, b, foreign_shaped(k.split()[-1]))
                starts.add(a)
    seps = [m.start() for m in _SEP.finditer(text)]
    tstarts = [m.start() for m in title_matches]
    shared = _shared_titles(text, title_matches, starts, cache)
    hits: list[PersonHit] = []
    for ns in sorted(spans):
        _, ne, foreign = spans[ns]
        name = text[ns:ne]
        hit = PersonHit(name, ns, ne, span_start=ns, span_end=ne, foreign=foreign)
        bm = _BRACKET_NAME.match(text, ne)
        if bm and ("-" in name or "." in name) and foreign_shaped(bm.group(1).split()[-1]):
            hit.surface, hit.name = name, bm.group(1)  # "Đô-nan Trăm (Donald Trump)": the original spelling
            hit.span_end = bm.end()
            hit.foreign = True
        vietnamese = not hit.foreign
        # 1. titles right before the name, and the comma-separated chain before them
        seg_start = _segment_start(seps, ns)
        pre_titles = _titles_ending_at(text, seg_start, ns, title_matches, starts, cache=cache, tstarts=tstarts)
        if pre_titles:
            hit.rule = "person.title-name"
            if any(f for _, _, f in pre_titles):
                hit.foreign = True
                vietnamese = False
            chain = [pre_titles]
            cut = seg_start - 1
            if text[seg_start:pre_titles[0][0]].strip():
                cut = -1  # "…, trong buổi tiếp Bộ trưởng X": the chain is this title alone
            while cut > 0 and text[cut] == ",":
                prev_start = _segment_start(seps, cut)
                prev = _titles_ending_at(text, prev_start, cut, title_matches, starts, cache=cache,
                                         tstarts=tstarts)
                if not prev or prev[0][0] in claimed:
                    break  # no title, or the apposition of a name before: "ông A, Chủ tịch X, Thủ tướng B"
                lead = text[prev_start:prev[0][0]]
                if _OBJECT_LEAD.search(lead):
                    break  # "Sau cuộc tiếp Thị trưởng Rotterdam, Thủ tướng B": whom B received, not B's post
                if _BECOMES_END.search(lead) or any(prev_start <= s0 < prev[0][0] for s0 in starts):
                    break  # "A được cử làm Bí thư Thành ủy, Phó chủ tịch B …": A's new post, not B's
                chain.insert(0, prev)
                if text[prev_start:prev[0][0]].strip(" -–"):
                    break  # "Tham gia đoàn có Ủy viên Bộ Chính trị, …": the chain starts here
                cut = prev_start - 1
            hit.span_start = chain[0][0][0]
            for group in chain:
                for a, b, _ in group:
                    claimed.add(a)
                    _add_office(hit, text[a:b], vietnamese)
        else:
            hm = _HONORIFIC_END.search(text[max(0, ns - 14):ns])
            if hm:
                hit.rule = "person.honorific"
                hit.span_start = max(0, ns - 14) + hm.start() + (1 if hm.group(0)[0] in " ,;:(" else 0)
                if text[hit.span_start - 2:hit.span_start] == ", ":
                    seg = _segment_start(seps, hit.span_start - 2)
                    before = _titles_ending_at(text, seg, hit.span_start - 2, title_matches, starts,
                                               whole=True, cache=cache, tstarts=tstarts)
                    if before and before[0][0] not in claimed:
                        for a, b, f in before:  # "Đặc phái viên …, ông Staffan de Mistura"
                            claimed.add(a)
                            _add_office(hit, text[a:b], vietnamese and not f)
        # 2. appositions after the name: ", Ủy viên Bộ Chính trị, Phó Thủ tướng, …"
        pos = hit.span_end
        post = 0
        while pos < len(text) and text[pos] in ",-–" or text.startswith(" - ", pos):
            q = pos + 1
            while q < len(text) and text[q] in " -–":
                q += 1
            if not TITLE_RE.match(text, q) or q in claimed:
                break
            titles, end = parse_title(text, q, starts, cache)
            if not titles:
                break
            after = text[end:end + 1]
            if end + 1 < len(text) and text[end] == " " and ((end + 1) in starts or text[end + 1].isupper()):
                break  # the title belongs to the next name: ", Phó Thủ tướng Bùi Thanh Sơn"
            if text.startswith(" và ", end) and TITLE_RE.match(text, end + 4):
                break  # "Thủ tướng Nga Dmitry Medvedev, Chủ tịch Đuma quốc gia và Chủ tịch …": a list of others
            if len(titles) == 1 and titles[0][1] == TITLE_RE.match(text, q).end() and text[end:end + 1] == " " \
                    and text[end + 1:end + 2].islower() and not text.startswith(" và ", end):
                break  # ", Thủ tướng hoan nghênh …": a bare title is the subject of a new clause
            for a, b, _ in titles:
                claimed.add(a)
                _add_office(hit, text[a:b], vietnamese)
                post += 1
            pos = end
            hit.span_end = end
            if after not in (",",):
                break
        if post and hit.rule == "person.title":
            hit.rule = "person.apposition"
        for a, b, list_end in shared:
            if a < ns < list_end and not any(a2 < ns and a2 > a for a2, _, _ in shared):
                label = office_label(text[a:b], vietnamese)
                if label[0]:
                    hit.offices.insert(0, label[:2])
                if hit.rule == "person.title":
                    hit.rule = "person.listed"
                break
        if known and name in known:
            if hit.rule == "person.title" and name in cue_only:
                continue  # "Phúc" alone is no mention; "Thủ tướng Phúc" is
            hit.name = known[name]
            if hit.rule == "person.title":
                hit.rule = "person.known-name"
        if hit.rule == "person.title":
            continue  # a name shape alone, with no cue: not enough to say it is a person
        if len(hit.name.split()) == 1 and not hit.foreign and not (known and name in known):
            continue  # "Thủ tướng Phúc": a given name alone, resolved through the article
        if pre_titles and any(f for _, _, f in pre_titles) and hit.rule == "person.title-name":
            hit.rule = "person.foreign-title"
        hits.append(hit)
    hits.sort(key=lambda h: h.start)
    return hits


def _put(spans: dict, starts: set, a: int, b: int, foreign: bool) -> None:
    """Add the name span a..b, dropping the shape-only spans it overlaps: a span read from
    its cue ("châu Âu | Donald Tusk") knows better where the name starts."""
    for x in [x for x, (x0, x1, _) in spans.items() if x0 < b and a < x1]:
        del spans[x]
        starts.discard(x)
    spans[a] = (a, b, foreign)
    starts.add(a)


def _add_office(hit: PersonHit, title: str, vietnamese: bool) -> None:
    if _PLURAL_TITLE.search(title):
        return  # "Bộ trưởng các Bộ: …" heads a list of several offices, no one's office
    label, org, implied = office_label(title, vietnamese)
    if label:
        hit.offices.append((label, org))
        if implied:
            hit.implied.add(label)


def _run_at(text: str, pos: int) -> list[tuple[str, int, int]] | None:
    """The capitalised run that starts exactly at ``pos``, to its first country or body
    word, at most four words."""
    m = _RUN_RE.match(text, pos)
    if not m:
        return None
    out = []
    for x in _split_run(m):
        if _is_qualifier_word(x[0]) or x[0] in NOT_NAME_WORDS:
            break
        out.append(x)
    return out[:4] or None


def _shared_titles(text: str, title_matches, starts: set[int], cache: dict) -> list[tuple[int, int, int]]:
    """Titles shared by a list: ``các đồng chí Ủy viên Bộ Chính trị: A, Chủ tịch nước; B, …``
    -> ``(title start, title end, list end)``. A list of "title name" items separated by
    commas ends at the first semicolon (``các Ủy viên Trung ương Đảng: Bộ trưởng A, Bộ
    trưởng B; Đại sứ C``); one of "name, title" items separated by semicolons runs on."""
    out = []
    for m in title_matches:
        if ":" not in text[m.end():]:
            continue
        titles, end = parse_title(text, m.start(), starts, cache)
        if titles and text[end:end + 1] == ":":
            semi = text.find(";", end)
            first_item = text[end + 1:semi] if semi > 0 else ""
            comma_items = semi > 0 and sum(1 for a in starts if end < a < semi) >= 2
            out.append((titles[0][0], titles[-1][1], semi if comma_items else len(text)))
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
        if _EVENT_HEAD_BEFORE.search(text, max(0, m.start() - 25), m.start()):
            continue  # "Hội nghị Bộ trưởng Ngoại giao ASEAN …": the title names the event, not a person
        titles, t_end = parse_title(text, m.start(), starts, cache)
        if titles and text[t_end:end].strip(" -–") == "":
            if whole and text[seg_start:m.start()].strip(" -–"):
                continue  # only titles in the segment
            return titles
    return []
