"""What kg depends on: every dependency is used, bounded by major version, and the
installed versions are within the bounds (what the tests ran on is what is declared)."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version

import pytest
from packaging.requirements import Requirement

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DEPENDENCIES = [Requirement(d) for d in PYPROJECT["project"]["dependencies"]]
# the module each distribution is imported as, where the names differ
MODULE = {"python-dotenv": "dotenv"}
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "kg").rglob("*.py"))


@pytest.mark.parametrize("req", DEPENDENCIES, ids=lambda r: r.name)
def test_each_dependency_is_bounded_by_major_version(req):
    lower = [s for s in req.specifier if s.operator == ">="]
    upper = [s for s in req.specifier if s.operator == "<"]
    assert lower and upper, f"{req}: give a lower bound and an upper bound (the next major version)"
    low, high = lower[0].version.split("."), upper[0].version.split(".")
    if low[0] == "0":  # 0.x: a minor version may break, as a major one does
        assert high[0] == "1" or (high[0] == "0" and int(high[1]) == int(low[1]) + 1), req
    else:
        assert int(high[0]) == int(low[0]) + 1 and set(high[1:]) <= {"0"}, req


@pytest.mark.parametrize("req", DEPENDENCIES, ids=lambda r: r.name)
def test_the_installed_version_is_within_the_bounds(req):
    assert req.specifier.contains(version(req.name), prereleases=True), f"{req.name} {version(req.name)} vs {req}"


@pytest.mark.parametrize("req", DEPENDENCIES, ids=lambda r: r.name)
def test_each_dependency_is_used(req):
    if req.name == "neo4j-rust-ext":  # never imported: the driver loads it to pack Bolt messages
        from neo4j._codec.packstream import RUST_AVAILABLE

        assert RUST_AVAILABLE
        return
    if req.name == "oxigraph":  # never imported: a server executable, run by `kg serve`
        from kg.rdf.serve import oxigraph_command

        assert re.search(r"\boxigraph_command\(\)", SOURCE.replace("def oxigraph_command()", ""))
        assert oxigraph_command()
        return
    module = MODULE.get(req.name, req.name.replace("-", "_"))
    assert re.search(rf"^\s*(import|from) {module}\b", SOURCE, re.M), f"{req.name} is declared but never imported"


def test_neo4j_driver_is_the_tested_major_version():
    assert version("neo4j").split(".")[0] == "6"
