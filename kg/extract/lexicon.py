"""Vietnamese vocabulary for extraction, kept as readable data.

Every list here is *language*, not corpus content: titles of office, kinds of bodies,
event words, role verbs, date forms, directive kinds, international organisations and
country names. No person or event of any corpus is listed. Each entry group shows a real
sentence shape it serves.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ----------------------------------------------------------------------------- spelling


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Old and new tone placement (Uỷ/Ủy, hoà/hòa, thuỷ/thủy …): one spelling for keys and labels.
_TONE_FIXES = {
    "Uỷ": "Ủy", "uỷ": "ủy", "hoà": "hòa", "Hoà": "Hòa", "thuỷ": "thủy", "Thuỷ": "Thủy",
    "khoá": "khóa", "Khoá": "Khóa", "toà": "tòa", "Toà": "Tòa", "hoá": "hóa", "Hoá": "Hóa",
    "thoả": "thỏa", "loà": "lòa", "Thoả": "Thỏa", "quý": "quý", "tuỳ": "tùy", "suý": "súy",
    "Toạ": "Tọa", "toạ": "tọa", "hoạ": "họa", "xoá": "xóa", "oà": "òa",
}
_TONE_RE = re.compile(r"(?<![\wÀ-ỹĐđ])(?:%s)(?![\wÀ-ỹĐđ])"
                      % "|".join(sorted(map(re.escape, _TONE_FIXES), key=len, reverse=True)))


def fix_tones(text: str) -> str:
    """``Uỷ viên`` -> ``Ủy viên``: one tone placement for the same word."""
    return _TONE_RE.sub(lambda m: _TONE_FIXES[m.group(0)], nfc(text))


_MARKS = dict.fromkeys(c for c in range(0x300, 0x370))  # combining marks, removed after NFD
_NOT_KEY = re.compile(r"[^0-9a-z/]+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Diacritic-free, lower-case key: ``Phạm Bình Minh`` -> ``pham binh minh``."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")).translate(_MARKS)
    return _NOT_KEY.sub(" ", text.casefold()).strip()


# ----------------------------------------------------------------------------- persons
# Vietnamese family names: a full name starts with one (Phạm Bình Minh, Bùi Thanh Sơn).
SURNAMES = set("""
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lương Trương Đinh Đoàn
Lâm Mai Trịnh Đào Cao Tô Hà Thái Tạ La Chu Châu Quách Kiều Lại Lưu Triệu Tăng Thân Tống Vương
Phùng Nông Lò Hầu Khúc Khổng Âu Mạc Giang Kim Tôn Từ Diệp Doãn Đàm Đồng Đậu Hứa Lã Lục Ninh
Quan Tiêu Ông Ứng Nghiêm Bạch Biện Cù Cấn Đới Giáp Hàn Khuất Lam Lăng Mẫn Phí Thạch Thiều Trình
Vi Vòng Yên Văn Hồng Đường Khương Lữ Sầm Bế Hoàng Viên Luân Thào Sùng Giàng Mùa Vàng Lầu Cầm
""".split())

# Words that introduce a person without an office: "đồng chí Phạm Bình Minh", "ông Trương Cảnh Tuyên"
HONORIFICS = ["đồng chí", "Đồng chí", "ông", "Ông", "bà", "Bà", "Ngài", "ngài", "Quý bà", "Phu nhân"]

# Heads of titles of office, longest first when matched. The organisation follows the head:
#   "Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn", "Trưởng ban Đối ngoại Trung ương Hoàng Bình Quân",
#   "Chủ nhiệm Ủy ban Đối ngoại Quốc hội Nguyễn Văn Giàu", "Giám đốc Sở Ngoại vụ Thái Phúc Sơn",
#   "Phó Thủ tướng Thường trực Chính phủ Phạm Bình Minh", "Tổng Bí thư Tô Lâm".
TITLE_HEADS = [
    "Tổng Bí thư", "Thường trực Ban Bí thư", "Bí thư Trung ương Đảng", "Bí thư Tỉnh ủy",
    "Bí thư Thành ủy", "Phó Bí thư Tỉnh ủy", "Phó Bí thư Thành ủy", "Phó Bí thư", "Bí thư",
    "Chủ tịch nước", "Phó Chủ tịch nước", "Chủ tịch Quốc hội", "Phó Chủ tịch Quốc hội",
    "Phó Thủ tướng", "Thủ tướng", "Bộ trưởng", "Thứ trưởng", "Phó Trưởng ban", "Trưởng ban",
    "Phó Trưởng Ban", "Trưởng Ban", "Phó Chủ nhiệm", "Chủ nhiệm", "Phó Giám đốc", "Tổng Giám đốc",
    "Giám đốc", "Ủy viên", "Phó Chủ tịch", "Chủ tịch", "Đại sứ", "Tổng Lãnh sự", "Lãnh sự",
    "Phó Tổng thống", "Tổng thống", "Ngoại trưởng", "Quốc vương", "Nhà vua", "Nữ hoàng",
    "Hoàng tử", "Thái tử", "Phó Tổng Thư ký", "Tổng Thư ký", "Người phát ngôn", "Phó Cục trưởng",
    "Cục trưởng", "Phó Vụ trưởng", "Vụ trưởng", "Chánh Văn phòng", "Phó Chánh Văn phòng",
    "Trưởng đoàn", "Trưởng Đoàn", "Tổng Tham mưu trưởng", "Đại tướng", "Thượng tướng",
    "Trung tướng", "Thiếu tướng", "Thống đốc", "Chánh án", "Viện trưởng", "Tổng Kiểm toán",
    "Hiệu trưởng", "Phó Thủ hiến", "Thủ hiến", "Toàn quyền", "Tổng Lãnh sự",
]
# Heads that foreign leaders carry: "Tổng thống Mỹ Joe Biden", "Thủ tướng Trung Quốc Lý Cường"
FOREIGN_CAPABLE = {"Tổng thống", "Phó Tổng thống", "Thủ tướng", "Phó Thủ tướng", "Ngoại trưởng",
                   "Bộ trưởng", "Quốc vương", "Nhà vua", "Nữ hoàng", "Hoàng tử", "Thái tử",
                   "Tổng Thư ký", "Phó Tổng Thư ký", "Chủ tịch", "Phó Chủ tịch", "Đại sứ",
                   "Thủ hiến", "Toàn quyền", "Tổng Bí thư"}
# Military ranks stand before an office or a name but are not offices themselves.
RANKS = {"Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng"}

# Heads whose organisation is implied when none is written (Vietnamese usage):
#   "Thủ tướng Phạm Minh Chính" is "Thủ tướng Chính phủ"; "Phó Thủ tướng" likewise.
IMPLIED_ORG = {
    "Thủ tướng": "Chính phủ", "Phó Thủ tướng": "Chính phủ",
    "Tổng Bí thư": "Ban Chấp hành Trung ương Đảng", "Chủ tịch nước": "Nhà nước",
    "Phó Chủ tịch nước": "Nhà nước", "Chủ tịch Quốc hội": "Quốc hội",
    "Phó Chủ tịch Quốc hội": "Quốc hội",
}

# Heads written with their implied body in one spelling: "Thủ tướng" is "Thủ tướng Chính phủ".
WRITTEN_WITH_ORG = {"Thủ tướng", "Phó Thủ tướng"}

# Lower-case words that may stand inside a title's organisation part:
#   "Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh", "Phó Thủ tướng Thường trực Chính phủ",
#   "Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng", "Bộ trưởng Bộ Kế hoạch và Đầu tư".
TITLE_LOWER_WORDS = {"nhân", "dân", "tỉnh", "thành", "phố", "và", "dự", "khuyết", "nước",
                     "thường", "trực", "đặc", "mệnh", "toàn", "quyền", "cấp", "cao", "quận",
                     "huyện", "chuyên", "trách", "phụ", "trách", "thứ", "nhất", "các", "vấn", "đề",
                     "kinh", "tế", "quốc", "gia", "hợp", "tại", "ban"}

# Ministries written short after Bộ trưởng / Thứ trưởng: "Bộ trưởng Ngoại giao" is
# "Bộ trưởng Bộ Ngoại giao". (Names of ministries are vocabulary of the state.)
MINISTRY_SHORT = ["Ngoại giao", "Quốc phòng", "Công an", "Công Thương", "Tài chính", "Tư pháp",
                  "Nội vụ", "Y tế", "Xây dựng", "Giao thông vận tải", "Kế hoạch và Đầu tư",
                  "Tài nguyên và Môi trường", "Nông nghiệp và Phát triển nông thôn",
                  "Nông nghiệp và Môi trường", "Giáo dục và Đào tạo", "Khoa học và Công nghệ",
                  "Thông tin và Truyền thông", "Văn hóa, Thể thao và Du lịch",
                  "Lao động - Thương binh và Xã hội", "Dân tộc và Tôn giáo"]

# ----------------------------------------------------------------------------- organisations
# Canonical name -> (kind, aliases). International bodies first: these are also the posts
# of Vietnam's international roles ("Chủ tịch ASEAN 2020", "Ủy viên không thường trực Hội
# đồng Bảo an Liên Hợp Quốc nhiệm kỳ 2020-2021", "thành viên Hội đồng Nhân quyền").
ORGANIZATIONS: dict[str, tuple[str, list[str]]] = {
    "Liên Hợp Quốc": ("international", ["Liên hợp quốc", "Liên Hiệp Quốc", "Liên hiệp quốc", "LHQ", "UN", "United Nations"]),
    "Hội đồng Bảo an Liên Hợp Quốc": ("international", ["Hội đồng Bảo an", "HĐBA", "Hội đồng bảo an", "Hội đồng Bảo an LHQ", "UNSC"]),
    "Hội đồng Nhân quyền Liên Hợp Quốc": ("international", ["Hội đồng Nhân quyền", "Hội đồng nhân quyền", "HĐNQ", "Hội đồng Nhân quyền LHQ", "UNHRC"]),
    "ECOSOC": ("international", ["Hội đồng Kinh tế và Xã hội Liên Hợp Quốc", "Hội đồng Kinh tế - Xã hội", "Hội đồng Kinh tế và Xã hội"]),
    "Đại hội đồng Liên Hợp Quốc": ("international", ["Đại hội đồng LHQ", "Đại hội đồng"]),
    "Ủy ban Luật pháp quốc tế": ("international", ["ILC"]),
    "ASEAN": ("international", ["Hiệp hội các quốc gia Đông Nam Á", "Hiệp hội các Quốc gia Đông Nam Á"]),
    "AIPA": ("international", ["Đại hội đồng Liên minh Nghị viện ASEAN", "Liên minh Nghị viện ASEAN"]),
    "APEC": ("international", ["Diễn đàn Hợp tác Kinh tế châu Á - Thái Bình Dương"]),
    "UNESCO": ("international", []), "WTO": ("international", ["Tổ chức Thương mại thế giới"]),
    "WHO": ("international", ["Tổ chức Y tế thế giới"]), "ILO": ("international", []),
    "IAEA": ("international", []), "IPU": ("international", ["Liên minh Nghị viện thế giới"]),
    "G20": ("international", []), "G7": ("international", []), "BRICS": ("international", []),
    "ASEM": ("international", []), "EU": ("international", ["Liên minh châu Âu", "Liên minh Châu Âu"]),
    "NATO": ("international", []), "Cộng đồng Pháp ngữ": ("international", []),
    "Phong trào Không liên kết": ("international", []),
    "Hội đồng Chấp hành UNESCO": ("international", []),
    # Party and state bodies of Vietnam
    "Bộ Chính trị": ("party", []), "Ban Bí thư": ("party", []),
    "Ban Chấp hành Trung ương Đảng": ("party", ["Ban Chấp hành Trung ương", "Trung ương Đảng", "BCH Trung ương Đảng"]),
    "Đảng Cộng sản Việt Nam": ("party", []),
    "Ban Đối ngoại Trung ương": ("party", ["ban Đối ngoại Trung ương"]),
    "Ban Tuyên giáo Trung ương": ("party", []), "Ban Tổ chức Trung ương": ("party", []),
    "Ban Kinh tế Trung ương": ("party", []), "Ban Nội chính Trung ương": ("party", []),
    "Quốc hội": ("state", []), "Chính phủ": ("state", []), "Nhà nước": ("state", []),
    "Ủy ban Đối ngoại Quốc hội": ("state", ["Ủy ban Đối ngoại của Quốc hội"]),
    "Ủy ban Thường vụ Quốc hội": ("state", []),
    "Mặt trận Tổ quốc Việt Nam": ("state", []),
    "Liên hiệp các tổ chức hữu nghị Việt Nam": ("state", []),
}

_UN_FORMS = ["Liên Hợp Quốc", "Liên hợp quốc", "Liên Hiệp Quốc", "Liên hiệp quốc", "LHQ"]


def org_surface_forms() -> dict[str, str]:
    """Every way an organisation of the lexicon is written -> its canonical name.

    ``Hội đồng Bảo an Liên hợp quốc``, ``Hội đồng Bảo an LHQ`` … all name one council.
    """
    out: dict[str, str] = {}
    for name, (_kind, aliases) in ORGANIZATIONS.items():
        for form in (name, *aliases):
            variants = {form}
            for un in _UN_FORMS:
                if un in form:
                    variants |= {form.replace(un, other) for other in _UN_FORMS}
            for v in variants:
                out.setdefault(v, name)
    return out


# Heads that are whole offices, their body included: "Bí thư Trung ương Đảng",
# "Thường trực Ban Bí thư", "Tổng Bí thư", "Chủ tịch nước".
SELF_CONTAINED = {"Tổng Bí thư", "Thường trực Ban Bí thư", "Bí thư Trung ương Đảng",
                  "Chủ tịch nước", "Phó Chủ tịch nước", "Chủ tịch Quốc hội", "Phó Chủ tịch Quốc hội",
                  "Thủ tướng", "Phó Thủ tướng", "Tổng Thư ký", "Người phát ngôn"}

# Vietnamese state bodies with a name after their kind word: "Bộ Ngoại giao", "Sở Ngoại vụ
# Hà Tĩnh", "Cục Ngoại vụ", "Ban Tuyên giáo Trung ương", "Ủy ban Đối ngoại Quốc hội".
ORG_KIND_WORDS = ["Bộ", "Ban", "UBND", "HĐND", "Ủy ban nhân dân", "Hội đồng nhân dân", "Ủy ban", "Sở", "Cục", "Vụ", "Tổng cục", "Học viện", "Viện",
                  "Văn phòng", "Đại sứ quán", "Tổng Lãnh sự quán", "Tỉnh ủy", "Thành ủy",
                  "Hội đồng", "Liên hiệp", "Hội", "Trung tâm", "Đảng ủy"]

# Countries and places by their Vietnamese names (gazetteer of the world, not of a corpus).
COUNTRIES = {
    "Việt Nam": ["VN", "Vietnam", "nước ta", "Cộng hòa Xã hội chủ nghĩa Việt Nam"],
    "Trung Quốc": [], "Mỹ": ["Hoa Kỳ", "Hợp chủng quốc Hoa Kỳ"], "Nga": ["Liên bang Nga"],
    "Nhật Bản": [], "Hàn Quốc": [], "Triều Tiên": [], "Ấn Độ": [], "Pháp": [], "Đức": [],
    "Anh": ["Vương quốc Anh"], "Italy": ["Italia"], "Australia": ["Úc"], "Canada": [],
    "Lào": [], "Campuchia": [], "Thái Lan": [], "Singapore": [], "Malaysia": [],
    "Indonesia": [], "Philippines": [], "Myanmar": [], "Brunei": ["Brunei Darussalam"], "Timor-Leste": [],
    "Cuba": [], "Brazil": [], "Argentina": [], "Mexico": [], "Chile": [], "Venezuela": [],
    "Ukraine": [], "Belarus": [], "Ba Lan": [], "Hungary": [], "Séc": [], "Slovakia": [],
    "Bulgaria": [], "Romania": [], "Hy Lạp": [], "Thổ Nhĩ Kỳ": [], "Iran": [], "Iraq": [],
    "Israel": [], "Palestine": [], "Ai Cập": [], "Saudi Arabia": ["Ả-rập Xê-út"],
    "Các Tiểu vương quốc Arab Thống nhất": ["UAE"], "Qatar": [], "Kuwait": [],
    "Nam Phi": [], "Nigeria": [], "Kenya": [], "Mozambique": [], "Angola": [], "Algeria": [],
    "Hà Lan": [], "Bỉ": [], "Thụy Sĩ": [], "Thụy Điển": [], "Na Uy": [], "Đan Mạch": [],
    "Phần Lan": [], "Áo": [], "Tây Ban Nha": [], "Bồ Đào Nha": [], "Ireland": [],
    "New Zealand": [], "Mông Cổ": [], "Kazakhstan": [], "Uzbekistan": [], "Pakistan": [],
    "Bangladesh": [], "Sri Lanka": [], "Nepal": [], "Đài Loan": [], "Hồng Kông": [],
    "Yemen": [], "Afghanistan": [], "Syria": [], "Jordan": [], "Liban": ["Lebanon"], "Libya": [],
    "Tunisia": [], "Morocco": ["Ma-rốc"], "Ethiopia": [], "Sudan": [], "Oman": [], "Bahrain": [],
    "Kyrgyzstan": [], "Tajikistan": [], "Turkmenistan": [], "Azerbaijan": [], "Armenia": [],
    "Gruzia": ["Georgia"], "Serbia": [], "Croatia": [], "Slovenia": [], "Estonia": [], "Latvia": [],
    "Litva": ["Lithuania"], "Luxembourg": [], "Iceland": [], "Peru": [], "Colombia": [],
    "Ecuador": [], "Bolivia": [], "Uruguay": [], "Paraguay": [], "Panama": [], "Costa Rica": [],
    "Nicaragua": [], "Guatemala": [], "Honduras": [], "El Salvador": [], "Dominica": [],
    "Jamaica": [], "Haiti": [], "Ghana": [], "Senegal": [], "Cameroon": [], "Tanzania": [],
    "Uganda": [], "Rwanda": [], "Zambia": [], "Zimbabwe": [], "Madagascar": [], "Namibia": [],
    "Botswana": [], "Fiji": [], "Papua New Guinea": [], "Vatican": ["Tòa Thánh Vatican", "Tòa Thánh"],
    "Bosnia và Herzegovina": ["Bosnia"], "Albania": [], "Bắc Macedonia": ["Macedonia"],
    "Moldova": [], "Síp": ["Cyprus"], "Malta": [], "Monaco": [], "Bhutan": [], "Maldives": [],
    "Ả Rập Xê Út": ["Arab Saudi", "Ả-rập Xê-út", "Saudi Arabia"],
}
# "Cộng hòa Séc", "CH Belarus", "Vương quốc Campuchia", "Liên bang Nga": the same countries
for _c, _al in list(COUNTRIES.items()):
    _al.extend(f"{p} {_c}" for p in ("Cộng hòa", "Cộng hoà", "CH", "Vương quốc", "Liên bang", "nước")
               if f"{p} {_c}" not in _al)

# Provinces and cities are kept out of names: "Tại điểm cầu Hà Tĩnh, Giám đốc Sở …"
PLACE_WORDS = set("""
Hà Nội|Hồ Chí Minh|Hải Phòng|Đà Nẵng|Cần Thơ|Huế|Thừa Thiên Huế|An Giang|Bà Rịa - Vũng Tàu|
Bà Rịa-Vũng Tàu|Bà Rịa Vũng Tàu|Vũng Tàu|New York|Bắc Giang|Bắc Kạn|Bạc Liêu|Bắc Ninh|Bến Tre|Bình Định|Bình Dương|
Bình Phước|Bình Thuận|Cà Mau|Cao Bằng|Đắk Lắk|Đắk Nông|Điện Biên|Đồng Nai|Đồng Tháp|Gia Lai|
Hà Giang|Hà Nam|Hà Tĩnh|Hải Dương|Hậu Giang|Hòa Bình|Hưng Yên|Khánh Hòa|Kiên Giang|Kon Tum|
Lai Châu|Lâm Đồng|Lạng Sơn|Lào Cai|Long An|Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú Thọ|
Phú Yên|Quảng Bình|Quảng Nam|Quảng Ngãi|Quảng Ninh|Quảng Trị|Sóc Trăng|Sơn La|Tây Ninh|
Thái Bình|Thái Nguyên|Thanh Hóa|Tiền Giang|Trà Vinh|Tuyên Quang|Vĩnh Long|Vĩnh Phúc|Yên Bái|
Phú Quốc|Hạ Long|Nha Trang|Đà Lạt|Sa Pa|Hội An|Trường Sa|Hoàng Sa|Biển Đông|Đông Nam Á|
Châu Á|Thái Bình Dương|Ấn Độ Dương|Mê Kông|Mekong|Côn Minh|Bắc Kinh|Washington|Tokyo|Seoul|
Moscow|Paris|London|Berlin|New York|Geneva|Jakarta|Bangkok|Viêng Chăn|Phnom Penh|Kuala Lumpur|
Manila|Canberra|New Delhi|Thượng Hải|Quảng Tây|Vân Nam|Quảng Đông
""".replace("\n", "").split("|"))

# ----------------------------------------------------------------------------- events
# Words that name a kind of event, longest first:
#   "Hội nghị Ngoại giao lần thứ 31", "Hội nghị cấp cao ASEAN", "Diễn đàn Tương lai ASEAN",
#   "Đại hội XIII của Đảng", "Lễ mở ký Công ước …", "cuộc họp", "Hội thảo quốc tế …".
EVENT_HEADS: dict[str, str] = {
    "Hội nghị Thượng đỉnh": "summit", "Hội nghị thượng đỉnh": "summit",
    "Hội nghị cấp cao": "summit", "Hội nghị Cấp cao": "summit",
    "Hội nghị": "conference", "Diễn đàn": "forum", "Đại hội": "congress",
    "Hội thảo": "seminar", "Tọa đàm": "seminar", "Cuộc họp": "meeting", "Phiên họp": "meeting",
    "Kỳ họp": "session", "Lễ": "ceremony", "Đối thoại": "dialogue", "Tuần lễ Cấp cao": "summit",
    # sessions, read to the end of their clause: "phiên họp thứ nhất của Ban Chỉ đạo …",
    # "phiên thảo luận mở của Hội đồng Bảo an về …", "phiên bỏ phiếu bầu 14 thành viên …"
    "Phiên họp": "session", "Phiên thảo luận": "session", "Phiên bỏ phiếu": "session",
    "Phiên đối thoại": "session", "Phiên chất vấn": "session", "Phiên làm việc": "session",
    # parts of the article's event: "Cùng dự phiên khai mạc có …", "Phát biểu tại phiên bế mạc, …"
    "Phiên khai mạc": "part", "Phiên bế mạc": "part", "Phiên toàn thể": "part",
    "Lễ khai mạc": "part", "Lễ bế mạc": "part", "Phiên trù bị": "part",
}
# Lower-case words that continue a named event: "Hội nghị Đối ngoại toàn quốc",
# "Hội nghị ngoại giao 31", "Hội nghị cấp cao ASEAN lần thứ 37"
EVENT_LOWER_PHRASES = ["toàn quốc", "cấp cao", "thượng đỉnh", "thường niên", "trực tuyến",
                       "ngoại giao", "ngoại vụ", "đối ngoại", "bộ trưởng", "đặc biệt", "mở rộng",
                       "liên ngành", "quốc tế", "chính phủ", "khu vực", "song phương",
                       "đa phương", "hữu nghị", "địa phương", "hẹp", "lần thứ nhất"]
# A descriptive event: a head then one of these verbs, named to the end of its clause:
#   "Hội nghị sơ kết 5 năm thực hiện Chỉ thị 25-CT/TW của Ban Bí thư về …",
#   "Hội nghị tổng kết công tác năm 2025 và triển khai phương hướng, nhiệm vụ …",
#   "Lễ mở ký Công ước Liên hợp quốc về phòng chống tội phạm mạng".
EVENT_DESCRIPTORS = ["sơ kết", "tổng kết", "triển khai", "quán triệt", "học tập", "gặp mặt",
                     "kỷ niệm", "mở ký", "ký kết", "ký", "khai mạc", "bế mạc", "công bố",
                     "trao", "đón", "ra mắt", "tôn vinh", "giao ban", "lấy ý kiến", "phối hợp",
                     "chuyên đề", "Bộ trưởng", "thông báo", "tiếp đón",
                     "kết nạp", "thành lập", "khánh thành", "chào mừng", "tuyên dương",
                     "bàn về", "về",
                     "hợp tác", "xúc tiến", "đầu tư", "đánh giá giữa kỳ"]
# Where a descriptive event's name ends: "… Hội nghị X với chủ đề …", "… X diễn ra …"
EVENT_STOP_WORDS = ["với chủ đề", "với sự", "với", "tại", "diễn ra", "được", "do", "là", "có",
                    "đã", "sẽ", "nhằm", "theo", "vào", "từ ngày", "ngày", "trong", "cho", "khi",
                    "mà", "thì", "sau", "trước", "đến nay", "lần này", "này", "nói trên", "vừa qua",
                    "gần đây", "đồng thời", "cùng", "bằng", "qua", "không", "cũng", "để",
                    "nhưng", "song", "rất", "hết", "đều", "luôn", "vẫn", "bởi"]

# Roles of persons in events, verb as written -> role.
#   "Giám đốc Sở Ngoại vụ Thái Phúc Sơn chủ trì hội nghị" -> chair
#   "… Phạm Bình Minh … đồng chủ trì cuộc họp" -> chair
#   "Phó Thủ tướng Trần Lưu Quang đã dự và phát biểu chỉ đạo Hội nghị …" -> participant
ROLE_VERBS: dict[str, str] = {
    "đồng chủ trì": "chair", "chủ trì": "chair", "chủ tọa": "chair",
    "dự và phát biểu chỉ đạo": "participant", "dự và phát biểu": "participant",
    "phát biểu chỉ đạo": "participant", "phát biểu khai mạc": "participant",
    "phát biểu bế mạc": "participant", "phát biểu tại": "participant",
    "tham dự": "participant", "dự": "participant", "khai mạc": "participant",
    "bế mạc": "participant", "báo cáo tại": "participant", "tham gia": "participant",
    "có mặt tại": "participant", "phát biểu": "participant", "kết luận": "participant",
    "công bố kết quả": "participant", "tuyên bố khai mạc": "participant",
    "trình bày tham luận tại": "participant", "báo cáo": "participant",
}
# Verbs that place their subject at the article's current event even with no object:
#   "Thủ tướng Chính phủ Phạm Minh Chính dự và phát biểu chỉ đạo; …"
OBJECTLESS_VERBS = {"chủ trì", "đồng chủ trì", "dự", "tham dự", "dự và phát biểu chỉ đạo",
                    "dự và phát biểu", "phát biểu chỉ đạo", "phát biểu khai mạc",
                    "phát biểu bế mạc", "khai mạc", "bế mạc", "cùng dự"}
# Sentence openings that place the persons of the sentence at an event:
#   "Phát biểu khai mạc hội nghị, Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn khẳng định …"
#   "Tại báo cáo, Bộ trưởng …", "Kết luận cuộc họp, Phó Thủ tướng …", "Tại hội nghị này, …"
#   "Tham dự hội nghị có Ủy viên Bộ Chính trị, Phó Thủ tướng … Phạm Bình Minh; …"
OPENERS: dict[str, str] = {
    "phát biểu khai mạc": "phát biểu khai mạc", "phát biểu bế mạc": "phát biểu bế mạc",
    "phát biểu chỉ đạo": "phát biểu chỉ đạo", "phát biểu tại": "phát biểu",
    "phát biểu": "phát biểu", "kết luận": "kết luận", "khai mạc": "khai mạc",
    "bế mạc": "bế mạc", "tại báo cáo": "báo cáo", "báo cáo tại": "báo cáo",
    "tại": "dự", "cùng dự": "dự", "tham dự": "dự", "dự": "dự", "chủ trì": "chủ trì",
    "tuyên bố lý do": "tuyên bố lý do", "tuyên bố khai mạc": "tuyên bố khai mạc",
    "phát biểu định hướng": "phát biểu định hướng", "phát biểu kết luận": "phát biểu kết luận",
    "phát biểu chào mừng": "phát biểu chào mừng", "phát biểu đề dẫn": "phát biểu đề dẫn",
    "trình bày tham luận": "trình bày tham luận", "đồng chủ trì": "đồng chủ trì",
}

# ----------------------------------------------------------------------------- dates
# "Ngày 25/1", "Chiều 29-12", "Sáng 15/12", "Tối 3/8/2024", "Sáng nay (20/12)"
TIME_OF_DAY = r"(?:[Nn]gày|[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Ss]áng sớm|[Cc]hiều tối)"

# ----------------------------------------------------------------------------- directives
# "Chỉ thị 25-CT/TW của Ban Bí thư về …", "Nghị quyết số 22-NQ/TW", "Kết luận 12-KL/TW",
# "Chỉ thị 25" (the same directive written short), "Nghị quyết Đại hội XIII".
DIRECTIVE_KINDS = ["Chỉ thị", "Nghị quyết", "Kết luận", "Quyết định", "Nghị định", "Quy định",
                   "Thông tư", "Hướng dẫn"]
# Code suffix -> kind: 25-CT/TW is a Chỉ thị, 22-NQ/TW a Nghị quyết.
CODE_KINDS = {"CT": "Chỉ thị", "NQ": "Nghị quyết", "KL": "Kết luận", "QĐ": "Quyết định",
              "QD": "Quyết định", "NĐ": "Nghị định", "QĐi": "Quy định", "HD": "Hướng dẫn"}
# Issuers written after "của": "của Ban Bí thư", "của Bộ Chính trị", "của Chính phủ"
ISSUERS = ["Ban Chấp hành Trung ương Đảng", "Ban Chấp hành Trung ương", "Ban Bí thư",
           "Bộ Chính trị", "Thủ tướng Chính phủ", "Chính phủ", "Quốc hội",
           "Ủy ban Thường vụ Quốc hội", "Trung ương Đảng", "Trung ương", "Hội nghị Trung ương"]

# ----------------------------------------------------------------------------- roles of states
# "Chủ tịch ASEAN 2020", "Chủ tịch AIPA năm 2021", "Ủy viên không thường trực Hội đồng Bảo an
# Liên Hợp Quốc nhiệm kỳ 2020-2021", "thành viên và tái cử Hội đồng Nhân quyền Liên hợp quốc"
ROLE_TITLES = ["Ủy viên không thường trực", "Ủy viên Không thường trực", "ủy viên không thường trực",
               "Phó Chủ tịch", "Chủ tịch", "thành viên", "Thành viên", "Ủy viên", "ủy viên",
               "nước chủ nhà", "Chủ nhà", "chủ nhà", "Điều phối viên", "điều phối viên",
               "Chủ tịch luân phiên"]
ROLE_CUES = ["vai trò", "cương vị", "trọng trách", "đảm nhiệm", "đảm nhận", "là", "làm", "trở thành", "tái cử",
             "trúng cử", "ứng cử", "được bầu", "bầu", "vào", "giữ"]
