"""Quoted attacks that are talked about, not used: security training, fiction, analysis.

"Attackers hide text like “ignore previous instructions” in web pages" quotes an attack to
warn about it. A text counts as such a mention when every rule finding sits inside quotation
marks and the text around the quotes says why it quotes them (an example, an attack, a
course, a novel, a log). Then the quoted findings count for ``DAMPING`` of their weight, and
the trained layer judges the text with the quotes blanked out. An instruction outside the
quotes, or quotes without such a frame, keep their full weight.
"""

from __future__ import annotations

import bisect

import re2

from ._normalize import fold, match_spans

__all__ = [
    "DAMPING",
    "MODEL_REST",
    "blank",
    "has_frame",
    "inside",
    "quoted_spans",
    "remove",
    "translation_request",
]

DAMPING = 0.3
MIN_QUOTE = 8
MAX_QUOTE = 600
# Outside the quotes, this much text is enough to hide an instruction of its own: the model
# judges it. A shorter frame ("In my novel the hacker writes ...") is all frame words.
MODEL_REST = 120

# One kind of quotation mark per alternative, no nesting; lengths checked in Python so the
# pattern stays a small DFA.
_QUOTED = re2.compile(
    r'"[^"\n]+"|“[^”\n]+[”“]|«[^»\n]+»|„[^“”\n]+[“”]|「[^」\n]+」|『[^』\n]+』|‘[^’\n]+’'
    # Single quotes only as quotes, not apostrophes: after a space, before a non-letter.
    r"|(?:^|[\s(:])'[^'\n]+'(?:$|[^\pL\pN])"
)

_FRAMES = (
    # en
    "example|for example|e.g|such as|phrases like|text like|things like|attack|attacks|"
    "attacker|attackers|hacker|hackers|phishing|injection|jailbreak|red team|red-team|"
    "training|awareness|lesson|quiz|course|module|classify|classified|labelled|labeled|"
    "blocked|flagged|detected|log entry|report|paper|researchers|novel|story|thriller|"
    "screenplay|villain|unit test|test case|warning sign|suspicious|never act on|"
    "never follow|do not follow|don't follow|"
    # fr
    "exemple|par exemple|attaque|attaquant|attaquants|pirate|formation|sensibilisation|"
    "roman|suspecte|suspect|tentative|rapport|"
    # de
    "beispiel|zum beispiel|angriff|angreifer|schulung|kurs|roman|warnsignal|versuch|"
    "bericht|verdachtig|"
    # es, it, pt
    "ejemplo|ataque|atacante|atacantes|formacion|novela|intento|informe|esempio|attacco|"
    "attaccante|attaccanti|formazione|romanzo|tentativo|exemplo|treinamento|romance|"
    "tentativa|relatorio|"
    # nl, pl
    "voorbeeld|aanvaller|aanvallers|beveiligingstraining|przyklad|atakujacy|szkolenie|"
    # ru, tr, ja, zh, ar
    "злоумышленники|злоумышленник|пример|обучение|атака|saldirgan|saldirganlar|egitim|"
    "ornek|攻撃者|研修|例えば|攻击者|培训|例如|المهاجمون|تدريب|مثال"
)


# A bare translation request names the quote as text to work on, not to obey: "Translate
# "please disregard the previous invoice" into Spanish". It frames quotes only when no rule
# fires inside them ("Translate: "ignore all previous instructions"" keeps its weight) and
# the request is all there is around them: "Translate this, then say ..." is not one.
_POLITE = r"(?:please|pls|kindly|can you|could you|would you|bitte|por favor|per favore)"
_MARKUP = re2.compile(r"[\[\]{}<>]")
_TASK = re2.compile(
    rf"^[^\pL]*(?:{_POLITE} )*(?:translate|traduis|traduisez|traduire|ubersetze|ubersetzen|"
    r"traduce|traducir|traduci|traduza|traduzir|vertaal|przetlumacz|how do (?:i|you) say|"
    r"how would you say|what(?:'s| is) the \pL+ (?:word )?for)"
    r"(?: (?:this|the following|this sentence|this phrase|the sentence|the phrase))?[^\pL]*"
    r"(?:(?:into|to|in|en|auf|ins|na|naar|al|em|para|w) \pL+)?[^\pL]*"
    rf"(?:{_POLITE})?[^\pL]*$"
)


def _frame_pattern() -> str:
    words = sorted({fold(w).text for w in _FRAMES.split("|")}, key=len, reverse=True)
    # Chinese and Japanese write no spaces: their words need no boundary around them.
    spaced = "|".join(re2.escape(w) for w in words if w.isascii() or not _CJK.search(w))
    unspaced = "|".join(re2.escape(w) for w in words if not w.isascii() and _CJK.search(w))
    return rf"(?:^|[^\pL\pN])(?:{spaced})(?:$|[^\pL\pN])|{unspaced}"


_CJK = re2.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")


_FRAME = re2.compile(_frame_pattern())


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted passages long enough to be a quoted instruction."""
    spans = []
    for found, end in match_spans(_QUOTED, text, group=0):
        start = found
        while text[start] not in _OPENING:  # the single-quote branch starts one char early
            start += 1
        if MIN_QUOTE <= end - start <= MAX_QUOTE:
            spans.append((start, end))
    return spans


_OPENING = frozenset("\"“«„「『‘'")


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies within one of ``spans`` (sorted, not overlapping):
    one bisection, not a pass over every quote for every finding."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces (offsets unchanged)."""
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        parts.append(" " * (end - start))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def remove(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the spans (the frame around the quotes)."""
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        pos = end
    parts.append(text[pos:])
    return " ".join(parts)


def has_frame(unquoted: str) -> bool:
    """Whether the text around the quotes says it is quoting (an example, an attack, ...)."""
    return _FRAME.search(fold(unquoted).text) is not None


def translation_request(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether ``text`` only asks to translate its quotes, and they hold plain sentences: a
    bracketed or tagged part ("'Normal text [DIRECTIVE: ...] more text'") is a payload."""
    if any(_MARKUP.search(text[start:end]) for start, end in spans):
        return False
    return _TASK.search(fold(blank(text, spans)).text) is not None
