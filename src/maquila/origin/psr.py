"""Article 4.2(b) and (d): the product-specific rule, and the fallback for parts.

The rule is found in HS 2012 terms for every HS 2022 candidate of the good (the
correlation may give several); a tariff-item rule takes precedence over its parent
(GN 11(m)(v)). The rule is met when one of its alternatives is (UR s. 5(2)).
"""

from __future__ import annotations

from dataclasses import replace

from maquila.hs.bridge import to_hs2012
from maquila.hs.codes import Level, TariffCode, parse_code
from maquila.hs.parts import names_parts
from maquila.law.model import Rule
from maquila.law.render import render_rule
from maquila.origin import automotive
from maquila.origin.alternatives import evaluate
from maquila.origin.codes import covers
from maquila.origin.context import Context
from maquila.origin.outcome import AltOutcome
from maquila.origin.piece import Piece
from maquila.origin.result import Determination, MethodResult, Missing, RuleRef, Status, Step
from maquila.origin.rvc import rvc_test
from maquila.origin.special import open_process_questions, process_provisions

ART_B = "USMCA Art. 4.2(b); 19 U.S.C. 4531(c)(1)(B)"


def _ref(rule: Rule) -> RuleRef:
    return RuleRef(rule.id, rule.citation, render_rule(rule))


def _find_rules(ctx: Context) -> tuple[list[tuple[TariffCode, Rule]], list[Missing]]:
    found: list[tuple[TariffCode, Rule]] = []
    missing: list[Missing] = []
    good = ctx.request.good
    for candidate in to_hs2012(parse_code(good.hs)).candidates:
        sure, maybe = ctx.pack.rules_covering(candidate, ctx.request.date)
        found.extend((candidate, rule) for rule in _for_this_trade(ctx, sure))
        if maybe:
            digits = max(max(r.scope.codeset(r.vintage).levels()) for r in maybe if r.scope)
            missing.append(
                Missing(
                    "good.hs",
                    f"What is the {int(digits)}-digit code of the "
                    "good? A rule for a more detailed provision may apply.",
                    "HTSUS GN 11(m)(v)",
                    "which product-specific rule applies",
                )
            )
    return found, missing


def _trade(ctx: Context) -> str:
    exporter = ctx.request.good.exported_from or ctx.request.good.produced_in
    pair = {exporter, ctx.request.importing_country}
    return {frozenset({"CA", "US"}): "CA-US", frozenset({"MX", "US"}): "MX-US"}.get(
        frozenset(pair), "other"
    )


def _for_this_trade(ctx: Context, rules: list[Rule]) -> list[Rule]:
    """Rules printed for trade between two named countries, or "for all other trade"."""
    trade = _trade(ctx)
    named = {r.trade for r in rules if r.trade not in (None, "other")}
    return [
        r
        for r in rules
        if r.trade is None or r.trade == trade or (r.trade == "other" and trade not in named)
    ]


def product_specific_rule(ctx: Context, trace: list[Step]) -> Determination:
    found, missing = _find_rules(ctx)
    if missing:
        return Determination(Status.UNDETERMINED, missing=missing)
    use = ctx.request.good.automotive_use
    if use is None and found:
        uses = automotive.uses_that_matter(ctx, found)
        if uses:
            return automotive.by_each_use(
                ctx, found, uses, lambda u: _by_use(automotive.stating(ctx, u), found, u)
            )
    return _by_use(ctx, found, use)


def _by_use(ctx: Context, found: list[tuple[TariffCode, Rule]], use: str | None) -> Determination:
    found = automotive.select(ctx, found, use)
    if not found:
        return Determination(
            Status.UNDETERMINED,
            missing=[
                Missing(
                    "pack.rule",
                    f"No product-specific rule for {ctx.request.good.hs} is in this "
                    "pack yet; the rule must be added before the good can be decided.",
                    "USMCA Annex 4-B",
                    "the whole determination",
                )
            ],
        )
    results = [_apply(ctx, code, rule, use) for code, rule in found]
    statuses = {r.status for r in results}
    if len(statuses) == 1:
        return results[0]
    trace = [s for r in results for s in r.trace]
    missing: list[Missing] = []
    if len({code for code, _ in found}) > 1:
        missing.append(
            Missing(
                "good.hs2012",
                "The good's HS 2022 code correlates with several HS 2012 provisions "
                "whose rules give different answers; which provision describes the good?",
                "HS 2022-HS 2012 correlation",
                "which rule applies",
            )
        )
    missing.extend(automotive.description_questions(found))
    if not missing:
        missing.append(
            Missing(
                "good.automotive_use",
                "Rules printed for different uses give different answers ("
                + "; ".join(f"{r.id}: {r.scope_note}" for _, r in found)
                + "); for what use is the good?",
                "HTSUS GN 11 underscoring rules",
                "which rule applies",
            )
        )
    return Determination(Status.UNDETERMINED, trace=trace, missing=missing)


