"""Concept and entity matching: one spaCy pipeline that finds every lexicon name whatever its spelling or script.

A pipeline built on ``spacy.blank("he")`` tokenises each review once (with one rule added: a parenthesis OCR glued
between two words is split off, see :func:`blank_hebrew`); three components registered with
:meth:`spacy.language.Language.factory` do the matching:

``graphkb_token_norms``
    sets each token's ``norm_`` to a folded key: lower case, a final plural "s" dropped from Latin words, and a
    glued or hyphenated Hebrew prefix ("וב-RLHF", "הדיפוזיה") removed when what is left is a word of the lexicon
    (the prefix letters and their order are data: ``extract/data/concept_rules.yaml``);
``graphkb_concept_matcher`` / ``graphkb_entity_matcher``
    :class:`~spacy.matcher.PhraseMatcher` over those keys, with patterns built by ``make_doc`` from every name and
    alias of ``extract/data/concepts.yaml`` and ``entities.yaml`` (plus their hyphen, space and joined variants);
    they fill ``doc.spans["concepts"]`` and ``doc.spans["entities"]``.

Examples
--------
>>> doc = build_pipeline()("ובמודלי הדיפוזיה ו-KV-cache")
>>> [span.label_ for span in doc.spans["concepts"]]
['diffusion models', 'KV cache']
"""

from __future__ import annotations

import functools
import itertools
import re
import string
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, NORM, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_prefix_regex, filter_spans

from graphkb.extract.datafiles import cached_json
from graphkb.extract.entities import load_entities
from graphkb.extract.knowledge import load_rules
from graphkb.extract.lexicon import ENTITIES_PATH, LEXICON_PATH, load_lexicon

__all__ = [
    "build_pipeline",
    "blank_hebrew",
    "TokenFolder",
    "TokenView",
    "token_view",
    "clean_text",
    "strip_hebrew_prefix",
    "inflected_forms",
    "hebrew_headed_forms",
    "hebrew_forms",
    "HEBREW_LETTER",
    "LATIN_LETTER",
]

HEBREW_LETTER = re.compile(r"[\u05d0-\u05ea]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
_NOT_LATIN = re.compile(r"[^A-Za-z]")
_WORD_BREAK = re.compile(r"[\s\-]+")
# Hebrew punctuation that OCR and keyboards write in several ways; same length, so offsets survive
_PUNCTUATION = str.maketrans({"\u05f3": "'", "\u2019": "'", "\u2018": "'", "`": "'", "\u05f4": '"', "\u201c": '"', "\u201d": '"'})
_COMPOUND_HEAD = re.compile(r"[A-Z\u05d0-\u05ea]")
_OCR_AI = re.compile(r"(?:^|[^A-Z])Al$")
MIN_FIRST_LETTER_REPAIR = 5
# OCR glues a parenthesis to the words beside it ("למידה ניגודית(contrastive learning)", "(embeddings)של")
GLUED_PARENTHESIS = r"(?<=[^\W\d_])[()](?=[^\W\d_])"


def blank_hebrew() -> Language:
    """``spacy.blank("he")`` whose tokeniser also splits a parenthesis glued between two letters, and the Hebrew
    prefix letters written before an opening quote (``ב"תכנון"`` is in "planning").

    >>> [token.text for token in blank_hebrew()("למידה ניגודית(contrastive learning)")]
    ['למידה', 'ניגודית', '(', 'contrastive', 'learning', ')']
    >>> [token.text for token in blank_hebrew()('ה"תכנון" בד"כ')]
    ['ה', '"', 'תכנון', '"', 'בד"כ']
    """
    rules = load_rules()
    letters, most = rules["hebrew_prefix_letters"], int(rules["hebrew_prefix_max"])
    # an acronym's gershayim stands before its last letter ("בד"כ", "ש"ח"): two letters after the mark are a quote
    quoted = rf'^[{letters}]{{1,{most}}}(?="[\u05d0-\u05ea]{{2}})'
    nlp = spacy.blank("he")
    nlp.tokenizer.prefix_search = compile_prefix_regex([quoted, *nlp.Defaults.prefixes]).search
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, GLUED_PARENTHESIS]).finditer
    return nlp


def clean_text(text: str) -> str:
    """NFC, and the quote marks OCR and keyboards write in several ways made one (same length: offsets survive)."""
    return unicodedata.normalize("NFC", text).translate(_PUNCTUATION)


