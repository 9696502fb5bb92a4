"""Segmentation: cut a review series into reviews, each with its date, title and links.

A review usually opens with a header ("המאמר היומי של מייק 14.06.24: Title"),
but OCR garbles headers in every way, and some reviews have none: they start
right after the previous review's closing link, or open with a phrase such as
"בסקירה הקודמת" (in the previous review).  The segmenter classifies lines
(header, link, debris, text), cuts at headers and at those headerless starts,
then reads each piece's title, date candidates, links and cleaned text.
Dates are settled for the whole series at once by :func:`graphkb.extract.dates.resolve_dates`.

Examples
--------
>>> text = '''המאמר היומי של מייק 14.06.24: CLLMs: Consistency Large Language Models
...
... המאמר מציע להאיץ את מודלי השפה בעזרת שיטת יאקובי לגנרוט מקבילי של טוקנים רבים.
...
... https://arxiv.org/abs/2403.00835
...
... זוכרים את המאמר שסקרנו אתמול? היום ממשיכים עם שיטה שמאמנת כמה ראשים נוספים למודל השפה, וכל ראש חוזה טוקן אחר בעתיד, כך שבכל הפעלה של המודל מקבלים כמה טוקנים.
...
... https://arxiv.org/pdf/2401.10774'''
>>> [(r.id, r.date_confidence, r.title, r.arxiv, r.line_start) for r in segment_text(text)]
[('2024-06-14', 'printed', 'CLLMs: Consistency Large Language Models', ['2403.00835'], 1), ('2024-06-15', 'inferred', None, ['2401.10774'], 7)]
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from graphkb.extract.dates import (
    DATE_TOKEN,
    DateCandidate,
    TextClues,
    date_candidates,
    day_after_mention,
    find_date_tokens,
    resolve_dates,
)
from graphkb.extract.links import URL_PATTERN, classify_links, find_links, is_social, join_torn_tails
from graphkb.extract.ocr import remove_repeats, strip_broken_latex, strip_markup
from graphkb.extract.knowledge import load_segment_data
from graphkb.extract.titles import HEBREW, clean_title, is_title_line, latin_run
from graphkb.records import Review

__all__ = ["Draft", "segment_text", "split_drafts", "finalize", "is_header", "line_kind", "MIN_HEADERLESS_CHARS"]

# a headerless piece shorter than this (letters) is an afterword of the review before it
MIN_HEADERLESS_CHARS = 100
# an opening cue starts a review only after this many body paragraphs
MIN_PARAGRAPHS_BEFORE_CUE = 3
_CUE_WINDOW = 40

BLANK, HEADER, LINK, DEBRIS, TEXT = "blank", "header", "link", "debris", "text"
_HEBREW_WORD = re.compile(r"[\u05d0-\u05ea]{2}")


@dataclass
class _Patterns:
    author: re.Pattern
    series: re.Pattern
    labels: re.Pattern
    cues: re.Pattern
    closing: re.Pattern
    closing_window: int
    pause: re.Pattern
    weekend: re.Pattern
    window: int


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    data = load_segment_data()

    def words(items: list[str]) -> str:
        return "|".join(sorted((re.escape(item) for item in items), key=len, reverse=True))

    return _Patterns(
        author=re.compile(rf"(?<![\u05d0-\u05ea])(?:{words(data['authors'])})(?![\u05d0-\u05ea])"),
        series=re.compile(rf"(?:{words(data['series_phrases'])})"),
        labels=re.compile(rf"(?i)(?<![\w\u05d0-\u05ea])(?:{words(data['link_labels'])})(?![\w\u05d0-\u05ea])"),
        cues=re.compile(rf"(?:{words(data['opening_cues'])})"),
        closing=re.compile(rf"(?:{words(data['closing_cues'])})"),
        closing_window=int(data["closing_window"]),
        pause=re.compile(rf"(?:{words(data['after_pause_cues'])})"),
        weekend=re.compile(rf"(?:{words(data['weekend_cues'])})"),
        window=int(data["header_window"]),
    )


def is_header(line: str) -> bool:
    """Whether ``line`` is a review header, however garbled: near its start, the
    author's name or the series' name, with a date or with each other.

    >>> is_header("אמר היומי של מייק 203.06.24 המאמר היומי של מייק 63.06.24 Better & Faster LLMs")
    True
    >>> is_header("היום המאמר היומי הוא מלפני שנה בערך")
    False
    >>> is_header("ע בייק 20.07.24 (בייק 20.07.24 → Consistency Models")
    True
    >>> is_header("מייק שאל אותי אתמול על המאמר הזה")
    False
    >>> is_header("18.01.25 - המאמר היומי של אוראל ומייק MAKING TEXT EMBEDDERS FEW-SHOT LEARNERS")
    True
    """
    patterns = _patterns()
    window = strip_markup(line[: 4 * patterns.window]).strip()[: patterns.window]
    author = bool(patterns.author.search(window))
    series = bool(patterns.series.search(window))
    if not (author or series):
        return False
    return (author and series) or bool(find_date_tokens(_without_urls(window)))


def _without_urls(text: str) -> str:
    return URL_PATTERN.sub(" ", text) if "/" in text else text


_LETTER = re.compile(r"[A-Za-z\u05d0-\u05ea]")


def _has_letters(text: str, count: int, pattern: re.Pattern = _LETTER) -> bool:
    """Whether ``text`` holds at least ``count`` letters (stops counting there)."""
    return sum(1 for _ in itertools.islice(pattern.finditer(text), count)) >= count


def _link_tail_empty(text: str) -> bool:
    """Whether nothing but link labels and punctuation follows the last URL."""
    matches = list(URL_PATTERN.finditer(text)) if "/" in text else []
    if not matches:
        return False
    tail = _patterns().labels.sub(" ", text[matches[-1].end() :])
    return not _has_letters(tail, 5)


def line_kind(line: str) -> str:
    """The kind of a corpus line: blank, header, link, debris or text.

    >>> line_kind("https://arxiv.org/abs/2405.18377 מאמר: https://t.me/MathyAIwithMike/69 טלגרם:")
    'link'
    >>> line_kind("$\\\\cancel{\\\\mathscr{A}}")
    'debris'
    """
    if not line.strip():
        return BLANK
    if is_header(line):
        return HEADER
    bare = _without_urls(line)
    if bare != line and not _has_letters(_patterns().labels.sub(" ", bare), 5):
        return LINK
    if not _HEBREW_WORD.search(line) and not re.search(r"[A-Za-z\u05d0-\u05ea]{2,}", strip_broken_latex(strip_markup(line))):
        return DEBRIS
    return TEXT


def _closes_review(line: str, kind: str) -> bool:
    """Whether ``line`` ends a review: a link line, a paragraph ending with a paper
    link, or one ending with a closing phrase ("מקווה שלא איבדתי אותכם…")."""
    if kind == LINK:
        return True
    if kind != TEXT:
        return False
    if _link_tail_empty(line):
        links = find_links(line)
        return bool(links) and not is_social(links[-1])
    patterns = _patterns()
    return bool(patterns.closing.search(line.rstrip()[-patterns.closing_window :]))


@dataclass
class Draft:
    """A review cut from a document, before its date is settled across the series."""

    lines: list[str]
    line_start: int
    line_end: int
    source: str
    header_lines: int = 0
    title: str | None = None
    title_lines: set[int] = field(default_factory=set)
    candidates: list[DateCandidate] = field(default_factory=list)
    hint: dt.date | None = None
    header_text: str = ""
    lead: str = ""


@dataclass
class _Piece:
    """A review being cut: its line span (0-based, inclusive), where its header
    ends (-1: no header), how many body paragraphs it has, whether its closing link came."""

    start: int
    end: int
    header_end: int = -1
    paragraphs: int = 0
    closed: bool = False

    @property
    def header_lines(self) -> int:
        return min(self.header_end, self.end) - self.start + 1 if self.header_end >= 0 else 0


def _cut(lines: list[str]) -> list[_Piece]:
    """Cut a document's lines into review pieces."""
    kinds = [line_kind(line) for line in lines]
    cues = _patterns().cues
    pieces: list[_Piece] = []
    last_content = -1
    for index, kind in enumerate(kinds):
        if kind == BLANK:
            continue
        current = pieces[-1] if pieces else None
        if kind == HEADER and current and current.paragraphs and not current.closed and _is_weak_header(lines, kinds, index):
            kind = TEXT  # a bare "המאמר היומי של מייק" inside an unfinished review
        if kind == HEADER:
            if current and current.header_end >= 0 and not current.paragraphs and not _has_text_after_header(kinds, current):
                current.end = current.header_end = index  # the header printed again
                continue
            start = index
            previous = _previous_nonblank(kinds, index)
            if previous is not None and kinds[previous] == DEBRIS and previous > last_content:
                start = previous  # emoji or LaTeX debris on the line above is part of this header
            if current and start <= current.end:
                before = _previous_nonblank(kinds, start)
                current.end = before if before is not None and before >= current.start else current.start
            pieces.append(_Piece(start, index, header_end=index))
            continue
        if kind == DEBRIS:
            if current:
                if current.header_end == current.end:
                    current.header_end = index  # debris right after a header belongs to it
                current.end = index
            continue
        last_content = index
        starts_review = (
            current is None
            or (current.closed and kind != LINK)
            or (kind == TEXT and current.paragraphs >= MIN_PARAGRAPHS_BEFORE_CUE and cues.search(lines[index][:_CUE_WINDOW]))
        )
        if starts_review:
            current = _Piece(index, index)
            pieces.append(current)
        current.end = index
        if kind == TEXT and _has_letters(lines[index], 10, HEBREW):
            current.paragraphs += 1
        if current.paragraphs and _closes_review(lines[index], kind):
            current.closed = True
    merged: list[_Piece] = []
    for piece in pieces:
        if merged and piece.header_end < 0 and _is_afterword(lines, piece):
            merged[-1].end = piece.end
            continue
        merged.append(piece)
    return merged


