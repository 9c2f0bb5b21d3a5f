"""Where the embedded corpus and the Datasette metadata live.

In a source checkout (or an editable install) they sit at the repository root; a regular
``pip install .`` puts copies under ``<prefix>/share/kamerqa``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
_INSTALLED_SHARE = Path(sys.prefix) / "share" / "kamerqa"


def _first_existing(name: str) -> Path:
    for base in (_REPOSITORY_ROOT, _INSTALLED_SHARE):
        candidate = base / name
        if candidate.exists():
            return candidate
    return _REPOSITORY_ROOT / name


def embedded_corpus() -> Path:
    return _first_existing("corpus")


def datasette_metadata() -> Path:
    return _first_existing("datasette-metadata.json")