class TokenFolder:
    """Folds a token's text to the key concept matching compares.

    Parameters
    ----------
    hebrew_words : iterable of str
        Hebrew words of the lexicon; a glued prefix is removed only when what
        is left is one of them (so "מודלי" keeps its מ).  Lexicon words are
        folded the same way, so "תהליך הדיפוזיה" and "דיפוזיה" share a key.
    prefix_letters : str
        Letters that glue onto a Hebrew word (ב ה ו ל מ ש כ).
    prefix_max : int
        Longest run of prefix letters ("וכשה").
    whole_words : iterable of str
        Words that only look prefixed and keep their first letters ("בדיוק",
        "exactly", is no "ב" + "דיוק", accuracy).
    latin_words : iterable of str
        Folded Latin words of the lexicon: a word that is none of them but
        becomes one when an "I"/"l" that OCR confuses is swapped is repaired
        ("Iottery" -> "lottery", "OpenAl" -> "openai").
    phrase_words : iterable of str
        Folded Latin words the lexicon has only inside names of several words:
        a word of at least ``MIN_FIRST_LETTER_REPAIR`` letters that is none of
        ``latin_words`` but becomes one of these with its first letter
        changed, dropped or added (and only one) is repaired ("Oirect" ->
        "direct", "coise" -> "noise").
    plene_letters : str, optional
        Letters Hebrew writes once or twice inside a word for one sound
        ("פונקציית" / "פונקצית"): a doubled one is folded to one, except in
        the adjective's plural ending "יים".
    prefix_sequence : str, optional
        A regular expression the glued letters must match in full: Hebrew
        stacks its prefixes in one order ("וכשה", "שב", "מה"; never "מש" or
        "לל"), so "משוואות" is no "משוו" + "אות".

    Examples
    --------
    >>> folder = TokenFolder(["דיפוזיה", "דיוק"], "בהולמשכ", 4, ["בדיוק"])
    >>> folder.fold("ובדיפוזיה"), folder.fold("וב-RLHF"), folder.fold("LLMs"), folder.fold("בלבד"), folder.fold("בדיוק")
    ('דיפוזיה', 'rlhf', 'llm', 'בלבד', 'בדיוק')
    >>> folder.fold("OpenAl"), folder.fold("Natural")
    ('openai', 'natural')
    >>> TokenFolder([], "בהולמשכ", 4, latin_words=["lottery"]).fold("Iottery")
    'lottery'
    >>> TokenFolder([], "בהולמשכ", 4, latin_words=["noise"], phrase_words=["noise"]).fold("coise")
    'noise'
    >>> plene = TokenFolder(["פונקציית"], "בהולמשכ", 4, plene_letters="י")
    >>> plene.fold("בפונקצית") == plene.fold("פונקציית"), plene.fold("מעגליים")
    (True, 'מעגליים')
    """

    def __init__(
        self,
        hebrew_words: Iterable[str],
        prefix_letters: str,
        prefix_max: int,
        whole_words: Iterable[str] = (),
        latin_words: Iterable[str] = (),
        prefix_sequence: str | None = None,
        phrase_words: Iterable[str] = (),
        plene_letters: str = "",
    ):
        self.prefix_sequence = re.compile(prefix_sequence) if prefix_sequence else None
        # a doubled letter inside the word, but not the adjective's plural ending ("מעגליים", circular, is no "מעגלים")
        self._doubled = re.compile(rf"(?<=.)([{plene_letters}])\1(?!ם$)") if plene_letters else None
        self.plene_letters = plene_letters
        self.hebrew_words = frozenset(map(self._defective, hebrew_words))
        self.whole_words = frozenset(whole_words)
        self.latin_words = frozenset(latin_words)
        self.phrase_words = frozenset(phrase_words)
        self.prefix_letters = frozenset(prefix_letters)
        self.prefix_max = prefix_max
        self._latin_prefix = re.compile(rf"^[{prefix_letters}]{{1,{prefix_max}}}-?(?=[a-z])")
        self._memo: dict[str, str] = {}

    def fold(self, text: str) -> str:
        """The folded key of one token (see the class docstring)."""
        folded = self._memo.get(text)
        if folded is None:
            folded = self._fold(text)
            if len(self._memo) < 200_000:
                self._memo[text] = folded
        return folded

    def _defective(self, word: str) -> str:
        """``word`` with a doubled letter of ``plene_letters`` written once: "פונקציית" and "פונקצית" are one spelling."""
        return self._doubled.sub(r"\1", word) if self._doubled is not None else word

    def _fold(self, text: str) -> str:
        word = text.lower()
        if _OCR_AI.search(text):
            word = word[:-1] + "i"  # OCR reads the "I" of "AI" as "l": "OpenAl", "Al alignment"
        if HEBREW_LETTER.match(word):
            glued = self._latin_prefix.match(word)
            if glued:
                word = word[glued.end():]
            elif word not in self.whole_words:
                for length in range(1, min(self.prefix_max, len(word) - 3) + 1):
                    if word[length - 1] not in self.prefix_letters:
                        break
                    if self.prefix_sequence is not None and not self.prefix_sequence.fullmatch(word[:length]):
                        continue  # letters Hebrew never stacks so: "מש|וואות", "לל|מוד"
                    if self._defective(word[length:]) in self.hebrew_words:
                        return self._fold(word[length:])  # "שה|דיפוזיה": the rest may carry a prefix of its own
            word = self._defective(word)
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word[-2].isalpha() and word.isascii():
            word = word[:-1]
        if self.latin_words and len(word) > 3 and word.isascii() and word not in self.latin_words:
            word = self._ocr_repaired(word)
        return word

    def _ocr_repaired(self, word: str) -> str:
        """A Latin word with one "I"/"l" misread by OCR, when swapping it gives a lexicon word ("Iottery")."""
        for index, letter in enumerate(word):
            if letter in "il":
                repaired = word[:index] + ("l" if letter == "i" else "i") + word[index + 1 :]
                if repaired in self.latin_words:
                    return repaired
        if len(word) >= MIN_FIRST_LETTER_REPAIR:
            # OCR often misreads the first letter of a Latin word that follows Hebrew ("Oirect Preference
            # Optimization", "coise schedule"); a word the lexicon has only inside longer names is safe to repair,
            # since it still has to be followed or preceded by the rest of its name to match
            found = self.phrase_words.intersection(
                [word[1:], *(letter + word[1:] for letter in string.ascii_lowercase), *(letter + word for letter in string.ascii_lowercase)]
            )
            if len(found) == 1:
                return next(iter(found))
        return word


