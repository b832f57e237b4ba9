"""De minimis: a few non-originating materials that fail the shift do not disqualify.

- By value (USMCA Art. 4.12; GN 11(e)(i); UR s. 5(1)): not more than 10 percent of the
  adjusted transaction value, or of the total cost; the good must meet every other
  requirement, and the materials' value stays in VNM for any RVC (GN 11(e)(i)(C)).
- Not for the material/good pairs of GN 11(e)(ii), and for goods of chapters 1-27 only
  when the material is in another subheading than the good (GN 11(e)(iii)).
- Textile goods by weight (GN 11(e)(iv)): chapters 50-60 and heading 9619 on the weight
  of the good; chapters 61-63 on the weight of the component that determines the
  classification; non-originating elastomeric yarns at most 7 percent.

Materials whose shift is unknown are counted as failing: if the test passes even so,
the answer does not depend on them.
"""

from __future__ import annotations

from decimal import Decimal

from maquila.hs.codes import Level, parse_code
from maquila.origin.bom import Piece
from maquila.origin.context import Context
from maquila.origin.result import Missing, Step
from maquila.origin.textile import covers, is_component_good, is_weight_good
from maquila.origin.values import HUNDRED, shown


def de_minimis(
    ctx: Context,
    failing: list[Piece],
    unknown: list[Piece],
    steps: list[Step],
    missing: list[Missing],
) -> bool | None:
    test = _by_weight if is_weight_good(ctx) or is_component_good(ctx) else _by_value
    if unknown:
        if test(ctx, failing + unknown, steps, missing, "counting the undecided materials"):
            return True
        definite = test(ctx, failing, steps, missing, "counting only the failing materials")
        return False if definite is False else None
    return test(ctx, failing, steps, missing, "")


def _excepted(ctx: Context, piece: Piece) -> str | None:
    good = parse_code(ctx.request.good.hs)
    code = piece.material.hs
    if code is None:
        return None
    material = parse_code(code)
    for exception in ctx.pack.general.de_minimis_exceptions:
        if exception.materials.codeset(material.vintage).contains(
            material
        ) and exception.goods.codeset(good.vintage).contains(good):
            return exception.citation
    if covers(ctx.pack.general.de_minimis_same_subheading_chapters, ctx.request.good.hs) and (
        material.level < Level.SUBHEADING
        or material.prefix(Level.SUBHEADING) == good.prefix(Level.SUBHEADING)
    ):
        return "HTSUS GN 11(e)(iii)"
    return None


def _by_value(
    ctx: Context, pieces: list[Piece], steps: list[Step], missing: list[Missing], label: str
) -> bool | None:
    general = ctx.pack.general
    for piece in pieces:
        citation = _excepted(ctx, piece)
        if citation is not None:
            steps.append(
                Step(
                    "de minimis",
                    citation,
                    "not available",
                    {"material": piece.material.id},
                    depth=2,
                )
            )
            return False
    value = sum((p.vnm for p in pieces), Decimal(0))
    limit = general.de_minimis_value.percent
    checks: dict[str, str] = {}
    ok = False
    for name, base in (
        ("adjusted transaction value", ctx.bases.transaction_value),
        ("total cost", ctx.bases.total_cost),
    ):
        if base is None:
            continue
        share = value / base * HUNDRED
        checks[name] = f"{value} / {base} x 100 = {shown(share)}% (limit {limit}%)"
        ok = ok or share <= limit
    if not checks:
        missing.append(
            Missing(
                "good.transaction_value",
                "What is the good's transaction value "
                "(or its total cost)? De minimis is measured against it.",
                general.de_minimis_value.citation,
                "de minimis",
            )
        )
        steps.append(
            Step(
                "de minimis by value",
                general.de_minimis_value.citation,
                "unknown: no transaction value or total cost",
                depth=2,
            )
        )
        return None
    steps.append(
        Step(
            f"de minimis by value {label}".strip(),
            general.de_minimis_value.citation,
            "met" if ok else "not met",
            checks,
            depth=2,
        )
    )
    return ok


def _by_weight(
    ctx: Context, pieces: list[Piece], steps: list[Step], missing: list[Missing], label: str
) -> bool | None:
    general = ctx.pack.general
    good = ctx.request.good
    component = is_component_good(ctx)
    base = good.classifying_component_weight if component else good.weight
    base_name = "component that determines classification" if component else "good"
    key = "good.classifying_component_weight" if component else "good.weight"
    if base is None:
        missing.append(
            Missing(
                key,
                f"What is the total weight of the {base_name}?",
                general.de_minimis_textile_weight.citation,
                "textile de minimis",
            )
        )
        return None
    weights = [p.material.weight for p in pieces]
    if any(w is None for w in weights):
        for piece in pieces:
            if piece.material.weight is None:
                missing.append(
                    Missing(
                        f"{piece.path}.weight",
                        f"What does {piece.material.id} weigh?",
                        general.de_minimis_textile_weight.citation,
                        "textile de minimis",
                    )
                )
        return None
    total = sum((w for w in weights if w is not None), Decimal(0))
    elastic = sum(
        (p.material.weight or Decimal(0) for p in pieces if p.material.elastomeric), Decimal(0)
    )
    share = total / base * HUNDRED
    elastic_share = elastic / base * HUNDRED
    ok = share <= general.de_minimis_textile_weight.percent and (
        elastic_share <= general.de_minimis_elastomeric_weight.percent
    )
    steps.append(
        Step(
            f"de minimis by weight {label}".strip(),
            f"{general.de_minimis_textile_weight.citation}; "
            f"{general.de_minimis_elastomeric_weight.citation}",
            "met" if ok else "not met",
            {
                "failing weight": f"{total} / {base} x 100 = {shown(share)}% "
                f"(limit {general.de_minimis_textile_weight.percent}%)",
                "elastomeric": f"{elastic} / {base} x 100 = {shown(elastic_share)}% "
                f"(limit {general.de_minimis_elastomeric_weight.percent}%)",
            },
            depth=2,
        )
    )
    return ok
