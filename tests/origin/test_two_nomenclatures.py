"""Goods and materials classified in HS 2022 meet rules drafted in HS 2012 terms."""

from __future__ import annotations

from typing import Any

from maquila.origin import Request, Status, determine


def _decide(hs: str, materials: list[dict[str, Any]], **good: Any) -> Any:
    return determine(
        Request.model_validate(
            {
                "date": "2025-06-01",
                "good": {"hs": hs, "produced_in": "MX", **good},
                "materials": materials,
            }
        )
    )


def test_a_good_of_a_new_hs2022_subheading_finds_the_rule_of_its_hs2012_range() -> None:
    # HS 2022 8701.93 (tractors) sits inside the HS 2012 range 8701.30-8701.90 of rule 87/3
    result = _decide(
        "8701.93",
        [{"id": "engine", "hs": "8408.20", "value": "10", "origin": "non_originating"}],
        transaction_value="100",
        net_cost="90",
    )
    assert result.rule is not None and result.rule.id == "usmca/87/3"
    assert any("HS 2012" in str(step.detail) for step in result.trace)


def test_a_material_of_9401_99_is_tested_against_the_rule_that_names_9401_90() -> None:
    # rule 94/1 (B): from subheading 9401.90, with an RVC; HS 2022 9401.99 correlates to it
    frame = {"id": "seat-frame", "hs": "9401.99", "value": "30", "origin": "non_originating"}
    result = _decide("9401.61", [frame], transaction_value="100", net_cost="90")
    assert (result.status, result.alternative) == (Status.ORIGINATING, "B")
    assert result.rule is not None and result.rule.id == "usmca/94/1"


def test_an_led_lamp_of_8539_52_finds_a_rule_through_its_hs2012_code() -> None:
    result = _decide(
        "8539.52",
        [{"id": "driver", "hs": "8504.40", "value": "5", "origin": "non_originating"}],
        transaction_value="20",
    )
    assert result.rule is not None
    assert result.rule.id.startswith("usmca/85/")


def test_a_determination_names_the_editions_it_read_from_the_request_and_the_pack() -> None:
    """The good's code as read (HS 2022) and the edition of the pack's rules (GN 11: HS
    2012), taken from the pack: a pack whose rules were written in HS 2017 says so."""
    from dataclasses import replace

    from maquila.hs.codes import Vintage
    from maquila.law.pack import usmca

    body = {"date": "2025-06-01", "good": {"hs": "9401.61", "produced_in": "MX"}, "materials": []}
    assert determine(Request.model_validate(body)).vintage == {"good": "HS2022", "rules": "HS2012"}
    shipped = usmca()
    later = replace(
        shipped,
        rules=tuple(r.model_copy(update={"vintage": Vintage.HS2017}) for r in shipped.rules),
    )
    assert later.vintage == "HS2017"
    assert determine(Request.model_validate(body), pack=later).vintage["rules"] == "HS2017"
