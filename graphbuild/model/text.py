"""Characters that must not reach names, ids, terminals or XML.

Control characters (ESC, BEL...), bidirectional overrides and zero-width characters hide or
reorder what a reader sees; XML 1.0 cannot carry most C0 controls at all. Names and ids are
*cleaned* (those characters removed); evidence text stays faithful and is *escaped* where it
is shown (terminals) or written (XML).

>>> clean_name("Ac\\u200bme\\u202e Corp\\x1b[31m")
'Acme Corp[31m'
>>> for_terminal("evil\\nFORGED\\x1b[2J")
'evil\\\\nFORGED\\\\x1b[2J'
"""

from __future__ import annotations

import re

# C0 and C1 controls except tab/newline/carriage return, DEL
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# bidi embeddings, overrides and isolates; marks; zero-width characters; BOM; interlinear annotation
_INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
_UNSAFE_NAME = re.compile(f"[{_CONTROLS}{_INVISIBLE}\t\n\r]")
_UNSAFE_TERMINAL = re.compile(f"[{_CONTROLS}{_INVISIBLE}\n\r]")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_name(text: str) -> str:
    """A name or id without control, bidi-override and zero-width characters (whitespace runs
    made of tabs/newlines become one space)."""
    if not _UNSAFE_NAME.search(text):
        return text
    text = re.sub(r"[\t\n\r]+", " ", text)
    return _UNSAFE_NAME.sub("", text)


def has_unsafe(text: str) -> bool:
    return bool(_UNSAFE_NAME.search(text))


def for_terminal(text: str) -> str:
    """``text`` with control and invisible characters shown as escapes, for one line of a
    terminal (a newline cannot start a forged line; ESC cannot drive the terminal)."""
    if not _UNSAFE_TERMINAL.search(text):
        return text
    return _UNSAFE_TERMINAL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def for_xml(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry replaced by U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)
