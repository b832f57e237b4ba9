"""The request's parts: the good, its bill of materials, the facts, as users write them.

Documented in docs/request-format.md. Models are strict (an unknown field is an
error), values are Decimal, and codes are validated as tariff codes and ISO countries.
:class:`maquila.origin.request.Request` adds the checks of the whole request.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

import pycountry
from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from maquila.hs.codes import HSCodeError, Level, parse_code
from maquila.hs.nomenclature import exists

# what the good is, or is for as original equipment (HTSUS GN 11 underscoring rules;
# SOR/2020-155 s. 12 "passenger vehicle", "light truck", "heavy truck"; s. 14(18) aftermarket)
from maquila.law.automotive_rules import Use as AutomotiveUse
from maquila.strict import Strict
from maquila.verdict import Code, Invalid

# Amounts beyond 10^15 are typing errors, and would overflow exact decimal arithmetic.
LIMIT = Decimal("1e15")
NonNegative = Annotated[Decimal, Field(ge=0, le=LIMIT, allow_inf_nan=False)]
Positive = Annotated[Decimal, Field(gt=0, le=LIMIT, allow_inf_nan=False)]


def _text_code(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError(
            'write tariff codes as text in quotes, e.g. "0401.10" (a number loses leading '
            "zeros and trailing zeros)"
        )
    return value


def _scalar_facts(value: object) -> object:
    if isinstance(value, dict):
        for key, answer in value.items():
            if not isinstance(answer, (bool, str, int, float, Decimal)):
                raise ValueError(
                    f"fact {key!r} must be true/false, a number or a text, not "
                    f"{type(answer).__name__}"
                )
    return value


def _tariff_code(value: str) -> str:
    try:
        code = parse_code(value)
    except HSCodeError as exc:
        raise ValueError(exc.reason) from None
    if not exists(code):
        level = "subheading" if code.level >= Level.SUBHEADING else code.level.name.lower()
        raise Invalid(
            f"{value!r} is no {level} of HS 2022 (the edition goods are classified in): "
            "check the code against the tariff",
            Code.NOT_A_TARIFF_CODE,
        )
    return value


def _iso_country(value: str) -> str:
    if pycountry.countries.get(alpha_2=value) is None:
        hint = " (the United Kingdom is GB)" if value == "UK" else ""
        raise ValueError(f"an assigned ISO 3166-1 alpha-2 country code{hint}, not {value!r}")
    return value


HSText = Annotated[str, BeforeValidator(_text_code), AfterValidator(_tariff_code)]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$"), AfterValidator(_iso_country)]
Origin = Literal["originating", "non_originating", "unknown"]
Role = Literal["component", "indirect", "packing_for_shipment", "retail_packaging", "accessory"]

# 19 U.S.C. 4531(a)(4)(A)-(K), in order
WhollyObtained = Literal[
    "mineral",
    "plant",
    "live_animal",
    "from_live_animal",
    "hunted_or_fished",
    "aquaculture",
    "sea_fishing",
    "factory_ship",
    "seabed",
    "waste_and_scrap",
    "from_wholly_obtained",
]
# 19 U.S.C. 4531(a)(16): "production" (maquila.origin.production reads the list)
ProductionOperation = Literal[
    "growing",
    "cultivating",
    "raising",
    "mining",
    "harvesting",
    "fishing",
    "trapping",
    "hunting",
    "capturing",
    "breeding",
    "extracting",
    "manufacturing",
    "processing",
    "assembling",
    "aquaculture",
]
OtherOperation = Literal[
    "repackaging",
    "packing",
    "sorting",
    "grading",
    "testing",
    "inspecting",
    "labeling",
    "marking",
    "cleaning",
    "storing",
    "disassembly",
    "dilution",
]
# 19 U.S.C. 4531(l)(1)(A)-(B); UR s. 10(1)(b): what a good may undergo outside the territory
TransitOperation = Literal[
    "unloading",
    "reloading",
    "separation_from_bulk",
    "storing",
    "labeling",
    "marking",
    "preservation",
    "transport",
    "further_production",
    "other",
]


Facts = dict[str, bool | Decimal | str]


class ExcludedCosts(Strict):
    """Costs subtracted from total cost to reach net cost (USMCA Art. 4.1 "net cost";
    19 U.S.C. 4531(a)(8))."""

    sales_promotion_marketing_after_sales: NonNegative = Decimal(0)
    royalties: NonNegative = Decimal(0)
    shipping_and_packing: NonNegative = Decimal(0)
    non_allowable_interest: NonNegative = Decimal(0)

    def total(self) -> Decimal:
        return (
            self.sales_promotion_marketing_after_sales
            + self.royalties
            + self.shipping_and_packing
            + self.non_allowable_interest
        )


class Accumulation(Strict):
    """A supplier's statement under UR s. 9 for a material produced in another Party.

    ``non_originating_value``: the value of non-originating materials stated by the
    supplier (s. 9(2)(a) with net cost, or s. 9(3)); ``regional_value``: the stated
    amount of net cost minus VNM (s. 9(2)(b)).
    """

    statement: Literal["9(2)(a)", "9(2)(b)", "9(3)"]
    non_originating_value: NonNegative | None = None
    regional_value: NonNegative | None = None
    net_cost: NonNegative | None = None

    @model_validator(mode="after")
    def _figures_match_statement(self) -> Accumulation:
        if self.statement == "9(2)(b)" and self.regional_value is None:
            raise ValueError("a 9(2)(b) statement needs regional_value")
        if self.statement != "9(2)(b)" and self.non_originating_value is None:
            raise ValueError(f"a {self.statement} statement needs non_originating_value")
        return self


# a Mexican TIGIE fracción (8 digits) with its NICO (2), kept as the plant wrote it; the
# rules read ``hs`` (its HS subheading), never these digits as an HTSUS item
Fraccion = Annotated[str, Field(pattern=r"^\d{8}(\d{2})?$")]


class Material(Strict):
    id: str = Field(min_length=1)
    hs: HSText | None = None
    fraccion: Fraccion | None = None
    description: str = ""
    value: NonNegative | None = None
    origin: Origin = "unknown"
    country: Country | None = None
    quantity: NonNegative | None = None
    # an ERP line's unit cost: the line's value is quantity x unit_value (never the unit
    # cost taken for the line), computed here and shown in the trace
    unit_value: NonNegative | None = None
    weight: NonNegative | None = None
    volume: NonNegative | None = None
    role: Role = "component"
    intermediate: bool = False
    designated: bool | None = None
    # of a self-produced material, for its own RVC: bases, so above zero
    net_cost: Positive | None = None
    transaction_value: Positive | None = None
    materials: tuple[Material, ...] = ()
    accumulation: Accumulation | None = None
    recovered: bool = False
    wholly_obtained: bool | None = None
    elastomeric: bool = False
    in_classifying_component: bool = True
    provided_as_part: bool | None = None
    # 19 U.S.C. 4531(h)(2), (i): conditions of the accessory and retail packaging treatment
    classified_with_good: bool | None = None
    invoiced_separately: bool | None = None
    customary: bool | None = None

    @model_validator(mode="after")
    def _extended_value(self) -> Material:
        if self.unit_value is None:
            return self
        if self.quantity is None:
            raise Invalid(
                "unit_value needs the line's quantity (value = quantity x unit_value)",
                Code.MISSING_FIELD,
            )
        extended = self.quantity * self.unit_value
        if self.value is None:
            object.__setattr__(self, "value", extended)  # frozen model: set while validating
        elif self.value != extended:
            raise Invalid(
                f"value {self.value} is not quantity {self.quantity} x unit_value "
                f"{self.unit_value} = {extended}: give one or make them agree",
                Code.CONTRADICTION,
            )
        return self

    @model_validator(mode="after")
    def _nested_only_when_opened(self) -> Material:
        if self.materials and not (self.intermediate or self.accumulation):
            raise ValueError(
                "a nested materials list needs intermediate: true (self-produced) or an "
                "accumulation statement"
            )
        if self.designated is not None and not self.intermediate:
            raise ValueError("only a self-produced material (intermediate: true) is designated")
        return self


class Transit(Strict):
    """What happened to the good outside the territory after its production (USMCA
    Art. 4.18; 19 U.S.C. 4531(l); UR s. 10)."""

    countries: tuple[Country, ...] = ()
    operations: tuple[TransitOperation, ...] = ()
    under_customs_control: bool | None = None
    # GN 11(o) ch. 85 before rules 57, 109, 113, 120; UR s. 10(3): further production
    # abroad that did not change the subheading (or, for 8541/8542, the group)
    subheading_unchanged: bool | None = None


class Good(Strict):
    hs: HSText
    fraccion: Fraccion | None = None
    description: str = ""
    produced_in: Country
    exported_from: Country | None = None
    transaction_value: Positive | None = None
    international_shipment_costs: NonNegative = Decimal(0)
    net_cost: Positive | None = None
    total_cost: Positive | None = None
    excluded_costs: ExcludedCosts | None = None
    currency: Literal["USD", "MXN", "CAD"] = "USD"
    wholly_obtained: bool = False
    wholly_obtained_category: WhollyObtained | None = None
    is_set: bool = False
    remanufactured: bool = False
    remanufactured_like_new: bool | None = None
    remanufactured_warranty: bool | None = None
    unassembled_gri_2a: bool = False
    weight: Positive | None = None
    classifying_component_weight: Positive | None = None
    volume: Positive | None = None
    non_qualifying_operation: Literal["mere_dilution", "circumvention"] | None = None
    operations: tuple[ProductionOperation | OtherOperation, ...] | None = None
    foreign_trade_zone: bool | None = None
    transit: Transit | None = None
    automotive_use: AutomotiveUse | None = None


class RequestData(Strict):
    """The fields of a request; :class:`maquila.origin.request.Request` checks them whole."""

    agreement: Literal["USMCA"] = "USMCA"
    date: date
    importing_country: Literal["US", "MX", "CA"] = "US"
    good: Good
    materials: tuple[Material, ...] = ()
    facts: Annotated[dict[str, bool | Decimal | str], BeforeValidator(_scalar_facts)] = Field(
        default_factory=dict
    )
