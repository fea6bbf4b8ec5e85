"""Per-article records: what extraction found in one article, as compact bytes, and back.

The extraction cache stores them and the engines that run extraction elsewhere (worker
processes, a Dask cluster) send them back; both hold the same bytes. A record is the
:class:`~kg.model.ArticleFacts` of one article (its text dropped: the facts carry their
sentences), laid out flat and compressed with zlib. It decodes to an equal object, field
for field:

>>> from kg.model import Article, ArticleFacts, PersonMention, Provenance
>>> facts = ArticleFacts(Article("a1", "Tiêu đề", ""), persons=[
...     PersonMention("Bùi Thanh Sơn", Provenance("a1", 0, 9, "Bùi Thanh Sơn phát biểu.", "person.name"))])
>>> facts_from_bytes(facts_to_bytes(facts)) == facts
True

Decoding is most of what a build does with a record it finds in the cache, so a record is
laid out for that:

* each distinct string of the ``str`` fields is stored once, in the record's table of
  strings, and given by its index in it: a sentence is repeated in the provenance of every
  fact it gives, the article's id in every provenance. Decoded facts share one ``str`` for
  equal strings;
* a dataclass is the values of its fields, in order, spliced into its parent's: no field
  names, no nesting. A list of dataclasses is one flat list, one row of values after another;
* the whole is one value of :mod:`marshal`, format 2: lists, tuples, strings, numbers,
  booleans and None. Reading it builds plain values and runs no code (unlike pickle); marshal
  is not hardened against bytes made to harm it, but a damaged record fails zlib's checksum
  first. Format 2 marks no object as shared or interned, so the bytes depend on the facts
  alone: the same facts give the same record on every engine. Marshal may change between
  Python versions; the Python version is part of every record's key.

Both ways are Python functions generated once per process from the dataclasses of
:mod:`kg.model` and their type hints (as :mod:`dataclasses` generates ``__init__``): a field
added there is carried without a change here, and a type this module cannot lay out fails
at once, on the first record. A record written for another model cannot be read by mistake,
since the model's source is part of the extractor's version (see
:func:`kg.cache.extractor_version`), and that is part of every record's key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import marshal
import types
import typing
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from kg.model import Article, ArticleFacts

KEY_BYTES = 16  # blake2b digest size of a record's key
MARSHAL_VERSION = 2  # 3 and later mark shared and interned objects: equal facts, other bytes


def facts_to_bytes(facts: ArticleFacts) -> bytes:
    """``facts`` as a record (see the module's docstring)."""
    strings: dict[Any, int] = {}  # string -> its index in the table (None too, for str | None)
    values = _codec(ArticleFacts).encode(facts, strings, strings.setdefault)
    return zlib.compress(marshal.dumps((list(strings), values), MARSHAL_VERSION), 1)


def facts_from_bytes(data: bytes) -> ArticleFacts:
    """The :class:`ArticleFacts` of a record; raises ``ValueError`` for damaged bytes."""
    decode = _codec(ArticleFacts).decode  # outside the try: a model it cannot lay out is no damage
    try:
        strings, values = marshal.loads(zlib.decompress(data))
        return decode(strings, values)
    except (zlib.error, EOFError, ValueError, TypeError, IndexError, KeyError) as e:
        raise ValueError(f"a damaged record ({e.__class__.__name__})") from e


def pack(value: Any) -> bytes:
    """Plain JSON data as compressed bytes (manifests of the cache)."""
    # surrogatepass: a lone surrogate read from a damaged file goes through as it came
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def unpack(data: bytes) -> Any:
    """The JSON data of :func:`pack`; raises ``ValueError`` for damaged bytes."""
    try:
        return json.loads(zlib.decompress(data).decode("utf-8", "surrogatepass"))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"damaged data ({e.__class__.__name__})") from e


# ----------------------------------------------------------------------------- keys


