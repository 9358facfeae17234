"""The LlamaIndex examples run against the embedded server and print safe answers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _run(name: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "MISTRAL_API_KEY"}
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "expected", "forbidden"),
    [
        ("llama_index_query_engine.py", "Paris.", ("onerror", "evil.example")),
        ("llama_index_streaming_chat.py", "jane.doe@example.com", ("<script", "steal()")),
    ],
)
def test_example_runs_and_prints_a_safe_answer(
    name: str, expected: str, forbidden: tuple[str, ...]
) -> None:
    result = _run(name)

    assert result.returncode == 0, result.stderr[-2000:]
    assert expected in result.stdout
    for marker in forbidden:
        assert marker not in result.stdout


def test_query_engine_example_audit_log_has_no_content() -> None:
    result = _run("llama_index_query_engine.py")

    assert '"operation": "llm_chat"' in result.stderr
    assert "jane.doe@example.com" not in result.stderr
    assert "capital of France" not in result.stderr
