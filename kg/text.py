"""Text helpers every stage shares: one spelling, search keys, letter classes, syllables.

Nothing here knows about facts or graphs, so any stage may import it (reading,
extraction, resolution, the RDF writer, queries) without pulling in the extractor.

>>> fold("Phạm Bình Minh")
'pham binh minh'
>>> fix_tones("Uỷ viên")
'Ủy viên'
>>> is_syllable("Minh"), is_syllable("Zeman"), is_syllable("Trump")
(True, False, False)
>>> split_glued("Minhcho")
('Minh', 'cho')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ----------------------------------------------------------------------------- letters
# Every upper-case letter of Vietnamese (and Latin-1) text, for character classes:
# a range like À-Ỹ also holds lower-case letters, so it cannot be used.
UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1F00)) if c.isupper() and c.isalpha())
LOWER = "a-z" + "".join(c for c in map(chr, range(0xC0, 0x1F00)) if c.islower() and c.isalpha())


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Old and new tone placement (Uỷ/Ủy, hoà/hòa, thuỷ/thủy …): one spelling for keys and labels.
_TONE_FIXES = {
    "Uỷ": "Ủy", "uỷ": "ủy", "hoà": "hòa", "Hoà": "Hòa", "thuỷ": "thủy", "Thuỷ": "Thủy",
    "khoá": "khóa", "Khoá": "Khóa", "toà": "tòa", "Toà": "Tòa", "hoá": "hóa", "Hoá": "Hóa",
    "thoả": "thỏa", "loà": "lòa", "Thoả": "Thỏa", "tuỳ": "tùy", "suý": "súy",
    "Toạ": "Tọa", "toạ": "tọa", "hoạ": "họa", "xoá": "xóa", "oà": "òa", "Thuỵ": "Thụy",
    "thuỵ": "thụy", "quỹ": "quỹ", "Hoả": "Hỏa", "hoả": "hỏa", "Khoả": "Khỏa",
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


# No letter before a word, checked from its first letter: written right after the first letter
# of what is matched, it says what ``(?<![\wÀ-ỹĐđ])`` says before it. A regex that opens with a
# letter (or a set of letters) is searched for fast — the engine skips to the places holding
# one — while one that opens with a look-behind is tried at every place of the text.
WORD_STARTED = r"(?<![\wÀ-ỹĐđ].)"


def trie_alternation(words, *, after_first: str = "") -> str:
    """A regex alternative of ``words``, as a trie: the longest word wins at each place, and
    the engine tries one branch per character instead of every word in turn (a list of a few
    hundred titles or places is matched many times faster than ``a|b|c|…``).

    ``after_first`` is written after the first character of every word: ``WORD_STARTED``
    there makes the words whole at their start, and the regex still opens with a letter.

    >>> import re; re.fullmatch(trie_alternation(["Bộ trưởng", "Bộ", "Thủ tướng"]), "Bộ trưởng") is not None
    True
    >>> [m.group(0) for m in re.finditer(trie_alternation(["Bộ"], after_first=WORD_STARTED), "Bộ, xBộ")]
    ['Bộ']
    """
    trie: dict = {}
    for w in set(words):
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict, after: str = "") -> str:
        end = "" in node
        branches = [re.escape(ch) + after + build(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie, after_first) or "(?!)"


def phrase_regex(phrases, *, flags: int = 0) -> re.Pattern:
    """One regex matching any of ``phrases`` as whole words, longest first."""
    body = trie_alternation(phrases)
    return re.compile(rf"(?<![\wÀ-ỹĐđ])(?:{body})(?![\wÀ-ỹĐđ])", flags)


# ----------------------------------------------------------------------------- numbers
ROMAN = re.compile(r"^[IVXLC]+$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
WORD_ORDINALS = {"nhất": 1, "đầu": 1, "đầu tiên": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
                 "tám": 8, "chín": 9, "mười": 10}


def roman_value(s: str) -> int | None:
    if not ROMAN.match(s):
        return None
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def to_roman(n: int) -> str:
    out = ""
    for v, s in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                 (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


# ----------------------------------------------------------------------------- syllables
# A Vietnamese syllable is an onset, a vowel nucleus and a coda, with one tone mark: a
# closed, checkable shape. A capitalised word that is not one (Zeman, Trump, Shinzo, Modi)
# is foreign; a word that is two glued together ("Minhcho") is split where the first ends.
_TONES = {0x300, 0x301, 0x303, 0x309, 0x323}  # grave, acute, tilde, hook above, dot below
_ONSETS = ("ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_OPEN = {"ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui",
         "ưi", "ưu", "ua", "ưa", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "iêu",
         "yêu", "uya", "uyu", "ya", "uai", "uao", "uau", "uay", "uêu"}           # never a coda
_CLOSED = {"ă", "â", "iê", "yê", "uô", "ươ", "oă", "uâ", "uyê", "uă"}              # need a coda
_EITHER = {"a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy", "uơ",
           "ue", "ui", "ua", "uo"}
_CODAS = ("ch", "ng", "nh", "c", "m", "n", "p", "t", "")
_VOWELS = "aăâeêioôơuưy"
_RHYME_RE = re.compile(r"^([%s]{1,3})(ch|ng|nh|c|m|n|p|t)?$" % _VOWELS)


def _toneless(word: str) -> str:
    d = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in d if ord(c) not in _TONES))


@lru_cache(maxsize=100_000)
def is_syllable(word: str) -> bool:
    """True when ``word`` has the shape of one Vietnamese syllable (tone marks ignored).

    >>> [is_syllable(w) for w in ("Nguyễn", "Khuê", "Giang", "quốc", "Putin", "Abe", "Jong")]
    [True, True, True, True, False, False, False]
    """
    w = _toneless(word)
    if not w or not w.isalpha():
        return False
    for onset in _ONSETS:
        if not w.startswith(onset):
            continue
        rest = w[len(onset):]
        if not rest and onset == "gi":
            return True  # "gì"
        if onset == "gi" and rest[:1] not in ("", "a", "ă", "â", "e", "ê", "o", "ô", "ơ", "u", "ư"):
            continue
        m = _RHYME_RE.match(rest)
        if not m:
            continue
        nucleus, coda = m.group(1), m.group(2) or ""
        if nucleus in _OPEN and not coda:
            return True
        if nucleus in _CLOSED and coda:
            return True
        if nucleus in _EITHER:
            if onset == "qu" and nucleus.startswith("u"):
                continue
            return True
    return False


_VN_MARKED = re.compile(r"[^\x00-\x7f]|nh$|ng$|^(?:ngh|nh|ph|qu|tr|gi|kh)", re.IGNORECASE)


@lru_cache(maxsize=100_000)
def split_glued(word: str) -> tuple[str, str] | None:
    """``Minhcho`` -> ``("Minh", "cho")``: a syllable glued to the next word in the source.

    Only when the word itself is no syllable, its head is one that only Vietnamese writes
    (a tone mark, a letter such as ơ or đ, an ``nh``/``ng`` ending, an ``nh``/``tr``/``ph``…
    beginning), and the rest is one or two lower-case syllables starting with a consonant or
    marked as Vietnamese ("Chínhnhấn", "Minhcho", "Chínhyêu"); foreign names stay whole
    ("Hiong", "Pinto")."""
    if is_syllable(word) or not word[:1].isupper() or not word.isalpha():
        return None
    for cut in range(len(word) - 1, 1, -1):
        head, rest = word[:cut], word[cut:]
        if not rest.islower() or not is_syllable(head) or not _VN_MARKED.search(head):
            continue
        if rest[0] in "aăâeêioôơuưy" and not re.search(r"[^\x00-\x7f]", rest):
            continue
        if is_syllable(rest):
            return head, rest
        for k in range(1, len(rest)):  # two syllables glued on: one must be marked Vietnamese
            if is_syllable(rest[:k]) and is_syllable(rest[k:]) and re.search(r"[^\x00-\x7f]", rest):
                return head, rest
    return None


def is_vietnamese_word(word: str) -> bool:
    """Every part of a (possibly hyphen-free) word is a syllable: ``Trần`` yes, ``Milos`` no."""
    return is_syllable(word)