# a Latin alias of at most this many words is also matched with each gap written as a space or a hyphen
MAX_REJOINED_WORDS = 4


class _Pattern(NamedTuple):
    """What one folded key sequence of the matcher stands for."""

    label: str
    # surface forms it must be written as (case-sensitive names such as "Meta", short acronyms); None: any
    exact_forms: frozenset[str] | None


def _alias_variants(alias: str, genitive: str = "") -> set[str]:
    """An alias and its hyphen/space/joined spellings: "KV cache" -> "KV-cache", "fine-tuning" -> "finetuning";
    a Hebrew name of two to four words also with the genitive word after its first ("חיזוי טוקן הבא" ->
    "חיזוי של טוקן הבא"), the analytic form Hebrew writes as often as the construct one.

    A Hebrew head before English words takes the article as Hebrew glues it to a Latin word ("מודלי reward" ->
    "מודלי ה-reward").

    >>> sorted(_alias_variants("חיזוי טוקן הבא", "של")), sorted(_alias_variants("מודלי reward"))
    (['חיזוי טוקן הבא', 'חיזוי של טוקן הבא'], ['מודלי reward', 'מודלי ה-reward', 'מודלי-reward'])
    """
    variants = {alias}
    words = alias.split()
    if genitive and 2 <= len(words) <= 4 and HEBREW_LETTER.match(words[0]) and HEBREW_LETTER.match(words[1]) and genitive not in words:
        variants.add(" ".join([words[0], genitive, *words[1:]]))
    variants.update(_with_article(alias))
    if LATIN_LETTER.search(alias):
        if "-" in alias:
            variants.add(alias.replace("-", ""))
        words = re.split(r"[- ]", alias)
        if len(words) <= MAX_REJOINED_WORDS and all(words):
            variants.update(_rejoined(words))
        elif "-" in alias:
            variants.add(alias.replace("-", " "))
    return variants


def _rejoined(words: Sequence[str]) -> list[str]:
    """``words`` joined by a space or a hyphen at each gap, in every mix: English hyphenates a compound modifier
    ("state-space models", "parameter-efficient fine tuning") as it likes.

    >>> _rejoined(["state", "space", "models"])
    ['state space models', 'state space-models', 'state-space models', 'state-space-models']
    """
    return ["".join(itertools.chain.from_iterable(zip(words, (*gaps, "")))) for gaps in itertools.product(" -", repeat=len(words) - 1)]


