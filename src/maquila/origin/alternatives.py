"""Evaluate one alternative of a product-specific rule: shift, de minimis, RVC, conditions."""

from __future__ import annotations

from decimal import Decimal

from maquila.hs.codes import TariffCode
from maquila.law.model import RVC, Alternative, Rule, Shift
from maquila.law.render import render_alternative
from maquila.origin.automotive import goods_by_use
from maquila.origin.codes import material_candidates
from maquila.origin.context import Context
from maquila.origin.deminimis import de_minimis
from maquila.origin.outcome import AltOutcome
from maquila.origin.piece import Piece
from maquila.origin.readings import reading_of, readings
from maquila.origin.request import Material
from maquila.origin.result import Missing, Step
from maquila.origin.rvc import rvc_test
from maquila.origin.shift import Ask, ShiftOutcome, test_shift
from maquila.origin.textile import shift_pieces

GROUP_RULE = "interpretation.group_rule"
TARIFF_SHIFT = "tariff_shift"  # Step.kind of the test of one material's change


def _tested(
    memo: dict[tuple[int, str, str, bool | None], tuple[Shift, ShiftOutcome]],
    shift: Shift,
    code: TariffCode,
    good: TariffCode,
    ask: Ask,
    group_reading: bool | None,
) -> ShiftOutcome:
    """test_shift, remembered in the pack's own memo (``Pack.shift_outcomes``) for code
    pairs that needed no fact: a pure function of the pack's shift, the two codes and the
    group reading. The pack owns its shifts, so a shift's identity is stable for as long as
    the memo lives; the entry also holds the shift, checked on every hit."""
    key = (id(shift), code.digits, good.digits, group_reading)
    known = memo.get(key)
    if known is not None and known[0] is shift:
        return known[1]
    asked: list[str] = []

    def asking(suffix: str, question: str) -> bool | None:
        asked.append(suffix)
        return ask(suffix, question)

    outcome = test_shift(shift, code, good, asking, group_reading)
    if not asked:
        if len(memo) > 500_000:
            memo.clear()
        memo[key] = (shift, outcome)
    return outcome


def _material_result(
    ctx: Context, alt: Alternative, material_path: tuple[Material, str], good: TariffCode
) -> tuple[bool | None, str, Missing | None]:
    """Whether one non-originating material makes the alternative's tariff change (HTSUS
    GN 11(m)(vii)), tested on each HS 2012 candidate of its code."""
    material, path = material_path
    assert alt.shift is not None
    candidates = material_candidates(material)
    if not candidates:
        miss = _shift_missing(f"{path}.hs", f"What is the tariff classification of {path}?")
        return None, f"{path} has no tariff code", miss
    asked: list[Missing] = []
    ask = _material_asker(ctx, material, path, asked)
    reading = ctx.fact(GROUP_RULE)
    group_reading = reading if isinstance(reading, bool) else None
    memo = ctx.pack.shift_outcomes
    outcomes = [_tested(memo, alt.shift, code, good, ask, group_reading) for code in candidates]
    return _candidates_result(material, path, candidates, outcomes, asked)


def _shift_missing(key: str, question: str) -> Missing:
    """The question whose answer settles whether a material makes the required change."""
    return Missing(key, question, "tariff shift", "whether this material makes the required change")


def _material_asker(ctx: Context, material: Material, path: str, asked: list[Missing]) -> Ask:
    """The shift test's questions about a material, answered from its facts at ``path``;
    each one not answered is recorded in ``asked``."""

    def ask(suffix: str, question: str) -> bool | None:
        key = f"{path}.{suffix}"
        answer = ctx.fact(key)
        if isinstance(answer, bool):
            return answer
        asked.append(_shift_missing(key, f"{material.id}: {question}"))
        return None

    return ask


def _candidates_result(
    material: Material,
    path: str,
    candidates: tuple[TariffCode, ...],
    outcomes: list[ShiftOutcome],
    asked: list[Missing],
) -> tuple[bool | None, str, Missing | None]:
    """One material's shift from the outcomes of its HS 2012 candidates: met or not met only
    when they agree; otherwise the fact, group reading or code that would settle it."""
    values = {o.passed for o in outcomes}
    if None in values and asked and not any(o.needs for o in outcomes if o.passed is None):
        return None, "a fact about the material is needed", asked[0]
    if values == {True}:
        return True, outcomes[0].reason, None
    if values == {False}:
        return False, outcomes[0].reason, None
    if any(o.ambiguous_group for o in outcomes):
        return None, outcomes[0].reason, _group_rule_missing(path)
    needs = next((o.needs for o in outcomes if o.needs is not None), None)
    if len(candidates) > 1 and None not in values:
        question = (
            f"{path} ({material.hs}) correlates with several HS 2012 "
            f"codes ({', '.join(map(str, candidates))}); which one describes it?"
        )
        return (
            None,
            "the answer depends on the HS 2012 correlation",
            Missing(f"{path}.hs2012", question, "HS 2022-HS 2012 correlation", "the tariff shift"),
        )
    digits = int(needs) if needs is not None else 8
    question = f"What is the {digits}-digit code of {path}? The rule reads codes at that level."
    return None, outcomes[0].reason, _shift_missing(f"{path}.hs", question)


