"""Every line of an automotive trace names the provision it applies (maquila.verdict.Step):
the JSON answers of a part, an other vehicle and an averaging keep their ``steps`` as the
text lines and add a ``trace`` giving each line with its ``citation``. Tried through the
REST API on the repository's examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from maquila.api import create_app
from shared_reference import reference

EXAMPLES = Path(__file__).parents[2] / "examples"
FUEL_PUMP = {
    "part": "fuel pump", "hs": "8413.30", "use": "passenger_vehicle", "date": "2026-03-01",
    "net_cost": "10000", "vnm": "6000", "tariff_shift_met": True,
}  # fmt: skip

REFERENCE = reference("usmca", "automotive")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def _body(name: str) -> Any:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def _answer(client: TestClient, endpoint: str, body: Any) -> dict[str, Any]:
    response = client.post(endpoint, json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    assert answer["trace"], "no trace"
    return answer


def test_a_part_s_trace_cites_every_line_and_the_table_s_citation_on_the_table_line(
    client: TestClient,
) -> None:
    answer = _answer(client, "/auto/part", FUEL_PUMP)
    trace = answer["trace"]
    assert all(t["citation"] for t in trace), trace
    table_line = next(t for t in trace if t["step"].startswith(f"Table {answer['table']} row"))
    assert table_line["citation"] == answer["citation"] == "SOR/2020-155 s. 14(15)"  # Table B


def test_an_other_vehicle_s_trace_lines_cite_provisions_of_sor_2020_155(
    client: TestClient,
) -> None:
    trace = _answer(client, "/auto/other-vehicle", _body("other-vehicle-bus.yaml"))["trace"]
    assert all(t["citation"].startswith("SOR/2020-155") for t in trace), trace
    vnm = [t for t in trace if "(s. 20(5))" in t["step"]]  # the materials at their value
    assert vnm and {t["citation"] for t in vnm} == {"SOR/2020-155 s. 20(5)"}


def test_an_averaging_s_trace_lines_carry_citations(client: TestClient) -> None:
    trace = _answer(client, "/auto/average", _body("averaging-2026.yaml"))["trace"]
    assert all(t["citation"] for t in trace), trace
    assert trace[0]["citation"] == "SOR/2020-155 s. 16(8)"  # the averaged RVC of s. 16(8)


@pytest.mark.parametrize(
    ("endpoint", "example"),
    [
        ("/auto/part", None),
        ("/auto/other-vehicle", "other-vehicle-bus.yaml"),
        ("/auto/average", "averaging-2026.yaml"),
    ],
)
def test_the_json_steps_are_the_text_of_the_trace_lines_in_order(
    client: TestClient, endpoint: str, example: str | None
) -> None:
    body = FUEL_PUMP if example is None else _body(example)
    answer = _answer(client, endpoint, body)
    assert answer["steps"] == [t["step"] for t in answer["trace"]]
