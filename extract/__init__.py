"""Turn review text into records: segmentation, concepts, entities, continuations.

``extract`` knows nothing of stores.  Its knowledge (concept lexicon, entity
lists, continuation cue phrases) lives in ``extract/data`` so a reader can
extend it without touching code.
"""

__all__ = ["extract_records"]


def extract_records(*args, **kwargs):
    """Run the whole extraction; see :func:`graphkb.extract.pipeline.extract_records`."""
    from graphkb.extract.pipeline import extract_records as run

    return run(*args, **kwargs)
