"""The VNM of a good of s. 20(4) (SOR/2020-155): materials listed in Table F or Table G
counted, at the producer's choice, at their value if non-originating or at the VNM used to
produce them (s. 20(4)(a)); any other non-originating material at its value (s. 20(4)(b)).

Table G lists, for engines of 84.07/84.08 and gear boxes of 8708.40, the materials (cast
block, crankshaft, transmission case, ...) whose own VNM may stand in for their value; it
is named by description, so the producer says which materials are Table G's
(``table_g``). Table F is read from the pack by HS code; a lettered or "ex" entry lists
only the goods it describes, so the listing is then asked (``table_f``) unless given.

The producer's choice is taken as the lower figure, and said. A material of unknown
origin counts as non-originating, and the trace says so. When a listing is unknown the VNM
is a range (lowest if listed, highest if not): the caller decides only if both agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import Field

from maquila.hs.bridge import to_hs2012
from maquila.hs.codes import HSCodeError, parse_code
from maquila.law.automotive import AutomotivePack, pack
from maquila.strict import Strict
from maquila.verdict import Missing, Step


class VehicleMaterial(Strict):
    """A material of another vehicle or its part (s. 20(4)-(5)); not the origin engine's
    BOM material (maquila.origin.request_model.Material)."""

    id: str
    value: Decimal = Field(ge=0)  # s. 7 value of the material
    originating: bool | None = None
    hs: str | None = None  # HS 2022: Table F listing from the pack
    table_f: bool | None = None  # listed in Table F (asked for lettered and "ex" entries)
    table_g: bool = False  # one of the materials Table G lists for the component
    vnm_in_material: Decimal | None = Field(default=None, ge=0)  # s. 20(4)(a)(ii)


@dataclass
class Vnm:
    low: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
    steps: list[Step] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)


def in_table_f(hs: str, law: AutomotivePack) -> tuple[bool | None, str]:
    """Whether Table F of ``law`` lists the code (None: only if the good is the one
    described)."""
    try:
        code = parse_code(hs)
    except HSCodeError as exc:
        return False, str(exc)
    maybe = ""
    for candidate in to_hs2012(code).candidates:
        for holding in law.tables_holding(candidate):
            if holding.table != "F":
                continue
            if holding.inside and not holding.needs_description:
                return True, f"Table F row {holding.row} ({holding.printed})"
            maybe = f"Table F row {holding.row} ({holding.printed} {holding.description})"
    return (None, maybe) if maybe else (False, "not in Table F")


_S20_4 = "SOR/2020-155 s. 20(4), Table F"
_S20_5 = "SOR/2020-155 s. 20(5)"


def vnm(
    materials: tuple[VehicleMaterial, ...], traced: bool, *, law: AutomotivePack | None = None
) -> Vnm:
    """s. 20(4) when ``traced`` (Table F of ``law``, default: the shipped pack); otherwise
    (s. 20(5)) every non-originating material at its value."""
    law = law or pack()
    out = Vnm()
    cited = _S20_4 if traced else _S20_5
    for item in materials:
        full = Decimal(0) if item.originating else item.value
        origin = {
            True: "originating",
            False: "non-originating",
            None: "origin unknown: counted as non-originating",
        }[item.originating]
        listed: bool | None = False
        where = "not listed" if traced else "at its value (s. 20(5))"
        if traced:
            if item.table_g:
                listed, where = True, "Table G material"
            elif item.table_f is not None:
                listed, where = item.table_f, "Table F (as stated)"
            elif item.hs is not None:
                listed, where = in_table_f(item.hs, law)
        traced_value = item.vnm_in_material
        low = high = full
        if listed is not False and traced_value is not None:
            chosen = min(full, traced_value)
            low = chosen
            high = chosen if listed else full
            if listed is None:
                question = f"material {item.id}: is it the good of {where} (table_f)?"
                key = f"materials[{item.id}].table_f"
                out.missing.append(Missing(key, question, _S20_4, "the traced VNM (s. 20(4))"))
        out.low += low
        out.high += high
        shown = f"{low}" if low == high else f"{low} to {high}"
        out.steps.append(
            Step(
                f"{item.id}: value {item.value}, {origin}; {where}"
                + (f", VNM in it {traced_value}" if traced and traced_value is not None else "")
                + f" -> {shown}",
                cited,
            )
        )
    rule = (
        "s. 20(4): listed materials at the lower of value and own VNM"
        if traced
        else ("s. 20(5): every non-originating material at its value")
    )
    out.steps.append(
        Step(
            f"VNM {out.low}" + ("" if out.low == out.high else f" to {out.high}") + f" ({rule})",
            cited,
        )
    )
    return out
