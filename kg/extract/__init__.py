"""Finding facts in one article: a pure function, ``Article -> ArticleFacts``.

>>> from kg.extract import extract_facts       # doctest: +SKIP
>>> facts = extract_facts(article)               # no I/O, no global state: safe to parallelise

Sentences are read in order; photo captions are skipped (they repeat the body and may
name people the body does not). Matchers live beside this module, one per kind of fact;
this module ties their hits together: which event a ``hội nghị`` refers to, whose role a
verb gives, which date belongs to which event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.directives import find_directives
from kg.extract.events import (HEAD_RE, INLINE_DATE, SENTENCE_DATE, SENTENCE_RANGE, SENTENCE_YEAR,
                               EventHit, find_events, location_in, valid_md)
from kg.extract.lexicon import OBJECTLESS_VERBS, OPENERS, ROLE_VERBS, fix_tones, fold
from kg.extract.persons import PersonHit, find_persons
from kg.extract.roles import find_organizations, find_roles
from kg.text import is_syllable, phrase_regex
from kg.model import (Article, ArticleFacts, DirectiveLinkMention, DirectiveMention,
                      EventMention, OfficeMention, OrgMention, ParticipationMention,
                      PartialDate, PersonMention, Provenance, RoleMention)
from kg.read.sentences import split_sentences

__all__ = ["extract_facts"]

_VERB_RE = phrase_regex(ROLE_VERBS)
# cheap checks before the matchers that need them
_DIRECTIVE_CUE = re.compile(r"Chỉ thị|Nghị quyết|Kết luận|Quyết định|Nghị định|Quy định|Thông tư|Hướng dẫn")
_ROLE_CUE = re.compile(r"[Cc]hủ tịch|[Tt]hành viên|[Ủủ]y viên|[Uu]ỷ viên|[Cc]hủ nhà|[Đđ]iều phối viên")
_OPENER_RE = re.compile(r"^(%s)(?![\wÀ-ỹĐđ])" % "|".join(
    map(re.escape, sorted({o[0].upper() + o[1:] for o in OPENERS}, key=len, reverse=True))))
_FILLER = re.compile(r"^[\s,]*(?:(?:đã|cũng|sẽ|vừa|đều|cùng|đến|tới|trực tiếp|đồng thời|đang|lần lượt)\s+)*"
                     r"(?:dẫn đầu (?:Đoàn|đoàn)[^,;.]{0,60}? (?:sang |đến |tới )?)?$")
_SEPARATOR = re.compile(r"^\s*(?:,|;|và|,\s*và|;\s*và)\s*$")
_PASSIVE_CHAIR = re.compile(r"(?<![\wÀ-ỹĐđ])(?:do|dưới sự chủ trì của)\s+$")
_PASSIVE_ATTEND = re.compile(r"(?<![\wÀ-ỹĐđ])(?:với sự tham dự của|có sự tham dự của|với sự tham gia của|có sự tham gia của)\s+$")
_QUALIFIER = re.compile(r"^Tại (điểm cầu [^,]{2,40}),")
_REVIEW_WORDS = re.compile(r"sơ kết|tổng kết|đánh giá|rà soát|nhìn lại|kiểm điểm", re.I)
_IMPLEMENT_WORDS = re.compile(r"triển khai|thực hiện|quán triệt|học tập|hướng dẫn", re.I)
_FAMILY = {"summit": "conference", "conference": "conference", "meeting": "meeting",
           "session": "meeting", "congress": "congress", "forum": "forum",
           "seminar": "seminar", "ceremony": "ceremony", "dialogue": "dialogue",
           "part": "part"}


@dataclass
class _Local:
    """An event of this article while it is being read."""

    mention: EventMention
    family: str
    key_words: str
    last_pos: int = 0
    names: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, article: Article):
        self.a = article
        self.facts = ArticleFacts(article)
        self.events: list[_Local] = []
        self.current: _Local | None = None  # the event the article is telling about now
        self.recent: _Local | None = None
        self.adate = PartialDate.parse(article.date) if article.date else None
        self.foreign: set[str] = set()  # persons of the article with a foreign name or title

    # ------------------------------------------------------------------ provenance
    def prov(self, s, rule: str) -> Provenance:
        return Provenance(self.a.id, s.start, s.end, s.text, rule)

    # ------------------------------------------------------------------ events
    def local_event(self, hit: EventHit, s, pos: int) -> _Local | None:
        family = _FAMILY.get(hit.kind, hit.kind)
        if hit.mode == "generic":
            return self.resolve_generic(hit, family)
        key = hit.key_words if hit.mode == "named" else fold(hit.name)
        match = None
        for ev in self.events:
            if ev.key_words == key and ev.family == family:
                o1, o2 = ev.mention.ordinal, hit.ordinal
                if o1 == o2 or o1 is None or o2 is None:
                    match = ev
                    if o1 == o2:
                        break
        if match and hit.ordinal is None and hit.mode == "named":
            same = [e for e in self.events if e.key_words == key and e.family == family]
            if len({e.mention.ordinal for e in same}) > 1:
                match = None  # "Hội nghị Ngoại giao" when the article has two of them
        if match:
            m = match.mention
            if m.ordinal is None and hit.ordinal is not None:
                m.ordinal = hit.ordinal
            if hit.name not in match.names:
                match.names.append(hit.name)
            m.provs.append(self.prov(s, f"event.{hit.mode}"))
            match.last_pos = pos
            return match
        # "Hội nghị lần thứ 8" names no body: this article's event, not merged with others
        # ("Đại hội XIII" alone is the Party's congress: that one is shared)
        scoped = hit.mode == "named" and key == fold(hit.head) and hit.kind != "congress"
        mention = EventMention(local=f"e{len(self.events) + 1}", name=hit.name, kind=hit.kind,
                               ordinal=hit.ordinal, generic=scoped,
                               provs=[self.prov(s, f"event.{hit.mode}")])
        ev = _Local(mention, family, key, pos, [hit.name])
        self.events.append(ev)
        return ev

    def resolve_generic(self, hit: EventHit, family: str) -> _Local | None:
        """``hội nghị`` is the event the article is telling about; ``hội nghị này`` the one
        just named; ``phiên khai mạc`` a part of the current event."""
        if family == "part":
            return self.current or self.recent
        if hit.anaphoric and self.recent and self.recent.family == family:
            return self.recent
        if hit.anaphoric:
            same = [e for e in self.events if e.family == family]
            if same:
                return max(same, key=lambda e: e.last_pos)
        if self.current and self.current.family == family:
            return self.current
        same = [e for e in self.events if e.family == family]
        return max(same, key=lambda e: e.last_pos) if same else None

    def generic_event(self, hit: EventHit, s, pos: int) -> _Local:
        """An event known only as "cuộc họp": this article's own, named as written."""
        family = _FAMILY.get(hit.kind, hit.kind)
        name = hit.name.split(" ")
        label = " ".join([name[0][0].upper() + name[0][1:]] + name[1:])
        label = re.sub(r" (?:này|lần này|nói trên|đó)$", "", label)
        mention = EventMention(local=f"e{len(self.events) + 1}", name=label, kind=hit.kind,
                               generic=True, provs=[self.prov(s, "event.generic")])
        ev = _Local(mention, family, fold(label), pos, [label])
        self.events.append(ev)
        return ev

    # ------------------------------------------------------------------ dates
    def date_from(self, d: int, mo: int, y: str | None) -> PartialDate | None:
        if not valid_md(d, mo):
            return None
        if y:
            return PartialDate(int(y), mo, d)
        if self.adate and self.adate.year:
            year = self.adate.year
            if self.adate.month and (mo - self.adate.month) % 12 > 2 and mo > self.adate.month:
                year -= 1  # "Chiều 29-12" in a paper of 2 January is last year's December
            return PartialDate(year, mo, d)
        return PartialDate(None, mo, d)

    # ------------------------------------------------------------------ the sentence loop
    def read(self) -> ArticleFacts:
        sentences = [s for s in split_sentences(self.a.text, self.a.captions) if not s.caption]
        hits_by_s = [find_persons(s.text) for s in sentences]
        known, cue_only = _article_names([h for hits in hits_by_s for h in hits])
        for s, first in zip(sentences, hits_by_s):
            found = {h.name for h in first}
            again = known and any(k in s.text and k not in found for k in known)
            persons = find_persons(s.text, known, cue_only) if again else first
            for h in persons:
                h.name = known.get(h.name, h.name)
            self.sentence(s, persons)
        self.finish()
        return self.facts

    def sentence(self, s, persons: list[PersonHit]) -> None:
        f = self.facts
        text = s.text
        # the date a person is shown in office: the sentence's own full date ("Ngày 5/10/2009,
        # Bộ trưởng … Phạm Gia Khiêm …"), else the article's date
        shown_on = self.adate
        dm0 = SENTENCE_DATE.match(text) if persons else None
        if dm0:
            d0 = self.date_from(int(dm0.group(1)), int(dm0.group(2)), dm0.group(3))
            if d0 and d0.year:
                shown_on = d0
        for h in persons:
            f.persons.append(PersonMention(h.name, self.prov(s, h.rule)))
            for office, org in h.offices:
                f.offices.append(OfficeMention(h.name, office, org, shown_on,
                                               self.prov(s, "office." + h.rule.split(".")[1]),
                                               implied=office in h.implied))
            if h.foreign:
                self.foreign.add(h.name)
        # events of the sentence, each tied to an article event (generic ones may be None)
        hits = find_events(text, frozenset(h.span_start for h in persons) | frozenset(h.start for h in persons))
        placed: list[tuple[EventHit, _Local | None]] = []
        for hit in hits:
            ev = self.local_event(hit, s, s.start + hit.start)
            placed.append((hit, ev))
            if ev is not None and hit.mode != "generic":
                self.recent = ev
        roles_given = self.participations(s, persons, placed)
        focus = self.focus(placed, roles_given)
        # dates: "Ngày 25/1, …" dates the sentence's focus event
        dm = SENTENCE_DATE.match(text)
        rm = SENTENCE_RANGE.match(text)
        if rm and focus is not None and focus.mention.date is None:
            y = rm.group(5)
            end = self.date_from(int(rm.group(3)), int(rm.group(4)), y)
            start = self.date_from(int(rm.group(1)), int(rm.group(2) or rm.group(4)), y or (str(end.year) if end and end.year else None))
            if start:
                focus.mention.date, focus.mention.end = start, end
                focus.mention.provs.append(self.prov(s, "date.sentence-start"))
            dm = dm or rm
        elif dm and focus is not None and focus.mention.date is None:
            date = self.date_from(int(dm.group(1)), int(dm.group(2)), dm.group(3))
            if date:
                focus.mention.date = date
                focus.mention.provs.append(self.prov(s, "date.sentence-start"))
                loc = location_in(text)
                if loc and not focus.mention.location:
                    focus.mention.location = loc
        for i, (hit, ev) in enumerate(placed):
            if ev is None or hit.mode == "generic":
                continue
            im = INLINE_DATE.match(text, hit.end)
            if not im:
                continue
            start, end = self.inline_dates(im)
            if not start:
                continue
            targets = [ev]
            # "Hội nghị Ngoại giao 29 và Hội nghị Ngoại vụ 18 (từ 21 - 26/8)"
            j = i - 1
            while j >= 0 and placed[j][1] is not None and text[placed[j][0].end:placed[j + 1][0].start].strip() in ("và", ","):
                targets.append(placed[j][1])
                j -= 1
            for t in targets:
                if t.mention.date is None:
                    t.mention.date, t.mention.end = start, end
                    t.mention.provs.append(self.prov(s, "date.inline"))
        if focus is not None and focus.mention.location is None:
            m = re.search(r"(?:diễn ra|được tổ chức|tổ chức) (?:trọng thể |long trọng )?(?:tại)", text)
            if m:
                loc = location_in(text[m.start():])
                if loc:
                    focus.mention.location = loc
        if focus is not None and (dm or roles_given) and not any(
                h.anaphoric for h, e in placed if e is focus):
            self.current = focus
        # directives, and the events that review or implement them
        for d in (find_directives(text) if _DIRECTIVE_CUE.search(text) else ()):
            local = f"d{len(f.directives) + 1}"
            f.directives.append(DirectiveMention(local, d.kind, d.number, d.code, d.issuer,
                                                 d.subject, d.label, self.prov(s, "directive.code" if not d.congress else "directive.congress")))
            if d.congress:
                f.directives[-1].issuer = d.congress
            for hit, ev in placed:
                if ev is not None and hit.mode == "descriptive" and hit.start < d.start < hit.end:
                    rel = "reviews" if _REVIEW_WORDS.search(hit.name) else (
                        "implements" if _IMPLEMENT_WORDS.search(hit.name) else None)
                    if rel:
                        f.directive_links.append(DirectiveLinkMention(ev.mention.local, local, rel,
                                                                      self.prov(s, f"directive.{rel}")))
        # international roles and organisations
        spans = [(h.start, h.end) for h in persons]
        ym = SENTENCE_YEAR.match(text)
        for r in (find_roles(text, spans) if _ROLE_CUE.search(text) else ()):
            y1, y2 = r.start_year, r.end_year
            if y1 is None and ym:  # "Tháng 10/2009, Việt Nam đảm nhiệm cương vị Chủ tịch …"
                y1 = y2 = int(ym.group(1))
            f.roles.append(RoleMention(r.holder, r.role, r.org, y1, y2,
                                       self.prov(s, "role.international"), r.reelected))
        for o in find_organizations(text, {h.start for h in persons}):
            f.organizations.append(OrgMention(o.name, o.surface, o.kind, self.prov(s, "org.name")))

    def inline_dates(self, m) -> tuple[PartialDate | None, PartialDate | None]:
        g = m.groups()
        if g[3]:  # a range: d1[/m1][/y1] - d2/m2[/y2]
            d1, m1, y1, d2, m2, y2 = g[0], g[1], g[2], g[3], g[4], g[5]
            y = y2 or y1
            start = self.date_from(int(d1), int(m1 or m2), y1 or y)
            end = self.date_from(int(d2), int(m2), y)
            return start, end
        if g[6]:
            return self.date_from(int(g[6]), int(g[7]), g[8]), None
        if g[9]:
            return self.date_from(int(g[9]), int(g[10]), g[11]), None
        return None, None

    def focus(self, placed, roles_given: list[_Local]) -> _Local | None:
        if roles_given:
            return roles_given[0]
        for hit, ev in placed:
            if ev is not None and hit.mode != "generic":
                return ev
        for hit, ev in placed:
            if ev is not None:
                return ev
        return None

    # ------------------------------------------------------------------ roles of persons
    def participations(self, s, persons: list[PersonHit], placed) -> list[_Local]:
        text = s.text
        given: list[_Local] = []
        if not persons:
            return given
        qm = _QUALIFIER.match(text)
        qualifier = ("tại " + qm.group(1)) if qm else None

        def event_at(pos: int, allow_gap: int = 1):
            for hit, ev in placed:
                if 0 <= hit.start - pos <= allow_gap:
                    return hit, ev
            return None, None

        def ensure(hit, ev):
            if ev is None and hit is not None and hit.mode == "generic":
                ev = self.generic_event(hit, s, s.start + hit.start)
                for k, (h2, e2) in enumerate(placed):
                    if h2 is hit:
                        placed[k] = (h2, ev)
            return ev

        def add(person: PersonHit, ev: _Local, detail: str, rule: str):
            if " và " in detail:  # "dự và phát biểu chỉ đạo": two roles as written
                for part in detail.split(" và "):
                    add(person, ev, part, rule)
                return
            role = ROLE_VERBS.get(detail, "participant")
            if detail in ("chủ trì", "đồng chủ trì", "chủ tọa"):
                role = "chair"
            self.facts.participations.append(ParticipationMention(
                person.name, ev.mention.local, role, detail,
                qualifier if role == "chair" else None, self.prov(s, rule)))
            if ev not in given:
                given.append(ev)

        # 1. an opening phrase: "Phát biểu khai mạc hội nghị, X …", "Tham dự hội nghị có X …"
        om = _OPENER_RE.match(text)
        if om:
            opener = om.group(1).lower()
            detail = OPENERS[opener]
            hit, ev = event_at(om.end() + 1, 6)
            after = hit.end if hit else om.end()
            rest = text[after:]
            if hit is None and (opener == "tại" or not re.match(r"\s*,", rest) or self.current is None) \
                    and opener not in ("tại báo cáo", "báo cáo tại"):
                pass  # "Tại Hà Nội, …" places nothing; "Phát biểu khai mạc, X …" is the current event
            else:
                if hit is not None:
                    ev = ensure(hit, ev)
                else:
                    ev = self.current
                if ev is not None:
                    if re.match(r"\s+có\s", rest):
                        for p in persons:
                            if p.start > after:
                                add(p, ev, detail, "participation.listed")
                    elif re.match(r"\s*,", rest):
                        comma = after + rest.index(",")
                        for p in self.subject_chain(persons, text, comma + 1):
                            add(p, ev, detail, "participation.opener")
        # 2. subject + verb + event: "X, Y và Z đồng chủ trì cuộc họp", "X dự Hội nghị …"
        for vm in _VERB_RE.finditer(text):
            verb = vm.group(0)
            if om and vm.start() < om.end():
                continue
            end = vm.end()
            details = [verb]
            while True:  # "dự và phát biểu chỉ đạo"
                more = re.compile(r" và ").match(text, end)
                v2 = _VERB_RE.match(text, more.end()) if more else None
                if not v2:
                    break
                details.append(v2.group(0))
                end = v2.end()
            hit, ev = event_at(end + 1, 1)
            if hit is None:
                # "X dự và phát biểu chỉ đạo; …": the current event, when the verb ends its clause
                if self.current is not None and all(d in OBJECTLESS_VERBS for d in details) \
                        and re.match(r"\s*(?:[;.]|$|, (?:cùng|và))", text[end:]):
                    for p in self.subjects_before(persons, text, vm.start()):
                        for d in details:
                            add(p, self.current, d, "participation.subject-verb")
                continue
            ev = ensure(hit, ev)
            if ev is None:
                continue
            for p in self.subjects_before(persons, text, vm.start()):
                for d in details:
                    add(p, ev, d, "participation.subject-verb")
        # 3. passives: "… do X chủ trì", "dưới sự chủ trì của X", "với sự tham dự của X, Y"
        for p_idx, p in enumerate(persons):
            before = text[max(0, p.span_start - 60):p.span_start]  # a window: linear in long sentences
            is_chair = _PASSIVE_CHAIR.search(before) and re.match(r"\s*chủ trì", text[p.span_end:]) \
                or re.search(r"dưới sự chủ trì của\s+$", before)
            is_att = _PASSIVE_ATTEND.search(before)
            if not (is_chair or is_att):
                continue
            prev = [(h, e) for h, e in placed if h.end <= p.span_start and e is not None]
            ev = prev[-1][1] if prev else self.current
            if ev is None:
                continue
            group = [p] + (self.subject_chain(persons[p_idx + 1:], text, p.span_end, True) if is_att else [])
            for q in group:
                add(q, ev, "chủ trì" if is_chair else "dự", "participation.passive")
        return given

    @staticmethod
    def subject_chain(persons: list[PersonHit], text: str, pos: int, skip_first: bool = False) -> list[PersonHit]:
        """Persons listed from ``pos`` on: ``X, Y và Z`` with their titles."""
        out: list[PersonHit] = []
        cur = pos
        for p in persons:
            if p.span_start < cur:
                continue
            gap = text[cur:p.span_start]
            if (not out and not skip_first and gap.strip() == "") or (out or skip_first) and _SEPARATOR.match(gap or ","):
                out.append(p)
                cur = p.span_end
                continue
            if not out and not skip_first and gap.strip() == "":
                out.append(p)
                cur = p.span_end
                continue
            break
        return out

    @staticmethod
    def subjects_before(persons: list[PersonHit], text: str, verb_start: int) -> list[PersonHit]:
        """The persons listed right before a verb: its subjects."""
        before = [p for p in persons if p.span_end <= verb_start]
        if not before:
            return []
        last = before[-1]
        if not _FILLER.match(text[last.span_end:verb_start]):
            return []
        out = [last]
        for p in reversed(before[:-1]):
            gap = text[p.span_end:out[0].span_start]
            if _SEPARATOR.match(gap) or re.match(r"^\s*[,;]?\s*(?:và\s+)?(?:các\s+)?(?:đồng chí|ông|bà)?\s*$", gap):
                out.insert(0, p)
            else:
                break
        return out

    # ------------------------------------------------------------------ wrapping up
    def finish(self) -> None:
        for ev in self.events:
            m = ev.mention
            names = [n for n in ev.names if n != m.name]
            best = _best_name([m.name] + names)
            m.name = best[0].upper() + best[1:]
            m.aliases = [n for n in ev.names if n != m.name]
            self.facts.events.append(m)
        self.facts.offices = _fuller_offices(self.facts.offices, self.foreign)
        # "thành viên Hội đồng Nhân quyền" said again without its years is the same tenure
        dated = {(r.holder, r.role) for r in self.facts.roles if r.start}
        self.facts.roles = [r for r in self.facts.roles if r.start or (r.holder, r.role) not in dated]


