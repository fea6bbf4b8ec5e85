"""The extraction rules, in reading order: each a small function registered with its id,
the fact it makes and the sentence shapes it serves (see :mod:`kg.extract.rules`).

Persons and events are found first (their matchers live in ``persons.py`` and
``events.py``); the rules after them tie mentions together: who chaired or attended what,
which talks two leaders held, when and where an event met, which documents a conference
reviews, which international roles a country holds.
"""

from __future__ import annotations

import re

from kg.extract.directives import find_directives
from kg.extract.events import (ANAPHOR_AFTER, ANY_DATE, HELD_ON, INLINE_DATE, MONTH_AFTER, YEAR_AFTER, SAME_DAY, SENTENCE_DATE, SENTENCE_RANGE,
                               SENTENCE_YEAR, EventHit, _occasion_end, find_events, location_in)
from kg.extract.lexicon import OBJECTLESS_VERBS, OPENERS, ROLE_VERBS
from kg.extract.persons import PersonHit
from kg.extract.reader import FAMILY, LocalEvent, SentenceContext
from kg.extract.roles import find_co_chairs, find_host_roles, find_organizations, find_roles
from kg.extract.rules import Example, rule
from kg.model import (DirectiveLinkMention, DirectiveMention, OfficeMention, OrgMention, PartialDate,
                      PersonMention, RoleMention)
from kg.text import UPPER, phrase_regex, trie_alternation

_VERB_RE = phrase_regex(ROLE_VERBS)
_DIRECTIVE_CUE = re.compile(r"Chỉ thị|Nghị quyết|Kết luận|Quyết định|Nghị định|Quy định|Thông tư|"
                            r"Hướng dẫn|Công điện|quyết định số|chỉ thị số|nghị quyết số")
# the words the roles rule needs, in both cases, as a trie of literals: searched fast
_ROLE_CUE = re.compile(trie_alternation(w[0].upper() + w[1:] if up else w for w in (
    "chủ tịch", "thành viên", "ủy viên", "uỷ viên", "chủ nhà", "điều phối viên") for up in (False, True)))
_OPENER_RE = re.compile(r"^(?:Về phía [^,]{2,30}, )?(%s)(?![\wÀ-ỹĐđ])" % "|".join(
    map(re.escape, sorted({o[0].upper() + o[1:] for o in OPENERS} | {o for o in OPENERS}, key=len, reverse=True))))
_FILLER = re.compile(r"^(?:\s*\((?:phải|trái|giữa)\))?\s*"
                     # "Chủ tịch nước A chiều 11-5 (tại Hà Nội) đã hội kiến …": the time between subject and verb
                     r"(?:(?:vào )?(?:sáng|chiều|tối|trưa|ngày|hôm)(?: nay| qua)?(?:\s*\(?\d{1,2}\s*[/.-]\s*\d{1,2}"
                     r"(?:\s*[/.-]\s*\d{4})?\)?)?,?\s+(?:(?:tại|ở) [^,;.]{1,30}?,?\s+)?)?"
                     r"(?:(?:đã|cũng|sẽ|vừa|đều|cùng|đến|tới|trực tiếp|đồng thời|đang|lần lượt|"
                     r"dự kiến|dự kiến sẽ|còn|tiếp tục|chính thức|trước đó|sau đó|tham gia|bắt đầu|"
                     r"và (?:Phu nhân|phu nhân)|cùng (?:Đoàn|đoàn)[^,;.]{0,50}?|là người)\s+)*"
                     r"(?:dẫn đầu (?:Đoàn|đoàn)[^,;.]{0,60}? (?:sang |đến |tới )?)?$")
_SEPARATOR = re.compile(r"^\s*(?:,|;|và|,\s*và|;\s*và|cùng|cùng với)\s*$")
_PASSIVE_CHAIR = re.compile(r"(?<![\wÀ-ỹĐđ])(?:do|dưới sự (?:chủ trì|điều khiển|điều hành) của)\s+$")
_PASSIVE_ATTEND = re.compile(r"(?<![\wÀ-ỹĐđ])(?:với sự tham dự của|có sự tham dự của|với sự tham gia của|"
                             r"có sự tham gia của|với sự có mặt của|có sự có mặt của)\s+$")
_QUALIFIER = re.compile(r"^Tại (điểm cầu [^,]{2,40}),")
_OPENER_TAIL = re.compile(r"(?:\s+(?:ở|tại|vào|hôm|ngày|sáng|chiều|tối|trưa|đêm)(?: nay| qua)?\s[^,;.]{1,40}?)+\s*,")
_REVIEW_WORDS = re.compile(r"sơ kết|tổng kết|đánh giá|rà soát|nhìn lại|kiểm điểm", re.I)
_IMPLEMENT_WORDS = re.compile(r"triển khai|thực hiện|quán triệt|học tập|hướng dẫn", re.I)
_MEETING_VERB = re.compile(r"(?<![\wÀ-ỹĐđ])(hội đàm|hội kiến|họp báo)(?![\wÀ-ỹĐđ])")
_HAVE_OCCASION = re.compile(r"(?:đã |sẽ |dự kiến |dự kiến sẽ |còn |cũng |vừa )*(?:có|tổ chức|chủ trì tổ chức)"
                            r"(?: (?:các|một|những|hai))? $")
_REPORTING = re.compile(r"(?<![\wÀ-ỹĐđ])(?:cho biết|thông báo|cho hay|tuyên bố|công bố|theo đó|thông tin)"
                        r"(?![\wÀ-ỹĐđ])")
_BEFORE_IT = re.compile(r"(?<![\wÀ-ỹĐđ])(?:trước thềm|chuẩn bị cho|hướng tới|trước khi diễn ra|trước khi|trước)(?: (?:các|những|một))? \Z")
_REPORTED_ON = re.compile(r"(?<![\wÀ-ỹĐđ])(?:đưa tin|dẫn lời|cho hay|cho biết|thông báo|tuyên bố|công bố)(?: vào)? \Z")
_VISIT_SPAN = re.compile(r"(?<![\wÀ-ỹĐđ])(?:thời gian|chuyến thăm|chuyến công tác|ở thăm|thăm chính thức|thăm cấp nhà nước|"
                         r"thăm làm việc)[^,;.]{0,40}\Z")
_DEADLINE = re.compile(r"(?<![\wÀ-ỹĐđ])(?:trước|chậm nhất|hạn chót|hạn|muộn nhất|sau|hiệu lực(?: từ| kể từ)?)(?: vào)? \Z")
_DOCUMENT_YEAR = re.compile(r"(?:[Ll]uật|BLHS|BLDS|Hiến pháp|Nghị quyết|Nghị định|Chỉ thị|Quyết định|Thông tư|Hiệp định|"
                            r"[Gg]iải thưởng|[Gg]iải|mùa giải)"
                            r"(?: [^\s,;]+){0,6},?(?: [^\s,;]+){0,3} (?:năm )?(?:19|20)\d\d")
_DAY_NAMED = re.compile(r"(?<![\wÀ-ỹĐđ])[Nn]gày [%s]" % UPPER)
_ABOUT = re.compile(r"(?<![\wÀ-ỹĐđ])(?:về|liên quan đến|xung quanh) ")
_FUTURE = re.compile(r"(?<![\wÀ-ỹĐđ])(?:sẽ|dự kiến|sắp)(?![\wÀ-ỹĐđ])")


# ----------------------------------------------------------------------------- persons


@rule("person", makes="person",
      produces=("person.title-name", "person.honorific", "person.apposition", "person.listed",
                "person.known-name", "person.foreign-title"),
      examples=[
          Example("Ủy viên Bộ Chính trị, Phó Thủ tướng Thường trực Chính phủ Phạm Bình Minh dự lễ.",
                  expect=("person: Phạm Bình Minh",)),
          Example("Thủ tướng Australia Anthony Albanese phát biểu tại diễn đàn.",
                  expect=("person: Anthony Albanese",)),
          Example("Đoàn gồm có ông Pedro Sánchez, Thủ tướng Tây Ban Nha; bà Ana Ruiz, Cố vấn của Thủ tướng.",
                  expect=("person: Pedro Sánchez", "person: Ana Ruiz")),
          Example("Thành phố Hồ Chí Minh đón đoàn khách quốc tế.", reject=("person: Hồ Chí Minh",)),
          # a place after its kind word is no person; a name after the place is
          Example("Tổng lãnh sự Nga ở thành phố Chongjin cho biết tàu đã cập cảng.", reject=("person: Chongjin",)),
          Example("Thống đốc bang New Jersey Chris Christie phát biểu.", expect=("person: Chris Christie",),
                  reject=("person: Jersey Chris Christie",)),
          Example("Tổng thống A.Lu-ca-sen-cô có cuộc gặp Tổng thống Chi-lê M.Ba-chê-lết.",
                  expect=("person: M.Ba-chê-lết",), reject=("person: Chi-lê M.Ba-chê-lết",)),
          # a sentence glued on without its full stop ends the name
          Example("Chủ tịch nước tiếp Thượng tướng Phạm Trường Long Không để bất đồng ảnh hưởng tới quan hệ.",
                  expect=("person: Phạm Trường Long",), reject=("person: Phạm Trường Long Không",)),
          Example("Ông Vũ Quang Các, Vụ trưởng Vụ Quản lý quy hoạch cho biết.", expect=("person: Vũ Quang Các",)),
          # a foreign given name alone, for the full name the article writes; a particle joined by a hyphen
          Example("Với cụ bà Valerie, thời trang là lẽ sống.", before="Bà Valerie von Sobel năm nay 70 tuổi.",
                  expect=("person: Valerie von Sobel",), reject=("person: Valerie",)),
          Example("Tổng thống Libya Muammar al-Gaddafi bị cáo buộc.", expect=("person: Muammar al-Gaddafi",)),
          # a family name with a cue, the full name written elsewhere without one
          Example("Theo ông Magallanes, lực lượng an ninh đã kiểm soát tình hình.",
                  before="Ricky Magallanes, người phát ngôn quân đội, nói với báo chí.",
                  expect=("person: Ricky Magallanes",), reject=("person: Magallanes",)),
          # a Korean name is short by its family name, written first
          Example("Vài giờ sau vụ phóng, ông Moon đã triệu tập một cuộc họp khẩn cấp.",
                  before="Tổng thống Hàn Quốc Moon Jae-in nhậm chức hôm 10/5.",
                  expect=("person: Moon Jae-in",), reject=("person: Moon",)),
          Example("Bộ trưởng cho rằng hợp tác còn nhiều dư địa.", reject=("person: Bộ trưởng",)),
      ])
