"""Vietnam's international roles, and the organisations an article names.

Roles are written as a post in an international body, with the years:
``Chủ tịch ASEAN 2020``, ``Chủ tịch AIPA năm 2021``, ``Ủy viên không thường trực Hội đồng
Bảo an Liên Hợp Quốc nhiệm kỳ 2020-2021``, ``thành viên và tái cử Hội đồng Nhân quyền Liên
hợp quốc``, ``là thành viên của Hội đồng nhân quyền, ECOSOC``. The holder is the country
written before the role in the sentence, else Việt Nam (the subject of Vietnamese
diplomatic news when none is written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import COUNTRIES, ORGANIZATIONS, ROLE_CUES, ROLE_NOT_HELD, ROLE_TITLES, TITLE_HEADS, fix_tones
from kg.text import UPPER, WORD_STARTED, phrase_regex, trie_alternation

_ALIAS: dict[str, str] = {}
for _name, (_kind, _aliases) in ORGANIZATIONS.items():
    for _a in (_name, *_aliases):
        _ALIAS[_a] = _name
_INTL = {n for n, (k, _) in ORGANIZATIONS.items() if k == "international"}
_INTL_SURFACES = [a for a, n in _ALIAS.items() if n in _INTL]
ORG_RE = phrase_regex(list(_ALIAS))
_INTL_RE = phrase_regex(_INTL_SURFACES)
_COUNTRY_ALIAS = {a: c for c, al in COUNTRIES.items() for a in (c, *al) if a[0].isupper()}
COUNTRY_RE = phrase_regex(list(_COUNTRY_ALIAS))
_ROLE_RE = re.compile(
    r"(?<![\wÀ-ỹĐđ])(%s)(?: và tái cử| và tái đắc cử)?(?: của| tại)? " % "|".join(
        map(re.escape, sorted(ROLE_TITLES, key=len, reverse=True))))
_CUE_RE = phrase_regex(ROLE_CUES)
# a cue right before "thành viên": "là thành viên", "vai trò thành viên", "trúng cử thành viên"
_NEAR_CUE = re.compile(r"(?:^|[\s,])(?:%s)(?: (?:là|làm|của|thành công|chính thức|lần thứ \w+|một))* $"
                       % trie_alternation(ROLE_CUES + ["tư cách", "với tư cách"]))
_VN_RE = re.compile(r"Việt Nam|nước ta|\bta\b")
# Vietnamese diplomacy writes its own roles without a subject: "đảm nhiệm cương vị Chủ tịch ASEAN 2020"
_IMPLICIT_VN = re.compile(r"(?:đảm nhiệm|đảm nhận|cương vị|vai trò|trọng trách|ứng cử|trúng cử|tái cử|tái đắc cử|năm)(?: \w+){0,3} $")
_MORE_YEARS_RE = re.compile(r"(?:,| và|, và) (?:nhiệm kỳ |năm )?((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?(?!\d)")
_CAPACITY = re.compile(r"(?:cương vị|tư cách|vai trò)(?: là)?(?: [^,;.]{0,60})? $")
_PLACE_BEFORE = re.compile(r"(?<![\wÀ-ỹĐđ])(?:tại|ở|đến|tới)(?: [%s][\wÀ-ỹ-]*)*(?:,| và)? (?:[%s][\wÀ-ỹ-]* ?)*\Z"
                           % (UPPER, UPPER))
# a country that qualifies a title or a body right before it: "Thứ trưởng Bộ Công an Trung Quốc"
_QUALIFIES = re.compile(r"(?<![\wÀ-ỹĐđ])(?:%s)(?: [%s][^\s,;.()]*(?: [^\s,;.()]+){0,2})? \Z" % (trie_alternation(
    sorted({h for h in TITLE_HEADS} | {h.lower() for h in TITLE_HEADS})), UPPER))
_HOLDER_AFTER = re.compile(r"(?:,? (?:trong|vào|năm|nhiệm kỳ) [^,;.]{1,20})?, ")
_OTHER_STATES = re.compile(r"(?<![\wÀ-ỹĐđ])(?:các|những) (?:nước|quốc gia|nền kinh tế|doanh nghiệp|công ty|tổ chức)(?![\wÀ-ỹĐđ])")
_MEMBER_STATES = re.compile(r"(?:nước|quốc gia|các|những|nền kinh tế) $")
_YEARS_RE = re.compile(
    r"\s*(?:,\s*)?(?:sau |trong |cho )?(?:năm |nhiệm kỳ |khóa |giai đoạn )?((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?(?!\d)")
# Kind words of organisations written by pattern: "Bộ Ngoại giao", "Sở Ngoại vụ Hà Tĩnh",
# "Cục Ngoại vụ", "Ban Đối ngoại Trung ương", "Ủy ban Đối ngoại Quốc hội"
_ORG_PATTERN = re.compile(
    r"(%s [%s][\wÀ-ỹ]*(?: [\wÀ-ỹ]+){0,5})"
    % (trie_alternation(["Bộ", "Sở", "Cục", "Ban", "Ủy ban", "Uỷ ban", "Vụ", "Học viện"], after_first=WORD_STARTED), UPPER))


_FIRST_WORD: dict[str, list[str]] = {}
for _form in sorted(_ALIAS, key=len, reverse=True):
    _FIRST_WORD.setdefault(_form.split(" ")[0], []).append(_form)
_CAP_WORD = re.compile(r"(?<![\w])[%s][\w-]*" % UPPER)
# the capitalised words (as _CAP_WORD reads them) that open a known name, as one trie
_FIRST_WORD_RE = re.compile(r"%s(?![\w-])" % trie_alternation(
    [w for w in _FIRST_WORD if _CAP_WORD.fullmatch(w)], after_first=r"(?<!\w.)"))
_WORD_OR_HYPHEN = re.compile(r"[\w-]")
_UPPER_AT = re.compile(r"[%s]" % UPPER)


def _after_a_capitalised_word(text: str, s: int) -> bool:
    """A capitalised word of _CAP_WORD starts before ``s`` in its run of letters and hyphens
    ("Jean-Pierre"): then the word at ``s`` is inside it, not one of its own."""
    a = s
    while a > 0 and _WORD_OR_HYPHEN.match(text, a - 1):
        a -= 1
    return any(_UPPER_AT.match(text, i) and (i == a or text[i - 1] == "-") for i in range(a, s))


class _Match:
    """What :func:`_org_matches` finds, shaped like a regex match."""

    __slots__ = ("_s", "_e", "_t")

    def __init__(self, s: int, e: int, t: str):
        self._s, self._e, self._t = s, e, t

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e

    def group(self, _=0) -> str:
        return self._t


def _org_matches(text: str):
    """Known organisation names in ``text``, longest first at each place, left to right.

    Looked up by their first word: much faster than one regex of every name. The first
    words are found by one regex of them all, as capitalised words (``_CAP_WORD``) are read."""
    pos = 0
    for m in _FIRST_WORD_RE.finditer(text):
        if m.start() < pos or text[m.start() - 1:m.start()] == "-" and _after_a_capitalised_word(text, m.start()):
            continue
        for form in _FIRST_WORD[m.group(0)]:
            e = m.start() + len(form)
            if text.startswith(form, m.start()) and (e == len(text) or not text[e].isalnum()):
                yield _Match(m.start(), e, form)
                pos = e
                break


@dataclass
class RoleHit:
    start: int
    end: int
    holder: str
    role: str
    org: str
    start_year: int | None
    end_year: int | None
    reelected: bool


@dataclass
class OrgHit:
    start: int
    end: int
    name: str
    surface: str
    kind: str


def canonical_org(surface: str) -> str:
    s = fix_tones(surface)
    return _ALIAS.get(s, _ALIAS.get(surface, s))


def find_roles(text: str, person_spans: list[tuple[int, int]]) -> list[RoleHit]:
    out: list[RoleHit] = []
    prev_end, prev_holder = -10, None
    for m in _ROLE_RE.finditer(text):
        pos = m.end()
        orgs = []
        while True:
            om = _INTL_RE.match(text, pos)
            if not om:
                break
            org_end = om.end()
            # "Hội đồng Bảo an Liên Hợp Quốc": a council written with its parent body
            tail = re.match(r" (?:của )?(Liên Hợp Quốc|Liên hợp quốc|Liên Hiệp Quốc|Liên hiệp quốc|LHQ)(?![\wÀ-ỹĐđ])", text[org_end:])
            if tail and _ALIAS.get(om.group(0)) != "Liên Hợp Quốc":
                org_end += tail.end()
            orgs.append((om.start(), org_end, _ALIAS[om.group(0)]))
            nxt = re.match(r"(?:, | và )", text[org_end:])
            if nxt and _INTL_RE.match(text, org_end + nxt.end()):
                pos = org_end + nxt.end()
                continue
            break
        if not orgs or role_is_wished(text, m.start()):
            continue
        title = m.group(1)
        last_end = orgs[-1][1]
        ym = _YEARS_RE.match(text, last_end)
        y1 = int(ym.group(1)) if ym else None
        y2 = int(ym.group(2)) if ym and ym.group(2) else y1
        # a title followed by a person's name is an office ("Tổng Thư ký ASEAN Kao Kim Hourn")
        after = ym.end() if ym else last_end
        if any(a == after + 1 for a, _ in person_spans):
            continue
        before = text[max(0, m.start() - 40):m.start()]
        listed = prev_holder is not None and re.fullmatch(r",? (?:và )?|, ", text[prev_end:m.start()] or "x")
        if listed:  # "cương vị Chủ tịch ASEAN 2020, Chủ tịch AIPA năm 2021 và Ủy viên …": one holder
            _add_roles(out, m, orgs, title, after, prev_holder, y1, y2)
            prev_end = after
            continue
        if _MEMBER_STATES.search(before):
            continue  # "các nước thành viên ASEAN": member states, not a role
        near = _NEAR_CUE.search(text[max(0, m.start() - 30):m.start()])
        cue = _CUE_RE.search(before)
        if title.lower() in ("thành viên", "ủy viên") and not near:
            continue  # "thành viên" is a role only when said of someone: "là thành viên", "vai trò thành viên"
        if not (ym or cue or title.lower().startswith("ủy viên không")):
            continue
        holder = "Việt Nam"
        clause_start = max(text.rfind(";", 0, m.start()), text.rfind(":", 0, m.start())) + 1
        holder_at = None
        capacity = _CAPACITY.search(text[max(0, m.start() - 90):m.start()])
        for cm in COUNTRY_RE.finditer(text, clause_start, m.start()):
            if _PLACE_BEFORE.search(text, max(0, cm.start() - 50), cm.start()) \
                    or any(a <= cm.start() < b for a, b in person_spans):
                continue  # "Đại sứ … tại Mỹ", "tại Canada và Hàn Quốc", "Bộ trưởng Trần Tuấn Anh": no holder
            if _QUALIFIES.search(text, max(0, cm.start() - 30), cm.start()):
                continue  # "Thứ trưởng Bộ Công an Trung Quốc": the country of a body, not the subject
            holder, holder_at = _COUNTRY_ALIAS[cm.group(0)], cm.end()  # the nearest country before the role
            if capacity:
                break  # "Việt Nam đã tham dự … trên cương vị Chủ tịch ASEAN": the subject holds it
        if holder_at is not None and _OTHER_STATES.search(text, holder_at, m.start()):
            continue  # "Nga … các nước láng giềng là thành viên NATO": the neighbours are the members
        of = re.compile(r"(?:,? (?:năm|nhiệm kỳ) [0-9-–]+)? của ").match(text, after)
        named_after = _HOLDER_AFTER.match(text, after) if capacity else None
        if named_after and COUNTRY_RE.match(text, named_after.end()):
            # "trên cương vị … Chủ tịch Hội đồng Bảo an trong tháng 4/2021, Việt Nam …": the holder follows
            holder = _COUNTRY_ALIAS[COUNTRY_RE.match(text, named_after.end()).group(0)]
        elif of:  # "vai trò Chủ tịch ASEAN 2021 của Brunei Darussalam"
            cm = COUNTRY_RE.match(text, of.end())
            if cm:
                holder = _COUNTRY_ALIAS[cm.group(0)]
        elif holder == "Việt Nam" and not _VN_RE.search(text) and not _IMPLICIT_VN.search(before):
            continue  # no holder written, and the sentence is not about Việt Nam
        _add_roles(out, m, orgs, title, after, holder, y1, y2)
        # "nhiệm kỳ 2008-2009 và nhiệm kỳ 2020-2021": one role, several terms
        while ym:
            ym = _MORE_YEARS_RE.match(text, after)
            if ym:
                after = ym.end()
                _add_roles(out, m, orgs, title, after, holder, int(ym.group(1)),
                           int(ym.group(2)) if ym.group(2) else int(ym.group(1)))
        prev_end, prev_holder = after, holder
    return out


def _add_roles(out: list, m, orgs, title: str, after: int, holder: str, y1, y2) -> None:
    label_title = title[0].upper() + title[1:] if title.lower().startswith("ủy viên") else title
    if label_title.lower() == "thành viên":
        label_title = "thành viên"
    label_title = fix_tones(label_title).replace("Ủy viên Không", "Ủy viên không")
    if label_title.lower() in ("chủ nhà", "nước chủ nhà"):
        label_title = "nước chủ nhà"
    for a, b, org in orgs:
        out.append(RoleHit(m.start(), after, holder, f"{label_title} {org}", org, y1, y2,
                           "tái cử" in m.group(0) or "tái đắc cử" in m.group(0)))


def find_organizations(text: str, person_starts: set[int] | None = None) -> list[OrgHit]:
    """Organisations named in a sentence: by their known names, or by pattern (Bộ X, Sở X)."""
    person_starts = person_starts or set()
    out: list[OrgHit] = []
    taken: list[tuple[int, int]] = []
    for m in _org_matches(text):
        name = _ALIAS[m.group(0)]
        kind = ORGANIZATIONS[name][0]
        end = m.end()
        tail = re.match(r" (?:của )?(Liên Hợp Quốc|Liên hợp quốc|Liên Hiệp Quốc|LHQ)(?![\wÀ-ỹĐđ])", text[end:])
        if tail and kind == "international" and name != "Liên Hợp Quốc":
            out.append(OrgHit(m.start(), end + tail.end(), name, text[m.start():end + tail.end()], kind))
            taken.append((m.start(), end + tail.end()))
            continue
        out.append(OrgHit(m.start(), end, name, m.group(0), kind))
        taken.append((m.start(), end))
    for m in _ORG_PATTERN.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        words = m.group(1).split(" ")
        keep = [words[0], words[1]]
        pos = m.start() + len(words[0]) + 1 + len(words[1])
        for w in words[2:]:
            pos += 1
            if pos in person_starts:
                break
            pos += len(w)
            if w[0].isupper() or (keep[-1][0].isupper() and keep[-1] not in ("Bộ", "Sở", "Cục", "Ban", "Vụ")):
                if w in ("và", "của", "với", "về", "là", "đã", "có", "đến", "cho", "trong", "tại"):
                    break
                keep.append(w)
            else:
                break
        while keep and keep[-1][0].islower() and len(keep) > 2 and keep[-2][0].islower():
            keep.pop()
        surface = " ".join(keep)
        if len(keep) < 2:
            continue
        name = canonical_org(surface)
        out.append(OrgHit(m.start(), m.start() + len(surface), name, surface,
                          ORGANIZATIONS.get(name, ("government",))[0]))
    return out


# ----------------------------------------------------------------------------- hosts and co-chairs
# "APEC 2017 mà Việt Nam làm chủ nhà", "Việt Nam đăng cai APEC 2017", "với vai trò chủ nhà của
# MRT23", "Năm APEC 2017": a country hosting a gathering of an international body that year.
_ACRONYM = r"[A-Z][A-Z0-9]{1,9}(?:[ -]?\d{1,4})?"
_BODY = r"(?:%s|%s)" % (trie_alternation(_INTL_SURFACES), _ACRONYM)
_YEAR = r"(?:\s+(?:năm\s+)?((?:19|20)\d\d))?"
_HOSTED_BY = re.compile(r"(?<![\wÀ-ỹĐđ])(%s)%s,? (?:mà|do) (%s) (?:làm|là|đảm nhận vai trò|giữ vai trò) (?:nước )?chủ nhà"
                        % (_BODY, _YEAR, trie_alternation(_COUNTRY_ALIAS)))
_HOSTS = re.compile(r"(?<![\wÀ-ỹĐđ])(?:(vai trò|cương vị|tư cách) (?:là )?(?:nước )?chủ nhà(?: của)?|đăng cai(?: tổ chức)?"
                    r"|Năm) (%s)(?! [A-Z][a-z])%s(?![\wÀ-ỹĐđ])" % (_BODY, _YEAR))  # not "SEA Games"
# "Việt Nam sẽ cùng EU và Australia đồng chủ trì Nhóm giữa kỳ ARF về An ninh biển (ISM-MS)
#  giai đoạn 2018-2020": a country co-chairing a standing group of a body, for some years.
_CO_CHAIR = re.compile(r"(?<![\wÀ-ỹĐđ])đồng chủ trì ((?:Nhóm|Ủy ban|Tiểu ban|Diễn đàn|Hội đồng) [^,;.]{3,90}?)"
                       r"(?:\s+(?:giai đoạn|nhiệm kỳ|năm|trong năm)\s+((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?)")
_COUNTRY_ANY = re.compile(r"(?<![\wÀ-ỹĐđ])(%s)(?![\wÀ-ỹĐđ])" % "|".join(
    map(re.escape, sorted(list(_COUNTRY_ALIAS) + _INTL_SURFACES, key=len, reverse=True))))
_NOT_HELD = re.compile(r"(?<![\wÀ-ỹĐđ])(?:%s)(?![\wÀ-ỹĐđ])" % trie_alternation(ROLE_NOT_HELD))


def role_is_wished(text: str, start: int) -> bool:
    """A role that is hoped for, bid for or denied in its clause ("ủng hộ Canada trở thành Ủy
    viên …", "Việt Nam ứng cử …", "muốn gia nhập NATO") is no role held."""
    clause = max(text.rfind(";", 0, start), text.rfind(".", 0, start), text.rfind(":", 0, start)) + 1
    return bool(_NOT_HELD.search(text, max(clause, start - 80), start))


def find_host_roles(text: str, person_spans: list[tuple[int, int]] = ()) -> list[RoleHit]:
    """Countries hosting a body's gatherings: "chủ nhà APEC 2017", "đăng cai APEC", "Năm APEC"."""
    out: list[RoleHit] = []
    for m in _HOSTED_BY.finditer(text):
        body, year, holder = m.group(1), m.group(2), _COUNTRY_ALIAS[m.group(3)]
        y = int(year) if year else None
        out.append(RoleHit(m.start(), m.end(), holder, f"chủ nhà {_ALIAS.get(body, body)}", _ALIAS.get(body, body), y, y, False))
    for m in _HOSTS.finditer(text):
        if any(h.start <= m.start() < h.end for h in out) or role_is_wished(text, m.start()):
            continue
        body, year = m.group(2), m.group(3)
        if m.group(0).startswith("Năm") and not year:
            continue  # "Năm APEC" alone: not a year of hosting
        kind = "Năm" if m.group(0).startswith("Năm") else ("đăng cai" if "đăng cai" in m.group(0) else "chủ nhà")
        holder = "Việt Nam"
        clause = max(text.rfind(";", 0, m.start()), text.rfind(".", 0, m.start())) + 1
        before = [cm for cm in COUNTRY_RE.finditer(text, clause, m.start())
                  if not any(a <= cm.start() < b for a, b in person_spans)]
        if kind == "Năm":  # "Năm APEC 2017" is the host's year, whoever is named before it
            before = []
        after = COUNTRY_RE.match(text, m.end() + 2) if text[m.end():m.end() + 2] == ", " else None
        if after:  # "Với tư cách là chủ nhà APEC 2017, Việt Nam …"
            holder = _COUNTRY_ALIAS[after.group(0)]
        elif before:
            holder = _COUNTRY_ALIAS[before[-1].group(0)]
        elif not _VN_RE.search(text):
            continue
        y = int(year) if year else None
        name = _ALIAS.get(body, body)
        out.append(RoleHit(m.start(), m.end(), holder, f"{kind} {name}", name, y, y, False))
    return out


def find_co_chairs(text: str) -> list[RoleHit]:
    """Countries co-chairing a standing group, each a role: "Việt Nam sẽ cùng EU và Australia
    đồng chủ trì Nhóm … giai đoạn 2018-2020"."""
    out: list[RoleHit] = []
    for m in _CO_CHAIR.finditer(text):
        clause = max(text.rfind(";", 0, m.start()), text.rfind(".", 0, m.start())) + 1
        segment = max(clause, text.rfind(", ", clause, m.start()) + 2 if ", " in text[clause:m.start()] else clause)
        holders = []
        names = [cm.group(0) for cm in _COUNTRY_ANY.finditer(text, segment, m.start())]
        if "cùng" in text[segment:m.start()] and segment > clause:
            first = _COUNTRY_ANY.search(text, clause, m.start())  # "Việt Nam sẽ …, cùng Nhật Bản đồng chủ trì …"
            names = ([first.group(0)] if first else []) + names
        for name in names:
            h = _COUNTRY_ALIAS.get(name) or _ALIAS.get(name, name)
            if h not in holders:
                holders.append(h)
        if not holders or role_is_wished(text, m.start()):
            continue
        y1 = int(m.group(2))
        y2 = int(m.group(3)) if m.group(3) else y1
        group = m.group(1).strip()
        for h in holders:
            out.append(RoleHit(m.start(), m.end(), h, f"đồng chủ trì {group}", group, y1, y2, False))
    return out
