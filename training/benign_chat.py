"""The project's benign corpus of ordinary user messages and framework prompt text.

Rows come from three places:

- chat templates (``benign_chat_en``, ``benign_chat_intl``) filled with ordinary values,
  with the variations people type: lower case, no final punctuation, a greeting in front,
  a typo, two messages run together;
- conversation transcripts built from those messages, as ``user:``/``assistant:`` lines
  (what history-condensing prompts carry);
- every default prompt template of llama-index and langchain-core
  (``framework_templates``), rendered with ordinary values.

Splits are fixed by template before anything is generated, as in ``synthetic``: a chat
template or a framework template yields rows of one split only, so held-out figures
measure phrasings and templates never trained on.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator

from benign_chat_en import CHAT_EN, FILL_EN
from benign_chat_intl import CHAT_INTL, FILL_INTL
from sources import Row
from synthetic_v3 import CHAT_V3, V3B_CHAT, V3C_CHAT
from synthetic_v4 import V4_CHAT

PER_TEMPLATE = {"train": 10, "calib": 5, "heldout": 5}
_SLOT = re.compile(r"\{(\w+)\}")
_GREETINGS = {
    "en": ["hi, ", "hey ", "hello! ", "ok so ", "quick question: ", "sorry, ", "thanks. "],
    "fr": ["salut, ", "bonjour, ", "petite question : ", "merci. "],
    "de": ["hallo, ", "hi, ", "kurze Frage: ", "danke. "],
    "es": ["hola, ", "oye, ", "una pregunta: ", "gracias. "],
    "it": ["ciao, ", "senti, ", "una domanda: ", "grazie. "],
    "pt": ["olá, ", "oi, ", "uma pergunta: ", "obrigado. "],
    "nl": ["hoi, ", "hallo, ", "even een vraag: ", "dank je. "],
    "pl": ["cześć, ", "hej, ", "pytanie: "],
}


def _stable(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:4], "big")


def split_of(key: str) -> str:
    """``train`` (70%), ``calib`` (15%) or ``heldout`` (15%) for one template, by its key."""
    bucket = _stable("benign-chat", key) % 20
    return "heldout" if bucket < 3 else "calib" if bucket < 6 else "train"


def _fill(template: str, values: dict[str, list[str]], rng: random.Random) -> str:
    return _SLOT.sub(lambda m: rng.choice(values.get(m.group(1), [m.group(0)])), template)


def _typo(text: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:-1])
    if rng.random() < 0.5:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + text[i + 1 :]


def _vary(text: str, lang: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2:
        text = text.lower()
    if rng.random() < 0.2:
        text = text.rstrip("?.!？。")
    if rng.random() < 0.15 and lang in _GREETINGS:
        greeting = rng.choice(_GREETINGS[lang])
        text = greeting + text[:1].lower() + text[1:]
    if rng.random() < 0.1:
        text = _typo(text, rng)
    return text


def _chat_sets() -> dict[str, tuple[dict[str, list[str]], dict[str, list[str]]]]:
    sets = {"en": (CHAT_EN, FILL_EN)}
    for lang, kinds in CHAT_INTL.items():
        sets[lang] = (kinds, FILL_INTL.get(lang, {}))
    return sets


def chat_rows(seed: int = 14) -> Iterator[Row]:
    """Ordinary messages, one split per template; some run two messages together."""
    for lang, (kinds, values) in _chat_sets().items():
        rng = random.Random(f"{seed}-chat-{lang}")
        by_split: dict[str, list[str]] = {"train": [], "calib": [], "heldout": []}
        for kind, templates in kinds.items():
            for template in templates:
                split = split_of(f"{lang}|{template}")
                by_split[split].append(template)
                for _ in range(PER_TEMPLATE[split]):
                    text = _vary(_fill(template, values, rng), lang, rng)
                    yield Row(text, 0, "chat", kind, lang, split)
        # Two or three messages of one split, as one input (a chat box, a support form).
        for split, templates in by_split.items():
            for _ in range(len(templates) // 2):
                count = rng.randint(2, 3)
                parts = [_fill(rng.choice(templates), values, rng) for _ in range(count)]
                joined = rng.choice([" ", "\n", " \n\n"]).join(parts)
                yield Row(joined, 0, "chat", "several", lang, split)
    # The fourth pass's chat (``synthetic_v3``), on its own random stream: earlier rows stay.
    # The fifth pass's (``synthetic_v4``) likewise.
    for batch, table in (("", CHAT_V3), ("b", V3B_CHAT), ("c", V3C_CHAT), ("4", V4_CHAT)):
        yield from _v3_chat(batch, table, seed)


def _v3_chat(batch: str, table: dict[str, dict[str, list[str]]], seed: int) -> Iterator[Row]:
    for lang, kinds in table.items():
        rng = random.Random(f"{seed}-chat-v3{batch}-{lang}")
        values = {**FILL_EN, **FILL_INTL.get(lang, {})}
        for kind, templates in kinds.items():
            for template in templates:
                split = split_of(f"v3{batch}|{lang}|{template}")
                for _ in range(PER_TEMPLATE[split]):
                    text = _vary(_fill(template, values, rng), lang, rng)
                    yield Row(text, 0, "chat", kind, lang, split)


_ANSWERS = {
    "en": ["Sure, here it is.", "You mentioned it earlier: {v}.", "I'd suggest the second "
           "option.", "Done, I've updated it.", "The shop opens at 9am on weekdays."],
    "fr": ["Bien sûr, voici la réponse.", "Vous l'avez mentionné plus tôt : {v}."],
    "de": ["Klar, hier ist es.", "Das hast du vorhin erwähnt: {v}."],
    "es": ["Claro, aquí lo tienes.", "Lo mencionaste antes: {v}."],
}  # fmt: skip


def transcript_rows(seed: int = 14) -> Iterator[Row]:
    """Benign conversations as ``user:``/``assistant:`` lines, with a follow-up question:
    the chat history that condense-question prompts and memory buffers send along."""
    sets = _chat_sets()
    for lang, answers in _ANSWERS.items():
        kinds, values = sets[lang]
        rng = random.Random(f"{seed}-transcript-{lang}")
        templates = [t for ts in kinds.values() for t in ts if "\n" not in t]
        for number in range(60):
            split = split_of(f"{lang}|transcript|{number}")
            lines = []
            roles = rng.choice([("user", "assistant"), ("User", "Assistant"),
                                ("Human", "AI"), ("human", "assistant")])  # fmt: skip
            for _ in range(rng.randint(1, 4)):
                lines.append(f"{roles[0]}: {_fill(rng.choice(templates), values, rng)}")
                answer = rng.choice(answers).replace("{v}", "Leeds")
                lines.append(f"{roles[1]}: {answer}")
            text = "\n".join(lines)
            if rng.random() < 0.5:
                follow = _fill(rng.choice(templates), values, rng)
                text = f"{text}\nFollow Up Input: {follow}\nStandalone question:"
            yield Row(text, 0, "chat", "transcript", lang, split)


def template_rows() -> Iterator[Row]:
    """Every framework default template, rendered three ways, all trained on: the installed
    frameworks' templates are a known, closed set that every app built on them sends, so
    the model must know them all (``tests/test_injection_templates.py`` checks each);
    one more rendering of 15% of them stays held out to measure wording it has not seen."""
    from framework_templates import render, templates

    for template in templates():
        for seed in range(3):
            yield Row(render(template, seed), 0, "framework", "template", "en", "train")
        if split_of(f"template|{template.name}") == "heldout":
            yield Row(render(template, 3), 0, "framework", "template", "en", "heldout")


def rows(seed: int = 14) -> Iterator[Row]:
    """All benign corpus rows."""
    yield from chat_rows(seed)
    yield from transcript_rows(seed)
    yield from template_rows()
