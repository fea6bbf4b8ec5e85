"""Input formats: a small registry from file ending to a reader.

Each reader takes a path and yields ``Article`` or ``Skipped`` items; it never raises for
one bad article, so one broken line never loses the rest of a file.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import hashlib
import json
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from kg.model import Article
from kg.read.furniture import split_furniture

_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*(.*)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Skipped:
    """An input that was not read, with the reason (one line for the build summary)."""

    source: str
    reason: str


ReadItem = Article | Skipped


# ----------------------------------------------------------------------------- decoding


def decode(data: bytes, source: str, declared: str | None = None) -> str | Skipped:
    r"""Bytes of one file to NFC text, or a :class:`Skipped` saying why not.

    Read, in this order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without one
    (a NUL in every other byte); UTF-8; the ``declared`` charset (an HTML ``<meta>``);
    and the legacy Vietnamese encodings still in circulation — Windows-1258, TCVN3 (ABC)
    and VNI Windows — when the text reads as Vietnamese syllables in exactly one of them.
    A few stray NUL bytes in otherwise good text (a damaged save) are dropped. Anything
    else — binary data, undecodable bytes — is skipped with one line naming the first bad
    byte and, when it can be told, the likely encoding.

    >>> decode("Hội nghị".encode("utf-16"), "a.txt")
    'Hội nghị'
    >>> decode(b"H\xe9i ngh\xde Ngo\xb9i giao", "a.txt")   # TCVN3
    'Hội nghị Ngoại giao'
    """
    if not data.strip():
        return Skipped(source, "empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data[len(bom):].decode(codec), source)
            except UnicodeDecodeError as e:
                return Skipped(source, f"{codec.upper()} byte-order mark but undecodable content "
                                       f"(byte {e.start + len(bom)})")
    nul = data.find(b"\x00")
    if nul >= 0:
        codec = _utf16_without_bom(data)
        if codec:
            try:
                return _finish(data.decode(codec), source)
            except UnicodeDecodeError:
                pass
        text_part = data.replace(b"\x00", b"")
        if len(data) - len(text_part) > len(data) // 100:
            return Skipped(source, f"binary file, not text (NUL bytes, the first at byte {nul})")
        data = text_part  # text with a few stray NULs (a damaged save): read it without them
    controls = sum(data.count(bytes([c])) for c in _BINARY_CONTROLS)
    if controls > max(8, len(data) // 100):
        return Skipped(source, f"binary file, not text ({controls} control bytes)")
    try:
        return _finish(data.decode("utf-8"), source)
    except UnicodeDecodeError as e:
        first = e.start
    if declared:
        try:
            return _finish(data.decode(declared), source)
        except (LookupError, UnicodeDecodeError):
            pass
    line = data.count(b"\n", 0, first) + 1
    where = f"byte {first}, line {line}"
    # Mostly UTF-8 with a few bad bytes: a damaged file, not another encoding.
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    multibyte = sum(1 for ch in replaced if ord(ch) > 0x7F) - bad
    if multibyte >= 4 * bad:
        return Skipped(source, f"not UTF-8 throughout: {bad} invalid byte sequence{'s' if bad > 1 else ''} "
                               f"in UTF-8 text, the first at {where}; the file is damaged — re-save it as UTF-8")
    name, text, note = detect_legacy(data)
    if text is not None:
        return _finish(text, source)
    return Skipped(source, f"not UTF-8 (first bad byte at {where}); {note}")


def _finish(text: str, source: str) -> str | Skipped:
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        return Skipped(source, "empty file")
    return text


_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))
# C0 controls that never appear in text files (tab, newlines, form feed, ESC and Ctrl-Z do).
_BINARY_CONTROLS = [c for c in range(1, 32) if c not in (9, 10, 11, 12, 13, 26, 27)]


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the NULs fall on every other byte (ASCII-heavy UTF-16)."""
    if len(data) % 2 or len(data) < 4:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd >= 0.3 * half and even == 0:
        return "utf-16-le"
    if even >= 0.3 * half and odd == 0:
        return "utf-16-be"
    return None


