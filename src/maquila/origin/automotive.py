"""Goods for use in a motor vehicle: the rules by use, and Part 6's figures by date.

GN 11 prints several rules for one code when the automotive appendix distinguishes the
use (chapter 87 underscoring rules, e.g. ``heading-rule-14-16``: "If the good is for use
in a passenger vehicle or light truck, Articles 3.2 and 3.3 of the automotive appendix
apply. If the good is for use in a heavy truck, Article 4.2 ..."); each such rule names
its use in its scope ("for use in a heavy truck", "any other good"). Here:

- :func:`select` keeps the rules written for the good's use (``good.automotive_use``) and,
  where a rule is written for described goods ("body stamping", "chassis frame"), asks;
- :func:`uses_that_matter` tells which uses could change the outcome when the use is not
  given, so the engine decides under each and asks only if they disagree;
- the RVC figures of a rule for use in a passenger vehicle, light truck or heavy truck are
  those of Part 6 on the date (maquila.law.automotive_rules), not the final ones printed;
- :func:`vehicle_requirements`: a passenger vehicle, light truck or heavy truck is
  originating only if the further requirements of Part 6 are met as well (core parts,
  s. 14(4); steel and aluminum, s. 17; LVC, s. 18), facts computed by ``maquila auto``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from maquila.hs.codes import TariffCode
from maquila.law.automotive import ThresholdError
from maquila.law.automotive_rules import APPENDIX_USES, USES
from maquila.law.model import Alternative, Rule
from maquila.origin.context import Context
from maquila.origin.result import Determination, Missing, Status, Step

USE_KEY = "good.automotive_use"
_WORDS = {
    "passenger vehicle": "passenger_vehicle",
    "light truck": "light_truck",
    "heavy truck": "heavy_truck",
}
_BRANCHES = re.compile(r"; and, as branches")


def _named(text: str) -> frozenset[str]:
    return frozenset(use for word, use in _WORDS.items() if word in text)


def _own(rule: Rule) -> frozenset[str] | None:
    """The uses a rule's scope names; None for a rule not written for a use."""
    note = rule.scope_note or ""
    if _BRANCHES.search(note):
        return None  # one rule with branches for every use (8708.92)
    for marker in ("for use in", "used for a"):
        if marker in note:
            return _named(note.split(marker, 1)[1])
    return None


def description(rule: Rule) -> str | None:
    """The goods a use rule is written for ("body stamping"), if its scope names some."""
    note = rule.scope_note or ""
    if _own(rule) is None or "," not in note:
        return None
    head = note.split(",", 1)[0].strip()
    return None if head.startswith("any other good") else head


def rule_uses(rule: Rule, siblings: Sequence[Rule]) -> frozenset[str] | None:
    """The uses ``rule`` governs: those its scope names, or for "any other good" every use
    the rules printed beside it (same scope) do not name; None if not a use rule."""
    own = _own(rule)
    if own is not None:
        return own
    if not (rule.scope_note or "").startswith("any other good"):
        return None
    taken: set[str] = set()
    for other in siblings:
        if other is not rule and other.scope == rule.scope and _own(other) is not None:
            taken |= _own(other) or set()
    if not taken:
        return None
    return frozenset(USES) - taken


def select(
    ctx: Context, found: list[tuple[TariffCode, Rule]], use: str | None
) -> list[tuple[TariffCode, Rule]]:
    """The rules for the good's use, and for the goods it is (when a fact says so)."""
    rules = [r for _, r in found]
    kept = [
        (code, rule)
        for code, rule in found
        if use is None or (uses := rule_uses(rule, rules)) is None or use in uses
    ]
    described = [(c, r) for c, r in kept if description(r) is not None]
    for code, rule in described:
        answer = ctx.fact(f"{rule.id}:goods")
        if answer is False:
            kept.remove((code, rule))
        elif answer is True:
            kept = [
                (c, r)
                for c, r in kept
                if r is rule or not (r.scope == rule.scope and description(r) is None)
            ]
    return kept


def description_questions(chosen: list[tuple[TariffCode, Rule]]) -> list[Missing]:
    return [
        Missing(
            f"{rule.id}:goods",
            f"Is the good a {description(rule)} (rule {rule.id} is written for it)?",
            rule.id,
            "which product-specific rule applies",
        )
        for _, rule in chosen
        if description(rule) is not None
    ]