def _article_names(hits: list[PersonHit]) -> tuple[dict[str, str], set[str]]:
    """Names of the article's persons -> their full form, and the short forms that count only
    beside a title or an honorific.

    A person is named in full once and short elsewhere: "Tổng thống Mỹ Donald Trump" …
    "ông Trump", "V.Putin" for "Vladimir Putin", "Thủ tướng Phúc" for "Nguyễn Xuân Phúc".
    A short form that fits two full names stays as it is."""
    full = sorted({h.name for h in hits if len(h.name.split()) >= 2})
    known: dict[str, str] = {n: n for n in full}
    cue_only: set[str] = set()
    shorts: dict[str, set[str]] = {}
    for n in full:
        words = n.split()
        last = words[-1]
        shorts.setdefault(last, set()).add(n)
        if len(words) >= 2 and "." not in words[0]:
            shorts.setdefault(f"{words[0][0]}.{last}", set()).add(n)  # V.Putin
            if len(words) == 3 and not is_syllable(last):
                shorts.setdefault(" ".join(words[1:]), set()).add(n)
    for short, names in shorts.items():
        if len(names) == 1 and short not in known:
            target = next(iter(names))
            known[short] = target
            if is_syllable(short.split()[-1]):
                cue_only.add(short)  # a Vietnamese given name: only "Thủ tướng Phúc", "ông Phúc"
    for h in hits:  # a transliteration given once with the original: "Đô-nan Trăm (Donald Trump)"
        if h.surface and h.surface not in known:
            known[h.surface] = h.name
    for h in hits:  # short names found with a cue but whose full form is elsewhere
        if h.name not in known and "." in h.name:
            last = h.name.split(".")[-1]
            if last in known:
                known[h.name] = known[last]
    return known, cue_only


