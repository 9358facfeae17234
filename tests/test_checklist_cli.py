"""`mistral-secure audit` command line: exit codes, formats, options, console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mistral_secure._checklist import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dest = tmp_path / "audit_project"
    shutil.copytree(FIXTURES / "audit_project", dest, symlinks=True)
    return dest


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    dest = tmp_path / "audit_project_clean"
    shutil.copytree(FIXTURES / "audit_project_clean", dest, symlinks=True)
    return dest


def _tree(tmp_path: Path, source: str) -> Path:
    (tmp_path / "mod.py").write_text(source)
    return tmp_path


INFO_ONLY = "def f(client, m):\n    return client.chat.complete(model='x', messages=m)\n"
WARNING_ONLY = "def f(prompt):\n    print(prompt)\n"


def test_exit_codes_follow_fail_on(project: Path, clean: Path, tmp_path: Path) -> None:
    assert main([str(project)]) == 1
    assert main([str(clean)]) == 0
    info = tmp_path / "info"
    info.mkdir()
    _tree(info, INFO_ONLY)
    assert main([str(info)]) == 0
    assert main([str(info), "--fail-on", "warning"]) == 0
    assert main([str(info), "--fail-on", "info"]) == 1
    warn = tmp_path / "warn"
    warn.mkdir()
    _tree(warn, WARNING_ONLY)
    assert main([str(warn)]) == 0
    assert main([str(warn), "--fail-on", "warning"]) == 1


def test_fail_on_from_project_config(tmp_path: Path) -> None:
    _tree(tmp_path, WARNING_ONLY)
    (tmp_path / "pyproject.toml").write_text('[tool.mistral-secure.audit]\nfail-on = "warning"\n')
    assert main([str(tmp_path)]) == 1
    assert main([str(tmp_path), "--fail-on", "error"]) == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["does/not/exist"],
        [".", "--format", "xml"],
        [".", "--fail-on", "critical"],
        [".", "--disable", "MS999"],
        [".", "--bogus"],
    ],
)
def test_usage_errors_exit_2_with_one_line(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    clean: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(clean)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("mistral-secure audit: error: ")
    assert err.count("\n") == 1


def test_bad_project_config_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mistral-secure.audit]\nexclude = "x"\n')
    assert main([str(tmp_path)]) == 2
    assert "exclude must be a list of strings" in capsys.readouterr().err


def test_text_output_and_summary(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(project)])
    out = capsys.readouterr().out
    assert "\033[" not in out  # captured stdout is not a TTY
    assert out.rstrip().splitlines()[-1] == "12 errors, 7 warnings, 1 info in 12 files (3 skipped)"
    assert "MS302 tls-verification-disabled" in out


def test_json_and_output_file(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.json"
    assert main([str(project), "--format", "json", "--output", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == "12 errors, 7 warnings, 1 info in 12 files (3 skipped)"
    doc = json.loads(target.read_text())
    assert doc["version"] == 1 and len(doc["findings"]) == 20


def test_exclude_and_disable_options(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(project), "--format", "json", "--exclude", "app.py", "--exclude", "*.yaml"])
    paths = {f["path"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "app.py" not in paths and "settings.yaml" not in paths and "config.json" in paths
    main([str(project), "--format", "json", "--disable", "hardcoded-secret"])
    rules = {f["rule_id"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "MS101" not in rules and "MS103" in rules


def test_filenames_as_passed_by_pre_commit(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    assert main(["app.py", ".env", "requirements.txt", "--format", "json"]) == 1
    found = [
        (f["rule_id"], f["path"], f["line"])
        for f in json.loads(capsys.readouterr().out)["findings"]
    ]
    assert found == [
        ("MS201", ".env", 1),
        ("MS101", ".env", 2),
        ("MS101", "app.py", 10),
        ("MS102", "app.py", 11),
        ("MS301", "app.py", 12),
        ("MS302", "app.py", 13),
        ("MS303", "app.py", 18),
        ("MS304", "app.py", 19),
        ("MS303", "app.py", 20),
        ("MS401", "requirements.txt", 2),
    ]
    # The project's config applies in file mode too: generated/ is excluded.
    assert main(["generated/keys.py", "settings.yaml", "--format", "json"]) == 1
    paths = {f["path"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert paths == {"settings.yaml"}


def test_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-rules"]) == 0
    ids = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert ids == ["MS001", "MS101", "MS102", "MS103", "MS104", "MS201", "MS202", "MS301",
                   "MS302", "MS303", "MS304", "MS401"]  # fmt: skip


def test_pre_commit_hooks_manifest() -> None:
    yaml = pytest.importorskip("yaml")
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["mistral-secure-audit"]["entry"] == "mistral-secure audit"
    assert hooks["mistral-secure-audit"]["pass_filenames"] is False
    assert hooks["mistral-secure-audit-files"]["language"] == "python"


def _command() -> list[str]:
    script = Path(sys.executable).parent / "mistral-secure"
    if script.exists():
        return [str(script), "audit"]
    return [sys.executable, "-m", "mistral_secure", "audit"]


def test_end_to_end_subprocess_sarif(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    done = subprocess.run(
        [*_command(), str(project), "--format", "sarif"],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    doc = json.loads(done.stdout)
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"][0]["results"]) == 20


def test_end_to_end_cli_dispatch_usage_error() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [*_command(), "no/such/dir"],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == "mistral-secure audit: error: no such file or directory: no/such/dir\n"


def test_repository_audits_itself_without_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code = main([str(REPO), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    errors = [
        (f["rule_id"], f["path"], f["line"]) for f in doc["findings"] if f["severity"] == "error"
    ]
    assert errors == []
    assert code == 0