def uses_that_matter(ctx: Context, found: list[tuple[TariffCode, Rule]]) -> list[str]:
    """When the use is not given: the uses to decide under, if any could matter."""
    rules = [r for _, r in found]
    by_rule = any(rule_uses(r, rules) is not None for r in rules)
    by_figures = any(
        _appendix_or_none(ctx, code, use) for code, _ in found for use in APPENDIX_USES
    )
    if not (by_rule or by_figures):
        return []
    return [*APPENDIX_USES, "not_automotive"]


def _appendix_or_none(ctx: Context, code: TariffCode, use: str) -> bool:
    try:
        return ctx.pack.part6.appendix_rvc(code, use, ctx.request.date) is not None
    except ThresholdError:
        return False


def stating(ctx: Context, use: str) -> Context:
    """The context of the same request with the good's use stated."""
    good = ctx.request.good.model_copy(update={"automotive_use": use})
    return replace(ctx, request=ctx.request.model_copy(update={"good": good}))


def _signature(ctx: Context, found: list[tuple[TariffCode, Rule]], use: str) -> object:
    """What the use changes: the rules kept, the alternatives answered from the use, and
    Part 6's figures; two uses with one signature have one outcome."""
    told = stating(ctx, use)
    kept = select(told, found, use)
    answers = tuple(goods_by_use(told, rule, alt) for _, rule in kept for alt in rule.alternatives)
    figures = tuple(_figures(ctx, code, use) for code, _ in kept)
    return tuple(rule.id for _, rule in kept), answers, figures


def _figures(ctx: Context, code: TariffCode, use: str) -> object:
    try:
        return ctx.pack.part6.appendix_rvc(code, use, ctx.request.date)
    except ThresholdError:
        return None


def by_each_use(
    ctx: Context,
    found: list[tuple[TariffCode, Rule]],
    uses: list[str],
    decide: Callable[[str], Determination],
) -> Determination:
    """Decide under each use (once per distinct signature); one answer if they agree,
    else ask for the use."""
    decided: dict[object, Determination] = {}
    results: dict[str, Determination] = {}
    for use in uses:
        key = _signature(ctx, found, use)
        if key not in decided:
            decided[key] = decide(use)
        results[use] = decided[key]
    statuses = {use: r.status for use, r in results.items()}
    summary = {use.replace("_", " "): str(status) for use, status in statuses.items()}
    step = Step(
        "use of the good (automotive appendix)",
        "HTSUS GN 11 underscoring rules; SOR/2020-155 ss. 13-15",
        "decided under each use",
        summary,
    )
    if len(set(statuses.values())) == 1:
        chosen = results["not_automotive"] if "not_automotive" in results else results[uses[0]]
        same = "the outcome is the same whatever the good's use in a motor vehicle"
        return replace(chosen, trace=(step, *chosen.trace), notes=(*chosen.notes, same))
    choices = ", ".join(f"{use}: {status}" for use, status in summary.items())
    return Determination(
        Status.UNDETERMINED,
        trace=[step],
        missing=[
            Missing(
                USE_KEY,
                "Is the good (for use as original equipment in) a passenger vehicle, a light "
                "truck or a heavy truck, or for another vehicle, the aftermarket or no motor "
                f"vehicle? The answer changes the outcome ({choices}).",
                "HTSUS GN 11 underscoring rules; SOR/2020-155 ss. 13-15",
                "which rule and which thresholds apply",
            )
        ],
    )


DESCRIPTION_KEY = "good.automotive_description_matches"


def with_appendix(
    ctx: Context, code: TariffCode, use: str | None, steps: list[Step]
) -> tuple[Context, list[Missing]]:
    """The context whose RVC figures are Part 6's for the good's use on the date."""
    if use not in APPENDIX_USES:
        return ctx, []
    try:
        figures = ctx.pack.part6.appendix_rvc(code, use, ctx.request.date)
    except ThresholdError as exc:  # before July 1, 2020 (SOR/2020-155 s. 21)
        steps.append(
            Step("automotive appendix", "SOR/2020-155 s. 21", "not in force", {"why": str(exc)})
        )
        return ctx, []
    if figures is None:
        return ctx, []
    holding = figures.holding
    if holding is not None and holding.inside is None:
        return ctx, [
            Missing(
                "good.hs",
                f"What is the full code of the good? {figures.source.split(':')[0]} lists "
                f"{holding.printed}.",
                figures.citation,
                "which thresholds of Part 6 apply",
            )
        ]
    if figures.needs_description:
        answer = ctx.fact(DESCRIPTION_KEY)
        if answer is None:
            return ctx, [
                Missing(
                    DESCRIPTION_KEY,
                    f"Is the good what {figures.source} describes?",
                    figures.citation,
                    "which thresholds of Part 6 apply",
                )
            ]
        if answer is not True:
            steps.append(
                Step(
                    "automotive appendix",
                    figures.citation,
                    "not this entry",
                    {"entry": figures.source},
                )
            )
            return ctx, []
    return replace(ctx, appendix=figures), []


