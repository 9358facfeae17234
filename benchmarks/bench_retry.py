"""Longest wait of a call when the API answers 429 with ``Retry-After: 20`` on every key.

Each way of calling (the SDK, LangChain, LlamaIndex, moderation, a Guard) runs with the
library's defaults against the local test server, and the wall time of one call is printed
with what the caller got. Before issue 15 the SDK slept whatever ``Retry-After`` said (20 s
here, 100 s seen in the field) and a moderation check took 40 s; the cap is 10 s per wait.

    .venv/bin/python benchmarks/bench_retry.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

from llama_index.core.llms import ChatMessage

from langchain_mistral_secure import secure_chat_mistralai
from llama_index_mistral_secure import secure_mistral_llm
from mistral_secure import Guard, KeyPool, Moderator, Policy, mistral_client
from mistral_secure.testing import MistralTestServer

KEYS = ["sk-bench-retry-key-000000001", "sk-bench-retry-key-000000002"]
MODEL = "mistral-small-latest"


def timed(call: Callable[[], object]) -> tuple[float, str]:
    started = time.monotonic()
    try:
        call()
        outcome = "answer"
    except Exception as exc:  # what the caller gets is the figure
        outcome = type(exc).__name__
    return time.monotonic() - started, outcome


def main() -> None:
    rows: list[tuple[str, float, str]] = []
    with MistralTestServer(keys=KEYS) as server:

        def fresh() -> KeyPool:
            server.reset()
            for key in KEYS:
                server.rate_limit(key, retry_after=20)
            return KeyPool(KEYS)

        sdk = mistral_client(fresh(), server_url=server.url)
        seconds, outcome = timed(
            lambda: sdk.chat.complete(model=MODEL, messages=[{"role": "user", "content": "hi"}])
        )
        rows.append(("mistralai SDK (mistral_client)", seconds, outcome))

        chat = secure_chat_mistralai(fresh(), base_url=server.api_url, model=MODEL)
        rows.append(("LangChain (secure_chat_mistralai)", *timed(lambda: chat.invoke("hi"))))

        llm = secure_mistral_llm(fresh(), endpoint=server.url, model=MODEL)
        rows.append(
            (
                "LlamaIndex (secure_mistral_llm)",
                *timed(lambda: llm.chat([ChatMessage(role="user", content="hi")])),
            )
        )

        moderator = Moderator(pool=fresh(), server_url=server.url)
        rows.append(("Moderator.moderate (timeout 10 s)", *timed(lambda: moderator.moderate("hi"))))

        guard = Guard(Policy(), moderator=Moderator(pool=fresh(), server_url=server.url))
        rows.append(("Guard.check_input", *timed(lambda: guard.check_input("hi"))))

        one_key = KeyPool(KEYS[:1])
        server.reset()
        server.fail(429, retry_after=20, times=None)
        single = mistral_client(one_key, server_url=server.url)
        rows.append(
            (
                "SDK, one key, 429 on every request",
                *timed(
                    lambda: single.chat.complete(
                        model=MODEL, messages=[{"role": "user", "content": "hi"}]
                    )
                ),
            )
        )
    print("429 + Retry-After: 20 on every key; library defaults")
    print(f"{'path':<40} {'wall time':>10}  caller gets")
    for name, seconds, outcome in rows:
        print(f"{name:<40} {seconds:>9.2f}s  {outcome}")
    print(f"longest: {max(s for _, s, _ in rows):.2f}s (cap per wait: 10 s)")


if __name__ == "__main__":
    main()
