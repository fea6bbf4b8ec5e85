"""Small text tools shared by the matchers: words with offsets, capitals, phrase lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[0-9A-Za-zÀ-ỹĐđ]+(?:[-/][0-9A-Za-zÀ-ỹĐđ]+)*|\S")
from kg.read.sentences import LOWER, UPPER  # noqa: F401  (letter classes, shared)
ROMAN = re.compile(r"^[IVXLC]+$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
WORD_ORDINALS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
                 "tám": 8, "chín": 9, "mười": 10}


@dataclass(frozen=True)
class Tok:
    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def cap(self) -> bool:
        c = self.text[0]
        return c.isupper()

    @property
    def lower(self) -> bool:
        return self.text[0].islower()


def tokenize(text: str) -> list[Tok]:
    return [Tok(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


def roman_value(s: str) -> int | None:
    if not ROMAN.match(s):
        return None
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def phrase_regex(phrases, *, flags: int = 0) -> re.Pattern:
    """One regex matching any of ``phrases`` as whole words, longest first."""
    alts = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(re.escape(p) for p in alts)
    return re.compile(rf"(?<![\wÀ-ỹĐđ])(?:{body})(?![\wÀ-ỹĐđ])", flags)


@lru_cache(maxsize=None)
def starts_with_phrase(text: str, phrases: tuple[str, ...]) -> str | None:
    for p in phrases:
        if text.startswith(p) and (len(text) == len(p) or not text[len(p)].isalnum()):
            return p
    return None
