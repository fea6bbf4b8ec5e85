"""``python -m bench.rules [KG EVAL OPTIONS]``: precision and recall per extraction rule.

Runs ``kg eval`` on the project's sample gold (``kg/sample/corpus`` against
``tests/data/sample_gold``) and, when the shared folder is beside the repository, on the
development set (``../shared/eval/dev/dev.jsonl`` against ``../shared/eval/dev/gold``),
printing both tables. Options are passed on to ``kg eval``: ``--show 3`` lists wrong rows
of each rule with their sentences, ``--format json`` prints the figures as JSON.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.corpus import REPO

DEV = REPO.parent / "shared" / "eval" / "dev"
GOLD_SETS: list[tuple[str, Path, Path]] = [
    ("sample", REPO / "kg" / "sample" / "corpus", REPO / "tests" / "data" / "sample_gold"),
    ("dev", DEV / "dev.jsonl", DEV / "gold"),
]


def main(argv: list[str] | None = None) -> int:
    """Score every gold set present; the exit code is the worst of ``kg eval``'s."""
    from kg.cli import app

    options = list(sys.argv[1:] if argv is None else argv)
    worst = 0
    for name, corpus, gold in GOLD_SETS:
        if not gold.is_dir():
            print(f"== {name}: not measured, {gold} is absent", file=sys.stderr, flush=True)
            continue
        print(f"== {name}: {corpus} against {gold}", file=sys.stderr, flush=True)
        code = app(["eval", "--gold", str(gold), str(corpus), *options], standalone_mode=False)
        sys.stdout.flush()
        worst = max(worst, code or 0)
    return worst


if __name__ == "__main__":
    sys.exit(main())