def _apply(ctx: Context, code: TariffCode, rule: Rule, use: str | None) -> Determination:
    steps = [
        Step(
            "Article 4.2(b): product-specific rule",
            rule.citation,
            "read",
            {"rule": rule.id, "text": render_rule(rule), "good (HS 2012)": str(code)},
        )
    ]
    figures_ctx, unsettled = automotive.with_appendix(ctx, code, use, steps)
    if unsettled:  # which figures of Part 6 apply is itself a question
        return Determination(Status.UNDETERMINED, rule=_ref(rule), trace=steps, missing=unsettled)
    outcomes = [evaluate(figures_ctx, rule, alt, code) for alt in rule.alternatives]
    for outcome in outcomes:
        steps.extend(outcome.steps)
    rvc = next((o.rvc for o in outcomes if o.rvc), [])
    winner = next((o for o in outcomes if o.passed), None)
    if winner is not None:
        steps.append(Step("Article 4.2(b)", ART_B, f"originating under {winner.label}"))
        return Determination(
            Status.ORIGINATING,
            criterion="B",
            rule=_ref(rule),
            alternative=winner.label,
            rvc=winner.rvc,
            trace=steps,
        )
    process = process_provisions(ctx, steps)
    if process is not None:
        return replace(process, rule=_ref(rule))
    undecided = [o for o in outcomes if o.passed is None]
    if undecided:
        missing = [m for o in undecided for m in o.missing]
        return Determination(
            Status.UNDETERMINED,
            rule=_ref(rule),
            rvc=rvc,
            trace=steps,
            missing=_unique(missing + open_process_questions(ctx)),
        )
    fallback = fallback_parts(ctx, outcomes, steps)
    if fallback is not None:
        return replace(fallback, rule=_ref(rule))
    reasons = [r for o in outcomes for r in o.reasons]
    open_questions = open_process_questions(ctx)
    # A section note (GN 11(n)(iv)-(v)) could still confer origin: not a finding yet.
    status = Status.UNDETERMINED if open_questions else Status.NON_ORIGINATING
    return Determination(
        status, rule=_ref(rule), rvc=rvc, trace=steps, reasons=reasons, missing=open_questions
    )


def _unique(missing: list[Missing]) -> list[Missing]:
    seen: dict[str, Missing] = {}
    for item in missing:
        seen.setdefault(item.key, item)
    return list(seen.values())


def _same_provision(material: str | None, good: TariffCode) -> bool:
    """GN 11(n)(i)(B)(1): same subheading, or same heading not divided into subheadings."""
    if material is None:
        return False
    code = parse_code(material)
    if code.level < Level.SUBHEADING:
        return False
    return code.prefix(Level.SUBHEADING) == good.prefix(Level.SUBHEADING)


def _may_be_part(piece: Piece) -> bool:
    """False when the producer says the material is not provided for as a part, or when
    its provision names no parts at all (maquila.hs.parts); otherwise it may be one."""
    if piece.material.provided_as_part is not None:
        return piece.material.provided_as_part
    if piece.material.hs is None:
        return True
    return names_parts(parse_code(piece.material.hs)) is not False


def _parts_fallback_open(ctx: Context, shift_outcomes: list[AltOutcome]) -> bool:
    """Article 4.2(d): whether it is open to the good (not excluded; GRI 2(a) or own provision)."""
    good = ctx.request.good
    if covers(ctx.pack.general.parts_fallback_excluded, good.hs):
        return False
    good_code = parse_code(good.hs)
    return good.unassembled_gri_2a or any(
        all(_same_provision(p.material.hs, good_code) for p in o.failing) for o in shift_outcomes
    )


def _not_provided_as_parts(ctx: Context, failing: list[Piece], steps: list[Step]) -> bool:
    """4531(c)(1)(D)(ii): whether a failing material is not provided for as a part (step kept)."""
    not_parts = [p for p in failing if not _may_be_part(p)]
    if not_parts:
        steps.append(
            Step(
                "Article 4.2(d): parts classified with the good",
                ctx.pack.general.parts_fallback_citation,
                "not available",
                {"not provided for as parts": ", ".join(p.material.id for p in not_parts)},
            )
        )
    return bool(not_parts)


