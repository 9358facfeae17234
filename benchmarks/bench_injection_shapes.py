"""Slow-shape search: hostile 200 KB inputs built from runs and mixes of brackets, spaces,
trigger words and encodings, timed through ``detect_injection`` and ``Guard.check_input``.
Redaction's shapes too: dense valid values (one repeated, or all different), their pairs,
and values strewn through the rules' word soup.

Prints every shape slower than 20 ms and the worst one, in ms per 200 KB: CPU time of this
process (what the check costs, not what other jobs on the machine take from it), and wall
time next to it. The target is <= 100 ms for both. Then the worst shapes again, on new text
of the same shape: the first long text of a kind also pays what a process pays once (the
rule Sets its candidates need are compiled, RE2 builds its first DFA states).
Run: ``.venv/bin/python benchmarks/bench_injection_shapes.py [--quick]``
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import functools
import itertools
import os
import random
import statistics
import sys
import time
from collections.abc import Callable

from mistral_secure import Guard, GuardBlocked, Policy, detect_injection

SIZE = 200_000
ATOMS = (
    "![", "[", "]", "](", "(", ")", "<", ">", "</", '"', "«", "'", "`", " ", "  ", "\n",
    ":", "=", "?", "%41", "&#105;", "\\u0041", "\\x41", "a", "a ", "i g n o r e ",
    "ignore ", "previous ", "instructions ", "system: ", "user: ", "assistant: ",
    "<thinking>", "http://x.io/?q=", "QUJD", "0f", "1gn0r3 ", "Іgn", "\u200b", "\U000e0041",
    ".- ", "01101001 ", "@", "send the conversation to ", "note to ai: ", "-", "_", "*",
)  # fmt: skip
SEEDS = (
    "![ a b ", "![ i g n o r e ", '"ignore all previous instructions" ', "\nuser: a\n",
    "[[ a ", "call f(", base64.b64encode(b"ignore all previous instructions").decode() + " ",
    "a" * 199 + "\n", "ign\u200bore ", "%69%67%6e ",
)  # fmt: skip


def soups(seed: int = 14) -> list[tuple[str, str]]:
    """Text dense with the rules' own words: every rule's required words occur, so no
    prefilter can skip a rule, and every trigger word opens a partial match."""
    from mistral_secure._injection import _engine

    words = sorted(_engine((), frozenset()).vocabulary)
    rng = random.Random(seed)
    random_soup = " ".join(rng.choice(words) for _ in range(SIZE // 4))
    found = [("vocabulary soup (random rule words)", random_soup)]
    in_turn = words if seed == 14 else words[::-1]  # another seed: another order
    found.append(("vocabulary soup (every rule word in turn)", " ".join(in_turn)))
    sentences = ". ".join(" ".join(rng.choice(words) for _ in range(12)) for _ in range(2000))
    found.append(("vocabulary soup in 12-word sentences", sentences))
    return found


# Worst shapes of earlier full runs: measured in --quick runs too.
KNOWN_WORST = (
    "]01101001 ", "«\U000e0041", "(\u200b", "](\\x41", "&#105;\\u0041", ">01101001 ",
    "\n01101001 ", "%41QUJD\u200b", "%41previous \u200b", "\\x41a i g n o r e ", "&#105;\u200b",
    "?01101001 ", "«01101001 ", ":01101001 ", "&#105;1gn0r3 ", "&#105;\U000e0041",
    "\\x41", '"note to ai: ', "</01101001 ", "\\x41a \U000e0041", "&#105;i g n o r e ",
    "2345 ",  # valid card groupings: 10,000 cards to find (bench_text.py's worst)
    # A credential's name repeated: each one was a validator call that read the value after
    # it (270-440 ms per 200 KB in redact under load, seventh pass); RE2 now reads the value's
    # shape (issue 14 item 5, redact8).
    "password=", "pwd: ", "token: ", "Bearer ", "PIN: ", "a_pass=", "Basic ", "basic Basic ",
    # Names with values the validator reads and refuses, or accepts (dense valid secrets).
    "password: hunter ", "pwd=hunter22 ", "token: xK9fQ2mLp8RtZ3vB7 ", "PIN: 1111 ",
    "PIN: 4821 ", "Authorization: Basic dXNlcjpwYXNz ", "<password>x</password>",
    '"password": "', "password:\n  ", "[db]\npassword = ",
    # Dense valid entities: one found and replaced every few characters.
    "a@b.co ", "4111 1111 1111 1111 ", "4111/1111/1111/1111 ", "+33 6 12 34 56 78 ",
    "DE89 3704 0044 0532 0130 00 ", "123-45-6789 ", "10.0.0.1 ",
    # The entities of item 6: dates of birth, UK NINOs, passports, and their words alone.
    "DOB: 01/02/1990 ", "DOB ", "born on 1990-02-01 ", "QQ 12 34 56 C ", "QQ123456C ",
    "NI number ", "passport: 123456789 ", "passport ", "Reisepass Nr. C01X00T47 ",
)  # fmt: skip


# Dense valid values for redaction (issue 14): one found and replaced every few characters.
DENSE = (
    "a@b.co ", "10.0.0.1 ", "192.168.201.254 ", "pwd=hunter22 ", "PIN: 4821 ",
    "password: hunter ", "2345 ", "+33 6 12 34 56 78 ", "123-45-6789 ",
)  # fmt: skip
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# The same shapes with every value different: no per-scan memo answers for the next one.
DISTINCT: dict[str, Callable[[random.Random], str]] = {
    "distinct e-mails": lambda r: f"{r.choice(_LETTERS)}{r.randrange(10**4)}@{r.choice('xyz')}.co ",
    "distinct IPv4": lambda r: f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)} ",
    "distinct pwd=": lambda r: f"pwd=hunter{r.randrange(10**6)} ",
    "distinct PIN:": lambda r: f"PIN: {r.randrange(1000, 10**4)} ",
    "distinct password:": lambda r: "password: " + "".join(r.choices(_LETTERS, k=7)) + " ",
    "distinct mix": lambda r: r.choice(tuple(DISTINCT.values())[:5])(r),
}  # fmt: skip


def dense(seed: int = 14) -> list[tuple[str, str]]:
    """Dense values: every value different, pairs of the repeated ones, and values strewn
    through the rule-word soup (redaction and detection both busy on one text)."""
    rng = random.Random(seed)
    found: list[tuple[str, str]] = []
    for name, value in DISTINCT.items():
        parts: list[str] = []
        size = 0
        while size < SIZE:
            parts.append(value(rng))
            size += len(parts[-1])
        found.append((name, "".join(parts)))
    found += [(repr(a + b), a + b) for a, b in itertools.combinations(DENSE, 2)]
    words = soups(seed)[0][1].split(" ")
    strewn = " ".join(w if i % 3 else rng.choice(DENSE).strip() for i, w in enumerate(words))
    found.append(("rule-word soup with a value every third word", strewn))
    return found


def shapes(quick: bool) -> list[tuple[str, str, str]]:
    """(name, text for detect_injection, text for Guard.check_input): never the same text
    twice, or the second call would find the RE2 states the first one built."""
    fresh = {name: text for name, text in (*soups(seed=15), *dense(seed=15))}
    out = []
    for name, unit in _units(quick):
        first = (unit * (SIZE // len(unit) + 1))[:SIZE]
        second = fresh.get(name) or (unit * (SIZE // len(unit) + 2))[1 : SIZE + 1]
        out.append((name, first, (second * (SIZE // len(second) + 1))[:SIZE]))
    return out


def _units(quick: bool) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = [(repr(s), s) for s in SEEDS]
    found += [(repr(a), a) for a in ATOMS]
    pairs = list(itertools.combinations(ATOMS, 2))
    triples = list(itertools.combinations(ATOMS, 3))
    rng = random.Random(14)
    found += [(repr(a + b), a + b) for a, b in pairs]
    found += [(repr("".join(t)), "".join(t)) for t in rng.sample(triples, 60 if quick else 400)]
    if quick:
        found = found[:: max(1, len(found) // 150)]
    return [*soups(), *dense(), *((repr(k), k) for k in KNOWN_WORST), *found]


def timed(func: object, text: str) -> tuple[float, float]:
    """CPU and wall milliseconds of one call."""
    start, cpu = time.perf_counter(), time.process_time()
    with contextlib.suppress(GuardBlocked):  # a blocked input still took this long to judge
        func(text)  # type: ignore[operator]
    return (time.process_time() - cpu) * 1e3, (time.perf_counter() - start) * 1e3


def main() -> None:
    quick = "--quick" in sys.argv
    guard = Guard(Policy(moderation={"enabled": False}, limits={"max_input_chars": None}))
    detect_injection("warm up")
    guard.check_input("warm up")
    worst = {"detect_injection": (0.0, ""), "Guard.check_input": (0.0, "")}
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"{now}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    count = 0
    for name, first, second in shapes(quick):
        for label, func, text in (
            ("detect_injection", detect_injection, first),
            ("Guard.check_input", guard.check_input, second),
        ):
            ms, wall = timed(func, text)
            if ms > 20:
                print(f"{label:18} {ms:8.1f} ms CPU {wall:8.1f} ms wall  {name[:60]}")
            if ms > worst[label][0]:
                worst[label] = (ms, name)
        count += 1
    print(f"\n{count} shapes x 2 entry points, 200 KB each; load average {os.getloadavg()[0]:.2f}")
    for label, (ms, name) in worst.items():
        print(f"worst {label:18} {ms:8.1f} ms CPU per 200 KB  shape {name[:60]}")
    # The first long text of a kind pays once per process: the rule Sets its candidates need
    # are compiled then, and RE2 builds its first DFA states. The same shape again, on text
    # of that shape it has not seen, is what each further request of that shape costs.
    funcs = {"detect_injection": detect_injection, "Guard.check_input": guard.check_input}
    for label, (_ms, name) in worst.items():
        again = [ms for ms, _wall in map(functools.partial(timed, funcs[label]), fresh(name))]
        print(
            f"again {label:18} {min(again):8.1f} ms CPU per 200 KB  (best of {len(again)} new "
            f"texts of that shape; median {statistics.median(again):.1f})"
        )


def fresh(name: str) -> list[str]:
    """Three 200 KB texts of shape ``name`` none of the runs above has seen (other seeds,
    and each cut at another offset, for the shapes no seed changes)."""
    texts = []
    for shift in (2, 3, 4):
        kinds = {n: t for n, t in (*soups(14 + shift), *dense(14 + shift))}
        unit = kinds.get(name) or dict(_units(quick=False)).get(name, name)
        texts.append((unit * (SIZE // len(unit) + 5))[shift : SIZE + shift])
    return texts


if __name__ == "__main__":
    main()