def persons(ctx: SentenceContext) -> None:
    """A person mention for each name found with a cue; ids tell the cue."""
    for h in ctx.persons:
        ctx.facts.persons.append(PersonMention(h.name, ctx.prov(h.rule)))
        if h.foreign:
            ctx.reader.foreign.add(h.name)


@rule("office", makes="office",
      produces=("office.title-name", "office.honorific", "office.apposition", "office.listed",
                "office.known-name", "office.foreign-title"),
      examples=[
          Example("Bộ trưởng Ngoại giao Bùi Thanh Sơn tiếp Đại sứ Nhật Bản.",
                  expect=("office: Bùi Thanh Sơn = Bộ trưởng Bộ Ngoại giao",)),
          Example("Đồng chí Lê Hoài Trung, Bí thư Trung ương Đảng, Trưởng ban Đối ngoại Trung ương phát biểu.",
                  expect=("office: Lê Hoài Trung = Bí thư Trung ương Đảng",
                          "office: Lê Hoài Trung = Trưởng ban Đối ngoại Trung ương")),
          Example("Thủ tướng Nhật Bản Fumio Kishida hoan nghênh.", expect=("office: Fumio Kishida = Thủ tướng Nhật Bản",),
                  reject=("office: Fumio Kishida = Thủ tướng Chính phủ",)),
          Example("Tiếp Giám đốc Tập đoàn Samsung Choi Joo-ho, Thủ tướng hoan nghênh Samsung.",
                  reject=("office: Choi Joo-ho = Thủ tướng",)),
          # a body's name goes on in small letters to the comma before its parent body, and
          # through a number; a country's name right after the body's kind is a word of it
          Example("Ông Nguyễn Tân Thịnh, Phó Cục trưởng Cục Quản lý công sản, Bộ Tài chính cho biết.",
                  expect=("office: Nguyễn Tân Thịnh = Phó Cục trưởng Cục Quản lý công sản",)),
          Example("Ông Đoàn Ngọc Hải, Phó Chủ tịch UBND quận 1, chỉ đạo lực lượng.",
                  expect=("office: Đoàn Ngọc Hải = Phó Chủ tịch UBND quận 1",)),
          Example("Ông Vũ Văn Hải, Phó Vụ trưởng Vụ Pháp chế, Tổng cục Hải quan cho biết.",
                  expect=("office: Vũ Văn Hải = Phó Vụ trưởng Vụ Pháp chế",)),
          Example("Trung tướng Không quân Mỹ Jeffrey Harrigian cho biết.",
                  expect=("office: Jeffrey Harrigian = Trung tướng Không quân Mỹ",)),
          # a title after the name that opens a list of others by their titles is not the name's
          Example("Tham gia có Thủ tướng Nga Dmitry Medvedev, Chủ tịch Đuma quốc gia và Chủ tịch Hội đồng liên bang.",
                  reject=("office: Dmitry Medvedev = Chủ tịch Đuma quốc gia",)),
          # two syllables after "xã", "huyện" … are the place; a body's name keeps "/", and a run of
          # capitals that opens with a body's kind; no place phrase hangs at the end of an office
          Example("Ông Nguyễn Xuân Hồng, Phó chủ tịch UBND xã Thạch Sơn cho biết.",
                  expect=("office: Nguyễn Xuân Hồng = Phó chủ tịch UBND xã Thạch Sơn",), reject=("person: Thạch Sơn",)),
          Example("Theo ông Hoàng Đình Cảnh, Phó Cục trưởng Cục Phòng chống HIV/AIDS, Bộ Y tế, thuốc được cấp miễn phí.",
                  expect=("office: Hoàng Đình Cảnh = Phó Cục trưởng Cục Phòng chống HIV/AIDS",)),
          Example("Ông Vũ Xuân Thành, Vụ trưởng Vụ Quản lý đê điều thuộc Tổng cục Thủy lợi cho biết.",
                  expect=("office: Vũ Xuân Thành = Vụ trưởng Vụ Quản lý đê điều thuộc Tổng cục Thủy lợi",)),
          Example("Đây là đánh giá của ông Nguyễn Văn Giàu, Chủ nhiệm Ủy ban Đối ngoại Quốc hội tại buổi họp báo.",
                  reject=("office: Nguyễn Văn Giàu = Chủ nhiệm Ủy ban Đối ngoại Quốc hội tại",)),
          # a hospital's short name after "BV" is no person
          Example("Ông Nguyễn Đình Hưng – Giám đốc BV Xanh Pôn cho biết.", reject=("person: Xanh Pôn",)),
          Example("Ông Joaquin Castro, Chủ tịch Nhóm ASEAN tại Quốc hội Mỹ chia sẻ.",
                  reject=("office: Joaquin Castro = Chủ tịch Nhóm ASEAN tại Quốc hội Mỹ chia sẻ",)),
      ])
def offices(ctx: SentenceContext) -> None:
    """Offices written beside a name, dated by the sentence's full date or the article's."""
    text = ctx.text
    shown_on = ctx.reader.adate
    dm0 = SENTENCE_DATE.match(text) if ctx.persons else None
    if dm0:
        d0 = ctx.reader.date_from(int(dm0.group(1)), int(dm0.group(2)), dm0.group(3))
        if d0 and d0.year:
            shown_on = d0
    for h in ctx.persons:
        for office, org in h.offices:
            ctx.facts.offices.append(OfficeMention(h.name, office, org, shown_on,
                                                   ctx.prov("office." + h.rule.split(".")[1]),
                                                   implied=office in h.implied))


# ----------------------------------------------------------------------------- events


