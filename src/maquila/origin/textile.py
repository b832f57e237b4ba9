"""Which non-originating materials a textile good's tariff shift looks at.

- Chapters 61-62, chapter rule 1 (GN 11(o)): the rule applies only to the component
  that determines the tariff classification of the good.
- GN 11(n)(vii) and the chapter 96 heading rule for 9619: rayon filament (5403, 5405)
  and rayon fiber (5502, 5504, 5507), other than lyocell or acetate, do not count.
"""

from __future__ import annotations

from maquila.hs.codes import parse_code
from maquila.law.model import Codes
from maquila.origin.bom import Piece
from maquila.origin.context import Context
from maquila.origin.result import Step

COMPONENT_RULE = "HTSUS GN 11(o), chapters 61-62, chapter rule 1"


def covers(codes: Codes, code: str | None) -> bool:
    """True when ``code`` (HS 2022 text) surely lies in ``codes`` (chapter/heading lists
    that did not change between editions)."""
    if code is None:
        return False
    parsed = parse_code(code)
    return bool(codes.codeset(parsed.vintage).contains(parsed))


def is_component_good(ctx: Context) -> bool:
    return covers(ctx.pack.general.de_minimis_component_goods, ctx.request.good.hs)


def is_weight_good(ctx: Context) -> bool:
    return covers(ctx.pack.general.de_minimis_textile_goods, ctx.request.good.hs)


def shift_pieces(ctx: Context, steps: list[Step]) -> list[Piece]:
    pieces = ctx.bom.non_originating_for_shift()
    general = ctx.pack.general
    if covers(general.rayon_disregarded_goods, ctx.request.good.hs):
        kept = []
        for piece in pieces:
            if covers(general.rayon_disregarded, piece.material.hs):
                steps.append(
                    Step(
                        f"disregarded: {piece.path}",
                        general.rayon_citation,
                        "rayon filament/fiber does not count",
                        depth=2,
                    )
                )
            else:
                kept.append(piece)
        pieces = kept
    if is_component_good(ctx):
        kept = [p for p in pieces if p.material.in_classifying_component]
        for piece in pieces:
            if piece not in kept:
                steps.append(
                    Step(
                        f"disregarded: {piece.path}",
                        COMPONENT_RULE,
                        "not in the component that determines classification",
                        depth=2,
                    )
                )
        pieces = kept
    return pieces