def _group_rule_missing(path: str) -> Missing:
    """USMCA Annex 4-B, Section A: whether a change 'from any other' code of a group admits
    a material of another code inside the group, which the rule leaves open."""
    question = (
        "The rule changes a group of codes 'from any other' code without saying "
        "whether a material of another code inside the group qualifies. Does it? "
        "(Settle with counsel or a ruling; maquila does not guess.)"
    )
    return Missing(
        GROUP_RULE, question, "USMCA Annex 4-B, Section A", f"the tariff shift of {path}"
    )


def _piece_result(
    ctx: Context, alt: Alternative, piece: Piece, good: TariffCode
) -> tuple[bool | None, list[str], list[Missing]]:
    best: bool | None = False
    reasons: list[str] = []
    missing: list[Missing] = []
    for option in piece.shift_options:
        if not option:
            continue
        results = [_material_result(ctx, alt, item, good) for item in option]
        passed: bool | None = True
        if any(r[0] is False for r in results):
            passed = False
        elif any(r[0] is None for r in results):
            passed = None
        reasons.extend(r[1] for r in results)
        missing.extend(r[2] for r in results if r[2] is not None)
        if passed:
            return True, reasons, []
        if passed is None:
            best = None
    # a material that may be originating (a fact not given), or that would be disregarded
    # once a condition is established, fails only when those facts are known
    pending = piece.asks + piece.excused_if
    if pending:
        reasons.append("it does not fail while " + "; ".join(m.key for m in pending) + " is open")
        return None, reasons, (missing if best is None else []) + list(pending)
    return best, reasons, missing if best is None else []


def evaluate(ctx: Context, rule: Rule, alt: Alternative, good: TariffCode) -> AltOutcome:
    label = alt.label or "rule"
    out = AltOutcome(label, True)
    out.steps.append(
        Step(
            f"alternative {label}",
            rule.citation,
            "read",
            {"text": render_alternative(alt)},
            depth=1,
        )
    )
    alt, applies = reading_of(ctx, rule, alt, out)
    if applies is not True:
        out.passed = applies
        if applies is False:
            out.reasons.append(f"alternative {label} is not written for this good")
        return out
    described = _goods_described(ctx, rule, alt, out)
    if described is False:
        out.passed = False
        return out
    required = _required_rvc(ctx, rule, alt, out)
    shift_ok = _shift_met(ctx, alt, good, out, label)
    rvc_ok: bool | None = True
    if required is not None:
        rvc_ok, out.rvc = rvc_test(ctx, required, rule.citation, out.steps, out.missing)
        if rvc_ok is False:
            out.reasons.append(f"alternative {label}: regional value content below the threshold")
    cond_ok = _conditions_met(ctx, rule, alt, out, label)
    out.passed = _all(described, shift_ok, rvc_ok, cond_ok)
    if out.passed is not None:
        out.missing = []
    return out


def _required_rvc(ctx: Context, rule: Rule, alt: Alternative, out: AltOutcome) -> RVC | None:
    """The RVC the alternative requires: the one it prints, or Part 6's beside the shift."""
    required = alt.rvc
    if ctx.appendix is not None and ctx.appendix.rvc_only and required is None:
        # SOR/2020-155 s. 14(2) (Table A.1 core parts), s. 15(2)-(4) (Tables D, E, heavy-truck
        # engines, gear boxes, chassis; CBP HQ H313365): the tariff shift alone does not
        # confer origin; the part must also meet the RVC Part 6 sets on the date
        required = _appendix_requirement(ctx, rule)
        out.steps.append(
            Step(
                "RVC required beside the tariff shift",
                ctx.appendix.citation,
                "the alternative is met only with the RVC",
                depth=2,
            )
        )
    return required


def _shift_met(
    ctx: Context, alt: Alternative, good: TariffCode, out: AltOutcome, label: str
) -> bool | None:
    """Whether the alternative's tariff shift is met: by every non-originating material, or
    with de minimis (USMCA Art. 4.12) for those that fail, and its excepted groups."""
    failing, unknown = _pieces_tested(ctx, alt, good, out)
    shift_ok: bool | None = True
    if failing or unknown:
        shift_ok = de_minimis(ctx, failing, unknown, out.steps, out.missing)
        if shift_ok is False:
            out.reasons.append(
                f"alternative {label}: non-originating materials do not make the required "
                f"tariff change ({', '.join(p.material.id for p in failing + unknown)}) and de "
                "minimis does not save them"
            )
    out.failing = failing
    if alt.shift is not None and alt.shift.except_groups:
        shift_ok = _all(shift_ok, _groups_test(ctx, alt, out))
    return shift_ok


