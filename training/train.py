"""Train the packaged injection model: ``make train`` (or ``python training/train.py``).

1. Read the allowed third-party corpora (``sources.py``) and the synthetic rows
   (``synthetic.py``); deduplicate on the folded text; fix the splits *before* training:
   the sources' own test splits and the held-out synthetic templates are never trained on
   nor tuned on.
2. Featurise with the runtime's own ``ngram_buckets`` and fit a logistic regression.
3. Calibrate on the ``calib`` split: pick the logit that maps to weight 0.5 so that rules
   plus model flag at most 1% of the calibration benign texts at the default threshold.
4. Write ``mistral_secure/data/injection_model.{npy,json}`` and ``training/REPORT.md``
   with recall and false-positive rates on the held-out split.

Deterministic: the same inputs and library versions give byte-identical weights.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from benign_chat import rows as benign_rows  # noqa: E402
from scipy import sparse  # noqa: E402  (train extra)
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sources import Row, external_rows  # noqa: E402
from synthetic import rows as synthetic_rows  # noqa: E402

from mistral_secure import _injection_model as im  # noqa: E402
from mistral_secure._injection import MODEL_FLOOR  # noqa: E402
from mistral_secure._normalize import fold  # noqa: E402

DATA = ROOT / "mistral_secure" / "data"
HELDOUT_FILE = ROOT / "tests" / "data" / "injection_synthetic_heldout.jsonl"
TARGET_FPR = 0.01
HARD_FPR = 0.025  # the hand-written and synthetic hard negatives alone (rules use most of it)
CHAT_FPR = 0.01  # ordinary chat messages alone
SHORT_CHARS, SHORT_FPR = 80, 0.005  # and the short ones among them
# Synthetic, project and benign-chat rows are few next to the English corpora: weigh them up.
# Framework templates weigh most: every app sends them, and one that reads like instructions
# (LlamaIndex's pairwise judge prompt) bounds the calibrated pivot for everything else.
_WEIGHT = {"synthetic": 2.0, "project": 4.0, "chat": 3.0, "framework": 20.0}
C_GRID = (2048.0, 8192.0)
# Evidence-length margins tried at calibration. At least 4: with less, short everyday
# questions sit right at the pivot (one Italian question about opening hours scored 0.53 at
# margin 2; with the 8-gram features, "can you tell me your name?" 0.64 at margin 3), and
# calib recall differs by under 0.01 between 3, 4 and 5.
# Seventh pass: margin 4 won calib recall by 0.007 and flagged "Can you tell me your name?"
# (0.52) in the lead's probe (tests/test_injection_templates.py): 5 only.
MARGINS = (5.0,)
TIE = 0.002
MINING_ROUNDS = 1  # refits with the benign training windows the model got most wrong
MINING_BOOST = 3.0
MAX_WINDOWS = 40
RECALIBRATE = "--recalibrate" in sys.argv


def _key(text: str) -> str:
    return " ".join(fold(text).text.split())


def _stable(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def project_rows() -> list[Row]:
    """The project's own labelled hard cases in ``tests/data``: the hand-written corpus is
    split half train, half calib by hash; the later held-out file stays held out."""
    rows: list[Row] = []
    for name, split in (("injection_corpus.jsonl", ""), ("injection_heldout.jsonl", "heldout")):
        with (ROOT / "tests" / "data" / name).open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    text = record["text"]
                    chosen = split or ("train" if _stable(text) % 2 else "calib")
                    family = record["kind"] if record["label"] else "hard_negative"
                    rows.append(Row(text, record["label"], "project", family, "en", chosen))
    return rows


def assemble() -> list[Row]:
    """All rows with their final split, deduplicated; held-out rows win every tie."""
    rows: list[Row] = []
    for row in [*external_rows(), *synthetic_rows(), *benign_rows(), *project_rows()]:
        text = row.text.strip()
        if not text:
            continue
        split = row.split
        if not split:  # sources without a split of their own
            bucket = _stable(_key(text)) % 10
            split = "heldout" if bucket < 2 else "calib" if bucket == 2 else "train"
        rows.append(Row(text, row.label, row.source, row.family, row.lang, split))
    labels: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        labels[_key(row.text)].add(row.label)
    rank = {"heldout": 0, "calib": 1, "train": 2}
    best: dict[str, Row] = {}
    for row in rows:
        key = _key(row.text)
        if len(labels[key]) > 1:
            continue  # the sources disagree: no label to trust
        kept = best.get(key)
        if kept is None or rank[row.split] < rank[kept.split]:
            best[key] = row
    return sorted(best.values(), key=lambda r: (r.split, r.source, _key(r.text)))


def _text_windows(text: str) -> list[tuple[np.ndarray, int]]:
    """(buckets, feature count) of every scoring window of ``text``, as the runtime sees
    them: one window for a short text, else ``WINDOW // STRIDE`` blocks at a time."""
    codes = im.prepare(im.unweave(fold(text).text)[0])
    buckets, positions = im.features(codes)
    if len(codes) <= im.WINDOW:
        return [(buckets, len(buckets))]
    order = np.argsort(positions // im.STRIDE, kind="stable")
    block = (positions // im.STRIDE)[order]
    buckets = buckets[order]
    count = im.blocks(len(codes))
    span = im.WINDOW // im.STRIDE
    firsts = list(range(max(count - span + 1, 1)))
    if len(firsts) > MAX_WINDOWS:  # evenly spread, first and last included
        firsts = sorted({firsts[round(i * (len(firsts) - 1) / (MAX_WINDOWS - 1))]
                         for i in range(MAX_WINDOWS)})  # fmt: skip
    out = []
    for first in firsts:
        lo, hi = np.searchsorted(block, [first, first + span])
        out.append((buckets[lo:hi], int(hi - lo)))
    return out


def featurise(texts: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """One sparse row per scoring window, as the runtime scores it; and each row's text."""
    indptr = [0]
    indices: list[np.ndarray] = []
    values: list[np.ndarray] = []
    owner: list[int] = []
    for number, text in enumerate(texts):
        for buckets, total in _text_windows(text):
            unique, counts = np.unique(buckets, return_counts=True)
            indices.append(unique.astype(np.int32))
            values.append(counts / (total + im.PSEUDO))
            indptr.append(indptr[-1] + len(unique))
            owner.append(number)
    matrix = sparse.csr_matrix(
        (np.concatenate(values), np.concatenate(indices), np.array(indptr)),
        shape=(len(indptr) - 1, 1 << im.BITS),
    )
    return matrix, np.array(owner)


class Features:
    """The training split featurised once: window rows, their text, label and weight."""

    def __init__(self, rows: list[Row]) -> None:
        self.matrix, self.owner = featurise([r.text for r in rows])
        self.labels = np.array([rows[i].label for i in self.owner])
        self.weight = np.array([_WEIGHT.get(rows[i].source, 1.0) for i in self.owner])
        # Class balance: the benign side is as heavy as the attack side.
        for label in (0, 1):
            side = self.labels == label
            self.weight[side] *= 0.5 * self.weight.sum() / self.weight[side].sum()
        windows = np.bincount(self.owner, minlength=len(rows))[self.owner]
        self.multi_attack = (self.labels == 1) & (windows > 1)


def _fit(data: Features, c: float) -> tuple[np.ndarray, float]:
    """Logistic regression on scoring windows, in passes (multiple-instance learning): a
    long attack text is one instruction among ordinary text, so only its best window (by
    the previous pass) is a positive example; every window of a benign text is negative.
    Then hard-negative mining: the benign windows scored highest weigh more in a refit."""

    def fit(keep: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, float]:
        model = LogisticRegression(C=c, solver="liblinear", max_iter=300)
        model.fit(data.matrix[keep], data.labels[keep], sample_weight=weight[keep])
        return model.coef_[0], float(model.intercept_[0])

    keep = ~data.multi_attack
    weight = data.weight.copy()
    coef, bias = fit(keep, weight)
    for _ in range(1 + MINING_ROUNDS):
        scores = data.matrix @ coef + bias
        best: dict[int, int] = {}
        for index in np.flatnonzero(data.multi_attack):
            text = int(data.owner[index])
            if text not in best or scores[index] > scores[best[text]]:
                best[text] = int(index)
        keep = ~data.multi_attack
        keep[list(best.values())] = True
        benign = data.labels == 0
        if benign.any():
            cut = np.quantile(scores[benign], 0.98)
            weight = data.weight.copy()
            weight[benign & (scores >= cut)] *= MINING_BOOST
        coef, bias = fit(keep, weight)
    return coef.astype(np.float16).astype(np.float32), bias


def _best(model: im.InjectionModel, text: str) -> tuple[float, float]:
    """Raw logit of the best window of ``text`` and its number of features."""
    folded = im.unweave(fold(text).text)[0]
    logit = model.best_window(folded)[0]
    if not math.isfinite(logit):
        return -99.0, im.FULL_EVIDENCE
    windows = model.window_logits(folded)
    best = int(np.argmax(windows.logits))
    return float(windows.logits[best]), float(windows.features[best])


def _shifted(logits: np.ndarray, counts: np.ndarray, margin: float) -> np.ndarray:
    """Logits with the evidence-length margin, as ``InjectionModel.best_window`` applies it."""
    return logits - margin * np.maximum(1.0 - counts / im.FULL_EVIDENCE, 0.0)


def _signals(
    texts: Sequence[str], weights: np.ndarray, bias: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rule score, raw model logit and evidence (feature count) per text, as
    ``detect_injection`` combines them: a text that only quotes an attack has its rules
    damped and the model sees it unquoted."""
    from mistral_secure._injection import detect_injection
    from mistral_secure._injection_mention import (
        DAMPING,
        MODEL_REST,
        blank,
        has_frame,
        quoted_spans,
        remove,
    )

    model = im.InjectionModel(weights, bias, 0.0, 1.0, {})
    rules, logits, counts = [], [], []
    for text in texts:
        verdict = detect_injection(text, disable=["model"])
        spans = quoted_spans(text)
        inside = spans and all(
            any(s <= f.start and f.end <= e for s, e in spans) for f in verdict.findings
        )
        if inside and has_frame(blank(text, spans)):
            rules.append(DAMPING * verdict.score)
            rest = remove(text, spans)
            logit, count = _best(model, rest) if len(rest.strip()) >= MODEL_REST else (-99.0, 0.0)
        else:
            rules.append(verdict.score)
            logit, count = _best(model, text)
        logits.append(logit)
        counts.append(count)
    return np.array(rules), np.array(logits), np.array(counts)


def _rule_scores(texts: Sequence[str]) -> np.ndarray:
    from mistral_secure._injection import detect_injection

    return np.array([detect_injection(t, disable=["model"]).score for t in texts])


def _combined(rules: np.ndarray, logits: np.ndarray, pivot: float, scale: float) -> np.ndarray:
    model = 1.0 / (1.0 + np.exp(-(logits - pivot) / scale))
    model = np.where(np.round(model, 4) < MODEL_FLOOR, 0.0, model)  # as detect_injection
    return 1.0 - (1.0 - rules) * (1.0 - model)


def platt_scale(logits: np.ndarray, labels: np.ndarray) -> float:
    """Logits per unit of log-odds: the inverse slope of a logistic fit of the labels on
    the model's own logits (Platt scaling), so a weight means what it says."""
    finite = np.isfinite(logits) & (logits > -50)  # -99: no window the model reads
    fit = LogisticRegression(C=1e4, solver="lbfgs")
    fit.fit(logits[finite].reshape(-1, 1), labels[finite])
    return round(float(1.0 / max(fit.coef_[0][0], 1e-3)), 3)


def calibrate(
    rules: np.ndarray,
    logits: np.ndarray,
    labels: np.ndarray,
    budgets: list[tuple[np.ndarray, float]],
    scale: float,
    frames: tuple[np.ndarray, np.ndarray] | None = None,
) -> float:
    """The lowest pivot that keeps every benign group within its false-positive budget at
    threshold 0.5, with rules and model combined as ``detect_injection`` does, and flags
    none of ``frames`` (rule scores and logits of the framework templates' renderings:
    every app sends them, so their budget is zero)."""
    for pivot in np.arange(-4.0, 12.0, 0.05):
        flagged = _combined(rules, logits, float(pivot), scale) >= 0.5
        if frames is not None and (_combined(*frames, float(pivot), scale) >= 0.5).any():
            continue
        if all(flagged[group & (labels == 0)].mean() <= budget for group, budget in budgets):
            return round(float(pivot), 2)
    raise SystemExit(
        "calibration failed: no pivot keeps the calib split under the false-positive "
        "budgets (the rules alone may exceed them); fix the data or the rules"
    )


def _table(
    title: str, rows: list[Row], detected: np.ndarray, key: Callable[[Row], str]
) -> list[str]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[key(row)].append(i)
    lines = [f"### {title}", "", "| group | attacks | recall | benign | FPR |"]
    lines.append("|---|---|---|---|---|")
    for name in sorted(groups):
        idx = groups[name]
        att = [i for i in idx if rows[i].label == 1]
        ben = [i for i in idx if rows[i].label == 0]
        recall = f"{detected[att].mean():.3f}" if att else "-"
        fpr = f"{detected[ben].mean():.3f}" if ben else "-"
        lines.append(f"| {name} | {len(att)} | {recall} | {len(ben)} | {fpr} |")
    return [*lines, ""]


def _fits(train: Features | None) -> Iterator[tuple[float, np.ndarray, float]]:
    """(C, weights, bias) to calibrate: fitted for each C, or the packaged ones when only
    recalibrating (``--recalibrate``: same data, new calibration or windowing)."""
    if train is None:
        meta = json.loads((DATA / "injection_model.json").read_text("utf-8"))
        weights = np.load(DATA / "injection_model.npy", allow_pickle=False)
        yield float(meta["C"]), weights.astype(np.float32), float(meta["bias"])
        return
    for c in C_GRID:
        weights, bias = _fit(train, c)
        yield c, weights, bias


def main() -> None:
    rows = assemble()
    split_rows = {s: [r for r in rows if r.split == s] for s in ("train", "calib", "heldout")}
    print({s: len(v) for s, v in split_rows.items()})
    calib = split_rows["calib"]
    calib_labels = np.array([r.label for r in calib])
    best: tuple[float, float, np.ndarray, float, float, float, float] | None = None
    train = None if RECALIBRATE else Features(split_rows["train"])
    sources = np.array([r.source for r in calib])
    lengths = np.array([len(r.text) for r in calib])
    everything = np.ones(len(calib), dtype=bool)
    budgets = [
        (everything, TARGET_FPR),
        (np.isin(sources, ["project", "synthetic", "chat"]), HARD_FPR),
        (sources == "chat", CHAT_FPR),
        # Short everyday messages: the case a mean over few n-grams gets wrong.
        ((sources == "chat") & (lengths < SHORT_CHARS), SHORT_FPR),
    ]
    # The framework templates are trained on, not calibrated on; they bound the pivot.
    frame_texts = [r.text for r in rows if r.source == "framework" and r.split == "train"]
    for c, weights, bias in _fits(train):
        calib_rules, raw, counts = _signals([r.text for r in calib], weights, bias)
        frame_rules, frame_raw, frame_counts = _signals(frame_texts, weights, bias)
        for margin in MARGINS:
            logits = _shifted(raw, counts, margin)
            scale = platt_scale(logits, calib_labels)
            frames = (frame_rules, _shifted(frame_raw, frame_counts, margin))
            pivot = calibrate(calib_rules, logits, calib_labels, budgets, scale, frames)
            flagged = _combined(calib_rules, logits, pivot, scale) >= 0.5
            recall = flagged[calib_labels == 1].mean()
            print(
                f"C={c} margin {margin}: pivot {pivot} scale {scale}: calib recall "
                f"{recall:.3f}, FPR {flagged[calib_labels == 0].mean():.3f}",
                flush=True,
            )
            # Within TIE of calib recall, the larger margin wins: it is the safer one for
            # short everyday messages, which the calib split holds few of.
            if (
                best is None
                or recall > best[0] + TIE
                or (recall > best[0] - TIE and margin > best[6])
            ):
                best = (recall, c, weights, bias, pivot, scale, margin)
    assert best is not None
    _, c, weights, bias, pivot, scale, margin = best
    DATA.mkdir(exist_ok=True)
    np.save(DATA / "injection_model.npy", weights.astype(np.float16), allow_pickle=False)
    digest = hashlib.sha256()
    for row in rows:
        digest.update(f"{row.label}\t{row.split}\t{row.text}\n".encode())
    if RECALIBRATE:
        packaged = json.loads((DATA / "injection_model.json").read_text("utf-8"))
        if packaged["data_sha256"] != digest.hexdigest():
            raise SystemExit("--recalibrate needs the data the packaged weights were fit on")
    meta = {
        "format": 1,
        "bits": im.BITS,
        "orders": list(im.ORDERS),
        "words": 0,
        "keys": "bytes",
        "window": im.WINDOW,
        "stride": im.STRIDE,
        "pseudo": im.PSEUDO,
        "bias": round(bias, 6),
        "pivot": pivot,
        "scale": scale,
        "short_margin": margin,
        "full_evidence": im.FULL_EVIDENCE,
        "C": c,
        "rows": {s: len(v) for s, v in split_rows.items()},
        "data_sha256": digest.hexdigest(),
    }
    (DATA / "injection_model.json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    # The synthetic held-out rows are the project's own: the test suite measures them.
    with HELDOUT_FILE.open("w", encoding="utf-8") as handle:
        for row in split_rows["heldout"]:
            if row.source == "synthetic":
                record = {"text": row.text, "label": row.label, "family": row.family,
                          "lang": row.lang}  # fmt: skip
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    report(split_rows, weights, bias, pivot, scale, meta)


def report(
    split_rows: dict[str, list[Row]],
    weights: np.ndarray,
    bias: float,
    pivot: float,
    scale: float,
    meta: dict[str, object],
) -> None:
    held = split_rows["heldout"]
    texts = [r.text for r in held]
    labels = np.array([r.label for r in held])
    rules = _rule_scores(texts)
    margin = float(meta["short_margin"])  # type: ignore[arg-type]
    evidence = im.InjectionModel(weights, bias, 0.0, 1.0, {}, short_margin=margin)
    logits = np.array([evidence.best_window(fold(t).text)[0] for t in texts])
    from mistral_secure import _injection
    from mistral_secure._injection import detect_injection

    im._MODEL = im.InjectionModel(weights, bias, pivot, scale, meta, short_margin=margin)
    _injection._engine.cache_clear()
    layers = {
        "rules only": rules >= 0.5,
        "model only": 1.0 / (1.0 + np.exp(-(logits - pivot) / scale)) >= 0.5,
        "rules + model": np.array([detect_injection(t).detected for t in texts]),
    }
    lines = [
        "# Injection model: training report",
        "",
        "Written by `make train` (`training/train.py`); do not edit by hand.",
        "",
        f"Rows after deduplication: {meta['rows']}. Model: 2^{im.BITS} hashed buckets of "
        f"char {', '.join(map(str, im.ORDERS))}-grams (byte keys), float16, "
        f"logistic regression C={meta['C']}; pivot {pivot}, Platt scale {scale} and "
        f"evidence margin {meta['short_margin']} picked on "
        f"the calib split (<= {TARGET_FPR:.0%} FPR overall, <= {HARD_FPR:.1%} on its hard "
        f"negatives, <= {CHAT_FPR:.0%} on ordinary chat, <= {SHORT_FPR:.1%} on chat messages "
        f"under {SHORT_CHARS} characters).",
        "",
        "## Held-out split (never trained or tuned on)",
        "",
        "| layer | attacks | recall | benign | FPR |",
        "|---|---|---|---|---|",
    ]
    attacks, benign = labels == 1, labels == 0
    for name, detected in layers.items():
        lines.append(
            f"| {name} | {attacks.sum()} | {detected[attacks].mean():.3f} | {benign.sum()} | "
            f"{detected[benign].mean():.3f} |"
        )
    lines.append("")
    combined = layers["rules + model"]
    synthetic = [i for i, r in enumerate(held) if r.source == "synthetic"]
    syn_rows = [held[i] for i in synthetic]
    lines += _table("By source (rules + model)", held, combined, lambda r: r.source.split(":")[0])
    lines += _table("Synthetic, by family (held-out templates)", syn_rows, combined[synthetic],
                    lambda r: r.family if r.label else "benign:" + r.family)  # fmt: skip
    lines += _table("Synthetic, by language", syn_rows, combined[synthetic], lambda r: r.lang)
    chat = [i for i, r in enumerate(held) if r.source == "chat"]
    chat_rows = [held[i] for i in chat]
    lines += _table("Ordinary chat (benign), by kind", chat_rows, combined[chat],
                    lambda r: r.family)  # fmt: skip
    lines += _table("Ordinary chat (benign), by language", chat_rows, combined[chat],
                    lambda r: r.lang)  # fmt: skip
    lang_rows = [i for i, r in enumerate(held) if r.source in ("synthetic", "chat")]
    lines += _table(
        "Synthetic attacks and ordinary chat, by language",
        [held[i] for i in lang_rows],
        combined[lang_rows],
        lambda r: r.lang,
    )
    frame = [i for i, r in enumerate(held) if r.source == "framework"]
    lines += [
        f"Framework templates (held-out templates, rendered benignly): {len(frame)} texts, "
        f"{int(combined[frame].sum())} flagged.",
        "",
    ]
    hard = [i for i, r in enumerate(held) if r.label == 0 and r.source == "synthetic"]
    lines += [
        f"Hard negatives (held-out synthetic benign templates): {len(hard)} texts, "
        f"{int(combined[hard].sum())} flagged.",
        "",
    ]
    text = "\n".join(lines)
    (HERE / "REPORT.md").write_text(text, "utf-8")
    print(text)
    misses = Counter(held[i].family for i in np.flatnonzero(attacks & ~combined))
    print("missed families:", misses.most_common())
    print("false alarms:", [held[i].text[:100] for i in np.flatnonzero(benign & combined)][:40])
    finite = logits[np.isfinite(logits)]
    print("logit range:", math.floor(finite.min()), math.ceil(finite.max()))


if __name__ == "__main__":
    main()
