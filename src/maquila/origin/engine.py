"""One good's determination: USMCA Article 4.2 walked in order, as small steps.

(a) wholly obtained -> (b) product-specific rule met with non-originating materials ->
(c) produced exclusively from originating materials -> (d) parts classified with the
good, with the special provisions (deemed originating goods, sets, non-qualifying
operations, production, section notes on processes) where the law puts them. Each step
returns a determination or None (not decided here, go on). The requirements that hold
beside the rule (chapter requirements, Part 6 for vehicles, transit, foreign-trade zones,
GN 11(q)) then settle or open the answer (maquila.origin.conditions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from maquila.hs.bridge import BRIDGE_CITATION, Bridged, to_hs2012
from maquila.hs.codes import TariffCode, parse_code
from maquila.law.pack import Pack, usmca
from maquila.origin import bom as bom_module
from maquila.origin import conditions
from maquila.origin.automotive import vehicle_requirements
from maquila.origin.codes import covers
from maquila.origin.context import Context
from maquila.origin.facts import rerooted
from maquila.origin.psr import product_specific_rule
from maquila.origin.readings import diluent_pieces
from maquila.origin.request import Good, Material, Request
from maquila.origin.result import Determination, Missing, Status, Step
from maquila.origin.rvc import informational_rvc
from maquila.origin.special import chapter_requirements, deemed_originating, set_of_goods
from maquila.origin.values import bases
from maquila.origin.wholly import production, wholly_obtained

ART_4_2 = "USMCA Art. 4.2"


def determine(request: Request, *, pack: Pack | None = None) -> Determination:
    """Decide whether the good of ``request`` is USMCA-originating, with its trace."""
    return _determine(request, pack or usmca(), as_material=False)


def _determine(request: Request, pack: Pack, *, as_material: bool) -> Determination:
    good_code = parse_code(request.good.hs)
    bridged = to_hs2012(good_code)
    ctx = _context(request, pack, bridged, as_material=as_material)
    trace = _reading_trace(ctx, good_code, bridged)
    step, result = _first_decision(ctx, trace)
    if step not in NO_CHAPTER_REQUIREMENTS:
        result = chapter_requirements(ctx, result)
    result = vehicle_requirements(ctx, result)  # SOR/2020-155 ss. 14(4), 17, 18
    result = conditions.apply(ctx, result)
    # the good's code as read (HS 2022) and the edition of the pack's rules, not constants
    return replace(
        result,
        trace=(*trace, *result.trace),
        rvc=result.rvc or informational_rvc(ctx),
        vintage={"good": good_code.vintage.value, "rules": pack.vintage},
    )


def _context(request: Request, pack: Pack, bridged: Bridged, *, as_material: bool) -> Context:
    """What every step reads: the request, its bill of materials (each material's role and
    origin, a self-produced one decided first as a good of its own, USMCA Art. 4.8) and the
    good's value bases."""
    propagating = next(
        (p for p in pack.general.propagating_materials if covers(p.goods, request.good.hs)),
        None,
    )
    builder = bom_module.Builder(
        request.good, pack.general.parties, _sub_decider(request, pack), request.facts, propagating
    )
    bom = bom_module.build(request.materials, builder)
    bom.pieces = diluent_pieces(bom.pieces, request, pack)
    return Context(
        request,
        pack,
        bom,
        bases(request.good),
        bridged.candidates[0],
        as_material=as_material,
    )


def _reading_trace(ctx: Context, good_code: TariffCode, bridged: Bridged) -> list[Step]:
    """The trace's opening: the request as read, its code bridged to the rules' HS 2012 terms
    where they differ, and each material's origin and contribution to VNM."""
    request = ctx.request
    trace = [
        Step(
            "request",
            "USMCA Chapter 4",
            "read",
            {
                "good": f"{request.good.hs} {request.good.description}".strip(),
                **(
                    {}
                    if request.good.fraccion is None
                    else {"fracción (TIGIE)": request.good.fraccion}
                ),
                "date": request.date.isoformat(),
                "produced in": request.good.produced_in,
                **ctx.bases.arithmetic,
            },
        )
    ]
    if bridged.changed:
        trace.append(
            Step(
                "nomenclature",
                BRIDGE_CITATION,
                "bridged",
                {
                    "HS 2022": str(good_code),
                    "HS 2012 (rule terms)": ", ".join(map(str, bridged.candidates)),
                },
            )
        )
    for piece in ctx.bom.pieces:
        trace.append(
            Step(
                f"material {piece.path}",
                "USMCA Arts. 4.4-4.16",
                piece.note,
                {
                    "id": piece.material.id,
                    "hs": piece.material.hs,
                    **_extended(piece.material),
                    "VNM contribution": piece.vnm.shown(),
                },
                depth=1,
            )
        )
    return trace


