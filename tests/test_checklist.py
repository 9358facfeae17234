"""`mistral-secure audit` checklist: findings, skips, suppression, config and report formats."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from mistral_secure._checklist import AuditConfig, audit, load_config, render
from mistral_secure._checklist._config import GlobSet
from mistral_secure._checklist._deps import caps_below_supported
from mistral_secure._checklist._report import render_text, summary
from mistral_secure._checklist._scan import GitignoreMatcher, is_env_file
from mistral_secure._checklist._secrets import is_placeholder, is_secret_name

FIXTURES = Path(__file__).parent / "fixtures"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

EXPECTED = [
    ("MS201", ".env", 1),
    ("MS101", ".env", 2),
    ("MS103", "analysis.ipynb", 17),
    ("MS103", "analysis.ipynb", 29),
    ("MS101", "app.py", 10),
    ("MS102", "app.py", 11),
    ("MS301", "app.py", 12),
    ("MS302", "app.py", 13),
    ("MS303", "app.py", 18),
    ("MS304", "app.py", 19),
    ("MS303", "app.py", 20),
    ("MS101", "broken.py", 2),
    ("MS101", "certs/service.pem", 1),
    ("MS102", "config.json", 3),
    ("MS101", "config.json", 4),
    ("MS401", "pyproject.toml", 5),
    ("MS401", "requirements.txt", 2),
    ("MS102", "settings.yaml", 4),
    ("MS101", "settings.yaml", 5),
    ("MS101", "suppressed.py", 9),
]
# The fake values planted in the fixture; no report may ever print one.
FAKE_VALUES = [
    "FAKEx7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5Jd",
    "FAKEn3Wq8Lz5Rt1Vk7Mp4Xs9Yc2Hb6Gd",
    "FAKEq4Rz8Lm2Wx7Tk9Pn3Vb6Yc1Hd5Js",
    "Fq8Zr4TfK2mWx9LbN7vPc3Hs",
    "AKIAFAKEQ7W2RVN4XT6P",
    "Q7vN2kR9tX4mL8pZ3wB6yH1c",
    "ghp_FAKEx7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdGHnb",
    "RkFLRSBLRVkgRk9SIFRIRSBBVURJVCBGSVhUVVJFIE9OTFkgLSBOT1QgQSBSRUFMIEtFWQ==",
]


def _copy(name: str, tmp_path: Path) -> Path:
    dest = tmp_path / name
    shutil.copytree(FIXTURES / name, dest, symlinks=True)
    return dest


def _triples(report) -> list[tuple[str, str | None, int]]:  # type: ignore[no-untyped-def]
    return [(f.rule.id, f.path, f.line) for f in report.sorted_findings()]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return _copy("audit_project", tmp_path)


def test_fixture_project_reports_each_rule_at_its_line(project: Path) -> None:
    report = audit([project], config=load_config(project))
    assert _triples(report) == EXPECTED
    assert report.files_scanned == 12


def test_clean_twin_has_zero_findings(tmp_path: Path) -> None:
    clean = _copy("audit_project_clean", tmp_path)
    report = audit([clean], config=load_config(clean))
    assert _triples(report) == []
    assert report.skipped == []
    # The local .env holds a key but is gitignored, so it is neither scanned nor reported.
    assert "MISTRAL_API_KEY=FAKE" in (clean / ".env").read_text()


def test_skipped_files_are_reported_with_reasons(project: Path) -> None:
    (project / "loop").mkdir()
    os.symlink(project / "loop", project / "loop" / "again")
    os.symlink(project / "missing-target", project / "dangling.py")
    report = audit([project], config=load_config(project))
    reasons = {s.path: s.reason for s in report.skipped}
    assert reasons == {
        "broken.py": "Python syntax error at line 3; AST checks skipped",
        "node_modules": "vendored directory",
        "web/bundle.js": "binary",
        "loop/again": "symlink (not followed)",
        "dangling.py": "symlink (not followed)",
    }
    assert summary(report).endswith("in 12 files (5 skipped)")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads chmod 000 files")
def test_unreadable_file_is_skipped(project: Path) -> None:  # pragma: no cover - non-root
    target = project / "app.py"
    target.chmod(0)
    try:
        reasons = {s.path: s.reason for s in audit([project]).skipped}
    finally:
        target.chmod(0o644)
    assert reasons["app.py"].startswith("unreadable")


def test_reports_never_contain_secret_values(project: Path) -> None:
    report = audit([project], config=load_config(project))
    for fmt in ("text", "json", "sarif"):
        out = render(report, fmt)
        for value in FAKE_VALUES:
            assert value not in out, (fmt, value[:4])
    assert "FAKE…0e14844b" in render(report, "text")  # fingerprint shown instead


def test_config_exclude_and_disable(project: Path) -> None:
    without_config = audit([project])
    assert ("MS101", "generated/keys.py", 2) in _triples(without_config)
    config = AuditConfig(exclude=("*.yaml", "certs/"), disable=frozenset({"MS102", "MS304"}))
    triples = _triples(audit([project], config=config))
    assert not any(p in {"settings.yaml", "certs/service.pem"} for _, p, _ in triples)
    assert not any(rule in {"MS102", "MS304"} for rule, _, _ in triples)
    assert ("MS101", "generated/keys.py", 2) in triples


def test_config_errors_are_value_errors(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mistral-secure.audit]\nexlude = ["x"]\n')
    with pytest.raises(ValueError, match="exlude"):
        load_config(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.mistral-secure.audit]\ndisable = ["MS999"]\n')
    with pytest.raises(ValueError, match="MS999"):
        load_config(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mistral-secure.audit]\ndisable = ["content-logging"]\nfail-on = "warning"\n'
    )
    config = load_config(tmp_path)
    assert config.disable == {"MS303"}
    assert config.fail_on.label == "warning"


def test_suppression_comments(project: Path) -> None:
    triples = _triples(audit([project]))
    suppressed = [t for t in triples if t[1] == "suppressed.py"]
    # line 5: ignore[MS101]; line 7: comment on the line before; line 8: bare ignore;
    # line 9: ignore[MS302] does not silence MS101.
    assert suppressed == [("MS101", "suppressed.py", 9)]


def _write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('from langchain_mistralai import ChatMistralAI\n'
         'm = ChatMistralAI(mistral_api_key="Zq7Rt2Lm9Xw4Kp8Vn3Bc6Yh1Df5Gj0Sa")\n',
         [("MS304", 2), ("MS301", 2)]),
        # A test double is no key: it is neither random-looking nor recognised.
        ('from mistralai.client import Mistral\nc = Mistral(api_key="test-key-1")\n'
         'd = Mistral(api_key="fake-api-key-for-the-tests")\n', []),
        ("import requests\nrequests.post('https://x', verify=False)\n", [("MS302", 2)]),
        ("def f(session):\n    session.get('https://x', verify=False)\n", [("MS302", 2)]),
        ("import logging\ndef f(prompt):\n    logging.debug('p=%s', prompt)\n", [("MS303", 3)]),
        ("import logging\nlog = logging.getLogger()\n"
         "def f(messages):\n    log.info(len(messages))\n",
         []),
        ("def f(r):\n    print(r.choices)\n", [("MS303", 2)]),
        ("def f(client, m):\n    return client.chat.stream(model='x', messages=m)\n",
         [("MS304", 2)]),
        ("from mistral_secure import moderate\ndef f(client, m):\n    moderate(m)\n"
         "    return client.chat.complete(model='x', messages=m)\n", []),
        ('import os\nfrom mistralai.client import Mistral\nc = Mistral(api_key=os.getenv("K"))\n',
         []),
        ('from mistralai.client import Mistral\nc = Mistral(api_key="sk-...")\n', []),
        ('password = "hunter2"\nDB_PASSWORD = "u7Kp2Qm9Xz4Lw8Rt"\nsort_key = "a8Kd93LmQp2Zx7Wv"\n',
         [("MS102", 2)]),
    ],
)  # fmt: skip
def test_python_checks(tmp_path: Path, source: str, expected: list[tuple[str, int]]) -> None:
    _write(tmp_path, "mod.py", source)
    assert [(r, line) for r, _, line in _triples(audit([tmp_path]))] == expected


def test_dependency_specs() -> None:
    old = ["<2", "==1.9.2", "~=2.5", "^1.2", "<=2.9", "<3", "<3.0.0", ">=1.0,<2", "2.1.0"]
    ok = [">=3.7,<4", ">=1.0", "^3.0", "!=2.0", "*", "<3.1", "~=3.0", ">=0.4"]
    assert [s for s in old if not caps_below_supported(s)] == []
    assert [s for s in ok if caps_below_supported(s)] == []


def test_dependency_lines(tmp_path: Path) -> None:
    _write(tmp_path, "requirements-dev.txt", "langchain-mistralai<1\nmistralai[agents]~=1.2\n")
    _write(tmp_path, "pyproject.toml", '[tool.poetry.dependencies]\nmistralai = "^1.5"\n')
    assert _triples(audit([tmp_path])) == [
        ("MS401", "pyproject.toml", 2),
        ("MS401", "requirements-dev.txt", 2),
    ]


def test_placeholders_and_secret_names() -> None:
    for value in ["sk-...", "<your key>", "changeme", "xxxxxxxxxxxx", "${VAR}", "", "your-api-key"]:
        assert is_placeholder(value), value
    assert not is_placeholder("Zx8Kq2Lm9Wp4Rt7Yv3Bn6Cd")
    for name in ["api_key", "MISTRAL_API_KEY", "auth_token", "client_secret", "password", "apiKey"]:
        assert is_secret_name(name), name
    for name in ["monkey", "max_tokens", "public_key", "sort_key", "token_url", "key_path"]:
        assert not is_secret_name(name), name


def test_env_file_names() -> None:
    assert [n for n in [".env", ".env.local", ".env.production", "prod.env"] if is_env_file(n)] == [
        ".env", ".env.local", ".env.production", "prod.env",
    ]  # fmt: skip
    assert not any(is_env_file(n) for n in [".env.example", ".env.sample", ".env.template", "env"])


def test_gitignore_subset() -> None:
    m = GitignoreMatcher()
    m.add("", "# comment\n.env*\n!.env.example\n/build/\nsecrets/\n**/*.key\n")
    m.add("sub", "local.cfg\n")
    assert m.ignored(".env") and m.ignored("app/.env.local")
    assert not m.ignored(".env.example")
    assert m.ignored("build/x.py") and not m.ignored("src/build/x.py")
    assert m.ignored("a/secrets/b.txt") and m.ignored("deep/er/id.key")
    assert m.ignored("sub/local.cfg") and not m.ignored("local.cfg")


def test_exclude_globs() -> None:
    globs = GlobSet(["tests/fixtures/**", "*.min.js", "docs/*.md"])
    assert globs.excludes("tests/fixtures/a/b.py")
    assert globs.excludes("web/app.min.js")
    assert globs.excludes("docs/x.md") and not globs.excludes("docs/sub/x.md")
    assert not globs.excludes("tests/test_x.py")


def test_gitignore_covers_env_in_a_plain_tree(tmp_path: Path) -> None:
    _write(tmp_path, ".env", "DEBUG=1\n")
    _write(tmp_path, "svc/.env.local", "DEBUG=1\n")
    assert _triples(audit([tmp_path])) == [("MS201", ".env", 1), ("MS201", "svc/.env.local", 1)]
    _write(tmp_path, ".gitignore", ".env*\n")
    assert _triples(audit([tmp_path])) == []


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_git_repository_mode(tmp_path: Path) -> None:
    clean = _copy("audit_project_clean", tmp_path)
    _write(clean, "prod.env", "DEBUG=1\n")
    subprocess.run(["git", "init", "-q", str(clean)], check=True)
    subprocess.run(["git", "-C", str(clean), "add", "-f", ".env"], check=True)
    triples = _triples(audit([clean]))
    # .env: ignored by pattern but tracked (so scanned); prod.env: not ignored at all.
    assert triples == [("MS202", ".env", 1), ("MS101", ".env", 2), ("MS201", "prod.env", 1)]


def test_invalid_notebook_is_skipped_but_scanned(tmp_path: Path) -> None:
    _write(tmp_path, "bad.ipynb", '{"cells": [ GITHUB ghp_FAKEx7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdGHij')
    report = audit([tmp_path])
    assert [(s.path, s.reason) for s in report.skipped] == [
        ("bad.ipynb", "notebook is not valid JSON")
    ]
    assert _triples(report) == [("MS101", "bad.ipynb", 1)]


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        audit([tmp_path / "nope"])


def test_json_report_is_stable_and_versioned(project: Path) -> None:
    report = audit([project], config=load_config(project))
    out = render(report, "json")
    assert out == render(report, "json")
    doc = json.loads(out)
    assert doc["version"] == 1
    assert doc["summary"] == {
        "files": 12, "skipped": 3, "baselined": 0, "error": 12, "warning": 7, "info": 1,
    }  # fmt: skip
    assert doc["notes"] == []
    assert [(f["rule_id"], f["path"], f["line"]) for f in doc["findings"]] == EXPECTED
    assert set(doc["findings"][0]) == {
        "rule_id", "rule", "severity", "path", "line", "column", "message", "fix", "fingerprint",
    }  # fmt: skip
    assert doc["skipped"][0] == {
        "path": "broken.py",
        "reason": "Python syntax error at line 3; AST checks skipped",
    }


def test_sarif_validates_against_the_2_1_0_schema(project: Path) -> None:
    report = audit([project], config=load_config(project))
    doc = json.loads(render(report, "sarif"))
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.Draft4Validator(schema).validate(doc)
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert run["tool"]["driver"]["name"] == "mistral-secure"
    assert rules["MS101"]["defaultConfiguration"]["level"] == "error"
    assert rules["MS304"]["defaultConfiguration"]["level"] == "note"
    assert all(r["shortDescription"]["text"] and r["help"]["text"] for r in rules.values())
    results = run["results"]
    assert len(results) == len(EXPECTED)
    first = results[0]
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": ".env", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 1, "startColumn": 1}
    assert all(r["ruleId"] in rules and r["partialFingerprints"] for r in results)
    assert {r["level"] for r in results} == {"error", "warning", "note"}
    prints = [r["partialFingerprints"]["mistralSecure/v2"] for r in results]
    assert len(set(prints)) == len(prints)


def test_sarif_of_a_clean_tree_is_valid(tmp_path: Path) -> None:
    doc = json.loads(render(audit([tmp_path]), "sarif"))
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(doc)
    assert doc["runs"][0]["results"] == []


def test_text_report_groups_by_file_and_colours_on_request(project: Path) -> None:
    report = audit([project], config=load_config(project))
    plain = render_text(report)
    assert "\033[" not in plain
    assert plain.rstrip().endswith("12 errors, 7 warnings, 1 info in 12 files (3 skipped)")
    assert "app.py\n  10:20" in plain
    assert "\033[31m" in render_text(report, color=True)


def test_minimal_toml_reader_for_python_310_without_tomli() -> None:
    from mistral_secure._checklist._config import _fallback_section

    text = (
        '[project]\nname = "x"\n\n[tool.mistral-secure.audit]\n'
        'exclude = [\n  "tests/fixtures/**",  # fake keys\n  "*.min.js",\n]\n'
        'fail-on = "warning"\n\n[tool.other]\nexclude = ["no"]\n'
    )
    assert _fallback_section(text) == {
        "exclude": ["tests/fixtures/**", "*.min.js"],
        "fail-on": "warning",
    }
    assert _fallback_section("[project]\n") is None


def test_findings_do_not_depend_on_the_pools_this_process_holds(tmp_path: Path) -> None:
    from mistral_secure import KeyPool

    source = tmp_path / "settings.py"
    source.write_text('LOCAL_DEV_LABEL = "not-a-key-just-a-label-000000000000"\n')
    before = _triples(audit([tmp_path]))
    pool = KeyPool(["not-a-key-just-a-label-000000000000"])
    assert _triples(audit([tmp_path])) == before
    del pool