@rule("event", makes="event",
      produces=("event.named", "event.descriptive", "event.occasion", "event.reference"),
      examples=[
          Example("Sáng 19-12, tại Hà Nội, Thủ tướng dự Hội nghị Ngoại giao lần thứ 32.",
                  expect=("event: Hội nghị Ngoại giao lần thứ 32",)),
          Example("Chủ tịch nước đã có buổi tiếp Bộ trưởng Thương mại Hàn Quốc Ahn Duk-geun.",
                  expect=("event: buổi tiếp Bộ trưởng Thương mại Hàn Quốc Ahn Duk-geun",)),
          Example("Phát biểu tại Diễn đàn hợp tác về kinh tế số khu vực ở Hà Nội sáng 16/5, Bộ trưởng nhấn mạnh.",
                  expect=("event: Diễn đàn hợp tác về kinh tế số khu vực",)),
          Example("Ngày 2/2, Ủy ban Trung ương Mặt trận Tổ quốc tổ chức Hội nghị hiệp thương lần hai bầu cử đại biểu "
                  "Quốc hội khóa 16.", expect=("event: Hội nghị hiệp thương lần hai bầu cử đại biểu Quốc hội khóa 16",)),
          Example("Nội dung thứ hai trong phiên họp chiều 8/6 là dự án luật đất đai.",
                  expect=("event: Phiên họp chiều",)),
          Example("Trong cuộc họp báo ở Brussels ngày 3/2, Ngoại trưởng Bỉ phát biểu.",
                  expect=("event: cuộc họp báo ở Brussels",)),
          # a sentence glued on without its full stop is not part of the label
          Example("Bộ trưởng trả lời tại buổi đối thoại với doanh nghiệp Theo ông Lê Văn Hòa, chi phí còn cao.",
                  reject=("event: buổi đối thoại với doanh nghiệp Theo ông Lê Văn Hòa",)),
          Example("Các đại biểu dự hội nghị đã thảo luận sôi nổi.", reject=("event: Hội nghị",)),
          # the two sides of a pair, however the dash is spaced; a dash after an acronym opens a clause
          Example("Bộ trưởng phát biểu tại Diễn đàn doanh nghiệp Việt Nam – Tây Ban Nha sáng 24/5.",
                  expect=("event: Diễn đàn doanh nghiệp Việt Nam – Tây Ban Nha",)),
          Example("Cơ chế Đối thoại chính sách Việt -Nhật cấp thứ trưởng được duy trì đều đặn.",
                  expect=("event: Đối thoại chính sách Việt -Nhật",)),
          Example("Bộ trưởng dự Hội nghị Cấp cao Á - Âu tại Brussels.", expect=("event: Hội nghị Cấp cao Á - Âu",)),
          Example("Hội nghị APEC - Việt Nam sẽ đăng cai vào tháng 11.", expect=("event: Hội nghị APEC",)),
          # kinds of meeting given as examples are no gathering
          Example("Hai nước phối hợp chặt chẽ tại các diễn đàn do ASEAN dẫn dắt như Hội nghị cấp cao Đông Á và "
                  "Diễn đàn Khu vực ASEAN.", reject=("event: Hội nghị cấp cao Đông Á", "event: Diễn đàn Khu vực ASEAN")),
          Example("Năm qua, Việt Nam tổ chức thành công các hội nghị đa phương như Diễn đàn Kinh tế Mekong, Hội nghị "
                  "Thượng đỉnh Mekong - Nhật Bản.", expect=("event: Diễn đàn Kinh tế Mekong",)),
          # "các …" in a name only when an ordinal or an acronym closes it
          Example("Hội nghị các Bộ trưởng Ngoại giao ASEAN lần thứ 50 khai mạc tại Manila.",
                  expect=("event: Hội nghị các Bộ trưởng Ngoại giao ASEAN lần thứ 50",)),
          Example("Hội nghị các Bộ trưởng phụ trách thương mại đã kết thúc.", reject=("event: Hội nghị các Bộ",)),
          # a subject after "về" written with one capital goes on in small letters
          Example("Việc tổ chức Đối thoại APEC 2017 về Đô thị hóa bền vững là sự tiếp nối.",
                  expect=("event: Đối thoại APEC 2017 về Đô thị hóa bền vững",)),
          # a day-month after a name is its date, not a word of it
          Example("Ông Abe dự Đối thoại kinh tế Việt Nam - Nhật Bản tháng 1/2017 tại Tokyo.",
                  expect=("event: Đối thoại kinh tế Việt Nam - Nhật Bản",)),
          Example("Tại cuộc họp báo sáng 27/6, Bộ trưởng trả lời báo chí.", reject=("event: Cuộc họp báo sáng 27",)),
          # compound words that hold a stop word ("hàng không", "đối với", "song phương", "trù bị")
          Example("Thủ tướng dự lễ công bố đường bay của hai hãng hàng không Vietnam Airlines và Jetstar Pacific.",
                  expect=("event: Lễ công bố đường bay của hai hãng hàng không Vietnam Airlines và Jetstar Pacific",)),
          Example("Bộ trưởng khai mạc Hội thảo Quản lý tần số đối với vô tuyến băng rộng.",
                  expect=("event: Hội thảo Quản lý tần số đối với vô tuyến băng rộng",)),
          Example("Phó Thủ tướng đồng chủ trì Kỳ họp lần thứ 39 Ủy ban liên Chính phủ về hợp tác song phương Việt Nam-Lào.",
                  expect=("event: Kỳ họp lần thứ 39 Ủy ban liên Chính phủ về hợp tác song phương Việt Nam-Lào",)),
          # a list of capitalised fields inside a title
          Example("Quốc hội tiến hành phiên chất vấn Bộ trưởng Văn hóa, Thể thao và Du lịch về quản lý lễ hội.",
                  expect=("event: Phiên chất vấn Bộ trưởng Văn hóa, Thể thao và Du lịch …",)),
          # "… trên", "của tôi", "của họ": a reference, no event of its own
          Example("Chiếc tàu trong lễ ra mắt trên là khinh hạm.", reject=("event: Lễ ra mắt trên",)),
          Example("Thật đáng thất vọng khi phiên điều trần của tôi bị hoãn lại.",
                  reject=("event: Phiên điều trần của tôi bị hoãn lại", "event: Phiên điều trần của tôi")),
          Example("Cuộc gặp của họ là sự kiện song phương quan trọng.", reject=("event: Cuộc gặp của họ",)),
          # what something is ("X là diễn đàn …") is no gathering, but "Đây là Hội nghị …" names the one told of
          Example("Đối thoại Delhi là diễn đàn quan trọng giữa ASEAN và Ấn Độ.",
                  reject=("event: Diễn đàn quan trọng giữa ASEAN", "event: Diễn đàn quan trọng giữa ASEAN và Ấn Độ")),
          Example("Đây là Hội nghị sơ kết công tác bảo đảm an ninh kinh tế giai đoạn 2009 - 2016.",
                  expect=("event: Hội nghị sơ kết công tác bảo đảm an ninh kinh tế giai đoạn 2009 - 2016",)),
          # "diễn đàn khai mạc": the forum opened; a subject after "về" in small letters stays in the name
          Example("Triều Tiên phóng tên lửa vài giờ trước khi diễn đàn khai mạc dù nước này cử phái đoàn.",
                  reject=("event: Diễn đàn khai mạc dù nước", "event: diễn đàn khai mạc dù nước")),
          Example("Bộ trưởng Trần Tuấn Anh phát biểu tại Hội thảo APEC về thương mại và sáng tạo.",
                  expect=("event: Hội thảo APEC về thương mại và sáng tạo",)),
          # an opening phrase ends at its comma; "giữa tôi" says not whose
          Example("Sau cuộc tiếp Thị trưởng Rotterdam, Thủ tướng Nguyễn Xuân Phúc và Đoàn đại biểu đã gặp ông Hermen Borst.",
                  reject=("event: cuộc tiếp Thị trưởng Rotterdam, Thủ tướng …",)),
          Example("Ông Trump viết: lệnh trừng phạt không được thảo luận trong cuộc họp giữa tôi với Tổng thống Putin.",
                  reject=("event: cuộc họp giữa tôi với Tổng thống Putin",)),
          # "Tuần lễ" is a week; an owner written with one capital after an ordinal stays in the name;
          # a weekday after the name ends it; "trên cơ sở" after a comma opens a clause
          Example("Con gái ông Trump thông báo về Tuần lễ Bảo vệ Trẻ em ở Quốc hội.", reject=("event: Lễ Bảo vệ Trẻ",)),
          Example("Hai bên đã họp Hội nghị lần thứ 8 Ủy ban công tác liên hợp giữa 04 tỉnh biên giới, tích cực thúc đẩy "
                  "kết nối.", expect=("event: Hội nghị lần thứ 8 Ủy ban công tác liên hợp giữa 04 tỉnh biên giới",)),
          Example("Sau chiến thắng tại lễ trao giải Oscar tối chủ nhật, nam diễn viên chia sẻ một video.",
                  expect=("event: Lễ trao giải Oscar",)),
          Example("Tại phiên họp thứ 10 của Ủy ban Thường vụ Quốc hội, trên cơ sở xem xét đơn của ông A, Ủy ban đồng ý.",
                  expect=("event: phiên họp thứ 10 của Ủy ban Thường vụ Quốc hội",)),
          # a meeting sought is not held
          Example("Ông chủ Chelsea đang tìm kiếm một cuộc gặp gỡ cá nhân với cha của cầu thủ.",
                  reject=("event: cuộc gặp gỡ cá nhân với cha của cầu thủ",)),
          # whose meeting is not said; a weekday is no ordinal
          Example("Ông Trump chia sẻ thông tin mật trong một cuộc họp riêng.", reject=("event: cuộc họp riêng",)),
          Example("Đoạn video ghi lại cuộc gặp giữa 2 bên được công bố.", reject=("event: cuộc gặp giữa 2 bên",)),
          Example("Trong một cuộc họp thứ 5 tuần trước tại Brussels, các bộ trưởng NATO đã cam kết.",
                  reject=("event: Cuộc họp thứ 5 tuần", "event: cuộc họp thứ 5 tuần")),
          Example("Liên hợp quốc chỉ trích vụ phóng tên lửa, song chưa triệu tập cuộc họp hội đồng để bàn thảo.",
                  reject=("event: cuộc họp hội đồng",)),
          # a title in quotes after "với chủ đề" ends the name; no small word is left hanging
          Example("Chiều 14/3, buổi tọa đàm với chủ đề “Xâm hại tình dục trẻ em: Im lặng hay lên tiếng” gây sự chú ý.",
                  expect=("event: Tọa đàm với chủ đề Xâm hại tình dục trẻ em: Im lặng hay lên tiếng",)),
          Example("Ông tham dự Diễn đàn Hợp tác cấp cao “Vành đai và con đường” của Chủ tịch nước Trần Đại Quang.",
                  reject=("event: Diễn đàn Hợp tác cấp cao Vành đai và con đường của",)),
          # a forum on the web or a paper's name is no gathering
          Example("Ông Will Strafach đã có bài viết trên diễn đàn Medium của Mỹ.", reject=("event: Diễn đàn Medium",)),
          Example("Theo Nha Trang/Diễn đàn DN", reject=("event: Diễn đàn DN",)),
          # "chủ trì cuộc họp ông X": X chaired it, the meeting is not one with X
          Example("Tại cuộc họp chiều 11/7, chủ trì cuộc họp ông Phan Trọng Hổ, Giám đốc Sở NN-PTNT Bình Định, nêu rõ.",
                  reject=("event: cuộc họp ông Phan Trọng Hổ …",)),
      ])
def events(ctx: SentenceContext) -> None:
    """Event mentions of the sentence, each tied to an article event (references to the
    event the article tells about get no node of their own)."""
    starts = frozenset(h.span_start for h in ctx.persons) | frozenset(h.start for h in ctx.persons)
    titles = [(h.span_start, h.start) for h in ctx.persons if h.span_start < h.start]
    for hit in find_events(ctx.text, starts):
        if any(a < hit.start < b for a, b in titles):
            continue  # "Chủ tịch Hội nghị Hiệp thương …": a body in a title, not a gathering
        prev = ctx.placed[-1] if ctx.placed else None
        if prev and prev[1] is not None and ctx.text[prev[0].end:hit.start] == " (" and hit.mode != "generic":
            prev[1].names.append(hit.name)  # "Diễn đàn … năm 2017 (Hội nghị WEF ASEAN 2017)": one event
            ctx.placed.append((hit, prev[1]))
            continue
        if hit.mode != "generic" and _PREDICATE_BEFORE.search(ctx.text, max(0, hit.start - 12), hit.start) \
                and hit.ordinal is None:
            ctx.placed.append((hit, None))
            continue  # "Đối thoại Delhi là diễn đàn quan trọng giữa …": what something is, no gathering
        if _NOT_HELD.search(ctx.text, max(0, hit.start - 40), hit.start):
            ctx.placed.append((hit, None))
            continue  # "song chưa triệu tập cuộc họp hội đồng": a meeting that was not held
        if hit.kind == "negotiation" and hit.mode == "occasion" and not re.match(
                r"(?:vòng|phiên|Vòng|Phiên)", hit.name) and hit.ordinal is None:
            continue  # "cuộc đàm phán tiềm năng …": negotiating, not one round of it
        if hit.ordinal is None and not re.search(r"(?:19|20)\d\d", hit.name) and _KINDS_LISTED.search(
                ctx.text, max(0, hit.start - 120), hit.start):
            ctx.placed.append((hit, None))
            continue  # "qua những diễn đàn như Hội nghị cấp cao Đông Á, …": kinds of forum, no gathering
        ev = ctx.reader.local_event(hit, ctx)
        ctx.placed.append((hit, ev))
        if ev is not None and hit.mode != "generic":
            ctx.reader.recent = ev


_PREDICATE_BEFORE = re.compile(r"(?<![\wÀ-ỹĐđ])(?<!Đây )(?<!đây )(?<!Đó )(?<!đó )(?:là|trở thành)(?: (?:một|những|các))? \Z")
_NOT_HELD = re.compile(r"(?<![\wÀ-ỹĐđ])(?:(?:không|chưa|chẳng)(?: (?:hề|từng|được|bao giờ|kịp|thể))? "
                       r"(?:tổ chức|triệu tập|có|diễn ra|tiến hành|mở)|(?:đang )?(?:tìm kiếm|muốn có|mong muốn có|"
                       r"đề nghị|kêu gọi|đề xuất)(?: tổ chức| tiến hành)?)(?: (?:một|các|những|bất kỳ|bất cứ))? \Z")
