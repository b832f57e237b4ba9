"""A real-world good of every HS chapter, decided under its own product-specific rule.

Each file ``tests/data/chapters/chNN.yaml`` describes one realistic good of chapter NN
produced in Mexico, Canada or the United States, its bill of materials in HS 2022 terms
and the determination the printed rule of HTSUS GN 11(o) (USMCA Annex 4-B) gives. The
expected outcome was decided by reading the rule's printed wording
(``../shared/reference/usmca/psr_rules.jsonl``) before the engine was run; the comment
at the head of each file explains it from that wording.

Data files:

- ``chapter``: the two-digit chapter (must match the file name and the good's code).
- ``request``: the engine request (docs/request-format.md).
- ``expect``: ``status`` (originating | non_originating | undetermined), ``rule`` (the
  rule id, e.g. ``usmca/85/7``; always present: every good is decided under a rule of
  its own chapter), and where stated ``alternative``, ``criterion`` and
  ``missing_keys`` (the questions an undetermined answer must ask).
- ``xfail``: present only where the engine or the pack is wrong; the precise defect.
  The case is kept and expected to fail (strictly), so a fix shows up as XPASS.

Chapter 77 is reserved in the Harmonized System and has no goods.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from data_files import load_mapping
from maquila.origin import Request, determine
from maquila.origin.result import Status

DATA = Path(__file__).resolve().parents[1] / "data" / "chapters"
FILES = sorted(DATA.glob("ch*.yaml"))
CHAPTERS = {f"{n:02d}" for n in range(1, 98)} - {"77"}


def _cases() -> list[Any]:
    params = []
    for path in FILES:
        reason = load_mapping(path).get("xfail")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


@pytest.mark.parametrize("path", _cases())
def test_a_real_good_of_every_chapter_is_decided_under_its_own_rule(path: Path) -> None:
    case = load_mapping(path)
    expect = case["expect"]
    determination = determine(Request.model_validate(case["request"]))
    explain = (
        f"{determination.status.value} under "
        f"{determination.rule.id if determination.rule else None} "
        f"({determination.alternative}): {determination.reasons} "
        f"{[m.key for m in determination.missing]}"
    )

    assert determination.status is Status(expect["status"]), explain
    assert determination.rule is not None, explain
    assert determination.rule.id == expect["rule"], explain
    if "alternative" in expect:
        assert determination.alternative == expect["alternative"], explain
    if "criterion" in expect:
        assert determination.criterion == expect["criterion"], explain
    if "missing_keys" in expect:
        assert {m.key for m in determination.missing} >= set(expect["missing_keys"]), explain


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in FILES])
def test_each_chapter_file_holds_a_good_of_that_chapter_made_in_a_usmca_country(
    path: Path,
) -> None:
    case = load_mapping(path)
    chapter = case["chapter"]
    good = case["request"]["good"]
    assert path.stem == f"ch{chapter}"
    assert good["hs"][:2] == chapter
    assert good["produced_in"] in ("MX", "CA", "US")
    assert case["expect"]["rule"].startswith(f"usmca/{chapter}/")
    assert case["expect"]["status"] in {s.value for s in Status}
    if case["expect"]["status"] == "undetermined":
        assert case["expect"].get("missing_keys"), "an undetermined case names its questions"


def test_every_chapter_but_the_reserved_77_has_a_real_good() -> None:
    written = {load_mapping(path)["chapter"] for path in FILES}
    assert written == CHAPTERS, f"missing: {sorted(CHAPTERS - written)}"