def _with_article(alias: str) -> list[str]:
    """A Hebrew head before English words with the article glued to the first of them, as Hebrew writes it
    ("מודלי reward" -> "מודלי ה-reward"); nothing for another alias.

    >>> _with_article("מודלי reward"), _with_article("reward model"), _with_article("מודל עולם")
    (['מודלי ה-reward'], [], [])
    """
    words = alias.split()
    latin_at = next((index for index, word in enumerate(words) if not HEBREW_LETTER.match(word)), 0)
    if not latin_at or not LATIN_LETTER.match(words[latin_at]):
        return []
    return [" ".join([*words[:latin_at], "ה-" + words[latin_at], *words[latin_at + 1 :]])]


def _word_forms(word: str, inflections: Mapping[str, Sequence[str]], head: bool) -> list[str]:
    """One Hebrew word and its forms by ``inflections`` (longest listed ending first; "" for any other ending). The head
    word takes every rule: a noun's plural and construct forms. A later word takes only an adjective's (its ending
    starts with י, and is no noun's -יה: "גנרטיבי", "גנרטיביים"): a noun after the head is its genitive ("דיפוזיה" of
    "מודלי דיפוזיה") and keeps its form.

    >>> rules = {"יה": ["יית"], "י": ["ים", "יים"], "": ["ים", "י"]}
    >>> _word_forms("דיפוזיה", rules, head=False), _word_forms("לטנטי", rules, head=False)
    (['דיפוזיה'], ['לטנטי', 'לטנטים', 'לטנטיים'])
    """
    if not HEBREW_LETTER.match(word) or len(word) < 3:
        return [word]
    for ending in sorted(inflections, key=len, reverse=True):
        if ending and word.endswith(ending) and len(word) - len(ending) >= 2:
            if not head and (not ending.startswith("י") or ending == "יה"):
                break
            return [word, *(word[: -len(ending)] + other for other in inflections[ending])]
    return [word, *(word + other for other in inflections.get("", ()))] if head else [word]


def inflected_forms(name: str, inflections: Mapping[str, Sequence[str]], most: int = 32) -> list[str]:
    """A Hebrew phrase's other number and state forms: its first word (the head noun) in plural and construct form,
    the words after it agreeing when they end as adjectives do; at most ``most`` forms, the name itself excluded.
    A one-word name has none: a loanword's endings are the phonetic key's business, and a native word alone is
    ambiguous enough uninflected ("שיחה", "דיוק").

    >>> rules = {"ה": ["ת", "ות"], "י": ["ים", "ית"], "ת": [], "": ["ים", "י"]}
    >>> inflected_forms("מודל דיפוזיה", rules), inflected_forms("מודל גנרטיבי", rules)[:3]
    (['מודלים דיפוזיה', 'מודלי דיפוזיה'], ['מודל גנרטיבים', 'מודל גנרטיבית', 'מודלים גנרטיבי'])
    >>> inflected_forms("פונקציית אקטיבציה", rules), inflected_forms("פונקציה", rules), inflected_forms("RLHF ו-DPO", rules)
    ([], [], [])
    """
    words = name.split(" ")
    if len(words) < 2 or not HEBREW_LETTER.match(words[0]):
        return []
    choices = [_word_forms(word, inflections, head=index == 0) for index, word in enumerate(words)]
    forms = (" ".join(combination) for combination in itertools.product(*choices))
    return [form for form in itertools.islice(forms, most + 1) if form != name][:most]


def hebrew_headed_forms(name: str, heads: Mapping[str, Sequence[str]]) -> list[str]:
    """An English name whose last word is a head noun of ``heads`` as Hebrew prose mixes it: the Hebrew head first,
    the English words that qualify it after ("feed-forward layers" -> "שכבות feed-forward", "Jacobi method" ->
    "שיטת Jacobi").

    >>> hebrew_headed_forms("feed-forward layers", {"layer": ["שכבה", "שכבות"]})
    ['שכבה feed-forward', 'שכבות feed-forward']
    >>> hebrew_headed_forms("layers", {"layer": ["שכבות"]}), hebrew_headed_forms("מודל עולם", {"model": ["מודל"]})
    ([], [])
    """
    *qualifiers, head = name.split(" ")
    if not qualifiers or not name.isascii():
        return []
    head = head.lower()
    forms = heads.get(head) or heads.get(head[:-1] if head.endswith("s") and not head.endswith("ss") else head) or ()
    return [f"{form} {' '.join(qualifiers)}" for form in forms]


