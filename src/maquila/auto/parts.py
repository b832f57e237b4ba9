"""An automotive part for use as original equipment in a vehicle, or as an aftermarket part
(SOR/2020-155 ss. 14(2), 14(14)-(18), 15(2)-(4)).

Which rule applies depends on the tables of the pack that list the part and on its use:

- Table A.1 core part for a passenger vehicle or light truck: originating only on RVC, at
  the s. 14(13) thresholds (s. 14(2));
- Table B / Table C part for a passenger vehicle or light truck: the tariff shift of its
  Schedule 1 rule or RVC at the s. 14(15) / 14(17) thresholds (s. 14(14), (16));
- Table D / Table E part for a heavy truck: the s. 15(2) / 15(3) thresholds replace those
  of its Schedule 1 rule; the transaction value method only "if the corresponding rule
  includes" it; an engine of 84.07/84.08, a gear box of 8708.40 or a chassis of 8708.99
  for a heavy truck is originating only on RVC (s. 15(4));
- an aftermarket part: none of these thresholds (s. 14(18)); its Schedule 1 rule as
  printed decides (``maquila origin check``).

An "ex" or lettered table entry lists only the goods its description names: whether the
part is such a good is a fact (``description_matches``), never assumed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from maquila.hs.bridge import to_hs2012
from maquila.hs.codes import parse_code
from maquila.law.automotive import AutomotivePack, Holding, pack
from maquila.law.automotive_rules import PART_TABLES, RVC_ONLY_HEAVY
from maquila.origin.values import percent, shown
from maquila.strict import Strict
from maquila.verdict import Missing, Status, Step

Use = Literal["passenger_vehicle", "light_truck", "heavy_truck", "aftermarket"]
# the tables and their thresholds by use: one list for every door (maquila.law.automotive_rules)
_RULES = PART_TABLES
_RVC_ONLY_HEAVY = RVC_ONLY_HEAVY


class PartFigures(Strict):
    """A part, its figures and the facts its table entry may need (also s. 19(4)(b))."""

    part: str
    hs: str  # HS 2022
    net_cost: Decimal | None = Field(default=None, gt=0)
    transaction_value: Decimal | None = Field(default=None, gt=0)
    vnm: Decimal | None = Field(default=None, ge=0)
    tariff_shift_met: bool | None = None  # the Schedule 1 rule's tariff-shift alternative
    rule_has_transaction_value_method: bool | None = None  # s. 15(2)-(3)
    description_matches: bool | None = None  # an "ex" or lettered entry


class PartRequest(PartFigures):
    use: Use
    on: date = Field(alias="date")


@dataclass
class PartResult:
    status: Status
    table: str | None
    citation: str
    steps: list[Step] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)


def listed_in(
    request: PartRequest, table: str, law: AutomotivePack
) -> tuple[Holding | None, str | None]:
    """The row of ``table`` that holds the part's code (or may), and the HS 2012 digits."""
    code = parse_code(request.hs)
    for candidate in to_hs2012(code).candidates:
        for holding in law.tables_holding(candidate):
            if holding.table == table and holding.inside is not False:
                return holding, candidate.digits
    return None, None


_SCHEDULE_1 = Missing(
    "schedule_1",
    "the Schedule 1 determination",
    "SOR/2020-155 Schedule 1 (the product-specific rule; maquila origin check)",
    "the part's origin",
)
_AFTERMARKET = "SOR/2020-155 s. 14(18)"
_UNLISTED = "SOR/2020-155 ss. 14-15"
_RVC_ONLY = "SOR/2020-155 s. 15(4)"


def determine(request: PartRequest, *, law: AutomotivePack | None = None) -> PartResult:
    """The part against the tables and thresholds of ``law`` (default: the shipped pack)."""
    law = law or pack()
    if request.use == "aftermarket":
        line = (
            "an aftermarket part: the thresholds of ss. 14-15 do not apply; its Schedule 1 "
            "rule as printed decides (maquila origin check)"
        )
        return PartResult(
            Status.UNDETERMINED, None, _AFTERMARKET, [Step(line, _AFTERMARKET)], [_SCHEDULE_1]
        )
    for table, uses, ident, rvc_only in _RULES:
        if request.use not in uses:
            continue
        holding, digits = listed_in(request, table, law)
        if holding is None:
            continue
        entry = law.entry(ident)
        figures = law.threshold(ident, request.on)
        return decide_listed(
            request,
            Listed(table, entry.citation, figures.net_cost, figures.transaction_value),
            rvc_only=rvc_only,
            holding=holding,
            digits=digits or "",
        )
    line = (
        f"{request.hs} is not listed in a table for use in a {request.use.replace('_', ' ')}: "
        "its Schedule 1 rule decides (maquila origin check)"
    )
    return PartResult(Status.UNDETERMINED, None, _UNLISTED, [Step(line, _UNLISTED)], [_SCHEDULE_1])


