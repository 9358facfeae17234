"""Streaming chat through SecureLLM: each chunk is sanitized as it arrives.

Run: python examples/llama_index_streaming_chat.py
With MISTRAL_API_KEY set it calls the real API; without it, it starts the embedded
Mistral-compatible test server with a reply whose markup is split across chunks.
"""

from __future__ import annotations

import asyncio
import contextlib
import os

from llama_index.core.base.llms.types import ChatMessage, MessageRole

from llama_index_mistral_secure import SecureLLM, secure_mistral_llm
from mistral_secure import Guard, KeyPool, Policy
from mistral_secure.testing import MistralTestServer

KEY = "demo-key-0000000000000000000000"


async def main() -> int:
    with contextlib.ExitStack() as stack:
        if os.environ.get("MISTRAL_API_KEY"):
            pool, url = KeyPool.from_env(), None
        else:
            server = stack.enter_context(MistralTestServer(keys=[KEY]))
            # The echo of the user's placeholder comes back restored; the split tag is removed.
            server.script(
                [
                    [
                        "Sure, I will email <EMAIL_",
                        "ADDRESS_1>. <scr",
                        "ipt>steal()</scr",
                        "ipt>Done.",
                    ]
                ]
            )
            pool, url = KeyPool([KEY]), server.url

        guard = Guard(Policy(moderation={"enabled": False}))
        llm = SecureLLM(
            secure_mistral_llm(pool, model="mistral-small-latest", endpoint=url), guard=guard
        )
        messages = [
            ChatMessage(role=MessageRole.SYSTEM, content="You are a helpful assistant."),
            # The address is replaced by <EMAIL_ADDRESS_1> before it leaves the process.
            ChatMessage(role=MessageRole.USER, content="Email jane.doe@example.com the notes."),
        ]
        async for chunk in await llm.astream_chat(messages):
            print(chunk.delta, end="", flush=True)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
