"""The named Cypher queries shipped with graphkb (``*.cypher``, one query per file).

Each file opens with a header comment (``// purpose:``, ``// param NAME: TYPE [= DEFAULT]  text``,
``// example:``) that :mod:`graphkb.named_queries` reads.  A query whose text must differ between the
stores comes as ``NAME.falkordb.cypher`` and ``NAME.neo4j.cypher``; the others run on both.
"""

from pathlib import Path

__all__ = ["QUERIES_DIR"]

QUERIES_DIR = Path(__file__).parent