def article_digest(article: Article) -> str:
    """A hash of everything an article is read as, but its id: title, text, date, address,
    source, furniture and captions. Two articles with the same digest and id give the same
    facts (extraction is a pure function of the article)."""
    data = {f.name: getattr(article, f.name) for f in dataclasses.fields(article) if f.name != "id"}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=KEY_BYTES).hexdigest()


def facts_key(extractor: str, article_id: str, digest: str) -> bytes:
    """The key of the record of an article: the extractor's version, the id the article is
    read under and its :func:`article_digest`."""
    h = hashlib.blake2b(digest_size=KEY_BYTES)
    for part in (extractor, article_id, digest):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.digest()


# ----------------------------------------------------------------------------- layout
# The functions that encode and decode a record are generated as source: one expression
# builds each object, its fields in place, with no Python-level dispatch on types per value.
# The source comes from the model's type hints alone; a record only supplies values to it.


@dataclass(frozen=True)
class _Codec:
    encode: Callable[[Any, dict, Callable], tuple]  # (facts, strings, strings.setdefault) -> values
    decode: Callable[[list, tuple], Any]  # (strings, values) -> facts


@dataclass(frozen=True)
class _Layout:
    """Where a value of one type lies in a record: in ``width`` slots; ``encode(x)`` gives the
    expressions of the slots of the value of expression ``x``, ``decode(slots)`` the expression
    of the value, given the variables that hold its slots."""

    width: int
    encode: Callable[[str], list[str]]
    decode: Callable[[list[str]], str]


class _Scope:
    """The globals of the generated functions (the classes they build) and fresh names."""

    def __init__(self) -> None:
        self.globals: dict[str, Any] = {}
        self.count = 0

    def fresh(self, stem: str) -> str:
        self.count += 1
        return f"{stem}{self.count}"  # a digit at the end: never a builtin or a parameter

    def bind(self, value: Any, stem: str) -> str:
        """A global name for ``value`` (the same each time)."""
        for name, bound in self.globals.items():
            if bound is value:
                return name
        name = self.fresh(stem + "_")
        self.globals[name] = value
        return name


# a value as it is (numbers, booleans, None, plain containers: marshal carries them exactly)
_PLAIN = _Layout(1, lambda x: [x], lambda s: s[0])
# a string (or None) by its index in the record's table of strings
_STR = _Layout(1, lambda x: [f"s({x}, len(strings))"], lambda s: f"t[{s[0]}]")


@lru_cache(maxsize=None)
def _codec(tp: type) -> _Codec:
    """The functions turning a ``tp`` (a dataclass) into the values of a record and back."""
    scope = _Scope()
    layout = _layout(tp, scope)
    slots = [scope.fresh("a") for _ in range(layout.width)]
    source = (f"def encode(o, strings, s):\n    return ({''.join(e + ', ' for e in layout.encode('o'))})\n"
              f"def decode(t, v):\n    [{', '.join(slots)}] = v\n    return {layout.decode(slots)}\n")
    exec(compile(source, f"<record of {tp.__qualname__}>", "exec"), scope.globals)
    return _Codec(scope.globals["encode"], scope.globals["decode"])


def _layout(tp: Any, scope: _Scope) -> _Layout:
    """The layout of a value of type ``tp``; raises ``TypeError`` for one it cannot lay out
    (a union of several types of which one holds dataclasses: nothing says which it is)."""
    if tp is str:
        return _STR
    if dataclasses.is_dataclass(tp):
        return _dataclass_layout(tp, scope)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return _optional_layout(_layout(inner[0], scope))
        if all(_layout(a, scope) in (_PLAIN, _STR) for a in inner):
            return _PLAIN  # int | str …: as they are
        raise TypeError(f"a record cannot hold a {tp}")
    if origin is list or (origin is tuple and len(args) == 2 and args[1] is Ellipsis):
        return _rows_layout(origin, [_layout(args[0], scope)] if args else [_PLAIN], scope)
    if origin is dict:
        return _rows_layout(dict, [_layout(a, scope) for a in args] if args else [_PLAIN, _PLAIN], scope)
    if origin is tuple and args and args != ((),):
        return _tuple_layout([_layout(a, scope) for a in args])
    return _PLAIN  # int, bool, float, Any …


