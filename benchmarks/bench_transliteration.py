"""How well the phonetic key finds English terms written in Hebrew letters, and how rarely it errs.

Hold-out: the lexicon's Hebrew-letter aliases that transliterate one of their concept's English names are
held out.  An alias counts as a transliteration when it spells one of the concept's English names or
aliases, judged without the phonetic key under test: words are reduced to crude consonant strings (a fixed
letter table below, each Hebrew letter one Latin letter) and, word for word in some order (or joined, when
one side is one word), their rapidfuzz ratio must be at least ``--select-ratio`` (70 by default; at 60, phrases that only share letters with the
English, such as "היסק סיבתי" for causal inference, count as transliterations).  So
"מודלי דיפוזיה" (diffusion models) is held out, and neither "למידה עמוקה" (deep learning, a translation)
nor "אוטורגרסיבי" (one word of "autoregressive models").  The index is built from the English names and Latin aliases only, plus the
Latin-script terms the corpus repeats, so no held-out spelling is in it; each held-out spelling is then
looked up and counted as found (the right concept), wrong (another) or missed (none).  Target: at least 70%
found.

False positives: every Hebrew word of the corpus that is no word of any Hebrew alias of the lexicon or the
entity list (prefix letters aside) is looked up with the same index; each that maps to a concept counts,
per 10,000 Hebrew-word tokens.  This is an upper bound: some of those words are real loanwords the lexicon
lacks (the most frequent are printed to judge).  Lookup speed is the whole corpus's words, cold.

Usage::

    python benchmarks/bench_transliteration.py [CORPUS] [--select-ratio 70] [--show 25] [--list]
"""

from __future__ import annotations

import argparse
import itertools
import re
import time
import unicodedata
from collections import Counter
from pathlib import Path

_HEBREW = re.compile(r"[\u05d0-\u05ea]")
_LATIN = re.compile(r"[A-Za-z]")
_HEBREW_WORD = re.compile(r"[\u05d0-\u05ea][\u05d0-\u05ea'\u05f3\u05f4\"-]*")


# the selection's own crude reading, fixed so that tuning the key cannot change what is held out
_CRUDE_HEBREW = str.maketrans(
    {**dict(zip("בגדהזחטכךלמםנןספףצץקרשת", "bgdhsktkklmmnnsppcckrst", strict=True)), **{c: "" for c in "אויע'\"׳״"}}
)
_CRUDE_LATIN = [("ph", "p"), ("th", "t"), ("sh", "s"), ("ch", "k"), ("ck", "k"), ("c", "k"), ("q", "k"), ("x", "ks"),
                ("f", "p"), ("v", "b"), ("w", "b"), ("z", "s"), ("j", "g")]


def _crude(word: str) -> str:
    """A word as lower-case consonants, doubles as one, either script: "דיפוזיה" -> "dps", "diffusion" -> "dpsn"."""
    if _HEBREW.search(word):
        word = word.removesuffix("ה").translate(_CRUDE_HEBREW)
    else:
        word = word.lower()
        for spelling, sound in _CRUDE_LATIN:
            word = word.replace(spelling, sound)
        word = re.sub(r"[^a-z]|[aeiouy]", "", word)
    return re.sub(r"(.)\1+", r"\1", word)


def _spells(alias: str, name: str, select_ratio: float) -> bool:
    """Whether a Hebrew alias spells an English name: word for word in some order, or as one word joined."""
    from rapidfuzz import fuzz

    hebrew = [_crude(word) for word in re.split(r"[\s\-]+", alias) if word]
    english = [_crude(word) for word in re.split(r"[\s\-]+", name) if word]
    if not all(hebrew) or not all(english):
        return False
    if len(hebrew) == 1 or len(english) == 1:
        return fuzz.ratio("".join(hebrew), "".join(english)) >= select_ratio
    return len(hebrew) == len(english) and any(
        all(fuzz.ratio(h, e) >= select_ratio for h, e in zip(hebrew, order)) for order in itertools.permutations(english)
    )


