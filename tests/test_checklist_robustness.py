"""`mistral-secure audit` in CI: special files, git failures, SARIF locations, fingerprints,
suppressions, config discovery and progress. One regression test per defect of issue 16.

Every key below is FAKE, built at run time so no scanner trips on this file.
"""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from mistral_secure._checklist import AuditConfig, audit, load_config, main, render
from mistral_secure._checklist._findings import AuditReport, Finding
from mistral_secure._checklist._rules import rule_by_id

REPO = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
GITHUB = "ghp_" + "FAKEx7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdGHij"
OTHER = "ghp_" + "FAKEn3Wq8Lz5Rt1Vk7Mp4Xs9Yc2Hb6GdQWer"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
root_only = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (chown, mknod)")


def _write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.email=t@example.invalid", "-c", "user.name=t",
         *args],
        check=True, capture_output=True,
    )  # fmt: skip


def _cli(*args: str, cwd: Path = REPO, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    script = Path(sys.executable).parent / "mistral-secure"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "mistral_secure"]
    return subprocess.run(
        [*command, "audit", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout, check=False,
    )  # fmt: skip


def _triples(report: AuditReport) -> list[tuple[str, str | None, int]]:
    return [(f.rule.id, f.path, f.line) for f in report.sorted_findings()]


# --- special files ------------------------------------------------------------------------


def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    _write(tmp_path, "app.py", f"token = '{GITHUB}'\n")
    os.mkfifo(tmp_path / "pipe")
    os.mkfifo(tmp_path / "queue.env")  # a name the audit reads for .env hygiene, too
    # In a subprocess with a timeout: a regression would block on open(), forever.
    done = _cli(str(tmp_path), "--format", "json", timeout=60)
    doc = json.loads(done.stdout)
    assert [(f["rule_id"], f["path"]) for f in doc["findings"]] == [
        ("MS101", "app.py"),
        ("MS201", "queue.env"),
    ]
    assert doc["skipped"] == [
        {"path": "pipe", "reason": "not a regular file: named pipe (FIFO)"},
        {"path": "queue.env", "reason": "not a regular file: named pipe (FIFO)"},
    ]
    # Named on the command line (as pre-commit does), it is not opened either.
    done = _cli("pipe", "app.py", "--format", "json", cwd=tmp_path, timeout=60)
    assert json.loads(done.stdout)["skipped"][0]["path"] == "pipe"


@root_only
def test_devices_and_sockets_are_never_opened(tmp_path: Path) -> None:
    os.mknod(tmp_path / "null", stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null
    os.mknod(tmp_path / "zero", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # endless
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "sock"))
        report = audit([tmp_path])
    finally:
        server.close()
    assert sorted((s.path, s.reason) for s in report.skipped) == [
        ("null", "not a regular file: character device"),
        ("sock", "not a regular file: socket"),
        ("zero", "not a regular file: character device"),
    ]


# --- git failures are notes, never a silent fallback --------------------------------------


@needs_git
@root_only
def test_dubious_ownership_is_a_note_and_fails_under_strict(tmp_path: Path) -> None:
    repo = tmp_path / "checkout"
    repo.mkdir()
    _git(repo, "init", "-q")
    _write(repo, ".env", "DEBUG=1\n")
    _write(repo, ".gitignore", ".env\n")
    _git(repo, "add", "-f", ".env", ".gitignore")
    _git(repo, "commit", "-qm", "tracked .env")
    assert _triples(audit([repo])) == [("MS202", ".env", 1)]
    # A CI container: git runs as root on a checkout another user owns.
    for path in [repo, *repo.rglob("*")]:
        os.lchown(path, 12345, 12345)
    report = audit([repo])
    assert _triples(report) == []  # MS202 could not be checked...
    [note] = report.notes  # ...and the report says so, with git's reason and the fix
    assert "dubious ownership" in note
    assert "MS202 (tracked .env files) was not checked" in note
    assert f"safe.directory {repo.resolve()}" in note
    done = _cli(str(repo))
    assert done.returncode == 0
    assert "notes\n  git failed (fatal: detected dubious ownership" in done.stdout
    strict = _cli(str(repo), "--strict", "--format", "sarif")
    assert strict.returncode == 3
    assert "mistral-secure audit: note: git failed" in strict.stderr
    notes = json.loads(strict.stdout)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["warning"]


@needs_git
def test_a_failing_git_command_is_a_note(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    _write(tmp_path, "app.py", f"token = '{GITHUB}'\n")
    _git(tmp_path, "add", "app.py")
    (tmp_path / ".git" / "index").write_bytes(b"DIRC garbage")  # git ls-files now fails
    report = audit([tmp_path])
    assert _triples(report) == [("MS101", "app.py", 1)]  # the walk still scanned the tree
    assert len(report.notes) == 1 and "index" in report.notes[0]
    assert _cli(str(tmp_path), "--strict").returncode == 1  # findings win over notes


@needs_git
def test_git_missing_beside_a_repository_is_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _git(tmp_path, "init", "-q")
    _write(tmp_path, "app.py", "x = 1\n")
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    report = audit([tmp_path])
    assert report.notes == [
        "git failed (git is not installed); walked the directory instead: MS202 (tracked "
        ".env files) was not checked and .gitignore rules were approximated"
    ]


def test_no_repository_is_no_note(tmp_path: Path) -> None:
    _write(tmp_path, "app.py", "x = 1\n")
    assert audit([tmp_path]).notes == []
    assert main([str(tmp_path), "--strict"]) == 0


@needs_git
def test_a_directory_git_ignores_is_walked(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    _write(tmp_path, ".gitignore", "venv-like/\n")
    _write(tmp_path, "venv-like/lib/pkg/mod.py", f"token = '{GITHUB}'\n")
    report = audit([tmp_path / "venv-like"])
    assert _triples(report) == [("MS101", "lib/pkg/mod.py", 1)]
    assert report.notes == []


# --- SARIF --------------------------------------------------------------------------------


def test_every_sarif_result_has_a_location() -> None:
    report = AuditReport(
        findings=[
            Finding(rule_by_id("MS401"), None, 1, 1, "installed mistralai 1.9.2 is older than 3.x"),
            Finding(rule_by_id("MS401"), "pyproject.toml", 1, 1, "installed mistralai 1.9.2"),
            Finding(rule_by_id("MS104"), "gone.py", 3, 9, "key", commit="a" * 40),
        ],
        notes=["git failed (fatal: x)"],
    )
    doc = json.loads(render(report, "sarif"))
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(doc)
    results = doc["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert uris == [".", "gone.py", "pyproject.toml"]
    assert results[1]["properties"] == {"commit": "a" * 40}


@needs_git
def test_sarif_of_history_and_notes_validates(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    _write(tmp_path, "old.py", f"token = '{GITHUB}'\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "one")
    (tmp_path / "old.py").unlink()
    _git(tmp_path, "commit", "-qam", "two")
    done = _cli(str(tmp_path), "--history", "--format", "sarif")
    doc = json.loads(done.stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(doc)
    [result] = doc["runs"][0]["results"]
    assert result["ruleId"] == "MS104"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


# --- fingerprints -------------------------------------------------------------------------


def _prints(root: Path) -> dict[tuple[str | None, int], str]:
    return {(f.path, f.line): f.stable_fingerprint for f in audit([root]).findings}


def test_each_finding_has_its_own_fingerprint(tmp_path: Path) -> None:
    same = f"TOKEN = '{GITHUB}'\n"
    _write(tmp_path, "a.py", same + same + f"pair = ['{GITHUB}', '{OTHER}']\n")
    _write(tmp_path, "b.py", same)
    prints = _prints(tmp_path)
    assert len(prints) == 4
    report = audit([tmp_path])
    assert len({f.stable_fingerprint for f in report.findings}) == len(report.findings) == 5


def test_fingerprints_follow_the_line_not_its_number(tmp_path: Path) -> None:
    _write(tmp_path, "a.py", f"TOKEN = '{GITHUB}'\nOTHER = '{OTHER}'\n")
    before = set(_prints(tmp_path).values())
    _write(tmp_path, "a.py", f"import os\n\n\nOTHER = '{OTHER}'\nTOKEN = '{GITHUB}'\n")
    assert set(_prints(tmp_path).values()) == before  # moved: same fingerprints
    _write(tmp_path, "a.py", f"import os\nOTHER = '{OTHER}'\nTOKEN = '{GITHUB}'  # rotated?\n")
    assert len(set(_prints(tmp_path).values()) & before) == 1  # edited line: new fingerprint


# --- suppressions -------------------------------------------------------------------------


def test_env_file_findings_can_be_suppressed(tmp_path: Path) -> None:
    _write(tmp_path, ".env", "# mistral-secure: ignore[MS201] - defaults, no secrets\nA=1\n")
    _write(tmp_path, "svc/.env", "A=1\n")
    assert _triples(audit([tmp_path])) == [("MS201", "svc/.env", 1)]


@needs_git
def test_tracked_env_file_can_be_suppressed(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    _write(tmp_path, ".gitignore", ".env\n")
    _write(tmp_path, ".env", "# mistral-secure: ignore[env-file-tracked]\nVITE_TITLE=x\n")
    _git(tmp_path, "add", "-f", ".env", ".gitignore")
    assert _triples(audit([tmp_path])) == []
    _write(tmp_path, ".env", "VITE_TITLE=x\n")
    assert _triples(audit([tmp_path])) == [("MS202", ".env", 1)]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.py", f"TOKEN = '{GITHUB} # mistral-secure: ignore'\n"),
        ("b.py", f'"""Docs.\n\n# mistral-secure: ignore\n"""\nTOKEN = "{GITHUB}"\n'),
        ("c.js", f'const t = "{GITHUB} // mistral-secure: ignore";\n'),
        ("d.yaml", f"token: '{GITHUB} # mistral-secure: ignore'\n"),
        ("e.txt", f"token={GITHUB}mistral-secure: ignore\n"),
    ],
)
def test_a_string_holding_the_marker_silences_nothing(tmp_path: Path, name: str, text: str) -> None:
    _write(tmp_path, name, text)
    assert [r for r, _, _ in _triples(audit([tmp_path]))] == ["MS101"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.py", f"TOKEN = '{GITHUB}'  # mistral-secure: ignore[MS101]\n"),
        ("b.js", f"const t = '{GITHUB}'; // mistral-secure: ignore[hardcoded-secret]\n"),
        ("c.yaml", f"token: {GITHUB}  # mistral-secure: ignore\n"),
        ("d.sql", f"-- mistral-secure: ignore\nSELECT '{GITHUB}';\n"),
        ("e.html", f"<!-- mistral-secure: ignore -->\n<p>{GITHUB}</p>\n"),
        ("f.ini", f"; mistral-secure: ignore\ntoken = {GITHUB}\n"),
    ],
)
def test_real_comments_silence(tmp_path: Path, name: str, text: str) -> None:
    _write(tmp_path, name, text)
    assert _triples(audit([tmp_path])) == []


def test_unknown_rule_in_a_suppression_is_reported(tmp_path: Path) -> None:
    _write(tmp_path, "a.py", f"TOKEN = '{GITHUB}'  # mistral-secure: ignore[MS1O1, MS102]\n")
    report = audit([tmp_path])
    found = [(f.rule.id, f.line, f.column, f.message) for f in report.sorted_findings()]
    assert found == [
        ("MS101", 1, 10, found[0][3]),  # MS1O1 is not MS101: the key is still reported
        ("MS001", 1, 55, "suppression names unknown rule 'MS1O1'; nothing was silenced by it"),
    ]
    assert rule_by_id("MS001").severity.label == "warning"


# --- config discovery ---------------------------------------------------------------------


def test_config_is_found_from_a_subdirectory_up_to_the_repository_root(tmp_path: Path) -> None:
    outside = tmp_path / "pyproject.toml"
    outside.write_text('[tool.mistral-secure.audit]\ndisable = ["MS101"]\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)  # the repository root
    _write(
        repo,
        "pyproject.toml",
        '[tool.mistral-secure.audit]\nexclude = ["services/api/fixtures/**"]\n'
        'fail-on = "warning"\n',
    )
    _write(repo, "services/api/pyproject.toml", '[project]\nname = "api"\n')  # no section
    api = repo / "services" / "api"
    _write(api, "fixtures/keys.py", f"token = '{GITHUB}'\n")
    _write(api, "app.py", f"token = '{OTHER}'\n")
    config = load_config(api)
    assert config.root == repo.resolve()
    assert config.fail_on.label == "warning"
    assert "MS101" not in config.disable  # the file above the repository is not read
    assert _triples(audit([api], config=config)) == [("MS101", "app.py", 1)]
    assert main([str(api), "--format", "json"]) == 1
    # The nearest section wins: a service can have its own.
    _write(api, "pyproject.toml", '[tool.mistral-secure.audit]\ndisable = ["MS101"]\n')
    assert load_config(api).root == api.resolve()


def test_outside_a_repository_only_the_directory_itself_is_read(tmp_path: Path) -> None:
    _write(tmp_path, "pyproject.toml", '[tool.mistral-secure.audit]\ndisable = ["MS101"]\n')
    (tmp_path / "sub").mkdir()
    assert load_config(tmp_path / "sub") == AuditConfig()
    assert load_config(tmp_path).disable == {"MS101"}


# --- progress -----------------------------------------------------------------------------


def _big_tree(root: Path, n: int = 300) -> None:
    for i in range(n):
        _write(root, f"pkg{i % 10}/m{i}.py", f"x = {i}\n")


def test_progress_goes_to_stderr_on_a_terminal(tmp_path: Path) -> None:
    _big_tree(tmp_path)
    master, slave = pty.openpty()
    try:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        script = Path(sys.executable).parent / "mistral-secure"
        command = [str(script)] if script.exists() else [sys.executable, "-m", "mistral_secure"]
        proc = subprocess.Popen(
            [*command, "audit", str(tmp_path), "--format", "json"],
            stdout=subprocess.PIPE, stderr=slave, env=env, cwd=REPO,
        )  # fmt: skip
        out, _ = proc.communicate(timeout=120)
        os.close(slave)
        slave = -1
        seen = b""
        while select.select([master], [], [], 0.5)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if slave >= 0:
            os.close(slave)
        os.close(master)
    assert proc.returncode == 0
    assert json.loads(out)["summary"]["files"] == 300  # stdout stays clean JSON
    assert b"mistral-secure audit: 300/300 files" in seen
    assert seen.endswith(b"\r\x1b[K")  # the line is erased at the end


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    _big_tree(tmp_path, 30)
    done = _cli(str(tmp_path))
    assert done.stderr == ""


# --- worker processes ---------------------------------------------------------------------


def test_worker_processes_find_exactly_what_one_process_finds(tmp_path: Path) -> None:
    for i in range(450):  # above PARALLEL_FROM
        text = f"x = {i}\n" + (f"token = '{GITHUB}'\n" if i % 50 == 0 else "")
        _write(tmp_path, f"pkg{i % 7}/m{i}.py", text)
    _write(tmp_path, ".env", "A=1\n")
    (tmp_path / "bin.dat").write_bytes(b"\0" * 10)
    one, two = audit([tmp_path], jobs=1), audit([tmp_path], jobs=2)
    assert one.sorted_findings() == two.sorted_findings()
    assert len(one.findings) == 10
    assert one.sorted_skipped() == two.sorted_skipped()
    assert one.files_scanned == two.files_scanned == 451
    with pytest.raises(ValueError, match="jobs"):
        audit([tmp_path], jobs=0)
    assert main([str(tmp_path), "--jobs", "0"]) == 2


def test_an_unreadable_config_is_a_note(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b"\xff\xfe not utf-8")
    report = audit([tmp_path], config=load_config(tmp_path))
    where = tmp_path.resolve() / "pyproject.toml"
    assert report.notes == [f"{where} unreadable; audit config ignored"]
    assert main([str(tmp_path), "--strict"]) == 3
