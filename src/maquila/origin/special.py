"""Special provisions: goods deemed originating, sets, chapter requirements, section notes."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from maquila.hs.codes import Vintage, parse_code
from maquila.hs.ranges import CodeSet
from maquila.law.provisions import DeemedItem, ProcessProvision, Threshold
from maquila.origin.amounts import HUNDRED, Amount, total
from maquila.origin.codes import listed
from maquila.origin.context import Context
from maquila.origin.result import Determination, Missing, Status, Step
from maquila.origin.values import shown

DEEMED_KEY = "deemed.description"


@lru_cache(maxsize=64)
def _item_codes(codes: tuple[str, ...], vintage: Vintage) -> CodeSet:
    return CodeSet.of(codes, vintage)


def deemed_item(ctx: Context) -> tuple[bool | None, DeemedItem | None]:
    """GN 11(p): whether the good is deemed originating (True), may be (None: its code is
    too short, or what the provision names is a fact not given), or is not (False)."""
    provision = ctx.pack.general.deemed_originating
    exporter = ctx.request.good.exported_from or ctx.request.good.produced_in
    if (
        ctx.as_material
        or ctx.request.importing_country != "US"
        or exporter not in ctx.pack.general.parties
        or exporter == ctx.request.importing_country
    ):
        # "when imported into the customs territory of the United States from another
        # USMCA country" (GN 11(p); 19 U.S.C. 4531(c)(1)(E))
        return False, None
    code = parse_code(ctx.request.good.hs)
    maybe: DeemedItem | None = None
    for item in provision.items:
        inside = _item_codes(item.codes, code.vintage).contains(code)
        if inside is False:
            continue
        answer = ctx.fact(DEEMED_KEY) if item.narrows else True
        if inside and answer is True:
            return True, item
        if answer is not False:
            maybe = maybe or item
    return (None, maybe) if maybe else (False, None)


def deemed_originating(ctx: Context, trace: list[Step]) -> Determination | None:
    """GN 11(p) / UR Schedule 2: listed goods imported into the US from another Party are
    originating without production in a Party (UR s. 3(9) Example 5): criterion E."""
    deemed, item = deemed_item(ctx)
    if deemed is not True or item is None:
        return None
    provision = ctx.pack.general.deemed_originating
    return Determination(
        Status.ORIGINATING,
        criterion="E",
        trace=[
            Step(
                "goods deemed originating",
                provision.citation,
                "originating",
                {
                    "good": ctx.request.good.hs,
                    "provision": f"{item.name}: {item.code}",
                    "certification": f"criterion E (19 U.S.C. 4531(c)(1)(E)); the "
                    f'certification states "{provision.statement}" (19 CFR 182.12(a)(4)(x))',
                },
            )
        ],
        notes=[
            f"Deemed originating under GN 11(p) ({item.name}): no product-specific rule was "
            "applied."
        ],
    )


def deemed_question(ctx: Context) -> list[Missing]:
    """The question that would make a good deemed originating, when it may be."""
    deemed, item = deemed_item(ctx)
    if deemed is not None or item is None:
        return []
    code = parse_code(ctx.request.good.hs)
    inside = _item_codes(item.codes, code.vintage).contains(code)
    if inside is None:
        return [
            Missing(
                "good.hs",
                f"What is the good's 8-digit HTSUS item? GN 11(p) deems {item.code} "
                f"({item.name}) originating when imported into the US from another Party.",
                ctx.pack.general.deemed_originating.citation,
                "whether the good is deemed originating",
            )
        ]
    return [
        Missing(
            DEEMED_KEY,
            f"Is the good {item.name[0].lower() + item.name[1:]}? GN 11(p) deems such goods of "
            f"{item.code} originating when imported into the US from another Party.",
            ctx.pack.general.deemed_originating.citation,
            "whether the good is deemed originating",
        )
    ]


def _only_originating_goods(ctx: Context, non_originating: Amount) -> bool:
    """UR s. 6: whether every good in the set is originating (no non-originating value)."""
    return (
        non_originating.known
        and non_originating.low == 0
        and all(p.originating for p in ctx.bom.pieces)
    )


def _goods_of_the_set_asked(limit: Threshold) -> Determination:
    """UR s. 6: the set's origin is that of the goods in it; a set that names none is
    undetermined, asking them (an empty list proves nothing originating)."""
    question = "Which goods make up the set, with their origin and value (materials)?"
    return Determination(
        Status.UNDETERMINED,
        missing=[Missing("materials", question, limit.citation, "the origin of the set")],
    )


def _set_of_originating_goods(limit: Threshold) -> Determination:
    """UR s. 6: a set of originating goods only is originating, criterion C (a reading)."""
    return Determination(
        Status.ORIGINATING,
        criterion="C",
        trace=[
            Step(
                "set of goods",
                limit.citation,
                "originating: every good in the set is originating",
                {"criterion": "C: the set is made of originating goods only (reading)"},
            )
        ],
    )


def _by_non_originating_share(
    non_originating: Amount, base: Decimal, limit: Threshold
) -> Determination:
    """UR s. 6(3): whether the non-originating goods are within the limit of the set's value."""
    within = non_originating.share_at_most(base, limit.percent)
    share = f"{non_originating.shown()} / {base} x 100 = " + (
        f"{shown(non_originating.low / base * HUNDRED)}%"
    )
    outcome = {True: "originating", False: "non-originating", None: "unknown"}[within]
    step = Step(
        "set of goods",
        limit.citation,
        outcome,
        {"non-originating share": f"{share} (limit {limit.percent}%)"},
    )
    if within is True:
        step.detail["criterion"] = "B: the set holds non-originating goods (reading)"
        return Determination(Status.ORIGINATING, criterion="B", trace=[step])
    if within is None:
        return Determination(Status.UNDETERMINED, trace=[step], missing=list(non_originating.asks))
    return Determination(
        Status.NON_ORIGINATING,
        trace=[step],
        reasons=[f"non-originating goods are {share} of the set's value, over {limit.percent}%"],
    )