def _is_weak_header(lines: list[str], kinds: list[str], index: int) -> bool:
    """A header line with no date and no title, on it or on the next line."""
    line = lines[index]
    if find_date_tokens(_without_urls(strip_markup(line))) or latin_run(_after_header(line)):
        return False
    following = next((i for i in range(index + 1, len(lines)) if kinds[i] != BLANK), None)
    return following is None or not is_title_line(lines[following])


def _has_text_after_header(kinds: list[str], piece: _Piece) -> bool:
    return any(kind in (TEXT, LINK) for kind in kinds[piece.header_end + 1 : piece.end + 1])


def _previous_nonblank(kinds: list[str], index: int) -> int | None:
    for previous in range(index - 1, -1, -1):
        if kinds[previous] != BLANK:
            return previous
    return None


def _is_afterword(lines: list[str], piece: _Piece) -> bool:
    """A short headerless piece with no title line: a closing remark of the review before."""
    if is_title_line(lines[piece.start]):
        return False
    return not _has_letters(_without_urls("\n".join(lines[piece.start : piece.end + 1])), MIN_HEADERLESS_CHARS)


def split_drafts(text: str, source: str = "", line_offset: int = 0) -> list[Draft]:
    """Cut a document into drafts, one per review, reading titles and date candidates.

    ``line_offset`` is added to line numbers (for documents inside a larger file).
    """
    lines = text.split("\n")
    drafts = []
    for piece in _cut(lines):
        draft = _read_draft(lines[piece.start : piece.end + 1], piece.start + 1 + line_offset, source, piece.header_lines)
        if _is_review(draft):
            drafts.append(draft)
    return drafts


