"""Concepts and entities of each review, under one canonical name whatever the spelling or script.

A spaCy pipeline built on ``spacy.blank("he")`` tokenises each review once;
three components registered with :meth:`spacy.language.Language.factory` do
the rest:

``graphkb_token_norms``
    sets each token's ``norm_`` to a folded key: lower case, a final plural
    "s" dropped from Latin words, and a glued or hyphenated Hebrew prefix
    (ב ה ו ל מ ש כ and their combinations: "וב-RLHF", "הדיפוזיה") removed
    when what is left is a word of the lexicon;
``graphkb_concept_matcher`` / ``graphkb_entity_matcher``
    :class:`~spacy.matcher.PhraseMatcher` over those keys, with patterns
    built by ``make_doc`` from every name and alias of
    ``extract/data/concepts.yaml`` and ``entities.yaml`` (plus their hyphen,
    space and joined variants); they fill ``doc.spans["concepts"]`` and
    ``doc.spans["entities"]``.

:func:`annotate_concepts` then adds acronyms the text defines ("Proximal
Policy Optimization או בקיצור PPO") and discovers concepts the lexicon lacks
(method names in titles, acronyms a review repeats), scores each concept's
salience and fills ``review.concepts`` and ``review.entities``.  The rules
and word lists are data: ``extract/data/concept_rules.yaml``.

Examples
--------
>>> from graphkb.records import Review
>>> review = Review(id="x", date="2024-06-20", title="Mamba-2",
...                 text="המאמר משווה את ממבה ל-DPO. וב-RLHF משתמשים ב-PPO.")
>>> _ = annotate_concepts([review])
>>> sorted(c["name"] for c in review.concepts)
['DPO', 'Mamba', 'PPO', 'RLHF']
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy
import spacy
from spacy.attrs import IDX, NORM, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graphkb.records import Review

from graphkb.extract.context import ContextCheck, load_context_rules
from graphkb.extract.datafiles import cached_json
from graphkb.extract.entities import load_entities
from graphkb.extract.folding import fold, hebrew_prefix_variants
from graphkb.extract.knowledge import RULES_PATH, load_rules
from graphkb.extract.lexicon import ENTITIES_PATH, LEXICON_PATH, load_lexicon

__all__ = [
    "annotate_concepts",
    "unify_discovered",
    "build_pipeline",
    "TokenFolder",
    "AcronymDefinition",
    "find_acronym_definitions",
    "title_method_name",
    "load_rules",
    "DISCOVERED_KIND",
    "RULES_PATH",
]

DISCOVERED_KIND = "discovered"

_HEBREW_LETTER = re.compile(r"[\u05d0-\u05ea]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_NOT_LATIN = re.compile(r"[^A-Za-z]")
_WORD_BREAK = re.compile(r"[\s\-]+")
# Hebrew punctuation that OCR and keyboards write in several ways; same length, so offsets survive
_PUNCTUATION = str.maketrans({"\u05f3": "'", "\u2019": "'", "\u2018": "'", "`": "'", "\u05f4": '"', "\u201c": '"', "\u201d": '"'})
_SENTENCE_END = re.compile(r"[.!?\n]")
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9]{1,9}$")
_TERM_SHAPE = re.compile(r"^(?:[A-Z0-9][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Za-z]+[0-9][A-Za-z0-9]*|[a-z]+[A-Z][A-Za-z0-9]*)(?:-[A-Za-z0-9]+)*$")
_PATTERN_WORD = "_"
_COMPOUND_HEAD = re.compile(r"[A-Z\u05d0-\u05ea]")
_OCR_AI = re.compile(r"(?:^|[^A-Z])Al$")
_TITLE_NAME = re.compile(r"^\s*([A-Za-z0-9][\w.+\-]*(?: [\w.+\-]+){0,2})\s*:\s")


def _clean(text: str) -> str:
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
    """

    def __init__(
        self,
        hebrew_words: Iterable[str],
        prefix_letters: str,
        prefix_max: int,
        whole_words: Iterable[str] = (),
        latin_words: Iterable[str] = (),
        prefix_sequence: str | None = None,
    ):
        self.prefix_sequence = re.compile(prefix_sequence) if prefix_sequence else None
        self.hebrew_words = frozenset(hebrew_words)
        self.whole_words = frozenset(whole_words)
        self.latin_words = frozenset(latin_words)
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

    def _fold(self, text: str) -> str:
        word = text.lower()
        if _OCR_AI.search(text):
            word = word[:-1] + "i"  # OCR reads the "I" of "AI" as "l": "OpenAl", "Al alignment"
        if _HEBREW_LETTER.match(word):
            glued = self._latin_prefix.match(word)
            if glued:
                word = word[glued.end():]
            elif word not in self.whole_words:
                for length in range(1, min(self.prefix_max, len(word) - 3) + 1):
                    if word[length - 1] not in self.prefix_letters:
                        break
                    if self.prefix_sequence is not None and not self.prefix_sequence.fullmatch(word[:length]):
                        continue  # letters Hebrew never stacks so: "מש|וואות", "לל|מוד"
                    if word[length:] in self.hebrew_words:
                        return self._fold(word[length:])  # "שה|דיפוזיה": the rest may carry a prefix of its own
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
        return word


