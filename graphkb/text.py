"""Corpus text made safe to show: bidirectional controls neutralised.

Review text is untrusted.  Explicit embeddings, overrides and isolates
(U+202A–U+202E, U+2066–U+2069) re-order whatever follows them: after U+202E,
``https://evil.example/`` shows as ``/elpmaxe.live//:sptth``.  Review text
never needs them (browsers and terminals order Hebrew and English by
themselves), so they are removed.  The marks U+200E, U+200F and U+061C only
spoof inside a run of Latin letters, digits and URL punctuation, where they
move the punctuation around; there they are removed, and kept elsewhere (next
to Hebrew or a space they put punctuation where the author meant it).

Everything shown to a person goes through :func:`neutralise_bidi`: the page's
data and title (:mod:`graphkb.viz`) and the terminal's tables and text.  JSON
and CSV output keep the text exactly as stored.

Examples
--------
>>> neutralise_bidi("see \\u202ehttps://evil.example/\\u202c now")
'see https://evil.example/ now'
>>> neutralise_bidi({"title": ["a\\u200f.b", "שלום\\u200f."]})
{'title': ['a.b', 'שלום\\u200f.']}
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["neutralise_bidi", "BIDI_CONTROLS", "BIDI_MARKS"]

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_MARKS = "\u200e\u200f\u061c"
_REMOVE_CONTROLS = {ord(char): None for char in BIDI_CONTROLS}
_SPOOFING_MARKS = re.compile(rf"(?<=[^\s\u0590-\u05ff{BIDI_MARKS}])[{BIDI_MARKS}]+(?=[^\s\u0590-\u05ff{BIDI_MARKS}])")
_ANY_BIDI = re.compile(f"[{BIDI_CONTROLS}{BIDI_MARKS}]")


def neutralise_bidi(value: Any) -> Any:
    """``value`` with the bidi controls that could spoof its display removed (see the module docstring).

    Strings are cleaned; lists, tuples and dict values are cleaned item by
    item (dict keys too, so ids stay consistent); anything else is returned as is.
    """
    if isinstance(value, str):
        if not _ANY_BIDI.search(value):
            return value
        return _SPOOFING_MARKS.sub("", value.translate(_REMOVE_CONTROLS))
    if isinstance(value, dict):
        return {neutralise_bidi(key): neutralise_bidi(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(neutralise_bidi(item) for item in value)
    return value
