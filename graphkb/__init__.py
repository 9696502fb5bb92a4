"""graphkb: turn a series of paper reviews into a knowledge graph.

The package is light to import: heavy libraries (spaCy, pandas, the store
clients, pyvis) are imported only by the modules that use them.
"""

__all__ = ["__version__", "DEFAULT_CORPUS"]

__version__ = "0.1.0"

from pathlib import Path as _Path

DEFAULT_CORPUS = _Path(__file__).parent / "data" / "daily-paper-reviews.he.txt"
