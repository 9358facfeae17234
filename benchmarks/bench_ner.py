"""Named-entity redaction: recall and precision per backend on a labelled EN/FR/DE/ES/IT
support corpus, and the cost per 4 KB message.

Backends: the built-in rules; spaCy's ``fr_core_news_sm`` (a real pretrained pipeline, in
the ``bench`` extra) through :class:`SpacyNER`; Presidio's AnalyzerEngine over the same
pipeline through :class:`PresidioNER`. A backend whose packages are missing is skipped.

Scoring: a labelled span is found when a detection of a matching type overlaps it
(ADDRESS and LOCATION match each other); "covered" is the share of its characters that
end up redacted. A detection overlapping no labelled span is a false positive.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_text import p, timings
from ner_corpus import NerSample, ner_messages

from mistral_secure import BuiltinNER, PresidioNER, SpacyNER, find_entities, redact

TYPES = ("PERSON", "ADDRESS", "LOCATION")
_PLACE = {"ADDRESS", "LOCATION"}


def _match(truth_type: str, found_type: str) -> bool:
    return truth_type == found_type or (truth_type in _PLACE and found_type in _PLACE)


def score(ner: Any, samples: list[NerSample]) -> dict[str, Any]:
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    covered: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    detections = false_positives = 0
    per_language: dict[str, list[int]] = {}
    for sample in samples:
        found = [(e.type, e.start, e.end) for e in find_entities(sample.text, ner=ner)]
        found = [f for f in found if f[0] in {"PERSON", "ADDRESS", "LOCATION"}]
        lang = per_language.setdefault(sample.language, [0, 0])
        for etype, start, end in sample.truth:
            totals[etype] += 1
            chars[etype] += end - start
            lang[1] += 1
            if any(_match(etype, t) and s < end and start < e for t, s, e in found):
                hits[etype] += 1
                lang[0] += 1
            covered[etype] += sum(
                max(0, min(end, e) - max(start, s)) for t, s, e in found if _match(etype, t)
            )
        for etype, start, end in found:
            detections += 1
            if not any(_match(t, etype) and start < e and s < end for t, s, e in sample.truth):
                false_positives += 1
    return {
        "recall": {t: hits[t] / totals[t] for t in TYPES if totals[t]},
        "covered": {t: covered[t] / chars[t] for t in TYPES if chars[t]},
        "precision": 1 - false_positives / detections if detections else 1.0,
        "false_positives": false_positives,
        "detections": detections,
        "per_language": {k: v[0] / v[1] for k, v in per_language.items()},
    }


def backends() -> dict[str, Any]:
    out: dict[str, Any] = {"built-in rules": BuiltinNER()}
    try:
        import spacy

        nlp = spacy.load("fr_core_news_sm")
    except (ImportError, OSError) as exc:
        print(f"(spaCy fr_core_news_sm unavailable: {exc}; pip install 'mistral-secure[bench]')")
        return out
    out["spaCy fr_core_news_sm"] = SpacyNER(nlp, entities={"PERSON", "LOCATION"})
    try:
        from mistral_secure._ner._presidio import presidio_engine

        out["Presidio + fr_core_news_sm"] = PresidioNER(
            presidio_engine(nlp), entities={"PERSON", "LOCATION"}, language="fr"
        )
    except Exception as exc:
        print(f"(Presidio unavailable: {type(exc).__name__}: {exc})")
    return out


def chunks_4kb(samples: list[NerSample]) -> list[str]:
    out, current = [], ""
    for sample in samples * 8:
        current += sample.text + "\n\n"
        if len(current) >= 4096:
            out.append(current[:4096])
            current = ""
    return out


def main() -> int:
    samples = ner_messages()
    n_entities = Counter(t for s in samples for t, _, _ in s.truth)
    print(
        f"corpus: {len(samples)} messages (EN/FR/DE/ES/IT), "
        + ", ".join(f"{n_entities[t]} {t}" for t in TYPES)
    )
    texts = chunks_4kb(samples)
    base = timings(redact, texts)
    print(f"\n{'per 4 KB message':40} {'p50 ms':>8} {'p95 ms':>8}")
    print(f"{'redact, no NER':40} {p(base, 0.5):8.3f} {p(base, 0.95):8.3f}")
    results: dict[str, dict[str, Any]] = {}
    for name, ner in backends().items():
        run: Callable[[str], object] = lambda t, ner=ner: redact(t, ner=ner)  # noqa: E731
        cost = timings(run, texts, warmup=3, rounds=1 if "rules" not in name else 3)
        print(f"{'redact, ' + name:40} {p(cost, 0.5):8.3f} {p(cost, 0.95):8.3f}")
        t0 = time.perf_counter()
        results[name] = score(ner, samples)
        results[name]["seconds"] = time.perf_counter() - t0
    print(
        f"\n{'backend':28} {'PERSON':>7} {'ADDRESS':>8} {'LOCATION':>9} {'addr chars':>10} "
        f"{'precision':>9} {'FP':>4}"
    )
    for name, r in results.items():
        rec = r["recall"]
        print(
            f"{name:28} {rec.get('PERSON', 0):7.2f} {rec.get('ADDRESS', 0):8.2f} "
            f"{rec.get('LOCATION', 0):9.2f} {r['covered'].get('ADDRESS', 0):10.2f} "
            f"{r['precision']:9.2f} {r['false_positives']:4d}"
        )
    print("\nrecall of all labelled spans, per language")
    for name, r in results.items():
        langs = "  ".join(f"{k} {v:.2f}" for k, v in r["per_language"].items())
        print(f"{name:28} {langs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
