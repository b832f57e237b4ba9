"""A material as the good's tests see it: a :class:`Piece`.

What it adds to the value of non-originating materials (an :class:`Amount` that may be
partly unknown), whether it counts as originating, and which codes must make the tariff
shift; and the treatment of an ordinary material by its role (retail packaging and
accessories disregarded for the shift once their conditions are established,
19 U.S.C. 4531(h)-(i); UR s. 8(14), (23)). Materials of other kinds (recovered,
self-produced, accumulated) are built in :mod:`maquila.origin.bom` from these.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from maquila.origin.amounts import ZERO, Amount
from maquila.origin.request import Material
from maquila.origin.result import Missing, Status

VALUE_RULE = "19 U.S.C. 4531(d)(2)-(3), (8); GN 11(e)(i)"


@dataclass(frozen=True)
class Piece:
    material: Material
    path: str
    originating: bool | None  # None: hangs on a fact not given (asked in ``asks``)
    note: str
    vnm: Amount
    vnm_if_designated: Amount | None = None
    shift_options: tuple[tuple[tuple[Material, str], ...], ...] = ()
    disregarded_for_shift: bool = False
    asks: tuple[Missing, ...] = ()  # what would settle ``originating``
    excused_if: tuple[Missing, ...] = ()  # facts that, established, disregard it for the shift
    sub_status: Status | None = None


def value_of(material: Material, path: str) -> Amount:
    """A material's value as an amount: known, or unbounded and asked (never 0)."""
    if material.value is not None:
        return Amount(material.value, material.value)
    question = Missing(
        f"{path}.value",
        f"What is the value of {material.id} (19 U.S.C. 4531(d)(8))? A missing value is "
        "never taken as zero.",
        VALUE_RULE,
        "the value of non-originating materials",
    )
    return Amount(Decimal(0), None, (question,))


def plain(material: Material, path: str, note: str = "") -> Piece:
    disregard, excused, why = role_treatment(material, path)
    if material.origin == "originating":
        return Piece(
            material,
            path,
            True,
            note + "originating material" + why,
            ZERO,
            disregarded_for_shift=disregard,
        )
    text = "non-originating material"
    if material.origin == "unknown":
        text = "origin unknown: counted as non-originating (conservative default)"
    return Piece(
        material,
        path,
        False,
        note + text + why,
        value_of(material, path),
        shift_options=(((material, path),),),
        disregarded_for_shift=disregard,
        excused_if=excused,
    )


def role_treatment(material: Material, path: str) -> tuple[bool, tuple[Missing, ...], str]:
    """Disregarded for the shift; the conditions still to establish; the trace's words."""
    if material.role == "retail_packaging":
        conditions = {"classified_with_good": (material.classified_with_good, True)}
        citation = "19 U.S.C. 4531(i); UR s. 8(14)"
    elif material.role == "accessory":
        conditions = {
            "classified_with_good": (material.classified_with_good, True),
            "invoiced_separately": (material.invoiced_separately, False),
            "customary": (material.customary, True),
        }
        citation = "19 U.S.C. 4531(h)(2); UR s. 8(23)"
    else:
        return False, (), ""
    if any(given is not None and given != needed for given, needed in conditions.values()):
        return False, (), f"; a condition of {citation} is not met: counted as an ordinary material"
    open_ = [name for name, (given, _) in conditions.items() if given is None]
    if not open_:
        return True, (), f"; disregarded for the tariff shift ({citation})"
    asks = tuple(
        Missing(
            f"{path}.{name}",
            f"{material.id} ({material.role.replace('_', ' ')}): " + _QUESTIONS[name],
            citation,
            "whether it is disregarded for the tariff shift",
        )
        for name in open_
    )
    return False, asks, ""


_QUESTIONS = {
    "classified_with_good": "is it classified with the good?",
    "invoiced_separately": "is it invoiced separately from the good?",
    "customary": "are its type, quantity and value customary for the good?",
}
