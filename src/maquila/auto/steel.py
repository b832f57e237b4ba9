"""The steel and aluminum purchase requirement of a vehicle producer (SOR/2020-155 s. 17).

At least the share the pack states (``steel_aluminum.purchase_share``, 70 %) by value of
the producer's corporate-level purchases in the CUSMA countries of the steel and aluminum
of Table S must be originating (s. 17(1)). Which purchases count comes from Table S in the
pack (HS 2012 terms: a purchase's HS 2022 code is bridged first). From July 1, 2027 a steel
good counts as originating only if all steel manufacturing processes occur in the CUSMA
countries (s. 17(5)(b); ``steel_aluminum.steel_origin_phase``).

s. 17(1) does not say whether the share is computed for steel and aluminum together or
for each; s. 19(4)(c) speaks of each, and the US certifies each (reference README). Both
are computed: when the two readings disagree the result is undetermined, never guessed.
A purchase of unknown origin counts as non-originating, and the trace says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import Field

from maquila.hs.bridge import to_hs2012
from maquila.hs.codes import HSCodeError, parse_code
from maquila.law.automotive import AutomotivePack, pack
from maquila.strict import Strict
from maquila.verdict import Met, Missing

HUNDRED = Decimal(100)
Metal = Literal["steel", "aluminum"]


def steel_processes_from(law: AutomotivePack) -> date:
    """s. 17(5)(b): the day from which originating steel must also be melted and poured
    (through coating) in CUSMA countries — the last phase of the pack's schedule."""
    schedule = law.entry("steel_aluminum.steel_origin_phase").schedule
    return max(phase.from_ for phase in schedule)


class Purchase(Strict):
    id: str
    hs: str  # HS 2022, as classified today
    value: Decimal = Field(ge=0)  # s. 17(6): price paid or payable, NC or TV, or cost + profit
    originating: bool | None = None
    all_steel_processes_in_cusma: bool | None = None  # s. 17(5)(b), from July 1, 2027
    metal: Metal | None = None  # needed when the code is listed for both metals
    metal_value: Decimal | None = Field(default=None, ge=0)  # s. 17(2): parts of 8708.29/.99


class SteelRequest(Strict):
    producer: str
    on: date = Field(alias="date")
    period: str  # one of the s. 17(7) periods, as the producer chose it
    purchases: tuple[Purchase, ...]


@dataclass
class Share:
    total: Decimal = Decimal(0)
    originating: Decimal = Decimal(0)

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        return (self.originating / self.total * HUNDRED).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


@dataclass
class SteelResult:
    status: Met  # maquila.verdict
    required: Decimal  # s. 17(1); with ``each``, the steel minimum
    required_aluminum: Decimal | None = None  # set only when each metal is measured apart
    steel: Share = field(default_factory=Share)
    aluminum: Share = field(default_factory=Share)
    joint: Share = field(default_factory=Share)
    lines: list[tuple[str, str]] = field(default_factory=list)  # (purchase, what happened)
    missing: list[Missing] = field(default_factory=list)


_S17 = "SOR/2020-155 s. 17(1), Table S"
_SETTLES = "the steel and aluminum purchase requirement"


def _asked(purchase: Purchase, field_name: str, question: str, rule: str = "") -> Missing:
    """A fact of one purchase: its key names the purchase and the field."""
    cited = f"SOR/2020-155 {rule}" if rule else _S17
    key = f"purchases[{purchase.id}].{field_name}"
    return Missing(key, f"{purchase.id}: {question}", cited, _SETTLES)