@dataclass(frozen=True)
class _Pattern:
    """What one folded key sequence of the matcher stands for."""

    label: str
    # surface forms it must be written as (case-sensitive names such as "Meta", short acronyms); None: any
    exact_forms: frozenset[str] | None


def _alias_variants(alias: str) -> set[str]:
    """An alias and its hyphen/space/joined spellings: "KV cache" -> "KV-cache", "fine-tuning" -> "finetuning"."""
    variants = {alias}
    if _LATIN_LETTER.search(alias):
        if "-" in alias:
            variants.add(alias.replace("-", " "))
            variants.add(alias.replace("-", ""))
        if " " in alias and len(alias.split()) <= 3:
            variants.add(alias.replace(" ", "-"))
    return variants


def _must_match_exactly(alias: str) -> bool:
    """Short capitalised acronyms ("RL", "GS", "MoE") match only as written, so "moe" or "gs" in prose do not."""
    letters = _NOT_LATIN.sub("", alias)
    return 0 < len(letters) <= 3 and " " not in alias and any(ch.isupper() for ch in letters)


@functools.lru_cache(maxsize=4)
def _glued_prefix(letters: str, longest: int) -> re.Pattern[str]:
    return re.compile(rf"^[{letters}]{{1,{longest}}}-?(?=[A-Za-z])")


def _strip_hebrew_prefix(surface: str, rules: dict[str, Any]) -> str:
    """ "וב-RLHF" -> "RLHF": a Hebrew prefix glued or hyphenated onto a Latin word."""
    if not _HEBREW_LETTER.match(surface):
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
        glued.append(prefix.replace("ה", "") if _HEBREW_LETTER.match(prefix) else "")
    return tuple(glued)


def _tokenize_lines(nlp: Language, texts: Sequence[str]) -> list[list[str]]:
    """Token texts of each of ``texts``, tokenised in one pass (one line each; far faster than one call per text)."""
    lines: list[list[str]] = [[]]
    for token in nlp.make_doc("\n".join(texts)):
        if "\n" in token.text:
            lines.extend([] for _ in range(token.text.count("\n")))
        elif not token.is_space:
            lines[-1].append(token.text)
    return lines