# a list of examples of a kind of meeting, up to the event: "các cơ chế như A, B và C", "những diễn
# đàn do ASEAN dẫn dắt như …" (not "tổ chức các hội nghị như A, B": those took place)
_KINDS_LISTED = re.compile(r"(?:các|những) (?:cơ chế|khuôn khổ|kênh|diễn đàn (?:đa phương|khu vực|do [^.;:()]{1,30}? "
                           r"(?:dẫn dắt|khởi xướng)))(?: [^.;:()]{0,60}?)? như"
                           r"(?: [^.;:]{0,90}?(?:,| và))?\s*\Z")


def _phrase(ctx: SentenceContext, h: PersonHit) -> str:
    """A person as the sentence writes them, with the titles before the name."""
    if h.rule == "person.title-anaphor":
        return f"{ctx.text[h.start:h.end]} {h.name}"
    if h.rule in ("person.title-name", "person.foreign-title") and h.span_start < h.start:
        return ctx.text[h.span_start:h.end]
    if h.offices:  # "ông A, Chủ tịch X" -> "Chủ tịch X A"
        return f"{h.offices[-1][0]} {h.name}"
    return h.name


def _occasion_event(ctx: SentenceContext, noun: str, kind: str, name: str, at: int, end: int = 0) -> LocalEvent:
    hit = EventHit(at, max(end, at + len(noun)), noun, kind, name, "occasion", with_persons=True)
    ev = ctx.reader.local_event(hit, ctx)
    ctx.placed.append((hit, ev))
    ctx.placed.sort(key=lambda he: he[0].start)
    ctx.reader.recent = ev
    return ev


@rule("participation.meeting", makes="participation",
      examples=[
          Example("Chiều 12/5, Chủ tịch nước Võ Văn Thưởng đã hội kiến Thủ tướng Lào Sonexay Siphandone.",
                  expect=("participation: Võ Văn Thưởng -> hội kiến giữa Chủ tịch nước Võ Văn Thưởng và "
                          "Thủ tướng Lào Sonexay Siphandone (participant)",
                          "participation: Sonexay Siphandone -> hội kiến giữa …")),
          Example("Thủ tướng Phạm Minh Chính hội đàm với Thủ tướng Singapore Lawrence Wong.",
                  expect=("participation: Lawrence Wong -> hội đàm giữa Thủ tướng Phạm Minh Chính và "
                          "Thủ tướng Singapore Lawrence Wong (participant)",)),
          Example("Bộ trưởng Ngoại giao Lê Hoài Trung sáng nay hội đàm với ông Bruno Rodriguez.",
                  expect=("participation: Lê Hoài Trung -> hội đàm giữa …", "participation: Bruno Rodriguez -> hội đàm giữa …")),
          Example("Hai bên nhất trí tăng cường các cuộc hội đàm, hội kiến cấp cao.", reject=("participation: …",)),
      ])
def meeting_verbs(ctx: SentenceContext) -> None:
    """Talks written with a verb: "A hội đàm với B", "A hội kiến B" — an event of its own,
    "hội đàm giữa A và B", both taking part."""
    if "hội" not in ctx.text and "họp báo" not in ctx.text:
        return  # hội đàm, hội kiến, họp báo
    text = ctx.text
    for vm in _MEETING_VERB.finditer(text):
        if any(h.start <= vm.start() < h.end and h.mode in ("occasion", "named", "descriptive")
               and not text.startswith(vm.group(1) + " với", h.start) for h, _ in ctx.placed):
            continue  # "cuộc hội đàm giữa …": the occasion rule reads it
        subjects = subjects_before(ctx.subjects, text, vm.start()) or carried_subjects(ctx, vm.start())
        if not subjects:
            continue
        after = vm.end()
        if vm.group(1) == "họp báo":
            if len(subjects) < 2:
                continue  # "A họp báo": the occasion rule reads "cuộc họp báo …"
            chung = " chung" if text.startswith(" chung", after) else ""
            name = f"họp báo{chung} của {' và '.join(_phrase(ctx, h) for h in subjects)}"
            placed = [(h, e) for h, e in ctx.placed if h.start == vm.start() and e is not None]
            ev = placed[0][1] if placed else _occasion_event(ctx, "họp báo", "press", name, vm.start())
            if placed:
                ev.names.insert(0, name)
                ev.mention.name = name
            for h in subjects:
                ctx.participate(h, ev, "họp báo")
            continue
        wm = re.match(r" (?:riêng )?(?:với )?(?:(?:ông|bà|ngài|người đồng cấp) )?", text[after:])
        objects = subject_chain(ctx.subjects, text, after + (wm.end() if wm else 0))
        if not objects and len(subjects) < 2:
            continue
        verb = vm.group(1)
        sides = [[o] for o in objects] if len(objects) > 1 else [objects]  # "hội kiến A và B": two meetings
        for side in sides:
            if side:
                name = f"{verb} giữa {' và '.join(_phrase(ctx, h) for h in subjects)} và " \
                       f"{' và '.join(_phrase(ctx, h) for h in side)}"
            else:
                name = f"{verb} giữa {' và '.join(_phrase(ctx, h) for h in subjects)}"
            placed = [(h, e) for h, e in ctx.placed if h.start == vm.start() and e is not None]
            if placed and len(sides) == 1:
                ev = placed[0][1]
                if ev.mention.name.startswith(verb + " với"):
                    ev.names.insert(0, name)
                    ev.mention.name = name
            else:
                if placed:
                    placed[0][1].dropped = True
                ev = _occasion_event(ctx, verb, "talks", name, vm.start(),
                                     max([h.span_end for h in side] + [vm.end()]))
            for h in subjects + side:
                ctx.participate(h, ev, verb)


@rule("participation.occasion", makes="participation",
      examples=[
          Example("Chủ tịch nước Lương Cường đã có buổi tiếp Bộ trưởng Ngoại giao Chile Alberto van Klaveren.",
                  expect=("participation: Lương Cường -> buổi tiếp Bộ trưởng Ngoại giao Chile Alberto van Klaveren "
                          "(participant)",
                          "participation: Alberto van Klaveren -> buổi tiếp …")),
          Example("Thủ tướng Phạm Minh Chính còn có các cuộc gặp với Tổng thống Pháp Emmanuel Macron và "
                  "Thủ tướng Canada Mark Carney.",
                  expect=("participation: Mark Carney -> cuộc gặp giữa Thủ tướng Phạm Minh Chính và "
                          "Thủ tướng Canada Mark Carney (participant)",)),
          # persons after "về" are what the occasion is about
          Example("Cựu Giám đốc FBI James Comey dự phiên điều trần về cuộc gặp của ông với Tổng thống Donald Trump.",
                  reject=("participation: Donald Trump -> …",)),
      ])
def occasions(ctx: SentenceContext) -> None:
    """An occasion takes its persons from how it is written: "buổi tiếp X", "cuộc gặp
    giữa A và B", "Lễ đón X", and the subject of "A có cuộc hội đàm với B"; "các cuộc gặp
    với B, C" is one meeting with each."""
    text = ctx.text
    for hit, ev in list(ctx.placed):
        if hit.mode != "occasion" or ev is None:
            continue
        inside = [h for h in ctx.subjects if hit.start <= h.span_start and h.start < hit.end
                  and not _ABOUT.search(text, hit.start, h.span_start)]  # "phiên điều trần về cuộc gặp với X": the topic
        subjects = []
        hm = _HAVE_OCCASION.search(text[max(0, hit.start - 40):hit.start])
        if hm:
            subjects = subjects_before(ctx.subjects, text, max(0, hit.start - 40) + hm.start())
        noun = hit.head
        if hit.plural and subjects and len(inside) > 1:
            for other in inside:  # "các cuộc gặp với A, B và C": a meeting with each
                name = f"{'cuộc ' + noun if noun != 'tiếp' else 'buổi tiếp'} giữa " \
                       f"{' và '.join(_phrase(ctx, s) for s in subjects)} và {_phrase(ctx, other)}"
                one = _occasion_event(ctx, noun, hit.kind, name, hit.start)
                for p in subjects + [other]:
                    ctx.participate(p, one, noun)
            ev.dropped = True
            continue
        if subjects and inside and re.search(r"(?<![\wÀ-ỹĐđ])với ", ev.mention.name) \
                and " giữa " not in ev.mention.name and noun != "tiếp":
            name = re.sub(r" với .*$", "", ev.mention.name)  # "cuộc hội đàm với B" -> "… giữa A và B"
            name = f"{name} giữa {' và '.join(_phrase(ctx, s) for s in subjects)} và " \
                   f"{' và '.join(_phrase(ctx, s) for s in inside)}"
            ev.names.insert(0, name)
            ev.mention.name = name
        for p in subjects + inside:
            ctx.participate(p, ev, noun if hit.kind != "ceremony" else "dự")


@rule("participation.opener", makes="participation", produces=("participation.opener", "participation.listed"),
      examples=[
          Example("Tham dự hội nghị có Phó Thủ tướng Trần Lưu Quang, Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn.",
                  before="Sáng 5/8, Bộ Ngoại giao tổ chức Hội nghị Ngoại giao lần thứ 33.",
                  expect=("participation: Trần Lưu Quang -> Hội nghị Ngoại giao lần thứ 33 (participant)",
                          "participation: Bùi Thanh Sơn -> Hội nghị Ngoại giao lần thứ 33 (participant)")),
          Example("Phát biểu khai mạc hội nghị, Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn khẳng định.",
                  before="Sáng 5/8, Bộ Ngoại giao tổ chức Hội nghị Ngoại giao lần thứ 33.",
                  expect=("participation: Bùi Thanh Sơn -> Hội nghị Ngoại giao lần thứ 33 (participant)",)),
          Example("Tại Hà Nội, Thủ tướng Phạm Minh Chính tiếp Đại sứ Pháp.", reject=("participation: …",)),
          Example("Tham dự Đối thoại Shangri-La lần này có Bộ trưởng Quốc phòng Úc Richard Marles.",
                  before="Ngày 2/6, Đối thoại Shangri-La lần thứ 21 khai mạc tại Singapore.",
                  expect=("participation: Richard Marles -> Đối thoại Shangri-La lần thứ 21 (participant)",)),
          Example("Bên lề Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 56, Bộ trưởng Bùi Thanh Sơn đã gặp "
                  "Ngoại trưởng Úc Penny Wong.",
                  expect=("participation: Bùi Thanh Sơn -> Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 56 (participant)",)),
      ])
