"""Overhead of the LangChain guards: the same chain with and without them, over loopback.

Run: ``python benchmarks/bench_langchain_overhead.py [--latency 0.3] [--chunk-delay 0.005]``.
Prints wall-time overhead (invoke and stream) against the local server with a given
latency, and the guards' own CPU time per call. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable

from langchain_mistral_secure import InputGuard, OutputGuard, secure_chat_mistralai
from mistral_secure import Guard, KeyPool, Policy, make_canary
from mistral_secure.testing import MistralTestServer

KEY = "bench-key-0000000000000000000000"
CANARY = make_canary()
SYSTEM = f"You are the support assistant of a bank. Answer briefly and politely. {CANARY}"
QUESTION = (
    "Hello, my name is Jo Martin (jo.martin@example.com, +33 6 12 34 56 78). Last week I was "
    "charged twice for the same order and I would like to know how long a refund takes and "
    "whether I should override the automatic payment on my account. " * 3
)
ANSWER = (
    "Thank you for reaching out. I will write to <EMAIL_ADDRESS_1> once the refund is "
    "approved; refunds usually take five business days. You can review the **payment "
    "settings** in [your account](https://bank.example.com/settings). " * 6
)


def _chain(server: MistralTestServer, guard: Guard | None) -> Runnable[Any, Any]:
    llm = secure_chat_mistralai(
        KeyPool([KEY]), base_url=server.api_url, model="mistral-small-latest"
    )
    prompt = ChatPromptTemplate.from_messages([("system", SYSTEM), ("human", "{question}")])
    if guard is None:
        return prompt | llm
    return InputGuard(guard) | prompt | llm | OutputGuard(guard)


def _runner(chain: Runnable[Any, Any], method: str, value: object) -> Callable[[], object]:
    if method == "stream":
        return lambda: list(chain.stream(value))
    return lambda: chain.invoke(value)


def _median_wall(run: Callable[[], object], calls: int) -> float:
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _guard_cpu(guard: Guard, calls: int) -> tuple[float, float]:
    """CPU seconds per call of InputGuard.invoke and OutputGuard.invoke alone."""
    from langchain_core.messages import AIMessage

    ig, og = InputGuard(guard), OutputGuard(guard)
    answer = AIMessage(content=ANSWER)
    start = time.process_time()
    for _ in range(calls):
        ig.invoke({"question": QUESTION})
    cpu_in = (time.process_time() - start) / calls
    start = time.process_time()
    for _ in range(calls):
        og.invoke(answer)
    cpu_out = (time.process_time() - start) / calls
    return cpu_in, cpu_out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.3, help="server latency, seconds")
    parser.add_argument(
        "--chunk-delay", type=float, default=0.005, help="delay between SSE chunks, seconds"
    )
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()
    guard = Guard(
        Policy.from_mapping({"moderation": {"enabled": False}}), system_prompt=SYSTEM, canary=CANARY
    )
    chunks = [ANSWER[i : i + 8] for i in range(0, len(ANSWER), 8)]
    value = {"question": QUESTION}
    print(f"question {len(QUESTION)} chars, answer {len(ANSWER)} chars in {len(chunks)} chunks")
    for latency, delay in ((0.0, 0.0), (args.latency, 0.0), (args.latency, args.chunk_delay)):
        with MistralTestServer(keys=[KEY], latency=latency) as server:
            server.set_latency(latency, stream_delay=delay)
            server.script(lambda body: chunks)
            plain, guarded = _chain(server, None), _chain(server, guard)
            for name, method in (("invoke", "invoke"), ("stream", "stream")):
                run_plain = _runner(plain, method, value)
                run_guarded = _runner(guarded, method, value)
                run_plain(), run_guarded()  # warm up connections and caches
                base = _median_wall(run_plain, args.calls)
                with_guards = _median_wall(run_guarded, args.calls)
                overhead = (with_guards - base) / base * 100
                print(
                    f"latency {latency * 1000:4.0f} ms, chunk delay {delay * 1000:3.0f} ms  "
                    f"{name:6s}  plain {base * 1000:8.2f} ms  "
                    f"guarded {with_guards * 1000:8.2f} ms  overhead {overhead:+6.2f}% "
                    f"({(with_guards - base) * 1000:+.2f} ms)"
                )
    cpu_in, cpu_out = _guard_cpu(guard, max(args.calls, 50))
    print(
        f"guard CPU per call: InputGuard {cpu_in * 1000:.3f} ms, "
        f"OutputGuard {cpu_out * 1000:.3f} ms, total {(cpu_in + cpu_out) * 1000:.3f} ms"
    )


if __name__ == "__main__":
    main()
