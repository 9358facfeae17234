"""`mistral-secure audit --history`: keys in commits, on a repository each test builds.

Every key below is FAKE, built at run time so no scanner trips on this file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from mistral_secure._checklist import AuditConfig, audit, main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

MISTRAL = "FAKE" + "q4Rz8Lm2Wx7Tk9Pn3Vb6Yc1Hd5Js"
GITHUB = "ghp_" + "FAKEx7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdGHij"
AWS = "AKIA" + "FAKEQ7W2RVN4XT6P"
SLACK = "xoxb-" + "FAKE7Rt2Lm9Xw4Kp8Vn3Bc6Yh1Df5"


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.root), "-c", "user.email=t@example.invalid",
             "-c", "user.name=t", *args],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return done.stdout.strip()

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-qm", message)
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def _history(report) -> list[tuple[str | None, int, str | None]]:  # type: ignore[no-untyped-def]
    return sorted((f.path, f.line, f.commit) for f in report.findings if f.rule.id == "MS104")


def test_deleted_keys_are_found_with_commit_and_path(repo: Repo) -> None:
    repo.write("app.py", "import os\nKEY = os.environ['K']\n")
    repo.commit("start")
    repo.write("app.py", f"import os\nMISTRAL_API_KEY = '{MISTRAL}'\nKEY = os.environ['K']\n")
    repo.write("deploy/creds.txt", f"aws_access_key_id = {AWS}\n")
    leaked = repo.commit("oops")
    repo.write("app.py", "import os\nKEY = os.environ['K']\n")
    (repo.root / "deploy" / "creds.txt").unlink()
    repo.commit("remove the keys")
    assert audit([repo.root]).findings == []  # the tree is clean...
    report = audit([repo.root], history=True)
    assert _history(report) == [("app.py", 2, leaked), ("deploy/creds.txt", 1, leaked)]
    assert report.commits_scanned == 3
    messages = sorted(f.message for f in report.findings)
    assert messages[0].startswith(f"AWS access key added in commit {leaked[:12]} (")
    assert all(MISTRAL not in m and AWS not in m for m in messages)


def test_every_branch_and_the_oldest_commit(repo: Repo) -> None:
    repo.write("a.py", f"token = '{GITHUB}'\n")
    first = repo.commit("add")
    repo.write("a.py", f"# moved\ntoken = '{GITHUB}'\n")
    repo.commit("edit the line around it")
    repo.write("a.py", "x = 1\n")
    repo.commit("remove")
    repo.git("checkout", "-qb", "feature")
    repo.write("b.py", f"SLACK = '{SLACK}'\n")
    side = repo.commit("side")
    repo.git("checkout", "-q", "main")
    assert _history(audit([repo.root], history=True)) == [
        ("a.py", 1, first),  # reported once, at the commit that added it
        ("b.py", 1, side),
    ]


def test_a_key_still_in_the_tree_is_reported_once(repo: Repo) -> None:
    repo.write("a.py", f"token = '{GITHUB}'\n")
    repo.commit("add")
    report = audit([repo.root], history=True)
    assert [f.rule.id for f in report.findings] == ["MS101"]


def test_suppressed_and_excluded_history(repo: Repo) -> None:
    repo.write("tests/fixtures/keys.py", f"token = '{GITHUB}'\n")
    repo.write("a.py", f"token = '{SLACK}'  # mistral-secure: ignore[MS101]\n")
    repo.write("node_modules/x/index.js", f"k = '{MISTRAL}'\n")
    repo.commit("fixtures")
    for path in ["tests/fixtures/keys.py", "a.py", "node_modules/x/index.js"]:
        (repo.root / path).unlink()
    repo.commit("remove")
    config = AuditConfig(exclude=("tests/fixtures/**",))
    assert _history(audit([repo.root], history=True, config=config)) == []
    assert [p for p, _, _ in _history(audit([repo.root], history=True))] == [
        "tests/fixtures/keys.py"
    ]


def test_unusual_paths_and_multi_line_keys(repo: Repo) -> None:
    body = "\n".join(["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" + "A" * 12] * 4)
    repo.write("sp ace/é.pem", f"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n")
    repo.write("+++ b", f"line\n++ {GITHUB}\n")
    repo.commit("add")
    (repo.root / "sp ace" / "é.pem").unlink()
    (repo.root / "+++ b").unlink()
    repo.commit("remove")
    assert [(p, line) for p, line, _ in _history(audit([repo.root], history=True))] == [
        ("+++ b", 2),
        ("sp ace/é.pem", 1),
    ]


def test_history_of_a_subdirectory(repo: Repo) -> None:
    repo.write("svc/a.py", f"token = '{GITHUB}'\n")
    repo.write("svc/keep.py", "x = 1\n")
    repo.write("other/b.py", f"SLACK = '{SLACK}'\n")
    repo.commit("add")
    repo.git("rm", "-rq", "svc/a.py", "other/b.py")
    repo.commit("remove")
    assert [p for p, _, _ in _history(audit([repo.root / "svc"], history=True))] == ["a.py"]


def test_cli_history_json_and_baseline(repo: Repo, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo.write("a.py", f"token = '{GITHUB}'\n")
    sha = repo.commit("add")
    repo.write("a.py", "x = 1\n")
    repo.commit("remove")
    assert main([str(repo.root), "--history", "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    [finding] = doc["findings"]
    assert (finding["rule_id"], finding["commit"]) == ("MS104", sha)
    assert doc["summary"]["commits"] == 2
    baseline = tmp_path / "baseline.json"
    assert main([str(repo.root), "--history", "--write-baseline", str(baseline)]) == 0
    assert main([str(repo.root), "--history", "--baseline", str(baseline)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("in 1 file and 2 commits (1 in baseline)")


def test_history_outside_a_repository_is_a_note(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    report = audit([tmp_path], history=True)
    assert report.notes == ["--history: not a git repository; no history was scanned"]
    assert main([str(tmp_path), "--history", "--strict"]) == 3
    assert main([str(tmp_path), "--history"]) == 0


def test_empty_repository_and_shallow_clone(repo: Repo, tmp_path: Path) -> None:
    empty = audit([repo.root], history=True)
    assert (empty.commits_scanned, empty.notes) == (0, [])  # nothing to scan is no failure
    for n in range(3):
        repo.write("a.py", f"x = {n}\n")
        repo.commit(f"c{n}")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
        check=True, capture_output=True,
    )  # fmt: skip
    report = audit([clone], history=True)
    assert report.commits_scanned == 1
    assert report.notes == [
        "the repository is a shallow clone: --history saw only the fetched commits "
        "(check out with full history, e.g. actions/checkout fetch-depth: 0)"
    ]
