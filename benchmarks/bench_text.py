"""Text defenses: latency per 4 KB message, MB/s on 1 MB, and recall vs Presidio.

Run with ``make bench`` (installs the ``bench`` extra) or ``python benchmarks/bench_text.py``.
Presidio runs with its pattern recognizers only, over a blank spaCy pipeline (no model
download): the same job as ours, so the comparison is like for like.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import Sample, document, messages, prose

from mistral_secure._redaction import find_entities, redact

ENTITY_TYPES = (
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "US_SSN",
    "IP_ADDRESS",
    "FR_NIR",
    "API_KEY",
    "JWT",
)


_HOSTILE_SIZE = 200_000
# Shapes that make a scanner restart or re-validate at every position (see
# tests/test_hostile_inputs.py); time should stay linear, well under a second each.
HOSTILE = {
    "spaced digits '1 '": "1 " * (_HOSTILE_SIZE // 2),
    "dashed digits '4-'": "4-" * (_HOSTILE_SIZE // 2),
    "digit groups '2345 '": "2345 " * (_HOSTILE_SIZE // 5),
    "colons '1:'": "1:" * (_HOSTILE_SIZE // 2),
    "double colons '1::'": "1::" * (_HOSTILE_SIZE // 3),
    "bad quads '1.2.3.999 '": "1.2.3.999 " * (_HOSTILE_SIZE // 10),
    "dotted run '1.'": "1." * (_HOSTILE_SIZE // 2),
    "PEM headers": "-----BEGIN RSA PRIVATE KEY-----\n" * (_HOSTILE_SIZE // 32),
}


def timings(
    func: Callable[[str], object], texts: list[str], warmup: int = 20, rounds: int = 3
) -> list[float]:
    """Per-message latency, best of ``rounds`` (filters out noise from other processes)."""
    for text in texts[:warmup]:
        func(text)
    best = [float("inf")] * len(texts)
    for _ in range(rounds):
        for i, text in enumerate(texts):
            t0 = time.perf_counter()
            func(text)
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


# What the output sanitizer hands over: many short segments per answer, so the fixed
# cost of a call matters as much as the scan.
_SEGMENT = (
    "The quarterly report shows revenue grew 12% while costs stayed flat; the main "
    "drivers are pricing, volume and the new cache. "
) * 3
PER_CALL: dict[str, Callable[[], object]] = {
    'find_entities("")': lambda: find_entities(""),
    'find_entities("short clean sentence")': lambda: find_entities("short clean sentence"),
    "find_entities, 250 chars, no entity": lambda: find_entities(_SEGMENT[:250]),
    "find_entities, 250 chars, 1 email": lambda: find_entities(
        _SEGMENT[:226] + " bob@example.com ok"
    ),
    "redact, 250 chars, 1 email": lambda: redact(_SEGMENT[:226] + " bob@example.com ok"),
}


def per_call(func: Callable[[], object], number: int = 5000, rounds: int = 5) -> float:
    """Microseconds per call, best of ``rounds`` batches."""
    for _ in range(100):
        func()
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(number):
            func()
        best = min(best, (time.perf_counter() - t0) / number)
    return best * 1e6


def p(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1e3


def throughput(func: Callable[[str], object], text: str, repeat: int = 3) -> float:
    func(text)
    best = min(_once(func, text) for _ in range(repeat))
    return len(text) / best / 1e6


def _once(func: Callable[[str], object], text: str) -> float:
    t0 = time.perf_counter()
    func(text)
    return time.perf_counter() - t0


def optional(name: str) -> Callable[[str], object] | None:
    try:
        if name == "detect_injection":
            from mistral_secure import detect_injection

            return detect_injection
        if name == "sanitize_output":
            from mistral_secure import sanitize_output

            return sanitize_output
        if name == "guard":
            from mistral_secure import Guard, Policy

            policy = Policy.model_validate(
                {"moderation": {"enabled": False}, "redaction": {"enabled": True}}
            )
            guard = Guard(policy)

            def check(text: str) -> object:
                try:
                    return guard.check_input(text)
                except Exception as exc:  # a block is a result here
                    return exc

            return check
    except Exception as exc:
        print(f"  ({name} unavailable: {type(exc).__name__}: {exc})")
    return None


def recall(
    found: Callable[[str], list[tuple[str, int, int]]], samples: list[Sample]
) -> Counter[str]:
    """Truth entities matched by an overlapping detection of the same type."""
    hits: Counter[str] = Counter()
    for sample in samples:
        spans = found(sample.text)
        for etype, start, end in sample.truth:
            if any(t == etype and s < end and start < e for t, s, e in spans):
                hits[etype] += 1
    return hits


def presidio_engines() -> tuple[Any, Any] | None:
    try:
        import spacy
        import tldextract
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import (
            CreditCardRecognizer,
            EmailRecognizer,
            IbanRecognizer,
            IpRecognizer,
            PhoneRecognizer,
            UsSsnRecognizer,
        )
        from presidio_anonymizer import AnonymizerEngine
    except ImportError as exc:
        print(f"  (presidio unavailable: {exc}; pip install 'mistral-secure[bench]')")
        return None

    # Presidio's email check calls tldextract, which would try to download the public
    # suffix list on first use; the bundled snapshot is what an offline install gets.
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    class BlankSpacyEngine(SpacyNlpEngine):  # type: ignore[misc]
        """SpacyNlpEngine over spacy.blank('en'): tokenizer only, no model to download."""

        def load(self) -> None:
            self.nlp = {"en": spacy.blank("en")}

    nlp = BlankSpacyEngine(models=[{"lang_code": "en", "model_name": "blank"}])
    nlp.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in (
        EmailRecognizer(),
        PhoneRecognizer(supported_regions=("US", "GB", "DE", "FR", "ES", "IT")),
        CreditCardRecognizer(),
        IbanRecognizer(),
        UsSsnRecognizer(),
        IpRecognizer(),
    ):
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])
    return analyzer, AnonymizerEngine()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--doc-size", type=int, default=1_000_000)
    parser.add_argument("--no-presidio", action="store_true")
    args = parser.parse_args()

    samples = messages(args.messages)
    texts = [s.text for s in samples]
    doc = document(args.doc_size)
    sparse = prose(args.doc_size)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    avg_entities = sum(len(s.truth) for s in samples) / len(samples)
    print(
        f"corpus: {len(samples)} messages of ~{sum(map(len, texts)) // len(texts)} chars, "
        f"{avg_entities:.1f} entities + look-alikes each; document {len(doc) / 1e6:.1f} MB\n"
    )

    print(f"{'fixed cost per call':48} {'us':>8}")
    for name, call in PER_CALL.items():
        print(f"{name:48} {per_call(call):8.2f}")
    print()

    rows: list[tuple[str, list[float]]] = []
    funcs: dict[str, Callable[[str], object] | None] = {
        "redact": redact,
        "find_entities (secrets only)": lambda t: find_entities(
            t, entities={"API_KEY", "PRIVATE_KEY", "JWT"}
        ),
        "detect_injection": optional("detect_injection"),
        "sanitize_output": optional("sanitize_output"),
    }
    inj = funcs["detect_injection"]
    if inj is not None:
        injection = inj

        def full(text: str) -> object:
            injection(text)
            return redact(text)

        funcs["input check (detect_injection + redact)"] = full
    funcs["Guard.check_input (moderation off)"] = optional("guard")
    for name, func in funcs.items():
        if func is not None:
            rows.append((name, timings(func, texts)))

    guard_check = funcs["Guard.check_input (moderation off)"]
    if guard_check is not None:
        # Most chat messages carry few entities: 4 KB slices of prose with one each.
        typical = [sparse[i * 4096 : (i + 1) * 4096] for i in range(len(sparse) // 4096)]
        rows.append(("Guard.check_input, 4 KB prose, ~1 entity", timings(guard_check, typical)))

    print(f"{'per 4 KB message':48} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in rows:
        print(f"{name:48} {p(values, 0.5):8.3f} {p(values, 0.95):8.3f}")

    ours_mbs = throughput(redact, doc)
    ours_sparse = throughput(redact, sparse)
    print(f"\nredact on 1 MB, PII-dense (1 entity / ~230 chars): {ours_mbs:6.1f} MB/s")
    print(f"redact on 1 MB, prose, 1 entity / 4 KB:             {ours_sparse:6.1f} MB/s")

    print(f"\n{'redact on 200 KB hostile input':32} {'ms':>8}")
    for name, text in HOSTILE.items():
        print(f"{name:32} {min(_once(redact, text) for _ in range(3)) * 1e3:8.1f}")

    ours_hits = recall(lambda t: [(e.type, e.start, e.end) for e in find_entities(t)], samples)
    totals: Counter[str] = Counter(t for s in samples for t, _, _ in s.truth)

    presidio_hits: Counter[str] | None = None
    if not args.no_presidio:
        engines = presidio_engines()
        if engines is not None:
            analyzer, anonymizer = engines

            def presidio(text: str) -> object:
                results = analyzer.analyze(text=text, language="en")
                return anonymizer.anonymize(text=text, analyzer_results=results)

            sub = texts[: min(len(texts), 100)]
            ptimes = timings(presidio, sub, warmup=3, rounds=1)
            ours = timings(redact, sub)
            ratio = p(ptimes, 0.5) / p(ours, 0.5)
            print(
                f"\nPresidio analyze+anonymize (pattern recognizers, blank spaCy): "
                f"p50 {p(ptimes, 0.5):.2f} ms, p95 {p(ptimes, 0.95):.2f} ms per 4 KB message"
            )
            print(f"speed ratio (Presidio p50 / redact p50): {ratio:.0f}x")
            pdoc = doc[: args.doc_size // 4]
            pmbs = len(pdoc) / _once(presidio, pdoc) / 1e6
            print(f"Presidio on {len(pdoc) / 1e6:.2f} MB: {pmbs:.2f} MB/s ({ours_mbs / pmbs:.0f}x)")

            def presidio_found(text: str) -> list[tuple[str, int, int]]:
                return [(r.entity_type, r.start, r.end) for r in analyzer.analyze(text, "en")]

            presidio_hits = recall(presidio_found, samples)

    print(f"\n{'recall on the corpus':16} {'n':>6} {'mistral-secure':>15} {'Presidio':>10}")
    for etype in ENTITY_TYPES:
        n = totals[etype]
        ours_r = ours_hits[etype] / n if n else 0.0
        theirs = "-" if presidio_hits is None else f"{presidio_hits[etype] / n:.2f}"
        if presidio_hits is not None and etype in ("FR_NIR", "API_KEY", "JWT"):
            theirs += "*"
        print(f"{etype:16} {n:6d} {ours_r:15.2f} {theirs:>10}")
    if presidio_hits is not None:
        print("* Presidio has no built-in recognizer for this type.")
    lookalikes = sum(
        1 for s in samples for e in find_entities(s.text) if (e.type, e.start, e.end) not in s.truth
    )
    print(f"\nfalse positives (look-alikes: orders, versions, UUIDs, SHAs, ISBNs): {lookalikes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
