"""Wall time of a guarded chain with moderation on, against the local server with latency.

Run: ``python benchmarks/bench_moderation_latency.py [--latency 0.2] [--calls 5]``.
Every request (chat and moderation) waits ``--latency`` seconds at the server. Prints the
median wall time of the plain chain, the guarded chain with moderation off, and the guarded
chain with moderation on in both ``moderation.input_mode`` settings, for the LangChain
``InputGuard | prompt | llm | OutputGuard`` chain, the guarded ``SecureChatMistralAI`` and
LlamaIndex's ``SecureLLM``, in sync and async forms. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from langchain_core.prompts import ChatPromptTemplate
from llama_index.core.llms import ChatMessage

from langchain_mistral_secure import InputGuard, OutputGuard, secure_chat_mistralai
from llama_index_mistral_secure import SecureLLM, secure_mistral_llm
from mistral_secure import Guard, KeyPool, Moderator, Policy
from mistral_secure.testing import MistralTestServer

KEY = "bench-key-0000000000000000000000"
QUESTION = "My order arrived damaged; how long does a refund take? Mail me at jo@example.com."
ANSWER = "Refunds take five business days; I will write to <EMAIL_ADDRESS_1>."


def _guard(server: MistralTestServer, pool: KeyPool, mode: str | None) -> Guard:
    if mode is None:
        return Guard(Policy(moderation={"enabled": False}))
    policy = Policy(moderation={"input_mode": mode})
    # No cache: every call pays its moderation round trips, as distinct questions do.
    return Guard(policy, moderator=Moderator(pool=pool, server_url=server.url, cache=False))


def _median(run: Callable[[], object], calls: int) -> float:
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def _amedians(runs: list[Callable[[], Awaitable[object]]], calls: int) -> list[float]:
    out = []
    for run in runs:
        times = []
        for _ in range(calls):
            start = time.perf_counter()
            await run()
            times.append(time.perf_counter() - start)
        out.append(statistics.median(times))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--calls", type=int, default=5)
    args = parser.parse_args()
    pool = KeyPool([KEY])
    with MistralTestServer(keys=[KEY]) as server:
        server.script(lambda body: ANSWER)
        server.set_latency(args.latency)
        prompt = ChatPromptTemplate.from_messages([("system", "Support bot."), ("human", "{q}")])
        cases: list[tuple[str, Callable[[], object], Callable[[], Awaitable[object]]]] = []
        settings: list[tuple[str, str | None, bool]] = [
            ("plain (no guard)", None, False),
            ("guarded, moderation off", None, True),
            ("guarded, moderation sequential", "sequential", True),
            ("guarded, moderation concurrent (default)", "concurrent", True),
        ]
        for label, mode, guarded in settings:
            guard = _guard(server, pool, mode) if guarded else None
            llm = secure_chat_mistralai(pool, base_url=server.url, model="mistral-small-latest")
            chain: Any = prompt | llm
            if guard is not None:
                chain = InputGuard(guard) | prompt | llm | OutputGuard(guard)
            cases.append(
                (
                    f"LangChain InputGuard|prompt|llm|OutputGuard, {label}",
                    lambda c=chain: c.invoke({"q": QUESTION}),
                    lambda c=chain: c.ainvoke({"q": QUESTION}),
                )
            )
            if guard is None:
                plain_li = secure_mistral_llm(
                    pool, endpoint=server.url, model="mistral-small-latest"
                )
                msgs0 = [ChatMessage(role="user", content=QUESTION)]
                cases.append(
                    (
                        "LlamaIndex MistralAI, plain (no guard)",
                        lambda m=plain_li, x=msgs0: m.chat(x),
                        lambda m=plain_li, x=msgs0: m.achat(x),
                    )
                )
                continue
            model = secure_chat_mistralai(
                pool, guard=guard, base_url=server.url, model="mistral-small-latest"
            )
            cases.append(
                (
                    f"LangChain SecureChatMistralAI(guard), {label}",
                    lambda m=model: m.invoke(QUESTION),
                    lambda m=model: m.ainvoke(QUESTION),
                )
            )
            li = SecureLLM(
                secure_mistral_llm(pool, endpoint=server.url, model="mistral-small-latest"), guard
            )
            msgs = [ChatMessage(role="user", content=QUESTION)]
            cases.append(
                (
                    f"LlamaIndex SecureLLM, {label}",
                    lambda m=li, x=msgs: m.chat(x),
                    lambda m=li, x=msgs: m.achat(x),
                )
            )
        syncs = [_median(run, args.calls) for _, run, _ in cases]
        asyncs = asyncio.run(_amedians([arun for _, _, arun in cases], args.calls))
        rows = [(label, s_, a_) for (label, _, _), s_, a_ in zip(cases, syncs, asyncs, strict=True)]
        bases = {"LangChain": rows[0][1], "LlamaIndex": rows[1][1]}
        print(f"latency {args.latency * 1000:.0f} ms per request (chat and moderation)")
        print(f"{'setting':<86} {'sync ms':>8} {'async ms':>9} {'vs plain':>9}")
        for label, sync, asyn in rows:
            extra = sync / bases[label.split()[0]] - 1
            print(f"{label:<86} {sync * 1000:8.0f} {asyn * 1000:9.0f} {extra:+9.1%}")


if __name__ == "__main__":
    main()
