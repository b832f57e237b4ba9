"""Regional value content by the transaction-value and the net-cost method.

USMCA Art. 4.5; 19 U.S.C. 4531(d)(1)-(3): RVC = (TV - VNM) / TV x 100 or
(NC - VNM) / NC x 100, at the producer's choice, except that only the net cost method
may be used when the rule's requirement is not based on the transaction value
(GN 11(c)(v); 4531(d)(5)). Both are computed where the facts allow; the disallowed
one is shown but cannot qualify the good.
"""

from __future__ import annotations

from decimal import Decimal

from maquila.law.model import RVC
from maquila.origin.context import Context
from maquila.origin.result import MethodResult, Missing, Step
from maquila.origin.values import percent, shown

NC_ONLY = "HTSUS GN 11(c)(v); 19 U.S.C. 4531(d)(5)"
FORMULA = {"transaction_value": "(TV - VNM) / TV x 100", "net_cost": "(NC - VNM) / NC x 100"}


def compute(ctx: Context, rvc: RVC, vnm: Decimal) -> list[MethodResult]:
    results = []
    for method, base, threshold in (
        ("transaction_value", ctx.bases.transaction_value, rvc.transaction_value),
        ("net_cost", ctx.bases.net_cost, rvc.net_cost),
    ):
        if base is None:
            continue
        pct = percent(base, vnm)
        margin = pct - threshold if threshold is not None else None
        results.append(
            MethodResult(
                method, base, vnm, pct, threshold, margin, threshold is not None, FORMULA[method]
            )
        )
    return results


def informational_rvc(ctx: Context) -> list[MethodResult]:
    """Both methods, shown for the record when the decisive rule asked for no RVC."""
    vnm = ctx.bom.vnm()
    return [
        MethodResult(
            method, base, vnm, percent(base, vnm), None, None, True, FORMULA[method], required=False
        )
        for method, base in (
            ("transaction_value", ctx.bases.transaction_value),
            ("net_cost", ctx.bases.net_cost),
        )
        if base is not None
    ]


def _passes(results: list[MethodResult]) -> bool:
    return any(r.allowed and r.margin is not None and r.margin >= 0 for r in results)


def appendix_figures(ctx: Context, rvc: RVC, steps: list[Step]) -> RVC:
    """The rule's RVC, or for a good for use in a passenger vehicle, light truck or heavy
    truck the figures Part 6 sets on the date (maquila.law.automotive_rules)."""
    a = ctx.appendix
    if a is None:
        return rvc
    tv = a.transaction_value
    if a.tv_if_rule_has_it and rvc.transaction_value is None:
        tv = None  # SOR/2020-155 s. 15(2)-(3): only if the rule includes a TV method
    figures = RVC(transaction_value=tv, net_cost=a.net_cost or rvc.net_cost)
    steps.append(
        Step(
            "automotive appendix: RVC figures in force",
            a.citation,
            "applied instead of the printed figures",
            {
                "provision": a.source,
                "printed": f"TV {rvc.transaction_value or 'none'} / NC {rvc.net_cost or 'none'}",
                "in force on the date": f"TV {tv or 'none'} / NC {figures.net_cost or 'none'}",
            },
            depth=2,
        )
    )
    return figures


def rvc_test(
    ctx: Context, rvc: RVC, citation: str, steps: list[Step], missing: list[Missing]
) -> tuple[bool | None, list[MethodResult]]:
    if ctx.appendix is not None:
        rvc = appendix_figures(ctx, rvc, steps)
        citation = f"{citation}; {ctx.appendix.citation}"
    if _waived(ctx, steps):
        return True, compute(ctx, rvc, ctx.bom.vnm())
    plain = compute(ctx, rvc, ctx.bom.vnm())
    allowed = [r for r in plain if r.allowed]
    if not allowed:
        need = "net cost (or total cost and excluded costs)"
        if rvc.transaction_value is not None:
            need = "transaction value or " + need
        missing.append(
            Missing(
                "good.net_cost" if rvc.transaction_value is None else "good.transaction_value",
                f"What is the good's {need}? The rule requires an RVC.",
                citation,
                "the regional value content",
            )
        )
        steps.append(Step("regional value content", citation, "unknown: no value base", depth=2))
        return None, plain
    if rvc.transaction_value is None:
        steps.append(
            Step(
                "method",
                NC_ONLY,
                "net cost method only: the rule's RVC is not based on the transaction value",
                depth=2,
            )
        )
    _trace(steps, plain, citation, "")
    ok = _passes(plain)
    undecided = ctx.bom.undecided_designations()
    if not ok and undecided:
        designated = compute(ctx, rvc, ctx.bom.vnm(designate=True))
        if _passes(designated):
            _trace(steps, designated, citation, " if designated")
            for piece in undecided:
                missing.append(
                    Missing(
                        f"{piece.path}.designated",
                        f"Does the producer designate self-produced material {piece.material.id} "
                        "as an intermediate material (USMCA Art. 4.8; 19 U.S.C. 4531(d)(9))? "
                        "Designated, the RVC is met; not designated, it is not.",
                        citation,
                        "the regional value content",
                    )
                )
            return None, plain
    return ok, plain


def _waived(ctx: Context, steps: list[Step]) -> bool:
    """UR s. 5(4): the RVC need not be met when all non-originating materials are within
    the limit of the adjusted transaction value or the total cost."""
    waiver = ctx.pack.general.rvc_waiver
    vnm = ctx.bom.vnm()
    for name, base in (
        ("adjusted transaction value", ctx.bases.transaction_value),
        ("total cost", ctx.bases.total_cost),
    ):
        if base is not None and vnm / base * 100 <= waiver.percent:
            steps.append(
                Step(
                    "RVC not required",
                    waiver.citation,
                    "waived",
                    {
                        name: f"{vnm} / {base} x 100 = {shown(vnm / base * 100)}% "
                        f"(limit {waiver.percent}%)"
                    },
                    depth=2,
                )
            )
            return True
    return False


def _trace(steps: list[Step], results: list[MethodResult], citation: str, label: str) -> None:
    for r in results:
        detail = {
            "formula": r.formula,
            "arithmetic": f"({r.base} - {r.vnm}) / {r.base} x 100 = {shown(r.percent, '0.001')}%",
            "threshold": f"{r.threshold}%" if r.threshold is not None else "not allowed",
        }
        if r.margin is not None:
            detail["margin"] = f"{shown(r.margin)} points"
        outcome = "met" if r.allowed and r.margin is not None and r.margin >= 0 else "not met"
        if not r.allowed:
            outcome = "shown only"
        steps.append(
            Step(
                f"RVC, {r.method.replace('_', ' ')} method{label}",
                citation,
                outcome,
                detail,
                depth=2,
            )
        )
