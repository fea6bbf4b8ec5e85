"""Per-article records (kg.records): they decode to equal facts, field for field; the same
facts give the same bytes; damaged bytes raise ValueError; the layout follows type hints."""

from __future__ import annotations

import marshal
import zlib
from dataclasses import dataclass, field

import pytest

from kg.model import (Article, ArticleFacts, DirectiveLinkMention, DirectiveMention, EventMention,
                      OfficeMention, OrgMention, ParticipationMention, PartialDate, PersonMention, Provenance,
                      RoleMention)
from kg.records import _codec, facts_from_bytes, facts_to_bytes

S1 = "Thủ tướng Phạm Minh Chính chủ trì Hội nghị Ngoại giao kinh tế lần thứ 9."
S2 = "Bộ Ngoại giao ban hành Chỉ thị 25-CT/TW \udc80 (a lone surrogate, as a damaged file gives)."


def prov(sentence: str = S1, rule: str = "person.name", start: int = 0) -> Provenance:
    return Provenance("a1", start, start + len(sentence), sentence, rule)


def rich() -> ArticleFacts:
    """Facts with every kind of mention, dates and no dates, Nones, lists empty and not."""
    return ArticleFacts(
        Article("a1", "Tiêu đề", "", "2024-05-02", None, "news.jsonl:3", "Xem thêm", [(0, 5), (9, 12)]),
        persons=[PersonMention("Phạm Minh Chính", prov()),
                 PersonMention("Nguyễn Minh Hằng", prov(rule="person.title"))],
        offices=[OfficeMention("Phạm Minh Chính", "Thủ tướng", None, PartialDate(2024, 5, 2), prov(), implied=True),
                 OfficeMention("Nguyễn Minh Hằng", "Thứ trưởng", "Bộ Ngoại giao", None, prov(S2, "office"))],
        organizations=[OrgMention("Bộ Ngoại giao", "Bộ Ngoại giao", "government", prov(S2, "org.name", 80))],
        events=[EventMention("e1", "Hội nghị Ngoại giao kinh tế lần thứ 9", "conference", ["HN NGKT 9"], 9,
                             False, PartialDate(2024, 5, 2), PartialDate(None, 5, 3), "Hà Nội",
                             [prov(), prov(S2, "event")]),
                EventMention("e2", "cuộc họp", "meeting", generic=True)],
        participations=[ParticipationMention("Phạm Minh Chính", "e1", "chair", "chủ trì", None, prov())],
        directives=[DirectiveMention("d1", "Chỉ thị", "25", "25-CT/TW", None, "xây dựng", "Chỉ thị 25",
                                     prov(S2))],
        directive_links=[DirectiveLinkMention("e1", "d1", "implements", prov(S2))],
        roles=[RoleMention("Việt Nam", "Chủ tịch", "ASEAN", 2020, None, prov(), reelected=True)],
    )


@pytest.mark.parametrize("facts", [rich(), ArticleFacts(Article("", "", ""))], ids=["rich", "empty"])
def test_a_record_decodes_to_equal_facts_and_the_same_facts_give_the_same_bytes(facts):
    data = facts_to_bytes(facts)
    back = facts_from_bytes(data)
    assert back == facts
    assert [type(c) for c in back.article.captions] == [type(c) for c in facts.article.captions]  # tuples stay tuples
    assert facts_to_bytes(back) == data


def test_a_sentence_is_stored_once():
    strings, _ = marshal.loads(zlib.decompress(facts_to_bytes(rich())))
    assert strings.count(S1) == 1 and strings.count(S2) == 1


def test_damaged_bytes_raise_value_error():
    data = facts_to_bytes(rich())
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x40
    not_a_record = [
        b"", b"not zlib", data[:-5], bytes(flipped),
        zlib.compress(b"\x00\x01 not marshal"),
        zlib.compress(marshal.dumps(42)),  # marshal, not a record
        zlib.compress(marshal.dumps((["a"], (0, 0)))),  # too few values
    ]
    strings, values = marshal.loads(zlib.decompress(data))
    not_a_record.append(zlib.compress(marshal.dumps((strings[:3], values))))  # strings missing
    persons = values[8]
    not_a_record.append(zlib.compress(marshal.dumps((strings, values[:8] + (persons[:-1],) + values[9:]))))  # cut short
    for bad in not_a_record:
        with pytest.raises(ValueError):
            facts_from_bytes(bad)


@dataclass(frozen=True)
class Point:
    label: str
    x: int


@dataclass
class Shapes:
    """Layouts the model does not use yet: a field added to it of one of these types is carried."""

    name: str
    corners: tuple[Point, ...] = ()
    pair: tuple[Point, str] | None = None
    by_name: dict[str, Point] = field(default_factory=dict)
    nested: list[list[Point]] = field(default_factory=list)
    maybe: list[Point] | None = None
    anything: int | str | None = None
    table: dict[str, list[int]] = field(default_factory=dict)
    hidden: int = field(default=0, init=False)
    tag: str = field(default="", kw_only=True)


@pytest.mark.parametrize("value", [
    Shapes("a"),
    Shapes("b", (Point("p", 1), Point("q", 2)), (Point("r", 3), "s"), {"k": Point("k", 4), "": Point("", 0)},
           [[Point("x", 5)], [], [Point("y", 6), Point("z", 7)]], [Point("m", 8)], "text", {"t": [1, 2]}, tag="t"),
    Shapes("c", maybe=[], anything=7),
], ids=["defaults", "full", "empty-list"])
def test_the_layout_follows_type_hints(value):
    codec = _codec(Shapes)
    strings: dict = {}
    values = codec.encode(value, strings, strings.setdefault)
    back = codec.decode(list(strings), marshal.loads(marshal.dumps(values, 2)))
    assert back == value
    assert type(back.corners) is tuple and type(back.pair) in (tuple, type(None))


def test_a_union_of_dataclasses_is_refused():
    @dataclass
    class Either:
        value: Point | Shapes

    with pytest.raises(TypeError):
        _codec(Either)
