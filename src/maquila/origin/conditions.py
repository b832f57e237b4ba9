"""Requirements that hold beside the rule the good met, and routes still open.

Applied to every determination after Article 4.2 has been walked:

- a requirement answered against the good makes it non-originating even if other
  questions are still open (its answer settles the case);
- one not yet established keeps an originating good undetermined, with its question;
- a route that could still make a non-originating good originating (deemed originating
  under GN 11(p), wholly obtained) leaves it undetermined while its facts are missing.

The requirements: transit and transshipment (Art. 4.18; 19 U.S.C. 4531(l); UR s. 10),
goods of a US foreign-trade zone (4531(c)(3)), GN 11(q)(ii) sugar, and production when a
non-originating material has the good's own subheading (4531(a)(16)).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from maquila.hs.codes import Level, parse_code
from maquila.law.provisions import TransitProvision
from maquila.origin.codes import covers, listed
from maquila.origin.context import Context
from maquila.origin.request import Transit
from maquila.origin.result import Determination, Missing, Status, Step
from maquila.origin.special import deemed_question
from maquila.origin.wholly import claim

Outcome = tuple[bool | None, list[Missing], list[str]]  # met?, questions, reasons
TRANSIT_KEY = "good.transit"


def apply(ctx: Context, result: Determination) -> Determination:
    if result.status is not Status.ORIGINATING:
        result = _open_routes(ctx, result)
    for check in CHECKS:
        if result.status is Status.NON_ORIGINATING:
            break
        met, missing, reasons = check(ctx, result)
        result = _settle(result, met, missing, reasons)
    return result


def _settle(
    result: Determination, met: bool | None, missing: list[Missing], reasons: list[str]
) -> Determination:
    if met is False:
        return replace(
            result,
            status=Status.NON_ORIGINATING,
            criterion=None,
            reasons=(*result.reasons, *reasons),
            missing=(),
        )
    if met is None:
        known = {x.key for x in result.missing}
        asked = (*result.missing, *(m for m in missing if m.key not in known))
        if result.status is Status.ORIGINATING:
            return replace(result, status=Status.UNDETERMINED, criterion=None, missing=asked)
        return replace(result, missing=asked)
    return result


def _route_outside_territory(ctx: Context) -> bool:
    """UR s. 10(1): whether the good was transported outside the territory of the Parties."""
    good, parties = ctx.request.good, ctx.pack.general.parties
    return bool(good.transit and good.transit.countries) or (
        good.exported_from is not None and good.exported_from not in parties
    )


def _further_production_allowed(ctx: Context) -> bool:
    """UR s. 10(3), GN 11(o) ch. 85: whether the good may undergo further production abroad."""
    good, law = ctx.request.good, ctx.pack.general.transit
    return any(covers(e.goods, good.hs) for e in law.further_production_allowed)


def _ask_what_happened_outside(ctx: Context) -> Outcome:
    """UR s. 10(1): the question of the transit, for a good shipped from outside the territory."""
    good, law = ctx.request.good, ctx.pack.general.transit
    where = good.exported_from or "a non-USMCA country"
    return (
        None,
        [
            _ask(
                TRANSIT_KEY,
                f"The good was shipped from {where}: what happened to it "
                "outside the USMCA countries (countries, operations, customs control)?",
                law.citation,
            )
        ],
        [],
    )


def _operations_outside(ctx: Context, transit: Transit, banned: Sequence[str]) -> Outcome:
    """UR s. 10(1), (3): operations abroad not allowed deny origin; further production is asked."""
    law = ctx.pack.general.transit
    if (
        "further_production" in banned
        and transit.subheading_unchanged is None
        and _further_production_allowed(ctx)
    ):
        return (
            None,
            [
                _ask(
                    "good.transit.subheading_unchanged",
                    "Did the further production "
                    "outside the territory leave the good in its subheading (for "
                    "8541/8542, within 8541.10-8541.60 or 8542.31-8542.39)?",
                    law.citation,
                )
            ],
            [],
        )
    return (
        False,
        [],
        [
            f"outside the territory the good underwent {', '.join(banned)}, "
            f"which only unloading, storing and the like may be ({law.citation})"
        ],
    )


def _customs_control(transit: Transit, law: TransitProvision) -> Outcome:
    """UR s. 10(1): whether the good remained under customs control outside the territory."""
    if transit.under_customs_control is False:
        return (
            False,
            [],
            [
                f"the good did not remain under customs control outside the "
                f"territory ({law.citation})"
            ],
        )
    if transit.under_customs_control is None:
        return (
            None,
            [
                _ask(
                    "good.transit.under_customs_control",
                    "Did the good remain under customs control outside the territory?",
                    law.citation,
                )
            ],
            [],
        )
    return True, [], []


def _transit(ctx: Context, result: Determination) -> Outcome:
    """19 U.S.C. 4531(l); UR s. 10(1): an originating good transported outside the
    territory stays originating only under customs control and with no operation but
    unloading, reloading, separation from bulk, storing, required labeling or marking, and
    what preserves or transports it; UR s. 10(3), GN 11(o) ch. 85: some electronic goods
    may undergo further production there if their subheading does not change."""
    good, law = ctx.request.good, ctx.pack.general.transit
    if ctx.as_material or not _route_outside_territory(ctx):
        return True, [], []
    transit = good.transit
    if transit is None:
        return _ask_what_happened_outside(ctx)
    if transit.subheading_unchanged is True and _further_production_allowed(ctx):
        return True, [], []  # UR s. 10(3): s. 10(1) does not apply
    banned = [op for op in transit.operations if op not in law.allowed]
    if banned:
        return _operations_outside(ctx, transit, banned)
    return _customs_control(transit, law)


def _foreign_trade_zone(ctx: Context, result: Determination) -> Outcome:
    """19 U.S.C. 4531(c)(3): (c)(1)(B) does not apply to a good produced in a US foreign-trade
    zone and entered for consumption in the US customs territory."""
    good = ctx.request.good
    citation = ctx.pack.general.foreign_trade_zone_citation
    if ctx.as_material or result.criterion != "B" or good.produced_in != "US":
        return True, [], []
    if ctx.request.importing_country != "US" or good.foreign_trade_zone is False:
        return True, [], []
    if good.foreign_trade_zone:
        return (
            False,
            [],
            [
                f"produced in a US foreign-trade zone: Article 4.2(b) does not apply "
                f"on its entry into the US customs territory ({citation})"
            ],
        )
    return (
        None,
        [
            _ask(
                "good.foreign_trade_zone",
                "Was the good produced in a US foreign-trade "
                "zone or subzone? Then it cannot be originating under Article 4.2(b).",
                citation,
            )
        ],
        [],
    )


def _sugar(ctx: Context, result: Determination) -> Outcome:
    """GN 11(q)(ii): listed goods exported from Mexico are not originating if any material of
    1701.99 is not a "qualifying good" (Canadian operations count as non-USMCA)."""
    law = ctx.pack.general.sugar_mexico
    good = ctx.request.good
    exporter = good.exported_from or good.produced_in
    code = parse_code(good.hs)
    held = law.goods.codeset(code.vintage).contains(code)
    if ctx.as_material or exporter != "MX" or held is False:
        return True, [], []
    missing: list[Missing] = []
    if held is None:
        missing.append(
            _ask(
                "good.hs",
                "What is the good's 8-digit HTSUS item? GN 11(q)(ii) "
                "restricts sugar in some items of 1702.90, 1806.10 and 2106.90.",
                law.citation,
            )
        )
    for piece in ctx.bom.pieces:
        hs = piece.material.hs
        inside = None if hs is None else listed(law.materials, hs)
        if inside is False:
            continue
        if inside is None:
            missing.append(
                _ask(
                    f"{piece.path}.hs",
                    f"What is the code of {piece.material.id}? "
                    "Sugar of 1701.99 must be a qualifying good.",
                    law.citation,
                )
            )
            continue
        answer = ctx.fact(f"{piece.path}.qualifying_good")
        if piece.material.wholly_obtained and piece.material.country in ("MX", "US"):
            answer = True  # wholly obtained outside Canada: an originating agricultural good
        if piece.originating is False or piece.material.country == "CA" or answer is False:
            if held:
                return (
                    False,
                    [],
                    [f"{piece.material.id} (1701.99) is not a qualifying good ({law.citation})"],
                )
        elif answer is not True:
            missing.append(
                _ask(
                    f"{piece.path}.qualifying_good",
                    f"Is {piece.material.id} an "
                    "originating agricultural good counting operations in Canada "
                    "as non-USMCA (a qualifying good)?",
                    law.citation,
                )
            )
    return (None, missing, []) if missing else (True, [], [])


def _operations(ctx: Context, result: Determination) -> Outcome:
    """Repackaging, sorting or testing leave the material as it was: when every component
    of an originating good is (or may be) of the good's own subheading and no operations
    are stated,
    whether the good was produced (4531(a)(16)) is asked before saying originating."""
    good = ctx.request.good
    if ctx.as_material or good.operations is not None or result.status is not Status.ORIGINATING:
        return True, [], []
    own = parse_code(good.hs)
    components = [p for p in ctx.bom.pieces if p.material.role == "component"]
    if result.criterion == "E" or own.level < Level.SUBHEADING or not components:
        return True, [], []
    if all(p.originating is True for p in components):
        return True, [], []
    for piece in components:
        hs = piece.material.hs
        code = parse_code(hs) if hs else None
        if code is None or code.level < Level.SUBHEADING:
            continue  # a code not known could be the good's own: it shows nothing
        if code.prefix(Level.SUBHEADING) != own.prefix(Level.SUBHEADING):
            return True, [], []  # a component of another subheading: the BOM shows assembly
    law = ctx.pack.general.production
    question = (
        "Every material of the good is of its own subheading: which operations were performed "
        "(assembling, processing... or only repackaging, sorting, testing)? Only production "
        "confers origin."
    )
    return None, [_ask("good.operations", question, law.citation)], []


def _open_routes(ctx: Context, result: Determination) -> Determination:
    """Routes the walk could not take for want of a fact: GN 11(p), Article 4.2(a)."""
    questions = [] if ctx.as_material else deemed_question(ctx)
    found = claim(ctx)
    if found.holds is None:
        questions += found.missing
    if not questions:
        return result
    known = {m.key for m in result.missing}
    step = Step(
        "routes still open",
        "USMCA Art. 4.2(a); GN 11(p)",
        "facts needed",
        {"questions": ", ".join(q.key for q in questions)},
    )
    return replace(
        result,
        status=Status.UNDETERMINED,
        criterion=None,
        missing=(*result.missing, *(q for q in questions if q.key not in known)),
        trace=(*result.trace, step),
    )


def _ask(key: str, question: str, citation: str) -> Missing:
    return Missing(key, question, citation, "whether the good is originating")


Check = Callable[[Context, Determination], Outcome]
CHECKS: tuple[Check, ...] = (_transit, _foreign_trade_zone, _sugar, _operations)
