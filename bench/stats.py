"""Figures and sections: repeated measurements, their median and range, and ratios.

A :class:`Figure` is one quantity measured several times (``values``); the report shows
it as ``median (min–max)``. A :class:`Section` is what one benchmark module returns: its
figures, tables, targets and notes, in the order the report prints them.

>>> f = Figure("chars/s", [3.0, 1.0, 2.0], "chars/s")
>>> f.median, f.lo, f.hi, f.text()
(2.0, 1.0, 3.0, '2.00 (1.00–3.00) chars/s')
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class Figure:
    """One measured quantity: every value of the repeated runs, and its unit."""

    name: str
    values: list[float]
    unit: str = ""
    digits: int | None = None  # decimals shown; None: chosen from the size

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else math.nan

    @property
    def lo(self) -> float:
        return min(self.values) if self.values else math.nan

    @property
    def hi(self) -> float:
        return max(self.values) if self.values else math.nan

    def text(self, unit: bool = True) -> str:
        """``median (min–max) unit``; only the median when there was one run."""
        if not self.values:
            return "not measured"
        tail = f" {self.unit}" if unit and self.unit else ""
        if len(self.values) == 1:
            return f"{num(self.median, self.digits)}{tail} (1 run)"
        return f"{num(self.median, self.digits)} ({num(self.lo, self.digits)}–{num(self.hi, self.digits)}){tail}"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "unit": self.unit, "median": self.median, "min": self.lo,
                "max": self.hi, "values": self.values}


def num(x: float, digits: int | None = None) -> str:
    """A number for a table: thousands separators, few decimals for small values."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if math.isinf(x):
        return "∞"
    if digits is None:
        ax = abs(x)
        digits = 0 if ax >= 100 else 1 if ax >= 10 else 2 if ax >= 1 else 3 if ax >= 0.01 else 4
    return f"{x:,.{digits}f}"


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0–100) of ``values``: an observed value, never interpolated."""
    if not values:
        return math.nan
    s = sorted(values)
    k = max(1, math.ceil(p / 100 * len(s)))
    return s[k - 1]


def ratio(a: Figure, b: Figure) -> Figure:
    """``a / b`` as a figure: the ratio of the medians, with the extreme ratios as its range.

    The range pairs a's lowest with b's highest value and the other way round, so it holds
    every ratio the runs could give.
    """
    if not a.values or not b.values or b.median == 0:
        return Figure(f"{a.name} / {b.name}", [], "×")
    vals = [a.median / b.median]
    if b.hi:
        vals.append(a.lo / b.hi)
    if b.lo:
        vals.append(a.hi / b.lo)
    return Figure(f"{a.name} / {b.name}", sorted(vals), "×", digits=1)


@dataclass
class Timing:
    """One run: wall-clock seconds and CPU seconds of this process (all its threads)."""

    wall: float
    cpu: float


def timed(fn: Callable[[], Any]) -> tuple[Timing, Any]:
    """Run ``fn`` once; its wall time (``time.perf_counter``) and CPU time (``time.process_time``)."""
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    return Timing(time.perf_counter() - t0, time.process_time() - c0), out


@dataclass
class Target:
    """A goal from the issue and whether this run met it (None: not measured)."""

    what: str
    met: bool | None
    measured: str

    def mark(self) -> str:
        return {True: "met", False: "**not met**", None: "not measured"}[self.met]


@dataclass
class Section:
    """What one benchmark returns: figures (by key), tables, targets and notes, in order."""

    key: str
    title: str
    intro: list[str] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)
    tables: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)  # caption, head, rows
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    blocks: list[tuple[str, str]] = field(default_factory=list)  # caption, preformatted text
    data: dict[str, Any] = field(default_factory=dict)  # other results for later sections
    measured: bool = True  # False: the whole section says why it was not measured

    def figure(self, key: str, name: str, values: list[float], unit: str = "", digits: int | None = None) -> Figure:
        f = Figure(name, list(values), unit, digits)
        self.figures[key] = f
        return f

    def table(self, caption: str, head: list[str], rows: list[list[Any]]) -> None:
        self.tables.append((caption, head, [[str(c) for c in r] for r in rows]))

    def target(self, what: str, met: bool | None, measured: str) -> None:
        self.targets.append(Target(what, met, measured))

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "measured": self.measured,
                "figures": {k: f.to_dict() for k, f in self.figures.items()},
                "targets": [{"what": t.what, "met": t.met, "measured": t.measured} for t in self.targets],
                "notes": self.notes}


def not_measured(key: str, title: str, why: str) -> Section:
    """A section that says, in one line, why it has no figures."""
    return Section(key, title, intro=[f"Not measured: {why}"], measured=False)
