"""Per-article records: what extraction found in one article, as compact bytes, and back.

The extraction cache stores them and the engines that run extraction elsewhere (worker
processes, a Dask cluster) send them back; both hold the same bytes. A record is the
:class:`~kg.model.ArticleFacts` of one article (its text dropped: the facts carry their
sentences) as JSON, compressed with zlib. It decodes to an equal object, field for field:

>>> from kg.model import Article, ArticleFacts, PersonMention, Provenance
>>> facts = ArticleFacts(Article("a1", "Tiêu đề", ""), persons=[
...     PersonMention("Bùi Thanh Sơn", Provenance("a1", 0, 9, "Bùi Thanh Sơn phát biểu.", "person.name"))])
>>> facts_from_bytes(facts_to_bytes(facts)) == facts
True

Decoding follows the dataclasses of :mod:`kg.model` and their type hints, so a field added
there is carried without a change here; a record written for another model cannot be read
by mistake, since the model's source is part of the extractor's version (see
:func:`kg.cache.extractor_version`), and that is part of every record's key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
import zlib
from functools import lru_cache
from typing import Any, Callable

from kg.model import Article, ArticleFacts

KEY_BYTES = 16  # blake2b digest size of a record's key


def facts_to_bytes(facts: ArticleFacts) -> bytes:
    """``facts`` as a record (zlib-compressed JSON)."""
    return _pack(dataclasses.asdict(facts))


def facts_from_bytes(data: bytes) -> ArticleFacts:
    """The :class:`ArticleFacts` of a record; raises ``ValueError`` for damaged bytes."""
    try:
        return _decoder(ArticleFacts)(unpack(data))
    except (KeyError, TypeError, IndexError) as e:
        raise ValueError(f"a damaged record ({e.__class__.__name__})") from e


def _pack(value: Any) -> bytes:
    # surrogatepass: a lone surrogate read from a damaged file goes through as it came
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def pack(value: Any) -> bytes:
    """Plain JSON data as compressed bytes (manifests of the cache)."""
    return _pack(value)


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


# ----------------------------------------------------------------------------- decoding


def _identity(v: Any) -> Any:
    return v


@lru_cache(maxsize=None)
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """A function turning the JSON form of a value of type ``tp`` back into that value."""
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(tp) if f.init]
        plain = [(name, dec) for name, dec in fields if dec is _identity]
        nested = [(name, dec) for name, dec in fields if dec is not _identity]

        def decode_dataclass(v: dict) -> Any:
            kwargs = {name: v[name] for name, _ in plain}
            for name, dec in nested:
                kwargs[name] = dec(v[name])
            return tp(**kwargs)
        return decode_dataclass
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1 and _decoder(inner[0]) is not _identity:
            dec = _decoder(inner[0])
            return lambda v: None if v is None else dec(v)
        return _identity
    if origin is list:
        dec = _decoder(args[0]) if args else _identity
        return _identity if dec is _identity else (lambda v: [dec(x) for x in v])
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            dec = _decoder(args[0])
            return lambda v: tuple(dec(x) for x in v)
        decs = [_decoder(a) for a in args]
        return lambda v: tuple(d(x) for d, x in zip(decs, v))
    if origin is dict:
        dec = _decoder(args[1]) if args else _identity
        return _identity if dec is _identity else (lambda v: {k: dec(x) for k, x in v.items()})
    return _identity  # str, int, bool, Any: as JSON gives them
