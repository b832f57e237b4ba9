"""De minimis: a few non-originating materials that fail the shift do not disqualify.

- By value (USMCA Art. 4.12; GN 11(e)(i); UR s. 5(1)): not more than 10 percent of the
  adjusted transaction value, or of the total cost; the good must meet every other
  requirement, and the materials' value stays in VNM for any RVC (GN 11(e)(i)(C)). A
  material without a value is never taken as 0: the known values can only fail the test.
- Not for the material/good pairs of GN 11(e)(ii) and the chapter notes that bar it
  (macadamia nuts, ch. 8; bamboo shoots, ch. 20), and for goods of chapters 1-27 only when
  the material is in another subheading than the good (GN 11(e)(iii)) unless a chapter
  note lets it apply (truffles, capers, thyme, rice flour, light oils...). Printed
  qualifiers ("containing over 10 percent by dry weight of milk solids") are facts.
- Textile goods by weight (GN 11(e)(iv)): chapters 50-60 and heading 9619 on the weight
  of the good; chapters 61-63 on the weight of the component that determines the
  classification; non-originating elastomeric yarns at most 7 percent.

Materials whose shift is unknown are counted as failing: if the test passes even so,
the answer does not depend on them.
"""

from __future__ import annotations

from decimal import Decimal

from maquila.hs.codes import Level, parse_code
from maquila.law.provisions import DeMinimisException
from maquila.origin.amounts import HUNDRED, Amount, total
from maquila.origin.codes import covers, listed
from maquila.origin.context import Context
from maquila.origin.piece import Piece
from maquila.origin.result import Missing, Step
from maquila.origin.textile import is_component_good, is_weight_good
from maquila.origin.values import shown


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


def _pair(
    ctx: Context, entry: DeMinimisException, piece: Piece, asks: list[Missing]
) -> bool | None:
    """Whether ``entry`` holds this material in this good: codes, then the qualifiers."""
    assert piece.material.hs is not None
    goods = listed(entry.goods, ctx.request.good.hs)
    if goods is False:
        return False
    materials = listed(entry.materials, piece.material.hs)
    if materials is False:
        return False
    answer: bool | None = None if goods is None or materials is None else True
    for key, qualifier, what in (
        (f"{piece.path}.de_minimis.{entry.id}", entry.material_qualifier, piece.material.id),
        (f"de_minimis.{entry.id}", entry.good_qualifier, "the good"),
    ):
        if qualifier is None:
            continue
        given = ctx.fact(key)
        if given is None and what != "the good" and entry.material_is is not None:
            given = _qualifier_by_code(entry, piece.material.hs)
        if given is False:
            return False
        if given is not True:
            answer = None
            asks.append(
                Missing(
                    key,
                    f"Is {what} {qualifier} ({entry.citation})?",
                    entry.citation,
                    "whether de minimis may be applied",
                )
            )
    return answer


def _qualifier_by_code(entry: DeMinimisException, hs: str) -> bool | None:
    """A material qualifier read on the material's code: it is, it may be (asked), it is not."""
    assert entry.material_is is not None
    if listed(entry.material_is, hs):
        return True
    if entry.material_may_be is not None and listed(entry.material_may_be, hs) is not False:
        return None
    return False


def _excepted(ctx: Context, piece: Piece, asks: list[Missing]) -> tuple[bool | None, str]:
    """De minimis unavailable for this material (True), available (False), or open."""
    if piece.material.hs is None:
        return None, "the material has no tariff code"
    open_: str | None = None
    for entry in ctx.pack.general.de_minimis_exceptions:
        held = _pair(ctx, entry, piece, asks)
        if held:
            return True, entry.citation
        if held is None:
            open_ = entry.citation
    barred = _same_subheading(ctx, piece)
    if barred:
        for entry in ctx.pack.general.de_minimis_permissions:
            allowed = _pair(ctx, entry, piece, asks)
            if allowed:
                return False, entry.citation
            if allowed is None:
                return None, entry.citation
        return True, "HTSUS GN 11(e)(iii)"
    if open_ is not None:
        return None, open_
    return False, ""


