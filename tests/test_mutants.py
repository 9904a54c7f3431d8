"""The deliberate mistakes of `python -m tests.mutants` still name real source text."""

from __future__ import annotations

import pytest

from .mutants import MUTANTS, ROOT


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.name)
def test_each_mutant_finds_its_text_once_and_names_real_tests(mutant):
    source = (ROOT / mutant.file).read_text(encoding="utf-8")
    assert source.count(mutant.right) == 1
    assert mutant.wrong != mutant.right
    assert all((ROOT / test).is_file() for test in mutant.tests)
