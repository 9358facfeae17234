"""Time `mistral-secure audit --history` on a generated repository (prints figures).

The repository has N_COMMITS commits (default 10,000) on 300 Python/YAML files of about
2 KB; each commit edits one to three files. Eight keys are planted: four added and
deleted again later (only the history holds them), two still in the tree, two on a side
branch. The run must report the six that the tree does not hold, each once.

Run: .venv/bin/python benchmarks/bench_audit_history.py [N_COMMITS]
"""

from __future__ import annotations

import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mistral_secure._checklist import audit

N_FILES = 300
# FAKE keys planted in the generated history (benchmarks/ is excluded from the self-audit).
PLANTED = {
    "deleted": [
        'MISTRAL_API_KEY = "FAKEh7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5Jd"',
        'token = "ghp_FAKEx7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdGHq1"',
        "aws_access_key_id: AKIAFAKEQ7W2RVN4XT61",
        'HF = "hf_FAKEqWeRtYuIoPaSdFgHjKlZxCvBnMqWeR"',
    ],
    "kept": [
        'OPENAI_API_KEY = "sk-proj-FAKEx7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdKEPT"',
        "db: postgres://app:FAKEq7Rt2Lm9Xw4K@db.internal:5432/app",
    ],
    "branch": [
        'SLACK = "xoxb-FAKE7Rt2Lm9Xw4Kp8Vn3Bc6Yh1Df5"',
        'STRIPE = "sk_live_FAKEq7Rt2Lm9Xw4Kp8Vn3Bc6Y"',
    ],
}


def _blob(rng: random.Random, i: int) -> list[str]:
    words = ["value", "count", "name", "items", "result", "config", "retry", "timeout"]
    lines = [f'"""Module {i}."""', "import os", ""]
    for j in range(60):
        word = rng.choice(words)
        filler = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 20)))
        lines.append(f"{word}_{j} = {rng.randint(0, 10_000)}  # {filler}")
    return lines


def _data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n" % len(raw) + raw + b"\n"


def build(root: Path, n_commits: int) -> None:
    """Write the repository with `git fast-import` (seconds, not minutes)."""
    rng = random.Random(11)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    files = {f"pkg{i % 10}/mod{i}.py": _blob(rng, i) for i in range(N_FILES)}
    where = rng.sample(range(10, n_commits - 210), 6)
    plant_at = {n: ("deleted", k) for k, n in enumerate(where[:4])}
    plant_at.update({n: ("kept", k) for k, n in enumerate(where[4:])})
    removals: dict[int, tuple[str, int]] = {}
    out = bytearray()
    when = 1_700_000_000
    for n in range(1, n_commits + 1):
        changed = set()
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(sorted(files))
            lines = files[path]
            j = rng.randrange(3, 63)  # the generated lines; planted ones stay put
            lines[j] = f"{lines[j].split(' =', 1)[0]} = {rng.randint(0, 10_000)}"
            changed.add(path)
        if n in plant_at:
            kind, k = plant_at[n]
            path = rng.choice(sorted(files))
            files[path].append(PLANTED[kind][k])
            changed.add(path)
            if kind == "deleted":
                removals[min(n_commits, n + rng.randint(1, 200))] = (path, len(files[path]) - 1)
        if n in removals:
            path, index = removals.pop(n)
            del files[path][index]
            changed.add(path)
        out += b"commit refs/heads/main\nmark :%d\n" % n
        out += b"committer Bench <bench@example.invalid> %d +0000\n" % (when + n * 60)
        out += _data(f"commit {n}")
        if n > 1:
            out += b"from :%d\n" % (n - 1)
        for path in sorted(changed):
            out += (
                b"M 100644 inline " + path.encode() + b"\n" + _data("\n".join(files[path]) + "\n")
            )
    side = n_commits + 1
    out += b"commit refs/heads/side\nmark :%d\n" % side
    out += b"committer Bench <bench@example.invalid> %d +0000\n" % (when + side * 60)
    out += _data("side branch") + b"from :%d\n" % (n_commits // 2)
    out += b"M 100644 inline side.py\n" + _data("\n".join(PLANTED["branch"]) + "\n")
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=bytes(out), check=True)
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "main"], check=True)


def main() -> None:
    n_commits = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        start = time.perf_counter()
        build(root, n_commits)
        built = time.perf_counter() - start
        log = subprocess.run(
            ["git", "-C", str(root), "log", "--all", "-p", "-U0", "--format=%H"],
            capture_output=True,
            check=True,
        ).stdout
        timings = []
        report = None
        for _ in range(3):
            start = time.perf_counter()
            report = audit([root], history=True)
            timings.append(time.perf_counter() - start)
        assert report is not None
        tree_only = audit([root])
        history = [f for f in report.findings if f.rule.id == "MS104"]
        median = statistics.median(timings)
        print(
            f"repository: {n_commits + 1} commits, {N_FILES} files of ~2 KB; "
            f"'git log --all -p -U0' output {len(log) / 1e6:.1f} MB (built in {built:.1f} s)"
        )
        print(
            f"audit --history: median {median:.2f} s, best {min(timings):.2f} s over "
            f"{len(timings)} runs; {report.commits_scanned / median:,.0f} commits/s"
        )
        print(f"audit without --history: {len(tree_only.findings)} findings (the 2 kept keys)")
        print(
            f"MS104 findings: {len(history)} (expected 6: 4 deleted, 2 on a side branch); "
            f"tree findings: {len(report.findings) - len(history)}"
        )
        for f in sorted(history, key=lambda f: f.message):
            print(f"  {f.path}:{f.line} {f.message}")


if __name__ == "__main__":
    main()
