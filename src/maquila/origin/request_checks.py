"""A request checked against the law's own definitions before any rule is applied.

What is refused here is not a missing fact (that is asked) but an input no good can
have: a figure the definitions make impossible, facts that contradict each other, a
fact the engine never reads, a BOM that contains itself. Every problem is reported at
once, each at its JSON path, as a pydantic validation error of the request itself, so
every door (CLI, REST, catalog) refuses the same inputs (DESIGN.md, "Errors").
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from maquila.hs.codes import parse_code
from maquila.law.pack import Pack, usmca
from maquila.origin import facts as fact_keys
from maquila.origin.codes import covers
from maquila.origin.request_model import Good, Material, RequestData

Loc = tuple[str | int, ...]
Inconsistency = tuple[Loc, object, str]
EXCLUDED_FROM_COST = ("indirect", "packing_for_shipment")


def refuse_inconsistent(request: RequestData) -> None:
    pack = usmca()
    found = list(_problems(request, pack))
    if found:
        raise ValidationError.from_exception_data(
            "Request",
            [
                InitErrorDetails(
                    type=PydanticCustomError("inconsistent", "{message}", {"message": message}),
                    loc=loc,
                    input=value,
                )
                for loc, value, message in found
            ],
        )


def _problems(request: RequestData, pack: Pack) -> Iterator[Inconsistency]:
    eif = pack.general.entry_into_force
    if request.date < eif.date:
        yield (
            ("date",),
            request.date.isoformat(),
            f"a date on or after {eif.date.isoformat()}: the USMCA rules of origin apply "
            f"to goods entered from its entry into force ({eif.citation})",
        )
    yield from _cycles(request.materials, ("materials",), ())
    yield from _costs(request.good)
    yield from _values(request)
    yield from _materials(request, pack, request.materials, ("materials",))
    yield from _good(request, pack)
    for key, wrong in fact_keys.problems(
        request.facts, request.materials, pack, frozenset(Good.model_fields)
    ):
        yield ("facts", key), request.facts[key], f"a fact the engine asks: {wrong}"


def _cycles(
    materials: tuple[Material, ...], loc: Loc, ancestors: tuple[str, ...]
) -> Iterator[Inconsistency]:
    for index, material in enumerate(materials):
        here = (*loc, index)
        if material.id in ancestors:
            chain = " -> ".join((*ancestors, material.id))
            yield (
                (*here, "id"),
                material.id,
                f"a BOM without cycles ({chain}): a material cannot contain itself",
            )
            continue
        yield from _cycles(material.materials, (*here, "materials"), (*ancestors, material.id))


def _costs(good: Good) -> Iterator[Inconsistency]:
    tv, shipment = good.transaction_value, good.international_shipment_costs
    if tv is not None and shipment >= tv:
        yield (
            ("good", "international_shipment_costs"),
            str(shipment),
            f"costs of international shipment below the transaction value {tv}: the adjusted "
            "transaction value must stay above zero (UR s. 1(1); 19 U.S.C. 4531(d)(2)(B)(ii))",
        )
    total, net, excluded = good.total_cost, good.net_cost, good.excluded_costs
    if total is not None and excluded is not None and excluded.total() >= total:
        yield (
            ("good", "excluded_costs"),
            str(excluded.total()),
            f"excluded costs below the total cost {total}: net cost is total cost minus "
            "them and must stay above zero (19 U.S.C. 4531(a)(8))",
        )
    elif total is not None and net is not None and net > total:
        yield (
            ("good", "net_cost"),
            str(net),
            f"a net cost not above the total cost {total} (19 U.S.C. 4531(a)(8))",
        )
    elif (
        total is not None
        and net is not None
        and excluded is not None
        and net != total - excluded.total()
    ):
        yield (
            ("good", "net_cost"),
            str(net),
            f"the net cost the total cost and excluded costs give ({total} - "
            f"{excluded.total()} = {total - excluded.total()}), or only one of them",
        )
    component = good.classifying_component_weight
    if good.weight is not None and component is not None and component > good.weight:
        yield (
            ("good", "classifying_component_weight"),
            str(good.classifying_component_weight),
            f"a component weight not above the good's weight {good.weight}",
        )


def _values(request: RequestData) -> Iterator[Inconsistency]:
    """VNM is part of the value base; materials are product costs within the total cost
    (19 U.S.C. 4531(d)(2)-(3), (a)(25)(B)(iii)). Only stated values are summed: a missing
    one is asked, never taken as a figure."""
    good = request.good
    plain = [
        m
        for m in request.materials
        if m.role not in EXCLUDED_FROM_COST
        and m.origin != "originating"
        and not (m.intermediate or m.accumulation or m.recovered)
        and m.value is not None
    ]
    vnm = sum((m.value for m in plain if m.value is not None), Decimal(0))
    # packing for shipment is a shipping and packing cost: in the total cost, not in the net
    # cost (4531(a)(8), (23)); indirect materials are not itemized as materials of the good
    incurred = [m.value for m in request.materials if m.role != "indirect"]
    in_total = sum((v for v in incurred if v is not None), Decimal(0))
    costed = [m.value for m in request.materials if m.role not in EXCLUDED_FROM_COST]
    materials = sum((v for v in costed if v is not None), Decimal(0))
    net = good.net_cost
    if net is None and good.total_cost is not None and good.excluded_costs is not None:
        net = good.total_cost - good.excluded_costs.total()
    bases = []
    if good.transaction_value is not None:
        tv = good.transaction_value - good.international_shipment_costs
        bases.append(("the adjusted transaction value", tv, vnm, "non-originating"))
    if net is not None and net > 0:
        bases.append(("the net cost", net, materials, "all"))
    if good.total_cost is not None:
        bases.append(("the total cost", good.total_cost, in_total, "all"))
    for name, base, amount, which in bases:
        if base > 0 and amount > base:
            yield (
                ("materials",),
                f"{amount} ({which} materials' stated values)",
                f"materials worth no more than {name} {base}: the figures cannot all be right",
            )
            return


def _materials(
    request: RequestData, pack: Pack, materials: tuple[Material, ...], loc: Loc
) -> Iterator[Inconsistency]:
    parties = pack.general.parties
    for index, m in enumerate(materials):
        here = (*loc, index)
        if m.origin == "originating" and m.country is not None and m.country not in parties:
            yield (
                (*here, "country"),
                m.country,
                f"a USMCA country for an originating material ({', '.join(parties)}): a "
                "material produced elsewhere is not originating (19 U.S.C. 4531(a)(12), (c)(1))",
            )
        if m.accumulation is not None and m.country is not None and m.country not in parties:
            yield (
                (*here, "country"),
                m.country,
                "a USMCA country for a material under an accumulation statement: accumulation "
                "counts production in the territory (19 U.S.C. 4531(e)(2)-(3); UR s. 9)",
            )
        yield from _figures_of(m, here)
        yield from _role_conditions(m, here)
        yield from _materials(request, pack, m.materials, (*here, "materials"))


def _figures_of(m: Material, here: Loc) -> Iterator[Inconsistency]:
    if m.intermediate and m.value == 0:
        yield (
            (*here, "value"),
            "0",
            "a value above zero: a self-produced material is valued at the expenses of "
            "producing it plus profit (19 U.S.C. 4531(d)(8)(C)), and is its own RVC base",
        )
    if m.intermediate and m.value is not None:
        inputs = [c.value for c in m.materials if c.role not in EXCLUDED_FROM_COST]
        total = sum((v for v in inputs if v is not None), Decimal(0))
        if total > m.value:
            yield (
                (*here, "value"),
                str(m.value),
                f"at least the value of its own inputs ({total}): a self-produced material "
                "is valued at all the expenses of producing it plus profit "
                "(19 U.S.C. 4531(d)(8)(C))",
            )
    statement = m.accumulation
    if statement is None:
        return
    for name, figure in (
        ("regional_value", statement.regional_value),
        ("non_originating_value", statement.non_originating_value),
    ):
        if figure is not None and m.value is not None and figure > m.value:
            yield (
                (*here, "accumulation", name),
                str(figure),
                f"at most the material's value {m.value} (UR s. 9)",
            )
    nc, vnm = statement.net_cost, statement.non_originating_value
    if nc is not None and vnm is not None and vnm > nc:
        yield (
            (*here, "accumulation", "net_cost"),
            str(nc),
            f"at least the stated value of non-originating materials {vnm} (UR s. 9(2)(a))",
        )


def _role_conditions(m: Material, here: Loc) -> Iterator[Inconsistency]:
    conditions = {
        "classified_with_good": ("retail_packaging", "accessory"),
        "invoiced_separately": ("accessory",),
        "customary": ("accessory",),
    }
    for name, roles in conditions.items():
        if getattr(m, name) is not None and m.role not in roles:
            yield (
                (*here, name),
                getattr(m, name),
                f"only on a material of role {' or '.join(roles)} (19 U.S.C. 4531(h)(2), (i))",
            )
    if m.role in ("retail_packaging", "accessory") and m.classified_with_good is False:
        yield (
            (*here, "classified_with_good"),
            False,
            "retail packaging or an accessory classified with the good: one classified "
            "apart is a good of its own; decide it separately (19 U.S.C. 4531(h)(2)(A), (i))",
        )


def _good(request: RequestData, pack: Pack) -> Iterator[Inconsistency]:
    good = request.good
    # GN 11(n)(iii), ch. 3 chapter rule 1: imported seed, cuttings, eggs or fry may stand in
    # a good grown or raised in the territory (asked by the engine)
    propagating = any(covers(p.goods, good.hs) for p in pack.general.propagating_materials)
    if good.wholly_obtained and not propagating:
        for index, m in enumerate(request.materials):
            # retail packaging and accessories are disregarded for wholly obtained when
            # their conditions hold (19 U.S.C. 4531(h)(1)(B), (i)): the engine asks them
            if m.role != "component" or m.origin != "non_originating":
                continue
            yield (
                ("materials", index, "origin"),
                m.origin,
                "no non-originating material in a good stated wholly obtained "
                "(19 U.S.C. 4531(a)(4)); feed, fuel and the like are role: indirect",
            )
    remanufactured = pack.general.remanufactured
    if good.remanufactured:
        code = parse_code(good.hs)
        inside = remanufactured.goods.codeset(code.vintage).contains(code)
        excluded = remanufactured.excluded.codeset(code.vintage).contains(code)
        if inside is False or excluded:
            yield (
                ("good", "remanufactured"),
                True,
                "a good of chapters 84-90 or heading 9402, other than those 4531(a)(19) "
                f"excludes: {good.hs} cannot be a remanufactured good ({remanufactured.citation})",
            )
    if good.transit is not None:
        for index, country in enumerate(good.transit.countries):
            if country in pack.general.parties:
                yield (
                    ("good", "transit", "countries", index),
                    country,
                    "a country outside the territory: transit is what happens outside the "
                    f"USMCA countries ({pack.general.transit.citation})",
                )
