"""`mistral-secure demo` runs end to end and every defense behaves as the demo says it does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

pytest.importorskip("langchain_mistral_secure")
pytest.importorskip("llama_index_mistral_secure")

import mistral_secure._demo as demo
from mistral_secure._cli import main as cli_main
from mistral_secure._demo import main, run
from mistral_secure._demo._sections import SECTIONS, Section, SectionReport

ALL = [s.name for s in SECTIONS]


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)


@pytest.fixture(scope="module")
def full_run() -> dict[str, Any]:
    # Offline mode regardless of the developer's environment.
    return run(environ={})


def by_name(result: dict[str, Any]) -> dict[str, Any]:
    return {report.name: report for report in result["sections"]}


def test_every_section_runs_and_passes(full_run: dict[str, Any]) -> None:
    assert full_run["mode"] == "local"
    assert [r.name for r in full_run["sections"]] == ALL
    failing = {r.name: (r.error, [x for x in r.rows if not x.ok]) for r in full_run["sections"]}
    assert full_run["ok"], {k: v for k, v in failing.items() if v[0] or v[1]}
    for report in full_run["sections"]:
        assert report.rows, report.name
        assert report.mode == "ran"


def test_both_frameworks_are_exercised(full_run: dict[str, Any]) -> None:
    sections = by_name(full_run)
    for name in ("answer", "injection", "pii", "poisoned-doc", "output", "stream", "moderation"):
        apps = {row.app for row in sections[name].rows}
        assert {"LangChain", "LlamaIndex"} <= apps, name


def test_injections_include_obfuscated_and_french_and_are_all_blocked(
    full_run: dict[str, Any],
) -> None:
    rows = by_name(full_run)["injection"].rows
    assert {"homoglyphs", "spaced letters", "French"} <= {r.case for r in rows}
    assert all(r.after.startswith("blocked: InjectionDetected") for r in rows)


def test_pii_never_reaches_the_server_and_comes_back_in_the_answer(
    full_run: dict[str, Any],
) -> None:
    rows = by_name(full_run)["pii"].rows
    sent = [r for r in rows if r.case.startswith("question")]
    answers = [r for r in rows if r.case.startswith("answer")]
    assert sent and all("jane.doe@example.com" not in r.after for r in sent)
    assert all("<EMAIL_ADDRESS_1>" in r.after for r in sent)
    assert answers and all("jane.doe@example.com" in r.after for r in answers)


def test_output_and_stream_are_cleaned(full_run: dict[str, Any]) -> None:
    sections = by_name(full_run)
    for row in sections["output"].rows:
        assert "onerror" in row.before and "onerror" not in row.after
        assert "evil.example" not in row.after
        assert "[removed: system prompt]" in row.after
    for row in sections["stream"].rows:
        assert "evil.example" not in row.after
        assert not row.after.startswith("1 chunks")


def test_summary_counts_blocks_redactions_and_guard_time(full_run: dict[str, Any]) -> None:
    sections = by_name(full_run)
    assert sections["injection"].blocked == 8
    assert sections["moderation"].blocked == 2
    assert sections["pii"].redacted >= 4
    assert sections["checklist"].guard_checks == 0
    assert sum(r.guard_checks for r in full_run["sections"]) > 20
    assert all(r.guard_ms >= 0 for r in full_run["sections"])


def test_main_runs_one_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--only", "checklist", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert [s["name"] for s in report["sections"]] == ["checklist"]
    rules = {row["case"].split()[0] for row in report["sections"][0]["rows"]}
    assert rules == {"MS101", "MS302", "MS303", "MS304", "MS401"}


def test_text_output_shows_sections_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["demo", "--only", "moderation"]) == 0
    out = capsys.readouterr().out
    assert "Moderation gate" in out
    assert "ContentFlagged" in out
    assert "Summary" in out


def test_a_defense_that_misbehaves_fails_the_demo(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def leaky(env: object, report: SectionReport) -> None:
        report.add("core", "leak", "secret", "secret", ok=False)

    def crashing(env: object, report: SectionReport) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(
        demo,
        "SECTIONS",
        (Section("leaky", "Leaky", "fails", leaky), Section("crash", "Crash", "fails", crashing)),
    )
    assert main(["--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [s["ok"] for s in report["sections"]] == [False, False]
    assert report["sections"][1]["error"] == "RuntimeError: boom"


@pytest.mark.parametrize("argv", [["--bogus"], ["--only", "no-such-section"], ["--only"]])
def test_bad_options_exit_2_with_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("mistral-secure demo: error:")
    assert err.count("\n") == 1


def test_help_lists_the_sections(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for name in ALL:
        assert name in out


def test_subprocess_json_run_exits_0() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MISTRAL_API_KEY"}
    result = subprocess.run(
        [sys.executable, "-m", "mistral_secure", "demo", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["mode"] == "local"
    assert report["summary"]["passed"] == report["summary"]["sections"] == len(ALL)
    assert all(s["ok"] for s in report["sections"])
    # Keys only as fingerprints, even in the full report.
    assert "demo-key-alpha-000000000000001" not in result.stdout


def test_plain_text_output_without_rich(capsys: pytest.CaptureFixture[str]) -> None:
    from mistral_secure._demo._render import _plain

    _plain(run(["keys"], environ={}))
    out = capsys.readouterr().out
    assert "== [PASS] Revoked API key" in out
    assert "quarantined: 1" in out
    assert "demo-key-" not in out  # fingerprints only