def openers(ctx: SentenceContext) -> None:
    """An opening phrase places the persons after it: "Phát biểu khai mạc hội nghị, X …",
    "Tại buổi tiếp, X …", "Tham dự hội nghị có X, Y …", "Đón X tại sân bay có A, B"."""
    text = ctx.text
    om = _OPENER_RE.match(text)
    if not om or not ctx.subjects:
        return
    opener = om.group(1).lower()
    detail = OPENERS[opener]
    qm = _QUALIFIER.match(text)
    qualifier = ("tại " + qm.group(1)) if qm else None
    hit, ev = ctx.event_at(om.end() + 1, 6)
    after = hit.end if hit else om.end()
    if hit is not None and hit.anaphoric:
        am = ANAPHOR_AFTER.match(text, after)
        after = am.end() if am else after  # "Tham dự Đối thoại Delhi lần này có X …"
    rest = text[after:]
    if opener in ("đón", "chào mừng"):  # "Đón X tại sân bay có A, B", "Chào mừng X … còn có C"
        ev = _welcome_event(ctx)
        if ev is None:
            return
        cm = re.search(r"\scó\s", rest)
        if not cm:
            return
        welcomed = [p for p in ctx.subjects if after <= p.start < after + cm.start()]
        for p in welcomed:
            ctx.participate(p, ev, "dự")
        for p in ctx.subjects:
            if p.start > after + cm.start():
                ctx.rule = "participation.listed"
                ctx.participate(p, ev, "dự")
        return
    tail = _OPENER_TAIL.match(rest)
    if tail:  # "Chia sẻ tại buổi họp báo … ngày 29/1, Thứ trưởng …", "Tại cuộc gặp … ở phòng Bầu Dục hôm 10-5, ông Trump …"
        after += tail.end() - 1
        rest = text[after:]
    if hit is None and (opener == "tại" or not re.match(r"\s*(?:,|(?:còn )?có\s)", rest)
                        or ctx.reader.current is None) and opener not in ("tại báo cáo", "báo cáo tại"):
        return  # "Tại Hà Nội, …" places nothing; "Phát biểu khai mạc, X …" is the current event
    if hit is not None:
        if ev is None:
            return
    else:
        ev = ctx.reader.current
    if ev is None:
        return
    if re.match(r"\s+(?:còn )?có\s", rest):
        ctx.rule = "participation.listed"
        for p in ctx.subjects:
            if p.start > after:
                ctx.participate(p, ev, detail)
    elif re.match(r"\s*,", rest):
        comma = after + rest.index(",")
        for p in subject_chain(ctx.subjects, text, comma + 1):
            ctx.participate(p, ev, detail, qualifier)


def _welcome_event(ctx: SentenceContext) -> LocalEvent | None:
    cands = [e for e in ctx.reader.events if e.family == "ceremony" and re.search(
        r"(?:đón|chào mừng)", e.mention.name, re.I)]
    return max(cands, key=lambda e: e.last_pos) if cands else None


@rule("participation.subject-verb", makes="participation",
      produces=("participation.subject-verb", "event.described"),
      examples=[
          Example("Thứ trưởng Ngoại giao Nguyễn Minh Vũ và Phó Trưởng Ban Đối ngoại Trung ương Lê Hoài Trung "
                  "đồng chủ trì cuộc họp.",
                  expect=("event: Cuộc họp giữa …", "participation: Lê Hoài Trung -> Cuộc họp giữa … (chair)")),
          Example("Trưởng đoàn Hàn Quốc Park Jin phát biểu bên lề Hội nghị Quan chức cao cấp ASEAN lần 3 tại Huế.",
                  expect=("participation: Park Jin -> Hội nghị Quan chức cao cấp ASEAN lần 3 (participant)",)),
          Example("Thứ trưởng Ngoại giao Đỗ Hùng Việt, Trưởng SOM APEC Việt Nam, dẫn đầu đoàn Việt Nam tham dự Hội nghị.",
                  before="Sáng 7/3, Hội nghị Quan chức cao cấp APEC lần thứ nhất khai mạc tại Nha Trang.",
                  expect=("participation: Đỗ Hùng Việt -> Hội nghị Quan chức cao cấp APEC lần thứ nhất (participant)",)),
          # a second verb after "cũng như" shares the subject; two meetings each named by their sides stay two
          Example("Thủ tướng Lê Minh Hải sẽ đồng chủ trì cuộc gặp giữa hai Chính phủ Việt Nam và Lào, cũng như "
                  "đồng chủ trì cuộc gặp giữa ba Thủ tướng Việt Nam - Campuchia - Lào tại Viêng Chăn.",
                  expect=("participation: Lê Minh Hải -> cuộc gặp giữa hai Chính phủ Việt Nam và Lào (chair)",
                          "participation: Lê Minh Hải -> cuộc gặp giữa ba Thủ tướng Việt Nam - Campuchia - Lào tại Viêng Chăn (chair)")),
          Example("Giám đốc Sở Ngoại vụ Thái Phúc Sơn chủ trì Hội nghị Ngoại vụ lần thứ 20.",
                  expect=("participation: Thái Phúc Sơn -> Hội nghị Ngoại vụ lần thứ 20 (chair)",)),
          Example("Phó Thủ tướng Trần Lưu Quang đã dự và phát biểu chỉ đạo Hội nghị Đối ngoại toàn quốc.",
                  expect=("participation: Trần Lưu Quang -> Hội nghị Đối ngoại toàn quốc (participant)",)),
          Example("Thủ tướng Phạm Minh Chính chủ trì họp Thường trực Chính phủ về tình hình kinh tế.",
                  expect=("participation: Phạm Minh Chính -> họp Thường trực Chính phủ về tình hình kinh tế (chair)",)),
          Example("Bộ trưởng Bùi Thanh Sơn cho rằng hội nghị rất quan trọng.", reject=("participation: …",)),
      ])
def subject_verb(ctx: SentenceContext) -> None:
    """Subject, verb, event: "X, Y và Z đồng chủ trì cuộc họp", "X dự Hội nghị …", "X chủ
    trì họp Ban Chỉ đạo …"; a verb that ends its clause places its subject at the current
    event ("X dự và phát biểu chỉ đạo; …")."""
    text = ctx.text
    if not ctx.subjects:
        return
    om = _OPENER_RE.match(text)
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
        dm = re.match(r" (?:một số |một |các |những )", text[end:])
        hit, ev = ctx.event_at(end + (dm.end() if dm else 1), 1)
        if hit is None:
            sm = re.match(r" (?:cuộc )?họp (?=[A-ZĐ]|Thường trực)", text[end:])
            if sm:  # "chủ trì họp Ban Chỉ đạo …", "dự họp Thường trực Chính phủ"
                at = end + sm.start() + 1
                name = text[at:_occasion_end(text, end + sm.end() - 1)].strip(" ,")
                ev = _occasion_event(ctx, "họp", "meeting", name, at)
                hit = True
        if hit is None:
            if ctx.reader.current is not None and all(d in OBJECTLESS_VERBS for d in details) \
                    and re.match(r"\s*(?:[;.]|$|, (?:cùng|và))", text[end:]):
                for p in subjects_before(ctx.subjects, text, vm.start()):
                    for d in details:
                        ctx.participate(p, ctx.reader.current, d)
            continue
        subjects = subjects_before(ctx.subjects, text, vm.start()) or carried_subjects(ctx, vm.start())
        if ev is None and hit is not True and hit.mode == "generic" and subjects:
            ev = _described_event(ctx, hit, subjects)  # "A, B và C đồng chủ trì cuộc họp."
        if ev is None:
            continue
        for p in subjects:
            for d in details:
                ctx.participate(p, ev, d)


def _described_event(ctx: SentenceContext, hit: EventHit, subjects: list[PersonHit]) -> LocalEvent | None:
    """A gathering the article names only as "cuộc họp" gets a description from those who
    held it: "cuộc họp giữa Bộ Ngoại giao, Ban Đối ngoại Trung ương và Ủy ban Đối ngoại Quốc
    hội" when they come from different bodies, "cuộc họp do <title> <name> chủ trì" else."""
    if FAMILY.get(hit.kind) != "meeting" or any(e.family == "meeting" for e in ctx.reader.events):
        return None  # "Diễn đàn", "Tọa đàm" alone: no description to give
    orgs = []
    for p in subjects:  # the last title of a chain is the post: "Ủy viên Bộ Chính trị, …, Bộ trưởng Ngoại giao"
        org = next((org for _office, org in reversed(p.offices) if org), None)
        if org and org not in orgs:
            orgs.append(org)
    noun = hit.name[0].lower() + hit.name[1:]
    if len(orgs) >= 2:
        name = f"{noun} giữa {', '.join(orgs[:-1])} và {orgs[-1]}"
    else:
        name = f"{noun} do {' và '.join(_phrase(ctx, p) for p in subjects)} chủ trì"
    ev = ctx.reader.new_event(EventHit(hit.start, hit.end, hit.head, hit.kind, name, "descriptive"), ctx,
                              "event.described", generic=True)
    for k, (h2, e2) in enumerate(ctx.placed):
        if h2 is hit:
            ctx.placed[k] = (h2, ev)
    return ev


@rule("participation.passive", makes="participation",
      examples=[
          Example("Phiên thảo luận về dự án luật diễn ra dưới sự điều khiển của Phó Chủ tịch Quốc hội Trần Quang Phương.",
                  before="Sáng 5/6, Quốc hội họp phiên toàn thể tại hội trường.",
                  expect=("participation: Trần Quang Phương -> Phiên thảo luận về dự án luật (chair)",)),
          Example("Hội nghị Ngoại giao lần thứ 32 diễn ra dưới sự chủ trì của Thủ tướng Phạm Minh Chính.",
                  expect=("participation: Phạm Minh Chính -> Hội nghị Ngoại giao lần thứ 32 (chair)",)),
      ])
