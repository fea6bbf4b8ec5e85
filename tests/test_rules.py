"""The extraction rules as a registry: every rule's examples hold, every fact names a
registered rule, every rule is reachable from the sentence reader.

The examples are the sentence shapes each rule was written for (and those it must leave
alone); they are written next to the rule, in ``kg/extract/relations.py``, and read here."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from kg.extract.rules import RULES, Example, Rule, fact_matches, render_facts, rule_ids
from kg.model import Article
from kg.text import fold
from kg.build import SAMPLE_CORPUS
from kg.read import read_articles

CASES = [(r, ex) for r in RULES for ex in r.examples]


def _facts(ex: Example):
    text = f"{ex.before} {ex.sentence}" if ex.before else ex.sentence
    return extract_facts(Article(id="example", title="", text=text, date=ex.date))


def _case_id(case) -> str:
    rule, ex = case
    kind = "expect" if ex.expect else "reject"
    return f"{rule.id}:{kind}:{fold(ex.sentence)[:40]}"


def test_every_rule_has_an_example():
    assert [r.id for r in RULES if not r.examples] == []


def test_every_rule_id_is_registered_once():
    ids = rule_ids()
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_rule_example(case: tuple[Rule, Example]):
    rule, ex = case
    facts = _facts(ex)
    everything = render_facts(facts)
    # a rule's positive example is its own work: the facts carry one of its ids
    # (a rule that only sets the context, "event.focus", is judged by the facts it leads to)
    own = everything if rule.makes == "context" else [line for i in rule.ids for line in render_facts(facts, i)]
    missing = [e for e in ex.expect if not fact_matches(e, own)]
    assert not missing, f"{rule.id} did not give {missing}; the sentence gave {everything}"
    wrong = [e for e in ex.reject if fact_matches(e, everything)]
    assert not wrong, f"{rule.id} example gave what it must not: {wrong}"


def _provenance_ids(facts) -> set[str]:
    ids = {p.rule for e in facts.events for p in e.provs}
    for group in (facts.persons, facts.offices, facts.participations, facts.directives,
                  facts.directive_links, facts.roles, facts.organizations):
        ids |= {x.prov.rule for x in group}
    return ids


def test_every_fact_of_the_sample_names_a_registered_rule():
    seen: set[str] = set()
    for item in read_articles([SAMPLE_CORPUS]):
        if isinstance(item, Article):
            seen |= _provenance_ids(extract_facts(item))
    assert seen, "the bundled sample gave no facts"
    assert seen - set(rule_ids()) == set()


def test_every_fact_of_the_examples_names_a_registered_rule():
    seen: set[str] = set()
    for _rule, ex in CASES:
        seen |= _provenance_ids(_facts(ex))
    assert seen - set(rule_ids()) == set()


def test_examples_reach_most_rule_ids():
    """A rule id no example ever produces is a rule nobody has shown working."""
    seen: set[str] = set()
    for _rule, ex in CASES:
        seen |= _provenance_ids(_facts(ex))
    unseen = set(rule_ids()) - seen
    assert len(unseen) <= len(rule_ids()) // 4, sorted(unseen)