class _LexiconMatcher:
    """A PhraseMatcher over folded keys for a list of (label, names, case-sensitive) entries."""

    def __init__(self, nlp: Language, folder: TokenFolder, entries: Sequence[tuple[str, Sequence[str], bool]], span_key: str):
        self.span_key = span_key
        self.rules = load_rules()
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.patterns: dict[tuple[str, ...], _Pattern] = {}
        # the prefixes the names glue to their inner words ("למידה בחיזוקים"); other inner prefixes change the sense
        self.inner_prefixes: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
        self.collisions: list[tuple[str, str, str]] = []
        texts: list[str] = []
        owners: list[tuple[str, str, bool]] = []
        for label, names, exact in entries:
            for name in names:
                for variant in sorted(_alias_variants(_clean(name))):  # sorted: a stable cache key
                    texts.append(variant)
                    owners.append((label, variant, exact or _must_match_exactly(variant)))
        docs_by_label: dict[str, list[Doc]] = defaultdict(list)
        tokenized = cached_json("tokens", [spacy.__version__, nlp.lang, *texts], lambda: _tokenize_lines(nlp, texts))
        for words, (label, surface, exact) in zip(tokenized, owners):
            key = tuple(folder.fold(word) for word in words)
            known = self.patterns.get(key)
            if known is not None and known.label != label:
                self.collisions.append((surface, known.label, label))
                continue
            if len(key) > 1:
                self.inner_prefixes[key].add(_inner_prefixes(words, key))
            if known is None:
                # the matcher reads only NORM: one placeholder word spares a vocabulary entry per pattern word
                doc = Doc(nlp.vocab, words=[_PATTERN_WORD] * len(key))
                for token, norm in zip(doc, key):
                    token.norm_ = norm
                docs_by_label[label].append(doc)
                self.patterns[key] = _Pattern(label, frozenset({surface}) if exact else None)
            elif known.exact_forms is not None:
                self.patterns[key] = _Pattern(label, known.exact_forms | {surface} if exact else None)
        for label, docs in docs_by_label.items():
            self.matcher.add(label, docs)

    def _accepted(self, doc: Doc, start: int, end: int) -> bool:
        view = _token_view(doc)
        key = tuple(view.norms[start:end])
        if end - start > 1:
            glued = _inner_prefixes(view.texts[start:end], key)
            if any(glued) and glued not in self.inner_prefixes.get(key, ()):
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
        surface = _strip_hebrew_prefix(doc[start:end].text, self.rules)
        written = {surface, surface[:-1] if surface[-1:] in ("s", "S") else surface}
        # as listed ("MoE", "MoEs"), or in full capitals ("MOE", "RNNS")
        return any(form in written or (surface.isupper() and form.upper() in written) for form in pattern.exact_forms)

    def __call__(self, doc: Doc) -> Doc:
        spans = [
            Span(doc, start, end, label=match_id)
            for match_id, start, end in self.matcher(doc)
            if self._accepted(doc, start, end)
        ]
        doc.spans[self.span_key] = filter_spans(spans)
        return doc


@functools.lru_cache(maxsize=4)
def _folder(concepts_path: str, entities_path: str) -> TokenFolder:
    rules = load_rules()
    names = [name for entry in load_lexicon(concepts_path).values() for name in entry.names]
    names += [name for entry in load_entities(entities_path).values() for name in entry.names]
    words = {_clean(word).lower() for name in names for word in _WORD_BREAK.split(name) if _HEBREW_LETTER.match(word)}
    plain = TokenFolder((), rules["hebrew_prefix_letters"], int(rules["hebrew_prefix_max"]))
    latin = {plain.fold(word) for name in names for word in _WORD_BREAK.split(_clean(name)) if word.isascii() and word.isalpha()}
    return TokenFolder(
        words,
        rules["hebrew_prefix_letters"],
        int(rules["hebrew_prefix_max"]),
        rules["unprefixed_words"],
        latin,
        rules.get("hebrew_prefix_sequence"),
    )


@dataclass(frozen=True)
class _TokenView:
    """A doc's token texts, start characters and folded keys as plain lists (no Token objects)."""

    texts: list[str]
    starts: list[int]
    norms: list[str]


def _token_view(doc: Doc) -> _TokenView:
    view = doc.user_data.get("graphkb_tokens")
    if view is None:
        strings = doc.vocab.strings
        table = doc.to_array([ORTH, IDX, NORM]).tolist()
        view = _TokenView([strings[row[0]] for row in table], [row[1] for row in table], [strings[row[2]] for row in table])
    return view