def _fuller_offices(offices: list[OfficeMention], foreign: set[str]) -> list[OfficeMention]:
    """One office per person in its fullest form: "Bộ trưởng" beside "Bộ trưởng Bộ Ngoại giao"
    is the same office; a foreign person's "Thủ tướng" keeps no implied "Chính phủ"."""
    by_person: dict[str, set[str]] = {}
    for o in offices:
        if o.implied and o.person in foreign:
            head = o.office[: -len(" Chính phủ")] if o.office.endswith(" Chính phủ") else o.office
            o.office, o.org, o.implied = head, None, False
        by_person.setdefault(o.person, set()).add(o.office)
    for o in offices:
        key = fold(o.office)
        longer = [x for x in by_person[o.person]
                  if fold(x).startswith(key + " ") and not fold(x)[len(key):].strip().startswith("thuong truc")]
        if longer:
            o.office = max(longer, key=lambda x: (len(x), x))
    return offices


def _best_name(names: list[str]) -> str:
    """The label of an event: a capitalised head, "lần thứ" ordinal, the longest named form."""
    def score(n: str):
        return (n[0].isupper(), "lần thứ" in n, len(n) < 120, len(n))
    return max(names, key=score)


def extract_facts(article: Article) -> ArticleFacts:
    """All facts one article states, each with the sentence and rule it came from.

    Pure: reads only ``article``. Never raises on odd text (a matcher that cannot place a
    mention leaves it out).
    """
    return _Reader(article).read()