def _below_parts_rvc(
    ctx: Context, outcomes: list[AltOutcome], results: list[MethodResult], steps: list[Step]
) -> Determination:
    """Article 4.2(d): the finding when the RVC is below the pack's thresholds (GN 11(n)(i):
    60 % TV / 50 % NC as printed): non-originating."""
    rvc = ctx.pack.general.parts_fallback_rvc
    figures = " / ".join(
        f"{figure} % ({method})"
        for figure, method in ((rvc.transaction_value, "TV"), (rvc.net_cost, "NC"))
        if figure is not None
    )
    return Determination(
        Status.NON_ORIGINATING,
        rvc=results,
        trace=steps,
        reasons=[
            *[r for o in outcomes for r in o.reasons],
            "the product-specific rule is not met, and under Article 4.2(d) the regional "
            f"value content is below {figures}",
        ],
    )


def _origin_questions(ctx: Context, failing: list[Piece]) -> list[Missing]:
    """4531(c)(1)(D): the origin to ask of each failing part known only by the default."""
    assumed = [
        p for p in failing
        if p.material.origin == "unknown" and p.sub_status is not Status.NON_ORIGINATING
    ]  # fmt: skip
    # 4531(c)(1)(D): (d) rests on non-originating parts that do not change; a part of
    # unknown origin is non-originating only by the conservative default, which here
    # would favour the producer (were it originating, (d) would not be open and the
    # product-specific rule would decide): its origin is asked, never assumed
    return [
        Missing(
            f"{p.path}.origin",
            f"Is {p.material.id} originating? Article 4.2(d) is open only if it is "
            "non-originating.",
            ctx.pack.general.parts_fallback_citation,
            "whether Article 4.2(d) applies",
        )
        for p in assumed
    ]


def _provided_as_part_questions(ctx: Context, shift_outcomes: list[AltOutcome]) -> list[Missing]:
    """4531(c)(1)(D)(ii): the question, per failing material, whether it is provided as a part."""
    parts = [p for o in shift_outcomes for p in o.failing if p.material.provided_as_part is None]
    return [
        Missing(
            f"{p.path}.provided_as_part",
            f"Is {p.material.id} provided for as a 'part' in the tariff schedule?",
            ctx.pack.general.parts_fallback_citation,
            "whether Article 4.2(d) applies",
        )
        for p in parts
    ]


def _settle_parts_fallback(
    ctx: Context,
    shift_outcomes: list[AltOutcome],
    failing: list[Piece],
    results: list[MethodResult],
    steps: list[Step],
) -> Determination:
    """Article 4.2(d) with the RVC met: criterion D, unless a fact on the materials is open."""
    questions = _origin_questions(ctx, failing)
    if questions:
        return Determination(Status.UNDETERMINED, rvc=results, trace=steps, missing=questions)
    questions = _provided_as_part_questions(ctx, shift_outcomes)
    if questions:
        return Determination(Status.UNDETERMINED, rvc=results, trace=steps, missing=questions)
    open_ = [m for o in shift_outcomes for _, asked in o.unknown for m in asked]
    if any(o.unknown for o in shift_outcomes):
        # a material whose shift is not known may fail for another reason than the shared
        # subheading: (d) holds only once it is known (4531(c)(1)(D)(ii))
        return Determination(Status.UNDETERMINED, rvc=results, trace=steps, missing=_unique(open_))
    return Determination(Status.ORIGINATING, criterion="D", rvc=results, trace=steps)


def fallback_parts(
    ctx: Context, outcomes: list[AltOutcome], steps: list[Step]
) -> Determination | None:
    """Article 4.2(d): parts classified with the good, at the RVC the pack gives for it."""
    general = ctx.pack.general
    shift_outcomes = [o for o in outcomes if o.failing]
    if not _parts_fallback_open(ctx, shift_outcomes):
        return None
    # 4531(c)(1)(D)(ii): the failing materials must be "provided for as parts under the HTS"
    failing = [p for o in shift_outcomes for p in o.failing]
    if _not_provided_as_parts(ctx, failing, steps):
        return None
    sub: list[Step] = []
    missing: list[Missing] = []
    ok, results = rvc_test(
        ctx, general.parts_fallback_rvc, general.parts_fallback_citation, sub, missing
    )
    steps.append(
        Step(
            "Article 4.2(d): parts classified with the good",
            general.parts_fallback_citation,
            "tried",
        )
    )
    steps.extend(sub)
    if ok is None:
        return Determination(Status.UNDETERMINED, rvc=results, trace=steps, missing=missing)
    if not ok:
        return _below_parts_rvc(ctx, outcomes, results, steps)
    return _settle_parts_fallback(ctx, shift_outcomes, failing, results, steps)
