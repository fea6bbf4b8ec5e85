"""What every benchmark section gets: the options, the corpus, a scratch folder, the machine.

Sections run in order and may leave results for later ones in ``ctx.results`` (the
building section leaves the whole-corpus graph folder that the SPARQL, Neo4j, HTML and
spot-check sections then use).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.corpus import REPO, Corpus

LIBRARIES = ("kg", "pyoxigraph", "rdflib", "networkx", "pyvis", "neo4j", "underthesea", "pyinstrument", "pyshacl")


@dataclass
class Context:
    corpus: Corpus
    work: Path  # scratch folder, removed at the end unless --keep
    quick: bool = False
    repeat: int = 3
    skip: set[str] = field(default_factory=set)
    sizes: list[int | None] | None = None  # the build section's corpus sizes (None: the whole corpus)
    results: dict[str, Any] = field(default_factory=dict)
    log_file: Any = sys.stderr

    def log(self, msg: str) -> None:
        """One progress line on stderr (the report goes to the --out file)."""
        now = datetime.now().strftime("%H:%M:%S")
        print(f"[bench {now}] {msg}", file=self.log_file, flush=True)


def has_module(name: str) -> bool:
    """Whether ``name`` imports (an installed but broken package counts as missing)."""
    import importlib

    try:
        importlib.import_module(name)
    except Exception:
        return False
    return True


def version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    """Date, CPU, memory, OS and versions of Python and the libraries measured."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
    except OSError:
        pass
    info: dict[str, Any] = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu,
        "ram_bytes": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "libraries": {name: version(name) for name in LIBRARIES},
        "chromium": chromium_version(),
        "loadavg_start": os.getloadavg(),
    }
    info["git"] = _git_head()
    return info


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def chromium_version() -> str | None:
    path = chromium_path()
    if not path:
        return None
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.strip() or None


def _git_head() -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no", "kg"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    head = out.stdout.strip()
    return (head + (" (kg/ has uncommitted changes)" if dirty else "")) if head else None
