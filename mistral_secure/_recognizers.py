"""Built-in PII and secret patterns, and the validators that run after a match.

Every pattern is RE2 syntax (no look-around, no back-references) and runs on the text
encoded with ``str.encode("ascii", "replace")``: one byte per character, so byte offsets
are character offsets, and RE2's ASCII-only ``\\b`` and ``\\d`` behave exactly as on the
UTF-8 text. The checks RE2 cannot express (Luhn, mod-97, SSN ranges, NIR key, context
words, JSON headers) happen in Python on the few candidates RE2 finds.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import itertools
import json
import math
import re
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

import re2

from ._credential_names import WORDS_FOR_PASSWORDS, WORDS_FOR_TOKENS

__all__ = [
    "BUILTIN_ENTITIES",
    "BUILTIN_PATTERNS",
    "SECRET_ENTITIES",
    "BuiltinPattern",
    "iban_valid",
    "luhn_valid",
    "memo_key",
    "nir_valid",
    "random_key_like",
    "ssn_valid",
]

SECRET_ENTITIES = frozenset({"API_KEY", "PRIVATE_KEY", "JWT", "PASSWORD"})

# A validator gets the full text and a candidate span; it returns the (possibly trimmed)
# span to redact, or None to let the candidate through untouched.
Validator = Callable[[str, int, int], "tuple[int, int] | None"]


@dataclass(frozen=True, slots=True)
class BuiltinPattern:
    """One alternative of the combined pattern, in priority order."""

    name: str
    entity: str
    provider: str | None
    regex: bytes
    validator: Validator | None = None
    # Patterns of one group share an RE2 DFA when scanned (see ``_redaction._Scanner``):
    # groups keep the partial matches of unrelated patterns from multiplying its states.
    scan_group: str = "secret"
    # Read again where a line break splits a token (``_redaction._broken_secrets``). Not for
    # a value after its name: joining the next line would take that line's first word.
    across_lines: bool = True
    # True when the validator rejects this value whatever surrounds it: the scan asks it
    # once per distinct value (a run of 20,000 binary words is one value).
    rejects: Callable[[str], bool] | None = None
    # The candidate the validator judges, when ``regex`` goes on to read a shape the value
    # after it must have (RE2 then drops a repeated name with no value in one pass); the
    # scan cuts the match back to this prefix before the validator sees it.
    head: bytes | None = None
    # How many characters before the match and after it the validator reads, when bounded:
    # the scan then judges each distinct reading once (a dense run of one value, valid or
    # not, is one validator call).
    reads: tuple[int, int] | None = None


_DATE = re.compile(r"\d{2}[./-]\d{2}[./-](?:19|20)\d{2}")

# Process-wide memos are keyed by a keyed digest of the value, never by the value: a card
# number or a key must not stay in memory after the call that redacted it returns.
_MEMO_KEY = secrets.token_bytes(16)


def memo_key(value: str) -> bytes:
    """What stands for ``value`` in a process-wide memo."""
    data = value.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, key=_MEMO_KEY, digest_size=16).digest()


# --- validators -------------------------------------------------------------------------

# Luhn doubles every second digit from the right: "7" -> 14 -> "5" (1 + 4).
_LUHN_DOUBLED = str.maketrans("0123456789", "0246813579")
_LUHN_DOUBLED_ASCII = bytes.maketrans(b"0123456789", b"0246813579")


def luhn_valid(digits: str) -> bool:
    """Luhn checksum of a digit string."""
    if digits.isascii():
        # bytes.translate is a table lookup in C; str.translate goes through a dict.
        data = digits.encode()
        total = sum(data[-1::-2]) + sum(data[-2::-2].translate(_LUHN_DOUBLED_ASCII))
        return (total - 48 * len(data)) % 10 == 0
    kept = digits[-1::-2]
    doubled = digits[-2::-2].translate(_LUHN_DOUBLED)
    return (sum(kept.encode()) + sum(doubled.encode()) - 48 * len(digits)) % 10 == 0


_SEPARATORS = str.maketrans("", "", " -./()+")


def _digits(s: str) -> str:
    """The digits of a candidate whose regex allows only digits and separators."""
    if s.isascii():
        return s.encode().translate(None, b" -./()+").decode()
    return s.translate(_SEPARATORS)


# Card groups: space, dash, dot, slash or underscore (the redaction reads no-break and thin
# spaces as spaces, and dot-like marks as dots), and one line break where a card is wrapped.
# A group boundary of any other kind ends a card.
_CARD_GROUP = re.compile(r"\d+|\r\n|[^\d]")
_CARD_SEPARATORS = str.maketrans("", "", " \t-./_\r\n")
_CARD_SEP_KIND = {" ": " ", "\t": "\t", "-": "-", ".": ".", "/": "/", "_": "_"}


def _credit_card(text: str, start: int, end: int) -> tuple[int, int] | None:
    value = text[start:end]
    if "/" in value and "/" in text[start - 1 : start] + text[end : end + 1]:
        return None  # numbers between slashes in a path ("/v1/2345/6789/...")
    if value.isdigit():
        n = len(value)
        ok = 13 <= n <= 19 and value[0] in "23456" and luhn_valid(value)
        return (start, end) if ok else None
    if " - " in value:  # "4111 - 1111 - 1111 - 1111": the dashes are the separator
        return (start, end) if _whole_card(value.replace(" - ", "-")) else None
    if _whole_card(value):
        return start, end
    # Repeated candidates (tables, hostile runs) are worked out once.
    key = memo_key(value)
    known = _CARD_WINDOWS.get(key, _UNKNOWN)
    if known is _UNKNOWN:
        known = _card_window(value)
        if len(_CARD_WINDOWS) >= 1024:
            _CARD_WINDOWS.clear()
        _CARD_WINDOWS[key] = known
    return None if known is None else (start + known[0], start + known[1])


def _card_rejects(value: str) -> bool:
    """Whether :func:`_credit_card` rejects ``value`` wherever it stands (it reads around it
    only to refuse a path), so a hostile run of one rejected grouping ("2345 " x 40,000) is
    judged once per scan."""
    return _credit_card(value, 0, len(value)) is None


def _whole_card(value: str) -> bool:
    """The whole grouped candidate is one card: 13-19 digits, one kind of separator, Luhn."""
    digits = value.translate(_CARD_SEPARATORS)
    return (
        13 <= len(digits) <= 19
        and value[0] in "23456"
        and digits.isdigit()
        and _one_separator_kind(value, len(value) - len(digits))
        and luhn_valid(digits)
    )


def _one_separator_kind(value: str, separators: int) -> bool:
    """Dashes, dots, slashes or underscores, when there are any, are the only separator
    ("4111-1111-1111-1111"); one line break may stand for any of them (a wrapped card)."""
    breaks = value.count("\n")
    if breaks > 1:
        return False
    others = separators - breaks - value.count("\r")
    return all(value.count(sep) in (0, others) for sep in "\t-./_")


_UNKNOWN = (-1, -1)
_CARD_WINDOWS: dict[bytes, tuple[int, int] | None] = {}


def _card_window(value: str) -> tuple[int, int] | None:
    """The card inside a grouped candidate, as offsets in it."""
    # The pattern may have swallowed a neighbouring number ("4111 ... 1111 2024"), so try
    # runs of whole groups: a few starts, every end from the longest down. Windows never
    # cross a change of separator; each costs one Luhn check at most.
    parts = _CARD_GROUP.findall(value)
    groups = parts[0::2]
    kinds = [_CARD_SEP_KIND.get(sep, "x") for sep in parts[1::2]]
    kinds.append("x")
    sizes = [len(g) for g in groups]
    offset = 0
    for i in range(min(4, len(groups))):
        if i:
            offset += sizes[i - 1] + 1
        if groups[i][0] not in "23456":
            continue
        kind = kinds[i]
        total = sizes[i]
        last = i
        while total + sizes[last + 1 if last + 1 < len(sizes) else last] <= 19 and (
            last + 1 < len(groups) and kinds[last] == kind and kind != "x"
        ):
            last += 1
            total += sizes[last]
        while last >= i and total >= 13:
            if luhn_valid("".join(groups[i : last + 1])):
                return offset, offset + total + (last - i)
            total -= sizes[last]
            last -= 1
    return None


# ISO 13616 registry: country code -> IBAN length.
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


_IBAN_LETTERS = str.maketrans({chr(65 + i): str(10 + i) for i in range(26)})


def iban_valid(iban: str) -> bool:
    """Country length and ISO 7064 mod-97 check of a compact (no spaces) IBAN."""
    if _IBAN_LENGTHS.get(iban[:2]) != len(iban):
        return False
    rest, check = iban[4:], iban[2:4]
    if rest.isascii() and rest.isdigit() and check.isascii() and check.isdigit():
        # All digits after the country (most countries): the country's letters are
        # 10..35, two decimal digits each, between the rest and the check digits.
        country = (ord(iban[0]) - 55) * 100 + ord(iban[1]) - 55
        return (int(rest) * 1_000_000 + country * 100 + int(check)) % 97 == 1
    rearranged = (iban[4:] + iban[:4]).translate(_IBAN_LETTERS)
    return rearranged.isdigit() and int(rearranged) % 97 == 1


def _iban(text: str, start: int, end: int) -> tuple[int, int] | None:
    length = _IBAN_LENGTHS.get(text[start : start + 2].upper())
    if length is None:
        return None
    # Groups are split by spaces, dots or dashes, one kind per IBAN.
    sep = text[start + 4 : start + 5]
    if sep not in (".", "-"):
        sep = " "
    compact = text[start:end].replace(sep, "")
    if len(compact) < length:
        return None
    if len(compact) == length:  # the common case: the candidate is the whole IBAN
        if end < len(text) and text[end].isalnum():
            return None
        return (start, end) if _iban_compact(compact) else None
    # The pattern may run into a following word in capitals: keep exactly `length` chars.
    # Separators sit only between groups, so a couple of rounds settle where the IBAN ends.
    stop = start + length
    for _ in range(12):
        seps = text.count(sep, start, stop)
        if stop == start + length + seps:
            break
        stop = start + length + seps
    if stop > end or text[stop - 1] == sep:
        return None
    if stop < len(text) and text[stop].isalnum():
        return None
    return (start, stop) if _iban_compact(text[start:stop].replace(sep, "")) else None


def _iban_compact(compact: str) -> bool:
    return compact.isalnum() and iban_valid(compact.upper())


def ssn_valid(ssn: str, *, named: bool = False) -> bool:
    """US SSN ranges: area 000, 666 and 900-999, group 00 and serial 0000 are never issued.

    The famous fakes (``123-45-6789``, Woolworth's ``078-05-1120``) count only ``named``:
    after "SSN" they are what a user typed as one, and a reviewer's first test.
    """
    digits = _digits(ssn)
    if len(digits) != 9 or not digits.isdigit():
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return named or digits not in ("123456789", "078051120")


# "SSN", "social security (number)", and "social" alone, as people say it ("my social is").
_SSN_NAME_AT_END = re.compile(
    r"(?i)(?:ssn|\bsocial|security(?: number| no\.?)?)(?:\W{0,4}|\s+is\s+)$"
)
_SSN_READS = 24


def _ssn(text: str, start: int, end: int) -> tuple[int, int] | None:
    if text[start + 3] == "." and _numbered(text, start):
        return None  # "version 100.20.3000"
    named = _SSN_NAME_AT_END.search(text[max(0, start - _SSN_READS) : start]) is not None
    return (start, end) if ssn_valid(text[start:end], named=named) else None


def _last_ssn(text: str, start: int, end: int) -> tuple[int, int] | None:
    return (end - 9, end) if ssn_valid(text[end - 9 : end], named=True) else None


def nir_valid(nir: str) -> bool:
    """French NIR: 13 characters plus a key equal to 97 - (number mod 97); Corsica 2A/2B."""
    compact = nir.replace(" ", "").upper()
    if len(compact) != 15:
        return False
    body, key = compact[:13], compact[13:]
    if not body.isdigit():
        # Corsican departments: 2A counts as 19, 2B as 18 in the key computation.
        body = body[:5] + body[5:7].replace("2A", "19").replace("2B", "18") + body[7:]
    if not body.isdigit() or not key.isdigit():
        return False
    return 97 - int(body) % 97 == int(key)


def _nir(text: str, start: int, end: int) -> tuple[int, int] | None:
    return (start, end) if nir_valid(text[start:end]) else None


def _digit_neighbour(text: str, start: int, end: int, seps: str) -> bool:
    """True when the span is a piece of a longer run of digits (an order or a card number)."""
    if start > 0 and text[start - 1].isdigit():
        return True
    if start > 1 and text[start - 1] in seps and text[start - 2].isdigit():
        return True
    if end < len(text) and text[end].isdigit():
        return True
    return end + 1 < len(text) and text[end] in seps and text[end + 1].isdigit()


# Words after which a dotted quad numbers a version or a heading, not a host.
_NUMBERING_WORDS = frozenset(
    [
        "v",
        "ver",
        "ver.",
        "version",
        "release",
        "rel.",
        "build",
        "revision",
        "rev.",
        "section",
        "sec.",
        "chapter",
        "ch.",
        "§",
        "para",
        "paragraph",
        "art.",
        "article",
        "clause",
        "rule",
        "step",
        "item",
        "figure",
        "fig.",
        "table",
        "appendix",
        "part",
    ]
)


def _numbered(text: str, start: int) -> bool:
    """True after a numbering word ("version", "§", "step"...) or a ``v``: a version."""
    before = text[max(0, start - 16) : start].lower()
    if before.endswith("v") and not before[-2:-1].isalpha():  # v1.2.3.4
        return True
    words = before.rstrip(" :#").split()
    if words and (words[-1] in _NUMBERING_WORDS or words[-1].endswith("§")):
        return True
    return "version" in before[-12:]


def _ipv4(text: str, start: int, end: int) -> tuple[int, int] | None:
    # The pattern takes the whole dotted run: "1.2.3.4.5" is a version, not an address.
    if text.count(".", start, end) != 3:
        return None
    if start > 1 and text[start - 1] == "." and text[start - 2].isalnum():
        return None
    return None if _numbered(text, start) else (start, end)


_EMBEDDED_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


def _ipv6(text: str, start: int, end: int) -> tuple[int, int] | None:
    if end < len(text) and text[end] == ".":
        # "::ffff:192.168.1.10": the pattern stops at the first dot; the address (and the
        # IPv4 inside it) runs on through the dotted quad.
        embedded = _EMBEDDED_IPV4.match(text, text.rfind(":", start, end) + 1)
        if embedded is not None:
            end = embedded.end()
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in ":_"):
        return None
    if end < len(text) and (text[end].isalnum() or text[end] in ":_"):
        return None
    value = text[start:end]
    groups = value.split(":")
    if len(groups) - groups.count("") < 2 or len(value) - len(groups) + 1 < 4:
        return None
    if "." in value:
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            return None
        return start, end
    # The pattern guarantees hex groups of 1-4 digits; what is left is the group count.
    elided = value.count("::")
    if elided > 1 or ":::" in value or (value[-1] == ":" and value[-2] != ":"):
        return None
    count = len(groups) - groups.count("")
    return (start, end) if (count <= 7 if elided else count == 8) else None


def _phone(text: str, start: int, end: int) -> tuple[int, int] | None:
    span = _phone_span(text, start, end)
    if span is None and text[start] == "+":
        # The international pattern takes up to six digit groups, so it can run on into a
        # number that follows ("+49 30 01290404 0 3760 4876..."): the number without its
        # last space-separated groups may be the phone.
        cut = end
        for _ in range(6):
            cut = text.rfind(" ", start, cut)
            if cut <= start:
                break
            span = _phone_span(text, start, cut)
            if span is not None:
                break
    return span


def _phone_digits_ok(value: str) -> bool:
    """The digit count of a phone candidate (it rejects most: binary runs, order numbers)."""
    n = len(_digits(value))
    if value[0] == "+":
        return 8 <= n <= 15
    if value.startswith("00"):  # international, dialled from Europe: 0049 30 123456
        return 8 <= n - 2 <= 15
    if value[0] == "1":  # North America with its country code: 1-800-555-0199
        return n == 11
    if value.lstrip("(")[0] == "0":
        # dd.mm.yyyy followed by a time is a date, not a number with a trunk zero.
        return 9 <= n <= 12 and _DATE.match(value) is None
    return 9 <= n <= 10 and n != len(value)


def _phone_rejects(value: str) -> bool:
    """Whether :func:`_phone` rejects ``value`` wherever it stands (a ``+`` number may still
    be a phone without its last groups)."""
    return value[0] != "+" and not _phone_digits_ok(value)


def _phone_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    value = text[start:end]
    if not _phone_digits_ok(value):
        return None
    # A national number glued to other digit groups is part of something longer; an
    # international one starts at its "+", so only what follows it matters.
    seps = ".-/" if value[0] == "+" else " .-/"
    return None if _digit_neighbour(text, start, end, seps) else (start, end)


def _email(text: str, start: int, end: int) -> tuple[int, int] | None:
    if "?" in text[start:end]:
        return None
    # RE2 sees "jöhn@x.fr" as "j?hn@x.fr": take back the non-ASCII part of the local name.
    floor = max(0, start - 64)
    while start > floor and (text[start - 1].isalnum() or text[start - 1] in "._%+-"):
        start -= 1
    return start, end


def _b64json(segment: str) -> object:
    padded = segment + "=" * (-len(segment) % 4)
    return json.loads(base64.urlsafe_b64decode(padded))


# Headers repeat (one issuer, one algorithm): decode each distinct one once.
_JWT_HEADERS: dict[bytes, bool] = {}


def _jwt_header(header: str) -> bool:
    key = memo_key(header)
    known = _JWT_HEADERS.get(key)
    if known is None:
        try:
            decoded = _b64json(header)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            decoded = None
        known = isinstance(decoded, dict) and "alg" in decoded
        if len(_JWT_HEADERS) >= 256:
            _JWT_HEADERS.clear()
        _JWT_HEADERS[key] = known
    return known


def _jwt(text: str, start: int, end: int) -> tuple[int, int] | None:
    header = text[start : text.index(".", start)]
    if len(header) > 2048:
        return None
    return (start, end) if _jwt_header(header) else None


_PLAIN_HEX = re.compile(r"[0-9a-f]*|[0-9A-F]*")
_HAS_DIGIT = re.compile(r"\d").search


def _mixed(value: str) -> bool:
    """Random-looking: at least two of lower/upper/digit, and not plain hex (hashes, ids)."""
    classes = (value.upper() != value) + (value.lower() != value) + (_HAS_DIGIT(value) is not None)
    return classes >= 2 and _PLAIN_HEX.fullmatch(value) is None


def _token(text: str, start: int, end: int) -> tuple[int, int] | None:
    if end - start > 512:
        return None
    # Past the longest provider prefix ("github_pat_"), a real token is random-looking.
    return (start, end) if _mixed(text[start + 11 : end]) else None


_MISTRAL_CONTEXT = (
    "mistral",
    "api_key",
    "api-key",
    "apikey",
    "api key",
    "bearer",
    "authorization",
    "x-api-key",
    "token",
    "secret",
    "password",
    "passwd",
    "pwd",
    "credential",
    # "key" and its translations: the value must still look generated (random_key_like).
    "key",
    "clave",
    "schlüssel",
    "schluessel",
    "chiave",
    "chave",
    "sleutel",
    "klucz",
    "ключ",
    "anahtar",
    "キー",
    "密钥",
    "秘钥",
    "مفتاح",
)


_BASE64_CHAR = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def _aws_secret(text: str, start: int, end: int) -> tuple[int, int] | None:
    # The pattern starts at the context word; the secret is the last 40 characters.
    if end < len(text) and text[end] in _BASE64_CHAR:
        return None
    return (end - 40, end) if _mixed(text[end - 40 : end]) else None


# Runs of letters that read like words: ``Token``, ``output``.
_WORDLIKE = re.compile(r"[A-Z]?[a-z]{3,}")


def _class_changes(value: str) -> int:
    """How often ``value`` switches between upper case, lower case and anything else."""
    if value.isascii():
        # Kinds by one byte table and runs by one regex, both in C: this runs for every
        # key-like candidate, and a Python loop per character cost ~10 µs of each.
        runs = len(_KIND_RUNS(value.encode("ascii").translate(_KINDS)))
        return runs - 1 if runs else 0
    kinds = ["u" if c.isupper() else "l" if c.islower() else "d" for c in value]
    return sum(a != b for a, b in itertools.pairwise(kinds))


_KINDS = bytes(
    ord("u") if chr(i).isupper() else ord("l") if chr(i).islower() else ord("d") for i in range(256)
)
_KIND_RUNS = re.compile(rb"u+|l+|d+").findall


def random_key_like(value: str) -> bool:
    """True if ``value`` has the character mix of a generated key, not of an identifier.

    A random 32-character alphanumeric key switches between upper case, lower case and digits
    about 19 times and holds few word-like runs; ``TokenClassificationOutputElement`` switches
    7 times and is all words. Measured on 200,000 random keys, 0.06% are rejected; no
    CamelCase or snake-case identifier of the installed dependencies is accepted.
    """
    if not _mixed(value):
        return False
    changes = _class_changes(value)
    if not (changes >= 12 or (changes >= 8 and _HAS_DIGIT(value) is not None)):
        return False
    wordlike = sum(len(m) for m in _WORDLIKE.findall(value))
    return wordlike < 0.7 * len(value)


# --- more providers: Hugging Face, GitLab, SendGrid, Twilio, Telegram, database URLs ------
# Each has a recognisable prefix or shape; the validators still require a random-looking body
# (documentation strings and placeholders stay), and a database URL's password that is not a
# placeholder and not a local development one.


def _random(value: str) -> bool:
    return random_key_like(value) or (_entropy(value) >= 4.0 and _classes(value) >= 2)


def _classes(value: str) -> int:
    return (
        any(c.islower() for c in value)
        + any(c.isupper() for c in value)
        + any(c.isdigit() for c in value)
    )


def _entropy(value: str) -> float:
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values()) if n else 0.0


def _body_after(prefix_end: str) -> Validator:
    """Accept the candidate when what follows ``prefix_end`` looks random."""

    def check(text: str, start: int, end: int) -> tuple[int, int] | None:
        cut = text.find(prefix_end, start, end)
        body = text[cut + len(prefix_end) : end] if cut >= 0 else text[start:end]
        return (start, end) if _random(body) else None

    return check


def _hex_token(text: str, start: int, end: int) -> tuple[int, int] | None:
    value = text[start:end]
    digits = sum(c.isdigit() for c in value)
    # 32 random hex digits hold both digits and letters, and repeat little.
    return (start, end) if 4 <= digits <= len(value) - 4 and _entropy(value) >= 3.0 else None


def _last_hex(length: int, *, whole: bool) -> Validator:
    """Check the last ``length`` hex digits; report the whole match or just them."""

    def check(text: str, start: int, end: int) -> tuple[int, int] | None:
        if _hex_token(text, end - length, end) is None:
            return None
        return (start, end) if whole else (end - length, end)

    return check


def _azure_secret(text: str, start: int, end: int) -> tuple[int, int] | None:
    # The pattern includes one boundary character on each side (RE2 has no lookaround).
    if start < len(text) and not (text[start].isalnum() or text[start] in "_~."):
        start += 1
    if end > start and not (text[end - 1].isalnum() or text[end - 1] in "_~.-"):
        end -= 1
    return (start, end) if _mixed(text[start + 6 : end]) else None


# Passwords people leave in examples and local setups: never reported in a database URL
# (the codebase audit's precision) or as a token. A password stated after its name is
# judged by ``_named_password``, which leaves them in: in a chat they are leaks.
_PLACEHOLDER_PASSWORDS = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "changeme",
        "change_me",
        "example",
        "test",
        "testing",
        "postgres",
        "root",
        "admin",
        "user",
        "username",
        "guest",
        "mysql",
        "redis",
        "mongo",
        "tiger",
        "scott",
        "foo",
        "bar",
        "foobar",
        "default",
        "dbpass",
        "mypassword",
        "pa55word",
        "p@ssw0rd",
        "pw",
        "xxx",
    }
)
_PLACEHOLDER_MARKS = ("$", "{", "}", "<", ">", "%(", "%s", "*", "...", "…", "xxxx", "[")
# Words that make a password an illustration wherever they sit: "tiger^5HHH" (SQLAlchemy's
# scott/tiger), "mysecretpassword", "changeme123".
_PLACEHOLDER_WORDS = ("password", "passwd", "changeme", "tiger", "example", "secret", "dummy")
# Any of the marks or words, in one search in C: the validators run for every named value
# in the text (a Python loop over the 19 strings was most of their cost on dense text).
_PLACEHOLDER_TEXT = re.compile(
    "|".join(re.escape(part) for part in (*_PLACEHOLDER_MARKS, *_PLACEHOLDER_WORDS))
)
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "[::1]", "host.docker.internal")  # noqa: S104


def _db_password(text: str, start: int, end: int) -> tuple[int, int] | None:
    value = text[start:end]
    scheme_end = value.find("://") + 3
    at = value.rfind("@")
    userinfo = value[scheme_end:at]
    colon = userinfo.find(":")
    if colon < 0:
        return None
    user, password = userinfo[:colon], userinfo[colon + 1 :]
    plain = unquote(password)
    host = value[at + 1 :].lower()
    low = plain.lower()
    if (
        len(plain) < 4
        or low in _PLACEHOLDER_PASSWORDS
        or (user and low == user.lower())
        or _PLACEHOLDER_TEXT.search(low) is not None
        or "example" in host
        or "example" in low
        or low.startswith(("your", "my_", "my-", "db_pass", "dbpass"))
        or set(low) <= {"x", "*", "-", "_"}
    ):
        return None
    if host.startswith(_LOCAL_HOSTS) and not (len(plain) >= 12 and _random(plain)):
        return None  # a local development database with a made-up password
    pw_start = start + scheme_end + colon + 1
    return pw_start, pw_start + len(password)


# --- credentials named in the text: "password: ...", "DB_PASSWORD=...", "token = ...", ---
# "Bearer ...". The name says it is a secret, so the value may have any shape; the
# validators still let placeholders, code and plain words through.
# The prefix may be glued on: ``PGPASSWORD``, ``SharedAccessKey``.
_NAME_PREFIX = rb"\b(?:[A-Za-z0-9]{1,24}[_.-]?)?"
_NAME_SUFFIX = rb"(?:[_-][A-Za-z0-9_]{1,16})?"
_PASSWORD_NAMES = WORDS_FOR_PASSWORDS.encode("ascii")
_TOKEN_NAMES = WORDS_FOR_TOKENS.encode("ascii")
# ``:``, ``=``, ``=>``, or "is" in the languages of the password names, then an optional quote.
# A ``:`` or ``=`` that ends its line takes the value from the next one (YAML's indented
# scalar, JSON spread over lines, "password:" on a line of its own): only that first line.
# Quotes may be escaped (JSON inside a string, a log line: ``\"password\": \"...\"``); a
# YAML block scalar (``password: |``) takes its value from the next line too.
_ASSIGN = (
    rb"(?:\\?[\"'])?(?:[ \t]{0,4}(?:[:=]{1,2}|=>)"
    rb"(?:[ \t]{0,4}(?:[|>][-+]?[ \t]{0,4})?\r?\n[ \t]{0,16})?"
    rb"|[ \t]{1,4}(?i:is|est|ist|es|era|was|lautet)[ \t:]{1,4})[ \t]{0,4}(?:\\?[\"'`])?"
)
# The pattern ends at the name and its ``=``: the validator reads the value after it, so a
# rejected one ("password: required") leaves the scan free to find a key right there.
_VALUE = re.compile(r"[^\s\"'`<>]{1,129}")
# Names, attribute paths, calls, URLs: code and links, not credentials.
_CODE_LIKE = re.compile(
    r"[A-Za-z_]+|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|\w+\(.*|.*(?:[()\[\]{}$%]|://).*", re.A
)
_TRAILING = ".,;:!?)"
# A password often ends in "!" or "?": only these are sentence punctuation after one.
_SENTENCE_END = ".,;:)"


def _value_end(text: str, end: int, trailing: str) -> int | None:
    """Where the value after a credential's name ends (``end`` is where it starts): a quoted
    value at its closing quote, else before trailing sentence punctuation; None for none or
    one longer than 128 characters."""
    m = _VALUE.match(text, end)
    if m is None or len(m.group()) > 128:
        return None
    value_end = m.end()
    quote = text[end - 1] if end > 0 and text[end - 1] in "\"'`" else ""
    # A quoted value ends at its closing quote: "Summer2024." keeps its ".".
    if not (quote and text.startswith(quote, value_end)):
        while value_end > end and text[value_end - 1] in trailing:
            value_end -= 1
    elif text[value_end - 1] == "\\" and text[end - 2 : end - 1] == "\\":
        value_end -= 1  # \"...\": the backslash escapes the closing quote
    return value_end


def _claimed(value: str) -> bool:
    """A value a provider's own pattern claims (it names the provider; a Mistral key's
    pattern takes any credential name as its context)."""
    return (
        len(value) >= _PROVIDER_SHORTEST and _provider_value(value.encode("ascii", "replace"))
    ) or (len(value) == 32 and value.isascii() and value.isalnum() and random_key_like(value))


def _named_value(text: str, end: int) -> tuple[int, int] | None:
    """The span of the value after a token's name, without trailing sentence
    punctuation; None for a placeholder, code (``os.environ[...]``, ``settings.KEY``,
    ``f(x)``), a link, or a value a provider's own pattern claims."""
    value_end = _value_end(text, end, _TRAILING)
    if value_end is None:
        return None
    value = text[end:value_end]
    low = value.lower()
    if (
        len(value) < 6
        or low in _PLACEHOLDER_PASSWORDS
        or _PLACEHOLDER_TEXT.search(low) is not None
        or low.startswith(("your", "my_", "my-"))
        or set(low) <= {"x", "*", "-", "_", "."}
        or _CODE_LIKE.fullmatch(value) is not None
        or _claimed(value)
    ):
        return None
    return end, value_end


