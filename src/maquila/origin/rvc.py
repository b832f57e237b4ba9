"""Regional value content by the transaction-value and the net-cost method.

USMCA Art. 4.5; 19 U.S.C. 4531(d)(1)-(3): RVC = (TV - VNM) / TV x 100 or
(NC - VNM) / NC x 100, at the producer's choice, except that only the net cost method
may be used when the rule's requirement is not based on the transaction value
(GN 11(c)(v); 4531(d)(5)). Both are computed where the facts allow; the disallowed
one is shown but cannot qualify the good. When a value is missing the VNM is known
only from below, so the RVC only from above: it can fail a threshold, never meet one
(maquila.origin.amounts).
"""

from __future__ import annotations

from decimal import Decimal

from maquila.law.model import RVC
from maquila.origin.amounts import HUNDRED, Amount
from maquila.origin.context import Context
from maquila.origin.result import MethodResult, Missing, Step
from maquila.origin.values import percent, shown

NC_ONLY = "HTSUS GN 11(c)(v); 19 U.S.C. 4531(d)(5)"
FORMULA = {"transaction_value": "(TV - VNM) / TV x 100", "net_cost": "(NC - VNM) / NC x 100"}


def compute(ctx: Context, rvc: RVC, vnm: Amount) -> list[MethodResult]:
    results = []
    for method, base, threshold in (
        ("transaction_value", ctx.bases.transaction_value, rvc.transaction_value),
        ("net_cost", ctx.bases.net_cost, rvc.net_cost),
    ):
        if base is None:
            continue
        pct = percent(base, vnm.low)
        margin = pct - threshold if threshold is not None else None
        results.append(
            MethodResult(
                method,
                base,
                vnm.low,
                pct,
                threshold,
                margin,
                threshold is not None,
                FORMULA[method],
                complete=vnm.known,
            )
        )
    return results


def informational_rvc(ctx: Context) -> list[MethodResult]:
    """Both methods, shown for the record when the decisive rule asked for no RVC (not
    shown when a value is missing: a figure built on a missing value is no figure)."""
    vnm = ctx.bom.vnm()
    if not vnm.known:
        return []
    return [
        MethodResult(
            method,
            base,
            vnm.low,
            percent(base, vnm.low),
            None,
            None,
            True,
            FORMULA[method],
            required=False,
        )
        for method, base in (
            ("transaction_value", ctx.bases.transaction_value),
            ("net_cost", ctx.bases.net_cost),
        )
        if base is not None
    ]


def passes(results: list[MethodResult], vnm: Amount) -> bool | None:
    """An allowed method meets its threshold in the worst case (True), every allowed
    method fails it even in the best case (False), or neither (None)."""
    allowed = [r for r in results if r.allowed and r.threshold is not None]
    for r in allowed:
        worst = _worst(r, vnm)
        if worst is not None and r.threshold is not None and worst >= r.threshold:
            return True
    if all(r.margin is not None and r.margin < 0 for r in allowed):
        return False
    return None


def _worst(result: MethodResult, vnm: Amount) -> Decimal | None:
    return None if vnm.high is None else percent(result.base, vnm.high)


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
    vnm = ctx.bom.vnm()
    waived = _waived(ctx, steps, vnm)
    plain = compute(ctx, rvc, vnm)
    if waived is True:
        return True, plain
    if not [r for r in plain if r.allowed]:
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
        if waived is None:  # the waiver may still spare the RVC: the missing values decide it
            missing.extend(vnm.asks)
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
    _trace(steps, plain, vnm, citation, "")
    ok = passes(plain, vnm)
    if ok is False:
        _not_computed(ctx, rvc, citation, steps)
    if ok is not True:
        ok = _designation(ctx, rvc, citation, steps, missing, ok)
    if ok is None or (waived is None and ok is False):
        missing.extend(vnm.asks)
        return None, plain
    return ok, plain


