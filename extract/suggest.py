"""Terms a corpus uses that the lexicon lacks: the curator's weekly list.

:func:`suggest_terms` reads reviews and lists, most reviewed first:

- Latin-script terms and acronyms that several reviews use and no concept or
  entity of the lexicon names (an acronym the text defines, "Group Relative
  Policy Optimization (GRPO)", gets its long form as an alias);
- Hebrew-letter loanwords: words whose phonetic key
  (:mod:`graphkb.extract.transliteration`) matches one of those Latin terms
  ("גרפו" joins "GRPO"'s entry as an alias), or that several reviews repeat and
  that look like transliterations (a loanword ending such as "ינג" or "ציה", a
  geresh) though no English spelling of them was seen;
- another spelling of a lexicon concept's Hebrew phrase: one of its loanwords
  written the way several reviews write it ("חוקי סקליינג" where the lexicon
  lists "חוקי סקיילינג"), to add to that entry's aliases.

Left out are words that name nothing on their own: one English word with an
adjective's ending ("Effective"; ``adjective_endings`` in ``concept_rules.yaml``),
a known name OCR misread with "l" for "I" ("OpenAl"), a Hebrew word where it
stands inside a lexicon phrase ("קוסיין" in "דמיון קוסיין"), and a Hebrew word
most reviews use ("כלומר"), whatever English name it sounds like.

Each :class:`Suggestion` carries a proposed canonical name and kind, the
spellings seen, the number of reviews and two short contexts;
:func:`suggestions_yaml` writes them as entries to paste into
``extract/data/concepts.yaml``.

Examples
--------
>>> from graphkb.records import Review
>>> reviews = [Review(id=f"r{n}", date="2024-06-01", text=f"המודל Perceiver מחליף את ה-attention. {n}") for n in range(2)]
>>> [(s.name, s.reviews) for s in suggest_terms(reviews)]
[('Perceiver', 2)]
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from graphkb.extract.folding import fold, hebrew_prefix_variants
from graphkb.extract.latin_terms import latin_terms, term_key
from graphkb.extract.transliteration import TransliterationIndex, TransliterationRules, load_transliteration_rules, phonetic_keys
from graphkb.records import Review

__all__ = ["Suggestion", "suggest_terms", "suggestions_yaml", "DEFAULT_KIND"]

DEFAULT_KIND = "concept"

_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'-]*(?: [A-Za-z][A-Za-z0-9'-]*)*")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*")
_LONGEST_NAME_WORDS = 6
_HEBREW_WORD = re.compile(r"[\u05d0-\u05ea][\u05d0-\u05ea'\u05f3\u2019-]*[\u05d0-\u05ea'\u05f3\u2019]|[\u05d0-\u05ea]")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?$")
_CONTEXT_CHARS = 45
_GERESH = str.maketrans({"\u05f3": "'", "\u2019": "'"})


@dataclass
class Suggestion:
    """A term the lexicon lacks, as a proposed lexicon entry.

    Attributes
    ----------
    name : str
        Proposed canonical name: the Latin spelling most reviews use, an acronym, or (no English spelling
        seen) the Hebrew-letter one.
    kind : str
        Proposed kind: the kind most lexicon concepts ending in the same word have, else ``"concept"``.
    aliases : list of str
        Other spellings seen: a defined acronym's long form, Hebrew-letter spellings.
    reviews : int
        How many reviews use the term (any spelling).
    contexts : list of (str, str)
        Up to two (review id, short context) pairs from different reviews.
    english_seen : bool
        Whether an English spelling was seen (False: ``name`` is Hebrew and wants an English one).
    spelling_of : str or None
        The lexicon concept ``name`` is another spelling of: one of its Hebrew aliases with a loanword
        written another way ("חוקי סקליינג" beside "חוקי סקיילינג"); add ``name`` to that entry's aliases.
    """

    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    reviews: int = 0
    contexts: list[tuple[str, str]] = field(default_factory=list)
    english_seen: bool = True
    spelling_of: str | None = None

    def entry(self) -> dict[str, Any]:
        """The lexicon entry it proposes: ``{name, kind, aliases}`` (aliases only when there are some)."""
        entry: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.aliases:
            entry["aliases"] = list(self.aliases)
        return entry


@dataclass
class _Term:
    """What the corpus says of one term while it is being counted."""

    spellings: Counter[str] = field(default_factory=Counter)
    reviews: dict[str, tuple[str, int]] = field(default_factory=dict)  # review id -> (text, offset) of its first use

    def add(self, spelling: str, review_id: str, text: str, offset: int) -> None:
        self.spellings[spelling] += 1
        self.reviews.setdefault(review_id, (text, offset))

    def contexts(self) -> list[tuple[str, str]]:
        return [(review_id, _context(text, offset)) for review_id, (text, offset) in list(self.reviews.items())[:2]]


def _context(text: str, offset: int) -> str:
    start, end = max(0, offset - _CONTEXT_CHARS), min(len(text), offset + _CONTEXT_CHARS)
    snippet = " ".join(text[start:end].split())
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")


def _known_keys(names: Iterable[str]) -> set[str]:
    """Every name as the matcher folds it: case, hyphens and spaces, joined words, a plural "s"."""
    keys = set()
    for name in names:
        key = term_key(name)
        keys.update({key, key.replace(" ", ""), fold(name)})
    return keys


def _known_spans(text: str, known: set[str]) -> list[tuple[int, int]]:
    """Character spans of ``text`` that spell a known name, longest first ("Human Feedback" in "RLHF from Human Feedback")."""
    spans = []
    for run in _LATIN_RUN.finditer(text):
        words = [(word.start(), word.end()) for word in _LATIN_WORD.finditer(run.group())]
        index = 0
        while index < len(words):
            for end in range(min(len(words), index + _LONGEST_NAME_WORDS), index, -1):
                phrase = run.group()[words[index][0] : words[end - 1][1]]
                if term_key(phrase) in known or fold(phrase) in known:
                    spans.append((run.start() + words[index][0], run.start() + words[end - 1][1]))
                    index = end
                    break
            else:
                index += 1
    return spans


def _words_in_known_phrases(text: str, known: set[str], phrase_starts: set[str], concept_rules: Mapping[str, Any]) -> set[int]:
    """Offsets of the Hebrew words of ``text`` that stand in a known phrase ("קוסיין" in "דמיון קוסיין"), the first
    word maybe with a Hebrew prefix: a word the lexicon names only inside a phrase is no term of its own there."""
    words = list(_HEBREW_WORD.finditer(text))
    covered: set[int] = set()
    index = 0
    while index < len(words):
        firsts = [form for form in (words[index].group(), *hebrew_prefix_variants(words[index].group(), concept_rules)) if fold(form) in phrase_starts]
        for end in range(min(len(words), index + _LONGEST_NAME_WORDS), index + 1, -1) if firsts else ():
            span = words[index:end]
            if any(text[before.end() : after.start()].strip() for before, after in itertools.pairwise(span)):
                continue  # not one phrase: something other than spaces stands between two of its words
            rest = " ".join(word.group() for word in span[1:])
            if any(fold(f"{first} {rest}") in known for first in firsts):
                covered.update(word.start() for word in span)
                index = end
                break
        else:
            index += 1
    return covered


def _misread_known(key: str, known: set[str]) -> bool:
    """Whether ``key`` is a known name with one "l" and "I" confused, as OCR reads them ("OpenAl", "Ilm")."""
    swap = {"l": "i", "i": "l"}
    return any(f"{key[:at]}{swap[letter]}{key[at + 1:]}" in known for at, letter in enumerate(key) if letter in swap)


def _describes(name: str, endings: Sequence[str]) -> bool:
    """Whether ``name`` is one English word that describes rather than names: an adjective's or participle's ending
    (``adjective_endings``: "Effective", "aligned"), and neither an acronym nor a name with a capital inside."""
    word = name.casefold()
    return (
        name.replace("-", "").isalpha()
        and name.isascii()
        and name[1:] == name[1:].lower()
        and any(word.endswith(ending) and len(word) >= len(ending) + 4 for ending in endings)
    )


def _kinds_by_head_word(lexicon: Mapping[str, Any]) -> dict[str, str]:
    """The kind most lexicon concepts ending in a word have ("optimization" -> "technique")."""
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in lexicon.values():
        words = term_key(entry.name).split()
        if len(words) > 1:
            kinds[words[-1]][entry.kind] += 1
    return {word: counts.most_common(1)[0][0] for word, counts in kinds.items()}


def _defined_acronyms(reviews: Sequence[Review]) -> dict[str, Counter[str]]:
    """Long forms by acronym, for every acronym a review defines ("Proximal Policy Optimization או בקיצור PPO")."""
    from graphkb.extract.acronyms import find_acronym_definitions
    from graphkb.extract.matching import blank_hebrew

    nlp = blank_hebrew()
    long_forms: dict[str, Counter[str]] = defaultdict(Counter)
    for review in reviews:
        for definition in find_acronym_definitions(nlp.make_doc(review.text or review.raw_text or "")):
            long_forms[definition.acronym][" ".join(definition.long_form.replace(" - ", "-").split())] += 1
    return long_forms


def _looks_transliterated(word: str, shapes: Mapping[str, Any]) -> bool:
    """A loanword ending ("ינג", "ציה") or a geresh that makes a Hebrew letter an English sound ("צ'", "ג'")."""
    word = word.translate(_GERESH)
    return word.endswith(shapes["endings"]) or any(f"{letter}'" in word for letter in shapes["geresh_letters"])


def suggest_terms(
    reviews: Sequence[Review],
    lexicon: Mapping[str, Any] | None = None,
    entities: Mapping[str, Any] | None = None,
    *,
    min_reviews: int = 2,
    rules: TransliterationRules | None = None,
) -> list[Suggestion]:
    """Terms ``reviews`` use that ``lexicon`` and ``entities`` lack, most reviewed first.

    Parameters
    ----------
    reviews : sequence of Review
        Segmented reviews (their ``title`` and ``text``).
    lexicon, entities : mapping, optional
        Concept lexicon and entity list (the shipped ones by default); no name or alias of theirs is
        suggested, and a Hebrew word the phonetic key already maps to one of their concepts is not either.
    min_reviews : int
        Suggest only terms at least this many reviews use (and, as discovery does, no more than
        ``max_review_share`` of them: ``concept_rules.yaml``).
    rules : TransliterationRules, optional
        The shipped transliteration rules by default.

    Returns
    -------
    list of Suggestion
        Sorted by review count (then name).
    """
    from graphkb.extract.entities import load_entities
    from graphkb.extract.lexicon import load_lexicon

    rules = rules or load_transliteration_rules()
    lexicon = load_lexicon() if lexicon is None else lexicon
    entities = load_entities() if entities is None else entities
    names = [name for entry in [*lexicon.values(), *entities.values()] for name in entry.names]
    known = _known_keys(names)
    phrase_starts = {key.split()[0] for key in known if " " in key}
    from graphkb.extract.discovery import title_method_name

    latin: dict[str, _Term] = defaultdict(_Term)  # Latin terms outside known names
    named: dict[str, _Term] = defaultdict(_Term)  # words of known names ("function" of "loss function")
    hebrew: dict[str, _Term] = defaultdict(_Term)
    for review in reviews:
        # a title's words are its paper's, not the series': only the method name it opens with counts
        method = title_method_name(review.title)
        text = unicodedata.normalize("NFC", f"{method or ''}\n{review.text or review.raw_text or ''}")
        spans = _known_spans(text, known)
        for term, offset in latin_terms(text, rules):
            inside_name = any(start <= offset < end for start, end in spans)
            (named if inside_name else latin)[term_key(term)].add(term, review.id, text, offset)
        in_phrases = _words_in_known_phrases(text, known, phrase_starts, rules.concept_rules)
        for match in _HEBREW_WORD.finditer(text):
            if match.start() not in in_phrases:
                hebrew[match.group()].add(match.group(), review.id, text, match.start())

    new_latin = {
        key: term
        for key, term in latin.items()
        if len(term.reviews) >= min_reviews and key not in known and key.replace(" ", "") not in known and not _misread_known(key, known)
    }
    defined = _defined_acronyms(reviews) if any(_ACRONYM.match(term.spellings.most_common(1)[0][0]) for term in new_latin.values()) else {}
    head_kinds = _kinds_by_head_word(lexicon)
    suggestions: dict[str, Suggestion] = {}
    for key, term in new_latin.items():
        name = term.spellings.most_common(1)[0][0]
        long_form = None
        if _ACRONYM.match(name):
            name = name.removesuffix("s") if name.endswith("s") and name[:-1].isupper() else name
            forms = defined.get(name)
            long_form = forms.most_common(1)[0][0] if forms else None
            if long_form is not None and fold(long_form) in known:
                continue  # an acronym of a concept the lexicon has: the matcher credits it already
        head = term_key(long_form or name).split()[-1]
        suggestions[key] = Suggestion(
            name=name,
            kind=head_kinds.get(head, DEFAULT_KIND),
            aliases=[long_form] if long_form else [],
            reviews=len(term.reviews),
            contexts=term.contexts(),
        )

    index = TransliterationIndex.from_lexicon(lexicon, rules=rules)
    index.add(((name, entry.name) for entry in entities.values() for name in entry.names), new_keys_only=True)
    known_concepts = {entry.name for entry in [*lexicon.values(), *entities.values()]}
    index.add(((suggestion.name, key) for key, suggestion in suggestions.items()), new_keys_only=True)
    # any Latin word the corpus writes can name a Hebrew loanword ("פונקציה" is the "function" of "loss function")
    english = {key: term for key, term in [*named.items(), *latin.items()] if key not in known}
    index.add(((term.spellings.most_common(1)[0][0], key) for key, term in english.items()), new_keys_only=True)
    # as discovery does: a term too many reviews share is a word of the trade ("function", "פרמטרים"), no concept
    limit = max(3, math.ceil(float(rules.concept_rules["max_review_share"]) * len(reviews)))
    loanwords: dict[str, _Term] = defaultdict(_Term)  # key of the most stripped form -> uses of its spellings
    matched: dict[str, str] = {}  # that key -> key of the Latin suggestion it spells
    for word, uses in hebrew.items():
        forms = [word, *hebrew_prefix_variants(word, rules.concept_rules)]
        if any(fold(form) in known for form in forms):
            continue
        target = index.lookup(word)
        if target in known_concepts:
            continue  # the phonetic key finds it already
        # the spelling to propose: its shortest unprefixed form that still spells the Latin term, or (no
        # Latin term) that the corpus also writes alone
        if target is not None:
            base = [form for form in forms if form == word or index.lookup(form) == target][-1]
        else:
            base = next((form for form in reversed(forms) if form in hebrew), word)
        if target is None and not (len(base.translate(_GERESH).replace("'", "")) >= 3 and _looks_transliterated(base, rules.loanword_shapes)):
            continue
        group = phonetic_keys(base, rules)[-1]  # "איטרציה" and "איטרציות" together
        for review_id, (text, offset) in uses.reviews.items():
            loanwords[group].add(base, review_id, text, offset)
        if target is not None:
            matched[group] = target
    respelled = _alias_respellings(lexicon, rules)
    reviewed_by: dict[str, set[str]] = {}  # Latin suggestion -> the reviews that use it in any spelling
    for group, uses in loanwords.items():
        if len(uses.reviews) > limit:
            continue  # a word of the language ("כלומר", "ראשונה") spells no loanword, whatever English word it sounds like
        spellings = [spelling for spelling, _ in uses.spellings.most_common()]
        target = matched.get(group)
        if target is None and group in respelled:
            found = _respelled_aliases(respelled[group], spellings, uses, rules, min_reviews, known)
            suggestions.update((fold(suggestion.name), suggestion) for suggestion in found)
            if found:
                continue
        if target is not None and target not in suggestions and len(set(english[target].reviews) | set(uses.reviews)) >= min_reviews:
            suggestions[target] = Suggestion(
                name=english[target].spellings.most_common(1)[0][0], kind=DEFAULT_KIND, contexts=english[target].contexts()[:1]
            )
        if target in suggestions:
            suggestion = suggestions[target]
            suggestion.aliases += [spelling for spelling in spellings if spelling not in suggestion.aliases]
            reviewed_by.setdefault(target, set(english[target].reviews)).update(uses.reviews)
            suggestion.reviews = len(reviewed_by[target])
            seen = {review_id for review_id, _ in suggestion.contexts}
            suggestion.contexts += [context for context in uses.contexts() if context[0] not in seen][: 2 - len(suggestion.contexts)]
        elif target is None and len(uses.reviews) >= min_reviews:
            suggestions[group] = Suggestion(
                name=spellings[0], kind=DEFAULT_KIND, aliases=spellings[1:], reviews=len(uses.reviews), contexts=uses.contexts(), english_seen=False
            )
    endings = tuple(rules.concept_rules.get("adjective_endings") or ())
    kept = [
        suggestion
        for suggestion in suggestions.values()
        if suggestion.reviews <= limit and not (suggestion.english_seen and not suggestion.spelling_of and _describes(suggestion.name, endings))
    ]
    return sorted(kept, key=lambda suggestion: (-suggestion.reviews, suggestion.name.casefold()))


def _alias_respellings(lexicon: Mapping[str, Any], rules: TransliterationRules) -> dict[str, list[tuple[Any, list[str], int]]]:
    """The words of the lexicon's Hebrew phrase aliases by phonetic key: key -> (entry, alias words, word index)."""
    by_key: dict[str, list[tuple[Any, list[str], int]]] = defaultdict(list)
    for entry in lexicon.values():
        for alias in entry.aliases:
            words = unicodedata.normalize("NFC", alias).split()
            if len(words) < 2 or not all(_HEBREW_WORD.fullmatch(word) for word in words):
                continue
            for position, word in enumerate(words):
                keys = phonetic_keys(word, rules)
                if keys and len(keys[-1]) >= rules.min_key_length:
                    by_key[keys[-1]].append((entry, words, position))
    return by_key


