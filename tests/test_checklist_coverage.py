"""`mistral-secure audit` coverage: every text file, any encoding, large files, notebooks'
code cells, MS102 in shell/Terraform/JS/Dockerfiles, and the extra providers.

Every key below is FAKE, built at run time so no scanner trips on this file.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mistral_secure._checklist import audit
from mistral_secure._checklist._read import Segment, detect_encoding, windows
from mistral_secure._checklist._secrets import check_text, find_secrets

MISTRAL = "FAKE" + "q4Rz8Lm2Wx7Tk9Pn3Vb6Yc1Hd5Js"
OPENAI = "sk-proj-" + "FAKEx7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdGH"
GITHUB = "ghp_" + "FAKEx7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdGHij"
RANDOM = "Zq7Rt2Lm9Xw4Kp8Vn3Bc6Y"  # 22 random-looking characters for MS102


def _triples(root: Path) -> list[tuple[str, str | None, int]]:
    return [(f.rule.id, f.path, f.line) for f in audit([root]).sorted_findings()]


def _write(root: Path, name: str, data: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# --- any file name ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Makefile", "Jenkinsfile", "NOTES", "index.html", "App.vue", "terraform.tfstate",
     "README.md", "notes.txt", "deploy/Procfile.dev", "config.php", "weird.name.unknownext"],
)  # fmt: skip
def test_text_files_of_any_name_are_scanned(tmp_path: Path, name: str) -> None:
    _write(tmp_path, name, f"first line\ntoken = {GITHUB}\n")
    assert _triples(tmp_path) == [("MS101", name, 2)]


def test_private_key_file_without_extension(tmp_path: Path) -> None:
    body = "\n".join(["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" + "A" * 12] * 4)
    pem = f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----\n"
    _write(tmp_path, "id_rsa", pem)
    assert _triples(tmp_path) == [("MS101", "id_rsa", 1)]


def test_binary_files_are_listed_not_scanned(tmp_path: Path) -> None:
    _write(tmp_path, "logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + GITHUB.encode())
    _write(tmp_path, "blob", bytes(range(1, 32)) * 50 + GITHUB.encode())  # control bytes, no NUL
    report = audit([tmp_path])
    assert report.findings == []
    assert sorted((s.path, s.reason) for s in report.skipped) == [
        ("blob", "binary"),
        ("logo.png", "binary"),
    ]


# --- any encoding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
     ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", b""), ("utf-16-be", b""),
     ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE)],
)  # fmt: skip
def test_unicode_encodings_with_and_without_bom(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = f"# café\nMISTRAL_API_KEY={MISTRAL}\n"
    _write(tmp_path, "settings.txt", bom + text.encode(encoding))
    report = audit([tmp_path])
    assert [(f.rule.id, f.line, f.column) for f in report.findings] == [("MS101", 2, 17)]


def test_declared_coding_and_latin1_fallback(tmp_path: Path) -> None:
    declared = f"# -*- coding: cp1252 -*-\nNAME = '\u20ac'\nOPENAI_API_KEY = '{OPENAI}'\n"
    _write(tmp_path, "declared.py", declared.encode("cp1252"))
    _write(tmp_path, "plain.cfg", f"name = caf\xe9\ntoken = {GITHUB}\n".encode("latin-1"))
    xml = f'<?xml version="1.0" encoding="iso-8859-1"?>\n<k v="\xe9">{GITHUB}</k>\n'
    _write(tmp_path, "conf.xml", xml.encode("latin-1"))
    assert _triples(tmp_path) == [
        ("MS101", "conf.xml", 2),
        ("MS101", "declared.py", 3),
        ("MS101", "plain.cfg", 2),
    ]


def test_encoding_detection() -> None:
    assert detect_encoding(b"plain ascii\n") == "utf-8"
    assert detect_encoding(b"\x00\x01\x02binary\x00") is None
    assert detect_encoding("h\u00e9".encode("utf-16-le") * 20) == "utf-16-le"
    assert detect_encoding(b"#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\n") == (
        "iso8859-1"
    )
    assert detect_encoding(b"# coding: no-such-codec\n") == "utf-8"


# --- large files --------------------------------------------------------------------------


def test_large_file_is_streamed_and_positions_are_exact(tmp_path: Path) -> None:
    filler = "x = 1  # padding line of ordinary code\n"
    lines = [filler] * 150_000  # ~6 MB, above the whole-file limit
    lines[3] = f"first = '{GITHUB}'\n"
    lines[74_999] = f"    OPENAI_API_KEY = '{OPENAI}'\n"
    lines[-1] = f"last = '{GITHUB}'\n"
    _write(tmp_path, "huge.py", "".join(lines))
    report = audit([tmp_path])
    assert [(f.rule.id, f.line, f.column) for f in report.sorted_findings()] == [
        ("MS101", 4, 10),
        ("MS101", 75_000, 23),
        ("MS101", 150_000, 9),
    ]
    assert [(s.path, s.reason) for s in report.skipped] == [
        ("huge.py", "larger than 4 MB; AST checks skipped")
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b c", "\n", "token =", GITHUB, "é", OPENAI]), max_size=60),
    st.integers(min_value=8, max_value=200),
    st.integers(min_value=300, max_value=400),  # longer than any key
    st.integers(min_value=1, max_value=90),
    st.integers(min_value=1, max_value=50),
)
def test_windows_find_what_the_whole_text_finds(
    pieces: list[str], window: int, overlap: int, context: int, chunk: int
) -> None:
    text = " ".join(pieces)
    whole = [(f.line, f.column, f.message) for f in check_text("f", Segment(text))]
    chunks = [text[i : i + chunk] for i in range(0, len(text), chunk)]
    parts = list(windows(chunks, window=window, overlap=overlap, context=context))
    streamed = [(f.line, f.column, f.message) for s in parts for f in check_text("f", s)]
    assert streamed == whole
    # Every offset is owned once: the owned parts tile the text.
    assert sum(s.hi - s.lo for s in parts) == len(text)
    # Every line is handed out once, with its true number (and at least `overlap` of it).
    lines = [(n, t[:overlap]) for s in parts for n, _, t in s.lines()]
    truth = [(n, t[:overlap]) for n, t in enumerate(text.split("\n"), start=1)]
    assert lines == truth[: len(lines)]
    assert len(lines) == text.count("\n") + (not text.endswith("\n") and bool(text))


# --- MS102 beyond config files ------------------------------------------------------------


def test_high_entropy_assignments_in_shell_terraform_js_and_dockerfiles(tmp_path: Path) -> None:
    _write(tmp_path, "deploy.sh", f'#!/bin/sh\nexport DB_PASSWORD="{RANDOM}"\nNAME=app\n')
    _write(
        tmp_path,
        "main.tf",
        f'variable "db_password" {{\n  type    = string\n  default = "{RANDOM}"\n}}\n'
        f'resource "x" "y" {{\n  api_token = "{RANDOM}"\n  name = var.name\n}}\n',
    )
    _write(
        tmp_path,
        "web/app.ts",
        f'export const apiKey: string = "{RANDOM}";\n'
        f'const cfg = {{ authToken: "{RANDOM}", retries: 3 }};\n'
        f"this.clientSecret = `{RANDOM}`;\n"
        "const token = process.env.TOKEN;\n",
    )
    _write(
        tmp_path,
        "Dockerfile",
        f"FROM python:3.12\nENV API_TOKEN={RANDOM} MODE=prod\nARG SECRET_KEY={RANDOM}\n"
        f"ENV LEGACY_TOKEN {RANDOM}\nENV PATH=/usr/bin\n",
    )
    assert _triples(tmp_path) == [
        ("MS102", "Dockerfile", 2),
        ("MS102", "Dockerfile", 3),
        ("MS102", "Dockerfile", 4),
        ("MS102", "deploy.sh", 2),
        ("MS102", "main.tf", 3),
        ("MS102", "main.tf", 6),
        ("MS102", "web/app.ts", 1),
        ("MS102", "web/app.ts", 2),
        ("MS102", "web/app.ts", 3),
    ]


@pytest.mark.parametrize(
    "line",
    [
        'result_key: "DistributionList.Items"',  # botocore paginator: words, not a secret
        '"output_token": "CloudFrontOriginAccessIdentityList.NextMarker"',
        '"PasswordLastUsed": "2016-09-08T21:47:36Z"',
        '"ChangeToken": "abcd12f2-46da-4fdb-b8d5-fbd4c466928f"',  # an idempotency UUID
        '"S3Key": "my-app/5026-stage-150723_224258.war"',
        '_TOKEN = "[A-Za-z*][!#$%&*+.^_|~0-9A-Za-z:/]*"',
        'next_token: "AAECAwQFBgcICQoLDA0ODw8"',
    ],
)
def test_data_that_is_not_a_secret(tmp_path: Path, line: str) -> None:
    _write(tmp_path, "data.yaml", line + "\n")
    assert _triples(tmp_path) == []


# --- notebooks ----------------------------------------------------------------------------


def _notebook(*cells: tuple[str, list[str]]) -> str:
    doc = {
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": source}
            | ({"outputs": [], "execution_count": None} if kind == "code" else {})
            for kind, source in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(doc, indent=1)


def test_notebook_code_cells_go_through_the_ast_rules(tmp_path: Path) -> None:
    text = _notebook(
        ("markdown", ["# Chat demo\n"]),
        ("code", ["%pip install mistralai\n", "from mistralai.client import Mistral\n"]),
        ("code", [f'client = Mistral(api_key="{MISTRAL}")\n', "!ls\n"]),
        ("code", ["prompt = 'hi'\n", "r = client.chat.complete(model='m', messages=[])\n",
                  "print(r.choices)\n"]),
    )  # fmt: skip
    path = _write(tmp_path, "chat.ipynb", text)
    found = [(f.rule.id, f.line, f.message) for f in audit([tmp_path]).sorted_findings()]
    file_lines = path.read_text().splitlines()
    rules = [rule for rule, _, _ in found]
    assert rules == ["MS301", "MS304", "MS303"]
    for rule, line, message in found:
        assert "notebook cell" in message
        needle = {"MS301": "Mistral(api_key", "MS304": "chat.complete", "MS303": "print("}[rule]
        assert needle in file_lines[line - 1], (rule, line)


def test_notebook_suppression_and_syntax_errors(tmp_path: Path) -> None:
    text = _notebook(
        ("code", ["def broken(:\n"]),
        ("code", [f'c = Mistral(api_key="{MISTRAL}")  # mistral-secure: ignore[MS301]\n']),
        ("code", [f'd = Mistral(api_key="{MISTRAL[::-1]}")\n']),
    )
    _write(tmp_path, "nb.ipynb", text)
    report = audit([tmp_path])
    assert [(f.rule.id, f.message.rsplit("(", 1)[-1]) for f in report.findings] == [
        ("MS301", "notebook cell 3)")
    ]
    assert [s.reason for s in report.skipped] == [
        "notebook cell 1: Python syntax error; AST checks skipped"
    ]


# --- providers ----------------------------------------------------------------------------

PROVIDERS = {
    "Hugging Face token": "hf_" + "FAKEqWeRtYuIoPaSdFgHjKlZxCvBnMqWeR",
    "GitLab token": "glpat-" + "FAKE7Rt2Lm9Xw4Kp8Vn3",
    "SendGrid API key": "SG." + "FAKEdE5fG7hI9jK1lM3nO5"
    + "." + "qR7sT9uV1wX3yZ5aB7cD9eF1gH3iJ5kL7mN9oP1qR3s",
    "Twilio credential": "SK" + "3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c",
    "Telegram bot token": "1234567890:" + "AAFq8Zr4TfK2mWx9LbN7vPc3HsQ7vN2kR9t",
}  # fmt: skip


@pytest.mark.parametrize("label", sorted(PROVIDERS))
def test_more_providers(label: str) -> None:
    value = PROVIDERS[label]
    text = f"config:\n  value: {value}\n"
    found = find_secrets(text)
    assert [(s.label, text[s.start : s.end]) for s in found] == [(label, value)]


def test_twilio_auth_token_needs_its_name() -> None:
    token = "3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"
    assert [s.label for s in find_secrets(f"TWILIO_AUTH_TOKEN={token}\n")] == ["Twilio credential"]
    assert find_secrets(f"sha = {token}\n") == []


@pytest.mark.parametrize(
    ("url", "password"),
    [
        ("postgresql://app:Xk9vQ2mZrT4p@db.prod.internal:5432/app", "Xk9vQ2mZrT4p"),
        ("mysql+pymysql://root:S3cr3t-Pa55@10.0.0.5/shop", "S3cr3t-Pa55"),
        ("mongodb+srv://svc:p%40ssW0rd9@cluster0.mongodb.net/db", "p%40ssW0rd9"),
        ("redis://:Fq8Zr4TfK2mWx9Lb@cache:6379/0", "Fq8Zr4TfK2mWx9Lb"),  # Redis: no user
        ("amqp://guest:guest@localhost:5672//", None),
        ("postgres://user:password@localhost/db", None),
        ("postgres://app:${DB_PASSWORD}@db/app", None),
        ("postgres://scott:tiger@localhost/test", None),
        ("postgresql://app:devpass@localhost:5432/app", None),
        ("postgresql://app:Hq8vR2mZxT4pLk9W@localhost:5432/app", "Hq8vR2mZxT4pLk9W"),
        ("postgres://admin:hunter22@db.example.com/app", None),
    ],
)
def test_database_urls_with_passwords(url: str, password: str | None) -> None:
    text = f'DATABASE_URL = "{url}"\n'
    found = [(s.label, text[s.start : s.end]) for s in find_secrets(text)]
    assert found == ([("database URL with a password", password)] if password else [])


# --- what is not a secret -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",  # AWS documentation keys
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        'api_key = "your-api-key-here"\n',
        "-----BEGIN PRIVATE KEY-----\n",  # a marker line with no key body
        '"-----BEGIN RSA PRIVATE KEY-----\\n...\\n-----END RSA PRIVATE KEY-----"\n',
        "token TokenClassificationOutputElement\n",  # a CamelCase class name after "token"
        "key: InferenceEndpointTypeTextGenerat\n",
        # jwt.io's sample token
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9l"
        "IiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c\n",
        "glpat-xxxxxxxxxxxxxxxxxxxx\n",
        # a wheel RECORD line: a base64url hash, near "token" in a path
        "tokenizers/models/__init__.py,sha256=2G5JqBUvFrKiaEpFEluVUktBTw8tlCYZ-2o8g7Z8cqI,177\n",
        '"integrity": "sha512-Zq7Rt2Lm9Xw4Kp8Vn3Bc6Yh1Df5Gj0Sa+token/x=="\n',
        # SQLAlchemy's documentation user and password
        '"mssql+pyodbc://scott:tiger^5HHH@mssql2017:1433/test?driver=ODBC"\n',
        "hf_" + "a" * 34 + "\n",
    ],
)
def test_illustrations_are_not_reported(text: str) -> None:
    assert find_secrets(text) == []


# --- the AST pre-check never hides a finding ----------------------------------------------

_NAMES = ["api_key", "Messages", "PROMPT", "user_response", "x", "token", "History", "text"]
_VALUES = ['"Zq7Rt2Lm9Xw4Kp8Vn3Bc6Y"', "'short'", '"sk-..."', "1", 'f"{a}"', "None"]
_STATEMENTS = [
    "{n} = {v}",
    "print({n})",
    "logger.info('%s', {n})",
    "log.debug({n}.content)",
    "c = Mistral(api_key={v})",
    "r = client.chat.complete(messages={n})",
    "requests.get(u, verify=False)",
    "d = {{'{n}': {v}}}",
    "f({n}={v})",
    "from mistral_secure import Guard",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_STATEMENTS), st.sampled_from(_NAMES), st.sampled_from(_VALUES)),
        max_size=6,
    )
)
def test_skipping_the_parse_never_hides_a_finding(statements: list[tuple[str, str, str]]) -> None:
    import ast

    from mistral_secure._checklist._ast_checks import check_python, needs_ast

    source = "\n".join(s.format(n=n, v=v) for s, n, v in statements) + "\n"
    if not needs_ast(source):
        assert list(check_python("m.py", ast.parse(source))) == []
