"""The bill of materials as the good's tests see it.

Each material becomes a :class:`Piece`: whether it counts as originating, what it
adds to the value of non-originating materials (VNM, an :class:`Amount` that may be
partly unknown), and which codes must make the tariff shift. The roles follow the law:

- indirect material: originating wherever produced (USMCA Art. 4.9; 19 U.S.C. 4531(k));
- packing materials and containers for shipment: disregarded (Art. 4.16; 4531(j));
- packaging for retail sale, if classified with the good, and accessories, spare parts,
  tools classified and delivered with, not invoiced separately from, the good and
  customary for it: disregarded for the tariff shift, counted in the RVC as originating
  or not (Arts. 4.14-4.15; 4531(h)-(i)); a condition not yet established is asked when
  the material fails the shift, and one that fails makes it an ordinary material;
- recovered material in a remanufactured good: originating if recovered in the territory
  and the good meets 4531(a)(19)(B)-(C) (Art. 4.4; 4531(c)(2)), asked when not stated;
- unknown origin: counted as non-originating (conservative default, stated in the trace);
- a material without a value adds an unknown amount: it is asked, never taken as 0;
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
from dataclasses import dataclass, field, replace
from decimal import Decimal

from maquila.law.provisions import PropagatingMaterial
from maquila.origin.amounts import ZERO, Amount, total
from maquila.origin.codes import listed
from maquila.origin.piece import Piece, plain, role_treatment, value_of
from maquila.origin.request import Facts, Good, Material
from maquila.origin.result import Missing, Status


@dataclass
class Bom:
    pieces: list[Piece] = field(default_factory=list)

    def vnm(self, designate: bool = False) -> Amount:
        return total(
            [
                p.vnm_if_designated if designate and p.vnm_if_designated is not None else p.vnm
                for p in self.pieces
            ]
        )

    def undecided_designations(self) -> list[Piece]:
        return [
            p
            for p in self.pieces
            if p.vnm_if_designated is not None and p.material.designated is None
        ]

    def non_originating_for_shift(self) -> list[Piece]:
        return [p for p in self.pieces if p.originating is not True and not p.disregarded_for_shift]


SubDecide = Callable[[Material, str], tuple[Status, list[Missing]]]


@dataclass(frozen=True)
class Builder:
    good: Good
    parties: tuple[str, ...]
    decide: SubDecide
    facts: Facts = field(default_factory=dict)
    # GN 11(n)(iii), ch. 3 chapter rule 1: the question that lets imported planting or
    # stocking material count as originating in this good, with its citation (or None)
    propagating: PropagatingMaterial | None = None


def _inputs_vnm(material: Material, path: str) -> Amount:
    """VNM of a self-produced material's own inputs, opened all the way down."""
    parts = []
    for index, child in enumerate(material.materials):
        child_path = f"{path}.materials[{index}]"
        if child.role in ("indirect", "packing_for_shipment"):
            continue
        if child.intermediate and child.materials and not child.designated:
            parts.append(_inputs_vnm(child, child_path))
        elif child.origin != "originating":
            parts.append(value_of(child, child_path))
    return total(parts)


def _inputs_for_shift(material: Material, path: str) -> tuple[tuple[Material, str], ...]:
    found: list[tuple[Material, str]] = []
    for index, child in enumerate(material.materials):
        child_path = f"{path}.materials[{index}]"
        if child.role != "component" or child.origin == "originating":
            continue
        found.append((child, child_path))
    return tuple(found)


def build(materials: tuple[Material, ...], builder: Builder, root: str = "materials") -> Bom:
    bom = Bom()
    for index, material in enumerate(materials):
        bom.pieces.append(_piece(material, f"{root}[{index}]", builder))
    return bom


def _piece(material: Material, path: str, builder: Builder) -> Piece:
    if material.role == "packing_for_shipment":
        return Piece(
            material,
            path,
            True,
            "packing for shipment: disregarded (Art. 4.16)",
            ZERO,
            disregarded_for_shift=True,
        )
    if material.role == "indirect":
        return Piece(
            material,
            path,
            True,
            "indirect material: treated as originating (Art. 4.9)",
            ZERO,
            disregarded_for_shift=True,
        )
    if material.recovered and builder.good.remanufactured:
        recovered = _recovered(material, path, builder)
        if recovered is not None:
            return recovered
    if material.intermediate and material.materials:
        return _self_produced(material, path, builder)
    if material.accumulation is not None:
        return _accumulated(material, path)
    provision = builder.propagating
    if (
        provision is not None
        and material.origin != "originating"
        and listed(provision.materials, material.hs) is not False
    ):
        return _propagating(material, path, provision, builder.facts)
    return plain(material, path)


def _propagating(
    material: Material, path: str, provision: PropagatingMaterial, facts: Facts
) -> Piece:
    """GN 11(n)(iii): goods grown in the territory are originating "even if grown from seed,
    bulbs, rootstock, cuttings, slips or other live parts of plants imported from a
    non-USMCA country" (ch. 3 chapter rule 1: fish from imported eggs, fry...)."""
    question, citation = provision.question, provision.citation
    key = f"{path}.propagating_material"
    answer = facts.get(key)
    if answer is True:
        return Piece(
            material,
            path,
            True,
            f"planting or stocking material: counted as originating ({citation})",
            ZERO,
        )
    piece = plain(material, path)
    if answer is not None or material.role != "component":
        return piece
    ask = Missing(
        key, f"{material.id}: {question}", citation, f"whether {material.id} counts as originating"
    )
    return replace(
        piece,
        originating=None,
        vnm=Amount(Decimal(0), piece.vnm.high, (ask, *piece.vnm.asks)),
        asks=(ask,),
    )


