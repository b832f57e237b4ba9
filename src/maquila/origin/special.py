"""Special provisions: goods deemed originating, sets, and the process section notes."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from maquila.hs.codes import Vintage, parse_code
from maquila.hs.ranges import CodeSet
from maquila.law.model import ProcessProvision
from maquila.origin.context import Context
from maquila.origin.result import Determination, Missing, Status, Step
from maquila.origin.values import HUNDRED, shown


@lru_cache(maxsize=8)
def _deemed_list(items: tuple[str, ...], vintage: Vintage) -> CodeSet:
    return CodeSet.of(items, vintage)


def deemed_originating(ctx: Context, trace: list[Step]) -> Determination | None:
    """GN 11(p) / UR Schedule 2: listed goods imported into the US from another Party.

    The list is written in current HTSUS (HS 2022) terms, so it is compared with the
    good's own code. A good whose code is too short to tell is not decided here: the
    ordinary rules still apply to it.
    """
    provision = ctx.pack.general.deemed_originating
    exporter = ctx.request.good.exported_from or ctx.request.good.produced_in
    if ctx.request.importing_country != "US" or exporter not in ctx.pack.general.parties:
        # "when imported into the customs territory of the United States from another
        # USMCA country" (GN 11(p))
        return None
    code = parse_code(ctx.request.good.hs)
    listed = _deemed_list(provision.items, code.vintage).contains(code)
    if not listed:
        return None
    return Determination(
        Status.ORIGINATING,
        criterion=None,
        trace=[
            Step(
                "goods deemed originating",
                provision.citation,
                "originating",
                {
                    "good": str(code),
                    "note": "deemed originating when imported into the United States "
                    "from another USMCA country; the certification criterion for such goods is not "
                    "stated in maquila's sources",
                },
            )
        ],
        notes=["Deemed originating under GN 11(p): no product-specific rule was applied."],
    )


def set_of_goods(ctx: Context, trace: list[Step]) -> Determination | None:
    """USMCA Art. 4.17 / 19 U.S.C. 4531(m): a set classified under GRI 3 is originating if
    every good in it is, or if non-originating goods are at most 10 % of the set's value."""
    good = ctx.request.good
    if not good.is_set:
        return None
    limit = ctx.pack.general.sets_limit
    # UR s. 6(4): the set valued like a good under s. 7 (adjusted TV or net cost)
    base = ctx.bases.transaction_value or ctx.bases.net_cost
    non_originating = sum((p.vnm for p in ctx.bom.pieces if not p.originating), Decimal(0))
    if non_originating == 0:
        return Determination(
            Status.ORIGINATING,
            trace=[
                Step(
                    "set of goods",
                    limit.citation,
                    "originating: every good in the set is originating",
                )
            ],
        )
    if base is None:
        return Determination(
            Status.UNDETERMINED,
            missing=[
                Missing(
                    "good.transaction_value",
                    "What is the value of the set?",
                    limit.citation,
                    "the set's 10 % limit",
                )
            ],
        )
    share = non_originating / base * HUNDRED
    ok = share <= limit.percent
    step = Step(
        "set of goods",
        limit.citation,
        "originating" if ok else "non-originating",
        {
            "non-originating share": f"{non_originating} / {base} x 100 = "
            f"{shown(share)}% (limit {limit.percent}%)"
        },
    )
    if ok:
        return Determination(Status.ORIGINATING, trace=[step])
    return Determination(
        Status.NON_ORIGINATING,
        trace=[step],
        reasons=[
            f"non-originating goods are {shown(share)}% of the set's value, over {limit.percent}%"
        ],
    )


def chapter_requirements(ctx: Context, result: Determination) -> Determination:
    """Chapter rules that every good of the chapter must also meet (the sewing thread,
    narrow elastics and pocket bags of chapters 61-63; chapter 20's fresh goods): each is
    a fact. Unmet, the good is not originating; unanswered, it is not decided."""
    missing: list[Missing] = []
    for rule in ctx.pack.requirements:
        if not rule.in_force(ctx.request.date):
            continue
        if not rule.covers(ctx.good_code):
            continue
        condition = rule.alternatives[0].conditions[0]
        key = condition.fact_key(rule.id, None)
        answer = ctx.fact(key)
        outcome = {True: "met", False: "not met", None: "unknown"}[
            answer if isinstance(answer, bool) else None
        ]
        result.trace.append(
            Step("chapter requirement", rule.citation, outcome, {"text": condition.text})
        )
        if answer is False:
            return Determination(
                Status.NON_ORIGINATING,
                rule=result.rule,
                rvc=result.rvc,
                trace=result.trace,
                reasons=[f"{rule.citation} is not met: {condition.text}"],
            )
        if not isinstance(answer, bool):
            missing.append(Missing(key, condition.ask(), rule.id, "originating status"))
    if missing:
        return Determination(
            Status.UNDETERMINED,
            rule=result.rule,
            rvc=result.rvc,
            trace=result.trace,
            missing=missing,
        )
    return result


def _applicable(ctx: Context) -> list[ProcessProvision]:
    code = parse_code(ctx.request.good.hs)
    found = []
    for provision in ctx.pack.general.processes:
        if not provision.scope.codeset(code.vintage).contains(code):
            continue
        excluded = provision.excluded
        if excluded and excluded.codeset(code.vintage).contains(code) is not False:
            continue
        found.append(provision)
    return found


def process_provisions(ctx: Context, steps: list[Step]) -> Determination | None:
    """GN 11(n)(iv)-(v): chemical reaction, purification... confer origin in ch. 28-40."""
    for provision in _applicable(ctx):
        if ctx.fact(provision.key) is True:
            steps.append(
                Step("section note", provision.citation, "originating", {"fact": provision.key})
            )
            return Determination(Status.ORIGINATING, criterion="B", trace=steps)
    return None


def open_process_questions(ctx: Context) -> list[Missing]:
    return [
        Missing(p.key, p.question, p.citation, "originating status under the section note")
        for p in _applicable(ctx)
        if ctx.fact(p.key) is None
    ]
