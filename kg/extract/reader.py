"""Reading one article, sentence by sentence, through the rule registry.

The reader keeps what an article has told so far — its events (so that ``hội nghị``
later in the text is the conference named before, and ``Tại buổi tiếp, …`` the reception
just told), the event it is telling about now, its persons and their offices (so that
``Thủ tướng`` alone is the Prime Minister it named), its date line — and hands each
sentence to every rule of :data:`kg.extract.rules.RULES` in turn.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kg.extract.events import EventHit
from kg.extract.lexicon import NOT_GIVEN_NAMES, ROLE_VERBS, TITLE_HEADS
from kg.extract.persons import (TITLE_RE, PersonHit, find_persons, foreign_shaped, is_qualifier_word, office_key,
                                parse_title)
from kg.extract.rules import RULES
from kg.model import (Article, ArticleFacts, EventMention, OfficeMention, ParticipationMention,
                      PartialDate, Provenance, Sentence)
from kg.read.sentences import split_sentences
from kg.text import UPPER, fold, is_syllable

FAMILY = {"summit": "conference", "conference": "conference", "meeting": "meeting",
          "session": "meeting", "congress": "congress", "forum": "forum",
          "seminar": "seminar", "ceremony": "ceremony", "dialogue": "dialogue",
          "part": "part", "talks": "talks", "reception": "talks", "press": "press",
          "negotiation": "negotiation", "hearing": "hearing", "work": "work"}
CHAIR_DETAILS = ("chủ trì", "đồng chủ trì", "chủ tọa", "điều hành", "điều khiển", "là người điều khiển")
_QUALIFIER = re.compile(r"^Tại (điểm cầu [^,]{2,40}),")
_DIGIT = re.compile(r"\d")


@dataclass
class LocalEvent:
    """An event of this article while it is being read."""

    mention: EventMention
    family: str
    key_words: str
    last_pos: int = 0
    names: list[str] = field(default_factory=list)
    occasion: bool = False  # a meeting, reception, press conference … known by who took part
    persons: set[str] = field(default_factory=set)  # who took part, as read so far
    dropped: bool = False  # read, then found to be no event of its own
    told_on: PartialDate | None = None  # the day the article was telling of when it named it
    short: set[str] = field(default_factory=set)  # its acronym forms: "hoinghimrt23" for "(MRT 23)"
    later: bool = False  # named as to come ("sẽ", "dự kiến"): not the day being told
    told_gap: int = 0  # sentences between the one that told that day and the one naming the event
    sentence_no: int = 0  # the sentence that named it first


@dataclass
class SentenceContext:
    """What the rules see of one sentence."""

    reader: "Reader"
    sentence: Sentence
    persons: list[PersonHit]  # named in the sentence (with their titles)
    subjects: list[PersonHit]  # the persons and bare titles standing for a person
    placed: list[tuple[EventHit, LocalEvent | None]] = field(default_factory=list)
    given: list[LocalEvent] = field(default_factory=list)  # events a person was placed at here
    rule: str = ""  # the id of the rule running now: every fact gets it
    text: str = field(init=False, repr=False, compare=False)  # the sentence's text (read by every rule)
    has_digit: bool = field(init=False, repr=False, compare=False)  # a digit in it: a day may be written

    def __post_init__(self) -> None:
        self.text = self.sentence.text
        self.has_digit = _DIGIT.search(self.text) is not None

    @property
    def facts(self) -> ArticleFacts:
        return self.reader.facts

    def prov(self, rule: str | None = None) -> Provenance:
        s = self.sentence
        return Provenance(self.reader.article.id, s.start, s.end, s.text, rule or self.rule)

    def participate(self, person: PersonHit, ev: LocalEvent, detail: str, qualifier: str | None = None) -> None:
        """``person`` took part in ``ev`` as ``detail`` says (chủ trì, dự, phát biểu …)."""
        if " và " in detail:  # "dự và phát biểu chỉ đạo": two roles as written
            for part in detail.split(" và "):
                self.participate(person, ev, part, qualifier)
            return
        role = "chair" if detail in CHAIR_DETAILS else ROLE_VERBS.get(detail, "participant")
        if role != "chair":
            role = "participant"
        if qualifier is None:
            qm = _QUALIFIER.match(self.text)  # "Tại điểm cầu Hà Tĩnh, Giám đốc Sở … chủ trì"
            qualifier = ("tại " + qm.group(1)) if qm else None
        self.facts.participations.append(ParticipationMention(
            person.name, ev.mention.local, role, detail, qualifier if role == "chair" else None, self.prov()))
        ev.persons.add(person.name)
        if ev not in self.given:
            self.given.append(ev)

    def event_at(self, pos: int, allow_gap: int = 1):
        """The event mention starting right at ``pos`` (a few characters of slack)."""
        for hit, ev in self.placed:
            if 0 <= hit.start - pos <= allow_gap:
                return hit, ev
        return None, None


CONTEXT_REACH = 3  # sentences after a day is told that an undated meeting is still of that day


class Reader:
    def __init__(self, article: Article):
        self.article = article
        self.facts = ArticleFacts(article)
        self.events: list[LocalEvent] = []
        self.current: LocalEvent | None = None  # the event the article is telling about now
        self.recent: LocalEvent | None = None
        self.adate = PartialDate.parse(article.date) if article.date else None
        self.year_hint: int | None = None  # the year full dates in an undated article give
        self._last_date: PartialDate | None = None  # the day the article told last ("Cùng ngày, …")
        self.sentence_no = 0  # the sentence being read
        self.last_date_no = -1  # the sentence that told that day
        self.foreign: set[str] = set()  # persons with a foreign name or title
        self.by_title: dict[str, set[str]] = {}  # a title head -> the persons holding it here

    # ------------------------------------------------------------------ the loop
    def read(self) -> ArticleFacts:
        sentences = [s for s in split_sentences(self.article.text, self.article.captions) if not s.caption]
        titles_by_s = [list(TITLE_RE.finditer(s.text)) for s in sentences]  # read once, used thrice
        hits_by_s = [find_persons(s.text, title_matches=t) for s, t in zip(sentences, titles_by_s)]
        known, cue_only = article_names([h for hits in hits_by_s for h in hits])
        known.update(given_names_written(self.article.text, [h for hits in hits_by_s for h in hits], known))
        all_hits = []
        for i, (s, first) in enumerate(zip(sentences, hits_by_s)):
            found = {h.name for h in first}
            # read again only for a known name this sentence holds whose person was not found in it
            again = known and any(k in s.text and k not in found and known[k] not in found for k in known)
            persons = find_persons(s.text, known, cue_only, titles_by_s[i]) if again else first
            for h in persons:
                h.name = known.get(h.name, h.name)
            hits_by_s[i] = persons
            all_hits += persons
        self.index_titles(all_hits)
        self.year_hint = _year_hint(self.article.text) if not (self.adate and self.adate.year) else None
        for self.sentence_no, (s, persons) in enumerate(zip(sentences, hits_by_s)):
            ctx = SentenceContext(self, s, persons,
                                  persons + self.title_anaphors(s.text, persons, titles_by_s[self.sentence_no]))
            ctx.subjects.sort(key=lambda h: h.start)
            for r in RULES:
                ctx.rule = r.id
                r.apply(ctx)
        self.finish()
        return self.facts

    @property
    def last_date(self) -> PartialDate | None:
        return self._last_date

    @last_date.setter
    def last_date(self, day: PartialDate | None) -> None:
        self._last_date, self.last_date_no = day, self.sentence_no

    def told_gap(self) -> int:
        """Sentences since the day told last was told."""
        return self.sentence_no - self.last_date_no

    # ------------------------------------------------------------------ persons by title
    def index_titles(self, hits: list[PersonHit]) -> None:
        for h in hits:
            for office, _org in h.offices:
                head_m = TITLE_RE.match(office)
                if head_m:
                    head = head_m.group(0).lower()
                    if not h.foreign or office.lower() == head:
                        self.by_title.setdefault(head, set()).add(h.name)
                    self.by_title.setdefault(office_key(office), set()).add(h.name)

    def title_anaphors(self, text: str, persons: list[PersonHit],
                       title_matches: list[re.Match] | None = None) -> list[PersonHit]:
        """``Thủ tướng`` alone, as a subject, is the one Prime Minister the article named:
        a bare title (no name, no country after it) that one person of the article holds."""
        out = []
        if not self.by_title:
            return out  # nobody of the article holds a title to stand for
        spans = [(h.span_start, h.span_end) for h in persons]
        starts = {h.start for h in persons}
        for m in TITLE_RE.finditer(text) if title_matches is None else title_matches:
            if any(a <= m.start() < b for a, b in spans) or not m.group(0)[0].isupper():
                continue
            _titles, end = parse_title(text, m.start(), starts)
            after = text[end:end + 24]
            if re.match(r" [%s]" % UPPER, after) or re.match(r"[^\s,.;:]", after):
                continue  # a name follows: not a bare title
            if re.search(r"(?:các|những|hai|vị|nguyên|cựu|ông|bà|của) $", text[max(0, m.start() - 8):m.start()]):
                continue
            written = text[m.start():end].lower()
            who = self.by_title.get(written) or self.by_title.get(office_key(text[m.start():end])) \
                or (self.by_title.get(m.group(0).lower()) if end == m.end() else None)
            if who and len(who) == 1:
                name = next(iter(who))
                out.append(PersonHit(name, m.start(), end, rule="person.title-anaphor",
                                     span_start=m.start(), span_end=end))
        return out

    # ------------------------------------------------------------------ events
    def new_event(self, hit: EventHit, ctx: SentenceContext, rule: str, generic: bool = False) -> LocalEvent:
        family = FAMILY.get(hit.kind, hit.kind)
        name = hit.name[0].upper() + hit.name[1:] if hit.mode == "named" else hit.name
        mention = EventMention(local=f"e{len(self.events) + 1}", name=name, kind=hit.kind,
                               ordinal=hit.ordinal, generic=generic,
                               provs=[ctx.prov(rule)])
        ev = LocalEvent(mention, family, hit.key_words if hit.mode == "named" else fold(hit.name),
                        ctx.sentence.start + hit.start, [hit.name], occasion=hit.mode == "occasion",
                        told_on=self.last_date, told_gap=self.told_gap(), sentence_no=self.sentence_no,
                        later=bool(_LATER.search(ctx.text))
                        or bool(_INDEFINITE_BEFORE.search(ctx.text, 0, hit.start))
                        or _other_year(ctx.text[:hit.start], (self.last_date and self.last_date.year)
                                       or (self.adate and self.adate.year)))
        for acronym in re.findall(r"\(([A-Z][A-Z0-9 -]{1,15})\)", hit.name):
            ev.short |= {_compact(f"{hit.head} {acronym}"), _compact(acronym)}
        self.events.append(ev)
        return ev

    def local_event(self, hit: EventHit, ctx: SentenceContext) -> LocalEvent | None:
        """The article event a mention refers to: an earlier one of the same name, kind and
        ordinal, else a new one; a generic mention (``hội nghị``, ``Tại buổi tiếp``) is the
        event the article tells about, or none."""
        family = FAMILY.get(hit.kind, hit.kind)
        pos = ctx.sentence.start + hit.start
        rule = f"event.{hit.mode}"
        if hit.mode == "generic":
            ev = self.resolve_generic(hit, family)
            if ev is not None:
                ev.mention.provs.append(ctx.prov("event.reference"))
                ev.last_pos = pos
            return ev
        if hit.mode == "occasion":
            key = fold(hit.name)
            for ev in self.events:
                if ev.occasion and ev.family == family and (ev.key_words == key or key in map(fold, ev.names)):
                    ev.mention.provs.append(ctx.prov(rule))
                    ev.last_pos = pos
                    return ev
            return self.new_event(hit, ctx, rule, generic=True)
        key = hit.key_words if hit.mode == "named" else fold(hit.name)
        compact = _compact(hit.name)
        for ev in self.events:  # "Hội nghị MRT23" after "Hội nghị … lần thứ 23 (MRT 23)"
            if compact in ev.short and ev.family == family:
                ev.names.append(hit.name)
                ev.mention.provs.append(ctx.prov(rule))
                ev.last_pos = pos
                return ev
        match = None
        for ev in self.events:
            if ev.key_words == key and ev.family == family and not _years_differ(ev, hit):
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
            m.provs.append(ctx.prov(rule))
            match.last_pos = pos
            return match
        # "Hội nghị lần thứ 8" names no body: this article's event, not merged with others
        # ("Đại hội XIII" alone is the Party's congress: that one is shared)
        scoped = hit.mode == "named" and key == fold(hit.head) and hit.kind != "congress"
        return self.new_event(hit, ctx, rule, generic=scoped)

    def resolve_generic(self, hit: EventHit, family: str) -> LocalEvent | None:
        """``hội nghị`` is the event the article is telling about; ``hội nghị này`` the one
        just named; ``phiên khai mạc`` a part of the current event; ``Tại hội đàm`` the
        talks just told."""
        if family == "part":
            return self.current or self.recent
        same = [e for e in self.events if e.family == family]
        if hit.anaphoric and self.recent and self.recent.family == family:
            return self.recent
        if hit.anaphoric and same:
            return max(same, key=lambda e: e.last_pos)
        if self.current and self.current.family == family:
            return self.current
        return max(same, key=lambda e: e.last_pos) if same else None

    # ------------------------------------------------------------------ dates
    def date_from(self, d: int, mo: int, y: str | None) -> PartialDate | None:
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None
        if y:
            return PartialDate(int(y), mo, d)
        if self.adate and self.adate.year:
            year = self.adate.year
            if self.adate.month and (mo - self.adate.month) % 12 > 2 and mo > self.adate.month:
                year -= 1  # "Chiều 29-12" in a paper of 2 January is last year's December
            return PartialDate(year, mo, d)
        if self.year_hint:
            return PartialDate(self.year_hint, mo, d)
        return PartialDate(None, mo, d)

    def set_date(self, ev: LocalEvent, start: PartialDate | None, end: PartialDate | None, ctx, rule: str) -> bool:
        """Date an event, unless it has a date as precise already; a year alone ("APEC 2017")
        gives way to the day of that year."""
        if start is None:
            return False
        old = ev.mention.date
        def precision(d):
            return bool(d.year) + bool(d.month) + bool(d.day) if d else -1
        if old is not None and not old.year and start.year and not start.month:
            ev.mention.date = PartialDate(start.year, old.month, old.day)  # "Tọa đàm … 2017" told on 12-5
            ev.mention.provs.append(ctx.prov(rule))
            return True
        if old is not None and old == start and end and ev.mention.end is None:
            ev.mention.end = end  # the same day, now with the day it ended
            ev.mention.provs.append(ctx.prov(rule))
            return True
        if old is not None and (precision(old) >= precision(start)
                                or (old.year and start.year and old.year != start.year)):
            return False
        if old is not None and old.year and not start.year:
            start = PartialDate(old.year, start.month, start.day)
        ev.mention.date, ev.mention.end = start, end
        ev.mention.provs.append(ctx.prov(rule))
        return True

    def date_by_context(self) -> None:
        _date_by_context(self)

    # ------------------------------------------------------------------ wrapping up
    def finish(self) -> None:
        merge_meetings(self)
        self.date_by_context()
        gone = {ev.mention.local for ev in self.events if ev.dropped or (
            ev.occasion and ev.family == "talks" and len(ev.persons) < 2 and " giữa " not in ev.mention.name
            and _UNNAMED_SIDE.search(ev.mention.name))}
        # talks with nobody named on one side ("hội kiến với Chủ tịch Thượng viện …") are no occasion
        self.events = [ev for ev in self.events if ev.mention.local not in gone]
        self.facts.participations = [p for p in self.facts.participations if p.event not in gone]
        self.facts.directive_links = [l for l in self.facts.directive_links if l.event not in gone]
        for ev in self.events:
            m = ev.mention
            if not ev.occasion:
                best = best_name([m.name] + [n for n in ev.names if n != m.name])
                m.name = best[0].upper() + best[1:]
            m.aliases = [n for n in ev.names if n != m.name]
            self.facts.events.append(m)
        self.facts.offices = fuller_offices(self.facts.offices, self.foreign)
        # "thành viên Hội đồng Nhân quyền" said again without its years is the same tenure
        dated = {(r.holder, r.role) for r in self.facts.roles if r.start}
        self.facts.roles = [r for r in self.facts.roles if r.start or (r.holder, r.role) not in dated]


_UNNAMED_SIDE = re.compile(r"(?:với|tiếp|gặp|kiến|đàm) (?:các |một số |những )?(?:%s)(?![\wÀ-ỹĐđ])(?!.* [%s]\S* [%s])"
                           % ("|".join(sorted({h.lower() for h in TITLE_HEADS} | set(TITLE_HEADS), key=len, reverse=True)),
                              UPPER, UPPER))


def _years_differ(ev: "LocalEvent", hit: EventHit) -> bool:
    """"APEC 2017" and "APEC 2018" are two events; "Diễn đàn X" and "Diễn đàn X năm 2017" one."""
    years = {y for y in (EventHit(0, 0, "", "", n, "named").year for n in ev.names) if y}
    return bool(hit.year and years and hit.year not in years)


def _compact(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(name))


# an event the sentence sets on another day than the one told: to come, or before it
_LATER = re.compile(r"(?<![\wÀ-ỹĐđ])(?:sẽ|dự kiến|sắp|tới đây|sắp tới|theo chương trình|theo kế hoạch|trước thềm|"
                    r"chuẩn bị cho|tháng \d{1,2} tới|tuần tới|năm tới|trước đó|hồi tháng|hồi năm|những tháng tới|"
                    r"thời gian tới|tuần trước|tháng trước|năm ngoái|năm trước|đề nghị tổ chức|đề xuất tổ chức|"
                    r"chờ đợi)(?![\wÀ-ỹĐđ])")
def _other_year(text: str, year: int | None) -> bool:
    """"Tháng 4/1982 tại Bắc Kinh, trong cuộc gặp với …": a sentence set in another year tells
    of another day than the one being told."""
    if not year:
        return False
    years = {int(y) for y in _YEAR_IN_SENTENCE.findall(text)}
    return bool(years) and year not in years


_YEAR_IN_SENTENCE = re.compile(r"(?:[Nn]ăm |[Tt]háng \d{1,2}\s*[/-]\s*|\d{1,2}\s*[/-]\s*\d{1,2}\s*[/-]\s*)((?:19|20)\d\d)(?!\d)")
# "tại một cuộc họp báo ở Washington", "trong một số cuộc họp": some meeting, not the one of the day told
_INDEFINITE_BEFORE = re.compile(r"(?<![\wÀ-ỹĐđ])(?:một|một số|những|nhiều|các|mọi) \Z")
_DAY_FAMILIES = {"talks", "ceremony", "meeting", "press", "part", "work"}


def _date_by_context(reader: "Reader") -> None:
    """Meetings, ceremonies and sessions the text names without a day took place on the day it
    was telling of ("Chiều qua 28.6, … tới Moscow. Ngay sau khi xuống sân bay, … hội kiến …"),
    unless written as to come. Only an occasion or an event someone of the story took part in:
    a named event only cited ("tổ chức thành công … như A, B") keeps the day it was given or none.
    A day-month takes the year another event of that day gives."""
    dated_people: dict = {}  # a day -> who took part in events dated to it
    for ev in reader.events:
        if ev.mention.date is not None:
            dated_people.setdefault(ev.mention.date, set()).update(ev.persons)
    for ev in reader.events:
        m = ev.mention
        if m.date is None and ev.told_on is not None and ev.told_on.day and not ev.later \
                and ev.family in _DAY_FAMILIES and (ev.occasion or ev.persons) \
                and (ev.told_gap <= CONTEXT_REACH or ev.persons & dated_people.get(ev.told_on, set())):
            # far from the day told, only the meetings of those who met that day ("Lễ ký kết" after
            # the talks) are still of that day
            m.date = ev.told_on
            m.provs.append(Provenance(reader.article.id, m.provs[0].start, m.provs[0].end,
                                      m.provs[0].sentence, "date.context"))
    years = {(e.mention.date.month, e.mention.date.day): e.mention.date.year for e in reader.events
             if e.mention.date and e.mention.date.year and e.mention.date.day}
    for ev in reader.events:
        d = ev.mention.date
        if d and d.day and not d.year and (d.month, d.day) in years:
            ev.mention.date = PartialDate(years[(d.month, d.day)], d.month, d.day)


def merge_meetings(reader: Reader) -> None:
    """Two mentions of talks between the same persons in one article are one event
    ("Cuộc gặp riêng giữa A và B" … "cuộc hội đàm" … "hội đàm giữa B và A"). A ceremony or
    a meeting only when one name reads in the other ("Lễ đón X" in "Lễ đón X và Phu nhân"):
    "Lễ đón chính thức X" is not the welcome at the airport."""
    seen: dict[tuple, LocalEvent] = {}
    keep: list[LocalEvent] = []
    moved: dict[str, str] = {}
    for ev in reader.events:
        if ev.occasion and ev.persons and not ev.dropped:
            key = (ev.family, frozenset(ev.persons))
            if key not in seen and len(ev.persons) == 1:
                wider = [e for (fam, ps), e in seen.items() if fam == ev.family and ev.persons <= ps]
                if len(wider) == 1:  # "ở cuộc gặp với Chủ tịch X": the meeting with X told before
                    key = (ev.family, frozenset(wider[0].persons))
            if key in seen and (ev.family == "talks" and not _two_named_sides(seen[key].mention.name, ev.mention.name)
                                or _one_reads_in_other(seen[key].mention.name, ev.mention.name)):
                into = seen[key]
                into.mention.provs += ev.mention.provs
                into.names += [n for n in ev.names if n not in into.names]
                if into.mention.date is None:
                    into.mention.date, into.mention.end = ev.mention.date, ev.mention.end
                moved[ev.mention.local] = into.mention.local
                continue
            seen[key] = ev
        keep.append(ev)
    reader.events = keep
    for p in reader.facts.participations:
        p.event = moved.get(p.event, p.event)
    seen_p = set()
    parts = []
    for p in reader.facts.participations:
        k = (p.person, p.event, p.role, p.detail)
        if k not in seen_p:
            seen_p.add(k)
            parts.append(p)
    reader.facts.participations = parts
    for link in reader.facts.directive_links:
        link.event = moved.get(link.event, link.event)


def _two_named_sides(a: str, b: str) -> bool:
    """Two talks each named by both its sides that differ ("cuộc gặp giữa A và B", "cuộc gặp
    giữa C và D") are two events, even when the article's persons in them are the same few;
    "gặp riêng giữa A và B" and "hội đàm giữa B và A" name the same sides."""
    sa, sb = _sides(a), _sides(b)
    return bool(sa and sb) and sa != sb


def _sides(name: str) -> frozenset[str]:
    """The sides named after "giữa", each by its last word ("giữa Thủ tướng A B C và … X Y" ->
    {c, y}); none when no proper name is written there ("giữa 2 nhà lãnh đạo", "giữa hai đoàn")."""
    if " giữa " not in f" {name} ":
        return frozenset()
    between = re.sub(r"\s*\([^)]*\)", "", f" {name} ".split(" giữa ", 1)[1])
    if not any(ch.isupper() for ch in between):
        return frozenset()
    return frozenset(side.split()[-1] for side in re.split(r" va | voi |, ", fold(between)) if side.split())


def _one_reads_in_other(a: str, b: str) -> bool:
    wa, wb = set(fold(a).split()), set(fold(b).split())
    return wa <= wb or wb <= wa


def best_name(names: list[str]) -> str:
    """The label of an event: a capitalised head, "lần thứ" ordinal, the longest named form."""
    def score(n: str):
        return (n[0].isupper(), "lần thứ" in n, len(n) < 120, len(n))
    return max(names, key=score)


# (the look-behinds are written after the first digit: a regex that opens with a digit is searched fast)
_YEAR_IN_DATE = re.compile(r"\d(?<![\d/.]\d)\d?\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)(?!\d)")
_YEAR_WRITTEN = re.compile(r"(1(?<!\d1)9\d\d|2(?<!\d2)0\d\d)(?!\d)")  # "2017", not in "12017"


# a full date that is not the day of the news: a birth date, a law's date of effect, a deadline
_NOT_THE_NEWS_DAY = re.compile(r"(?:sinh|sinh ngày|ngày sinh|năm sinh)\s*$|(?:hiệu lực|áp dụng|thi hành|thời hạn|"
                               r"hạn chót|đến ngày|trước ngày|kể từ)[^.;]{0,25}$")


def _year_hint(text: str) -> int | None:
    """The year of an undated article, when its full dates agree on one ("từ ngày 29 đến
    ngày 31-5-2017"): the latest year written in a full date, if the article has any."""
    years = [int(m.group(2)) for m in _YEAR_IN_DATE.finditer(text)
             if not _NOT_THE_NEWS_DAY.search(text[max(0, m.start() - 40):m.start()])]
    written = [int(y) for y in _YEAR_WRITTEN.findall(text)]
    if not years or max(years) < max(written):
        return None  # "… ký ngày 29.5.2015 …" in a text about 2017: no year of its own
    return max(years)


_GIVEN_NAME_HYPHENED = re.compile(r"[A-Z][a-z]+-[a-z]+")  # "Jae-in", "Jong-un": a Korean given name, after the family name


def article_names(hits: list[PersonHit]) -> tuple[dict[str, str], set[str]]:
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
        if _GIVEN_NAME_HYPHENED.fullmatch(last) and len(words) == 2:
            shorts.setdefault(words[0], set()).add(n)  # "ông Moon" for "Moon Jae-in": the family name first
        elif len(words) >= 2 and not is_syllable(words[0]) and "." not in words[0] and "-" not in words[0] \
                and not is_qualifier_word(words[0]) and " ".join(words[1:]) not in known \
                and not any(is_syllable(w) and w[0].isupper() for w in words[1:]):
            shorts.setdefault(words[0], set()).add(n)  # "cụ bà Valerie" for "Valerie von Sobel": the given name
        if len(words) >= 2 and "." not in words[0]:
            shorts.setdefault(f"{words[0][0]}.{last}", set()).add(n)  # V.Putin
            if len(words) == 3 and not is_syllable(last):
                shorts.setdefault(" ".join(words[1:]), set()).add(n)
    for short, names in shorts.items():
        names = _one_name_with_a_word_before(names, hits)
        if len(names) == 1 and short not in known:
            target = next(iter(names))
            known[short] = target
            if is_syllable(short.split()[-1]):
                cue_only.add(short)  # a Vietnamese given name: only "Thủ tướng Phúc", "ông Phúc"
    for h in hits:  # a transliteration given once with the original: "Đô-nan Trăm (Donald Trump)"
        if h.surface:
            known[h.surface] = h.name
    for h in hits:  # short names found with a cue but whose full form is elsewhere
        if h.name not in known and "." in h.name:
            last = h.name.split(".")[-1]
            if last in known:
                known[h.name] = known[last]
    # spellings that differ by a space or a hyphen only are one name: "Fran Cois-Philippe"
    squeezed: dict[str, str] = {}
    for n in sorted({h.name for h in hits}, key=lambda n: (-sum(h.name == n for h in hits), n)):
        key = re.sub(r"[\s.-]", "", fold(n))
        if key in squeezed and squeezed[key] != n:
            known[n] = known.get(squeezed[key], squeezed[key])
        else:
            squeezed.setdefault(key, n)
    return known, cue_only


def given_names_written(text: str, hits: list[PersonHit], known: dict[str, str]) -> dict[str, str]:
    """Foreign family names found alone with a cue ("ông Magallanes") whose full form the
    article writes only without one ("… Ricky Magallanes cho biết"): the one foreign-shaped
    word always written right before the family name is the given name."""
    out: dict[str, str] = {}
    targets = set(known.values())
    for name in {h.name for h in hits if h.foreign and " " not in h.name and "." not in h.name}:
        if name in known and known[name] != name or any(t.endswith(" " + name) for t in targets):
            continue
        before = _words_before(text, name)
        before = {w for w in before if foreign_shaped(w) and w not in NOT_GIVEN_NAMES and not is_qualifier_word(w)}
        if len(before) == 1:
            out[name] = f"{before.pop()} {name}"
    return out


_GIVEN_WORD = re.compile(r"[%s][a-zà-ỹ]+(?:-[A-Za-zà-ỹ]+)?" % UPPER)  # "Ricky", "Jean-Claude"
_WORD_CHAR = re.compile(r"[\wÀ-ỹĐđ]")
_GLUED_BEFORE = re.compile(r"[\w.]")


def _words_before(text: str, name: str) -> set[str]:
    """The capitalised words written right before ``name`` (a whole word): "Ricky" of "…
    Ricky Magallanes cho biết". The same as searching ``(?<![\\w.])(<word>) <name>(?![\\wÀ-ỹĐđ])``
    left to right, without compiling a regex for each name: ``name`` is found with
    ``str.find`` and the word before it read in the few characters since the last space."""
    out: set[str] = set()
    n = len(name)
    done = 0  # where the last match ended: matches do not overlap
    q = text.find(name)
    while q >= 0:
        e = q - 1
        if e > 0 and text[e] == " " and not _WORD_CHAR.match(text, q + n):
            for s in range(max(text.rfind(" ", 0, e) + 1, done), e):
                if (s == 0 or not _GLUED_BEFORE.match(text, s - 1)) and _GIVEN_WORD.fullmatch(text, s, e):
                    out.add(text[s:e])
                    done = q + n
                    break
        q = text.find(name, q + 1)
    return out


def _one_name_with_a_word_before(names: set[str], hits: list[PersonHit]) -> set[str]:
    """The full names a short form fits, less those that are another of them with words glued
    before it ("FBi James Comey" from "cựu Giám đốc FBi James Comey" beside "James Comey"): the
    short form is that name's when it is written more often than each longer one."""
    if len(names) < 2:
        return names
    for n in sorted(names, key=len):
        longer = names - {n}
        if all(m.endswith(" " + n) for m in longer):
            count = Counter(h.name for h in hits)
            if all(count[n] > count[m] for m in longer):
                return {n}
        break  # only the shortest can be inside all the others
    return names


def fuller_offices(offices: list[OfficeMention], foreign: set[str]) -> list[OfficeMention]:
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
