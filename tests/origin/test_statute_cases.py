"""The corpus of cases written from the statute (tests/origin/cases/, README there).

Each case's outcome was decided by reading the law before the engine ran. The engine
must give it: the status, the criterion of an originating good, the rule, the questions
of an undetermined one; an input the law makes impossible or contradictory must be
refused by the request model itself, naming its JSON path. Every family holds a case the
law decides against the producer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from data_files import load_mapping
from maquila.io.requests import InputError, parse_request
from maquila.origin import Request, determine
from maquila.origin.result import Status

CASES = Path(__file__).resolve().parent / "cases"
FILES = sorted(CASES.glob("*.yaml"))
CASE_KEYS = {"id", "cite", "why", "against_producer", "request", "expect", "xfail", "corrected"}
EXPECT_KEYS = {"status", "criterion", "rule", "missing_keys", "error_paths", "error_words"}


def _cases() -> list[Any]:
    params = []
    for path in FILES:
        for case in load_mapping(path)["cases"]:
            marks = []
            if case.get("xfail"):
                marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])]
            params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


def _json_path(loc: tuple[Any, ...]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _refused(case: dict[str, Any]) -> None:
    expect = case["expect"]
    with pytest.raises(ValidationError) as raised:
        Request.model_validate(case["request"])
    errors = raised.value.errors()
    paths = {_json_path(tuple(e["loc"])) for e in errors}
    text = " ".join(str(e["msg"]) for e in errors)
    for path in expect.get("error_paths", []):
        assert path in paths, (path, paths)
    for word in expect.get("error_words", []):
        assert word.lower() in text.lower(), (word, text)
    with pytest.raises(InputError):  # the CLI's reader refuses the same input
        parse_request(case["request"], "case.yaml")


@pytest.mark.parametrize("case", _cases())
def test_the_engine_decides_each_statute_case_as_the_law_does(case: dict[str, Any]) -> None:
    expect = case["expect"]
    if expect["status"] == "error":
        _refused(case)
        return
    result = determine(Request.model_validate(case["request"]))
    explain = (
        f"{result.status.value} ({result.criterion}) under "
        f"{result.rule.id if result.rule else None}: {result.reasons} "
        f"{[m.key for m in result.missing]}"
    )
    assert result.status is Status(expect["status"]), explain
    if result.status is Status.ORIGINATING:
        assert result.criterion is not None, explain
    if expect.get("criterion") not in (None, "any"):
        assert result.criterion == expect["criterion"], explain
    if "rule" in expect:
        assert result.rule is not None and result.rule.id == expect["rule"], explain
    if "missing_keys" in expect:
        assert {m.key for m in result.missing} >= set(expect["missing_keys"]), explain


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in FILES])
def test_each_case_file_quotes_its_provisions_and_is_well_formed(path: Path) -> None:
    data = load_mapping(path)
    assert data["family"] == path.stem
    assert data["title"]
    assert data["provisions"] and all(p["cite"] and p["text"] for p in data["provisions"])
    for case in data["cases"]:
        assert set(case) <= CASE_KEYS, (case["id"], set(case) - CASE_KEYS)
        assert set(case["expect"]) <= EXPECT_KEYS, case["id"]
        assert case["id"].startswith(data["family"].split("_")[0]), case["id"]
        assert case["cite"] and case["why"], case["id"]
        assert isinstance(case["against_producer"], bool), case["id"]
        if case["expect"]["status"] == "originating":
            assert case["expect"].get("criterion"), case["id"]
            assert case["against_producer"] is False, case["id"]


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in FILES])
def test_every_family_has_a_case_the_law_decides_against_the_producer(path: Path) -> None:
    assert any(case["against_producer"] for case in load_mapping(path)["cases"])


def test_the_corpus_holds_at_least_150_cases_with_unique_ids() -> None:
    ids = [case["id"] for path in FILES for case in load_mapping(path)["cases"]]
    assert len(ids) >= 150
    assert len(ids) == len(set(ids))
