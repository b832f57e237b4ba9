"""Printed notes and provisos the pack reads into computation (general.yaml).

- A note that takes an alternative away from some goods (GN 11(o) ch. 84 before rule 221:
  the RVC alternative of 8473.50 does not apply to a part used in a good of 8469.00 or
  8471): a fact; answered yes, the alternative fails; unanswered, it cannot pass.
- A proviso measured by volume (GN 11(o) ch. 27 rules 7(C), 8, 9, 15): the share of the
  non-originating materials in the good's volume, computed from the volumes given; a
  missing volume is asked, never taken as zero.
- An alternative kept verbatim but computable (ch. 29 rule 1(B)): read as structure.
- The 2709 diluent note: the origin of diluent within 40 % by volume is disregarded.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from maquila.law.model import Alternative, Rule
from maquila.law.pack import Pack
from maquila.law.provisions import VolumeCondition
from maquila.origin.amounts import HUNDRED, ZERO, Amount
from maquila.origin.codes import listed
from maquila.origin.context import Context
from maquila.origin.outcome import AltOutcome
from maquila.origin.piece import Piece
from maquila.origin.request import Request
from maquila.origin.result import Missing, Step
from maquila.origin.values import shown


def readings(
    ctx: Context, rule: Rule, alt: Alternative, out: AltOutcome
) -> tuple[bool | None, bool]:
    """(met?, whether the alternative's printed condition is replaced by the computation)."""
    label = alt.label or "rule"
    general = ctx.pack.general
    ok: bool | None = True
    replaced = False
    for restriction in general.alternative_restrictions:
        if (restriction.rule, restriction.alternative) != (rule.id, label):
            continue
        answer = ctx.fact(restriction.key)
        if answer is True:
            out.reasons.append(f"alternative {label} does not apply ({restriction.citation})")
            return False, False
        if answer is None:
            ok = None
            out.missing.append(
                Missing(
                    restriction.key,
                    restriction.question,
                    restriction.citation,
                    f"whether alternative {label} applies",
                )
            )
    for condition in general.volume_conditions:
        if (condition.rule, condition.alternative) != (rule.id, label):
            continue
        met = _by_volume(ctx, condition, out)
        if met is False:
            out.reasons.append(f"alternative {label}: the volume proviso is not met")
            return False, condition.replaces
        if met is None:
            ok = None
        replaced = replaced or condition.replaces
    return ok, replaced


def _by_volume(ctx: Context, condition: VolumeCondition, out: AltOutcome) -> bool | None:
    good = ctx.request.good
    pieces = [
        p
        for p in ctx.bom.pieces
        if p.originating is not True and p.material.role not in ("indirect", "packing_for_shipment")
    ]
    if condition.within is not None:
        outside = [p for p in pieces if listed(condition.within, p.material.hs) is False]
        if outside:
            out.steps.append(
                Step(
                    "volume proviso",
                    condition.citation,
                    "not met",
                    {"outside the chapter": ", ".join(p.material.id for p in outside)},
                    depth=2,
                )
            )
            return False
    counted = [
        p
        for p in pieces
        if condition.materials is None or listed(condition.materials, p.material.hs) is not False
    ]
    known = sum((p.material.volume for p in counted if p.material.volume is not None), Decimal(0))
    missing = [
        Missing(
            f"{p.path}.volume",
            f"What is the volume of {p.material.id}?",
            condition.citation,
            "the volume proviso",
        )
        for p in counted
        if p.material.volume is None
    ]
    if good.volume is None:
        out.missing.append(
            Missing(
                "good.volume",
                "What is the volume of the good?",
                condition.citation,
                "the volume proviso",
            )
        )
        return None
    share = known / good.volume * HUNDRED
    detail = {
        "non-originating volume": f"{known} / {good.volume} x 100 = {shown(share)}% "
        f"(limit {condition.percent}%)"
    }
    if share > condition.percent:
        out.steps.append(Step("volume proviso", condition.citation, "not met", detail, depth=2))
        return False
    if missing:
        out.missing.extend(missing)
        out.steps.append(Step("volume proviso", condition.citation, "unknown", detail, depth=2))
        return None
    out.steps.append(Step("volume proviso", condition.citation, "met", detail, depth=2))
    return True


def reading_of(
    ctx: Context, rule: Rule, alt: Alternative, out: AltOutcome
) -> tuple[Alternative, bool | None]:
    """The alternative as the pack reads it (general.yaml ``alternative_readings``), and
    whether the good is among those it excludes."""
    label = alt.label or "rule"
    for reading in ctx.pack.general.alternative_readings:
        if (reading.rule, reading.alternative) != (rule.id, label):
            continue
        excluded = listed(reading.except_goods, ctx.request.good.hs)
        out.steps.append(
            Step(
                "alternative read as structure",
                reading.citation,
                {True: "not for this good", None: "the good's code is too short"}.get(
                    excluded, "an RVC, no change in classification required"
                ),
                depth=2,
            )
        )
        if excluded is None:
            out.missing.append(
                Missing(
                    "good.hs",
                    "What is the good's 6-digit subheading? The alternative excepts some goods.",
                    reading.citation,
                    f"alternative {label}",
                )
            )
        return Alternative(label=alt.label, rvc=reading.rvc), (
            None if excluded is None else not excluded
        )
    return alt, True


def diluent_pieces(pieces: list[Piece], request: Request, pack: Pack) -> list[Piece]:
    """The 2709 diluent note: non-originating diluent of 2709/2710 counts as originating when
    all the diluent is at most 40 % of the good's volume; whether a material is diluent, and
    the volumes, are asked when they decide."""
    law = pack.general.diluent
    if listed(law.goods, request.good.hs) is not True:
        return pieces
    candidates = [
        p
        for p in pieces
        if p.originating is not True and listed(law.materials, p.material.hs) is not False
    ]
    if not candidates:
        return pieces
    facts = request.facts
    said = [p for p in candidates if facts.get(f"{p.path}.diluent") is True]
    open_ = [p for p in candidates if facts.get(f"{p.path}.diluent") is None]
    asks = [
        Missing(
            f"{p.path}.diluent",
            f"Is {p.material.id} diluent used to transport the crude oil between USMCA countries?",
            law.citation,
            "whether its origin counts",
        )
        for p in open_
    ]
    volumes = [p.material.volume for p in said + open_]
    good_volume = request.good.volume
    if good_volume is None or any(v is None for v in volumes):
        asks += [
            Missing(
                "good.volume" if good_volume is None else f"{p.path}.volume",
                "What is its volume (the diluent may be at most 40 % of the good's)?",
                law.citation,
                "whether the diluent's origin counts",
            )
            for p in (said + open_)
            if good_volume is None or p.material.volume is None
        ][:1]
        return [_maybe(p, asks) if p in said + open_ else p for p in pieces]
    share = sum((v for v in volumes if v is not None), Decimal(0)) / good_volume * HUNDRED
    if share > law.percent:
        return pieces  # more than 40 %: the diluent counts by its origin
    out = []
    for piece in pieces:
        if piece in said:  # disregarded, not made originating: criterion C stays out
            piece = replace(
                piece,
                vnm=ZERO,
                disregarded_for_shift=True,
                note=f"{piece.note}; diluent within {law.percent}% by volume: its origin is "
                f"disregarded ({law.citation})",
            )
        elif piece in open_:
            piece = _maybe(piece, asks)
        out.append(piece)
    return out


def _maybe(piece: Piece, asks: list[Missing]) -> Piece:
    return replace(
        piece,
        originating=None,
        vnm=Amount(Decimal(0), piece.vnm.high, tuple(asks) + piece.vnm.asks),
        asks=tuple(asks),
    )
