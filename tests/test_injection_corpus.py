"""Recall and false-positive rate of detect_injection on the labelled corpus.

Run with ``pytest -s`` to see the figures. ``split`` marks attacks written in phrasings
held out from the first round of rule writing ("heldout"); see docs/injection.md.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from mistral_secure import detect_injection

CORPUS = Path(__file__).parent / "data" / "injection_corpus.jsonl"


def _rows() -> list[dict[str, object]]:
    with CORPUS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_corpus_shape() -> None:
    rows = _rows()
    assert len(rows) >= 300
    assert all(row["label"] in (0, 1) and isinstance(row["text"], str) for row in rows)
    kinds = Counter(str(row["kind"]) for row in rows if row["label"] == 1)
    for lang in ("fr", "de", "es", "it", "pt", "nl", "pl"):
        assert kinds[f"multilingual_{lang}"] >= 6
    for kind in ("obf_homoglyph", "obf_zero_width", "obf_spaced", "obf_leet", "obf_base64",
                 "obf_hex", "obf_rot13", "obf_url", "obf_html", "indirect", "delimiter",
                 "exfiltration"):  # fmt: skip
        assert kinds[kind] >= 1, kind


def test_recall_and_false_positive_rate() -> None:
    rows = _rows()
    stats: dict[str, Counter[str]] = {}
    missed: list[str] = []
    false_alarms: list[str] = []
    for row in rows:
        detected = detect_injection(str(row["text"])).detected
        split = str(row.get("split", "tune"))
        counter = stats.setdefault(split, Counter())
        if row["label"] == 1:
            counter["attacks"] += 1
            counter["caught"] += detected
            if not detected:
                missed.append(str(row["kind"]))
        else:
            counter["benign"] += 1
            counter["flagged"] += detected
            if detected:
                false_alarms.append(str(row["kind"]))
    attacks = sum(c["attacks"] for c in stats.values())
    caught = sum(c["caught"] for c in stats.values())
    benign = sum(c["benign"] for c in stats.values())
    flagged = sum(c["flagged"] for c in stats.values())
    recall = caught / attacks
    fpr = flagged / benign
    for split, c in sorted(stats.items()):
        if c["attacks"]:
            share = c["caught"] / c["attacks"]
            print(f"\n[{split}] recall {c['caught']}/{c['attacks']} = {share:.3f}")
        if c["benign"]:
            print(f"[{split}] FPR {c['flagged']}/{c['benign']} = {c['flagged'] / c['benign']:.3f}")
    print(f"\nall: recall {recall:.3f} ({caught}/{attacks}), FPR {fpr:.3f} ({flagged}/{benign})")
    print(f"missed kinds: {Counter(missed)}; false-alarm kinds: {Counter(false_alarms)}")
    assert recall >= 0.95
    assert fpr <= 0.02


HELDOUT = Path(__file__).parent / "data" / "injection_heldout.jsonl"


def test_heldout_paraphrases() -> None:
    """Fresh attacks and hard negatives, written before the co-occurrence rules.

    The rules were not tuned on this file, and `make train` holds it out (training/DATA.md);
    the thresholds sit a little below the measured figures (rules and model: recall 0.952,
    FPR 0.047; rules alone were 0.77 and 0.047) so a regression fails the build.
    """
    with HELDOUT.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    attacks = [str(r["text"]) for r in rows if r["label"] == 1]
    benign = [str(r["text"]) for r in rows if r["label"] == 0]
    assert len(attacks) >= 60 and len(benign) >= 60
    recall = sum(detect_injection(t).detected for t in attacks) / len(attacks)
    fpr = sum(detect_injection(t).detected for t in benign) / len(benign)
    print(f"\n[heldout-2] recall {recall:.3f}, FPR {fpr:.3f}")
    assert recall >= 0.90
    assert fpr <= 0.08


SYNTHETIC = Path(__file__).parent / "data" / "injection_synthetic_heldout.jsonl"
# Measured 0.824 and 0.036 (training/REPORT.md); the 8 languages each 0.75 or more.
RECALL_FLOOR = 0.78
FPR_CEILING = 0.05


def test_synthetic_heldout_templates() -> None:
    """Rows from templates `make train` never trained or calibrated on (training/DATA.md).

    Written by `training/train.py`; the per-family and per-language tables print with -s.
    The bounds sit a little under the figures in training/REPORT.md.
    """
    with SYNTHETIC.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    groups: dict[str, Counter[str]] = {}
    for row in rows:
        detected = detect_injection(str(row["text"])).detected
        for key in (f"family:{row['family']}", f"lang:{row['lang']}", "all"):
            counter = groups.setdefault(key, Counter())
            if row["label"] == 1:
                counter["attacks"] += 1
                counter["caught"] += detected
            else:
                counter["benign"] += 1
                counter["flagged"] += detected
    for key, c in sorted(groups.items()):
        recall = c["caught"] / c["attacks"] if c["attacks"] else float("nan")
        fpr = c["flagged"] / c["benign"] if c["benign"] else float("nan")
        print(f"{key:28} attacks {c['attacks']:4} recall {recall:.3f}  "
              f"benign {c['benign']:4} FPR {fpr:.3f}")  # fmt: skip
    total = groups["all"]
    assert total["attacks"] >= 500 and total["benign"] >= 300
    assert total["caught"] / total["attacks"] >= RECALL_FLOOR
    assert total["flagged"] / total["benign"] <= FPR_CEILING
    # Polish is the thinnest language (83 held-out attacks, 0.76 in REPORT.md).
    floors = {"en": 0.82, "fr": 0.8, "de": 0.77, "es": 0.77, "it": 0.79, "pt": 0.83, "nl": 0.74,
              "pl": 0.7}  # fmt: skip
    for lang, floor in floors.items():
        lang_counts = groups[f"lang:{lang}"]
        assert lang_counts["caught"] / lang_counts["attacks"] >= floor, lang
