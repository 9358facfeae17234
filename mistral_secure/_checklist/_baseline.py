"""Baselines: accept today's findings, report only new ones (the detect-secrets workflow).

A baseline is a JSON file of finding fingerprints (plus rule, path and message for the
humans who review it; never a secret value). A finding is new when its fingerprint is not
in the baseline. Fingerprints hash the line's content, not its number, so moving code
keeps a finding accepted while editing the line (rotating the key, say) makes it new.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ._findings import Finding

__all__ = ["BASELINE_VERSION", "load_baseline", "render_baseline", "write_baseline"]

BASELINE_VERSION = 1
_KIND = "mistral-secure-audit-baseline"


def render_baseline(findings: Iterable[Finding]) -> str:
    """The baseline document for ``findings``: sorted, so it diffs well in review."""
    entries = sorted(
        (
            {
                "fingerprint": f.stable_fingerprint,
                "rule_id": f.rule.id,
                "path": f.path,
                "message": f.message,
            }
            for f in findings
        ),
        key=lambda e: (e["path"] or "", e["rule_id"], e["fingerprint"]),
    )
    doc = {"kind": _KIND, "version": BASELINE_VERSION, "findings": entries}
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_baseline(path: str | Path, findings: Iterable[Finding]) -> None:
    """Write the baseline of ``findings`` to ``path`` (raises ``OSError``)."""
    Path(path).write_text(render_baseline(findings), encoding="utf-8")


def load_baseline(path: str | Path) -> frozenset[str]:
    """The accepted fingerprints in the baseline at ``path``.

    Raises ``FileNotFoundError`` when it does not exist and ``ValueError`` when it is not
    a baseline this version can read.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"baseline {path} is not UTF-8 JSON") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"baseline {path} is not valid JSON (line {exc.lineno})") from None
    if not isinstance(doc, dict) or doc.get("kind") != _KIND:
        raise ValueError(f"{path} is not a mistral-secure audit baseline")
    if doc.get("version") != BASELINE_VERSION:
        raise ValueError(f"baseline {path} has unsupported version {doc.get('version')!r}")
    entries = doc.get("findings")
    if not isinstance(entries, list):
        raise ValueError(f"baseline {path}: 'findings' must be a list")
    accepted = set()
    for entry in entries:
        fp = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fp, str) or not fp:
            raise ValueError(f"baseline {path}: every finding needs a 'fingerprint' string")
        accepted.add(fp)
    return frozenset(accepted)