# ----------------------------------------------------------------------------- legacy Vietnamese
# Pre-Unicode Vietnamese files still circulate (old office documents, archives):
#   Windows-1258: base letters and vowels with ˆ ˘ ˛ in one byte, tone marks as combining
#                 characters after them ("Việt" = V i \xea \xf2 t); NFC composes them.
#   TCVN3 (ABC, TCVN 5712:1993 VN3): one byte for each lower-case toned vowel
#                 ("Việt" = V i \xd6 t); upper-case toned vowels have no code (the .VnTimeH
#                 fonts draw the lower-case codes as capitals), so they read as lower case.
#   VNI Windows:  a base letter, then a byte for its marks ("Việt" = V i e \xe4 t).

_TCVN3_BYTES = bytes.fromhex(
    "b5b8b6b7b9"    # à á ả ã ạ
    "a8bbbebcbdc6"  # ă ằ ắ ẳ ẵ ặ
    "a9c7cac8c9cb"  # â ầ ấ ẩ ẫ ậ
    "ae"            # đ
    "ccd0cecfd1"    # è é ẻ ẽ ẹ
    "aad2d5d3d4d6"  # ê ề ế ể ễ ệ
    "d7ddd8dcde"    # ì í ỉ ĩ ị
    "dfe3e1e2e4"    # ò ó ỏ õ ọ
    "abe5e8e6e7e9"  # ô ồ ố ổ ỗ ộ
    "aceaedebecee"  # ơ ờ ớ ở ỡ ợ
    "eff3f1f2f4"    # ù ú ủ ũ ụ
    "adf5f8f6f7f9"  # ư ừ ứ ử ữ ự
    "fafdfbfcfe"    # ỳ ý ỷ ỹ ỵ
    "a1a2a7a3a4a5a6"  # Ă Â Đ Ê Ô Ơ Ư
    "a0")           # no-break space
_TCVN3_CHARS = ("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
                "ĂÂĐÊÔƠƯ\u00a0")
# bytes 0x80-0x9f are Windows-1252 punctuation (“ ” – …) in files typed on Windows
TCVN3_DECODING = {**{b: bytes([b]).decode("cp1252", errors="replace") for b in range(0x80, 0xA0)},
                  **dict(zip(_TCVN3_BYTES, _TCVN3_CHARS))}

