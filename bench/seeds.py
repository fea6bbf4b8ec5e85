"""Quality beside speed: the evaluation scorer's figures on the hand-labelled seed articles.

Runs ``python ../shared/eval/score.py --corpus ../shared/corpus/seeds --gold
../shared/eval/seeds --kg "<python> -m kg"`` (the scorer builds the seeds and queries them
through the command line) and quotes its table, so a speed-up that costs recall shows.
"""

from __future__ import annotations

import subprocess
import sys

from bench.context import Context
from bench.corpus import REPO
from bench.stats import Section

SCORER = REPO.parent / "shared" / "eval" / "score.py"
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
GOLD = REPO.parent / "shared" / "eval" / "seeds"


def bench_seeds(ctx: Context) -> Section:
    sec = Section("seeds", "Quality on the seed articles (score.py)")
    if ctx.quick:
        sec.intro.append("Not measured: skipped in --quick mode (the scorer builds and queries through the command "
                         "line: about 15 s).")
        sec.measured = False
        return sec
    if not (SCORER.is_file() and SEEDS.is_dir() and GOLD.is_dir()):
        sec.intro.append(f"Not measured: the scorer or the seeds are not present (looked for ../shared/eval/score.py, "
                         f"../shared/corpus/seeds, ../shared/eval/seeds).")
        sec.measured = False
        return sec
    cmd = [sys.executable, str(SCORER), "--corpus", str(SEEDS), "--gold", str(GOLD), "--kg", f"{sys.executable} -m kg"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=REPO)
    if r.returncode != 0:
        sec.intro.append(f"Not measured: score.py exited {r.returncode}: {(r.stderr or r.stdout).strip()[-300:]}")
        sec.measured = False
        return sec
    out = r.stdout.strip()
    sec.intro.append("`python ../shared/eval/score.py --corpus ../shared/corpus/seeds --gold ../shared/eval/seeds "
                     "--kg .venv/bin/kg` (here with this run's Python: `--kg \"python -m kg\"`), at the same commit:")
    sec.blocks.append(("score.py output", out))
    last = out.splitlines()[-1] if out else ""
    try:
        f1 = float(last.rsplit("F1", 1)[1].split()[0])
        sec.figure("f1", "overall F1 on the seeds (all but organizations)", [f1], "", digits=3)
    except (IndexError, ValueError):
        pass
    return sec