def hebrew_forms(name: str, rules: Mapping[str, Any]) -> list[str]:
    """The spellings a lexicon name also takes in Hebrew prose, by the rules ``hebrew_inflections`` and
    ``hebrew_heads`` (see :func:`inflected_forms` and :func:`hebrew_headed_forms`)."""
    return inflected_forms(name, rules.get("hebrew_inflections") or {}) + hebrew_headed_forms(name, rules.get("hebrew_heads") or {})


def _must_match_exactly(alias: str) -> bool:
    """Short capitalised acronyms ("RL", "GS", "MoE") match only as written, so "moe" or "gs" in prose do not."""
    letters = _NOT_LATIN.sub("", alias)
    return 0 < len(letters) <= 3 and " " not in alias and any(ch.isupper() for ch in letters)


@functools.lru_cache(maxsize=4)
def _glued_prefix(letters: str, longest: int) -> re.Pattern[str]:
    return re.compile(rf"^[{letters}]{{1,{longest}}}-?(?=[A-Za-z])")


def strip_hebrew_prefix(surface: str, rules: dict[str, Any]) -> str:
    """ "וב-RLHF" -> "RLHF": a Hebrew prefix glued or hyphenated onto a Latin word."""
    if not HEBREW_LETTER.match(surface):
        return surface
    return _glued_prefix(rules["hebrew_prefix_letters"], int(rules["hebrew_prefix_max"])).sub("", surface, count=1)


def _inner_prefixes(words: Sequence[str], key: Sequence[str]) -> tuple[str, ...]:
    """The Hebrew prefix letters glued to each word after the first, the article ה aside.

    >>> _inner_prefixes(["מודל", "בעולם"], ["מודל", "עולם"]), _inner_prefixes(["מודלי", "הדיפוזיה"], ["מודלי", "דיפוזיה"])
    (('ב',), ('',))
    """
    glued = []
    for word, norm in zip(words[1:], key[1:]):
        lowered = word.lower()
        prefix = lowered[: -len(norm)] if norm and lowered != norm and lowered.endswith(norm) else ""
        glued.append(prefix.replace("ה", "") if HEBREW_LETTER.match(prefix) else "")
    return tuple(glued)


def _hebrew_before(texts: Sequence[str], position: int) -> bool:
    """Whether a Hebrew word, or a Hebrew prefix and a hyphen ("ה-"), comes right before token ``position``."""
    if position > 1 and texts[position - 1] == "-":
        position -= 1
    return position > 0 and bool(HEBREW_LETTER.match(texts[position - 1]))


def _tokenize_lines(nlp: Language, texts: Sequence[str]) -> list[list[str]]:
    """Token texts of each of ``texts``, tokenised in one pass (one line each; far faster than one call per text)."""
    lines: list[list[str]] = [[]]
    for token in nlp.make_doc("\n".join(texts)):
        if "\n" in token.text:
            lines.extend([] for _ in range(token.text.count("\n")))
        elif not token.is_space:
            lines[-1].append(token.text)
    return lines


def _folder_state(folder: TokenFolder) -> list[str]:
    """What a :class:`TokenFolder` folds by, as text (a cache key)."""
    sequence = folder.prefix_sequence.pattern if folder.prefix_sequence is not None else ""
    words = (sorted(folder.hebrew_words), sorted(folder.whole_words), sorted(folder.latin_words))
    return ["".join(sorted(folder.prefix_letters)), str(folder.prefix_max), sequence, folder.plene_letters, *("\0".join(group) for group in words)]


