"""Recall and false alarms of `mistral-secure audit` beside detect-secrets (prints a table).

A generated git repository holds planted FAKE secrets of every kind the audit claims
(13 providers, private keys, JWTs, database URLs, high-entropy assignments in Python,
YAML, .env, shell, Terraform, JS and Dockerfiles, notebooks, a UTF-16 file, a Makefile,
a 6 MB file, two keys that only the git history holds) and decoys that a scanner should
not report (placeholders, documentation keys, PEM markers without a body, identifiers,
UUID request tokens, dates, paths, test doubles). A planted secret counts as found when a
finding (error or warning) sits on its line; a decoy counts as a false alarm when one
does. Both tools see the same tree; detect-secrets has no history mode, so its history
row is empty.

Run: .venv/bin/python benchmarks/bench_audit_recall.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mistral_secure._checklist import audit

BIN = Path(sys.executable).parent
K = "FAKE"  # every planted value carries it


@dataclass(frozen=True)
class Plant:
    path: str
    line: int
    kind: str
    secret: bool  # False: a decoy
    history: bool = False


def _gen(n: int, alphabet: str = "Zq7Rt2Lm9Xw4Kp8Vn3Bc6Yh1Df5Gj0SaQeWu") -> str:
    return (alphabet * 4)[:n]


SECRETS: list[tuple[str, str, str]] = [
    # (file, line text, kind)
    ("app/settings.py", f'MISTRAL_API_KEY = "{K}q4Rz8Lm2Wx7Tk9Pn3Vb6Yc1Hd5Js"', "mistral"),
    ("app/llm.py", f'OPENAI_API_KEY = "sk-proj-{K}x7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdGH"', "openai"),
    ("app/llm.py", f'ANTHROPIC = "sk-ant-api03-{K}x7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdGHqq"', "anthropic"),
    ("deploy/aws.ini", f"aws_access_key_id = AKIA{K}Q7W2RVN4XT6P", "aws"),
    (
        "deploy/aws.ini",
        f"aws_secret_access_key = {K}q7Rt2Lm9Xw4Kp8Vn3Bc6Yh1Df5Gj0SaQeWu12",
        "aws secret",
    ),
    ("ci/release.sh", f"export GH_TOKEN=ghp_{K}x7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdGHij", "github"),
    ("web/maps.js", f'const mapsKey = "AIza{K}x7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdGHi";', "google"),
    ("ops/notify.yaml", f"slack: xoxb-{K}7Rt2Lm9Xw4Kp8Vn3Bc6Yh1Df5", "slack"),
    ("billing/config.toml", f'stripe = "sk_live_{K}q7Rt2Lm9Xw4Kp8Vn3Bc6Y"', "stripe"),
    ("ml/train.py", f'HF_TOKEN = "hf_{K}qWeRtYuIoPaSdFgHjKlZxCvBnMqWeR"', "hugging face"),
    (".gitlab-ci.yml", f"  PRIVATE_TOKEN: glpat-{K}7Rt2Lm9Xw4Kp8Vn3", "gitlab"),
    (
        "mail/send.py",
        f'SENDGRID = "SG.{K}dE5fG7hI9jK1lM3nO5.qR7sT9uV1wX3yZ5aB7cD9eF1gH3iJ5kL7mN9oP1qR3s"',
        "sendgrid",
    ),
    ("sms/.env.production", "TWILIO_AUTH_TOKEN=3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c", "twilio token"),
    ("bot/bot.py", f'TELEGRAM = "1234567890:AA{K}8Zr4TfK2mWx9LbN7vPc3HsQ7vN2kR"', "telegram"),
    (
        "app/db.py",
        f'DATABASE_URL = "postgresql://app:{K}vQ2mZrT4p@db.prod.internal:5432/app"',
        "database url",
    ),
    (
        "docker-compose.yml",
        f"      REDIS_URL: redis://:{K}8Zr4TfK2mWx9Lb@cache:6379/0",
        "redis url",
    ),
    ("api/auth.py", f'SERVICE_TOKEN = "{_gen(24)}"', "entropy py"),
    ("config/app.yaml", f"  client_secret: {_gen(28)}", "entropy yaml"),
    ("service/.env", f"SESSION_SECRET={_gen(32)}", "entropy env"),
    ("infra/main.tf", f'  password = "{_gen(20)}"', "entropy tf"),
    ("web/client.ts", f'export const apiKey: string = "{_gen(26)}";', "entropy ts"),
    ("Dockerfile", f"ENV API_TOKEN={_gen(30)}", "entropy dockerfile"),
    ("scripts/setup.sh", f'DB_PASSWORD="{_gen(22)}"', "entropy shell"),
    (
        "Makefile",
        f"\tcurl -H 'Authorization: token ghp_{K}n3Wq8Lz5Rt1Vk7Mp4Xs9Yc2Hb6GdQWx7'",
        "makefile",
    ),
    (
        "docs/setup.md",
        f"Use `OPENAI_API_KEY=sk-proj-{K}n3Wq8Lz5Rt1Vk7Mp4Xs9Yc2Hb6GdAB`.",
        "markdown",
    ),
]
DECOYS: list[tuple[str, str, str]] = [
    ("docs/aws.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws documentation key"),
    ("docs/aws.md", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws doc"),
    ("app/example.py", 'API_KEY = "your-api-key-here"', "placeholder"),
    ("app/example.py", 'OPENAI_API_KEY = "sk-..."', "elision"),
    ("app/example.py", 'token = "<YOUR_TOKEN>"', "template"),
    ("app/example.py", 'PASSWORD = "changeme"', "changeme"),
    ("k8s/secret.yaml", "  password: {{ .Values.db.password }}", "helm template"),
    ("ci/deploy.yml", "  token: ${{ secrets.DEPLOY_TOKEN }}", "actions secret"),
    ("docs/keys.md", "-----BEGIN RSA PRIVATE KEY-----", "pem marker"),
    ("app/models.py", "token_cls = TokenClassificationOutputElement", "identifier"),
    ("app/paginate.json", '"result_key": "DistributionList.Items",', "paginator"),
    ("app/paginate.json", '"ChangeToken": "abcd12f2-46da-4fdb-b8d5-fbd4c466928f",', "uuid token"),
    ("app/paginate.json", '"PasswordLastUsed": "2016-09-08T21:47:36Z",', "date"),
    ("app/paginate.json", '"S3Key": "my-app/5026-stage-150723_224258.war"', "path"),
    ("tests/test_client.py", 'client = Mistral(api_key="test-key-1")', "test double"),
    ("app/db_local.py", 'URL = "postgres://postgres:postgres@localhost:5432/dev"', "local db"),
    (
        "app/hashes.py",
        'CHECKSUM_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"',
        "hash",
    ),
    ("app/hashes.py", 'commit_sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"', "git sha"),
    ("web/app.js", 'const publicKey = "pk_live_51HqLyjWDarjtT1zdp7dc";', "public key"),
    ("app/ids.py", 'REQUEST_ID = "req_8f14e45fceea167a5a36dedd4bea2543"', "request id"),
]


def _write(root: Path, path: str, text: str, *, encoding: str = "utf-8") -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("ab") as fh:
        fh.write(text.encode(encoding))


def build(root: Path) -> list[Plant]:
    """Write the repository; return every planted line."""
    plants: list[Plant] = []
    lines: dict[str, int] = {}

    def add(path: str, text: str, kind: str, secret: bool) -> None:
        lines[path] = lines.get(path, 0) + 1
        _write(root, path, text + "\n")
        plants.append(Plant(path, lines[path], kind, secret))

    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    _write(root, ".gitignore", ".venv/\n")
    for path, text, kind in SECRETS:
        add(path, text, kind, True)
    for path, text, kind in DECOYS:
        add(path, text, kind, False)
    # A UTF-16 file, a notebook, a file past the streaming limit.
    _write(
        root, "win/creds.txt", f"token=ghp_{K}q9Wq8Lz5Rt1Vk7Mp4Xs9Yc2Hb6GdUTx7\n", encoding="utf-16"
    )
    plants.append(Plant("win/creds.txt", 1, "utf-16", True))
    cell = (
        f'import os\nos.environ["OPENAI_API_KEY"] = "sk-proj-{K}n3Wq8Lz5Rt1Vk7Mp4Xs9Yc2Hb6GdNB"\n'
    )
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
                   "source": cell.splitlines(keepends=True)}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip
    _write(root, "nb/explore.ipynb", json.dumps(notebook, indent=1) + "\n")
    nb_line = (
        json.dumps(notebook, indent=1)
        .splitlines()
        .index(next(x for x in json.dumps(notebook, indent=1).splitlines() if "sk-proj" in x))
    )
    plants.append(Plant("nb/explore.ipynb", nb_line + 1, "notebook", True))
    big = "x = 1  # filler line of a generated module\n" * 150_000
    _write(root, "gen/big.py", big + f'LATE_KEY = "ghp_{K}q8Wq8Lz5Rt1Vk7Mp4Xs9Yc2Hb6GdBGx7"\n')
    plants.append(Plant("gen/big.py", 150_001, "6 MB file", True))
    git = ["git", "-C", str(root), "-c", "user.email=b@example.invalid", "-c", "user.name=b"]
    # Two keys that only the history holds.
    _write(root, "old/creds.py", f'SLACK = "xoxb-{K}1Rt2Lm9Xw4Kp8Vn3Bc6Yh1Df5"\n')
    _write(root, "old/creds.py", f'GITHUB = "ghp_{K}d1Wq8Lz5Rt1Vk7Mp4Xs9Yc2Hb6GdOLx7"\n')
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "everything"], check=True)
    (root / "old" / "creds.py").unlink()
    subprocess.run([*git, "commit", "-qam", "remove the old keys"], check=True)
    plants.append(Plant("old/creds.py", 1, "deleted (history)", True, history=True))
    plants.append(Plant("old/creds.py", 2, "deleted (history)", True, history=True))
    return plants


def _ours(root: Path) -> set[tuple[str, int]]:
    report = audit([root], history=True)
    return {(f.path or "", f.line) for f in report.findings if f.severity.label != "info"}


def _detect_secrets(root: Path) -> set[tuple[str, int]] | None:
    tool = BIN / "detect-secrets"
    if not tool.exists():
        return None
    done = subprocess.run(
        [str(tool), "scan", "--all-files", "."], cwd=root, capture_output=True, check=True
    )
    results = json.loads(done.stdout)["results"]
    return {(path, s["line_number"]) for path, hits in results.items() for s in hits}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        plants = build(root)
        tools = {"mistral-secure audit --history": _ours(root)}
        other = _detect_secrets(root)
        if other is not None:
            tools["detect-secrets scan --all-files"] = other
        tree = [p for p in plants if p.secret and not p.history]
        history = [p for p in plants if p.history]
        decoys = [p for p in plants if not p.secret]
        print(
            f"{len(tree)} secrets in the tree, {len(history)} only in the history, "
            f"{len(decoys)} decoys"
        )
        print("| tool | found in the tree | found in the history | false alarms on decoys |")
        print("|---|---|---|---|")
        for name, hits in tools.items():
            found = [p for p in tree if (p.path, p.line) in hits]
            past = [p for p in history if (p.path, p.line) in hits]
            false = [p for p in decoys if (p.path, p.line) in hits]
            print(
                f"| {name} | {len(found)}/{len(tree)} | {len(past)}/{len(history)} | "
                f"{len(false)}/{len(decoys)} |"
            )
            missed = sorted({p.kind for p in tree if p not in found})
            if missed:
                print(f"|   missed | {', '.join(missed)} | | |")
            if false:
                print(f"|   false alarms | {', '.join(sorted(p.kind for p in false))} | | |")


if __name__ == "__main__":
    main()