def _pieces_tested(
    ctx: Context, alt: Alternative, good: TariffCode, out: AltOutcome
) -> tuple[list[Piece], list[Piece]]:
    """The non-originating materials that fail the tariff shift, and those not known to
    make it (HTSUS GN 11(m)(vii)), each tested in the trace."""
    failing: list[Piece] = []
    unknown: list[Piece] = []
    if alt.shift is not None and not alt.shift.no_change:
        for piece in shift_pieces(ctx, out.steps):
            passed, reasons, missing = _piece_result(ctx, alt, piece, good)
            out.steps.append(
                Step(
                    f"tariff shift: {piece.path}",
                    "HTSUS GN 11(m)(vii)",
                    {True: "met", False: "not met", None: "unknown"}[passed],
                    {
                        "material": piece.material.id,
                        "hs": piece.material.hs,
                        "why": "; ".join(reasons),
                    },
                    depth=2,
                    kind=TARIFF_SHIFT,
                )
            )
            if passed is False:
                failing.append(piece)
            elif passed is None:
                unknown.append(piece)
                out.missing.extend(missing)
                out.unknown.append((piece, missing))
    return failing, unknown


def _conditions_met(
    ctx: Context, rule: Rule, alt: Alternative, out: AltOutcome, label: str
) -> bool | None:
    """Whether the alternative's conditions hold: the pack's readings, then each printed
    condition a fact establishes (unless a reading replaces them)."""
    cond_ok, replaced = readings(ctx, rule, alt, out)
    for condition in alt.conditions:
        if replaced:
            continue
        key = condition.fact_key(rule.id, alt.label)
        answer = ctx.fact(key)
        if answer is None:
            cond_ok = None if cond_ok else cond_ok
            out.missing.append(Missing(key, condition.ask(), rule.id, label))
        elif answer is not True:
            cond_ok = False
            out.reasons.append(f"alternative {label}: condition not met: {condition.text}")
    return cond_ok


def _appendix_requirement(ctx: Context, rule: Rule) -> RVC:
    """The RVC a part of Tables A.1, D, E needs when its alternative prints none: Part 6's
    figures (maquila.origin.rvc.appendix_figures replaces them), the transaction value
    only where the rule has a TV method (s. 15(2)-(3)) or Part 6 gives one (s. 14(13))."""
    assert ctx.appendix is not None
    printed_tv = next(
        (a.rvc.transaction_value for a in rule.alternatives if a.rvc and a.rvc.transaction_value),
        None,
    )
    return RVC(transaction_value=printed_tv, net_cost=ctx.appendix.net_cost or Decimal(0))


def _groups_test(ctx: Context, alt: Alternative, out: AltOutcome) -> bool | None:
    """ "Except from more than one of the following": count the groups that hold a
    non-originating material; more than one fails the alternative. De minimis is not
    applied to this exception (a conservative reading, stated in the trace)."""
    assert alt.shift is not None
    hits: list[int] = []
    maybe: list[int] = []
    pieces = shift_pieces(ctx, [])
    for index, group in enumerate(alt.shift.except_groups):
        found: bool | None = False
        for piece in pieces:
            for code in material_candidates(piece.material):
                inside = group.codeset(code.vintage).contains(code)
                found = True if inside else (None if inside is None else found)
                if found:
                    break
            if found:
                break
        (hits if found else maybe if found is None else []).append(index)
    detail = {
        "groups holding non-originating materials": str(len(hits)),
        "note": "de minimis not applied to this exception (conservative)",
    }
    if len(hits) > 1:
        out.steps.append(
            Step("except from more than one group", "GN 11(o)", "not met", detail, depth=2)
        )
        out.reasons.append("non-originating materials come from more than one excepted group")
        return False
    if len(hits) + len(maybe) > 1:
        out.missing.append(
            Missing(
                "materials.hs",
                "Which tariff items are the non-originating "
                "materials? The rule excepts materials from more than one "
                "of its listed groups.",
                "tariff shift",
                "the exception",
            )
        )
        return None
    out.steps.append(Step("except from more than one group", "GN 11(o)", "met", detail, depth=2))
    return True


def _goods_described(ctx: Context, rule: Rule, alt: Alternative, out: AltOutcome) -> bool | None:
    """An alternative written for described goods ("a smoked good of ...", "drive-axles
    ... of subheading 8708.50") applies only if the good is such a good: a fact."""
    if alt.shift is None or alt.shift.goods is None:
        return True
    label = alt.label or "rule"
    key = f"{rule.id}:{label}:goods"
    answer = ctx.fact(key)
    if answer is None:
        answer = goods_by_use(ctx, rule, alt)
    if answer is True:
        return True
    if answer is None:
        out.missing.append(
            Missing(
                key,
                f"Is the good {alt.shift.goods} (the goods alternative {label} of the rule "
                "is written for)?",
                rule.id,
                f"whether alternative {label} applies",
            )
        )
        return None
    out.reasons.append(f"alternative {label}: written for {alt.shift.goods}, not this good")
    return False


def _all(*values: bool | None) -> bool | None:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True