def _extended(material: Material) -> dict[str, str]:
    """The line value an ERP's unit cost gives, with its arithmetic (quantity x unit value)."""
    shown = {} if material.fraccion is None else {"fracción (TIGIE)": material.fraccion}
    if material.unit_value is None:
        return shown
    value = f"{material.quantity} x unit value {material.unit_value} = {material.value}"
    return {**shown, "value": value}


def _first_decision(ctx: Context, trace: list[Step]) -> tuple[Step_, Determination]:
    """USMCA Art. 4.2 walked in order: the first step that decides, and its determination."""
    for step in STEPS:
        result = step(ctx, trace)
        if result is not None:
            return step, result
    raise AssertionError("the last step always decides")  # pragma: no cover


def _sub_decider(request: Request, pack: Pack) -> bom_module.SubDecide:
    def decide(material: Material, path: str) -> tuple[Status, list[Missing]]:
        if material.hs is None:
            return Status.UNDETERMINED, [
                Missing(
                    f"{path}.hs",
                    f"What is the tariff classification of {material.id}?",
                    ART_4_2,
                    "the self-produced material's origin",
                )
            ]
        # validated with its parent: built, not validated again (its facts are re-rooted
        # to its own paths, so the checks of a whole request would not hold for it)
        sub = Request.model_construct(
            date=request.date,
            importing_country=request.importing_country,
            good=Good.model_construct(
                hs=material.hs,
                description=material.description,
                produced_in=material.country or request.good.produced_in,
                transaction_value=material.transaction_value,
                net_cost=material.net_cost,
                total_cost=material.value,
                # a part of a good for use in a vehicle is for use in that vehicle too
                automotive_use=request.good.automotive_use,
                remanufactured=request.good.remanufactured,
                remanufactured_like_new=request.good.remanufactured_like_new,
                remanufactured_warranty=request.good.remanufactured_warranty,
            ),
            materials=material.materials,
            facts=rerooted(request.facts, path),
        )
        result = _determine(sub, pack, as_material=True)
        missing = [
            Missing(_parent_key(m.key, path), m.question, m.rule, m.settles) for m in result.missing
        ]
        return result.status, missing

    return decide


# a question a self-produced material's own determination asks about "the good" is a
# question about the material's fields in the parent request
_AS_MATERIAL = {
    "good.hs": "hs",
    "good.total_cost": "value",
    "good.net_cost": "net_cost",
    "good.transaction_value": "transaction_value",
}


def _parent_key(key: str, path: str) -> str:
    if key == "good.automotive_use":
        return key  # the material inherits the good's use
    if key in _AS_MATERIAL:
        return f"{path}.{_AS_MATERIAL[key]}"
    return key if key.startswith(path) else f"{path}.{key}"


def _party(ctx: Context, trace: list[Step]) -> Determination | None:
    country = ctx.request.good.produced_in
    if country in ctx.pack.general.parties:
        return None
    return Determination(
        Status.NON_ORIGINATING,
        reasons=[f"produced in {country}, not in the territory of a USMCA country ({ART_4_2})"],
    )


def _non_qualifying(ctx: Context, trace: list[Step]) -> Determination | None:
    operation = ctx.request.good.non_qualifying_operation
    if operation is None:
        return None
    return Determination(
        Status.NON_ORIGINATING,
        reasons=[
            f"{operation.replace('_', ' ')} does not confer origin (USMCA Art. 4.19; "
            "HTSUS GN 11(n)(ii); 19 U.S.C. 4531(n))"
        ],
    )


def _exclusively_originating(ctx: Context, trace: list[Step]) -> Determination | None:
    if any(p.originating is not True for p in ctx.bom.pieces):
        return None
    if not ctx.bom.pieces:
        return Determination(
            Status.UNDETERMINED,
            missing=[
                Missing(
                    "materials",
                    "Which materials is the good produced from?",
                    ART_4_2,
                    "every criterion of Article 4.2 other than wholly obtained",
                )
            ],
        )
    return Determination(
        Status.ORIGINATING,
        criterion="C",
        trace=[
            Step(
                "Article 4.2(c): produced exclusively from originating materials",
                "USMCA Art. 4.2(c); 19 U.S.C. 4531(c)(1)(C)",
                "originating",
            )
        ],
    )


# a set's goods and goods deemed originating take their status from elsewhere
NO_CHAPTER_REQUIREMENTS = (deemed_originating, set_of_goods)

Step_ = Callable[[Context, list[Step]], Determination | None]
STEPS: tuple[Step_, ...] = (
    deemed_originating,  # UR s. 3(7): needs no production in a Party (s. 3(9) Example 5)
    _party,
    _non_qualifying,
    production,  # 19 U.S.C. 4531(a)(16): no production, no origin
    wholly_obtained,
    set_of_goods,
    _exclusively_originating,
    product_specific_rule,
)
