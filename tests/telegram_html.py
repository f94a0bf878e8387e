"""A strict check of Telegram's HTML parse mode, so tests can prove a message would be accepted as sent.

From the Bot API's "HTML style": only these tags, properly nested and closed; only the entities &lt; &gt;
&amp; &quot; and numeric ones; every other <, > and & must be escaped. Telegram answers 400 "can't parse
entities" otherwise, and the answer is lost.
"""

from __future__ import annotations

import re

TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
}
_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<tag>[a-z][a-z-]*)(?P<attrs>(?:\s+[a-z-]+(?:=\"[^\"<>]*\")?)*)\s*>"
    r"|&(?P<entity>lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);"
    r"|(?P<bare>[<>&])"
)


def html_problems(text: str) -> list[str]:
    """What Telegram would refuse in `text` (empty when it parses)."""
    problems, open_tags = [], []
    for match in _TOKEN.finditer(text):
        if match["bare"]:
            problems.append(
                f"unescaped {match['bare']!r} at {match.start()}: {text[match.start() : match.start() + 20]!r}"
            )
        elif match["tag"]:
            tag = match["tag"]
            if tag not in TAGS:
                problems.append(f"unsupported tag <{tag}>")
            elif match["close"]:
                if not open_tags or open_tags.pop() != tag:
                    problems.append(f"</{tag}> closes nothing open")
            else:
                open_tags.append(tag)
    problems.extend(f"<{tag}> never closed" for tag in open_tags)
    return problems
