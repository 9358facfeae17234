"""langchain-tests' standard unit tests on the model ``secure_chat_mistralai`` builds."""

from __future__ import annotations

from typing import Any

import pytest

langchain_tests = pytest.importorskip("langchain_tests.unit_tests")

from langchain_mistral_secure._chat_models import SecureChatMistralAI  # noqa: E402
from mistral_secure import KeyPool, httpx_clients  # noqa: E402

_CLIENT, _ASYNC_CLIENT = httpx_clients(
    KeyPool(["unit-test-key-000000000000000000"]), base_url="http://127.0.0.1:9/v1"
)


class TestSecureChatMistralAIStandard(langchain_tests.ChatModelUnitTests):  # type: ignore[name-defined,misc]
    """No request is sent by these tests; the clients point at a closed port."""

    @property
    def chat_model_class(self) -> type[SecureChatMistralAI]:
        return SecureChatMistralAI

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {
            "model": "mistral-small-latest",
            "client": _CLIENT,
            "async_client": _ASYNC_CLIENT,
        }
