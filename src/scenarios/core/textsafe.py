"""Text from the workspace's files, made safe to show: control characters become visible
symbols, and very long texts are cut with a marker. No terminal code (the terminal layer and the
writers call these)."""

from __future__ import annotations

import re
import unicodedata

# The bidirectional embeddings, overrides and isolates: LRE, RLE, PDF, LRO, RLO (U+202A-U+202E)
# and LRI, RLI, FSI, PDI (U+2066-U+2069). Invisible, and each reorders the text after it up to
# the end of its paragraph: 'Xland' after U+202E shows as 'dnalX'. The marks LRM, RLM and ALM
# (U+200E, U+200F, U+061C) are not among them: they reorder nothing beyond their neighbours,
# and Arabic text uses them to place numbers and punctuation.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"  # a regex character range
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_BIDI_NAMES = {
    0x202A: "LEFT-TO-RIGHT EMBEDDING",
    0x202B: "RIGHT-TO-LEFT EMBEDDING",
    0x202C: "POP DIRECTIONAL FORMATTING",
    0x202D: "LEFT-TO-RIGHT OVERRIDE",
    0x202E: "RIGHT-TO-LEFT OVERRIDE",
    0x2066: "LEFT-TO-RIGHT ISOLATE",
    0x2067: "RIGHT-TO-LEFT ISOLATE",
    0x2068: "FIRST STRONG ISOLATE",
    0x2069: "POP DIRECTIONAL ISOLATE",
}
BIDI_HINT = "delete it; a name needs no direction control"

# In an id (a country's id, a factor's, a what-if's file name) the marks are refused too: an id
# is typed on the command line and compared as written, and an invisible mark in it makes two
# ids that look alike differ.
ID_MARKS = "\u200e\u200f\u061c"
_MARK_NAMES = {
    0x200E: "LEFT-TO-RIGHT MARK",
    0x200F: "RIGHT-TO-LEFT MARK",
    0x061C: "ARABIC LETTER MARK",
}
_IN_ID = re.compile(f"[{BIDI_CONTROLS}{ID_MARKS}]")
ID_HINT = "delete it; an id is typed as written"

# C0 controls, DEL, the C1 controls and the bidirectional controls. ESC starts the terminal's
# control sequences (`\e[2J` clears the screen, `\e]0;...\a` sets the window title); C1's CSI
# (U+009B) does the same on some terminals; a bidirectional control reverses what follows it.
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
# Each control character becomes one visible character, so lengths (and rich's style spans)
# stay the same: U+2400 + code for C0 (␀ ... ␟), ␡ for DEL, � for C1 and the bidi controls.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_PICTURES |= {code: "\ufffd" for code in [*range(0x80, 0xA0), *_BIDI_NAMES]}

# all of them but tab and line feed
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")


MAX_SHOWN = 2_000  # characters of one text shown in the terminal; exports keep every one


def has_control(text: str) -> bool:
    """Does text hold a control character other than tab and line feed?"""
    return _UNSAFE.search(text) is not None


def bidi_control(text: str) -> str | None:
    """What is wrong with a name holding a bidirectional control character (the first one, by
    its code and name), or None: names are refused so (schema.py), notes shown with it
    as a visible mark (`printable`)."""
    match = _BIDI.search(text)
    if match is None:
        return None
    code = ord(match.group())
    return (
        f"an invisible U+{code:04X} {_BIDI_NAMES[code]} is not allowed in a name: "
        "it reverses the text after it"
    )


def id_control(text: str) -> str | None:
    """What is wrong with an id holding a direction control or mark (the first one), or None."""
    match = _IN_ID.search(text)
    if match is None:
        return None
    code = ord(match.group())
    name = _BIDI_NAMES.get(code) or _MARK_NAMES[code]
    return f"an invisible U+{code:04X} {name} is not allowed in an id: it cannot be seen or typed"


def shown_marks(text: str) -> str:
    """``text`` with each direction control and mark written as ⟨U+200F⟩, for a message that
    quotes an id."""
    return _IN_ID.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


def printable(text: str, keep: str = "\t\n") -> str:
    """``text`` with every control character except those in ``keep`` shown as a visible symbol
    (ESC as ␛, NUL as ␀, a bidirectional control as �), one character for one, so the length
    does not change."""
    if not _CONTROL.search(text):  # the common case, fast
        return text

    def picture(match: re.Match[str]) -> str:
        char = match.group()
        return char if char in keep else _PICTURES[ord(char)]

    return _CONTROL.sub(picture, text)


def one_line(text: str) -> str:
    """``text`` on one line: line breaks and tabs shown as symbols too (␊, ␍, ␉), so that an
    error about a value holding one is still one `error:` line."""
    return printable(text, keep="")


def cut_marker(removed: int) -> str:
    return f" … [{removed:,} more characters; -f csv or -f json shows all]"


def nfc(text: str) -> str:
    """``text`` in Unicode's composed normal form: 'Côte' typed as 'o' + combining circumflex
    and as 'ô' are then the same string. Files are read so (yamlsource.parse_yaml)."""
    return unicodedata.normalize("NFC", text)


def folded(text: str) -> str:
    """The form in which a name typed by the user is compared with a name from the files:
    stripped, composed (NFC) and case-folded ('UZ', 'uz'; 'Côte' in either normal form)."""
    return nfc(nfc(text.strip()).casefold())