def _dataclass_layout(tp: type, scope: _Scope) -> _Layout:
    # the fields __init__ takes, in order: keyword-only ones by name, after the others
    hints = typing.get_type_hints(tp)
    fields = [f for f in dataclasses.fields(tp) if f.init]
    layouts = [_layout(hints[f.name], scope) for f in fields]
    cls = scope.bind(tp, tp.__name__)

    def encode(x: str) -> list[str]:
        return [e for f, lay in zip(fields, layouts) for e in lay.encode(f"{x}.{f.name}")]

    def decode(slots: list[str]) -> str:
        args, keywords = [], []
        for f, lay, part in zip(fields, layouts, _split(slots, layouts)):
            if f.kw_only:
                keywords.append(f"{f.name}={lay.decode(part)}")
            else:
                args.append(lay.decode(part))
        return f"{cls}({', '.join(args + keywords)})"
    return _Layout(sum(lay.width for lay in layouts), encode, decode)


def _optional_layout(inner: _Layout) -> _Layout:
    if inner is _PLAIN or inner is _STR:
        return inner  # None as it is, or in the table of strings
    # a slot saying whether there is a value, then the value's slots (None when there is none)
    return _Layout(1 + inner.width,
                   lambda x: [f"{x} is not None", *(f"(None if {x} is None else {e})" for e in inner.encode(x))],
                   lambda s: f"({inner.decode(s[1:])} if {s[0]} else None)")


def _tuple_layout(layouts: list[_Layout]) -> _Layout:
    if all(lay is _PLAIN for lay in layouts):
        return _PLAIN
    return _Layout(sum(lay.width for lay in layouts),
                   lambda x: [e for i, lay in enumerate(layouts) for e in lay.encode(f"{x}[{i}]")],
                   lambda s: f"({''.join(lay.decode(p) + ', ' for lay, p in zip(layouts, _split(s, layouts)))})")


def _rows_layout(kind: type, layouts: list[_Layout], scope: _Scope) -> _Layout:
    """A list, a tuple of any length or a dict (``layouts``: of its items, or of its keys and
    values) in one slot: a flat list of its items' slots, one item after another."""
    if all(lay is _PLAIN for lay in layouts):
        return _PLAIN
    width = sum(lay.width for lay in layouts)

    def encode(x: str) -> list[str]:
        items = [scope.fresh("y") for _ in layouts]
        if kind is dict:
            source = f"{items[0]}, {items[1]} in {x}.items()"
        else:
            source = f"{items[0]} in {x}"
        slots = [e for item, lay in zip(items, layouts) for e in lay.encode(item)]
        if width == 1:
            return [f"[{slots[0]} for {source}]"]
        z = scope.fresh("z")
        return [f"[{z} for {source} for {z} in ({''.join(e + ', ' for e in slots)})]"]

    def decode(s: list[str]) -> str:
        slots = [scope.fresh("y") for _ in range(width)]
        # a row at a time; strict: a list cut short is a damaged record, not a shorter one
        rows = s[0] if width == 1 else f"zip(*[iter({s[0]})] * {width}, strict=True)"
        row = slots[0] if width == 1 else ", ".join(slots)
        parts = [lay.decode(p) for lay, p in zip(layouts, _split(slots, layouts))]
        if kind is dict:
            return f"{{{parts[0]}: {parts[1]} for {row} in {rows}}}"
        listed = f"[{parts[0]} for {row} in {rows}]"
        return listed if kind is list else f"tuple({listed})"
    return _Layout(1, encode, decode)


def _split(slots: list[str], layouts: list[_Layout]) -> list[list[str]]:
    """``slots`` cut in the runs of the values laid out as ``layouts``."""
    out, i = [], 0
    for lay in layouts:
        out.append(slots[i:i + lay.width])
        i += lay.width
    return out
