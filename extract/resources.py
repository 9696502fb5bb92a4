"""Loading the knowledge files under ``extract/data/``.

Examples
--------
>>> "מייק" in load_segment_data()["authors"]
True
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["load_data_file", "load_segment_data"]


@lru_cache(maxsize=None)
def load_data_file(name: str) -> dict[str, Any]:
    """Parse ``extract/data/<name>`` (YAML) once per process."""
    import yaml

    text = resources.files("graphkb.extract").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def load_segment_data() -> dict[str, Any]:
    """The segmenter's knowledge: header phrases, cue phrases, link labels, hosts."""
    return load_data_file("segment.yaml")
