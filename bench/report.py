"""``BENCHMARKS.md``: the machine, then each section's figures, tables, targets and notes."""

from __future__ import annotations

import os
from typing import Any

from bench.stats import Section


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def render(info: dict[str, Any], sections: list[Section], *, quick: bool, corpus_note: str, command: str,
           seconds: float) -> str:
    libs = ", ".join(f"{k} {v}" for k, v in info["libraries"].items() if v) or "–"
    missing = ", ".join(k for k, v in info["libraries"].items() if not v)
    ram = f"{info['ram_bytes'] / 1024 ** 3:.1f} GiB" if info.get("ram_bytes") else "unknown"
    la0, la1 = info["loadavg_start"], info.get("loadavg_end") or os.getloadavg()
    lines = [
        "# Benchmarks" + (" (quick smoke run)" if quick else ""),
        "",
        f"Written by `{command}` from the repository root in {seconds / 60:.1f} minutes. Every figure is the "
        "**median (min–max)** of repeated runs, and every ratio compares two figures measured in this same run "
        "on the same input. Rerun it to check them.",
        "",
        "## Machine",
        "",
        f"- Date: {info['date']}; commit {info.get('git') or 'unknown'}",
        f"- CPU: {info['cpu']}, {info['nproc']} cores (nproc); RAM: {ram}; {info['os']}",
        f"- Python: {info['python']}; libraries: {libs}" + (f"; not installed: {missing}" if missing else ""),
        f"- Chromium: {info.get('chromium') or 'not installed'}",
        f"- Load average (1, 5, 15 min) at the start: {la0[0]:.1f}, {la0[1]:.1f}, {la0[2]:.1f}; at the end: "
        f"{la1[0]:.1f}, {la1[1]:.1f}, {la1[2]:.1f}. "
        + ("Other processes were using the cores during this run (load above the 2 cores): wall-clock figures "
           "include waiting for a CPU; per-CPU-second figures do not." if max(la0[0], la1[0]) > info["nproc"] else
           "The machine was otherwise quiet."),
        f"- Input: {corpus_note}",
        "- Sections run: " + (", ".join(info.get("sections_run") or []) or "none")
        + (" (the others were skipped in this run and say so below)" if any(not s.measured for s in sections) else ""),
        "",
    ]
    # the targets of every section in one table, first
    targets = [(s, t) for s in sections for t in s.targets]
    if targets:
        lines += ["## Targets", ""]
        lines += _table(["section", "target", "result", "measured"],
                        [[s.title.split(":")[0], t.what, t.mark(), t.measured] for s, t in targets])
        lines.append("")
    for s in sections:
        lines += render_section(s)
    return "\n".join(lines).rstrip() + "\n"


def render_section(s: Section) -> list[str]:
    """One section: heading, intro, tables, preformatted blocks, notes."""
    lines = [f"## {s.title}", ""]
    for p in s.intro:
        lines += [p, ""]
    for caption, head, rows in s.tables:
        if caption:
            lines += [caption + ":", ""]
        lines += _table(head, rows) + [""]
    for caption, text in s.blocks:
        lines += [caption + ":", "", "```text", text, "```", ""]
    for n in s.notes:
        lines += [f"- {n}"]
    if s.notes:
        lines.append("")
    return lines