def held_out_aliases(lexicon, select_ratio: float) -> list[tuple[str, str]]:
    """(Hebrew alias, concept) pairs where the alias spells one of the concept's English names in Hebrew letters."""
    return [
        (alias, entry.name)
        for entry in lexicon.values()
        for alias in entry.aliases
        if _HEBREW.search(alias) and not _LATIN.search(alias)
        and any(_spells(alias, name, select_ratio) for name in entry.names if not _HEBREW.search(name))
    ]


def alias_words(lexicon, entities) -> set[str]:
    """Every word of every Hebrew-letter alias of the concept lexicon and the entity list."""
    words = set()
    for entry in [*lexicon.values(), *entities.values()]:
        for name in entry.names:
            words.update(word for word in re.split(r"[\s\-]+", unicodedata.normalize("NFC", name)) if _HEBREW.search(word))
    return words


def main() -> None:
    from graphkb import DEFAULT_CORPUS
    from graphkb.extract.entities import load_entities
    from graphkb.extract.folding import hebrew_prefix_variants
    from graphkb.extract.lexicon import load_lexicon
    from graphkb.extract.sources import read_reviews
    from graphkb.extract.latin_terms import corpus_latin_terms
    from graphkb.extract.transliteration import TransliterationIndex, load_transliteration_rules

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--select-ratio", type=float, default=70.0)
    parser.add_argument("--list", action="store_true", help="List every held-out spelling.")
    parser.add_argument("--show", type=int, default=25, help="How many misses and false positives to list.")
    args = parser.parse_args()

    rules = load_transliteration_rules()
    lexicon, entities = load_lexicon(), load_entities()
    texts = [f"{review.title or ''}\n{review.text or review.raw_text or ''}" for review in read_reviews(args.corpus)]
    terms = corpus_latin_terms(texts, rules=rules)
    start = time.perf_counter()
    index = TransliterationIndex.from_lexicon(lexicon, extra_terms=terms, rules=rules)
    built = time.perf_counter() - start
    print(f"index: {len(index)} keys from {len(lexicon)} concepts and {len(terms)} corpus terms, built in {built * 1000:.0f} ms")

    held_out = held_out_aliases(lexicon, args.select_ratio)
    if args.list:
        for alias, concept in held_out:
            print(f"  held out: {alias} ({concept})")
    found, wrong, missed = [], [], []
    for alias, concept in held_out:
        answer = index.lookup(alias)
        (found if answer == concept else wrong if answer else missed).append((alias, concept, answer))
    share = len(found) / len(held_out) if held_out else 0.0
    concepts = len({concept for _, concept in held_out})
    print(f"hold-out: {len(held_out)} Hebrew-letter spellings of {concepts} concepts")
    print(f"  found {len(found)} ({share:.1%}; target >= 70%), wrong concept {len(wrong)}, missed {len(missed)}")
    for alias, concept, answer in wrong[: args.show]:
        print(f"  wrong:  {alias} -> {answer} (is {concept})")
    for alias, concept, _ in missed[: args.show]:
        print(f"  missed: {alias} ({concept})")

    known = alias_words(lexicon, entities)
    tokens = [unicodedata.normalize("NFC", word).strip("-'\"") for text in texts for word in _HEBREW_WORD.findall(text)]
    start = time.perf_counter()
    answers = [index.lookup(token) for token in tokens]
    elapsed = time.perf_counter() - start
    mapped = Counter(
        (token, answer)
        for token, answer in zip(tokens, answers)
        if answer is not None and not any(form in known for form in [token, *hebrew_prefix_variants(token)])
    )
    total = sum(mapped.values())
    print(f"corpus: {len(tokens)} Hebrew-word tokens looked up in {elapsed:.2f} s ({len(tokens) / elapsed:,.0f} per second, cold)")
    print(f"  words in no alias that map to a concept: {total} tokens, {len(mapped)} distinct, "
          f"{total / len(tokens) * 10_000:.1f} per 10k tokens (upper bound on false positives)")
    for (token, answer), count in mapped.most_common(args.show):
        print(f"  {count:4d}  {token} -> {answer}")


if __name__ == "__main__":
    main()
