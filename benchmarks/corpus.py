"""A generated, PII-laden chat corpus with known ground truth, shared by the benchmarks.

Every value is synthetic but valid where a checksum exists (Luhn, mod-97, NIR key, SSN
ranges), and each message also carries look-alikes that must NOT be redacted: order
numbers that fail Luhn, versions, UUIDs, git SHAs, ISBNs and dates.
"""

from __future__ import annotations

import base64
import json
import random
import string
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["GENERATORS", "LOOKALIKES", "Sample", "document", "messages", "prose"]

_WORDS = tuple(
    [
        "please",
        "can",
        "you",
        "help",
        "me",
        "with",
        "the",
        "invoice",
        "for",
        "our",
        "customer",
        "account",
        "the",
        "meeting",
        "tomorrow",
        "was",
        "moved",
        "and",
        "I",
        "need",
        "a",
        "summary",
        "of",
        "the",
        "contract",
        "terms",
        "before",
        "Friday",
        "also",
        "check",
        "whether",
        "the",
        "shipment",
        "left",
        "the",
        "warehouse",
        "and",
        "who",
        "signed",
        "the",
        "delivery",
        "note",
        "merci",
        "de",
        "me",
        "rappeler",
        "au",
        "sujet",
        "du",
        "dossier",
        "bitte",
        "schicken",
        "Sie",
        "mir",
        "die",
        "Unterlagen",
        "gracias",
        "por",
        "la",
        "respuesta",
        "grazie",
        "per",
        "il",
        "supporto",
        "thanks",
        "regards",
    ]
)


@dataclass
class Sample:
    text: str
    truth: list[tuple[str, int, int]] = field(default_factory=list)  # (entity, start, end)


def _luhn_complete(rng: random.Random, prefix: str, length: int) -> str:
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def _group(s: str, size: int, sep: str) -> str:
    return sep.join(s[i : i + size] for i in range(0, len(s), size))


def credit_card(rng: random.Random) -> str:
    prefix, length = rng.choice([("4", 16), ("51", 16), ("55", 16), ("37", 15), ("6011", 16)])
    number = _luhn_complete(rng, prefix, length)
    return _group(number, 4, rng.choice(["", " ", "-"]))