def passives(ctx: SentenceContext) -> None:
    """Passives: "… do X chủ trì", "dưới sự chủ trì của X", "với sự tham dự của X, Y"."""
    text = ctx.text
    for p_idx, p in enumerate(ctx.subjects):
        before = text[max(0, p.span_start - 60):p.span_start]  # a window: linear in long sentences
        is_chair = _PASSIVE_CHAIR.search(before) and re.match(r"\s*(?:đồng )?chủ trì", text[p.span_end:]) \
            or re.search(r"dưới sự (?:chủ trì|điều khiển|điều hành) của\s+$", before)
        is_att = _PASSIVE_ATTEND.search(before)
        if not (is_chair or is_att):
            continue
        prev = [(h, e) for h, e in ctx.placed if h.end <= p.span_start and e is not None]
        ev = prev[-1][1] if prev else ctx.reader.current
        if ev is None:
            continue
        group = [p] + (subject_chain(ctx.subjects[p_idx + 1:], text, p.span_end, True) if is_att else [])
        for q in group:
            ctx.participate(q, ev, "chủ trì" if is_chair else "dự")


_SUBJECT_NEXT = re.compile(r"(?:\s*\((?:phải|trái|giữa)\))?\s+(?:đã |sẽ |cũng |vừa |đang |còn |dự kiến |tiếp tục |"
                           r"chính thức |trong [^,;]{0,40}? )*(?:[a-zà-ỹđ])")
_ITEM_START = re.compile(r"(?:[,;:]|,? và|; và|,? cũng như)\s*$")


def carried_subjects(ctx: SentenceContext, pos: int) -> list[PersonHit]:
    """The subject a list of verb phrases shares: "A sẽ hội đàm với B, hội kiến C; dự Z" —
    the first person of the sentence who is the subject of its first verb, when the verb at
    ``pos`` opens an item of the list."""
    text = ctx.text
    if not _ITEM_START.search(text[max(0, pos - 12):pos]):
        return []
    between = [h for h in ctx.subjects if h.span_end <= pos]
    if between and re.search(r"(?:mời|đón|đề nghị|yêu cầu|muốn|để|hoan nghênh|chào mừng)\s+(?:\S+\s+){0,2}$",
                             text[max(0, between[-1].span_start - 20):between[-1].span_start]):
        return [between[-1]]  # "hoan nghênh Thủ tướng X sang thăm … và dự …": X is who attends
    for h in ctx.subjects:
        if h.span_end > pos:
            break
        if _SUBJECT_NEXT.match(text, h.span_end) and not re.match(r"\s+(?:và|của|tại|với|cùng)\s", text[h.span_end:]):
            subs = subjects_before(ctx.subjects, text, h.span_end + len(_SUBJECT_NEXT.match(text, h.span_end).group(0)) - 1)
            return subs or [h]
    return []


def subject_chain(persons: list[PersonHit], text: str, pos: int, skip_first: bool = False) -> list[PersonHit]:
    """Persons listed from ``pos`` on: ``X, Y và Z`` with their titles."""
    out: list[PersonHit] = []
    cur = pos
    for p in persons:
        if p.span_start < cur and not (not out and p.span_start <= cur <= p.start):
            continue  # (``pos`` may fall inside the first one's span: "với ông|X" after "ông")
        gap = text[cur:p.span_start]
        if (not out and not skip_first and gap.strip() == "") or (out or skip_first) and _SEPARATOR.match(gap or ","):
            out.append(p)
            cur = p.span_end
            continue
        break
    return out


# a capitalised apposition of a few words between a name and its verb, closed by a comma
_APPOSITION = re.compile(r",\s+[%s][^\W\d_]*(?:[ -][^\W\d_]+){0,7},(?=\s)" % UPPER)


def subjects_before(persons: list[PersonHit], text: str, verb_start: int) -> list[PersonHit]:
    """The persons listed right before a verb: its subjects."""
    before = [p for p in persons if p.span_end <= verb_start]
    if not before:
        return []
    last = before[-1]
    gap = text[last.span_end:verb_start]
    if last.span_end > last.end and gap.startswith(","):
        gap = gap[1:]  # "ông A, Chủ tịch X, đã dự …": a comma closes the apposition
    elif _APPOSITION.match(gap):
        gap = gap[_APPOSITION.match(gap).end():]  # "A, Trưởng SOM ARF của Việt Nam, dẫn đầu …": a title read as words
    if not _FILLER.match(gap):
        return []
    out = [last]
    for p in reversed(before[:-1]):
        gap = text[p.span_end:out[0].span_start]
        if _SEPARATOR.match(gap) or re.match(r"^\s*[,;]?\s*(?:và\s+)?(?:các\s+)?(?:đồng chí|ông|bà)?\s*$", gap):
            out.insert(0, p)
        else:
            break
    return out


# ----------------------------------------------------------------------------- dates and places

_DATE_AFTER = re.compile(
    r"(?: (?:ở|tại) [^,.;()]{1,40}?)?\s*(?:\(|,)?\s*(?:(?:diễn ra|được tổ chức|tổ chức|sẽ diễn ra|dự kiến diễn ra|vừa qua|hôm|vào|"
    r"sẽ|dự kiến|dự kiến sẽ)\s+)*(?:(?:ngày|hôm|sáng|chiều|tối|trưa)(?: nay| qua)?\s+)?\(?(\d{1,2})"
    r"(?:\s*[-–]\s*\d{1,2})?\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*((?:19|20)\d\d))?\)?(?![\d/]|[.,]\d)")
_RELATIVE = re.compile(r"(?<![\wÀ-ỹĐđ])(?:hôm|sáng|chiều|tối|trưa)\s+(nay|qua)(?![\wÀ-ỹĐđ])(?!\s*\(?\d)")


def _focus(ctx: SentenceContext) -> LocalEvent | None:
    if ctx.given:
        return ctx.given[0]
    for hit, ev in ctx.placed:
        if ev is not None and hit.mode != "generic":
            return ev
    for hit, ev in ctx.placed:
        if ev is not None:
            return ev
    return None


@rule("date.sentence-start", makes="date", produces=("date.sentence-start", "date.sentence-only", "date.context"),
      examples=[
          Example("Chủ tịch nước Trần Đại Quang chiều 11-5 đã hội kiến Thủ tướng Nhật Bản Shinzo Abe.", date="2017-05-12",
                  expect=("event: hội kiến giữa … @ 2017-05-11",)),
          Example("Ngay sau khi xuống sân bay, Thủ tướng Nguyễn Xuân Phúc đã hội kiến Tổng thống Nga Vladimir Putin.",
                  before="Chiều 28/6, Thủ tướng Nguyễn Xuân Phúc tới Moscow.", date="2017-06-29",
                  expect=("event: hội kiến giữa … @ 2017-06-28",)),
          Example("Sáng 15/12, Thủ tướng Phạm Minh Chính dự Hội nghị Ngoại giao lần thứ 31.", date="2021-12-15",
                  expect=("event: Hội nghị Ngoại giao lần thứ 31 @ 2021-12-15",)),
          Example("Ngày 29-6, Người phát ngôn Bộ Ngoại giao Phạm Thu Hằng cho biết Thủ tướng sẽ dự "
                  "Hội nghị Thượng đỉnh G20.", reject=("event: Hội nghị Thượng đỉnh G20 @ --06-29",)),
          # a deadline, the day something was told, the day of something before the event
          Example("Các cuộc gặp giữa ông Trump và ông Comey phải được báo cáo trước ngày 24-5.",
                  reject=("event: cuộc gặp giữa ông Trump và ông Comey @ --05-24",)),
          Example("Ngoại trưởng Lavrov đã có cuộc gặp với Tổng thống Trump, hai quan chức ngày 15-5 cho biết.",
                  reject=("event: cuộc gặp giữa Ngoại trưởng Lavrov và Tổng thống Trump @ --05-15",)),
          Example("Phát biểu ngày 6/2 tại Washington trước thềm cuộc gặp Thủ tướng Justin Trudeau, ông Donohue nhấn mạnh.",
                  reject=("event: cuộc gặp Thủ tướng Justin Trudeau @ --02-06",)),
          # a sentence set in another year; a day before the meeting ("trước cuộc gặp")
          Example("Tháng 4/1982 tại Bắc Kinh, trong cuộc gặp với ông Edward Heath, ông Đặng Tiểu Bình đề xuất ý tưởng.",
                  before="Ngày 30/6, Hong Kong kỷ niệm 20 năm trở về Trung Quốc.", date="2017-07-01",
                  reject=("event: cuộc gặp với ông Edward Heath @ 2017-06-30",)),
          Example("Nhật báo Kommersant ngày 9/6 cho biết Nga muốn Mỹ trả hai khu phức hợp trước cuộc gặp giữa hai "
                  "Tổng thống Vladimir Putin và Donald Trump.",
                  reject=("event: cuộc gặp giữa hai Tổng thống Vladimir Putin và Donald Trump @ --06-09",)),
          # a day a report is dated, the day of another event, a visit's span
          Example("Hãng tin Reuters hôm qua 16/6 cho biết, một cuộc họp qua điện thoại giữa Tổng thống Erdogan và "
                  "Tổng thống Macron đã được tổ chức.", reject=("event: … @ --06-16",)),
          Example("Phát biểu tại buổi họp báo ngày 8/2, ông Suga cho biết Thủ tướng Shinzo Abe sẽ có hội đàm với "
                  "Tổng thống Mỹ Donald Trump.", reject=("event: hội đàm giữa … @ --02-08",)),
          Example("Trong thời gian ở thăm từ ngày 8-11/7, Thủ tướng Nguyễn Xuân Phúc đã hội đàm với Thủ tướng "
                  "Hà Lan Mark Rutte.", reject=("event: hội đàm giữa … @ --07-08",)),
          # the day a law takes effect
          Example("Dự lễ Phát động tháng hành động vì trẻ em, Phó Chủ tịch nước nói Luật Trẻ em có hiệu lực từ ngày 1/6/2017.",
                  reject=("event: Lễ Phát động tháng hành động vì trẻ em @ 2017-06-01",)),
          # some meeting, not the one of the day told
          Example("Bà Susan Thornton tại một cuộc họp báo ở Washington.", before="Chiều 19/6, Bộ trưởng tới Washington.",
                  reject=("event: cuộc họp báo ở Washington @ --06-19",)),
      ])