def _metal(
    purchase: Purchase, result: SteelResult, law: AutomotivePack
) -> tuple[Metal | None, bool]:
    """Which metal of Table S the purchase is, and whether its row is a part of 8708."""
    try:
        code = parse_code(purchase.hs)
    except HSCodeError as exc:
        result.missing.append(_asked(purchase, "hs", str(exc)))
        return None, False
    found: set[tuple[str, bool]] = set()
    unknown = False
    for candidate in to_hs2012(code).candidates:
        for holding in law.tables_holding(candidate):
            if holding.table != "S":
                continue
            if holding.inside is None:
                unknown = True
            elif holding.inside:
                part = holding.printed.removeprefix("ex ").startswith("8708")
                found.add(((holding.material or "").lower(), part))
    if unknown and not found:
        question = f"the full code of {purchase.hs} (Table S lists subheadings)"
        result.missing.append(_asked(purchase, "hs", question))
        return None, False
    metals = {m for m, _ in found}
    part = any(p for _, p in found)
    if not metals:
        return None, False
    if len(metals) > 1:
        if purchase.metal is None:
            question = f"is {purchase.hs} of steel or of aluminum?"
            result.missing.append(_asked(purchase, "metal", question))
            return None, part
        return purchase.metal, part
    return ("steel" if "steel" in metals else "aluminum"), part


def evaluate(
    request: SteelRequest,
    each: tuple[Decimal, Decimal] | None = None,
    *,
    law: AutomotivePack | None = None,
) -> SteelResult:
    """The s. 17(1) share, read both ways; or, with ``each`` (steel minimum, aluminum
    minimum), each metal against its own minimum (s. 19(4)(c): "at least 70% of ... steel
    and at least 70% of ... aluminum"). Table S and the figures are those of ``law``
    (default: the shipped pack)."""
    law = law or pack()
    if each is None:
        figures = law.threshold("steel_aluminum.purchase_share", request.on)
        assert figures.percent_min is not None
        result = SteelResult(Met.UNDETERMINED, figures.percent_min)
    else:
        result = SteelResult(Met.UNDETERMINED, each[0], each[1])
    for purchase in request.purchases:
        metal, part = _metal(purchase, result, law)
        if metal is None:
            if not any(m.key.startswith(f"purchases[{purchase.id}].") for m in result.missing):
                result.lines.append((purchase.id, "not listed in Table S: not counted"))
            continue
        value = purchase.value
        if part:  # s. 17(2): only the steel or aluminum used in the part
            if purchase.metal_value is None:
                question = f"the value of the {metal} used in the part"
                result.missing.append(_asked(purchase, "metal_value", question, "s. 17(2)"))
                continue
            value = purchase.metal_value
        counts = purchase.originating is True
        note = "originating" if counts else "non-originating"
        if purchase.originating is None:
            note = "origin unknown: counted as non-originating"
        late_steel = metal == "steel" and request.on >= steel_processes_from(law)
        if counts and late_steel and purchase.all_steel_processes_in_cusma is not True:
            counts = False
            note = (
                "originating only if every steel manufacturing process, melting through "
                "coating, occurs in CUSMA countries (s. 17(5)(b)): not shown"
            )
        share = result.steel if metal == "steel" else result.aluminum
        for bucket in (share, result.joint):
            bucket.total += value
            bucket.originating += value if counts else Decimal(0)
        result.lines.append((purchase.id, f"{metal} {value}: {note}"))
    result.status = _status(result)
    return result


def _status(result: SteelResult) -> Met:
    if result.missing:
        return Met.UNDETERMINED
    separate = [s.percent for s in (result.steel, result.aluminum) if s.percent is not None]
    joint = result.joint.percent
    if joint is None:
        return Met.UNDETERMINED
    if result.required_aluminum is not None:  # s. 19(4)(c): each metal on its own
        apart = [(result.steel, result.required), (result.aluminum, result.required_aluminum)]
        shares = [(s.percent, m) for s, m in apart if s.percent is not None]
        return Met.MET if all(p >= m for p, m in shares) else Met.NOT_MET
    each = all(p >= result.required for p in separate)
    together = joint >= result.required
    if each and together:
        return Met.MET
    if not each and not together:
        return Met.NOT_MET
    question = (
        "s. 17(1) does not say whether the share is for steel and aluminum together "
        f"({joint}%) or for each (steel {result.steel.percent}%, aluminum "
        f"{result.aluminum.percent}%); the readings disagree"
    )
    # not a fact of the producer's: the text itself leaves it open (a reading to settle)
    result.missing.append(Missing("reading.s17_1", question, _S17, _SETTLES))
    return Met.UNDETERMINED