def _pattern_table(
    nlp: Language,
    folder: TokenFolder,
    entries: Sequence[tuple[str, Sequence[str], bool]],
    genitive: str,
    derived_forms: Mapping[str, Sequence[str]],
) -> dict[str, list[Any]]:
    """The patterns of a :class:`_LexiconMatcher` as JSON values, in the order they were added: ``patterns`` (folded
    key, its words joined by spaces as no token holds one; label; the surface forms it must be written as, or None),
    ``inner_prefixes`` (key, the inner prefixes its names glue) and ``collisions`` (surface, the label that has its
    key, the label that wanted it)."""
    texts: list[str] = []
    owners: list[tuple[str, str, bool, bool]] = []
    for label, names, exact in entries:
        for name in names:
            for variant in sorted(_alias_variants(clean_text(name), genitive)):  # sorted: a stable cache key
                texts.append(variant)
                owners.append((label, variant, exact or _must_match_exactly(variant), False))
    # forms derived by the Hebrew rules after every listed spelling: a listed spelling keeps its concept, a derived
    # form no one listed yields
    listed = set(texts)
    for label, names, exact in entries if derived_forms else ():
        for name in names:
            for form in (variant for derived in derived_forms.get(name, ()) for variant in (derived, *_with_article(derived))):
                if form not in listed:
                    listed.add(form)
                    texts.append(form)
                    owners.append((label, form, exact, True))
    patterns: dict[tuple[str, ...], _Pattern] = {}
    inner_prefixes: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    collisions: list[tuple[str, str, str]] = []
    tokenized = cached_json("tokens", [spacy.__version__, nlp.lang, GLUED_PARENTHESIS, *texts], lambda: _tokenize_lines(nlp, texts))
    for words, (label, surface, exact, derived_form) in zip(tokenized, owners):
        key = tuple(map(folder.fold, words))
        known = patterns.get(key)
        if known is not None and known.label != label:
            if not derived_form:
                collisions.append((surface, known.label, label))
            continue
        if len(key) > 1:
            inner_prefixes[key].add(_inner_prefixes(words, key))
        if known is None:
            patterns[key] = _Pattern(label, frozenset({surface}) if exact else None)
        elif known.exact_forms is not None:
            patterns[key] = _Pattern(label, known.exact_forms | {surface} if exact else None)
    return {
        "patterns": [[" ".join(key), p.label, None if p.exact_forms is None else sorted(p.exact_forms)] for key, p in patterns.items()],
        "inner_prefixes": [[" ".join(key), [list(prefixes) for prefixes in sorted(glued)]] for key, glued in inner_prefixes.items()],
        "collisions": collisions,
    }


class _LexiconMatcher:
    """A PhraseMatcher over folded keys for a list of (label, names, case-sensitive) entries."""

    def __init__(
        self,
        nlp: Language,
        folder: TokenFolder,
        entries: Sequence[tuple[str, Sequence[str], bool]],
        span_key: str,
        derived_forms: Mapping[str, Sequence[str]] | None = None,
    ):
        self.span_key = span_key
        self.rules = load_rules()
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        genitive = str(self.rules.get("hebrew_genitive_word") or "")
        derived_forms = derived_forms or {}
        # the table is a function of the names, the folder, spaCy's tokeniser and this module's code, remembered on
        # disk under them all, as the pattern tokens are: building it again is most of the pipeline's build time
        key_parts = [
            Path(__file__).read_bytes(),
            spacy.__version__,
            nlp.lang,
            genitive,
            *_folder_state(folder),
            *("\0".join([label, str(exact), *names]) for label, names, exact in entries),
            *("\0".join([name, *derived_forms[name]]) for name in sorted(derived_forms)),
        ]
        table = cached_json("patterns", key_parts, lambda: _pattern_table(nlp, folder, entries, genitive, derived_forms))
        # folded key -> what it stands for
        self.patterns: dict[tuple[str, ...], _Pattern] = {}
        keys_by_label: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for joined, label, forms in table["patterns"]:
            key = tuple(joined.split(" ")) if joined else ()
            self.patterns[key] = _Pattern(label, None if forms is None else frozenset(forms))
            keys_by_label[label].append(key)
        # the prefixes the names glue to their inner words ("למידה בחיזוקים"); other inner prefixes change the sense.
        # Kept as the table holds them (joined key -> lists of prefixes): few keys are ever looked up
        self.inner_prefixes: dict[str, list[list[str]]] = dict(table["inner_prefixes"])
        self.collisions: list[tuple[str, str, str]] = [tuple(collision) for collision in table["collisions"]]
        strings = nlp.vocab.strings
        for label, keys in keys_by_label.items():
            # the matcher reads only NORM: a pattern given as its NORM hashes (the form spaCy's own pickling adds
            # patterns in) spares building a Doc per pattern
            self.matcher.add(label, [tuple(map(strings.add, key)) for key in keys])

    def _accepted(self, doc: Doc, start: int, end: int) -> bool:
        view = token_view(doc)
        key = tuple(view.norms[start:end])
        if end - start > 1:
            glued = _inner_prefixes(view.texts[start:end], key)
            if any(glued) and list(glued) not in self.inner_prefixes.get(" ".join(key), ()):
                return False  # "מודל בעולם" ("a model in the world") is no "מודל עולם" (world model)
        pattern = self.patterns.get(key)
        if pattern is None or pattern.exact_forms is None:
            return True
        if (
            end + 1 < len(view.texts)
            and view.texts[end] == "-"
            and view.starts[end] == view.starts[end - 1] + len(view.texts[end - 1])
            and view.starts[end + 1] == view.starts[end] + 1
            and _COMPOUND_HEAD.match(view.texts[end + 1])
        ):
            return False  # a common-word name as the head of a compound is the word: "Meta-ICL", "מטא-תגמול"
        surface = strip_hebrew_prefix(doc[start:end].text, self.rules)
        written = {surface, surface[:-1] if surface[-1:] in ("s", "S") else surface}
        # as listed ("MoE", "MoEs"), or in full capitals ("MOE", "RNNS")
        if any(form in written or (surface.isupper() and form.upper() in written) for form in pattern.exact_forms):
            return True
        # a capitals acronym of three letters or more typed in lower case amid Hebrew ("נגיד rag או"): a Latin word there
        # is a term, not English prose, where "rag" or "map" would be words
        return (
            len(surface) >= 3
            and surface.islower()
            and surface.upper() in pattern.exact_forms
            and (surface != doc[start:end].text or _hebrew_before(view.texts, start))
            and (end == len(view.texts) or bool(HEBREW_LETTER.match(view.texts[end])) or not view.texts[end][:1].isalnum())
        )

    def __call__(self, doc: Doc) -> Doc:
        spans = [
            Span(doc, start, end, label=match_id)
            for match_id, start, end in self.matcher(doc)
            if self._accepted(doc, start, end)
        ]
        doc.spans[self.span_key] = filter_spans(spans)
        return doc