# VNI: marks after a base letter, as Windows-1252 characters; lower case / upper case
_VNI_TONES = {"ø": "\u0300", "ù": "\u0301", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_BREVE = {"ê": "", "è": "\u0300", "é": "\u0301", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_CIRCUMFLEX = {"â": "", "à": "\u0300", "á": "\u0301", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
# one byte letters: ô = ơ, ö = ư, ñ = đ, and i / y with their tones
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    nfc = lambda s: unicodedata.normalize("NFC", s)  # noqa: E731
    table: dict[str, str] = {}
    for cased in (str.lower, str.upper):
        for k, v in _VNI_SINGLE.items():
            table[cased(k)] = cased(v)
        for mark_case in (str.lower, str.upper):  # the mark's case may differ from the letter's
            for base in "aeouy":
                for m, tone in _VNI_TONES.items():
                    table[cased(base) + mark_case(m)] = cased(nfc(base + tone))
            for m, tone in _VNI_BREVE.items():
                table[cased("a") + mark_case(m)] = cased(nfc("ă" + tone))
            for base in "aeo":
                for m, tone in _VNI_CIRCUMFLEX.items():
                    table[cased(base) + mark_case(m)] = cased(nfc(base + "\u0302" + tone))
            for base, letter in (("ô", "ơ"), ("ö", "ư")):
                for m, tone in _VNI_TONES.items():
                    table[cased(base) + mark_case(m)] = cased(nfc(letter + tone))
    return table


VNI_DECODING = _vni_table()
_VNI_RE = re.compile("|".join(map(re.escape, sorted(VNI_DECODING, key=len, reverse=True))))


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 (ABC) bytes to text; bytes outside the table read as Latin-1."""
    return "".join(TCVN3_DECODING.get(b) or chr(b) for b in data) if not data.isascii() else data.decode()


def decode_vni(data: bytes) -> str:
    """VNI Windows bytes to NFC text."""
    text = data.decode("cp1252", errors="replace")
    return _VNI_RE.sub(lambda m: VNI_DECODING[m.group(0)], text)


def decode_cp1258(data: bytes) -> str:
    """Windows-1258 bytes to NFC text (its tone marks are combining characters)."""
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


LEGACY_ENCODINGS: dict[str, Callable[[bytes], str]] = {
    "Windows-1258": decode_cp1258,
    "TCVN3": decode_tcvn3,
    "VNI": decode_vni,
}

# A Vietnamese syllable: onset, vowel cluster, final consonant; at most one tone mark.
_ONSETS = "ngh ng gh gi kh nh ph qu th tr ch b c d đ g h k l m n p r s t v x".split()
_VOWELS = ("a ai ao au ay ă â âu ây e eo ê êu i ia iu iê iêu o oa oai oao oay oă oe oeo oi oo ô ôi "
           "ơ ơi u ua uâ uây uê ui uô uôi uơ uy uya uyê uyu ư ưa ưi ưu ươ ươi ươu y yê yêu").split()
_SYLLABLE = re.compile("(?:%s)?(?:%s)(?:ng|nh|ch|[cmnpt])?" % (
    "|".join(_ONSETS), "|".join(sorted(_VOWELS, key=len, reverse=True))))
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_EDGE_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’…–—"


def vietnamese_score(text: str) -> tuple[float, int]:
    """Share of the non-ASCII words of ``text`` that are Vietnamese syllables, and their count.

    >>> vietnamese_score("Thủ tướng dự Hội nghị")
    (1.0, 5)
    """
    valid = total = 0
    for token in text.split():
        token = token.strip(_EDGE_PUNCT)
        if not token or token.isascii():
            continue
        total += 1
        nfd = unicodedata.normalize("NFD", token.lower())
        tones = sum(1 for c in nfd if c in _TONE_MARKS)
        bare = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
        if tones <= 1 and _SYLLABLE.fullmatch(bare):
            valid += 1
    return (valid / total if total else 0.0), total


def detect_legacy(data: bytes) -> tuple[str | None, str | None, str]:
    """Which legacy Vietnamese encoding ``data`` is in: ``(name, text, note)``.

    ``text`` is the decoded NFC text when exactly one encoding reads as Vietnamese (nine
    words in ten are syllables, and clearly more than under the others); otherwise it is
    ``None`` and ``note`` says what to do.
    """
    sample = data[:200_000]
    scores = sorted(((vietnamese_score(fn(sample)), name) for name, fn in LEGACY_ENCODINGS.items()),
                    reverse=True)
    (best, words), name = scores[0]
    runner_up = scores[1][0][0]
    if words >= 3 and best >= 0.9 and best - runner_up >= 0.3:
        return name, unicodedata.normalize("NFC", LEGACY_ENCODINGS[name](data)), ""
    if best >= 0.6 and words >= 3:
        return None, None, (f"it looks like {name} Vietnamese but does not convert cleanly: "
                            f"convert it to UTF-8 (e.g. UniKey's converter) and build again")
    return None, None, ("it is not Vietnamese in Windows-1258, TCVN3 or VNI either: "
                        "convert it to UTF-8 and build again")


# ----------------------------------------------------------------------------- cleaning

# Characters no article text should carry: C0/C1 controls (but tab and newline), lone
# surrogates from JSON "\ud800" escapes, byte-order marks and non-characters.
# Zero-width spaces and joiners are removed too: "dự kiến \u200b diễn ra" is "dự kiến  diễn ra".
_STRAY = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200d\u2060\ufeff\ufffe\uffff\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """NFC text with line breaks as ``\\n`` and stray control characters removed.

    >>> clean_text("Hà\\x00 Nội\\r\\nngày 2")
    'Hà Nội\\nngày 2'
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _STRAY.sub("", text).replace("\u00a0", " ")  # a no-break space reads as a space
    return unicodedata.normalize("NFC", re.sub(r"(?<=\S)[ \t]{2,}(?=\S)", " ", text))


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` when ``value`` starts with a real calendar date, else ``None``."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return _dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


MAX_ID = 200  # characters of an article id kept (the id is a key in Neo4j's index, < 8 kB)
MAX_URL = 2048  # characters of a URL kept (what browsers and servers accept)
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")
_URL_UNSAFE = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')


def article_url(value: object) -> str | None:
    """The web address of an article as it can be stored and shown, or ``None``.

    Only absolute ``http``/``https`` addresses are kept (a ``javascript:`` or relative one
    is not an address to open); characters an IRI cannot hold (spaces, ``<>"{}|\\^```,
    controls) are percent-encoded, letters of any script are kept; past ``MAX_URL``
    characters the address is not kept.

    >>> article_url(" https://baoquocte.vn/hội nghị <32>.html ")
    'https://baoquocte.vn/hội%20nghị%20%3C32%3E.html'
    >>> article_url("javascript:alert(1)") is None, article_url({"href": "x"}) is None
    (True, True)
    """
    if not isinstance(value, str):
        return None
    # tabs and line breaks inside an address are dropped, as browsers do (WHATWG URL)
    url = unicodedata.normalize("NFC", _STRAY.sub("", value)).strip().translate(_TAB_NEWLINE)
    if not url or len(url) > MAX_URL:
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), url)


def article_id(value: object, fallback: str) -> str:
    """An article id from a record's ``id`` (text or number), cleaned; ``fallback`` if none."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return fallback
    id_ = re.sub(r"\s+", " ", clean_text(str(value))).strip()[:MAX_ID].strip()
    return id_ or fallback


def content_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def make_article(id_: str, title: str, body_text: str, date: str | None, url: str | None,
                 source: str) -> Article:
    """Clean ``title`` and ``body_text``, remove furniture from the body, build the article."""
    title = clean_text(title).replace("\n", " ")
    lines = clean_text(body_text).split("\n")
    body, furniture = split_furniture(lines, title)
    parts: list[str] = []
    captions: list[tuple[int, int]] = []
    pos = 0
    for line, is_caption in body:
        if is_caption:
            captions.append((pos, pos + len(line)))
        parts.append(line)
        pos += len(line) + 1
    text = "\n".join(parts)
    return Article(id=id_, title=title.strip(), text=text, date=iso_date(date), url=url, source=source,
                   furniture="\n".join(furniture), captions=captions)


# ----------------------------------------------------------------------------- readers


def read_txt(path: Path) -> Iterator[ReadItem]:
    """A scraped page: title line, an optional `` date YYYY-MM-DD`` line, the body.

    The date line may also carry the title after the date (`` date 2025-12-30 Thủ tướng …``).
    """
    text = decode(path.read_bytes(), str(path))
    if isinstance(text, Skipped):
        yield text
        return
    lines = clean_text(text).split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    date = None
    title = ""
    if lines:
        m = _DATE_LINE.match(lines[0])
        if m:
            date, title = m.group(1), m.group(2)
            lines.pop(0)
        else:
            title = lines.pop(0)
    if lines and not date:
        m = _DATE_LINE.match(lines[0])
        if m and not m.group(2):
            date = m.group(1)
            lines.pop(0)
    if not title and lines:
        title = lines.pop(0)
    body = "\n".join(lines)
    if not body.strip():
        yield Skipped(str(path), "no article text after the title")
        return
    yield make_article(path.stem, title, body, date, None, str(path))


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def read_html(path: Path) -> Iterator[ReadItem]:
    """An HTML page: main text, title, date and URL extracted by trafilatura.

    Scripts, styles, navigation and comments are left out; a page whose bytes are not
    UTF-8 is decoded with the charset its ``<meta>`` declares.
    """
    data = path.read_bytes()
    m = _META_CHARSET.search(data[:4096])
    raw = decode(data, str(path), declared=m.group(1).decode("ascii", "replace") if m else None)
    if isinstance(raw, Skipped):
        yield raw
        return
    import trafilatura  # slow to import: only when HTML is read

    try:
        doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception as e:  # a parser failure on one page must not stop the build
        yield Skipped(str(path), f"the HTML could not be parsed ({e.__class__.__name__})")
        return
    if doc is None:
        yield Skipped(str(path), "no article text found in the HTML")
        return
    get = doc.get if isinstance(doc, dict) else (lambda k, d=None: getattr(doc, k, d))
    body = get("text") or ""
    if not body.strip():
        yield Skipped(str(path), "no article text found in the HTML")
        return
    title = get("title")
    yield make_article(path.stem, title if isinstance(title, str) else "", body, get("date"),
                       article_url(get("url")), str(path))


def read_jsonl(path: Path, start: int = 0, stop: int | None = None) -> Iterator[ReadItem]:
    """One JSON article a line: ``id``, ``title``, ``date``, ``url``, ``text`` (a string, or
    a list of paragraphs); other fields (``source``, ``author``, ``tags`` …) are ignored, and a
    field of the wrong type is read as absent (see :func:`article_url`, :func:`article_id`).

    A bad line is skipped with its line number (``file.jsonl:12``); the other lines are
    read. A ``.gz`` file cut short yields the lines before the cut, then says so.
    ``start``/``stop``: only the lines ``start+1 … stop`` (a part of a big file, read as the
    whole file reads them).
    """
    opener = gzip.open if path.name.endswith(".gz") else open
    n = 0
    try:
        with opener(path, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                if n <= start:
                    continue
                if stop is not None and n > stop:
                    break
                where = f"{path}:{n}"
                if not raw.strip():
                    continue
                try:
                    rec = json.loads(raw.rstrip(b"\r\n"))
                except UnicodeDecodeError as e:
                    yield Skipped(where, f"line not UTF-8 (byte {e.start} of the line)")
                    continue
                except json.JSONDecodeError as e:
                    msg = re.sub(r"\s+at$", "", e.msg)  # "Unterminated string starting at"
                    yield Skipped(where, f"malformed JSON line ({msg} at column {e.colno})")
                    continue
                except RecursionError:
                    yield Skipped(where, "malformed JSON line (nested too deeply)")
                    continue
                if not isinstance(rec, dict):
                    yield Skipped(where, f"JSON line is not an object but {type(rec).__name__}")
                    continue
                text = rec.get("text")
                if isinstance(text, list) and all(isinstance(x, str) for x in text):
                    text = "\n".join(text)  # paragraphs as a list
                if not isinstance(text, str) or not text.strip():
                    yield Skipped(where, _no_text(rec))
                    continue
                title = rec.get("title") if isinstance(rec.get("title"), str) else ""
                id_ = article_id(rec.get("id"), f"{path.name.split('.')[0]}-{n}")
                yield make_article(id_, title, text, rec.get("date"), article_url(rec.get("url")), where)
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        cut = f" after line {n}" if n else ""
        yield Skipped(str(path), f"damaged gzip file{cut} ({e.__class__.__name__}: {e})")
    except OSError as e:
        yield Skipped(str(path), f"cannot read ({e.__class__.__name__}: {e})")


_JSON_TYPES = {dict: "an object", list: "a list", int: "a number", float: "a number", bool: "true/false"}


def _no_text(rec: dict) -> str:
    """Why a JSON record has no article text, in one line."""
    if "text" not in rec:
        keys = ", ".join(repr(k)[1:-1][:30] for k in list(rec)[:8]) + (", …" if len(rec) > 8 else "")
        return f"no 'text' field (the record has: {keys})" if rec else "no 'text' field (the record is empty)"
    text = rec["text"]
    if text is None:
        return "the 'text' field is null"
    if isinstance(text, str):
        return "the 'text' field is empty"
    return f"the 'text' field is {_JSON_TYPES.get(type(text), type(text).__name__)}, not text"


READERS: dict[str, Callable[[Path], Iterator[ReadItem]]] = {
    ".txt": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".jsonl.gz": read_jsonl,
}


def reader_for(path: Path) -> Callable[[Path], Iterator[ReadItem]] | None:
    name = path.name.lower()
    for ending in sorted(READERS, key=len, reverse=True):
        if name.endswith(ending):
            return READERS[ending]
    return None