def _is_review(draft: Draft) -> bool:
    """A header, a link, a title or a paragraph of some length: short chatter is no review."""
    chunk = "\n".join(draft.lines)
    return bool(draft.header_lines or draft.title or "://" in chunk or _has_letters(chunk, MIN_HEADERLESS_CHARS))


def _read_draft(lines: list[str], line_start: int, source: str, header_lines: int) -> Draft:
    draft = Draft(lines=lines, line_start=line_start, line_end=line_start + len(lines) - 1, source=source)
    draft.header_lines = header_lines
    header = " ".join(lines[:header_lines])
    prefix = header
    body = [i for i in range(header_lines, len(lines)) if lines[i].strip()]
    if header:
        remainder = _after_header(header)
        title = latin_run(remainder) if remainder else None
        if title:
            draft.title = title
            position = _title_position(header, title)
            prefix = header[:position] if position >= 0 else header
            whole = latin_run(lines[body[0]]) if body and is_title_line(lines[body[0]]) else None
            if whole and _same_title(title, whole):
                # the header's copy is cut short or garbled; the next line prints it whole
                draft.title = whole
                draft.title_lines.add(body[0])
    if draft.title is None and body:
        first = body[0]
        candidate = lines[first]
        if (is_title_line(candidate) or (header_lines and _title_then_text(candidate))) and latin_run(candidate):
            draft.title = latin_run(candidate)
            draft.title_lines.add(first)
    if draft.title:
        following = [i for i in body if i > max(draft.title_lines, default=-1)][:1]
        if following and _continues_title(draft.title, lines[following[0]]):
            joiner = ": " if _title_line_ends_with_colon(lines, header_lines, draft.title_lines) else " "
            draft.title = clean_title(f"{draft.title}{joiner}{latin_run(lines[following[0]], capitalised=False)}")
            draft.title_lines.add(following[0])
    if draft.title:
        holder = lines[max(draft.title_lines)] if draft.title_lines else header
        draft.lead = _text_after_title(holder, draft.title)
    draft.header_text = prefix
    draft.candidates = _candidates(prefix)
    return draft


