"""Which non-originating materials a textile good's tariff shift looks at.

- Chapters 61-62, chapter rule 1 (GN 11(o)): the rule applies only to the component
  that determines the tariff classification of the good.
- GN 11(n)(vii) and the chapter 96 heading rule for 9619: rayon filament (5403, 5405)
  and rayon fiber (5502, 5504, 5507), other than lyocell or acetate, do not count; whether
  such a material is lyocell or acetate is a fact, asked when it would fail the rule.
"""

from __future__ import annotations

from dataclasses import replace

from maquila.origin.codes import covers
from maquila.origin.context import Context
from maquila.origin.piece import Piece
from maquila.origin.result import Missing, Step

COMPONENT_RULE = "HTSUS GN 11(o), chapters 61-62, chapter rule 1"


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
            if not covers(general.rayon_disregarded, piece.material.hs):
                kept.append(piece)
                continue
            # "rayon filament, other than lyocell or acetate": the exclusion is a fact
            key = f"{piece.path}.lyocell_or_acetate"
            answer = ctx.fact(key)
            if answer is False:
                steps.append(
                    Step(
                        f"disregarded: {piece.path}",
                        general.rayon_citation,
                        "rayon filament/fiber, other than lyocell or acetate, does not count",
                        depth=2,
                    )
                )
                continue
            if answer is None:
                ask = Missing(
                    key,
                    f"Is {piece.material.id} lyocell or acetate? Other rayon of its heading is "
                    "disregarded; lyocell and acetate must meet the rule.",
                    general.rayon_citation,
                    "whether the material is disregarded",
                )
                piece = replace(piece, excused_if=(*piece.excused_if, ask))
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
