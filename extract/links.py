"""Links in review text: URLs in every printed form, arXiv ids, social posts.

OCR prints URLs with or without a scheme, wrapped in ``<u>…</u>``, glued to
trailing punctuation or a Hebrew label, and sometimes with a space torn into
the last path segment.  :func:`find_links` undoes that; :func:`classify_links`
splits the result into arXiv ids, paper/code links and social links.

Examples
--------
>>> classify_links(find_links("מאמר: https://arxiv.org/pdf/2405.18047v2. קוד: github.com/a/b)"))
ClassifiedLinks(arxiv=['2405.18047'], links=['https://github.com/a/b'], social_links=[])
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit

from graphkb.extract.knowledge import load_segment_data

__all__ = ["find_links", "join_torn_tails", "arxiv_id", "is_social", "classify_links", "ClassifiedLinks", "URL_PATTERN"]

# A URL with a scheme, or a bare host with a known top-level domain and a path.
URL_PATTERN = re.compile(
    r"""(?ix)
    (?:https?://|(?<![\w@/.-])www\.)[^\s<>"'\u0590-\u05ff]+
    | (?<![\w@/.-])(?:[a-z0-9-]+\.)+(?:org|com|io|ai|net|me|co|dev|edu|gov|app|gg|in)/[^\s<>"'\u0590-\u05ff]*
    """
)
_TRAILING = ".,;:!?)]}'\"|*»«”“’‘…"
_NEW_STYLE_ID = re.compile(r"(?<![\d.])(\d{4})\.(\d{4,5})(?:v\d+)?(?![\d])")
_OLD_STYLE_ID = re.compile(r"(?i)(?<![\w-])([a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v\d+)?(?!\d)")
# a lower-case fragment OCR tore off a URL's last segment at the end of a line ("…/e dit")
_TORN_TAIL = re.compile(r" ([a-z]{1,4})[ \t]*(?=$|\n)")


def _strip_trailing(url: str) -> str:
    end, opened, closed = len(url), url.count("("), url.count(")")
    while end and url[end - 1] in _TRAILING:
        if url[end - 1] == ")":
            if opened >= closed:
                break  # the ")" closes a "(" inside the URL: part of it
            closed -= 1
        end -= 1
    return url[:end]


def join_torn_tails(text: str) -> str:
    """``text`` with each URL's last path segment that OCR tore off at the end of a line joined back.

    The segmenter reads review bodies through it, so the tail is neither a word of the body nor lost from the link.

    >>> join_torn_tails("הסקירה: https://docs.google.com/document/d/1z/e dit\\nהמשך")
    'הסקירה: https://docs.google.com/document/d/1z/edit\\nהמשך'
    >>> join_torn_tails("https://github.com/a/b and more")
    'https://github.com/a/b and more'
    """
    if "/" not in text:
        return text
    pieces, done = [], 0
    for match in URL_PATTERN.finditer(text):
        torn = _TORN_TAIL.match(text, match.end())  # matched in place: slicing the rest would copy it per URL
        if torn and re.search(r"/[a-z]{1,3}$", match.group(0)):
            pieces += [text[done : match.end()], torn.group(1)]
            done = torn.end(1)
    return "".join(pieces) + text[done:] if pieces else text


def find_links(text: str) -> list[str]:
    """Every URL in ``text``, in order, cleaned of markup and trailing punctuation and joined to a torn tail
    (:func:`join_torn_tails`).

    A URL printed with no scheme gets ``https://``.

    >>> find_links("<u>https://arxiv.org/abs/2405.17927</u> :מאמר: www.x.com/a.")
    ['https://arxiv.org/abs/2405.17927', 'https://www.x.com/a']
    >>> find_links("https://docs.google.com/document/d/1z/e dit")
    ['https://docs.google.com/document/d/1z/edit']
    >>> find_links("see https://github.com/a/b or not")
    ['https://github.com/a/b']
    """
    links: list[str] = []
    if "/" not in text:
        return links
    for match in URL_PATTERN.finditer(join_torn_tails(text)):
        url = _strip_trailing(match.group(0))
        if not re.match(r"(?i)https?://", url):
            url = "https://" + url
        if urlsplit(url).hostname and "." in (urlsplit(url).hostname or ""):
            links.append(url)
    return links


def arxiv_id(url: str) -> str | None:
    """The arXiv id a URL points to, normalised (no version), or ``None``.

    >>> arxiv_id("https://www.arxiv.org/abs/2402.10793v3")
    '2402.10793'
    >>> arxiv_id("arxiv.org/pdf/hep-th/9901001v1"), arxiv_id("https://arxiv.org/abs/math.GT/0309136")
    ('hep-th/9901001', 'math.GT/0309136')
    >>> arxiv_id("https://github.com/x") is None
    True
    """
    parts = urlsplit(url if "//" in url else "https://" + url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host not in _arxiv_hosts():
        return None
    path = parts.path
    match = _NEW_STYLE_ID.search(path)
    if match:
        return f"{match.group(1)}.{match.group(2)}"
    match = _OLD_STYLE_ID.search(path.replace("/abs/", " ").replace("/pdf/", " "))
    return match.group(1) if match else None


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


@lru_cache(maxsize=1)
def _arxiv_hosts() -> frozenset[str]:
    return frozenset(load_segment_data()["arxiv_hosts"])


@lru_cache(maxsize=1)
def _social_hosts() -> frozenset[str]:
    return frozenset(load_segment_data()["social_hosts"])


def is_social(url: str) -> bool:
    """Whether ``url`` is a social post (Telegram, X, LinkedIn…) rather than a paper or code.

    >>> is_social("https://t.me/MathyAIwithMike/60"), is_social("https://github.com/a/b")
    (True, False)
    """
    host = _host(url)
    return any(host == social or host.endswith("." + social) for social in _social_hosts())


class ClassifiedLinks(NamedTuple):
    """A review's links, split by kind; each list keeps first-seen order without repeats."""

    arxiv: list[str]
    links: list[str]
    social_links: list[str]


def classify_links(urls: list[str]) -> ClassifiedLinks:
    """Split URLs into arXiv ids, other paper/code links and social links."""
    arxiv: dict[str, None] = {}
    links: dict[str, None] = {}
    social: dict[str, None] = {}
    for url in urls:
        identifier = arxiv_id(url)
        if identifier:
            arxiv[identifier] = None
        elif is_social(url):
            social[url] = None
        else:
            links[url] = None
    return ClassifiedLinks(list(arxiv), list(links), list(social))
