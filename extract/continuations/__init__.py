"""Continuation links between reviews, and the series they form.

The author refers to earlier reviews all the time ("המאמר שסקרנו אתמול",
"ב 3 הסקירות האחרונות", "STaR שסקרתי ב 17.09", "מחר ההמשך").  The cue
phrases live in ``extract/data/cues.yaml``; each names a kind and a rule that
resolves it against the posting calendar, the reviews in corpus order:
"yesterday" is the previous review, not the previous day.  A vague reference
resolves only through a topic it shares with an earlier review, with a low
confidence, or not at all.

Examples
--------
>>> from graphkb.records import Review
>>> reviews = [
...     Review(id="2024-06-14", date="2024-06-14", text="CLLMs."),
...     Review(id="2024-06-16", date="2024-06-16", text="המאמר שסקרנו אתמול הציע גישה איטרטיבית."),
... ]
>>> link_continuations(reviews)
>>> reviews[1].continues[0]["target"], reviews[1].continues[0]["kind"]
('2024-06-14', 'yesterday')
>>> [s["reviews"] for s in find_series(reviews)]
[['2024-06-14', '2024-06-16']]
"""

from graphkb.extract.continuations.cues import CUES_PATH, RESOLVERS, Cue, CueBook, load_cues
from graphkb.extract.continuations.resolution import link_continuations, reference_cues
from graphkb.extract.continuations.series import SERIES_MAX_GAP_DAYS, SERIES_MIN_CONFIDENCE, find_series, series_name

__all__ = [
    "CUES_PATH",
    "RESOLVERS",
    "SERIES_MIN_CONFIDENCE",
    "SERIES_MAX_GAP_DAYS",
    "Cue",
    "CueBook",
    "load_cues",
    "link_continuations",
    "reference_cues",
    "find_series",
    "series_name",
]