def _respelled_aliases(
    places: Sequence[tuple[Any, list[str], int]],
    spellings: Sequence[str],
    uses: _Term,
    rules: TransliterationRules,
    min_reviews: int,
    known: set[str],
) -> list[Suggestion]:
    """A lexicon phrase alias with one loanword spelled as the corpus spells it, when ``min_reviews`` reviews write
    that phrase (each word may carry a Hebrew prefix): "חוקי הסקליינג" makes "חוקי סקליינג" a spelling of scaling laws."""
    letters = rules.concept_rules["hebrew_prefix_letters"]
    found = []
    for entry, words, position in places:
        for spelling in spellings:
            if spelling == words[position]:
                continue
            phrase = [*words[:position], spelling, *words[position + 1 :]]
            if fold(" ".join(phrase)) in known:
                continue  # listed already
            pattern = re.compile(
                r"(?<![\u05d0-\u05ea])" + r"\s+".join(f"[{letters}]{{0,3}}-?{re.escape(word)}" for word in phrase) + r"(?![\u05d0-\u05ea])"
            )
            places_seen = {review_id: (text, match.start()) for review_id, (text, _) in uses.reviews.items() if (match := pattern.search(text))}
            if len(places_seen) >= min_reviews:
                term = _Term(reviews=places_seen)
                found.append(
                    Suggestion(name=" ".join(phrase), kind=entry.kind, reviews=len(places_seen), contexts=term.contexts(), spelling_of=entry.name)
                )
    return found