class _TokenNorms:
    """Sets every token's NORM to its folded key, in one array pass, and keeps the token view on the doc."""

    def __init__(self, folder: TokenFolder):
        self.folder = folder

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        table = doc.to_array([ORTH, IDX]).tolist()
        texts = [strings[row[0]] for row in table]
        norms = [self.folder.fold(text) for text in texts]
        if norms:
            doc.from_array([NORM], numpy.asarray([strings.add(norm) for norm in norms], dtype="uint64").reshape(-1, 1))
        doc.user_data["graphkb_tokens"] = _TokenView(texts, [row[1] for row in table], norms)
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
    return _LexiconMatcher(nlp, folder, entries, "concepts")


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

    >>> nlp = build_pipeline()
    >>> nlp.pipe_names
    ['graphkb_token_norms', 'graphkb_concept_matcher', 'graphkb_entity_matcher']
    >>> doc = nlp("ובמודלי הדיפוזיה ו-KV-cache")
    >>> [span.label_ for span in doc.spans["concepts"]]
    ['diffusion models', 'KV cache']
    """
    config = {"concepts_path": str(concepts_path or LEXICON_PATH), "entities_path": str(entities_path or ENTITIES_PATH)}
    nlp = spacy.blank("he"); nlp.max_length = 2**31 - 1  # no parser or NER: memory grows linearly with a review
    for component in ("graphkb_token_norms", "graphkb_concept_matcher", "graphkb_entity_matcher"):
        nlp.add_pipe(component, config=config)
    return nlp


# --- acronyms the text defines -------------------------------------------------------------------


@dataclass(frozen=True)
class AcronymDefinition:
    """An acronym a text defines, and the token range of its long form."""

    long_form: str
    acronym: str
    start: int
    end: int


def _spells(acronym: str, words: Sequence[str], skippable: frozenset[str]) -> bool:
    """Whether the words' leading letters spell the acronym; each word gives a prefix of itself, small words may give none.

    >>> _spells("lora", ["low", "rank", "adaptation"], frozenset())
    True
    >>> _spells("moe", ["mixture", "of", "experts"], frozenset({"of"}))
    True
    """
    if not words:
        return not acronym
    if not acronym:
        return all(word in skippable for word in words)
    word, rest = words[0], words[1:]
    if word in skippable and _spells(acronym, rest, skippable):
        return True
    for length in range(1, min(len(word), len(acronym)) + 1):
        if word[:length] != acronym[:length]:
            break
        if _spells(acronym[length:], rest, skippable):
            return True
    return False


def _latin_word(text: str) -> bool:
    return bool(_LATIN_LETTER.search(text)) and not _HEBREW_LETTER.search(text) and "/" not in text


def find_acronym_definitions(doc: Doc, rules: dict[str, Any] | None = None) -> list[AcronymDefinition]:
    """Acronyms the text defines by its long form: "Proximal Policy Optimization או בקיצור PPO",
    "Neural Architecture Search או NAS בקצרה", "Low-Rank Adaptation (LoRA)", "KAN (Kolmogorov-Arnold Networks)".

    >>> nlp = build_pipeline()
    >>> [(d.long_form, d.acronym) for d in find_acronym_definitions(nlp("נשתמש ב-Proximal Policy Optimization או בקיצור PPO"))]
    [('Proximal Policy Optimization', 'PPO')]
    """
    rules = rules or load_rules()
    cues, skippable = rules["acronym_cues"], rules["acronym_skippable"]
    texts = _token_view(doc).texts
    definitions: list[AcronymDefinition] = []
    for index, text in enumerate(texts):
        acronym = text[:-1] if text.endswith("s") and text[:-1].isupper() else text
        if not _ACRONYM.match(acronym):
            continue
        backward = index - 1
        while backward >= 0 and index - backward <= 3 and (texts[backward] in cues or not _has_alnum(texts[backward])):
            backward -= 1
        forward = index + 2 if index + 1 < len(texts) and texts[index + 1] == "(" else index + 1
        for step, first in ((-1, backward), (1, forward)):
            if (step < 0 and backward == index - 1) or (step > 0 and forward == index + 1):
                continue  # no cue between the acronym and the words
            collected: list[int] = []
            position = first
            while 0 <= position < len(texts) and len(collected) < 12 and (texts[position] == "-" or _latin_word(texts[position])):
                collected.append(position)
                position += step
            collected.sort()
            for cut in range(len(collected)):
                span_tokens = collected[cut:] if step < 0 else collected[: len(collected) - cut]
                while span_tokens and texts[span_tokens[0]] == "-":
                    span_tokens = span_tokens[1:]
                while span_tokens and texts[span_tokens[-1]] == "-":
                    span_tokens = span_tokens[:-1]
                words = [texts[i].lower() for i in span_tokens if texts[i] != "-"]
                if len(words) >= 2 and _spells(acronym.lower(), words, skippable):
                    start, end = span_tokens[0], span_tokens[-1] + 1
                    definitions.append(AcronymDefinition(doc[start:end].text, acronym, start, end))
                    break
            else:
                continue
            break
    return definitions


def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# --- discovery -------------------------------------------------------------------------------------


def title_method_name(title: str | None, rules: dict[str, Any] | None = None) -> str | None:
    """The method name a title opens with ("MEDUSA: Simple LLM ..." -> "MEDUSA"), if it looks like one.

    >>> title_method_name("GLiNER: Generalist Model for Named Entity Recognition")
    'GLiNER'
    >>> title_method_name("Learning to grok: Emergence of in-context learning") is None
    True
    """
    if not title:
        return None
    match = _TITLE_NAME.match(_clean(title))
    if not match:
        return None
    name = match.group(1).strip()
    words = name.split()
    if len(words) > 1 and sum(ch.isupper() for ch in title) > 0.6 * sum(ch.isalpha() for ch in title):
        return None  # an all-capitals title makes every phrase look like a name: "RETHINKING SOFTMAX: ..."
    stop_words = (rules or load_rules())["stop_words"]
    if all(word.casefold() in stop_words for word in words):
        return None
    named = any(_TERM_SHAPE.match(word) for word in words)
    if len(words) == 1 and not named:
        named = name[:1].isupper() and name.isalpha()
    return name if named else None


# --- per-review annotation ------------------------------------------------------------------------


@dataclass
class _Mention:
    """What a review says of one concept."""

    name: str
    kind: str
    broader: tuple[str, ...] = ()
    generic: bool = False
    count: int = 0
    in_title: bool = False
    in_opening: bool = False
    first_char: int | None = None
    aliases: dict[str, None] = field(default_factory=dict)
    spellings: set[str] = field(default_factory=set)

    def add(self, surface: str, char: int | None, *, title: bool, opening: bool) -> None:
        self.count += 1
        self.spellings.add(surface)
        self.in_title |= title
        self.in_opening |= opening
        if char is not None and (self.first_char is None or char < self.first_char):
            self.first_char = char
        if surface.casefold() != self.name.casefold():
            self.aliases.setdefault(surface)


def _surface(span: Span, view: _TokenView, rules: dict[str, Any]) -> str:
    """A match as the review wrote it, without a glued Hebrew prefix ("ובמודלי דיפוזיה" -> "מודלי דיפוזיה")."""
    first_text, first_norm = view.texts[span.start], view.norms[span.start]
    if _HEBREW_LETTER.match(first_norm) and first_norm != first_text.lower() and first_text.endswith(first_norm):
        return first_norm + span.text[len(first_text):]
    return _strip_hebrew_prefix(span.text, rules)


def _evidence(text: str, char: int | None, limit: int = 300) -> str | None:
    if char is None or not text:
        return None
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, char)), default=0)
    following = _SENTENCE_END.search(text, char)
    end = following.end() if following else len(text)
    sentence = " ".join(text[start:end].split())
    if len(sentence) > limit:
        offset = max(0, char - start - limit // 3)
        sentence = "…" + sentence[offset : offset + limit].strip() + "…"
    return sentence


def _keeps(mention: _Mention, rules: dict[str, Any]) -> bool:
    """Whether a review's mentions of a concept make it one of the review's concepts."""
    if mention.in_title:
        return True
    if mention.generic:
        return mention.count >= int(rules["generic_min_mentions"])
    return mention.in_opening or mention.count >= int(rules["min_mentions"])


def _salience(mention: _Mention, rules: dict[str, Any]) -> float:
    frequency = min(1.0, mention.count / float(rules["frequency_saturation"]))
    value = (
        rules["title_weight"] * mention.in_title
        + rules["opening_weight"] * mention.in_opening
        + rules["frequency_weight"] * frequency
    )
    if mention.generic:
        value *= rules["generic_salience_factor"]  # a broad concept yields its place to specific ones
    return round(min(1.0, value), 3)


def _sentence_starts(texts: Sequence[str]) -> list[tuple[int, int]]:
    """For each token, the (first, end) token indices of its sentence."""
    bounds: list[tuple[int, int]] = []
    first = 0
    for index, text in enumerate(texts):
        if _SENTENCE_END.search(text) or index == len(texts) - 1:
            bounds.extend([(first, index + 1)] * (index + 1 - first))
            first = index + 1
    return bounds


class _ReviewConcepts:
    """Collects one review's concept and entity mentions from its title and body docs."""

    def __init__(self, title: str, title_doc: Doc, body: str, body_doc: Doc, rules: dict[str, Any], lexicon, entities, context: ContextCheck):
        self.rules = rules
        self.title, self.body = title, body
        self.title_doc, self.body_doc = title_doc, body_doc
        self.body_view = _token_view(body_doc)
        self.mentions: dict[str, _Mention] = {}
        self.entity_counts: Counter[str] = Counter()
        self.entities = entities
        self.lexicon = lexicon
        self.covered: set[int] = set()  # body token indices inside a concept or entity match
        self._token_keys: dict[str, list[int]] | None = None
        self.context = context
        self.dropped: Counter[str] = Counter()  # mentions the context checks set aside, by reason
        opening_end = int(rules["opening_chars"])
        for doc, in_title in ((title_doc, True), (body_doc, False)):
            view = _token_view(doc)
            sentence_starts = None if in_title else _sentence_starts(view.texts)
            for span in doc.spans["concepts"]:
                entry = lexicon[span.label_]
                if sentence_starts is not None:
                    first, last = sentence_starts[span.start]
                    reason = context.reason(view.texts, span.start, entry.name, sentence_start=first, sentence_end=last)
                    if reason:
                        self.dropped[reason] += 1
                        self.covered.update(range(span.start, span.end))
                        continue
                mention = self._mention(entry.name, entry.kind, entry.broader, entry.generic)
                mention.add(
                    _surface(span, view, rules),
                    None if in_title else span.start_char,
                    title=in_title,
                    opening=not in_title and span.start_char < opening_end,
                )
                if not in_title:
                    self.covered.update(range(span.start, span.end))
            concept_spans = [(span.start, span.end) for span in doc.spans["concepts"]]
            for span in doc.spans["entities"]:
                if any(start <= span.start and span.end <= end and end - start > len(span) for start, end in concept_spans):
                    continue  # "Meta" inside "Meta-learning"
                self.entity_counts[span.label_] += 1
                if not in_title:
                    self.covered.update(range(span.start, span.end))

    def _mention(self, name: str, kind: str, broader: tuple[str, ...] = (), generic: bool = False) -> _Mention:
        mention = self.mentions.get(name)
        if mention is None:
            mention = self.mentions[name] = _Mention(name, kind, broader, generic)
        return mention

    @staticmethod
    def _term_key(text: str) -> str:
        return fold(text[:-1] if text.endswith("s") and len(text) > 2 else text)

    def _body_tokens_spelling(self, surface: str) -> list[int]:
        """Indices of body tokens (outside other matches) that spell ``surface``, plural and Hebrew prefix aside."""
        if self._token_keys is None:
            self._token_keys = defaultdict(list)
            for index, text in enumerate(self.body_view.texts):
                if _LATIN_LETTER.search(text):
                    self._token_keys[self._term_key(_strip_hebrew_prefix(text, self.rules))].append(index)
        return [index for index in self._token_keys.get(self._term_key(surface), ()) if index not in self.covered]

    def _add_body_tokens(self, mention: _Mention, surface: str, indices: Iterable[int]) -> None:
        opening_end = int(self.rules["opening_chars"])
        for index in indices:
            char = self.body_view.starts[index]
            mention.add(surface, char, title=False, opening=char < opening_end)
            self.covered.add(index)

    def add_acronym_definitions(self) -> set[str]:
        """Credit acronyms the body defines to their long form's concept (lexicon or discovered)."""
        defined: set[str] = set()
        concept_spans = list(self.body_doc.spans["concepts"])
        lexicon_names = {fold(span.text) for span in concept_spans}
        for definition in find_acronym_definitions(self.body_doc, self.rules):
            defined.add(definition.acronym)
            span = next((s for s in concept_spans if s.start < definition.end and definition.start < s.end), None)
            if span is not None:
                mention = self.mentions[span.label_]
            elif fold(definition.acronym) in lexicon_names:
                continue  # the acronym itself is a lexicon name: already counted
            else:
                mention = self._mention(" ".join(definition.long_form.replace(" - ", "-").split()), DISCOVERED_KIND)
                mention.add(definition.long_form, self.body_view.starts[definition.start], title=False, opening=False)
            self.covered.update(range(definition.start, definition.end))
            self._add_body_tokens(mention, definition.acronym, self._body_tokens_spelling(definition.acronym))
        return defined

    def discover(self, defined: set[str]) -> None:
        """Method names in the title and Latin-script terms the body repeats, as ``discovered`` concepts."""
        rules = self.rules
        stop_words = rules["stop_words"]
        name = title_method_name(self.title, rules)
        if name and not any(span.start == 0 for span in self.title_doc.spans["concepts"]):
            mention = self._mention(name, DISCOVERED_KIND)
            mention.add(name, None, title=True, opening=False)
            if " " not in name:
                self._add_body_tokens(mention, name, self._body_tokens_spelling(name))
        terms: dict[str, list[int]] = defaultdict(list)
        for index, token_text in enumerate(self.body_view.texts):
            if index in self.covered or not _LATIN_LETTER.search(token_text):
                continue
            text = _strip_hebrew_prefix(token_text, rules)
            if text in defined or len(text) < int(rules["min_discovered_length"]) or not _TERM_SHAPE.match(text):
                continue
            if text.casefold() in stop_words or text.rstrip("s").casefold() in stop_words:
                continue
            terms[self._term_key(text)].append(index)
        for indices in terms.values():
            spellings = Counter(_strip_hebrew_prefix(self.body_view.texts[i], rules) for i in indices)
            surface = spellings.most_common(1)[0][0]
            # an undefined all-capitals acronym is as often hardware, a baseline or OCR debris ("SRAM", "LRU")
            least = rules["min_discovered_acronym_mentions"] if surface.isupper() else rules["min_discovered_mentions"]
            if len(indices) < int(least):
                continue
            self._add_body_tokens(self._mention(surface, DISCOVERED_KIND), surface, indices)

    def _lexicon_aliases(self, name: str) -> tuple[str, ...]:
        entry = self.lexicon.get(name)
        return entry.aliases if entry is not None else ()

    def _supported(self, mention: _Mention, most: int) -> bool:
        """Whether an acronym-only mention written at most ``most`` times has anything in the review behind it."""
        if mention.in_title or mention.count > most or mention.kind == DISCOVERED_KIND:
            return True
        if not all(_ACRONYM.match(spelling) and spelling.isupper() for spelling in mention.spellings):
            return True
        family = self._family(mention.name)
        if len(family) == 1:
            return True  # the lexicon gives it no family to look for: nothing to judge by
        return any(other is not mention and family & self._family(other.name) for other in self.mentions.values())

    def _family(self, name: str) -> set[str]:
        """``name`` and the concepts two broader steps above it in the lexicon (its field and siblings' parents)."""
        family, frontier = {name}, [name]
        for _ in range(2):
            frontier = [parent for item in frontier for parent in (self.lexicon[item].broader if item in self.lexicon else ())]
            family.update(frontier)
        return family

    def records(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        rules = self.rules
        most = self.context.rules.max_unsupported_acronym_mentions
        kept = [mention for mention in self.mentions.values() if _keeps(mention, rules) and self._supported(mention, most)]
        scored = sorted(((m, _salience(m, rules)) for m in kept), key=lambda pair: (-pair[1], -pair[0].count, pair[0].name))
        concepts = [
            {
                "name": mention.name,
                "kind": mention.kind,
                "aliases": [alias for alias in dict.fromkeys([*mention.aliases, *self._lexicon_aliases(mention.name)])],
                "count": mention.count,
                "salience": salience,
                "evidence": _evidence(self.body, mention.first_char) or self.title or None,
                "broader": list(mention.broader),
                "in_title": mention.in_title,
                "in_opening": mention.in_opening,
                "first": round(mention.first_char / max(1, len(self.body)), 3) if mention.first_char is not None else None,
                "generic": mention.generic,
            }
            for mention, salience in scored[: int(rules["max_concepts_per_review"])]
        ]
        entities = [
            {"name": name, "type": self.entities[name].type, "count": count}
            for name, count in sorted(self.entity_counts.items(), key=lambda item: (-item[1], item[0]))
        ]
        return concepts, entities


def unify_discovered(reviews: Sequence[Review]) -> None:
    """One name per discovered concept across the corpus; drop those too many reviews share to be specific."""
    rules = load_rules()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    reviews_with: Counter[str] = Counter()
    for review in reviews:
        for concept in review.concepts:
            if concept["kind"] == DISCOVERED_KIND:
                key = fold(concept["name"])
                spellings[key][concept["name"]] += concept["count"]
                reviews_with[key] += 1
    limit = max(3, math.ceil(float(rules["max_review_share"]) * len(reviews)))
    for review in reviews:
        kept = []
        for concept in review.concepts:
            if concept["kind"] == DISCOVERED_KIND:
                key = fold(concept["name"])
                if reviews_with[key] > limit and concept["salience"] < rules["title_weight"]:
                    continue
                name = spellings[key].most_common(1)[0][0]
                if name != concept["name"]:
                    concept["aliases"] = list(dict.fromkeys([concept["name"], *concept["aliases"]]))
                    concept["name"] = name
                concept["aliases"] = [a for a in concept["aliases"] if a != concept["name"]]
            kept.append(concept)
        review.concepts = kept


def annotate_concepts(
    reviews: Sequence[Review], *, nlp: Language | None = None, unify: bool = True
) -> Sequence[Review]:
    """Fill ``concepts`` and ``entities`` of every review in place (and return the reviews).

    Each concept record is ``{"name", "kind", "aliases" (spellings seen in the review, then the lexicon's), "count",
    "salience" (title, opening, frequency; in [0, 1]), "evidence" (a sentence), "broader"}``; each
    entity ``{"name", "type", "count"}``.  Concepts the lexicon lacks have kind ``"discovered"``.

    Parameters
    ----------
    reviews : sequence of Review
        Records with ``title`` and ``text`` (``raw_text`` when ``text`` is empty).
    nlp : spacy.language.Language, optional
        A pipeline from :func:`build_pipeline`; the shipped lexicons' by default.
    unify : bool
        Give each discovered concept one name across ``reviews`` (see
        :func:`unify_discovered`); off when ``reviews`` is one chunk of a
        corpus annotated in parts, which is unified once at the end.

    Examples
    --------
    >>> from graphkb.records import Review
    >>> r = Review(id="a", date="2024-06-01", title="GLiNER: Generalist Model for NER",
    ...            text="GLiNER מזהה ישויות. איליה סלוצקבר ו-Anthropic.")
    >>> _ = annotate_concepts([r])
    >>> [c["name"] for c in r.concepts][:1], sorted(e["name"] for e in r.entities)
    (['GLiNER'], ['Anthropic', 'GLiNER', 'Ilya Sutskever'])
    """
    rules = load_rules()
    nlp = nlp or build_pipeline()
    context = ContextCheck(load_context_rules(), lambda word: [word.casefold(), *hebrew_prefix_variants(word.casefold(), rules)])
    paths = nlp.config["components"]["graphkb_concept_matcher"]
    lexicon = load_lexicon(paths["concepts_path"] or None)
    entities = load_entities(paths["entities_path"] or None)
    texts: list[str] = []
    for review in reviews:
        texts.append(_clean(review.title or ""))
        texts.append(_clean(review.text or review.raw_text or ""))
    docs = iter(nlp.pipe(texts, batch_size=32))
    for index, review in enumerate(reviews):
        title_doc, body_doc = next(docs), next(docs)
        collected = _ReviewConcepts(texts[2 * index], title_doc, texts[2 * index + 1], body_doc, rules, lexicon, entities, context)
        collected.discover(collected.add_acronym_definitions())
        review.concepts, review.entities = collected.records()
    if unify:
        from graphkb.extract.aboutness import mark_about

        unify_discovered(reviews)
        mark_about(reviews)
    return reviews
