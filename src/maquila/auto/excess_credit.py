"""The heavy-truck excess LVC credit towards the s. 13 RVC (SOR/2020-155 s. 18(22)).

"For the period ending July 1, 2027, if a producer certifies an LVC for a heavy truck that
is higher than 45% by increasing the amount of high wage material and manufacturing
expenditures above 30 percentage points, the producer may use the points above 30
percentage points as a credit towards the RVC percentages under section 13, provided that
the RVC percentage is not below 60%." The figures and the end of the period are the
pack's (``lvc.heavy_truck_excess_credit``; the 45 % is the s. 18(2) requirement). The text
does not say whether July 1, 2027 itself is in the period: on that day a credit that
matters is undetermined. The credit is the points above 30 as printed; the text does not
limit it to the LVC's excess over 45.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from maquila.law.automotive import AutomotivePack, pack
from maquila.verdict import Met

IDENT = "lvc.heavy_truck_excess_credit"


@dataclass(frozen=True)
class ExcessCredit:
    status: Literal["available", "none", "undetermined"]  # the last day of the period
    points: Decimal
    rvc_floor: Decimal
    citation: str
    detail: str


def excess_credit(
    on: date,
    high_wage: Decimal,
    lvc: Decimal,
    required: Decimal,
    *,
    law: AutomotivePack | None = None,
) -> ExcessCredit:
    """The credit of a heavy truck whose LVC (``lvc``, rounded) has ``high_wage`` points
    (rounded) of high-wage material and labour; ``required`` is its s. 18(2) LVC. The
    figures are those of ``law`` (default: the shipped pack)."""
    law = law or pack()
    entry = law.entry(IDENT)
    assert entry.value is not None and entry.period is not None and entry.period.to is not None
    base, floor = entry.value.threshold_points, entry.value.rvc_floor
    assert base is not None and floor is not None
    end = entry.period.to
    if on > end:
        why = f"{on} is after the period ending {end}"
        return ExcessCredit("none", Decimal(0), floor, entry.citation, why)
    # s. 18(22): an LVC higher than 45 % with high-wage points above 30
    points = high_wage - base if lvc > required and high_wage > base else Decimal(0)
    detail = (
        f"LVC {lvc} against {required}, high-wage points {high_wage} above {base}: "
        f"{points} points towards the s. 13 RVC if the RVC is at least {floor}"
    )
    if on == end and points:
        detail += f"; {end} ends the period as printed and the text does not say it is included"
        return ExcessCredit("undetermined", points, floor, entry.citation, detail)
    return ExcessCredit("available" if points else "none", points, floor, entry.citation, detail)


def credited_rvc(credit: ExcessCredit, rvc: Decimal, required: Decimal) -> tuple[Met, str]:
    """(met | not_met | undetermined, words) of a heavy truck's s. 13 RVC (rounded) below
    ``required``, with the credit."""
    if credit.points == 0:
        return Met.NOT_MET, f"no s. 18(22) credit ({credit.detail})"
    if rvc < credit.rvc_floor:
        return Met.NOT_MET, f"RVC {rvc} below {credit.rvc_floor}: no s. 18(22) credit"
    total = rvc + credit.points
    words = f"RVC {rvc} + s. 18(22) credit {credit.points} = {total} against {required}"
    if total < required:
        return Met.NOT_MET, words
    if credit.status == "undetermined":
        return Met.UNDETERMINED, f"{words}; {credit.detail}"
    return Met.MET, words