def _recovered(material: Material, path: str, builder: Builder) -> Piece | None:
    """19 U.S.C. 4531(c)(2), (a)(18)-(19): originating if recovered in the territory and
    incorporated into a good that performs, lasts and is warranted like a new one."""
    good = builder.good
    conditions = {
        f"{path}.country": material.country in builder.parties if material.country else None,
        "good.remanufactured_like_new": good.remanufactured_like_new,
        "good.remanufactured_warranty": good.remanufactured_warranty,
    }
    if any(answer is False for answer in conditions.values()):
        return plain(
            material,
            path,
            "recovered material not treated as originating "
            "(19 U.S.C. 4531(c)(2), (a)(19) not met); ",
        )
    open_ = [key for key, answer in conditions.items() if answer is None]
    if not open_:
        return Piece(
            material,
            path,
            True,
            "recovered material in a remanufactured good: originating (Art. 4.4)",
            ZERO,
            disregarded_for_shift=material.role in ("retail_packaging", "accessory"),
        )
    asks = tuple(
        Missing(
            key,
            _RECOVERED[key.rsplit(".", 1)[-1]].format(id=material.id),
            "19 U.S.C. 4531(c)(2), (a)(18)-(19)",
            f"whether {material.id} is originating",
        )
        for key in open_
    )
    value = value_of(material, path)
    if material.origin == "originating":
        return None
    return Piece(
        material,
        path,
        None,
        "recovered material: originating only if the conditions of 19 U.S.C. 4531(c)(2) "
        "are established",
        Amount(Decimal(0), value.high, asks + value.asks),
        shift_options=(((material, path),),),
        asks=asks,
    )


_RECOVERED = {
    "country": "In which country was {id} recovered (disassembled and restored)?",
    "remanufactured_like_new": "Does the remanufactured good have a life expectancy similar "
    "to, and perform the same as or similarly to, such a good when new (4531(a)(19)(B))?",
    "remanufactured_warranty": "Does the remanufactured good have a factory warranty similar "
    "to that of such a good when new (4531(a)(19)(C))?",
}


def _self_produced(material: Material, path: str, builder: Builder) -> Piece:
    status, missing = builder.decide(material, path)
    value = value_of(material, path)
    flattened = _inputs_vnm(material, path)
    originating = {Status.ORIGINATING: True, Status.NON_ORIGINATING: False}.get(status)
    if originating is True:
        designated_vnm = ZERO
    elif originating is False:
        designated_vnm = value
    else:
        designated_vnm = Amount(Decimal(0), value.high, tuple(missing) + value.asks)
    vnm = designated_vnm if material.designated else flattened
    note = f"self-produced material, itself {status.value}"
    if status is Status.UNDETERMINED:
        note += "; its own questions decide whether it counts as originating (blocked_by)"
    if material.designated:
        note += "; designated as an intermediate material (Art. 4.8): counted at its value"
    else:
        note += "; not designated: its own non-originating inputs are counted (UR s. 8(28) Ex. 3)"
    options: tuple[tuple[tuple[Material, str], ...], ...] = ()
    if originating is not True:
        options = (((material, path),), _inputs_for_shift(material, path))
    disregard, excused, _ = role_treatment(material, path)
    return Piece(
        material,
        path,
        originating,
        note,
        vnm,
        vnm_if_designated=designated_vnm if material.designated is None else None,
        shift_options=options,
        disregarded_for_shift=disregard,
        asks=tuple(missing) if originating is None else (),
        excused_if=excused,
        sub_status=status,
    )


def _accumulated(material: Material, path: str) -> Piece:
    statement = material.accumulation
    assert statement is not None  # guarded by the caller
    value = value_of(material, path)
    if statement.statement == "9(2)(b)":
        assert statement.regional_value is not None  # validated in the request model
        if value.high is None:
            stated = Amount(Decimal(0), None, value.asks)
        else:
            stated = Amount(
                value.low - statement.regional_value, value.high - statement.regional_value
            )
        regional = statement.regional_value
        how = f"{value.shown()} - {regional} (stated regional value) = {stated.shown()}"
    else:
        assert statement.non_originating_value is not None  # validated in the request model
        stated = Amount(statement.non_originating_value, statement.non_originating_value)
        how = f"{stated.shown()} (stated value of non-originating materials)"
    vnm = stated
    where = Missing(
        f"{path}.country",
        f"In which USMCA country was {material.id} produced (the accumulation "
        "statement's producer)?",
        "19 U.S.C. 4531(e)(2)-(3); UR s. 9",
        "whether the accumulation statement applies",
    )
    if material.country is None:  # UR s. 9: the statement counts production in a Party
        vnm = Amount(stated.low, value.high, (where, *value.asks))
        how += "; the producer's country is not stated: the statement applies only if it is a Party"
    options: tuple[tuple[tuple[Material, str], ...], ...] = (((material, path),),)
    if material.materials and material.country is not None:
        options = options + (_inputs_for_shift(material, path),)
    disregard, excused, _ = role_treatment(material, path)
    if material.country is None and material.materials:
        excused = (*excused, where)  # the inputs count for the shift once it is established
    return Piece(
        material,
        path,
        material.origin == "originating",
        f"accumulation, UR s. {statement.statement}: VNM {how}",
        vnm,
        shift_options=options,
        disregarded_for_shift=disregard,
        excused_if=excused,
    )