@functools.lru_cache(maxsize=4)
def _derived_forms(concepts_path: str) -> dict[str, list[str]]:
    """The Hebrew forms (:func:`hebrew_forms`) of every name of a lexicon, derived once per lexicon and process."""
    rules = load_rules()
    names = {name for entry in load_lexicon(concepts_path).values() for name in entry.names}
    return {name: forms for name in names if (forms := hebrew_forms(clean_text(name), rules))}


@functools.lru_cache(maxsize=4)
def _folder(concepts_path: str, entities_path: str) -> TokenFolder:
    rules = load_rules()
    names = [name for entry in load_lexicon(concepts_path).values() for name in entry.names]
    names += [form for forms in _derived_forms(concepts_path).values() for form in forms]
    names += [name for entry in load_entities(entities_path).values() for name in entry.names]
    names = set(names)  # derived forms repeat: each distinct name and word once
    words = {clean_text(word).lower() for word in {word for name in names for word in _WORD_BREAK.split(name)} if HEBREW_LETTER.match(word)}
    plain = TokenFolder((), rules["hebrew_prefix_letters"], int(rules["hebrew_prefix_max"]))
    latin_words = {word for name in names for word in _WORD_BREAK.split(clean_text(name))}
    latin = {plain.fold(word) for word in latin_words if word.isascii() and word.isalpha()}
    alone = {plain.fold(clean_text(name)) for name in names if not _WORD_BREAK.search(name)}
    joined = {plain.fold(_WORD_BREAK.sub("", clean_text(name))) for name in names if name.isascii()}  # "Qlearning"
    return TokenFolder(
        words,
        rules["hebrew_prefix_letters"],
        int(rules["hebrew_prefix_max"]),
        rules["unprefixed_words"],
        latin | joined,
        rules.get("hebrew_prefix_sequence"),
        latin - alone,
        rules["hebrew_plene_letters"],
    )


@dataclass(frozen=True)
class TokenView:
    """A doc's token texts, start characters and folded keys as plain lists (no Token objects)."""

    texts: list[str]
    starts: list[int]
    norms: list[str]


def token_view(doc: Doc) -> TokenView:
    view = doc.user_data.get("graphkb_tokens")
    if view is None:
        strings = doc.vocab.strings
        table = doc.to_array([ORTH, IDX, NORM]).tolist()
        view = TokenView([strings[row[0]] for row in table], [row[1] for row in table], [strings[row[2]] for row in table])
    return view


