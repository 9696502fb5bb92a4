"""Latin-script terms of a corpus: the English words and names the reviews write in Latin letters.

They feed the phonetic index (:meth:`graphkb.extract.transliteration.TransliterationIndex.from_lexicon`, as
``extra_terms``) and the curator's suggestions (:mod:`graphkb.extract.suggest`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import Iterable, Iterator

from graphkb.extract.folding import fold
from graphkb.extract.transliteration import TransliterationRules, load_transliteration_rules

__all__ = ["latin_terms", "term_key", "corpus_latin_terms"]

_LATIN_TERM = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['-][A-Za-z0-9]+)*")
# links, LaTeX commands and formulas hold Latin letters but no terms
_NOT_PROSE = re.compile(r"(?:https?://|www\.)\S+|\\[A-Za-z]+|\$\$[^$]*\$\$|\$[^$\n]*\$")


def latin_terms(text: str, rules: TransliterationRules | None = None) -> Iterator[tuple[str, int]]:
    r"""The Latin-script terms of a text with their offsets: words of three letters or more that are no stop word.

    Links and LaTeX commands are no terms; a glued Hebrew prefix is no part of one ("וב-RLHF").

    >>> list(latin_terms("ב-Hyena, ראו https://arxiv.org/abs/1 ו-$\\mathrm{x}$"))
    [('Hyena', 2)]
    """
    stop_words = (rules or load_transliteration_rules()).concept_rules["stop_words"]
    for match in _LATIN_TERM.finditer(_NOT_PROSE.sub(lambda found: " " * len(found.group()), text)):
        term = match.group()
        folded = term.casefold()
        if sum(ch.isalpha() for ch in term) >= 3 and folded not in stop_words and folded.rstrip("s") not in stop_words:
            yield term, match.start()


def term_key(term: str) -> str:
    """The key under which spellings of one Latin term count as one: folded, a plural "s" dropped.

    >>> term_key("Hyenas") == term_key("hyena"), term_key("loss")
    (True, 'loss')
    """
    key = fold(term)
    return key[:-1] if len(key) > 3 and key.endswith("s") and not key.endswith("ss") else key


def corpus_latin_terms(texts: Iterable[str], min_texts: int = 2, rules: TransliterationRules | None = None) -> list[str]:
    """Latin-script terms (see :func:`latin_terms`) that at least ``min_texts`` of ``texts`` use, each in its
    most frequent spelling: the terms to pass as ``extra_terms`` of :meth:`TransliterationIndex.from_lexicon`.

    >>> corpus_latin_terms(["ב-Hyena ו-Mamba", "Hyenas, the paper", "Hyena"])
    ['Hyena']
    """
    rules = rules or load_transliteration_rules()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    texts_with: Counter[str] = Counter()
    for text in texts:
        seen: set[str] = set()
        for term, _ in latin_terms(unicodedata.normalize("NFC", text), rules):
            key = term_key(term)
            spellings[key][term] += 1
            seen.add(key)
        texts_with.update(seen)
    return sorted(spellings[key].most_common(1)[0][0] for key, count in texts_with.items() if count >= min_texts)