def sentence_dates(ctx: SentenceContext) -> None:
    """"Ngày 25/1, …", "Chiều 29-12, …", "Từ ngày 9 đến 11/10, …" date the event the
    sentence is about — not one a spokesperson announces for later; so does the only date a
    sentence writes anywhere ("date.sentence-only": "Chủ tịch nước … chiều 11-5 đã tiếp …").
    The day told last dates, once the article is read, the talks and ceremonies after it that
    give none ("date.context", :func:`kg.extract.reader._date_by_context`)."""
    if not ctx.has_digit and "ngày" not in ctx.text:
        return  # no day written, no "Cùng ngày"
    text = ctx.text
    r = ctx.reader
    dm, rm = SENTENCE_DATE.match(text), SENTENCE_RANGE.match(text)
    start = end = None
    rule_id = ctx.rule
    if rm:
        y = rm.group(5)
        end = r.date_from(int(rm.group(3)), int(rm.group(4)), y)
        start = r.date_from(int(rm.group(1)), int(rm.group(2) or rm.group(4)),
                            y or (str(end.year) if end and end.year else None))
    elif dm:
        start = r.date_from(int(dm.group(1)), int(dm.group(2)), dm.group(3))
    elif SAME_DAY.match(text):
        start = r.last_date  # "Cùng ngày, …": the day told last
    else:
        dates = list(ANY_DATE.finditer(text))
        if len(dates) == 1:  # "Chủ tịch nước Trần Đại Quang chiều 11-5 đã tiếp …"
            m = dates[0]
            start = r.date_from(int(m.group(1)), int(m.group(2)), m.group(3))
            rule_id = "date.sentence-only"
    if start is None:
        return
    r.last_date = start
    focus = _focus(ctx)
    if focus is None:
        return
    at = next((h.start for h, e in ctx.placed if e is focus), len(text))
    m = rm or dm
    if m and _REPORTING.search(text, m.end(), at) and _FUTURE.search(text, m.end()):
        return  # "Ngày 29-6, Người phát ngôn … cho biết, Thủ tướng … sẽ tham dự …"
    if m and ANY_DATE.search(text, at):
        return  # "Ngày 1/2, … thông báo vòng đàm phán … diễn ra vào ngày 4-5/2": its own date follows
    first = m.start() if m else dates[0].start() if rule_id == "date.sentence-only" else 0
    if first < at and _BEFORE_IT.search(text, 0, at):
        return  # "Phát biểu ngày 6/2 … trước thềm cuộc gặp …": the day of something before it
    if rule_id == "date.sentence-only":
        d = dates[0]
        if _DEADLINE.search(text, 0, d.start()) or _REPORTING.match(text, d.end() + 1) \
                or _REPORTED_ON.search(text, max(0, d.start() - 20), d.start()):
            return  # "… trước ngày 24-5" is a deadline; "Reuters hôm qua 16/6 cho biết", "KAN đưa tin hôm 1/2": the day it was told
        if _VISIT_SPAN.search(text, 0, d.start()):
            return  # "Trong thời gian ở thăm từ ngày 8-11/7, … đã hội đàm …": the visit's days
        if any(e is not focus and 0 <= d.start() - h.end <= 2 for h, e in ctx.placed):
            return  # "Phát biểu tại buổi họp báo ngày 8/2, … sẽ có hội đàm …": the day of the other event
    if rm and _VISIT_SPAN.search(text, 0, rm.start(1)):
        return  # "Trong thời gian ở thăm từ ngày 8-11/7, … đã hội đàm …": the visit's days, not the talks'
    targets = [focus] + [e for h, e in ctx.placed if e is not None and e is not focus and e.occasion
                         and e.mention.date is None]
    for ev in targets:  # "Hôm nay (29.6), A sẽ hội đàm với B, hội kiến C": every meeting of that day
        r.set_date(ev, start, end, ctx, rule_id)
    if dm and not focus.mention.location:
        loc = location_in(text)
        if loc:
            focus.mention.location = loc


@rule("date.inline", makes="date",
      examples=[
          Example("Hội nghị Ngoại giao 29 và Hội nghị Ngoại vụ 18 (từ 21 - 26/8) bàn về đối ngoại.",
                  expect=("event: Hội nghị Ngoại vụ 18 @ --08-21",)),
          Example("Ngày 2/6, Bộ Ngoại giao cho biết cuộc hội đàm giữa hai Thủ tướng sẽ diễn ra vào ngày 6/6.",
                  expect=("event: cuộc hội đàm giữa hai Thủ tướng @ --06-06",)),
          Example("Công tác chuẩn bị lễ kỷ niệm 70 năm ngày Thương binh liệt sĩ (27-7) đã hoàn thành.",
                  reject=("event: Lễ kỷ niệm 70 năm ngày Thương binh liệt sĩ @ --07-27",)),
      ])
def inline_dates(ctx: SentenceContext) -> None:
    """A date written right after an event: "Hội nghị … (từ 21 - 26/8)", "… ngày 14/12/2021",
    "… sẽ diễn ra vào ngày 6/6", "cuộc họp báo ở Washington ngày 3.2"."""
    if not ctx.has_digit:
        return
    text = ctx.text
    r = ctx.reader
    placed = ctx.placed
    for i, (hit, ev) in enumerate(placed):
        if ev is None:
            continue
        start = end = None
        im = INLINE_DATE.match(text, hit.end)
        if _DAY_NAMED.search(hit.name) and text[hit.end:hit.end + 3].lstrip(" ,").startswith("("):
            continue  # "Lễ kỷ niệm … ngày Thương binh liệt sĩ (27-7)": the day's own date, not the ceremony's
        if im:
            start, end = _inline(r, im)
        else:
            am = _DATE_AFTER.match(text, hit.end)
            if am:
                start = r.date_from(int(am.group(1)), int(am.group(2)), am.group(3))
            elif YEAR_AFTER.match(text, hit.end):
                start = PartialDate(int(YEAR_AFTER.match(text, hit.end).group(1)))
            else:
                mm = MONTH_AFTER.match(text, hit.end)
                if mm and 1 <= int(mm.group(1)) <= 12:  # "Tuần lễ cấp cao APEC … vào tháng 11"
                    y = mm.group(2) or mm.group(3) or _year_in(ev.mention.name) or (
                        r.adate.year if r.adate and r.adate.year else r.year_hint)
                    start = PartialDate(int(y) if y else None, int(mm.group(1)), None) if y else None
        if not start:
            continue
        r.last_date = start if start.day else r.last_date
        targets = [ev]
        # "Hội nghị Ngoại giao 29 và Hội nghị Ngoại vụ 18 (từ 21 - 26/8)", "Lễ đón X và cuộc hội đàm …"
        j = i - 1
        while j >= 0 and placed[j][1] is not None and text[placed[j][0].end:placed[j + 1][0].start].strip() in ("và", ","):
            targets.append(placed[j][1])
            j -= 1
        for t in targets:
            r.set_date(t, start, end, ctx, ctx.rule)


@rule("date.held-on", makes="date",
      examples=[
          Example("Ngày 1/2, Tổng thống thông báo vòng đàm phán tiếp theo giữa hai nước, với sự hiện diện của "
                  "các nhà trung gian, dự kiến diễn ra vào ngày 4-5/2 tại Abu Dhabi.", date="2026-02-01",
                  expect=("event: vòng đàm phán tiếp theo giữa hai nước @ 2026-02-04",)),
      ])
def held_on(ctx: SentenceContext) -> None:
    """"X … diễn ra vào ngày 4-5/2", "X, được tổ chức vào ngày 23-24/1": the day the verb of
    holding gives is the day of the event written before it in the clause."""
    if not ctx.has_digit or not any(w in ctx.text for w in ("diễn ra", "tổ chức", "khai mạc", "họp")):
        return  # a day is written with digits, after a verb of holding
    text = ctx.text
    for m in HELD_ON.finditer(text):
        before = [(h, e) for h, e in ctx.placed if e is not None and h.end <= m.start()
                  and not re.search(r"[;.]", text[h.end:m.start()])]
        if not before:
            continue
        hit, ev = before[-1]
        date = ctx.reader.date_from(int(m.group(1)), int(m.group(2)), m.group(3))
        if date and ctx.reader.set_date(ev, date, None, ctx, ctx.rule):
            ctx.reader.last_date = date


def _year_in(name: str) -> str | None:
    m = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", name)
    return m.group(1) if m else None


@rule("date.in-name", makes="date",
      examples=[
          Example("Đà Nẵng chuẩn bị cho Tuần lễ Cấp cao APEC 2027.", expect=("event: Tuần lễ Cấp cao APEC 2027 @ 2027",)),
          Example("Chiều 5-1, Bộ Ngoại giao tổ chức Hội nghị tổng kết công tác năm 2025.",
                  reject=("event: Hội nghị tổng kết công tác năm 2025 @ 2025-01-05",)),
          Example("Đại biểu nhận phiếu đăng ký Hội nghị về dự án luật sửa đổi, bổ sung BLHS 2015.",
                  reject=("event: Hội nghị về dự án luật sửa đổi, bổ sung BLHS 2015 @ 2015",)),
          Example("Lễ trao tặng Giải thưởng Nhà nước về văn học, nghệ thuật năm 2016 đã diễn ra tại Nhà hát Lớn.",
                  reject=("event: Lễ trao tặng Giải thưởng Nhà nước về văn học, nghệ thuật năm 2016 @ 2016",)),
      ])
def dates_in_names(ctx: SentenceContext) -> None:
    """An event named with its year ("Hội nghị Cấp cao APEC 2017", "Diễn đàn … năm 2017")
    took place that year, whatever day the text gives or not."""
    for hit, ev in ctx.placed:
        if ev is not None and hit.mode in ("named", "descriptive"):
            y = _year_in(hit.name)
            if not y or re.search(r"(?:đến|tới|tầm nhìn|giai đoạn|nhiệm kỳ|từ)\s+(?:năm\s+)?" + y, hit.name):
                continue
            if _REVIEW_WORDS.search(hit.name) or _IMPLEMENT_WORDS.search(hit.name):
                continue  # "tổng kết công tác năm 2025": the year of the work reviewed, met at its end or after
            if _DOCUMENT_YEAR.search(hit.name):
                continue  # "Hội nghị về dự án luật sửa đổi, bổ sung BLHS 2015": the law's year
            ctx.reader.set_date(ev, PartialDate(int(y)), None, ctx, ctx.rule)


