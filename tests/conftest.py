"""Shared fixtures: built graphs of the sample corpus and the seed articles.

The seed articles live in ../shared (our user's reference articles); tests that need
them skip with a clear reason when that folder is absent (CI always has it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEED_GOLD = SHARED / "eval" / "seeds"
NEWS = SHARED / "corpus" / "news"
SAMPLE = ROOT / "kg" / "sample" / "corpus"
SAMPLE_GOLD = ROOT / "tests" / "data" / "sample_gold"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def needs_shared(path: Path = SEEDS):
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is absent (the shared corpus is only on project machines and CI)")


@pytest.fixture(scope="session")
def sample_graph_dir(tmp_path_factory) -> Path:
    """The bundled sample corpus, built once per test session."""
    from kg.build import build

    out = tmp_path_factory.mktemp("sample-graph")
    build([SAMPLE], out)
    return out


@pytest.fixture(scope="session")
def seed_graph_dir(tmp_path_factory) -> Path:
    """The five seed articles, built once per test session."""
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent (the shared corpus is only on project machines and CI)")
    from kg.build import build

    out = tmp_path_factory.mktemp("seed-graph")
    build([SEEDS], out)
    return out


@pytest.fixture(scope="session")
def sample_graph(sample_graph_dir):
    from kg.build import load_graph

    return load_graph(sample_graph_dir)


@pytest.fixture(scope="session")
def seed_graph(seed_graph_dir):
    from kg.build import load_graph

    return load_graph(seed_graph_dir)