# --- a password a person states --------------------------------------------------------------
# In a chat, "my password is admin" leaks a password whatever it is: no placeholder list
# here (the codebase audit keeps its own, for ``postgres://user:changeme@localhost``). What
# is left out is what is not a value: template marks, masks, code, links, and prose.
_TEMPLATE = re.compile(r"\$[{(]|^\$[A-Za-z_]|\{\{|\{%|%\(|%[sd]\b|\[|\.\.\.|…")
_MASK = re.compile(r"(?i)\*\*\*|xxxx")
# Attribute paths, identifiers with an underscore, calls, brackets, links.
_PASSWORD_CODE = re.compile(
    r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[A-Za-z]*_[A-Za-z_]*|\w+\(.*|.*(?:[()\[\]{}]|://).*", re.A
)
# Another name and its "=" (``password=password=hunter2x``): the scan finds the inner one.
_NESTED_NAME = re.compile(WORDS_FOR_PASSWORDS + r"\w{0,16}[:=]")
# Humps of a CamelCase class name (``TokenClassificationOutputElement``): not a password.
_CAMEL_HUMP = re.compile(r"[a-z][A-Z]").findall
# "password is ..." then these words describe it; 4 letters or more (shorter values are
# refused anyway). en, fr, de, es, it, pt, nl.
_PROSE = """
    required optional mandatory needed necessary incorrect correct wrong invalid valid
    expired unknown missing empty blank none null nothing same different unique new old
    temporary random strong weak short long simple complex easy hard secure insecure safe
    unsafe good fine okay also still just only very always never often usually what that
    this which there here where when then these those case sensitive secret private
    personal confidential mine yours ours theirs hers below above attached enclosed
    included inside within into from with without about after before until during under
    over less more most least much many enough same visible hidden invisible shown
    encrypted hashed stored saved masked redacted protected sent given ask check see
    contact call email text found available unavailable please because since though
    although while whether either neither like unchanged incomplete impossible possible
    obligatoire requis incorrecte invalide expiré expirée vide faux fausse
    correcte oublié oubliée perdu perdue nouveau nouvelle ancien ancienne trop très aussi
    toujours encore dans avec sans pour falsch richtig ungültig gültig abgelaufen
    erforderlich notwendig leer neu alt sicher unsicher nicht noch auch immer sehr
    geheim vergessen incorrecta incorrecto correcta correcto inválida inválido válida
    válido obligatoria obligatorio requerida requerido vacía vacío nueva nuevo segura
    seguro demasiado también siempre todavía errata errato sbagliata sbagliato
    obbligatoria obbligatorio richiesta richiesto vuota vuoto scaduta scaduto nuova nuovo
    sicura sicuro troppo anche sempre ancora incorreta obrigatória vazia fout juist
    verplicht leeg nieuw being been done gone kept lost made held told known shown given
    taken written broken stolen chosen forgot forgotten enter type click choose pick create
    provide remember reset change update todo fixme whatever anything everything something
    somewhere elsewhere
"""
_PROSE_WORDS = frozenset(_PROSE.split())
# Participles, adverbs and adjectives: "stored", "being", "easily", "changeable".
_PROSE_ENDINGS = ("ed", "ing", "ly", "able", "ible")
# "the password is 8-16 characters": a length, not a value.
_LENGTH_AFTER = re.compile(
    r"[ \t]{1,4}(?i:characters?|chars?|digits?|letters?|symbols?|long|caract[eè]res?|zeichen"
    r"|stellen|caracteres|caratteri|d[ií]gitos|cifre|tekens)\b"
)
# Said of a password ("the password is secret"), these describe it; assigned
# ("pwd=secret"), they are the value.
_ASSIGNED_VALUES = frozenset({"secret", "private", "confidential", "personal", "geheim"})
_ASSIGNED = re.compile(r"(?:[:=]|=>)[ \t]*(?:\r?\n[ \t]*)?\\?[\"'`]?\Z")


def _prose(word: str) -> bool:
    """A word that describes a password ("required", "stored") rather than being one."""
    low = word.lower()
    return low in _PROSE_WORDS or (len(low) > 5 and low.endswith(_PROSE_ENDINGS))


def _named_password(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The password after its name, whatever its strength: 4 characters or more, with a
    letter or digit, keeping a trailing "!" or "?"; None for a template, a mask, code, a
    link, a length, or a word that describes the password ("password is incorrect")."""
    value_end = _value_end(text, end, _SENTENCE_END)
    if value_end is None:
        return None
    value = text[end:value_end]
    if len(value) < 4:
        return None
    if value.isascii() and value.isalnum():
        # Letters and digits only (most passwords people state): no template mark, code or
        # nested name can match; of a mask, only "xxxx".
        if "xxxx" in value.lower():
            return None
    elif (
        not any(c.isalnum() for c in value)
        or _TEMPLATE.search(value) is not None
        or _MASK.search(value) is not None
        or _PASSWORD_CODE.fullmatch(value) is not None
        or _NESTED_NAME.match(value) is not None
    ):
        return None
    if _LENGTH_AFTER.match(text, value_end) is not None or _claimed(value):
        return None
    quoted = end > 0 and text[end - 1] in "\"'`" and text.startswith(text[end - 1], value_end)
    word = value.rstrip("!?")  # "Forgotten? Click here."
    if word.isalpha() and not quoted:
        low = word.lower()
        assigned = low in _ASSIGNED_VALUES and _ASSIGNED.search(text, start, end) is not None
        if low.startswith("your") or (_prose(low) and not assigned):
            return None
        if len(_CAMEL_HUMP(word)) >= 3:
            return None  # a class name: TokenClassificationOutputElement
        # A word on the next line ("Password:⏎Enter your new password") or before a ":"
        # ("Password: Username:") is the next label of a form, not its value.
        if "\n" in text[start:end] or text.startswith(":", value_end):
            return None
    return end, value_end


_PIN = re.compile(r"\d{4,8}(?![\d.,:/-]\d)")


def _named_pin(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The 4 to 8 digits after "PIN": a short number, but the name says it is secret."""
    m = _PIN.match(text, end)
    return m.span() if m is not None and len(set(m.group())) > 1 else None


_BASIC_VALUE = re.compile(r"[A-Za-z0-9+/]{4,684}={0,2}")


def _basic_credentials(text: str, start: int, end: int) -> tuple[int, int] | None:
    """HTTP Basic credentials: base64 of ``user:password`` after "Basic"."""
    m = _BASIC_VALUE.match(text, end)
    if m is None or len(m.group()) % 4:
        return None
    try:
        decoded = base64.b64decode(m.group(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    _user, colon, password = decoded.partition(":")
    if not colon or not password or not decoded.isprintable():
        return None
    return m.span()


# --- personal identifiers named in the text: dates of birth, UK NINOs, passports ----------
# A date is anything; after "DOB", "born on", "né le", "geboren am"... it is a birth date.
# The patterns start at the word (RE2 reads it); the validators return the value's span.

_DOB_DATE = re.compile(
    r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})|(\d{4})[./-](\d{1,2})[./-](\d{1,2})"
    r"|(\d{1,2})\D{1,32}?(\d{4})",
)


def _year_ok(year: str) -> bool:
    return len(year) == 2 or 1900 <= int(year) <= 2099


def _date_of_birth(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The date after a birth word: day, month and year in range."""
    window = text[start:end]
    m = _DOB_AT_END.search(window)
    if m is None:
        return None
    date = _DOB_DATE.search(m.group())
    if date is None:
        return None
    g = date.groups()
    if g[0] is not None:  # 01/02/1990: day and month in either order
        a, b = int(g[0]), int(g[1])
        ok = _year_ok(g[2]) and 0 < min(a, b) <= 12 and max(a, b) <= 31
    elif g[3] is not None:  # 1990-02-01
        ok = _year_ok(g[3]) and 1 <= int(g[4]) <= 12 and 1 <= int(g[5]) <= 31
    else:  # 2 March 1985, March 2, 1985
        ok = _year_ok(g[7]) and 1 <= int(g[6]) <= 31
    return (start + m.start(), end) if ok else None


# HMRC: the first letter is never D, F, I, Q, U or V, the second never D, F, I, O, Q, U or
# V, and these prefixes are never allocated. QQ is HMRC's specimen: only after an NI word.
_NINO_AT_END = re.compile(r"([A-Za-z]{2}) ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d]\Z")
_NINO_UNUSED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def _uk_nino(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A UK National Insurance number: spaced ``AB 12 34 56 C`` in capitals, or any form
    after an NI word ("National Insurance number", "NI no", "NINO")."""
    m = _NINO_AT_END.search(text, start, end)
    if m is None:
        return None
    value = m.group()
    prefix = m.group(1).upper()
    named = m.start() > start
    valid = prefix[0] not in "DFIQUV" and prefix[1] not in "DFIOQUV" and prefix not in _NINO_UNUSED
    # Alone, only the spaced form in capitals: "AB123456C" is also a product code.
    alone = value.count(" ") == 4 and value.isupper()
    ok = (valid or prefix == "QQ") if named else (valid and alone)
    return (m.start(), end) if ok else None


_PASSPORT_VALUE = re.compile(r"[A-Za-z0-9]{6,9}\Z")


def _passport(text: str, start: int, end: int) -> tuple[int, int] | None:
    """6 to 9 letters and digits after a passport word, with at least 5 digits."""
    m = _PASSPORT_VALUE.search(text, max(start, end - 9), end)
    if m is None:
        return None
    value = m.group()
    digits = sum(c.isdigit() for c in value)
    if digits < 5 or len(set(value)) < 3:
        return None
    return m.start(), end


_CSC_VALUE = re.compile(r"\d{3,4}\Z")
_CSC_GOES_ON = re.compile(r"\d|[.,/:-]\d")


def _card_security_code(text: str, start: int, end: int) -> tuple[int, int] | None:
    """3 or 4 digits after a card security code's word, not the start of a longer number
    (``123-456``, ``12.50``)."""
    m = _CSC_VALUE.search(text, max(start, end - 4), end)
    if m is None or _CSC_GOES_ON.match(text, end) is not None:
        return None
    return m.start(), end


_MONTHS = (
    rb"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    rb"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    rb"|janvier|f.vrier|mars|avril|mai|juin|juillet|ao.t|septembre|octobre|novembre|d.cembre"
    rb"|januar|j.nner|februar|m.rz|juni|juli|oktober|dezember"
    rb"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre"
    rb"|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre)"
)
_DOB_WORDS = (
    rb"(?i:\bd\.?o\.?b\b\.?|\bdate[ \t]of[ \t]birth|\bbirth[ \t]?(?:date|day)|\bborn(?:[ \t]on)?"
    rb"|\bn[e?]e?[ \t]le|\bdate[ \t]de[ \t]naissance|\bgeboren(?:[ \t]am)?|\bgeb\."
    rb"|\bgeburtsdatum|\bfecha[ \t]de[ \t]nacimiento|\bnacid[oa][ \t]el"
    rb"|\bdata[ \t]di[ \t]nascita|\bnat[oa][ \t]il)"
)
# ":", "=", "-", "is", "est"..., and a format hint in brackets: "DOB (dd/mm/yyyy): ..."
_NAMED_SEP = (
    rb"[ \t]{0,4}(?:\([A-Za-z/.\- ]{1,16}\)[ \t]{0,4})?"
    rb"(?:[:=#-]|(?i:is|was|est|ist|es|era|\?))?[ \t]{0,4}"
)
_DOB_DATES = (
    rb"(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2}"
    rb"|\d{1,2}(?:st|nd|rd|th|er|\.)?(?:[ \t]de)?(?:[ \t]{1,3}|[/-])" + _MONTHS
    + rb"\.?,?(?:[ \t]de)?(?:[ \t]{1,3}|[/-])\d{4}"
    rb"|" + _MONTHS + rb"\.?[ \t]{1,3}\d{1,2}(?:st|nd|rd|th)?,?[ \t]{1,3}\d{4})\b"
)  # fmt: skip
# The date itself, read again where the match ends (``.`` in a month stands for an accent).
_DOB_AT_END = re.compile(_DOB_DATES.decode("ascii") + r"\Z")
_NINO_WORDS = (
    rb"(?i:national[ \t]insurance(?:[ \t](?:number|no\.?))?|\bn\.?i\.?[ \t](?:number|no\.?)"
    rb"|\bnino)"
)
_PASSPORT_WORDS = (
    rb"(?i:\bpass(?:port|eport)|\breisepass(?:nummer)?|\bpass-?nr\.?|\bpassnummer"
    rb"|\bpasaporte|\bpassaporto)"
    rb"(?i:[ \t]{0,2}(?:no\.?|nr\.?|n[o?]?\.|number|num(?:ber|ero|.ro)?|#|id))?"
)

# CVV, CVC, CVV2/CVC2, CAV2, CSC; "(card) security code", "card verification code/value";
# fr "cryptogramme (visuel)", de "(Karten)prüfnummer", es "código de seguridad", it "codice
# di sicurezza" ("?" stands for an accented letter in the scanned bytes).
_CSC_WORDS = (
    rb"(?i:\b(?:cvv2?|cvc2?|cav2|csc)"
    rb"|\b(?:card[ \t])?security[ \t]code|\bcard[ \t]verification[ \t](?:code|value|number)"
    rb"|\bcryptogramme(?:[ \t]visuel)?|\b(?:karten)?pr(?:\?|ue?)fnummer"
    rb"|\bc(?:\?|o)digo[ \t]de[ \t]seguridad|\bcodice[ \t]di[ \t]sicurezza)\b"
)


def _spelled_email(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``jo (at) example (dot) com``: the written-out form people use to dodge scrapers.
    A plain address is the ``email`` pattern's."""
    value = text[start:end]
    return None if "@" in value and "dot" not in value.lower() else (start, end)


# E-mails written with words: "jane dot doe at example dot com", fr "arobase"/"point", de
# "at"/"punkt", es "arroba"/"punto", it "chiocciola"/"punto", pt "arroba"/"ponto".
_WORD_AT = re.compile(r"(?i)[ \t]+(at|arobase|arrobase|arroba|chiocciola)[ \t]+|@")
_SPOKEN_DOT = re.compile(r"(?i)[ \t](?:dot|point|punkt|punto|ponto)[ \t]")
_EMAIL_CUE = re.compile(
    r"(?i)e-?mail|courriel|correo|adresse|address|contact|kontakt|contatto|write|schreib|escrib"
    r"|scriv|reach"
)
_EMAIL_CUE_READS = 48
# English "at" between a word and a domain is mostly prose ("look at example.com", "I work at
# acme dot com"): a one-word name before it counts only after an e-mail word, and never when
# it is one of these or reads as a verb or adverb.
_BEFORE_AT = """
    i me us him her them you it we they he she one everyone anyone someone people here there
    up in on out online only also just even still now back home office site website page web
    look work works meet stay live lives sign log find see shop buy arrive be is are was were
    am been go went come came get got visit check click read join apply register book order
    call text point aim laugh stare hosted based located listed posted published available
"""
_WORDS_BEFORE_AT = frozenset(_BEFORE_AT.split())


def _worded_email(text: str, start: int, end: int) -> tuple[int, int] | None:
    """An address spelled with words. "@" with a spelled dot, or a spelled "at" that is not
    English ("arobase", "arroba"...), is one; English "at" needs a name with a spoken dot
    ("jane dot doe at ..."), a dotted name of words before a spoken dot ("jane.doe at example
    dot com", not "node.js at github.com" or "3.11 at python.org"), or an e-mail word before
    the name ("my email is jane at ...")."""
    value = text[start:end]
    at = _WORD_AT.search(value)
    if at is None:
        return None
    word = (at.group(1) or "@").lower()
    if word != "at":
        return start, end
    name = value[: at.start()]
    if _SPOKEN_DOT.search(name) or (
        "." in name
        and _SPOKEN_DOT.search(value, at.end()) is not None
        and all(any(c.isalpha() for c in part) for part in name.split("."))
    ):
        return start, end
    lowered = name.lower()
    if len(name) < 2 or lowered in _WORDS_BEFORE_AT or lowered.endswith(("ed", "ing", "ly")):
        return None
    if start and text[start - 1] in "'\u2019":  # "I'm at work dot com"
        return None
    before = text[max(0, start - _EMAIL_CUE_READS) : start]
    return (start, end) if _EMAIL_CUE.search(before) else None


_PHONE_CUE = re.compile(
    r"(?i)\b(?:phone|call|cell|mobile|tel|telephone|text|ring|whatsapp|sms|fax|dial|number"
    r"|reach|contact)\b"
)
_PHONE_CUE_READS = 48
_DIGIT_WORDS = re.compile(r"(?i)zero|oh|one|two|three|four|five|six|seven|eight|nine")


def _worded_phone(text: str, start: int, end: int) -> tuple[int, int] | None:
    """7 to 15 digits written as words, after a phone word within 48 characters."""
    if not 7 <= len(_DIGIT_WORDS.findall(text, start, end)) <= 15:
        return None
    before = text[max(0, start - _PHONE_CUE_READS) : start]
    return (start, end) if _PHONE_CUE.search(before) else None


_OTP_VALUE = re.compile(r"(\d{3,4})[ -]?(\d{2,4})\Z|\d{4,8}\Z")
_OTP_STATED = re.compile(r"(?i)(?:[:=#-]|\b(?:is|est|ist|lautet|es|era|was))[ \t]*:?[ \t]*\Z")
_YEAR = re.compile(r"(?:19|20)\d\d\Z")


def _one_time_code(text: str, start: int, end: int) -> tuple[int, int] | None:
    """4 to 8 digits (one space or dash allowed) after a one-time code's word, not the start
    of a longer number (a price, a date) and not one digit repeated."""
    m = _OTP_VALUE.search(text, max(start, end - 9), end)
    if m is None or _CSC_GOES_ON.match(text, end) is not None:
        return None
    digits = m.group().replace(" ", "").replace("-", "")
    if not 4 <= len(digits) <= 8 or len(set(digits)) == 1:
        return None
    if _YEAR.match(digits) and not _OTP_STATED.search(text, start, m.start()):
        return None  # "2FA code 2019 update": a year right after the words, not a code given
    return m.start(), end


def _named_token(text: str, start: int, end: int) -> tuple[int, int] | None:
    span = _named_value(text, end)
    if span is None or span[1] - span[0] < 16:
        return None
    value = text[span[0] : span[1]]
    # Generated tokens hold digits; CamelCase type names and constants do not.
    if _HAS_DIGIT(value) is None:
        return None
    if random_key_like(value) or _hex_token(value, 0, len(value)) is not None:
        return span
    return None


def _mistral_in_encoding(text: str, start: int, end: int) -> bool:
    """A 32-character run inside a longer base64 or base64url string (a wheel RECORD's
    ``sha256=...``, an SRI ``sha512-...`` hash) is part of that string, not a key."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return (
        before in ("-", "+", "/")
        or after in ("-", "+", "/", "=")
        or _HASH_MARK.search(text, max(0, start - 8), start) is not None
    )


_HASH_MARK = re.compile(r"(?i)(?:sha\d{1,3}|md5|blake2[bs]?)[=:-]$")


def _mistral(text: str, start: int, end: int) -> tuple[int, int] | None:
    # 32 random alphanumerics are ambiguous on their own: require a context word nearby.
    if not random_key_like(text[start:end]) or _mistral_in_encoding(text, start, end):
        return None
    before = text[max(0, start - 64) : start].lower()
    return (start, end) if any(word in before for word in _MISTRAL_CONTEXT) else None


def _spelled(word: bytes) -> bytes:
    """``word`` in brackets (any case, spaces allowed) or in capitals between spaces."""
    return (
        rb"[ \t]{0,3}[(\[{<][ \t]{0,2}(?i:" + word + rb")[ \t]{0,2}[)\]}>][ \t]{0,3}"
        rb"|[ \t]{1,3}" + word.upper() + rb"[ \t]{1,3}"
    )


# The heads of named credentials, and the value each validator needs after its head: RE2
# reads it, so a name repeated with nothing acceptable after it ("pwd: pwd: ...", 40,000
# names in 200 KB) is never a candidate. Each gate is implied by the validator's own test.
# An XML element holds its value between tags: ``<password>...</password>``, attributes too.
_XML_PREFIX = rb"(?:[A-Za-z0-9]{1,24}[_.:-]?)?"  # <db_password>, <ns:password>
_XML_OPEN = rb"[ \t][^<>\n]{0,64})?>[ \t]{0,4}(?:\r?\n[ \t]{0,16})?"
_PASSWORD_HEAD = (
    rb"(?:" + _NAME_PREFIX + _PASSWORD_NAMES + _NAME_SUFFIX + _ASSIGN
    + rb"|<" + _XML_PREFIX + _PASSWORD_NAMES + _NAME_SUFFIX + rb"(?:" + _XML_OPEN + rb")"
)  # fmt: skip
_TOKEN_HEAD = (
    rb"(?:" + _NAME_PREFIX + _TOKEN_NAMES + _NAME_SUFFIX + _ASSIGN + rb"|\b(?i:bearer)[ \t]{1,4}"
    + rb"|<" + _XML_PREFIX + _TOKEN_NAMES + _NAME_SUFFIX + rb"(?:" + _XML_OPEN + rb")"
)  # fmt: skip
_PIN_HEAD = rb"\b(?:PIN|(?i:pin[ -]?(?:code|number|no\.?)|code pin|geheimzahl))" + _ASSIGN
_BASIC_HEAD = rb"\b(?i:basic)[ \t]{1,4}"
# ``_VALUE``'s class and its complement as bytes (``\s`` of a str pattern holds \x1c-\x1f,
# RE2's does not; the scanned text has no other whitespace, normalisation made it " ").
_VALUE_STOP = rb"\t\n\x0b\x0c\r\x1c-\x1f \"'`<>"


# A PIN is not one digit repeated: two different digits side by side in its first eight.
_PIN_GATE = (
    rb"\d{0,6}(?:0[1-9]|1[02-9]|2[013-9]|3[0-24-9]|4[0-35-9]|5[0-46-9]|6[0-57-9]|7[0-689]"
    rb"|8[0-79]|9[0-8])"
)
# Basic credentials are base64 whose length with its padding is a multiple of 4 (or a run
# longer than ``_BASIC_VALUE`` reads).
_B64 = rb"[A-Za-z0-9+/]"
_BASIC_GATE = (
    rb"(?:(?:" + _B64 + rb"{4}){0,170}(?:" + _B64 + rb"{4}(?:[^A-Za-z0-9+/=]|\z)"
    rb"|" + _B64 + rb"{3}=|" + _B64 + rb"{2}==)|" + _B64 + rb"{684})"
)


# How far past a name its validator reads: ``_VALUE`` (129 characters) and the one before
# (an opening quote); ``_PIN`` (8 digits, and 2 more for its look-ahead).
_VALUE_READS = 130
_PIN_READS = 10
_PASSWORD_READS = _VALUE_READS + 18  # and what ``_LENGTH_AFTER`` reads after the value
_BASIC_READS = 687  # ``_BASIC_VALUE``: 684 characters and 2 of padding, then one more


def _value_run(least: int) -> bytes:
    """A run of ``_VALUE`` characters of ``least`` to 128 that ends there (``_named_value``
    refuses a longer run, and trims only what makes it shorter)."""
    return (
        rb"[^"
        + _VALUE_STOP
        + rb"]{"
        + str(least).encode()
        + rb",128}(?:["
        + _VALUE_STOP
        + rb"]|\z)"
    )


_SPELLED_AT = rb"(?:@|" + _spelled(b"at") + rb")"
_SPELLED_DOT = rb"(?:\.|" + _spelled(b"dot") + rb")"
# Addresses spelled with words in any case (``_worded_email`` judges them): a dot is "." or
# a word for it, the "at" a word for it, or "@" when a dot is a word. Domains end in a
# common top-level domain: a spelled dot before any word is too common in prose.
_WORDED_AT = rb"[ \t]{1,3}(?i:at|arobase|arrobase|arroba|chiocciola)[ \t]{1,3}"
_WORDED_DOT = rb"[ \t]{1,3}(?i:dot|point|punkt|punto|ponto)[ \t]{1,3}"
_ANY_DOT = rb"(?:\.|" + _WORDED_DOT + rb")"
_EMAIL_NAME = rb"\b[A-Za-z0-9_%+-]{1,64}(?:" + _ANY_DOT + rb"[A-Za-z0-9_%+-]{1,64}){0,4}"
_DOMAIN_LABEL = rb"[A-Za-z0-9-]{1,63}"
_TLD = (
    rb"(?i:com|org|net|edu|gov|info|biz|io|co|ai|app|dev|me|eu|uk|fr|de|es|it|pt|nl|be|ch|at"
    rb"|lu|ie|se|no|dk|fi|pl|cz|ru|us|ca|mx|br|ar|au|nz|jp|cn|in)\b"
)
_WORDED_EMAIL = (
    _EMAIL_NAME + _WORDED_AT + _DOMAIN_LABEL + rb"(?:" + _ANY_DOT + _DOMAIN_LABEL + rb"){0,3}"
    + _ANY_DOT + _TLD
    + rb"|" + _EMAIL_NAME + rb"@" + _DOMAIN_LABEL + rb"(?:" + _ANY_DOT + _DOMAIN_LABEL
    + rb"){0,3}?" + _WORDED_DOT + rb"(?:" + _DOMAIN_LABEL + _ANY_DOT + rb"){0,3}" + _TLD
)  # fmt: skip
# Digits as words: "four one five, five five five, zero one three two".
_DIGIT_WORD = rb"(?i:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_WORDED_PHONE = (
    rb"\b" + _DIGIT_WORD + rb"(?:(?:[ \t]{0,2}[,.-][ \t]{0,2}|[ \t]{1,2})" + _DIGIT_WORD
    + rb"){6,14}\b"
)  # fmt: skip
# One-time codes: OTP, one-time code/password/passcode, 2FA/MFA/verification/login code, fr
# "code de vérification/confirmation", de "Bestätigungscode", es "código de verificación",
# it "codice di verifica" ("?" stands for an accented letter in the scanned bytes).
_OTP_WORDS = (
    rb"(?i:\b(?:otp|one[ -]?time[ -]?(?:code|pass(?:word|code)?)|passcode"
    rb"|(?:2fa|mfa|two[ -]factor|verification|auth(?:entication)?|login|sign[ -]?in|sms)"
    rb"[ \t]code|code[ \t]de[ \t](?:v(?:\?|e)rification|confirmation)"
    rb"|(?:best(?:\?|ae?)tigungs|verifizierungs|anmelde)code"
    rb"|c(?:\?|o)digo[ \t]de[ \t]verificaci(?:\?|o)n|codice[ \t]di[ \t]verifica)\b)"
)
_OTP_SEP = rb"[ \t]{0,4}(?:[:=#-]|(?i:is|est|ist|lautet|es|era|was))?[ \t]{0,4}(?::[ \t]{0,4})?"

# --- patterns (priority order: secrets first, then specific, then generic) ----------------

_HEX = rb"[0-9A-Fa-f]"
_OCTET = rb"(?:25[0-5]|2[0-4]\d|[01]?\d?\d)"
_IPV6 = (
    rb"(?:" + _HEX + rb"{1,4}:){7}" + _HEX + rb"{1,4}"
    rb"|(?:" + _HEX + rb"{1,4}:){1,7}:(?:" + _HEX + rb"{1,4}(?::" + _HEX + rb"{1,4}){0,5})?"
    rb"|::" + _HEX + rb"{1,4}(?::" + _HEX + rb"{1,4}){0,6}"
)
# The rest of a colon run ("1:2:3:4:5:6:7:8:9", "1::1::1"): one candidate that fails
# whole, instead of one per position.
_IPV6_RUN = rb"(?:" + _IPV6 + rb")(?::" + _HEX + rb"{0,4})*"

BUILTIN_PATTERNS: tuple[BuiltinPattern, ...] = (
    BuiltinPattern(
        "private_key",
        "PRIVATE_KEY",
        None,
        # The body may not contain "--", so a BEGIN without END stops at the next dashes
        # instead of scanning to the end of the text (keeps hostile input linear). A
        # backslash lets the body run through the "\n" escapes of a key held in JSON or
        # a .env line; "BLOCK" is PGP's armor.
        rb"-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----"
        rb"(?:(?:[A-Za-z0-9+/=\s:,.()_\\]|-[A-Za-z0-9])*"
        rb"-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----"
        rb"|[A-Za-z0-9+/=\s\\]*)",
    ),
    BuiltinPattern(
        "jwt",
        "JWT",
        None,
        rb"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
        _jwt,
        reads=(0, 0),
    ),
    BuiltinPattern(
        "slack_webhook",
        "API_KEY",
        "slack",
        rb"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9_/]{20,}",
    ),
    BuiltinPattern("anthropic", "API_KEY", "anthropic", rb"\bsk-ant-[A-Za-z0-9_-]{32,}", _token),
    BuiltinPattern(
        "openai",
        "API_KEY",
        "openai",
        rb"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}",
        _token,
    ),
    BuiltinPattern(
        "stripe", "API_KEY", "stripe", rb"\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}\b", _token
    ),
    BuiltinPattern(
        "github",
        "API_KEY",
        "github",
        rb"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b",
        _token,
    ),
    BuiltinPattern("aws", "API_KEY", "aws", rb"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
    BuiltinPattern(
        "aws_secret",
        "API_KEY",
        "aws",
        # 40 base64 characters are anything on their own: only after the variable or
        # field name (~/.aws/credentials, env, STS JSON) or its words in prose ("my AWS
        # secret key is ...").
        rb"(?i:secret[ _]?access[ _]?key|aws[ _-]?secret(?:[ _-]?key)?)"
        + _ASSIGN
        + rb"[A-Za-z0-9/+]{40}",
        _aws_secret,
        reads=(0, 1),
    ),
    BuiltinPattern("google", "API_KEY", "google", rb"\bAIza[0-9A-Za-z_-]{35}"),
    BuiltinPattern("slack", "API_KEY", "slack", rb"\bxox[baprs]-[0-9A-Za-z-]{10,}", _token),
    BuiltinPattern(
        "huggingface",
        "API_KEY",
        "huggingface",
        rb"\b(?:hf_|api_org_)[A-Za-z]{34}\b",
        _body_after("_"),
    ),
    BuiltinPattern(
        "gitlab",
        "API_KEY",
        "gitlab",
        rb"\b(?:glpat|gldt|glrt|glcbt|glft|glimt|glagent|gloas|glsoat|glffct)-"
        rb"[0-9A-Za-z_\-]{20,255}|\bGR1348941[0-9A-Za-z_\-]{20}\b",
        _body_after("-"),
    ),
    BuiltinPattern(
        "gitlab_trigger", "API_KEY", "gitlab", rb"\bglptt-[0-9a-f]{40}\b", _last_hex(40, whole=True)
    ),
    BuiltinPattern(
        "sendgrid",
        "API_KEY",
        "sendgrid",
        rb"\bSG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}\b",
        _body_after("."),
    ),
    BuiltinPattern(
        "twilio_key", "API_KEY", "twilio", rb"\bSK[0-9a-f]{32}\b", _last_hex(32, whole=True)
    ),
    BuiltinPattern(
        "twilio_token",
        "API_KEY",
        "twilio",
        rb"(?i:twilio[A-Za-z0-9_.\-]{0,24}token)[\"']?[ \t]{0,4}[:=][ \t]{0,4}[\"']?[0-9a-f]{32}\b",
        _last_hex(32, whole=False),
    ),
    BuiltinPattern(
        "telegram",
        "API_KEY",
        "telegram",
        rb"\b[0-9]{8,10}:AA[A-Za-z0-9_\-]{33}\b",
        _body_after(":"),
    ),
    # Providers whose tokens carry a registered prefix (gitleaks' and the vendors' formats).
    BuiltinPattern("npm", "API_KEY", "npm", rb"\bnpm_[A-Za-z0-9]{36}\b", _body_after("_")),
    BuiltinPattern("pypi", "API_KEY", "pypi", rb"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"),
    BuiltinPattern(
        "digitalocean",
        "API_KEY",
        "digitalocean",
        rb"\bdo[opr]_v1_[a-f0-9]{64}\b",
        _last_hex(64, whole=True),
    ),
    BuiltinPattern(
        "shopify",
        "API_KEY",
        "shopify",
        rb"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b",
        _last_hex(32, whole=True),
    ),
    BuiltinPattern("groq", "API_KEY", "groq", rb"\bgsk_[A-Za-z0-9]{52}\b", _body_after("_")),
    BuiltinPattern(
        "replicate", "API_KEY", "replicate", rb"\br8_[A-Za-z0-9]{37}\b", _body_after("_")
    ),
    BuiltinPattern(
        "linear", "API_KEY", "linear", rb"\blin_api_[A-Za-z0-9]{40}\b", _body_after("api_")
    ),
    BuiltinPattern(
        "perplexity", "API_KEY", "perplexity", rb"\bpplx-[A-Za-z0-9]{48}\b", _body_after("-")
    ),
    BuiltinPattern("xai", "API_KEY", "xai", rb"\bxai-[A-Za-z0-9]{70,90}\b", _body_after("-")),
    BuiltinPattern(
        "hashicorp_vault",
        "API_KEY",
        "hashicorp",
        rb"\bhv[sbr]\.[A-Za-z0-9_-]{24,512}",
        _body_after("."),
    ),
    BuiltinPattern(
        "grafana",
        "API_KEY",
        "grafana",
        rb"\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b|\bglc_[A-Za-z0-9+/]{32,400}={0,2}",
        _body_after("_"),
    ),
    BuiltinPattern(
        "google_oauth", "API_KEY", "google", rb"\bya29\.[0-9A-Za-z_-]{20,512}", _body_after(".")
    ),
    BuiltinPattern(
        "mailgun", "API_KEY", "mailgun", rb"\bkey-[0-9a-f]{32}\b", _last_hex(32, whole=True)
    ),
    BuiltinPattern(
        "supabase", "API_KEY", "supabase", rb"\bsbp_[a-f0-9]{40}\b", _last_hex(40, whole=True)
    ),
    BuiltinPattern(
        "databricks",
        "API_KEY",
        "databricks",
        rb"\bdapi[a-f0-9]{32}\b",
        _last_hex(32, whole=True),
    ),
    BuiltinPattern(
        "tailscale",
        "API_KEY",
        "tailscale",
        rb"\btskey-[a-z]{3,10}-[A-Za-z0-9]{6,}-[A-Za-z0-9]{16,}",
        _body_after("-"),
    ),
    BuiltinPattern(
        # Bech32: digits and letters without 1, B, I, O.
        "age",
        "PRIVATE_KEY",
        "age",
        rb"\bAGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}\b",
    ),
    BuiltinPattern(
        "discord_webhook",
        "API_KEY",
        "discord",
        rb"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{5,30}/[A-Za-z0-9_-]{60,80}",
    ),
    BuiltinPattern(
        "azure_ad",
        "API_KEY",
        "azure",
        # Entra ID client secrets: three characters, a digit, then "Q~".
        rb"(?:^|[^A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?:[^A-Za-z0-9_~.-]|$)",
        _azure_secret,
    ),
    BuiltinPattern("figma", "API_KEY", "figma", rb"\bfigd_[A-Za-z0-9_-]{40}\b", _body_after("_")),
    BuiltinPattern(
        "doppler", "API_KEY", "doppler", rb"\bdp\.pt\.[A-Za-z0-9]{43}\b", _body_after("pt.")
    ),
    BuiltinPattern(
        "pulumi", "API_KEY", "pulumi", rb"\bpul-[a-f0-9]{40}\b", _last_hex(40, whole=True)
    ),
    BuiltinPattern("newrelic", "API_KEY", "newrelic", rb"\bNRAK-[A-Z0-9]{27}\b", _body_after("-")),
    BuiltinPattern(
        "atlassian", "API_KEY", "atlassian", rb"\bATATT3[A-Za-z0-9_=-]{150,220}", _body_after("T3")
    ),
    BuiltinPattern(
        "square",
        "API_KEY",
        "square",
        rb"\bsq0(?:atp|csp)-[0-9A-Za-z_-]{22,43}\b",
        _body_after("-"),
    ),
    BuiltinPattern(
        "database_url",
        "API_KEY",
        "database",
        # Only the password is redacted (the validator returns its span).
        rb"\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver"
        rb"|oracle|cockroachdb|clickhouse|redshift|snowflake)(?:\+[a-z0-9]+)?://"
        rb"[^\s:/@'\"`<>]{0,128}:[^\s/@'\"`<>]{1,256}@[^\s/'\"`<>?#]{1,256}",
        _db_password,
        reads=(0, 0),
    ),
    BuiltinPattern(
        "named_password",
        "PASSWORD",
        None,
        _PASSWORD_HEAD + _value_run(4),
        _named_password,
        across_lines=False,
        head=_PASSWORD_HEAD,
        reads=(0, _PASSWORD_READS),
    ),
    BuiltinPattern(
        "named_token",
        "API_KEY",
        None,
        _TOKEN_HEAD + _value_run(16),
        _named_token,
        across_lines=False,
        head=_TOKEN_HEAD,
        reads=(0, _VALUE_READS),
    ),
    BuiltinPattern(
        "named_pin",
        "PASSWORD",
        None,
        _PIN_HEAD + _PIN_GATE,
        _named_pin,
        across_lines=False,
        head=_PIN_HEAD,
        reads=(0, _PIN_READS),
    ),
    BuiltinPattern(
        "basic_auth",
        "PASSWORD",
        None,
        _BASIC_HEAD + _BASIC_GATE,
        _basic_credentials,
        across_lines=False,
        head=_BASIC_HEAD,
        reads=(0, _BASIC_READS),
    ),
    BuiltinPattern(
        "date_of_birth",
        "DATE_OF_BIRTH",
        None,
        _DOB_WORDS + _NAMED_SEP + _DOB_DATES,
        _date_of_birth,
        scan_group="personal",
        across_lines=False,
        reads=(0, 0),
    ),
    BuiltinPattern(
        "uk_nino",
        "UK_NINO",
        None,
        # Any form after an NI word; alone, only the spaced form in capitals with letters
        # HMRC issues (RE2 drops the rest: a run of "QQ123456C" is no candidate).
        rb"(?:" + _NINO_WORDS + _NAMED_SEP + rb"\b[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d]"
        rb"|\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] \d{2} \d{2} \d{2} [A-D])\b",
        _uk_nino,
        scan_group="personal",
        across_lines=False,
        reads=(0, 0),
    ),
    BuiltinPattern(
        "passport",
        "PASSPORT",
        None,
        _PASSPORT_WORDS + _NAMED_SEP + rb"[A-Za-z0-9]{6,9}\b",
        _passport,
        scan_group="personal",
        across_lines=False,
        reads=(0, 0),
    ),
    BuiltinPattern(
        "card_security_code",
        "CARD_SECURITY_CODE",
        None,
        _CSC_WORDS + _NAMED_SEP + rb"\d{3,4}\b",
        _card_security_code,
        scan_group="personal",
        across_lines=False,
        reads=(0, 2),
    ),
    BuiltinPattern(
        "email",
        "EMAIL_ADDRESS",
        None,
        # "?" stands for any non-ASCII character in the scanned bytes (IDN domains such as
        # müller.de, local names such as josé); the validator rejects a literal "?".
        rb"\b[A-Za-z0-9._%+?-]{1,64}@[A-Za-z0-9?](?:[A-Za-z0-9?-]{0,62}\.)+[A-Za-z]{2,24}\b",
        _email,
        scan_group="contact",
        reads=(64, 0),
    ),
    BuiltinPattern(
        "email_spelled",
        "EMAIL_ADDRESS",
        None,
        # "at" and "dot" in brackets, or in capitals between spaces; "@" only with a
        # spelled dot (the validator leaves plain addresses to the pattern above).
        rb"\b[A-Za-z0-9._%+-]{1,64}" + _SPELLED_AT + rb"[A-Za-z0-9-]{1,63}"
        rb"(?:" + _SPELLED_DOT + rb"[A-Za-z0-9-]{1,63}){0,3}" + _SPELLED_DOT + rb"[A-Za-z]{2,24}\b",
        _spelled_email,
        scan_group="contact",
        across_lines=False,
    ),
    BuiltinPattern(
        "email_words",
        "EMAIL_ADDRESS",
        None,
        _WORDED_EMAIL,
        _worded_email,
        scan_group="contact",
        across_lines=False,
        reads=(_EMAIL_CUE_READS, 0),
    ),
    BuiltinPattern(
        "phone_words",
        "PHONE_NUMBER",
        None,
        _WORDED_PHONE,
        _worded_phone,
        scan_group="contact",
        across_lines=False,
        reads=(_PHONE_CUE_READS, 0),
    ),
    BuiltinPattern(
        "one_time_code",
        "ONE_TIME_CODE",
        None,
        _OTP_WORDS + _OTP_SEP + rb"(?:\d{3,4}[ -]\d{2,4}|\d{4,8})\b",
        _one_time_code,
        scan_group="personal",
        across_lines=False,
        reads=(0, 2),
    ),
    BuiltinPattern(
        "iban",
        "IBAN_CODE",
        None,
        # Any case: people type "fr76 3000 ..." in chat; mod-97 keeps false hits rare.
        # Groups by spaces, dots or dashes ("DE89-3704-..."); two letters and two digits
        # first keep dashed codes that are not IBANs from being candidates.
        rb"\b[A-Za-z]{2}\d{2}[ .-]?[A-Za-z0-9]{4}(?:[ .-]?[A-Za-z0-9]{4}){1,7}"
        rb"(?:[ .-]?[A-Za-z0-9]{1,3})?\b",
        _iban,
        scan_group="contact",
        reads=(0, 1),
    ),
    BuiltinPattern(
        "fr_nir",
        "FR_NIR",
        None,
        rb"\b[1-478] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}\b",
        _nir,
        scan_group="contact",
        reads=(0, 0),
    ),
    BuiltinPattern(
        "us_ssn",
        "US_SSN",
        None,
        rb"\b\d{3}-\d{2}-\d{4}\b|\b\d{3} \d{2} \d{4}\b|\b\d{3}\.\d{2}\.\d{4}\b",
        _ssn,
        scan_group="contact",
        reads=(max(16, _SSN_READS), 0),
    ),
    BuiltinPattern(
        "us_ssn_named",
        "US_SSN",
        None,
        # Nine digits in a row are anything; after "SSN" they are one.
        rb"\b(?i:ssn|social(?: security)?(?: number| no\.?)?)[ \t]{0,4}(?:#|no\.?)?[ \t]{0,4}"
        rb"(?:[:=]|(?i:is))?[ \t]{0,4}\d{9}\b",
        _last_ssn,
        scan_group="contact",
        reads=(0, 0),
    ),
    BuiltinPattern(
        "credit_card",
        "CREDIT_CARD",
        None,
        # Networks start with 2-6; written groups are 4 digits then 3-6 (4-4-4-4, 4-6-5),
        # which keeps lists of small numbers ("1 2 3 ...", "4-4-4-...") and phone numbers
        # ("612 345 678") from being candidates.
        rb"\b[2-6]\d{12,18}\b|\b[2-6]\d{3}(?:(?:[ \t./_-]| - |\r?\n)\d{3,6}){2,5}\b",
        _credit_card,
        scan_group="number",
        rejects=_card_rejects,
        reads=(1, 1),
    ),
    BuiltinPattern(
        "ipv4",
        "IP_ADDRESS",
        None,
        # Octets 0-255 only; the whole run of dotted octets, so a longer version number is
        # one rejected candidate, not one per position.
        rb"\b" + _OCTET + rb"(?:\." + _OCTET + rb"){3,}\b",
        _ipv4,
        scan_group="number",
        reads=(16, 0),
    ),
    BuiltinPattern(
        "ipv6", "IP_ADDRESS", None, _IPV6_RUN, _ipv6, scan_group="number", reads=(1, 16)
    ),
    BuiltinPattern(
        "phone",
        "PHONE_NUMBER",
        None,
        # +CC international, or 00CC; national with a trunk 0 (FR, DE, UK, IT landlines);
        # US (NXX) NXX-XXXX, optionally after a 1; ES 9 digits from 6-9; IT mobiles from 3;
        rb"\+[1-9]\d{0,2}(?:[ .-]?\(0\))?(?:[ .-]?\(?\d{1,4}\)?){2,6}"
        rb"|(?:\(0|\b0)[1-9]\d{0,3}\)?(?:[ ./-]?\d{2,4}){2,4}\b"
        rb"|\b00[1-9]\d{0,2}[ .-]\(?\d{1,4}\)?(?:[ .-]?\(?\d{1,4}\)?){1,5}\b"
        rb"|(?:\b1[ .-]?\(?|\(|\b)[2-9]\d{2}\)?[ .-]?[2-9]\d{2}[ .-]\d{4}\b"
        rb"|\b[6-9]\d{1,2}(?:[ .-]\d{2,3}){2,3}\b"
        rb"|\b3\d{2}[ .-]?\d{3}[ .-]?\d{3,4}\b"
        # CN mobiles, grouped 3-4-4 (ungrouped, 11 digits from 13-19 are anything).
        rb"|\b1[3-9]\d[ .-]\d{4}[ .-]\d{4}\b",
        _phone,
        scan_group="number",
        rejects=_phone_rejects,
        reads=(2, 2),
    ),
    BuiltinPattern(
        "mistral",
        "API_KEY",
        "mistral",
        rb"\b[A-Za-z0-9]{32}\b",
        _mistral,
        scan_group="number",
        reads=(64, 1),
    ),
)

BUILTIN_ENTITIES = frozenset(p.entity for p in BUILTIN_PATTERNS)
# Values a provider's (or the JWT, PEM) pattern matches: a named credential leaves them. Patterns
# that need a context word of their own (or match any 32 alphanumerics) claim nothing here.
_CONTEXT_PATTERNS = frozenset(
    {
        "mistral",
        "aws_secret",
        "twilio_token",
        "database_url",
        "named_password",
        "named_token",
        "named_pin",
        "basic_auth",
    }
)
_PROVIDER_VALUE = re2.compile(
    b"|".join(
        b"(?:" + p.regex + b")"
        for p in BUILTIN_PATTERNS
        if p.entity in SECRET_ENTITIES and p.name not in _CONTEXT_PATTERNS
    )
)
# The compiled object itself: the wrapper's ``match`` builds a match object per call.
_PROVIDER_VALUE_MATCH = _PROVIDER_VALUE._regexp.Match
# The shortest value a provider's pattern matches (Slack's "xox?-" and 10 more): a shorter
# one is never claimed, without asking RE2 (tests/test_recognizers.py computes it).
_PROVIDER_SHORTEST = 15
_ANCHOR_START = re2._Anchor.ANCHOR_START


def _provider_value(data: bytes) -> bool:
    """Whether a provider's own secret pattern matches at the start of ``data``."""
    return bool(_PROVIDER_VALUE_MATCH(_ANCHOR_START, data, 0, len(data))[0][0] >= 0)
