"""A seeded random spot-check of the largest graph: twenty items of each kind, each beside the
sentences it was read from, judged by hand.

Six kinds are drawn: persons, tenures (a person holds an office), events, participations,
roles (a country or person holds an international role) and directives. Each kind's items
are the twenty whose SHA-256 of ``SEED:id`` is smallest, so the same graph gives the same
items; ids are derived from what an item says, so a later build draws the same items as long
as extraction finds them, and a change elsewhere does not redraw the others.

Whether an item is right was judged by a person reading its source sentences (the third to
seventh draws by reviewers who did not write the rules and did not read the code); the verdicts
are kept in ``bench/spotcheck.json`` by id, with the statement judged. An item drawn that has
no verdict there, or whose statement has changed since (a new label, date or office), is
shown as "not judged yet": read it and add a verdict.

*Strictly right* means every part of the statement is what the sentences say: the name whole
and no other's, the office as written with its body, the event's name and its date when one
is given, the relation (chair or participant), the role's holder and years.

    python -m bench.spotcheck GRAPH_DIR            # print the items and their sentences
    python -m bench.spotcheck GRAPH_DIR --json     # the same as JSON, for judging
    python -m bench.spotcheck GRAPH_DIR --seed=11  # a second draw, never used to tune the rules
    python -m bench.spotcheck GRAPH_DIR --seed=12  # a third, judged by reviewers who did not write the rules
    python -m bench.spotcheck GRAPH_DIR --seed=13  # a fourth, the same way
    python -m bench.spotcheck GRAPH_DIR --seed=14  # a fifth, the same way
    python -m bench.spotcheck GRAPH_DIR --seed=15  # a sixth, the same way
    python -m bench.spotcheck GRAPH_DIR --seed=16  # a seventh, the same way, after the rules last changed
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from bench.context import Context
from bench.stats import Section, not_measured

SEED = 10  # the number
SECOND_SEED = 11  # a second draw, judged after the rules changed (later used to tune them)
THIRD_SEED = 12  # a third draw, judged by reviewers who did not write the rules (then used to tune them)
FOURTH_SEED = 13  # a fourth, judged the same way (then used to tune them)
FIFTH_SEED = 14  # a fifth, judged the same way (then used to tune them)
SIXTH_SEED = 15  # a sixth, judged the same way (then used to tune them)
SEVENTH_SEED = 16  # a seventh, judged the same way, after the rules last changed: the honest figure
LATER_DRAWS = ((SECOND_SEED, "second", "judged after the rules changed, then used to tune them"),
               (THIRD_SEED, "third", "judged by reviewers who did not write the rules, then used to tune them"),
               (FOURTH_SEED, "fourth", "judged by reviewers who did not write the rules, then used to tune them"),
               (FIFTH_SEED, "fifth", "judged by reviewers who did not write the rules, then used to tune them"),
               (SIXTH_SEED, "sixth", "judged by reviewers who did not write the rules, then used to tune them"),
               (SEVENTH_SEED, "seventh", "judged by reviewers who did not write the rules, after they last changed"))
N = 20
TARGET = 0.85  # strictly right, in every kind
KINDS = ("persons", "tenures", "events", "participations", "roles", "directives")
JUDGEMENTS = Path(__file__).resolve().parent / "spotcheck.json"


def _label(kg, node_id: str) -> str:
    n = kg.nodes.get(node_id)
    return n.label if n else node_id


def _node_statement(n) -> str:
    p = n.props
    if n.type == "Person":
        also = f" (also written {', '.join(sorted(n.aliases))})" if n.aliases else ""
        return f"person {n.label}{also}"
    if n.type == "Event":
        parts = [f"event {n.label}"]
        if p.get("date"):
            parts.append(f"on {p['date']}" + (f" to {p['end']}" if p.get("end") else ""))
        if p.get("location"):
            parts.append(f"at {p['location']}")
        if p.get("ordinal") is not None:
            parts.append(f"ordinal {p['ordinal']}")
        return ", ".join(parts)
    if n.type == "Directive":
        parts = [f"directive {n.label}"]
        for k in ("code", "issuer", "subject"):
            if p.get(k):
                parts.append(f"{k} {p[k]}")
        return ", ".join(parts)
    return f"{n.type} {n.label}"


def statement(kg, item) -> str:
    """The item in a few words, with the labels of what it joins."""
    if not hasattr(item, "subject"):
        return _node_statement(item)
    f = item
    sl, ol = _label(kg, f.subject), _label(kg, f.object)
    p = f.props
    if f.type == "Tenure":
        when = ", ".join(x for x in (f"from {p['start']}" if p.get("start") else "",
                                     f"to {p['end']}" if p.get("end") else "",
                                     "attested " + ", ".join(p["attested"]) if p.get("attested") else "") if x)
        return f"{sl} — holds — {ol}" + (f" ({when})" if when else "")
    if f.type == "Participation":
        details = ", ".join(p.get("details") or [])
        o = kg.nodes.get(f.object)
        date = o.props.get("date") if o else None
        return (f"{sl} — {p.get('role', 'participant')}" + (f" ({details})" if details else "") + f" — {ol}"
                + (f" [event date {date}]" if date else ""))
    if f.type == "Issued":
        return f"{sl} — issued — {ol}"
    if f.type == "DirectiveLink":
        return f"{sl} — {p.get('relation', 'links')} — {ol}"
    return f"{sl} — {f.type} — {ol}"


def population(kg, kind: str) -> dict:
    """The items of one kind, by id."""
    if kind == "persons":
        return {i: n for i, n in kg.nodes.items() if n.type == "Person"}
    if kind == "events":
        return {i: n for i, n in kg.nodes.items() if n.type == "Event"}
    if kind == "directives":
        return {i: n for i, n in kg.nodes.items() if n.type == "Directive"}
    if kind == "participations":
        return {i: f for i, f in kg.facts.items() if f.type == "Participation"}
    if kind in ("tenures", "roles"):
        want = "Office" if kind == "tenures" else "InternationalRole"
        return {i: f for i, f in kg.facts.items()
                if f.type == "Tenure" and getattr(kg.nodes.get(f.object), "type", None) == want}
    raise ValueError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")


def draw(kg, kind: str, n: int = N, seed: int = SEED) -> list:
    """The ``n`` items whose seeded hash of their id is smallest: a random sample that stays
    the same when other items come or go (a rebuild that changes a few facts redraws only
    where those facts enter the sample), unlike sampling positions in a sorted list."""
    items = population(kg, kind)
    rank = sorted(items, key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())
    return [items[i] for i in rank[:n]]


def sources(item, k: int = 3) -> list:
    return sorted(item.sources, key=lambda p: (p.article, p.start))[:k]


def load_judgements() -> dict[str, dict]:
    if not JUDGEMENTS.is_file():
        return {}
    return json.loads(JUDGEMENTS.read_text(encoding="utf-8")).get("judgements", {})


def verdict_for(kg, item, verdicts: dict) -> dict | None:
    """The kept verdict on this item, if it judged the statement the graph makes now."""
    v = verdicts.get(item.id)
    if v is None or v.get("statement") != statement(kg, item):
        return None
    return v


def check(kg, verdicts: dict | None = None, seed: int = SEED) -> dict[str, dict]:
    """Per kind: the items drawn, their verdicts, and the counts."""
    verdicts = load_judgements() if verdicts is None else verdicts
    out = {}
    for kind in KINDS:
        rows = []
        right = wrong = unjudged = 0
        for item in draw(kg, kind, seed=seed):
            v = verdict_for(kg, item, verdicts)
            if v is None:
                unjudged += 1
            else:
                right += v["verdict"] == "right"
                wrong += v["verdict"] == "wrong"
            rows.append((item, v))
        out[kind] = {"rows": rows, "right": right, "wrong": wrong, "unjudged": unjudged,
                     "population": len(population(kg, kind))}
    return out


def bench_spotcheck(ctx: Context) -> Section:
    sec = Section("spotcheck", f"Spot-check: {N} random items of each kind against their sentences")
    d = ctx.results.get("graph_dir")
    if d is None:
        return not_measured(sec.key, sec.title, "no graph was built.")
    from kg.build import load_graph

    kg = load_graph(d)
    result = check(kg)
    sec.intro.append(
        f"The {N} items of each kind with the smallest SHA-256 of `{SEED}:id`, from the "
        f"`{ctx.results.get('graph_label')}` graph (`python -m bench.spotcheck GRAPH_DIR` prints them); each "
        f"judged by hand against its source sentences, *strictly* (every part of the statement as the text "
        f"says it). Target: {TARGET:.0%} right in every kind.")
    summary = []
    for kind, r in result.items():
        rows = []
        for i, (item, v) in enumerate(r["rows"], 1):
            src = sources(item, 1)
            sentence = src[0].sentence.replace("|", "/").replace("\n", " ") if src else "–"
            if len(sentence) > 300:
                sentence = sentence[:300] + " …"
            verdict, reason = (v["verdict"], v["reason"]) if v else ("not judged yet", "no verdict for this statement")
            rows.append([i, statement(kg, item).replace("|", "/"), sentence,
                         f"{src[0].article} ({src[0].rule})" if src else "–", f"**{verdict}**", reason])
        judged = r["right"] + r["wrong"]
        share = f"{r['right'] / judged:.0%}" if judged else "–"
        summary.append([kind, r["population"], len(r["rows"]), r["right"], r["wrong"], r["unjudged"], share])
        sec.table(f"{kind}", ["#", "what the graph says", "first source sentence", "article (rule)", "verdict", "why"],
                  rows)
        sec.data[kind] = {"right": r["right"], "wrong": r["wrong"], "unjudged": r["unjudged"]}
    sec.table("Summary", ["kind", "in the graph", "drawn", "right", "wrong", "not judged", "right share"], summary)
    for seed, key, title in LATER_DRAWS:
        rows2 = []
        for kind, r in check(kg, seed=seed).items():
            judged = r["right"] + r["wrong"]
            rows2.append([kind, r["right"], r["wrong"], r["unjudged"], f"{r['right'] / judged:.0%}" if judged else "–"])
            sec.data[f"{kind}_{key}"] = {"right": r["right"], "wrong": r["wrong"], "unjudged": r["unjudged"]}
        sec.table(f"{key.capitalize()} draw (seed {seed}, {title})",
                  ["kind", "right", "wrong", "not judged", "right share"], rows2)
    sec.notes.append("; ".join(f"{row[0]} {row[3]}/{row[3] + row[4]}" for row in summary) + ".")
    return sec


def main(argv: list[str]) -> int:
    from kg.build import load_graph

    seed = SEED
    args = [a for a in argv if not a.startswith("--")]
    for a in argv:
        if a.startswith("--seed="):
            seed = int(a.split("=", 1)[1])  # another draw, to check the first was not fitted
    if len(args) != 1:
        print("usage: python -m bench.spotcheck GRAPH_DIR [--json] [--seed=N]", file=sys.stderr)
        return 2
    kg = load_graph(args[0])
    result = check(kg, seed=seed)
    if "--json" in argv:
        out = {kind: [{"id": item.id, "statement": statement(kg, item),
                       "sources": [{"article": p.article, "rule": p.rule, "sentence": p.sentence} for p in sources(item)],
                       "verdict": v} for item, v in r["rows"]] for kind, r in result.items()}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for kind, r in result.items():
        judged = r["right"] + r["wrong"]
        print(f"== {kind}: {r['right']} of {judged} judged right, {r['unjudged']} not judged "
              f"({r['population']:,} in the graph)")
        for i, (item, v) in enumerate(r["rows"], 1):
            print(f"{i}. {item.id}\n   {statement(kg, item)}")
            for p in sources(item, 2):
                print(f"   [{p.article} {p.rule}] {p.sentence}")
            print(f"   verdict: {v['verdict']} — {v['reason']}" if v else "   verdict: not judged yet")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