def set_of_goods(ctx: Context, trace: list[Step]) -> Determination | None:
    """USMCA Art. 4.17 / 19 U.S.C. 4531(m); UR s. 6: a set classified under GRI 3 is
    originating if every good in it is, or if non-originating goods are at most 10 % of the
    set's value (UR s. 6(3), applied as sufficient by s. 6 Examples 1, 3 and 5). Criterion:
    C when every good is originating, B otherwise (a reading: no source names one)."""
    good = ctx.request.good
    if not good.is_set:
        return None
    limit = ctx.pack.general.sets_limit
    if not ctx.bom.pieces:  # "every good in the set" of no goods named: asked, never C
        return _goods_of_the_set_asked(limit)
    # UR s. 6(4): the set valued like a good under s. 7 (adjusted TV or net cost)
    base = ctx.bases.transaction_value or ctx.bases.net_cost
    non_originating = total([p.vnm for p in ctx.bom.pieces if p.originating is not True])
    if _only_originating_goods(ctx, non_originating):
        return _set_of_originating_goods(limit)
    if base is None:
        return Determination(
            Status.UNDETERMINED,
            missing=[
                Missing(
                    "good.transaction_value",
                    "What is the value of the set?",
                    limit.citation,
                    f"the set's {limit.percent} % limit",
                )
            ],
        )
    return _by_non_originating_share(non_originating, base, limit)


def chapter_requirements(ctx: Context, result: Determination) -> Determination:
    """Chapter rules that every good of the chapter must also meet (the sewing thread,
    narrow elastics and pocket bags of chapters 61-63; chapter 20's fresh goods): each is
    a fact. Unmet, the good is not originating, whatever else is still open; unanswered,
    an originating good is not decided."""
    missing: list[Missing] = []
    trace = list(result.trace)
    for rule in ctx.pack.requirements:
        if not rule.in_force(ctx.request.date) or not rule.covers(ctx.good_code):
            continue
        condition = rule.alternatives[0].conditions[0]
        key = condition.fact_key(rule.id, None)
        answer = ctx.fact(key)
        read: list[Missing] = []
        if not isinstance(answer, bool):
            answer, read = _read_on_materials(ctx, rule.id)
        outcome = {True: "met", False: "not met", None: "unknown"}[
            answer if isinstance(answer, bool) else None
        ]
        trace.append(Step("chapter requirement", rule.citation, outcome, {"text": condition.text}))
        if answer is False:
            return Determination(
                Status.NON_ORIGINATING,
                rule=result.rule,
                rvc=result.rvc,
                trace=trace,
                reasons=[*result.reasons, f"{rule.citation} is not met: {condition.text}"],
            )
        if not isinstance(answer, bool):
            missing.extend(read or [Missing(key, condition.ask(), rule.id, "originating status")])
    if missing and result.status is not Status.NON_ORIGINATING:
        return Determination(
            Status.UNDETERMINED,
            rule=result.rule,
            rvc=result.rvc,
            trace=trace,
            missing=[*result.missing, *missing],
            reasons=result.reasons,
        )
    return replace(result, trace=trace)


def _read_on_materials(ctx: Context, rule_id: str) -> tuple[bool | None, list[Missing]]:
    """A requirement the pack reads on the materials (general.yaml requirement_readings):
    met, not met, or open with the questions that settle it (none: ask the requirement)."""
    reading = next((r for r in ctx.pack.general.requirement_readings if r.rule == rule_id), None)
    if reading is None:
        return None, []
    asks: list[Missing] = []
    for piece in ctx.bom.pieces:
        material = piece.material
        if material.role in ("indirect", "packing_for_shipment"):
            continue
        if listed(reading.may_contain, material.hs) is not False:
            return None, []  # what it holds is the producer's to say
        if listed(reading.materials, material.hs) is False:
            continue
        if material.origin != "originating" or material.wholly_obtained is False:
            return False, []
        if material.wholly_obtained is None:
            asks.append(
                Missing(
                    f"{piece.path}.wholly_obtained",
                    f"Was {material.id} wholly obtained or produced entirely in the territory?",
                    reading.citation,
                    "originating status",
                )
            )
    return (None, asks) if asks else (True, [])


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
