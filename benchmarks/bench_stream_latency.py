"""Time to first chunk of text, guarded vs unguarded, through LangChain and LlamaIndex.

The local server streams a one-paragraph answer in 8-character chunks, one every 50 ms
(``set_latency(0, stream_delay=0.05)``). Measured from the call to the first chunk that
carries answer text:

* LangChain: ``InputGuard | prompt | llm | OutputGuard`` with ``chain.stream`` (and the
  same chain without the guards);
* LlamaIndex: ``SecureLLM(llm).stream_chat`` (and ``llm.stream_chat``).

Output moderation is off (it would add the moderation call, not the relay). Prints medians.
Run: ``python benchmarks/bench_stream_latency.py``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable

from langchain_core.prompts import ChatPromptTemplate
from llama_index.core.llms import ChatMessage

from langchain_mistral_secure import InputGuard, OutputGuard, secure_chat_mistralai
from llama_index_mistral_secure import SecureLLM, secure_mistral_llm
from mistral_secure import Guard, KeyPool, Policy
from mistral_secure.testing import DEFAULT_TEST_KEYS, MistralTestServer

ANSWER = (
    "The quarterly report shows that revenue grew by twelve percent while costs stayed flat, "
    "and the team expects the same trend next quarter if demand holds in the main regions, "
    "although the currency effects could still reduce the margin by a point or two."
)
RUNS = 7


def first_text(stream: Iterable[object], text_of: Callable[[object], str]) -> float:
    start = time.perf_counter()
    first = None
    for chunk in stream:
        if first is None and text_of(chunk):
            first = time.perf_counter() - start
    assert first is not None
    return first * 1000


def median(fn: Callable[[], float]) -> float:
    return statistics.median(fn() for _ in range(RUNS))


def main() -> None:
    guard = Guard(Policy(moderation={"enabled": False}))
    pool = KeyPool(DEFAULT_TEST_KEYS)
    with MistralTestServer(keys=DEFAULT_TEST_KEYS, chunk_size=8) as server:
        server.script(lambda body: ANSWER)
        server.set_latency(0.0, stream_delay=0.05)
        prompt = ChatPromptTemplate.from_messages([("human", "{question}")])
        llm = secure_chat_mistralai(pool, base_url=server.api_url, model="mistral-small-latest")
        plain_chain = prompt | llm
        guarded_chain = InputGuard(guard) | prompt | llm | OutputGuard(guard)
        question = {"question": "How did the quarter go?"}

        def lc(chain: object) -> float:
            return first_text(chain.stream(question), lambda c: str(c.content))  # type: ignore[attr-defined]

        lc_plain, lc_guarded = median(lambda: lc(plain_chain)), median(lambda: lc(guarded_chain))
        li = secure_mistral_llm(pool, server_url=server.url, model="mistral-small-latest")
        secure = SecureLLM(li, guard=guard)
        messages = [ChatMessage(role="user", content="How did the quarter go?")]

        def ll(target: object) -> float:
            return first_text(target.stream_chat(messages), lambda c: c.delta or "")  # type: ignore[attr-defined]

        li_plain, li_guarded = median(lambda: ll(li)), median(lambda: ll(secure))
    print("time to first text chunk, 8-character chunks every 50 ms (medians of 7)")
    print(
        f"  LangChain  chain.stream             unguarded {lc_plain:6.0f} ms  guarded "
        f"{lc_guarded:6.0f} ms  (+{lc_guarded - lc_plain:.0f} ms)"
    )
    print(
        f"  LlamaIndex SecureLLM.stream_chat unguarded {li_plain:6.0f} ms  guarded "
        f"{li_guarded:6.0f} ms  (+{li_guarded - li_plain:.0f} ms)"
    )


if __name__ == "__main__":
    main()
