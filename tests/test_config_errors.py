"""A key pasted where a name belongs never comes back in the configuration error.

Users copy settings from a secrets file: a key ends up as a category name, a setting's name
or a host, and the error that says the setting is wrong lands in a log or an issue tracker.
Names that really are names are still shown, so a typo stays easy to fix.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mistral_secure import ConfigurationError, KeyPool, Moderator, Policy, redact

OPENAI = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123456789"
MISTRAL = "Zx8kP2mQ9vL4nR7tW1yB6cD3fG5hJ0sA"


def _pool() -> KeyPool:
    return KeyPool(["pool-key-0123456789abcdef"])


CASES: dict[str, Callable[[str], object]] = {
    "policy setting name": lambda key: Policy(**{key: 1}),
    "section setting name": lambda key: Policy(moderation={key: True}),
    "threshold category": lambda key: Policy(moderation={"thresholds": {key: 0.5}}),
    "blocked category": lambda key: Policy(moderation={"categories": [key]}),
    "allowed host": lambda key: Policy(output={"allowed_hosts": [key + "/x"]}),
    "moderator category": lambda key: Moderator(pool=_pool(), thresholds={key: 0.5}),
    "moderator threshold": lambda key: Moderator(pool=_pool(), thresholds={"sexual": key}),
    "redaction mode": lambda key: redact("text", mode=key),
}


@pytest.mark.parametrize("key", [OPENAI, MISTRAL])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_pasted_key_is_not_in_the_error(case: str, key: str) -> None:
    with pytest.raises((ValueError, TypeError)) as caught:
        CASES[case](key)
    message = f"{caught.value} {caught.value!r} {caught.value.args}"
    assert key not in message
    assert key[4:20] not in message


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (lambda: Policy(moderaton={}), "moderaton"),
        (lambda: Policy(output={"allowed_hosts": ["ok.example", 5]}), r"allowed_hosts\.1:"),
        (lambda: Policy(moderation={"thresholds": {"sexal": 0.5}}), "sexal"),
        (lambda: Moderator(pool=_pool(), thresholds={"hate_discrimnation": 0.5}), "discrimnation"),
    ],
)
def test_a_typo_is_still_named(build: Callable[[], object], name: str) -> None:
    with pytest.raises(ConfigurationError, match=name):
        build()
