"""`mistral-secure audit --baseline`: accept today's findings, fail only on new ones.

Every key below is FAKE, built at run time so no scanner trips on this file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mistral_secure._checklist import audit, load_baseline, main

GITHUB = "ghp_" + "FAKEx7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdGHij"
OTHER = "ghp_" + "FAKEn3Wq8Lz5Rt1Vk7Mp4Xs9Yc2Hb6GdQWer"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "legacy.py").write_text(f"import os\nTOKEN = '{GITHUB}'\n")
    (root / "app.py").write_text("def f(prompt):\n    print(prompt)\n")  # an MS303 warning
    return root


def test_baseline_workflow(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / ".mistral-secure-baseline.json"
    assert main([str(project), "--write-baseline", str(baseline)]) == 0
    assert capsys.readouterr().err.strip() == (
        f"mistral-secure audit: recorded 2 findings in {baseline}"
    )
    doc = json.loads(baseline.read_text())
    assert [(e["rule_id"], e["path"]) for e in doc["findings"]] == [
        ("MS303", "app.py"),
        ("MS101", "legacy.py"),
    ]
    assert GITHUB not in baseline.read_text()  # fingerprints only

    # Accepted findings no longer fail the run, and the summary says they were hidden.
    assert main([str(project), "--baseline", str(baseline)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("in 2 files (2 in baseline)")

    # Moving code keeps them accepted.
    (project / "legacy.py").write_text(f"import os\n\n\n# moved\nTOKEN = '{GITHUB}'\n")
    assert main([str(project), "--baseline", str(baseline)]) == 0
    capsys.readouterr()

    # A new key fails, and only it is reported.
    (project / "new.py").write_text(f"OTHER = '{OTHER}'\n")
    assert main([str(project), "--baseline", str(baseline), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [(f["rule_id"], f["path"]) for f in doc["findings"]] == [("MS101", "new.py")]
    assert doc["summary"]["baselined"] == 2

    # A second copy of an accepted line is a new finding, too.
    (project / "new.py").unlink()
    with (project / "legacy.py").open("a") as fh:
        fh.write(f"TOKEN = '{GITHUB}'\n")
    assert main([str(project), "--baseline", str(baseline)]) == 1
    capsys.readouterr()


def test_python_api_baseline(project: Path, tmp_path: Path) -> None:
    accepted = {f.stable_fingerprint for f in audit([project]).findings}
    report = audit([project], baseline=accepted)
    assert (report.findings, report.baselined) == ([], 2)
    baseline = tmp_path / "b.json"
    main([str(project), "--write-baseline", str(baseline)])
    assert load_baseline(baseline) == accepted
    with pytest.raises(TypeError, match="load_baseline"):
        audit([project], baseline=str(baseline))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist (create it with --write-baseline"),
        ("not json", "is not valid JSON (line 1)"),
        ('{"findings": []}', "is not a mistral-secure audit baseline"),
        ('{"kind": "mistral-secure-audit-baseline", "version": 9, "findings": []}',
         "unsupported version 9"),
        ('{"kind": "mistral-secure-audit-baseline", "version": 1, "findings": [{}]}',
         "every finding needs a 'fingerprint' string"),
    ],
)  # fmt: skip
def test_bad_baselines_are_usage_errors(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    message: str,
) -> None:
    baseline = tmp_path / "b.json"
    if content is not None:
        baseline.write_text(content)
    assert main([str(project), "--baseline", str(baseline)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mistral-secure audit: error: ") and message in err
    assert err.count("\n") == 1