def _not_computed(ctx: Context, rvc: RVC, citation: str, steps: list[Step]) -> None:
    """4531(d)(1): the method is the producer's choice, made by the figures it gives (as the
    Regulations' worked examples decide on the figures they state). A method the rule allows
    but whose base is not given is named in the trace, not computed and not assumed."""
    names = []
    if rvc.transaction_value is not None and ctx.bases.transaction_value is None:
        names.append("transaction value")
    if rvc.net_cost is not None and ctx.bases.net_cost is None:
        names.append("net cost")
    if names:
        steps.append(
            Step(
                "RVC, other method",
                citation,
                "not computed: no " + " or ".join(names) + " given",
                depth=2,
            )
        )


def _designation(
    ctx: Context,
    rvc: RVC,
    citation: str,
    steps: list[Step],
    missing: list[Missing],
    ok: bool | None,
) -> bool | None:
    """Designating a self-produced material (Art. 4.8) could meet the RVC: ask whether it is."""
    undecided = ctx.bom.undecided_designations()
    if not undecided:
        return ok
    designated_vnm = ctx.bom.vnm(designate=True)
    designated = compute(ctx, rvc, designated_vnm)
    if passes(designated, designated_vnm) is not True:
        return ok
    _trace(steps, designated, designated_vnm, citation, " if designated")
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
    return None


def _waived(ctx: Context, steps: list[Step], vnm: Amount) -> bool | None:
    """UR s. 5(4): the RVC need not be met when all non-originating materials are within
    the limit of the adjusted transaction value or the total cost. Never on a missing
    value: then the waiver is open (None) unless the known values already exceed it."""
    waiver = ctx.pack.general.rvc_waiver
    answers = []
    for name, base in (
        ("adjusted transaction value", ctx.bases.transaction_value),
        ("total cost", ctx.bases.total_cost),
    ):
        if base is None:
            continue
        within = vnm.share_at_most(base, waiver.percent)
        answers.append(within)
        if within:
            steps.append(
                Step(
                    "RVC not required",
                    waiver.citation,
                    "waived",
                    {
                        name: f"{vnm.low} / {base} x 100 = {shown(vnm.low / base * HUNDRED)}% "
                        f"(limit {waiver.percent}%)"
                    },
                    depth=2,
                )
            )
            return True
    if None in answers:
        steps.append(
            Step(
                "RVC not required?",
                waiver.citation,
                "cannot tell: a non-originating material's value is missing",
                {"known VNM": vnm.shown()},
                depth=2,
            )
        )
        return None
    if answers and ctx.bases.total_cost is None:
        # the net cost bounds the total cost from below: within the limit of the net cost,
        # within it of the total cost too
        net = ctx.bases.net_cost
        if net is not None and vnm.share_at_most(net, waiver.percent):
            return True
    return False


def _trace(
    steps: list[Step], results: list[MethodResult], vnm: Amount, citation: str, label: str
) -> None:
    for r in results:
        pct = shown(r.percent, "0.001")
        if r.complete:
            arithmetic = f"({r.base} - {r.vnm}) / {r.base} x 100 = {pct}%"
        else:
            arithmetic = (
                f"VNM is at least {r.vnm} ({vnm.shown()}): RVC at most "
                f"({r.base} - {r.vnm}) / {r.base} x 100 = {pct}%"
            )
        detail = {
            "formula": r.formula,
            "arithmetic": arithmetic,
            "threshold": f"{r.threshold}%" if r.threshold is not None else "not allowed",
        }
        if r.margin is not None:
            detail["margin"] = f"{'at most ' if not r.complete else ''}{shown(r.margin)} points"
        outcome = "met" if r.allowed and r.margin is not None and r.margin >= 0 else "not met"
        if outcome == "met" and not r.complete:
            worst = _worst(r, vnm)
            outcome = "met" if worst is not None and worst >= (r.threshold or 0) else "unknown"
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