class _TokenNorms:
    """Sets every token's NORM to its folded key, in one array pass, and keeps the token view on the doc."""

    def __init__(self, folder: TokenFolder):
        self.folder = folder
        # by a token's ORTH hash: its text, folded key and the key's hash (a corpus repeats its words)
        self._by_orth: dict[int, tuple[str, str, int]] = {}

    def _word(self, orth: int, strings: Any) -> tuple[str, str, int]:
        text = strings[orth]
        norm = self.folder.fold(text)
        word = (text, norm, strings.add(norm))
        if len(self._by_orth) < 200_000:
            self._by_orth[orth] = word
        return word

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        known = self._by_orth
        # one array per attribute: ``to_array([ORTH, IDX]).tolist()`` makes a list per token, ten times slower
        words = [known.get(orth) or self._word(orth, strings) for orth in doc.to_array(ORTH).tolist()]
        if words:
            doc.from_array([NORM], numpy.asarray([word[2] for word in words], dtype="uint64").reshape(-1, 1))
        doc.user_data["graphkb_tokens"] = TokenView([word[0] for word in words], doc.to_array(IDX).tolist(), [word[1] for word in words])
        return doc


@Language.factory("graphkb_token_norms", default_config={"concepts_path": "", "entities_path": ""})
def make_token_norms(nlp: Language, name: str, concepts_path: str, entities_path: str) -> _TokenNorms:
    """Component: fold every token's ``norm_`` (case, plural "s", Hebrew prefixes)."""
    return _TokenNorms(_folder(concepts_path or str(LEXICON_PATH), entities_path or str(ENTITIES_PATH)))


@Language.factory("graphkb_concept_matcher", default_config={"concepts_path": "", "entities_path": ""})
def make_concept_matcher(nlp: Language, name: str, concepts_path: str, entities_path: str) -> _LexiconMatcher:
    """Component: lexicon concepts into ``doc.spans["concepts"]`` (longest match wins)."""
    concepts_path = concepts_path or str(LEXICON_PATH)
    folder = _folder(concepts_path, entities_path or str(ENTITIES_PATH))
    entries = [(entry.name, entry.names, False) for entry in load_lexicon(concepts_path).values()]
    return _LexiconMatcher(nlp, folder, entries, "concepts", _derived_forms(concepts_path))


@Language.factory("graphkb_entity_matcher", default_config={"concepts_path": "", "entities_path": ""})
def make_entity_matcher(nlp: Language, name: str, concepts_path: str, entities_path: str) -> _LexiconMatcher:
    """Component: named entities into ``doc.spans["entities"]``."""
    entities_path = entities_path or str(ENTITIES_PATH)
    folder = _folder(concepts_path or str(LEXICON_PATH), entities_path)
    entries = [(entry.name, entry.names, entry.exact) for entry in load_entities(entities_path).values()]
    return _LexiconMatcher(nlp, folder, entries, "entities")


@functools.lru_cache(maxsize=4)
def build_pipeline(concepts_path: str | None = None, entities_path: str | None = None) -> Language:
    """The spaCy pipeline (built once per lexicon pair): blank Hebrew + norms + concept and entity matchers.

    Its tokens carry what graphkb reads (text, offsets, whitespace, ``is_space`` and the ``norm`` the first
    component sets); the other lexical attributes spaCy would compute for every new word (``lower_``,
    ``shape_``, ``is_punct``, ``like_num``…) are left unset, a quarter of the tokeniser's time.

    >>> nlp = build_pipeline()
    >>> nlp.pipe_names
    ['graphkb_token_norms', 'graphkb_concept_matcher', 'graphkb_entity_matcher']
    >>> doc = nlp("ובמודלי הדיפוזיה ו-KV-cache")
    >>> [span.label_ for span in doc.spans["concepts"]]
    ['diffusion models', 'KV cache']
    >>> [token.norm_ for token in doc][:2], doc[-1].is_space
    (['מודלי', 'דיפוזיה'], False)
    """
    config = {"concepts_path": str(concepts_path or LEXICON_PATH), "entities_path": str(entities_path or ENTITIES_PATH)}
    nlp = blank_hebrew()
    nlp.max_length = 2**31 - 1  # no parser or NER: memory grows linearly with a review, so any length is fine
    nlp.vocab.lex_attr_getters = {IS_SPACE: nlp.vocab.lex_attr_getters[IS_SPACE]}
    for component in ("graphkb_token_norms", "graphkb_concept_matcher", "graphkb_entity_matcher"):
        nlp.add_pipe(component, config=config)
    return nlp