def _same_subheading(ctx: Context, piece: Piece) -> bool:
    good = parse_code(ctx.request.good.hs)
    assert piece.material.hs is not None
    material = parse_code(piece.material.hs)
    if not covers(ctx.pack.general.de_minimis_same_subheading_chapters, ctx.request.good.hs):
        return False
    return material.level < Level.SUBHEADING or material.prefix(Level.SUBHEADING) == good.prefix(
        Level.SUBHEADING
    )


def _by_value(
    ctx: Context, pieces: list[Piece], steps: list[Step], missing: list[Missing], label: str
) -> bool | None:
    general = ctx.pack.general
    available = _available(ctx, pieces, steps, missing)
    if available is False:
        return False
    value = total([p.vnm for p in pieces])
    limit = general.de_minimis_value.percent
    checks, answers = _value_shares(ctx, value, limit)
    if not answers:
        _ask_value_base(ctx, steps, missing)
        return None
    ok: bool | None = (
        True if True in answers else (False if all(a is False for a in answers) else None)
    )
    if ok is None:
        missing.extend(value.asks)
    if ok is True and available is None:
        ok = None
    outcome = {True: "met", False: "not met", None: "unknown"}[ok]
    steps.append(
        Step(
            f"de minimis by value {label}".strip(),
            general.de_minimis_value.citation,
            outcome,
            checks,
            depth=2,
        )
    )
    return ok


def _available(
    ctx: Context, pieces: list[Piece], steps: list[Step], missing: list[Missing]
) -> bool | None:
    """Whether de minimis may be applied to every material (GN 11(e)(ii)-(iii)): not for one
    an exception holds (False), open while an exception needs a fact (None)."""
    open_exception = False
    for piece in pieces:
        asks: list[Missing] = []
        excepted, citation = _excepted(ctx, piece, asks)
        if excepted is True:
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
        if excepted is None:
            open_exception = True
            missing.extend(asks)
            steps.append(
                Step(
                    "de minimis",
                    citation,
                    "may not be available: a fact is needed",
                    {"material": piece.material.id},
                    depth=2,
                )
            )
    return None if open_exception else True


def _value_shares(
    ctx: Context, value: Amount, limit: Decimal
) -> tuple[dict[str, str], list[bool | None]]:
    """Whether the materials' value is within the limit of the adjusted transaction value and
    of the total cost (USMCA Art. 4.12; GN 11(e)(i)), for each base given, with the
    arithmetic."""
    checks: dict[str, str] = {}
    answers: list[bool | None] = []
    for name, base in (
        ("adjusted transaction value", ctx.bases.transaction_value),
        ("total cost", ctx.bases.total_cost),
    ):
        if base is None:
            checks[name] = "not given: not computed (the producer's figures decide)"
            continue
        answers.append(value.share_at_most(base, limit))
        checks[name] = (
            f"{value.shown()} / {base} x 100 = {'at least ' if not value.known else ''}"
            f"{shown(value.low / base * HUNDRED)}% (limit {limit}%)"
        )
    if checks and True not in answers and _net_cost_bound(ctx, value, limit, checks):
        answers.append(True)
    return checks, answers


def _ask_value_base(ctx: Context, steps: list[Step], missing: list[Missing]) -> None:
    """With neither a transaction value nor a total cost, de minimis by value is open: ask."""
    general = ctx.pack.general
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


def _net_cost_bound(ctx: Context, value: Amount, limit: Decimal, checks: dict[str, str]) -> bool:
    """With no total cost given, the net cost bounds it from below: a share of the net cost
    within the limit is within it of the total cost too (GN 11(e)(i)(A)(2))."""
    bases = ctx.bases
    if bases.total_cost is not None or bases.net_cost is None:
        return False
    checks["total cost (at least the net cost)"] = f"{value.shown()} / {bases.net_cost}"
    return value.share_at_most(bases.net_cost, limit) is True


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
    total_weight = sum((w for w in weights if w is not None), Decimal(0))
    elastic = sum(
        (p.material.weight or Decimal(0) for p in pieces if p.material.elastomeric), Decimal(0)
    )
    share = total_weight / base * HUNDRED
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
                "failing weight": f"{total_weight} / {base} x 100 = {shown(share)}% "
                f"(limit {general.de_minimis_textile_weight.percent}%)",
                "elastomeric": f"{elastic} / {base} x 100 = {shown(elastic_share)}% "
                f"(limit {general.de_minimis_elastomeric_weight.percent}%)",
            },
            depth=2,
        )
    )
    return ok
