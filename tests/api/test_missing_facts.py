"""A fact the law needs and the request did not give is answered as data, the same shape
everywhere (maquila.verdict.Missing): the JSON path of the field to fill (``key``), the
question, the provision that asks it (``rule``) and what the answer settles. Tried through
the REST API on the automotive examples with one fact taken out: each answer names the
field that was taken out."""

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
FIELDS = {"key", "question", "rule", "settles"}

REFERENCE = reference("usmca", "automotive")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def _body(name: str) -> Any:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def _asked(client: TestClient, endpoint: str, body: Any, *where: str) -> list[dict[str, str]]:
    response = client.post(endpoint, json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    for name in where:
        answer = answer[name]
    assert answer, "nothing was asked"
    assert all(set(m) == FIELDS and all(m.values()) for m in answer), answer
    return list(answer)


def test_a_steel_part_of_unstated_metal_asks_for_that_purchase_s_metal(
    client: TestClient,
) -> None:
    body = {"producer": "p", "date": "2026-03-01", "period": "2025", "purchases": [
        {"id": "frame", "hs": "8708.29", "value": "1000", "originating": False},
        {"id": "coil", "hs": "7208.51", "value": "700", "originating": True},
    ]}  # fmt: skip
    asked = _asked(client, "/auto/steel", body, "missing")
    assert [(m["key"], m["rule"]) for m in asked] == [
        ("purchases[frame].metal", "SOR/2020-155 s. 17(1), Table S")
    ]
    body["purchases"][0]["metal"] = "steel"  # s. 17(2): then the metal used in the part
    asked = _asked(client, "/auto/steel", body, "missing")
    assert [(m["key"], m["rule"]) for m in asked] == [
        ("purchases[frame].metal_value", "SOR/2020-155 s. 17(2)")
    ]


def test_a_part_whose_tariff_shift_is_not_stated_asks_for_it_under_its_table(
    client: TestClient,
) -> None:
    part = {"part": "fuel pump", "hs": "8413.30", "use": "passenger_vehicle",
            "date": "2026-03-01", "net_cost": "10000", "vnm": "6000"}  # fmt: skip
    asked = _asked(client, "/auto/part", part, "missing")  # RVC 40: the shift would decide
    assert [(m["key"], m["rule"]) for m in asked] == [
        ("tariff_shift_met", "SOR/2020-155 s. 14(15)")  # Table B
    ]
    del part["vnm"]
    asked = _asked(client, "/auto/part", part, "missing")
    assert [m["key"] for m in asked] == ["tariff_shift_met", "vnm"]


def test_a_truck_not_said_to_be_off_road_or_not_is_asked_by_that_field(
    client: TestClient,
) -> None:
    body = _body("other-vehicle-bus.yaml")
    body["hs"] = "8704.22"  # s. 20(3)(a)(iv) if off-road, else a heavy truck (s. 12)
    del body["persons"]
    asked = _asked(client, "/auto/other-vehicle", body, "missing")
    assert [(m["key"], m["rule"]) for m in asked if m["key"] == "off_road"] == [
        ("off_road", "SOR/2020-155 s. 20(3)(a)(iv); SOR/2020-155 s. 12")
    ]


def test_an_election_that_leaves_out_a_stated_field_is_asked_at_its_path(
    client: TestClient,
) -> None:
    body = _body("averaging-2026.yaml")
    body["vehicle_rvc"]["election"]["model_names"] = []
    del body["vehicle_rvc"]["election"]["filings"][0]["filed"]
    asked = _asked(client, "/auto/average", body, "election", "missing")
    keys = {m["key"]: m["rule"] for m in asked}
    assert keys["election.model_names"] == "SOR/2020-155 s. 16(3)(a)"
    assert keys["election.filings[US].filed"] == "SOR/2020-155 s. 16(6)"
