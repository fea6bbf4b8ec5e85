"""Ten random facts of the largest graph, each beside the sentence it was read from.

The facts are drawn with a fixed seed from the sorted fact ids of ``graph.json``, so the
same graph gives the same ten. Fact ids are derived from what the fact says (kind, both
ends), so a later build of the same corpus draws the same facts as long as extraction
finds the same ones.

Whether each fact is right was judged by a person reading the sentence; the verdicts are
kept in ``bench/spotcheck.json`` by fact id. A fact drawn that has no verdict there (the
extraction changed since) is shown as "not judged yet": read it and add a line.

    python -m bench.spotcheck GRAPH_DIR     # print the ten facts and their sentences
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from bench.context import Context
from bench.stats import Section

SEED = 6  # the number
N = 10
JUDGEMENTS = Path(__file__).resolve().parent / "spotcheck.json"


def statement(kg, f) -> str:
    """The fact in a few words, with the labels of both ends."""
    s, o = kg.nodes.get(f.subject), kg.nodes.get(f.object)
    sl, ol = (s.label if s else f.subject), (o.label if o else f.object)
    p = f.props
    if f.type == "Tenure":
        when = ", ".join(x for x in (f"from {p['start']}" if p.get("start") else "",
                                     f"to {p['end']}" if p.get("end") else "",
                                     "attested " + ", ".join(p["attested"]) if p.get("attested") else "") if x)
        return f"{sl} — holds — {ol}" + (f" ({when})" if when else "")
    if f.type == "Participation":
        details = ", ".join(p.get("details") or [])
        date = o.props.get("date") if o else None
        return (f"{sl} — {p.get('role', 'participant')}" + (f" ({details})" if details else "") + f" — {ol}"
                + (f" [event date {date}]" if date else ""))
    if f.type == "Issued":
        return f"{sl} — issued — {ol}"
    if f.type == "DirectiveLink":
        return f"{sl} — {p.get('relation', 'links')} — {ol}"
    return f"{sl} — {f.type} — {ol}"


def draw_facts(kg, n: int = N, seed: int = SEED) -> list:
    ids = sorted(kg.facts)
    return [kg.facts[i] for i in random.Random(seed).sample(ids, min(n, len(ids)))]


def load_judgements() -> dict[str, dict]:
    if not JUDGEMENTS.is_file():
        return {}
    return json.loads(JUDGEMENTS.read_text(encoding="utf-8")).get("judgements", {})


def bench_spotcheck(ctx: Context) -> Section:
    sec = Section("spotcheck", "Spot-check: ten random facts against their sentences")
    d = ctx.results.get("graph_dir")
    if d is None:
        sec.intro.append("Not measured: no graph was built.")
        sec.measured = False
        return sec
    from kg.build import load_graph

    kg = load_graph(d)
    facts = draw_facts(kg)
    verdicts = load_judgements()
    rows, right, wrong, unjudged = [], 0, 0, 0
    for i, f in enumerate(facts, 1):
        src = sorted(f.sources, key=lambda p: (p.article, p.start))[0] if f.sources else None
        v = verdicts.get(f.id)
        if v is None:
            verdict, reason = "not judged yet", "no verdict in bench/spotcheck.json for this fact"
            unjudged += 1
        else:
            verdict, reason = v["verdict"], v["reason"]
            right += verdict == "right"
            wrong += verdict == "wrong"
        sentence = src.sentence.replace("|", "/").replace("\n", " ") if src else "–"
        if len(sentence) > 400:
            sentence = sentence[:400] + " …"
        rows.append([i, f.type, statement(kg, f).replace("|", "/"), sentence,
                     f"{src.article} ({src.rule})" if src else "–", f"**{verdict}**", reason])
    sec.intro.append(
        f"Drawn with `random.Random({SEED}).sample(sorted fact ids, {N})` from the {len(kg.facts):,} facts of the "
        f"`{ctx.results.get('graph_label')}` graph (`python -m bench.spotcheck GRAPH_DIR` prints them); each judged "
        f"by hand against its first source sentence.")
    sec.table("", ["#", "fact", "what the graph says", "source sentence", "article (rule)", "verdict", "why"], rows)
    judged = right + wrong
    summary = f"{right} of {judged} judged facts right" + (f", {unjudged} not judged yet" if unjudged else "")
    sec.notes.append(summary + ".")
    sec.data.update(right=right, wrong=wrong, unjudged=unjudged)
    return sec


def main(argv: list[str]) -> int:
    from kg.build import load_graph

    if len(argv) != 1:
        print("usage: python -m bench.spotcheck GRAPH_DIR", file=sys.stderr)
        return 2
    kg = load_graph(argv[0])
    verdicts = load_judgements()
    for i, f in enumerate(draw_facts(kg), 1):
        print(f"{i}. {f.id}\n   {statement(kg, f)}")
        for p in sorted(f.sources, key=lambda p: (p.article, p.start))[:2]:
            print(f"   [{p.article} {p.rule}] {p.sentence}")
        v = verdicts.get(f.id)
        print(f"   verdict: {v['verdict']} — {v['reason']}" if v else "   verdict: not judged yet")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