def _text_after_title(line: str, title: str) -> str:
    """The body text sharing a line with the title, after it ("Title המאמר מציע…")."""
    last_word = title.split()[-1]
    position = line.rfind(last_word)
    rest = line[position + len(last_word) :] if position >= 0 else ""
    return rest.strip() if HEBREW.search(rest) else ""


def _after_header(header: str) -> str:
    """The part of a header line after its last series phrase, author or date."""
    patterns = _patterns()
    cleaned = strip_markup(header)
    ends = [m.end() for m in patterns.author.finditer(cleaned)]
    ends += [m.end() for m in patterns.series.finditer(cleaned)]
    ends += [m.end() for m in DATE_TOKEN.finditer(cleaned)]
    return cleaned[max(ends, default=0) :]


def _title_position(header: str, title: str) -> int:
    first_word = title.split()[0]
    return header.rfind(first_word)


def _title_line_ends_with_colon(lines: list[str], header_lines: int, title_lines: set[int]) -> bool:
    last = max(title_lines, default=header_lines - 1)
    return last >= 0 and strip_markup(lines[last]).rstrip().endswith(":")


def _same_title(first: str | None, second: str | None) -> bool:
    """Whether two printings are one title, one of them cut short or misread."""
    if not first or not second:
        return False
    from rapidfuzz import fuzz

    return fuzz.partial_ratio(first.lower(), second.lower()) >= 60


def _title_then_text(line: str) -> bool:
    """A line that opens with a title (three Latin words or more, in title case or
    with a colon), then Hebrew text."""
    stripped = strip_markup(line).strip()
    if not stripped or HEBREW.match(stripped) or "://" in stripped:
        return False
    run = latin_run(stripped)
    if not run or len(run.split()) < 3 or not stripped.startswith(run.split()[0]):
        return False
    long_words = [word for word in run.split() if len(word) > 3]
    capitalised = sum(1 for word in long_words if word[0].isupper())
    return ":" in run or capitalised >= max(3, 0.6 * len(long_words))