def goods_by_use(ctx: Context, rule: Rule, alt: Alternative) -> bool | None:
    """An alternative written for "a passenger vehicle", "a light truck" or "a heavy
    truck" applies if the good's use is that category (the s. 12 definitions)."""
    use = ctx.request.good.automotive_use
    if use is None or alt.shift is None or alt.shift.goods is None:
        return None
    named = _named(alt.shift.goods)
    if named:
        return use in named
    siblings = [a.shift.goods for a in rule.alternatives if a.shift and a.shift.goods]
    if alt.shift.goods.startswith("any other good") and any(_named(g) for g in siblings):
        return not any(use in _named(g) for g in siblings)
    return None


# (fact key, requirement, citation, categories it binds)
FURTHER = (
    ("auto.core_parts", "the core parts of Table A.2 are originating", "SOR/2020-155 s. 14(4)",
     ("passenger_vehicle", "light_truck")),
    ("auto.steel_aluminum", "the producer's steel and aluminum purchases meet their requirement",
     "SOR/2020-155 s. 17", APPENDIX_USES),
    ("auto.lvc", "the producer certifies the LVC requirement", "SOR/2020-155 s. 18", APPENDIX_USES),
)  # fmt: skip


def vehicle_requirements(ctx: Context, result: Determination) -> Determination:
    """A vehicle of its category that meets the rule is originating only if it also meets
    the further requirements of Part 6; each is a fact (``maquila auto vehicle``)."""
    use = ctx.request.good.automotive_use
    if result.status is Status.NON_ORIGINATING:
        return result
    if (
        result.status is Status.ORIGINATING
        and use is None
        and any(ctx.pack.part6.is_vehicle(ctx.good_code, u) for u in APPENDIX_USES)
    ):
        # a passenger vehicle, light truck or heavy truck has further requirements (Part 6):
        # which the good is must be stated (s. 12 definitions; s. 20 other vehicles)
        category = Missing(
            USE_KEY,
            "Is the vehicle a passenger vehicle, a light truck, a heavy truck (SOR/2020-155 "
            "s. 12) or another vehicle (s. 20)? The first three have further requirements.",
            "SOR/2020-155 ss. 12, 14(4), 17, 18",
            "whether the vehicle is originating",
        )
        return replace(
            result, status=Status.UNDETERMINED, criterion=None, missing=(*result.missing, category)
        )
    if use not in APPENDIX_USES or not ctx.pack.part6.is_vehicle(ctx.good_code, use):
        return result
    missing: list[Missing] = []
    reasons: list[str] = []
    steps: list[Step] = []
    for key, what, citation, binds in FURTHER:
        if use not in binds:
            continue
        answer = ctx.fact(key)
        outcome = "met" if answer is True else "not met" if answer is False else "not stated"
        steps.append(Step(f"Part 6: {what}", citation, outcome, {"fact": key}))
        if answer is False:
            reasons.append(f"{what}: not met ({citation})")
        elif answer is not True:
            missing.append(
                Missing(
                    key,
                    f"Is it so that {what}? (computed by `maquila auto vehicle`)",
                    citation,
                    "whether the vehicle is originating",
                )
            )
    result = replace(result, trace=(*result.trace, *steps))
    if reasons:  # a requirement not met settles the vehicle, whatever else is open
        return replace(
            result,
            status=Status.NON_ORIGINATING,
            criterion=None,
            reasons=(*result.reasons, *reasons),
            missing=(),
        )
    if missing:
        return replace(
            result, status=Status.UNDETERMINED, criterion=None, missing=(*result.missing, *missing)
        )
    return result
