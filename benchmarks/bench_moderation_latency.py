"""Wall time of a guarded chain with moderation on, against the local server with latency.

Run: ``python benchmarks/bench_moderation_latency.py [--latency 0.2] [--calls 21]
[--moderation-off-only]``.
Every request (chat and moderation) waits ``--latency`` seconds at the server. Prints the
median wall time of the plain chain, the guarded chain with moderation off, and the guarded
chain with moderation on in both ``moderation.input_mode`` settings, for the LangChain
``InputGuard | prompt | llm | OutputGuard`` chain, the guarded ``SecureChatMistralAI``,
LlamaIndex's ``SecureLLM`` and the guarded ``SecureMistralAI``, in sync and async forms.
Nothing is asserted.

How it measures, on a shared, noisy machine: the cases run in rounds, each round calling
every case once in a new random order, so drift in machine load reaches every case alike.
"vs plain" is the median, over rounds, of each call's time over the plain call's time in
the same round (paired), which cancels most of the remaining noise.
"""

from __future__ import annotations

import argparse
import asyncio
import random
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


def _rounds(runs: list[Callable[[], object]], calls: int) -> list[list[float]]:
    """Seconds per call: ``calls`` rounds, each running every case once in a random order."""
    times: list[list[float]] = [[] for _ in runs]
    order = list(range(len(runs)))
    for _ in range(calls):
        random.shuffle(order)
        for i in order:
            start = time.perf_counter()
            runs[i]()
            times[i].append(time.perf_counter() - start)
    return times


async def _arounds(runs: list[Callable[[], Awaitable[object]]], calls: int) -> list[list[float]]:
    """Async :func:`_rounds`."""
    times: list[list[float]] = [[] for _ in runs]
    order = list(range(len(runs)))
    for _ in range(calls):
        random.shuffle(order)
        for i in order:
            start = time.perf_counter()
            await runs[i]()
            times[i].append(time.perf_counter() - start)
    return times


def _paired(times: list[float], plain: list[float]) -> float:
    """Median over rounds of a case's time over the plain call's time in the same round."""
    return statistics.median(t / p for t, p in zip(times, plain, strict=True)) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--calls", type=int, default=21)
    parser.add_argument(
        "--moderation-off-only",
        action="store_true",
        help="only the plain and moderation-off cases (for more rounds in the same time)",
    )
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
        if args.moderation_off_only:
            settings = settings[:2]
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
            guarded_li = secure_mistral_llm(
                pool, guard=guard, endpoint=server.url, model="mistral-small-latest"
            )
            cases.append(
                (
                    f"LlamaIndex SecureMistralAI(guard), {label}",
                    lambda m=guarded_li, x=msgs: m.chat(x),
                    lambda m=guarded_li, x=msgs: m.achat(x),
                )
            )
        syncs = _rounds([run for _, run, _ in cases], args.calls)
        asyncs = asyncio.run(_arounds([arun for _, _, arun in cases], args.calls))
        plain = {"LangChain": (syncs[0], asyncs[0]), "LlamaIndex": (syncs[1], asyncs[1])}
        print(
            f"latency {args.latency * 1000:.0f} ms per request (chat and moderation); "
            f"{args.calls} rounds, cases interleaved in random order; medians"
        )
        header = f"{'setting':<78} {'sync ms':>8} {'async ms':>9} {'sync vs':>8} {'async vs':>9}"
        print(header + "\n" + f"{'':<78} {'':>8} {'':>9} {'plain':>8} {'plain':>9}")
        for (label, _, _), sync, asyn in zip(cases, syncs, asyncs, strict=True):
            base_sync, base_async = plain[label.split()[0]]
            print(
                f"{label:<78} {statistics.median(sync) * 1000:8.0f} "
                f"{statistics.median(asyn) * 1000:9.0f} {_paired(sync, base_sync):+8.1%} "
                f"{_paired(asyn, base_async):+9.1%}"
            )


if __name__ == "__main__":
    main()
