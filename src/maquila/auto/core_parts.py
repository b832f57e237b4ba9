"""The core-parts requirement of a passenger vehicle or light truck (SOR/2020-155 s. 14(4)-(13)).

The vehicle is originating only if the parts of column 1 of Table A.2 used in it are
originating (s. 14(4)). For each part the RVC is computed, at the producer's choice, with
the VNM of everything used in the part (s. 14(7)(a)) or only with the non-originating
components of column 2 (s. 14(7)(b), (8)); or all the parts are treated as one
"super-core" part with the sum of their net costs (s. 14(10)). The thresholds are those of
s. 14(13) in force on the date (pack: ``rvc.parts.core.table_A1_A2``). The advanced
battery is not measured here: s. 14(5)-(6) send it to Schedule 1 (its product-specific
rule), so its originating status is an input (``maquila origin check`` decides it).

Every option the law gives the producer is computed and shown; the requirement is met if
one of them is met. RVC formula: USMCA Art. 4.5 (net cost or transaction value method).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, ValidationInfo, model_validator

from maquila.law.automotive import AutomotivePack, pack
from maquila.law.automotive_model import PartsTable
from maquila.origin.values import percent, shown
from maquila.strict import Strict
from maquila.verdict import Met, Missing

BATTERY = "Advanced batteries"


class CorePart(Strict):
    part: str  # a column-1 part of Table A.2, as the pack names it
    net_cost: Decimal | None = Field(default=None, gt=0)
    transaction_value: Decimal | None = Field(default=None, gt=0)
    vnm_all: Decimal | None = Field(default=None, ge=0)  # s. 14(7)(a)
    vnm_listed_components: Decimal | None = Field(default=None, ge=0)  # s. 14(7)(b)
    originating: bool | None = None  # the advanced battery only (Schedule 1)


class CorePartsRequest(Strict):
    producer: str
    vehicle: str
    category: Literal["passenger_vehicle", "light_truck"]
    on: date = Field(alias="date")
    parts: tuple[CorePart, ...]

    @model_validator(mode="after")
    def _known_parts(self, info: ValidationInfo) -> CorePartsRequest:
        # a request model holds no pack: the one a caller validates with is in the context
        # ({"law": pack}, as maquila.auto.vehicle_standard does), else the shipped one
        context = info.context if isinstance(info.context, dict) else {}
        law = context.get("law")
        known = column_1_parts(law if isinstance(law, AutomotivePack) else pack())
        for index, item in enumerate(self.parts):
            if item.part not in known:
                raise ValueError(
                    f"parts[{index}].part {item.part!r}; allowed: {', '.join(sorted(known))}"
                )
        return self


def column_1_parts(law: AutomotivePack) -> set[str]:
    table = law.table("A.2")
    assert isinstance(table, PartsTable)
    return {row.part for row in table.rows if row.role == "part" and row.part}


@dataclass
class Option:
    label: str
    citation: str
    rvc: Decimal | None
    threshold: Decimal
    met: bool | None
    arithmetic: str


@dataclass
class CoreResult:
    status: Met  # maquila.verdict
    options: list[Option] = field(default_factory=list)
    per_part: dict[str, list[Option]] = field(default_factory=dict)
    missing: list[Missing] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _option(
    label: str,
    citation: str,
    base: Decimal | None,
    vnm: Decimal | None,
    threshold: Decimal,
    method: str,
) -> Option:
    if base is None or vnm is None:
        return Option(label, citation, None, threshold, None, f"{method}: figures not given")
    rvc = percent(base, vnm)
    # percentage points rounded to hundredths, half up, before comparing (house rule,
    # docs/automotive.md; as the LVC, steel and averaging calculators): the figure shown
    # is the figure compared
    met = Decimal(shown(rvc)) >= threshold
    text = f"({method} {base} - VNM {vnm}) / {base} x 100 = {shown(rvc)} against {threshold}"
    return Option(label, citation, rvc, threshold, met, text)


def evaluate(request: CorePartsRequest, *, law: AutomotivePack | None = None) -> CoreResult:
    """The core parts against the s. 14(13) thresholds of ``law`` (default: the shipped pack)."""
    law = law or pack()
    figures = law.threshold("rvc.parts.core.table_A1_A2", request.on)
    assert figures.net_cost is not None and figures.transaction_value is not None
    nc_min, tv_min = figures.net_cost, figures.transaction_value
    result = CoreResult(Met.UNDETERMINED)
    measured = [p for p in request.parts if p.part != BATTERY]
    _battery(request, result)
    individual: list[bool | None] = []
    for item in measured:
        options = _options(item, nc_min, tv_min)
        result.per_part[item.part] = options
        outcomes = [o.met for o in options if o.met is not None]
        individual.append(True if any(outcomes) else (False if outcomes else None))
        if not outcomes:
            result.notes.append(f"{item.part}: no option computable (base and VNM not both given)")
    result.options.append(_each(individual))
    result.options += _super_core(measured, nc_min)
    result.status = _status(result, request)
    return result


def _battery(request: CorePartsRequest, result: CoreResult) -> None:
    """The advanced battery is decided under Schedule 1, not measured (s. 14(5)-(6))."""
    for battery in (p for p in request.parts if p.part == BATTERY):
        if battery.originating is None:
            result.missing.append(
                Missing(
                    f"parts[{BATTERY}].originating",
                    "advanced battery: its origin under Schedule 1 (s. 14(5)-(6))",
                    "SOR/2020-155 s. 14(5)-(6)", "the core parts requirement",
                )
            )  # fmt: skip
        elif not battery.originating:
            result.notes.append("the advanced battery is not originating (Schedule 1)")


def _options(item: CorePart, nc_min: Decimal, tv_min: Decimal) -> list[Option]:
    """A core part's four ways to its RVC: net cost or transaction value, over the VNM of
    all materials or of the column 2 components (s. 14(7)-(8), (13))."""
    all_materials = ("VNM of all materials", "s. 14(7)(a), (13)", item.vnm_all)
    listed = ("VNM of column 2 components", "s. 14(7)(b), (8), (13)", item.vnm_listed_components)
    bases = ((item.net_cost, nc_min, "NC"), (item.transaction_value, tv_min, "TV"))
    return [
        _option(label, citation, base, vnm, minimum, method)
        for base, minimum, method in bases
        for label, citation, vnm in (all_materials, listed)
    ]


def _each(individual: list[bool | None]) -> Option:
    met = None if None in individual else all(individual) if individual else None
    return Option(
        "each part on its own",
        "s. 14(4), (7), (13)",
        None,
        Decimal(0),
        met,
        f"{sum(1 for x in individual if x)} of {len(individual)} parts meet an option",
    )


def _super_core(parts: list[CorePart], nc_min: Decimal) -> list[Option]:
    """s. 14(10): one part, the sum of the net costs (the provision names net cost only)."""
    if not parts or any(p.net_cost is None for p in parts):
        return []
    total = sum((p.net_cost or Decimal(0) for p in parts), Decimal(0))
    out = []
    for label, citation, values in (
        ("super-core, VNM of all materials", "s. 14(10)(a), (13)", [p.vnm_all for p in parts]),
        (
            "super-core, VNM of column 2 components",
            "s. 14(10)(b), (13)",
            [p.vnm_listed_components for p in parts],
        ),
    ):
        vnm = (
            None
            if any(v is None for v in values)
            else sum((v or Decimal(0) for v in values), Decimal(0))
        )
        out.append(_option(label, citation, total, vnm, nc_min, "NC"))
    return out


def _status(result: CoreResult, request: CorePartsRequest) -> Met:
    """An option whose figures the producer did not give is an option not chosen; the
    requirement is met by any option computed and met (s. 14(4), (7), (10))."""
    if any(
        not p.originating for p in request.parts if p.part == BATTERY and p.originating is not None
    ):
        return Met.NOT_MET
    computed = [o.met for o in result.options if o.met is not None]
    if not computed:
        return Met.UNDETERMINED
    if not any(computed):
        return Met.NOT_MET
    return Met.UNDETERMINED if result.missing else Met.MET