def _continues_title(title: str | None, line: str) -> bool:
    """Whether ``line`` carries on a title cut over two lines: Latin only, short,
    and opening in lower case or only a few words long ("… Customer Service Question" / "Answering")."""
    stripped = strip_markup(line).strip()
    if not title or title.endswith((".", "?", "!")) or HEBREW.search(stripped) or "://" in stripped:
        return False
    run = latin_run(stripped, capitalised=False)
    if not run or len(stripped) > 120:
        return False
    return run[:1].islower() or len(run.split()) <= 3


def _candidates(header: str, years: tuple[int, ...] = ()) -> list[DateCandidate]:
    found: list[DateCandidate] = []
    for token in find_date_tokens(_without_urls(strip_markup(header))):
        for candidate in date_candidates(token, years):
            if candidate.date not in {c.date for c in found}:
                found.append(candidate)
    return sorted(found, key=lambda c: c.cost)


def _body_text(draft: Draft) -> str:
    paragraphs = [remove_repeats(draft.lead)] if draft.lead else []
    for index, line in enumerate(draft.lines):
        if index < draft.header_lines or index in draft.title_lines or not line.strip():
            continue
        paragraphs.append(remove_repeats(line.strip()))
    return join_torn_tails("\n".join(paragraphs))


def finalize(drafts: list[Draft]) -> list[Review]:
    """Settle dates across the series and turn drafts into :class:`Review` records.

    Ids are the date, with ``-2``, ``-3``… for further reviews on one date.  A
    series with no readable date at all gets empty dates and ids ``undated``,
    ``undated-2``…
    """
    years = tuple(sorted({c.date.year for d in drafts for c in d.candidates if c.clean} | {d.hint.year for d in drafts if d.hint}))
    for draft in drafts:
        if years:  # a repair reaching years the series never prints is a misreading
            draft.candidates = [c for c in draft.candidates if c.clean or years[0] - 1 <= c.date.year <= years[-1] + 1]
        if not draft.candidates and draft.header_text:
            draft.candidates = _candidates(draft.header_text, years)
        if not draft.candidates and draft.hint:
            draft.candidates = [DateCandidate(draft.hint, 0.0, True)]
    texts = [_body_text(d) for d in drafts]
    patterns = _patterns()
    clues = [
        TextClues() if draft.candidates else TextClues(
            day_after=day_after_mention(text, years),
            after_pause=bool(patterns.pause.search(text[: 2 * _CUE_WINDOW])),
            weekend=bool(patterns.weekend.search(text)),
        )
        for draft, text in zip(drafts, texts)
    ]
    resolved = resolve_dates([d.candidates for d in drafts], clues)
    reviews = []
    seen: dict[str, int] = {}
    for draft, text, (date, confidence) in zip(drafts, texts, resolved):
        day = date.isoformat() if date else ""
        key = day or "undated"
        seen[key] = seen.get(key, 0) + 1
        raw = "\n".join(draft.lines).rstrip()
        arxiv, links, social = classify_links(find_links(raw))
        reviews.append(
            Review(
                id=key if seen[key] == 1 else f"{key}-{seen[key]}",
                date=day,
                title=draft.title,
                line_start=draft.line_start,
                line_end=draft.line_start + len(raw.split("\n")) - 1,
                date_confidence=confidence,
                arxiv=arxiv,
                links=links,
                social_links=social,
                text=text,
                raw_text=raw,
                source=draft.source,
            )
        )
    return reviews


def segment_text(text: str, source: str = "") -> list[Review]:
    """Cut a whole corpus text into reviews (NFC-normalised), dates settled.

    An empty or review-less text gives an empty list.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return finalize(split_drafts(text, source))
