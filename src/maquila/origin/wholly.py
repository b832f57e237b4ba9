"""Production, and goods wholly obtained or produced (USMCA Arts. 4.1-4.3).

- 19 U.S.C. 4531(a)(16): "production" means growing, ..., manufacturing, processing, or
  assembling a good, or aquaculture. Every criterion of 4531(c)(1)(A)-(D) needs the good to
  be produced in the territory: a good on which only other operations were performed
  (repackaging, sorting, testing...) is not originating (CBP HQ H318560), unless it is
  deemed originating (GN 11(p), which needs no production: UR s. 3(9) Example 5).
- 4531(a)(4)(A)-(K): a wholly obtained good is one of eleven kinds, each with its own
  conditions. The kind is stated, never assumed; the vessel of (G)-(H) and the right to
  exploit of (I) are facts; (K) needs every material wholly obtained. GN 11(n)(iii) and
  the ch. 3 chapter rule let imported seed, cuttings, eggs or fry stand in such a good.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from maquila.origin.codes import covers, listed
from maquila.origin.context import Context
from maquila.origin.request import Material
from maquila.origin.result import Determination, Missing, Status, Step

CITATION = "USMCA Arts. 4.2(a), 4.3; 19 U.S.C. 4531(a)(4)"
CATEGORY_KEY = "good.wholly_obtained_category"
LETTERS = {
    "mineral": "A",
    "plant": "B",
    "live_animal": "C",
    "from_live_animal": "D",
    "hunted_or_fished": "E",
    "aquaculture": "F",
    "sea_fishing": "G",
    "factory_ship": "H",
    "seabed": "I",
    "waste_and_scrap": "J",
    "from_wholly_obtained": "K",
}
FACTS = {
    "sea_fishing": "wholly_obtained.vessel",
    "factory_ship": "wholly_obtained.vessel",
    "seabed": "wholly_obtained.seabed_right",
}
QUESTIONS = {
    "wholly_obtained.vessel": "Was it taken outside the territory, and outside the territorial "
    "sea of any non-USMCA country, by a vessel registered or recorded with a USMCA country "
    "and flying its flag, or documented under the laws of the United States (19 U.S.C. "
    "4531(a)(4)(G)-(H))? For a factory ship, is the ship such a vessel?",
    "wholly_obtained.seabed_right": "Was it taken by a USMCA country, or a person of one, "
    "from seabed or subsoil outside the territory that the country has the right to "
    "exploit (19 U.S.C. 4531(a)(4)(I))?",
}


def production(ctx: Context, trace: list[Step]) -> Determination | None:
    """A good on which no operation of 4531(a)(16) was performed is not produced."""
    operations = ctx.request.good.operations
    if operations is None:
        return None
    law = ctx.pack.general.production
    performed = [op for op in operations if op in law.operations]
    if performed:
        trace.append(
            Step("production", law.citation, "production", {"operations": ", ".join(performed)})
        )
        return None
    return Determination(
        Status.NON_ORIGINATING,
        trace=[
            Step("production", law.citation, "no production", {"operations": ", ".join(operations)})
        ],
        reasons=[
            f"the operations stated ({', '.join(operations) or 'none'}) are not production "
            f"(growing, ..., manufacturing, processing or assembling): the good is not "
            f"produced in the territory ({law.citation})"
        ],
    )


@dataclass
class Claim:
    holds: bool | None
    missing: list[Missing] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def claim(ctx: Context) -> Claim:
    """Whether the good's wholly obtained claim holds, fails, or waits on facts."""
    good = ctx.request.good
    if not good.wholly_obtained:
        return Claim(False)
    category = good.wholly_obtained_category
    if category is None:
        return Claim(
            None,
            [
                Missing(
                    CATEGORY_KEY,
                    "Which kind of wholly obtained good is it (19 U.S.C. 4531(a)(4)(A)-(K))?",
                    CITATION,
                    "criterion A",
                )
            ],
        )
    out = Claim(True)
    key = FACTS.get(category)
    if key is not None:
        answer = ctx.fact(key)
        if answer is False:
            return Claim(False, reasons=[f"not wholly obtained: {key} is not met ({CITATION})"])
        if answer is not True:
            out.holds = None
            out.missing.append(Missing(key, QUESTIONS[key], CITATION, "criterion A"))
    for piece in ctx.bom.pieces:
        if piece.disregarded_for_shift or piece.material.role == "indirect":
            continue  # 19 U.S.C. 4531(h)(1)(B), (i), (j), (k)
        if piece.excused_if and piece.material.origin != "originating":
            out.holds = None if out.holds is not False else False
            out.missing.extend(piece.excused_if)  # disregarded once its conditions hold
            continue
        _material(ctx, category, piece.path, piece.material, out)
        if out.holds is False:
            return out
    return out


def _material(ctx: Context, category: str, path: str, material: Material, out: Claim) -> None:
    if material.origin != "originating":
        propagating = [
            p
            for p in ctx.pack.general.propagating_materials
            if covers(p.goods, ctx.request.good.hs)
            and listed(p.materials, material.hs) is not False
        ]
        if propagating:
            key = f"{path}.propagating_material"
            answer = ctx.fact(key)
            if answer is True:
                return
            if answer is None:
                out.holds = None if out.holds is not False else False
                out.missing.append(
                    Missing(
                        key,
                        f"{material.id}: {propagating[0].question}",
                        propagating[0].citation,
                        "criterion A",
                    )
                )
                return
            out.holds = False
            out.reasons.append(f"{material.id} is not originating: not wholly obtained")
            return
        if material.origin == "unknown":
            out.holds = None if out.holds is not False else False
            out.missing.append(
                Missing(
                    f"{path}.origin",
                    f"Is {material.id} originating? A "
                    "wholly obtained good has only originating materials.",
                    CITATION,
                    "criterion A",
                )
            )
            return
        out.holds = False
        out.reasons.append(f"{material.id} is not originating: not wholly obtained")
        return
    if category == "from_wholly_obtained" and material.wholly_obtained is not True:
        if material.wholly_obtained is False:
            out.holds = False
            out.reasons.append(
                f"{material.id} is not itself wholly obtained: not a good of 4531(a)(4)(K)"
            )
        else:
            out.holds = None if out.holds is not False else False
            out.missing.append(
                Missing(
                    f"{path}.wholly_obtained",
                    f"Is {material.id} itself a good of 4531(a)(4)(A)-(J), or derived from one?",
                    CITATION,
                    "criterion A",
                )
            )


def wholly_obtained(ctx: Context, trace: list[Step]) -> Determination | None:
    found = claim(ctx)
    if found.holds is None and not ctx.bom.pieces:
        return Determination(Status.UNDETERMINED, missing=found.missing)
    if found.holds is not True:
        if found.holds is False and ctx.request.good.wholly_obtained:
            trace.append(
                Step(
                    "Article 4.2(a): wholly obtained or produced",
                    CITATION,
                    "not met",
                    {"why": "; ".join(found.reasons)},
                )
            )
            if not ctx.bom.pieces:
                return Determination(Status.NON_ORIGINATING, reasons=found.reasons)
        return None  # open: the other criteria are tried, the questions come back at the end
    category = ctx.request.good.wholly_obtained_category
    assert category is not None
    return Determination(
        Status.ORIGINATING,
        criterion="A",
        trace=[
            Step(
                "Article 4.2(a): wholly obtained or produced",
                CITATION,
                "originating",
                {"category": f"{category} (4531(a)(4)({LETTERS[category]}))"},
            )
        ],
    )