def suggestions_yaml(suggestions: Sequence[Suggestion], *, source: str = "", min_reviews: int = 2) -> str:
    """The suggestions as YAML entries to paste into ``concepts.yaml``, each after its contexts as comments.

    >>> print(suggestions_yaml([Suggestion("Perceiver", "architecture", ["פרסיבר"], 3, [("2024-06-01", "המודל Perceiver …")])]), end="")
    # 1 term the lexicon lacks, used by at least 2 reviews, most reviewed first.
    # Paste the entries you agree with into extract/data/concepts.yaml; check name and kind, add broader: [...].
    <BLANKLINE>
    # Perceiver: 3 reviews
    #   2024-06-01: המודל Perceiver …
    - {name: Perceiver, kind: architecture, aliases: [פרסיבר]}
    """
    import yaml

    count = len(suggestions)
    lines = [
        f"# {count} term{'s' if count != 1 else ''} the lexicon lacks{f' in {source}' if source else ''}, "
        f"used by at least {min_reviews} reviews, most reviewed first.",
        "# Paste the entries you agree with into extract/data/concepts.yaml; check name and kind, add broader: [...].",
    ]
    for suggestion in suggestions:
        lines.append("")
        note = "" if suggestion.english_seen else " (no English spelling seen: write the English name)"
        if suggestion.spelling_of:
            note = f" (another spelling of {suggestion.spelling_of}: add it to that entry's aliases)"
        lines.append(f"# {' '.join(suggestion.name.split())}: {suggestion.reviews} reviews{note}")
        lines += [f"#   {review_id}: {' '.join(context.split())}" for review_id, context in suggestion.contexts]
        if suggestion.spelling_of:
            continue  # no entry to paste: the concept has one
        flow = yaml.safe_dump(suggestion.entry(), allow_unicode=True, default_flow_style=True, sort_keys=False, width=10_000)
        lines.append("- " + flow.rstrip("\n"))
    return "\n".join(lines) + "\n"