@dataclass(frozen=True)
class Listed:
    """A table and the thresholds its parts meet; ``tv_conditional``: the transaction value
    method only "if the corresponding rule includes" one (ss. 15(2)-(3), 19(4)(b)(ii))."""

    table: str
    citation: str
    net_cost_min: Decimal | None
    transaction_value_min: Decimal | None
    tv_conditional: bool | None = None  # None: as the table's section says (Tables D and E)

    @property
    def tv_needs_rule(self) -> bool:
        if self.tv_conditional is None:
            return self.table in ("D", "E")
        return self.tv_conditional


def decide_listed(
    request: PartRequest, listed: Listed, *, rvc_only: bool, holding: Holding, digits: str
) -> PartResult:
    """A part that ``listed.table`` holds, decided on the thresholds of ``listed``."""
    table = listed.table
    result = PartResult(Status.UNDETERMINED, table, listed.citation)
    result.steps.append(
        Step(
            f"Table {table} row {holding.row}: {holding.printed} {holding.description}",
            listed.citation,
        )
    )
    if holding.inside is None:
        question = f"the full code of {request.hs} (Table {table} lists {holding.printed})"
        result.missing.append(
            Missing("hs", question, listed.citation, f"whether Table {table} holds the part")
        )
    if (holding.ex or holding.lettered) and request.description_matches is not True:
        if request.description_matches is None:
            question = f"is the part {holding.description!r} (Table {table}, {holding.printed})?"
            result.missing.append(
                Missing(
                    "description_matches",
                    question,
                    listed.citation,
                    f"whether Table {table} holds the part",
                )
            )
        else:
            result.steps.append(
                Step(
                    "the part is not the good the entry describes: not this table", listed.citation
                )
            )
            result.status = Status.UNDETERMINED
            result.missing.append(_SCHEDULE_1)
            return result
    if table == "D" and digits.startswith(_RVC_ONLY_HEAVY):
        rvc_only = True
        result.steps.append(
            Step("engine, gear box or chassis for a heavy truck: RVC only (s. 15(4))", _RVC_ONLY)
        )
    met: list[bool | None] = []
    if not rvc_only:
        met.append(request.tariff_shift_met)
        result.steps.append(
            Step(
                f"tariff shift of the Schedule 1 rule: {_said(request.tariff_shift_met)}",
                listed.citation,
            )
        )
    rvc = _rvc(request, listed, result)
    met += rvc
    if any(m is True for m in met):
        result.status = Status.ORIGINATING if not result.missing else Status.UNDETERMINED
    elif all(m is False for m in met) and met:
        result.status = Status.NON_ORIGINATING if not result.missing else Status.UNDETERMINED
    else:
        result.missing += _undecided(request, listed.citation, shift=not rvc_only, rvc=bool(rvc))
    return result


def _undecided(request: PartRequest, citation: str, *, shift: bool, rvc: bool) -> list[Missing]:
    """The figures that would decide a part neither test has decided."""
    asked = []
    if shift and request.tariff_shift_met is None:
        question = "is the tariff shift of the part's Schedule 1 rule met (tariff_shift_met)?"
        asked.append(Missing("tariff_shift_met", question, citation, "the part's origin"))
    if not rvc:
        key = "vnm" if request.vnm is None else "net_cost"
        question = "the figures of the RVC: the net cost (or transaction value) and the VNM"
        asked.append(Missing(key, question, citation, "the part's origin"))
    return asked


def _said(value: bool | None) -> str:
    return {True: "met", False: "not met", None: "not stated"}[value]


def _rvc(request: PartRequest, listed: Listed, result: PartResult) -> list[bool | None]:
    nc_min, tv_min = listed.net_cost_min, listed.transaction_value_min
    out: list[bool | None] = []
    if request.vnm is None:
        return out
    if request.net_cost is not None and nc_min is not None:
        value = percent(request.net_cost, request.vnm)
        out.append(Decimal(shown(value)) >= nc_min)  # compared as shown: hundredths, half up
        result.steps.append(
            Step(
                f"RVC net cost ({request.net_cost} - {request.vnm}) / {request.net_cost} x 100 "
                f"= {shown(value)} against {nc_min}",
                listed.citation,
            )
        )
    if request.transaction_value is not None and tv_min is not None:
        if listed.tv_needs_rule and request.rule_has_transaction_value_method is not True:
            if request.rule_has_transaction_value_method is None:
                question = (
                    f"does the part's rule include a transaction value method ({listed.citation})?"
                )
                result.missing.append(
                    Missing(
                        "rule_has_transaction_value_method", question, listed.citation,
                        "whether the transaction value method may be used",
                    )
                )  # fmt: skip
            return out
        value = percent(request.transaction_value, request.vnm)
        out.append(Decimal(shown(value)) >= tv_min)  # compared as shown: hundredths, half up
        result.steps.append(
            Step(
                f"RVC transaction value ({request.transaction_value} - {request.vnm}) / "
                f"{request.transaction_value} x 100 = {shown(value)} against {tv_min}",
                listed.citation,
            )
        )
    return out