def _inline(r, m) -> tuple[PartialDate | None, PartialDate | None]:
    g = m.groups()
    if g[3]:  # a range: d1[/m1][/y1] - d2/m2[/y2]
        d1, m1, y1, d2, m2, y2 = g[0], g[1], g[2], g[3], g[4], g[5]
        y = y2 or y1
        return r.date_from(int(d1), int(m1 or m2), y1 or y), r.date_from(int(d2), int(m2), y)
    if g[6]:
        return r.date_from(int(g[6]), int(g[7]), g[8]), None
    if g[9]:
        return r.date_from(int(g[9]), int(g[10]), g[11]), None
    return None, None


@rule("date.relative", makes="date",
      examples=[
          Example("Hội nghị cấp cao ASEAN diễn ra hôm nay ở Jakarta.", date="2023-09-05",
                  expect=("event: Hội nghị cấp cao ASEAN @ 2023-09-05",)),
          Example("Hội nghị cấp cao ASEAN diễn ra hôm nay ở Jakarta.",
                  reject=("event: Hội nghị cấp cao ASEAN @ …",)),
      ])
def relative_dates(ctx: SentenceContext) -> None:
    """"hôm nay", "chiều qua", "sáng nay" by the article's date line: the day it was
    published, or the day before."""
    a = ctx.reader.adate
    if not (a and a.year and a.month and a.day):
        return
    m = _RELATIVE.search(ctx.text)
    focus = _focus(ctx)
    if not m or focus is None or focus.mention.date is not None:
        return
    from datetime import date, timedelta
    day = date(a.year, a.month, a.day) - timedelta(days=1 if m.group(1) == "qua" else 0)
    focus.mention.date = PartialDate(day.year, day.month, day.day)
    focus.mention.provs.append(ctx.prov())


@rule("event.location", makes="event",
      examples=[
          Example("Hội nghị Ngoại giao lần thứ 32 được tổ chức tại Trung tâm Hội nghị Quốc gia.",
                  expect=("event: Hội nghị Ngoại giao lần thứ 32",)),
      ])
def locations(ctx: SentenceContext) -> None:
    """"… diễn ra tại X", "… được tổ chức tại X": where the sentence's event met."""
    focus = _focus(ctx)
    if focus is None or focus.mention.location is not None:
        return
    m = re.search(r"(?:diễn ra|được tổ chức|tổ chức) (?:trọng thể |long trọng )?(?:tại)", ctx.text)
    if m:
        loc = location_in(ctx.text[m.start():])
        if loc:
            focus.mention.location = loc
            focus.mention.provs.append(ctx.prov())


@rule("event.focus", makes="context",
      examples=[
          Example("Phát biểu tại hội nghị, Thứ trưởng Nguyễn Minh Vũ nhấn mạnh vai trò của đối ngoại.",
                  before="Ngày 20/7, Thủ tướng dự Hội nghị Ngoại vụ lần thứ 20. Trước đó, Thủ tướng dự Hội nghị "
                         "Ngoại giao lần thứ 31 năm 2021. Chiều 21/7, các đại biểu thảo luận tại Hội nghị Ngoại vụ "
                         "lần thứ 20.",
                  expect=("participation: Nguyễn Minh Vũ -> Hội nghị Ngoại vụ lần thứ 20 (participant)",)),
      ])
def focus_event(ctx: SentenceContext) -> None:
    """The event a sentence dates or places a person at becomes the article's current
    event: the one "hội nghị" refers to next."""
    focus = _focus(ctx)
    dated = SENTENCE_DATE.match(ctx.text) or SENTENCE_RANGE.match(ctx.text)
    if focus is not None and (dated or ctx.given) and not any(
            h.anaphoric for h, e in ctx.placed if e is focus):
        ctx.reader.current = focus


# ----------------------------------------------------------------------------- documents


@rule("directive", makes="directive",
      produces=("directive.code", "directive.congress", "directive.reviews", "directive.implements"),
      examples=[
          Example("Hội nghị sơ kết 5 năm thực hiện Chỉ thị 25-CT/TW của Ban Bí thư về đối ngoại đa phương.",
                  expect=("directive: Chỉ thị 25-CT/TW",)),
          Example("Theo quyết định số 439 của Ban Bí thư, ông Nguyễn Văn A giữ chức Phó Bí thư Tỉnh ủy.",
                  expect=("directive: Quyết định 439",)),
      ])
def directives(ctx: SentenceContext) -> None:
    """Documents with a number or an ordinal, their issuer and subject."""
    text = ctx.text
    if not _DIRECTIVE_CUE.search(text):
        return
    f = ctx.facts
    for d in find_directives(text):
        local = f"d{len(f.directives) + 1}"
        f.directives.append(DirectiveMention(local, d.kind, d.number, d.code, d.issuer, d.subject, d.label,
                                             ctx.prov("directive.code" if not d.congress else "directive.congress")))
        if d.congress:
            f.directives[-1].issuer = d.congress
        for hit, ev in ctx.placed:
            if ev is not None and hit.mode == "descriptive" and hit.start < d.start < hit.end:
                rel = "reviews" if _REVIEW_WORDS.search(hit.name) else (
                    "implements" if _IMPLEMENT_WORDS.search(hit.name) else None)
                if rel:
                    f.directive_links.append(DirectiveLinkMention(ev.mention.local, local, rel,
                                                                  ctx.prov(f"directive.{rel}")))


# ----------------------------------------------------------------------------- roles and bodies


@rule("role.international", makes="role",
      examples=[
          Example("Tháng 10/2009, Việt Nam đảm nhiệm cương vị Chủ tịch Hội đồng Bảo an.",
                  expect=("role: Việt Nam = Chủ tịch Hội đồng Bảo an Liên Hợp Quốc 2009-2009",)),
          # in a capacity ("trên cương vị …"), the subject holds the role, not a place on the way
          Example("Năm 2010, Việt Nam đã tham dự Hội nghị Thượng đỉnh G20 tại Canada và Hàn Quốc trên cương vị "
                  "Chủ tịch ASEAN.", expect=("role: Việt Nam = Chủ tịch ASEAN …",), reject=("role: Hàn Quốc = …",)),
          Example("Về tình hình Myanmar, Thủ tướng khẳng định, trên cương vị Ủy viên không thường trực và hiện đang là "
                  "Chủ tịch Hội đồng Bảo an trong tháng 4/2021, Việt Nam đã nỗ lực thúc đẩy đối thoại.",
                  reject=("role: Myanmar = …",)),
          # the country of an official's body is no holder: the official is
          Example("Thứ trưởng Bộ Công an Trung Quốc được bầu làm Chủ tịch Interpol.", reject=("role: Trung Quốc = …",)),
      ])
def roles(ctx: SentenceContext) -> None:
    """International roles: a post in an international body, with its years."""
    text = ctx.text
    if not _ROLE_CUE.search(text):
        return
    spans = [(h.start, h.end) for h in ctx.persons]
    ym = SENTENCE_YEAR.match(text)
    for r in find_roles(text, spans):
        y1, y2 = r.start_year, r.end_year
        if y1 is None and ym:  # "Tháng 10/2009, Việt Nam đảm nhiệm cương vị Chủ tịch …"
            y1 = y2 = int(ym.group(1))
        ctx.facts.roles.append(RoleMention(r.holder, r.role, r.org, y1, y2, ctx.prov(), r.reelected))


@rule("role.host", makes="role",
      examples=[
          Example("Đối thoại là một phần của hội nghị các quan chức cấp cao APEC 2027 mà Việt Nam làm chủ nhà.",
                  expect=("role: Việt Nam = chủ nhà APEC 2027-2027",)),
          Example("Việt Nam đăng cai APEC 2027 là trọng tâm đối ngoại.", expect=("role: Việt Nam = đăng cai APEC 2027-2027",)),
          Example("Canada muốn đăng cai APEC 2030.", reject=("role: Canada = đăng cai APEC 2030-2030",)),
      ])
def host_roles(ctx: SentenceContext) -> None:
    """Hosting a body's gatherings: "APEC 2017 mà Việt Nam làm chủ nhà", "đăng cai APEC 2017"."""
    if "chủ nhà" not in ctx.text and "đăng cai" not in ctx.text and "Năm " not in ctx.text:
        return
    for r in find_host_roles(ctx.text, [(h.start, h.end) for h in ctx.persons]):
        ctx.facts.roles.append(RoleMention(r.holder, r.role, r.org, r.start_year, r.end_year, ctx.prov()))


@rule("role.co-chair", makes="role",
      examples=[
          Example("Việt Nam sẽ cùng Australia đồng chủ trì Nhóm giữa kỳ ARF về An ninh biển giai đoạn 2028-2030.",
                  expect=("role: Việt Nam = đồng chủ trì Nhóm giữa kỳ ARF về An ninh biển 2028-2030",
                          "role: Australia = đồng chủ trì Nhóm giữa kỳ ARF về An ninh biển 2028-2030")),
      ])
def co_chairs(ctx: SentenceContext) -> None:
    """Countries co-chairing a standing group for some years, each one a role."""
    if "đồng chủ trì" not in ctx.text:
        return
    for r in find_co_chairs(ctx.text):
        ctx.facts.roles.append(RoleMention(r.holder, r.role, r.org, r.start_year, r.end_year, ctx.prov()))


@rule("org.name", makes="organization",
      examples=[
          Example("Bộ Ngoại giao phối hợp với Sở Ngoại vụ Hà Tĩnh.", expect=("organization: Bộ Ngoại giao",)),
      ])
def organizations(ctx: SentenceContext) -> None:
    """Organisations named by their known names or by pattern (Bộ X, Sở X)."""
    for o in find_organizations(ctx.text, {h.start for h in ctx.persons}):
        ctx.facts.organizations.append(OrgMention(o.name, o.surface, o.kind, ctx.prov()))
