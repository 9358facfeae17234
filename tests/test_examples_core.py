"""The core examples run as a user would run them, and print what their comments promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run_example(name: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "", "PYTHONUTF8": "1", **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_keys_secret_manager_rotates_past_the_revoked_key() -> None:
    out = run_example("keys_secret_manager.py")
    assert "KeyPool(3 keys: 3 active" in out
    assert out.count("answer: You said:") == 3
    assert "-> 401" in out
    assert "'quarantined': 1" in out
    # Keys appear as fingerprints only.
    assert "demo-env-key-0000000000000001" not in out
    assert "demo-file-key" not in out


def test_keys_secret_manager_rejects_an_unknown_store() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "keys_secret_manager.py")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"MISTRAL_SECRET_STORE": "floppy"},
    )
    assert result.returncode != 0
    assert "unknown MISTRAL_SECRET_STORE" in result.stderr


def test_audit_logging_writes_json_lines_and_spans_without_content() -> None:
    pytest.importorskip("opentelemetry.sdk")
    out = run_example("audit_logging.py")
    assert out.count('"operation": "check_input"') == 2
    assert '"EMAIL_ADDRESS": 1' in out
    assert "mistral_secure.check_input       outcome=blocked" in out
    assert "jane.doe" not in out


def test_custom_policy_applies_every_toml_setting() -> None:
    out = run_example("custom_policy.py")
    assert "blocked (custom phrase): ('custom.phrase',)" in out
    assert "support@acme-audio.example from <EMAIL_ADDRESS_1>" in out
    assert "cdn.acme-audio.example/nimbus.png) [image removed]" in out
    assert "flagged answer: Sorry, I can't help with that." in out
    assert "blocked (InputTooLong)" in out
    assert "blocked (ContentFlagged)" in out
