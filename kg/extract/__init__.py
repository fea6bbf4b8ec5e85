"""Finding facts in one article: a pure function, ``Article -> ArticleFacts``.

>>> from kg.extract import extract_facts       # doctest: +SKIP
>>> facts = extract_facts(article)               # no I/O, no global state: safe to parallelise

The pieces, in the order data flows through them:

* ``words/*.toml`` and :mod:`~kg.extract.lexicon` — the vocabulary, as data;
* :mod:`~kg.extract.persons`, :mod:`~kg.extract.events`, :mod:`~kg.extract.directives`,
  :mod:`~kg.extract.roles` — matchers that find mentions in a sentence;
* :mod:`~kg.extract.rules` — the registry; :mod:`~kg.extract.relations` — the rules
  registered in it, which turn mentions into facts;
* :mod:`~kg.extract.reader` — reads an article sentence by sentence through the rules.

Photo captions are skipped (they repeat the body and may name people the body does not).
"""

from __future__ import annotations

from kg.extract import relations as _relations  # noqa: F401  (registers the rules)
from kg.extract.reader import Reader
from kg.extract.rules import RULES, rule_ids
from kg.model import Article, ArticleFacts

__all__ = ["extract_facts", "RULES", "rule_ids"]


def extract_facts(article: Article) -> ArticleFacts:
    """All facts one article states, each with the sentence and rule it came from.

    Pure: reads only ``article``. Never raises on odd text (a matcher that cannot place a
    mention leaves it out).
    """
    return Reader(article).read()
