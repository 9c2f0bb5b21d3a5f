"""The robustness benchmark (bench/robustness.py) with small numbers: the bad-input matrix,
fuzzing through every text structure parser, and one kill -9 crash trial. It fails on any
crash or loss, as the benchmark's exit status does (issue 14, item 14)."""

from __future__ import annotations

import importlib.util
import os
import random

from .conftest import REPO

TINY = {"mutated": 3, "big_text_mb": 1, "long_line_mb": 1, "blank_pages": 20,
        "fuzz": 150, "fuzz_seconds": 10.0, "kills": 1, "build_timeout": 900}


def bench():
    spec = importlib.util.spec_from_file_location("robustness", REPO / "bench" / "robustness.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bad_input_matrix_crashes_nothing_and_loses_nothing(tmp_path):
    robustness = bench()
    try:
        tried, crashes, losses = robustness.matrix(tmp_path, TINY, random.Random(14))
    finally:
        os.chmod(tmp_path / "bad" / "unreadable.txt", 0o600)
    assert tried >= 19
    assert (crashes, losses) == (0, 0)


def test_fuzzing_the_structure_parsers_crashes_nothing():
    from kamerqa.parsers.documents import _text_parsers

    robustness = bench()
    parses, crashes = robustness.fuzz(TINY["fuzz"], TINY["fuzz_seconds"], random.Random(14))
    assert parses == TINY["fuzz"] * (len(_text_parsers()) + 1)  # and parse_text
    assert crashes == 0


def test_a_killed_build_leaves_a_sound_database_and_a_rebuild_converges(tmp_path):
    robustness = bench()
    kills, failures, converged = robustness.crash_trials(
        tmp_path, 1, TINY["build_timeout"], random.Random(14), with_real=False
    )
    assert (kills, failures, converged) == (1, 0, 1)
