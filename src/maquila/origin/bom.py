"""The bill of materials as the good's tests see it.

Each material becomes a :class:`Piece`: whether it counts as originating, what it
adds to the value of non-originating materials (VNM), and which codes must make the
tariff shift. The roles follow the law:

- indirect material: originating wherever produced (USMCA Art. 4.9; 19 U.S.C. 4531(k));
- packing materials and containers for shipment: disregarded (Art. 4.16; 4531(j));
- packaging for retail sale, accessories, spare parts, tools: disregarded for the tariff
  shift, counted in the RVC as originating or not (Arts. 4.14-4.15; 4531(h)-(i));
- recovered material in a remanufactured good: originating (Art. 4.4; 4531(c)(2));
- unknown origin: counted as non-originating (conservative default, stated in the trace);
- self-produced material: its own origin decided first (recursively); designated as
  an intermediate material it counts at its value, otherwise its own inputs are the
  materials counted (Art. 4.8; UR s. 8(28) Example 3); for the tariff shift the
  producer may test the self-produced material itself (UR s. 3(8), Example 6);
- material produced in another Party under an accumulation statement: its stated
  non-originating value goes into VNM, and its own inputs may be tested for the shift
  (Art. 4.11; UR s. 9(2)-(3), (7)).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from maquila.origin.request import Material
from maquila.origin.result import Missing, Status


@dataclass(frozen=True)
class Piece:
    material: Material
    path: str
    originating: bool
    note: str
    vnm: Decimal
    vnm_if_designated: Decimal | None = None
    shift_options: tuple[tuple[tuple[Material, str], ...], ...] = ()
    disregarded_for_shift: bool = False
    missing: tuple[Missing, ...] = ()
    sub_status: Status | None = None


@dataclass
class Bom:
    pieces: list[Piece] = field(default_factory=list)

    def vnm(self, designate: bool = False) -> Decimal:
        total = Decimal(0)
        for piece in self.pieces:
            if designate and piece.vnm_if_designated is not None:
                total += piece.vnm_if_designated
            else:
                total += piece.vnm
        return total

    def undecided_designations(self) -> list[Piece]:
        return [
            p
            for p in self.pieces
            if p.vnm_if_designated is not None and p.material.designated is None
        ]

    def non_originating_for_shift(self) -> list[Piece]:
        return [p for p in self.pieces if not p.originating and not p.disregarded_for_shift]


SubDecide = Callable[[Material, str], tuple[Status, list[Missing]]]


def _value(material: Material) -> Decimal:
    return material.value if material.value is not None else Decimal(0)


def _inputs_vnm(material: Material) -> Decimal:
    """VNM of a self-produced material's own inputs, opened all the way down."""
    total = Decimal(0)
    for child in material.materials:
        if child.role in ("indirect", "packing_for_shipment"):
            continue
        if child.intermediate and child.materials and not child.designated:
            total += _inputs_vnm(child)
        elif child.origin != "originating":
            total += _value(child)
    return total


def _inputs_for_shift(material: Material, path: str) -> tuple[tuple[Material, str], ...]:
    found: list[tuple[Material, str]] = []
    for index, child in enumerate(material.materials):
        child_path = f"{path}.materials[{index}]"
        if child.role != "component" or child.origin == "originating":
            continue
        found.append((child, child_path))
    return tuple(found)


def build(
    materials: tuple[Material, ...],
    remanufactured: bool,
    decide: SubDecide,
    root: str = "materials",
) -> Bom:
    bom = Bom()
    for index, material in enumerate(materials):
        bom.pieces.append(_piece(material, f"{root}[{index}]", remanufactured, decide))
    return bom


def _piece(material: Material, path: str, remanufactured: bool, decide: SubDecide) -> Piece:
    value = _value(material)
    if material.role == "packing_for_shipment":
        return Piece(
            material,
            path,
            True,
            "packing for shipment: disregarded (Art. 4.16)",
            Decimal(0),
            disregarded_for_shift=True,
        )
    if material.role == "indirect":
        return Piece(
            material,
            path,
            True,
            "indirect material: treated as originating (Art. 4.9)",
            Decimal(0),
            disregarded_for_shift=True,
        )
    disregard = material.role in ("retail_packaging", "accessory")
    if material.recovered and remanufactured:
        return Piece(
            material,
            path,
            True,
            "recovered material in a remanufactured good: originating (Art. 4.4)",
            Decimal(0),
            disregarded_for_shift=disregard,
        )
    if material.intermediate and material.materials:
        return _self_produced(material, path, disregard, decide)
    if material.accumulation is not None:
        return _accumulated(material, path, disregard)
    if material.origin == "originating":
        return Piece(
            material,
            path,
            True,
            "originating material",
            Decimal(0),
            disregarded_for_shift=disregard,
        )
    note = "non-originating material"
    if material.origin == "unknown":
        note = "origin unknown: counted as non-originating (conservative default)"
    return Piece(
        material,
        path,
        False,
        note,
        value,
        shift_options=(((material, path),),),
        disregarded_for_shift=disregard,
    )


def _self_produced(material: Material, path: str, disregard: bool, decide: SubDecide) -> Piece:
    status, missing = decide(material, path)
    value = _value(material)
    flattened = _inputs_vnm(material)
    originating = status is Status.ORIGINATING
    designated_vnm = Decimal(0) if originating else value
    vnm = designated_vnm if material.designated else flattened
    note = f"self-produced material, itself {status.value}"
    if status is Status.UNDETERMINED:
        note += "; counted as non-originating until settled (blocked_by)"
    if material.designated:
        note += "; designated as an intermediate material (Art. 4.8): counted at its value"
    else:
        note += "; not designated: its own non-originating inputs are counted (UR s. 8(28) Ex. 3)"
    options: tuple[tuple[tuple[Material, str], ...], ...] = ()
    if not originating:
        options = (((material, path),), _inputs_for_shift(material, path))
    return Piece(
        material,
        path,
        originating,
        note,
        vnm,
        vnm_if_designated=designated_vnm if material.designated is None else None,
        shift_options=options,
        disregarded_for_shift=disregard,
        missing=tuple(missing),
        sub_status=status,
    )


def _accumulated(material: Material, path: str, disregard: bool) -> Piece:
    statement = material.accumulation
    assert statement is not None  # guarded by the caller
    value = _value(material)
    if statement.statement == "9(2)(b)":
        assert statement.regional_value is not None  # validated in the request model
        vnm = max(value - statement.regional_value, Decimal(0))
        how = f"{value} - {statement.regional_value} (stated regional value) = {vnm}"
    else:
        assert statement.non_originating_value is not None  # validated in the request model
        vnm = statement.non_originating_value
        how = f"{vnm} (stated value of non-originating materials)"
    options: tuple[tuple[tuple[Material, str], ...], ...] = (((material, path),),)
    if material.materials:
        options = options + (_inputs_for_shift(material, path),)
    return Piece(
        material,
        path,
        material.origin == "originating",
        f"accumulation, UR s. {statement.statement}: VNM {how}",
        vnm,
        shift_options=options,
        disregarded_for_shift=disregard,
    )
