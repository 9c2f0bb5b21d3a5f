from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlite_utils

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO.parent / "shared"
REAL = SHARED / "corpus" / "real"
RENDERED = SHARED / "corpus" / "rendered"

requires_shared = pytest.mark.skipif(
    not REAL.is_dir(),
    reason=f"real documents not present: {REAL} (CI provides ../shared beside the repository)",
)


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> sqlite_utils.Database:
    """The embedded corpus built once into a database file (read-only use in tests)."""
    from kamerqa.ingest.pipeline import build

    path = tmp_path_factory.mktemp("corpus") / "kamerqa.db"
    db = sqlite_utils.Database(path)
    result = build(db, [CORPUS], jobs=1)
    assert result.failed == []
    return db


@pytest.fixture
def no_kamerqa_db_env(monkeypatch):
    monkeypatch.delenv("KAMERQA_DB", raising=False)
    return os.environ
