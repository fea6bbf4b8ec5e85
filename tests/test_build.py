"""Building a graph as a user does: resolution across articles, the summary, the scorer."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from kg.build import build, load_graph
from kg.cli import app
from tests.conftest import SAMPLE_GOLD, SEED_GOLD, SEEDS, SAMPLE, SHARED, needs_shared

A = """Hội nghị Ngoại giao lần thứ 32 khai mạc
 date 2023-12-19

Sáng 19-12, Thủ tướng Chính phủ Phạm Minh Chính dự Hội nghị Ngoại giao lần thứ 32. Bộ trưởng Ngoại giao Bùi Thanh Sơn phát biểu khai mạc hội nghị.
Việt Nam là thành viên Hội đồng Nhân quyền Liên hợp quốc nhiệm kỳ 2023-2025.
"""
B = """Bế mạc Hội nghị Ngoại giao 32
 date 2023-12-23

Chiều 23/12, Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn chủ trì phiên bế mạc Hội nghị Ngoại giao 32. Hội nghị nhắc lại: Việt Nam là thành viên Hội đồng Nhân quyền LHQ nhiệm kỳ 2023-2025.
"""


def test_aliases_meet_across_articles(tmp_path):
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    build([tmp_path], tmp_path / "out")
    g = load_graph(tmp_path / "out")
    persons = [n.label for n in g.of_type("Person")]
    assert sorted(persons) == ["Bùi Thanh Sơn", "Phạm Minh Chính"]
    offices = {(g.nodes[f.subject].label, g.nodes[f.object].label) for f in g.facts_of_type("Tenure")
               if g.nodes[f.subject].type == "Person"}
    assert ("Bùi Thanh Sơn", "Bộ trưởng Bộ Ngoại giao") in offices         # written two ways
    events = [n for n in g.of_type("Event") if n.props.get("ordinal") == 32]
    assert len(events) == 1 and "Hội nghị Ngoại giao 32" in events[0].aliases
    roles = g.of_type("InternationalRole")
    assert [r.label for r in roles] == ["thành viên Hội đồng Nhân quyền Liên Hợp Quốc"]   # Liên hợp quốc = LHQ
    tenures = [f for f in g.facts_of_type("Tenure") if f.object == roles[0].id]
    assert len(tenures) == 1 and len({p.article for p in tenures[0].sources}) == 2


def test_build_summary_and_skips(tmp_path):
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    summary = build([tmp_path], tmp_path / "out")
    assert summary.articles == 1
    assert [r for _, r in summary.skipped] == ["empty file"]
    data = json.loads((tmp_path / "out" / "build.json").read_text(encoding="utf-8"))
    assert data["articles"] == 1 and data["skipped"][0]["reason"] == "empty file"


def test_cli_build_default_sample_then_query(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    r = runner.invoke(app, ["build"])
    assert r.exit_code == 0, r.output
    assert "5 articles read" in r.output
    r = runner.invoke(app, ["query", "event-chairs", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert {"person": "Nguyễn Phú Trọng", "event": "Hội nghị Đối ngoại toàn quốc"}.items() <= rows[0].items() or \
        any(x["person"] == "Nguyễn Phú Trọng" and x["event"] == "Hội nghị Đối ngoại toàn quốc" for x in rows)


def test_cli_build_missing_input(tmp_path):
    r = CliRunner().invoke(app, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1
    assert "Error: no such file or folder" in r.output and "Traceback" not in r.output


def test_two_builds_are_byte_identical(tmp_path):
    build([SAMPLE], tmp_path / "one")
    build([SAMPLE], tmp_path / "two")
    for name in ("graph.ttl", "graph.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def _score(corpus, gold, tmp_path) -> dict:
    kg = f"{sys.executable} -m kg"
    out = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--corpus", str(corpus),
                          "--gold", str(gold), "--kg", kg, "--json", "--keep", str(tmp_path / "g")],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout[:out.stdout.rindex("}") + 1])   # the last line is the summary


@needs_shared()
def test_seed_score_meets_the_bar(tmp_path):
    result = _score(SEEDS, SEED_GOLD, tmp_path)
    assert result["f1"] >= 0.90, result
    for name, cat in result["categories"].items():
        if name != "organizations":
            assert cat["f1"] >= 0.80, (name, cat)
    right, total = result["categories"]["events"]["dates_right"].split("/")
    assert right == total


@needs_shared(SHARED / "eval" / "score.py")
def test_sample_score_meets_the_bar(tmp_path):
    assert _score(SAMPLE, SAMPLE_GOLD, tmp_path)["f1"] >= 0.95


TALKS_A = """Chủ tịch nước hội kiến Chủ tịch Thượng viện Ba Lan
 date 2024-03-14

Chiều 14/3, tại Hà Nội, Chủ tịch nước Lương Văn Định đã hội kiến Chủ tịch Thượng viện Ba Lan Tomasz Grodzki.
"""
TALKS_B = """Thúc đẩy quan hệ Việt Nam - Ba Lan
 date 2024-03-15

Ngày 14/3, trong cuộc hội kiến giữa Chủ tịch nước Lương Văn Định và Chủ tịch Thượng viện Ba Lan T.Grodzki, hai bên nhất trí tăng cường hợp tác.
"""
TALKS_C = """Gặp riêng trước giờ hội kiến
 date 2024-03-14

Sáng 14/3, Chủ tịch nước Lương Văn Định có cuộc gặp riêng với Chủ tịch Thượng viện Ba Lan Tomasz Grodzki.
"""


def test_the_same_talks_told_by_two_articles_are_one_event(tmp_path):
    # each article names the talks its own way, and the guest once by his initial;
    # the private meeting of the same morning, told by a third, stays an event of its own
    for name, text in (("a", TALKS_A), ("b", TALKS_B), ("c", TALKS_C)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    build([tmp_path], tmp_path / "out", cache=False)
    g = load_graph(tmp_path / "out")
    talks = [n for n in g.of_type("Event") if n.props.get("kind") == "talks"]
    called = sorted(" / ".join([n.label] + n.aliases) for n in talks)
    assert len(talks) == 2, called
    hoi_kien = [n for n in talks if "hội kiến" in n.label.lower()]
    assert len(hoi_kien) == 1 and len({s.article for s in hoi_kien[0].sources}) == 2, called
