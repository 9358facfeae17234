"""Registered secrets written base64-, hex- or URL-encoded in a log record (issue 14)."""

from __future__ import annotations

import base64
import binascii
import gc
import io
import logging
import re
from collections.abc import Callable, Iterator
from urllib.parse import quote, quote_plus

import pytest

from mistral_secure import KeyPool, fingerprint
from mistral_secure._logfilter import (
    SecretScrubbingFilter,
    install_secret_filter,
    uninstall_secret_filter,
)

POOL_KEY = "Qw3rTy8uIo1pAs6dFg2hJk9lZx4cVb7n"
# A registered secret with characters URL encoding changes.
ODD_SECRET = "p@ss/w0rd+K3y=&x?z"


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    """A handler on the root logger at DEBUG with the filter installed; undone afterwards."""
    root = logging.getLogger()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s %(auth)s"))
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    install_secret_filter(secrets=[ODD_SECRET])
    yield stream
    uninstall_secret_filter()
    root.removeHandler(handler)
    root.setLevel(level)


def _log(message: str, *args: object, auth: object = "-") -> None:
    logging.getLogger("thirdparty.http").debug(message, *args, extra={"auth": auth})


def _decodes_to(text: str, secret: str) -> bool:
    """Whether a base64 or hex run left in ``text`` still decodes to something holding it."""
    for run in re.findall(r"[A-Za-z0-9+/=_-]{8,}", text):
        for decode in (base64.b64decode, base64.urlsafe_b64decode, binascii.unhexlify):
            for cut in range(4):
                try:
                    raw = decode(run[cut:] + "=" * (-len(run[cut:]) % 4))
                except (ValueError, binascii.Error):
                    continue
                if secret.encode() in raw:
                    return True
    return False


@pytest.mark.parametrize("user", ["", "u", "us", "user", "admin@example.com"])
def test_a_pool_key_in_basic_credentials_is_scrubbed_at_any_offset(
    output: io.StringIO, user: str
) -> None:
    # A proxy or SDK debug line carrying "user:key" in base64, without a header name, in
    # the args and in an extra= value: the key starts at every alignment of the encoding.
    pool = KeyPool([POOL_KEY])
    encoded = base64.b64encode(f"{user}:{POOL_KEY}".encode()).decode()
    _log("proxy credentials %s sent", encoded, auth=f"Basic {encoded}")
    text = output.getvalue()
    assert encoded not in text
    assert not _decodes_to(text, POOL_KEY)
    assert text.count(fingerprint(POOL_KEY)) == 2
    assert text.startswith("proxy credentials [API_KEY ")
    assert text.rstrip().endswith("]")
    del pool


_ENCODINGS: dict[str, Callable[[str], str]] = {
    "base64": lambda s: base64.b64encode(s.encode()).decode(),
    "base64-unpadded": lambda s: base64.b64encode(s.encode()).decode().rstrip("="),
    "base64-urlsafe-offset": lambda s: base64.urlsafe_b64encode(b"\xfb\xff" + s.encode()).decode(),
    "base64-json": lambda s: base64.b64encode(b'{"api_key": "' + s.encode() + b'"}').decode(),
    "hex": lambda s: s.encode().hex(),
    "HEX": lambda s: s.encode().hex().upper(),
    "hex-dump": lambda s: "6b65793d" + s.encode().hex(),  # "key=" before it, in one dump
    "url": lambda s: quote(s, safe=""),
    "url-path": quote,
    "url-plus": quote_plus,
    "url-lowercase-escapes": lambda s: re.sub(
        "%[0-9A-F]{2}", lambda m: m.group().lower(), quote(s, safe="")
    ),
}


@pytest.mark.parametrize(
    ("secret", "encoding"),
    [
        # URL encoding leaves a key of letters and digits as it is: the registered secret
        # holds characters it changes.
        *((POOL_KEY, name) for name in _ENCODINGS if not name.startswith("url")),
        *((ODD_SECRET, name) for name in _ENCODINGS),
    ],
)
def test_encoded_secrets_are_scrubbed_from_messages_and_args(
    output: io.StringIO, secret: str, encoding: str
) -> None:
    pool = KeyPool([POOL_KEY])
    encoded = _ENCODINGS[encoding](secret)
    assert encoded != secret
    in_message = encoded.replace("%", "%%")
    _log(f"GET /v1/models?token={in_message} and %s", encoded, auth=[encoded])
    text = output.getvalue()
    assert encoded not in text
    assert not _decodes_to(text, secret)
    assert text.count(fingerprint(secret)) == 3
    del pool


def test_encodings_of_other_values_are_left_alone(output: io.StringIO) -> None:
    pool = KeyPool([POOL_KEY])
    other = "Zx9aQ2bR7cS4dT1eU8fV3gW6hX5iY0jK"
    lines = [
        base64.b64encode(b"user:" + other.encode()).decode(),
        other.encode().hex(),
        quote("p@ss/w0rd+K3y"),  # a prefix of the registered secret, not the secret
        base64.b64encode(POOL_KEY[:-1].encode()).decode()[:40],  # most of the key's encoding
        "request id d97cb7dae87f479285930f890f49bdef",
    ]
    for line in lines:
        _log("%s", line)
    assert output.getvalue() == "".join(f"{line} -\n" for line in lines)
    del pool


def test_the_encoded_forms_of_a_pool_key_are_dropped_with_the_pool() -> None:
    scrubber = SecretScrubbingFilter()
    pool_key = "Mn7bV4cX1zL8kJ5hG2fD9sA6pO3iU0yT"
    encoded = base64.b64encode(f"u:{pool_key}".encode()).decode()
    pool = KeyPool([pool_key])
    assert scrubber.scrub(encoded) == f"[API_KEY {fingerprint(pool_key)}]"
    del pool
    gc.collect()
    assert scrubber.scrub(encoded) == encoded


def test_a_secret_with_a_lone_surrogate_is_registered_and_its_encodings_scrubbed() -> None:
    # URL-encoding the str would raise UnicodeEncodeError, whose .object is the secret.
    secret = "Qw3rTy8u\udc80Io1pAs6dFg2"
    scrubber = SecretScrubbingFilter(secrets=[secret])
    raw = secret.encode("utf-8", "surrogatepass")
    label = f"[API_KEY {fingerprint(secret)}]"
    for text in (secret, base64.b64encode(b"u:" + raw).decode(), raw.hex(), quote(raw, safe="")):
        assert scrubber.scrub(f"x {text} y") == f"x {label} y"
