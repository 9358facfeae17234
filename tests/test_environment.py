"""The environment is read one way: keys through KeyPool.from_env(), one base-URL variable."""

from __future__ import annotations

import pytest

from mistral_secure import ConfigurationError, Guard, Moderator, Policy, resolve_base_url
from mistral_secure.testing import DEFAULT_TEST_KEYS, MistralTestServer


@pytest.mark.parametrize(
    ("given", "root"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080"),
        ("https://proxy.internal/mistral/v1/", "https://proxy.internal/mistral"),
    ],
)
def test_base_url_either_form(given: str, root: str) -> None:
    assert resolve_base_url(given) == root
    assert resolve_base_url(given, with_version=True) == f"{root}/v1"


def test_base_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MISTRAL_BASE_URL", raising=False)
    monkeypatch.delenv("MISTRAL_ENDPOINT", raising=False)
    assert resolve_base_url() == "https://api.mistral.ai"
    monkeypatch.setenv("MISTRAL_ENDPOINT", "http://llama.example:1")
    assert resolve_base_url() == "http://llama.example:1"
    monkeypatch.setenv("MISTRAL_BASE_URL", "http://langchain.example:2/v1")
    assert resolve_base_url() == "http://langchain.example:2"
    assert resolve_base_url("http://explicit.example") == "http://explicit.example"


def test_bad_base_url_is_a_typed_error() -> None:
    with pytest.raises(TypeError):
        resolve_base_url(b"http://x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="http"):
        resolve_base_url("ftp://x")


def test_guard_moderates_with_a_comma_list_key_at_the_env_base_url(
    mistral_server: MistralTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MISTRAL_API_KEY", f"{DEFAULT_TEST_KEYS[0]},{DEFAULT_TEST_KEYS[1]}")
    monkeypatch.setenv("MISTRAL_BASE_URL", mistral_server.api_url)
    with Guard(Policy(moderation={"check": "input"})) as guard:
        assert guard.check_input("What's the weather?").moderation is not None
        mistral_server.revoke_key(DEFAULT_TEST_KEYS[0])
        assert guard.check_input("And tomorrow?").moderation is not None
    moderations = [r for r in mistral_server.requests if "moderation" in r.path]
    assert moderations, "moderation went elsewhere than $MISTRAL_BASE_URL"
    assert moderations[-1].status == 200


def test_moderator_key_is_not_in_the_sdk_configuration(
    mistral_server: MistralTestServer,
) -> None:
    key = DEFAULT_TEST_KEYS[0]
    with Moderator(api_key=key, server_url=mistral_server.url) as moderator:
        assert not moderator.moderate("hello").flagged
        configuration = moderator._client.sdk_configuration
        assert key not in repr(configuration)
        assert key not in repr(vars(configuration))


def test_guard_without_any_key_says_how_to_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    for name in [n for n in __import__("os").environ if n.startswith("MISTRAL_API_KEY_")]:
        monkeypatch.delenv(name)
    with pytest.raises(ConfigurationError, match="MISTRAL_API_KEY"):
        Guard()