def _iban_from(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(digits) % 97
    return f"{country}{check:02d}{bban}"


def iban(rng: random.Random) -> str:
    country, length = rng.choice([("FR", 23), ("DE", 18), ("GB", 18), ("ES", 20), ("IT", 23)])
    if country == "GB":
        bban = "".join(rng.choice(string.ascii_uppercase) for _ in range(4)) + "".join(
            rng.choice(string.digits) for _ in range(14)
        )
    elif country == "IT":
        bban = rng.choice(string.ascii_uppercase) + "".join(
            rng.choice(string.digits) for _ in range(22)
        )
    else:
        bban = "".join(rng.choice(string.digits) for _ in range(length))
    value = _iban_from(country, bban)
    return _group(value, 4, " ") if rng.random() < 0.6 else value


def email(rng: random.Random) -> str:
    first = rng.choice(["jean", "anna", "john", "maria", "luca", "sofia", "ahmed", "li"])
    last = rng.choice(["dupont", "schmidt", "smith", "garcia", "rossi", "martin"])
    domain = rng.choice(["example.com", "mail.fr", "firma.de", "corp.co.uk", "empresa.es"])
    return f"{first}.{last}{rng.randint(1, 99)}@{domain}"


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def phone(rng: random.Random) -> str:
    kind = rng.choice(["fr", "fr_intl", "de", "de_intl", "uk", "uk_intl", "us", "us_intl",
                       "es", "es_intl", "it", "it_intl"])  # fmt: skip
    fr = f"{rng.choice('67')} {_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)}"
    us = f"{rng.randint(2, 9)}{_d(rng, 2)}"
    us2 = f"{rng.randint(2, 9)}{_d(rng, 2)}"
    return {
        "fr": "0" + fr,
        "fr_intl": "+33 " + fr,
        "de": f"030 {_d(rng, 8)}",
        "de_intl": f"+49 30 {_d(rng, 8)}",
        "uk": f"020 7946 {_d(rng, 4)}",
        "uk_intl": f"+44 20 7946 {_d(rng, 4)}",
        "us": f"({us}) {us2}-{_d(rng, 4)}",
        "us_intl": f"+1 {us}-{us2}-{_d(rng, 4)}",
        "es": f"6{_d(rng, 2)} {_d(rng, 3)} {_d(rng, 3)}",
        "es_intl": f"+34 6{_d(rng, 2)} {_d(rng, 3)} {_d(rng, 3)}",
        "it": f"3{_d(rng, 2)} {_d(rng, 3)} {_d(rng, 4)}",
        "it_intl": f"+39 06 {_d(rng, 4)} {_d(rng, 4)}",
    }[kind]


def us_ssn(rng: random.Random) -> str:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def ip_address(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return ".".join(str(rng.randint(1, 254)) for _ in range(4))
    groups = [f"{rng.randint(0, 0xFFFF):x}" for _ in range(4)]
    return f"2001:db8:{groups[0]}:{groups[1]}::{groups[2]}"


def fr_nir(rng: random.Random) -> str:
    body = (
        f"{rng.choice('12')}{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}"
        f"{rng.randint(1, 95):02d}{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    )
    key = 97 - int(body) % 97
    full = f"{body}{key:02d}"
    if rng.random() < 0.5:
        return full
    parts = (full[0], full[1:3], full[3:5], full[5:7], full[7:10], full[10:13], full[13:])
    return " ".join(parts)


def _alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def api_key(rng: random.Random) -> str:
    kind = rng.choice(["mistral", "openai", "anthropic", "aws", "github", "google", "stripe"])
    return {
        "mistral": _alnum(rng, 30) + "7Q",
        "openai": "sk-proj-" + _alnum(rng, 48),
        "anthropic": "sk-ant-api03-" + _alnum(rng, 40),
        "aws": "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
        "github": "ghp_" + _alnum(rng, 36),
        "google": "AIza" + _alnum(rng, 35),
        "stripe": "sk_live_" + _alnum(rng, 24),
    }[kind]


def jwt(rng: random.Random) -> str:
    def seg(obj: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{seg({'alg': 'HS256', 'typ': 'JWT'})}.{seg({'sub': _alnum(rng, 8)})}.{_alnum(rng, 43)}"


GENERATORS: dict[str, Callable[[random.Random], str]] = {
    "EMAIL_ADDRESS": email,
    "PHONE_NUMBER": phone,
    "CREDIT_CARD": credit_card,
    "IBAN_CODE": iban,
    "US_SSN": us_ssn,
    "IP_ADDRESS": ip_address,
    "FR_NIR": fr_nir,
    "API_KEY": api_key,
    "JWT": jwt,
}

# Context phrases placed before each value, as a person would write them.
_LEADS = {
    "EMAIL_ADDRESS": ["write to", "my email is", "cc"],
    "PHONE_NUMBER": ["call me on", "mon numéro :", "Tel."],
    "CREDIT_CARD": ["card number", "charge the card"],
    "IBAN_CODE": ["IBAN:", "wire it to"],
    "US_SSN": ["SSN", "social security number"],
    "IP_ADDRESS": ["the server at", "login from IP"],
    "FR_NIR": ["numéro de sécurité sociale", "NIR"],
    "API_KEY": ["MISTRAL_API_KEY=", "my api_key is"],
    "JWT": ["Authorization: Bearer", "token"],
}


def _lookalike(rng: random.Random) -> str:
    kind = rng.choice(["order", "version", "uuid", "sha", "isbn", "date", "version4"])
    if kind == "order":
        number = _luhn_complete(rng, "4", 16)
        bad = number[:-1] + str((int(number[-1]) + 1) % 10)
        return f"order {_group(bad, 4, ' ')}"
    if kind == "version":
        return f"v{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}"
    if kind == "version4":
        return f"build 1.2.3.{rng.randint(256, 999)}"
    if kind == "uuid":
        h = "".join(rng.choice("0123456789abcdef") for _ in range(32))
        return f"id {h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    if kind == "sha":
        return "commit " + "".join(rng.choice("0123456789abcdef") for _ in range(40))
    if kind == "isbn":
        return "ISBN 978-3-16-148410-0"
    return f"on {rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2024 at 10:30"


LOOKALIKES = _lookalike


def _filler(rng: random.Random, n_words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n_words))


def messages(count: int = 200, size: int = 4096, seed: int = 7) -> list[Sample]:
    """``count`` chat messages of about ``size`` characters, each with ~12 entities."""
    rng = random.Random(seed)
    out: list[Sample] = []
    types = list(GENERATORS)
    for _ in range(count):
        text = ""
        truth: list[tuple[str, int, int]] = []
        while len(text) < size - 200:
            text += _filler(rng, rng.randint(20, 40)) + " "
            if rng.random() < 0.35:
                text += _lookalike(rng) + ", "
            etype = rng.choice(types)
            text += rng.choice(_LEADS[etype]) + " "
            value = GENERATORS[etype](rng)
            truth.append((etype, len(text), len(text) + len(value)))
            text += value + ". "
        out.append(Sample(text, truth))
    return out


def document(size: int = 1_000_000, seed: int = 11) -> str:
    """One long document of about ``size`` characters built from messages."""
    parts: list[str] = []
    total = 0
    for sample in messages(count=max(1, size // 4096 + 1), seed=seed):
        parts.append(sample.text)
        total += len(sample.text) + 1
        if total >= size:
            break
    return "\n".join(parts)[:size]


def prose(size: int = 1_000_000, every: int = 4096, seed: int = 13) -> str:
    """About ``size`` characters of chat prose with one entity every ``every`` characters."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    kinds = list(GENERATORS)
    while total < size:
        chunk = _filler(rng, every // 7) + " " + GENERATORS[rng.choice(kinds)](rng) + ". "
        parts.append(chunk)
        total += len(chunk)
    return "".join(parts)[:size]
