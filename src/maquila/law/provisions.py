"""The general provisions of the rule pack as structure (GN 11 and 19 U.S.C. 4531 beside
the product-specific rules of maquila.law.model): thresholds, deemed-originating goods,
process provisions, de minimis exceptions, production, remanufactured goods, transit,
the readings of provisions whose wording needs a fact. Strict like the rule model."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from maquila.law.model import RVC, Codes
from maquila.strict import Strict


class Threshold(Strict):
    """A percentage set by a general provision, with where it is written."""

    percent: Decimal
    citation: str


class DeemedItem(Strict):
    """One provision of GN 11(p) with the name printed beside it."""

    code: str
    name: str
    narrows: bool = False  # the name is narrower than the provision: a fact
    current: tuple[str, ...] = ()  # HS 2022 codes of a provision printed in older terms

    @property
    def codes(self) -> tuple[str, ...]:
        return self.current or (self.code,)


class DeemedOriginating(Strict):
    """GN 11(p) / UR Schedule 2: goods deemed originating when imported from a Party."""

    items: tuple[DeemedItem, ...]
    citation: str
    statement: str


class ProcessProvision(Strict):
    """A section note that confers origin on a process (chemical reaction, purification...)."""

    key: str
    scope: Codes
    excluded: Codes | None = None
    question: str
    citation: str


class DeMinimisException(Strict):
    """GN 11(e)(ii) and the chapter notes: a material / good pair for which de minimis is
    unavailable (or, for a permission, available despite GN 11(e)(iii)). A qualifier is
    printed wording the codes do not decide: a fact about the material or the good."""

    id: str
    materials: Codes
    goods: Codes
    citation: str
    material_qualifier: str | None = None
    good_qualifier: str | None = None
    # the material qualifier read on codes: provisions that are it, and that may hold it
    material_is: Codes | None = None
    material_may_be: Codes | None = None


class EntryIntoForce(Strict):
    date: date
    citation: str


class Production(Strict):
    """19 U.S.C. 4531(a)(16): the operations that are production."""

    operations: tuple[str, ...]
    citation: str


class Remanufactured(Strict):
    """19 U.S.C. 4531(a)(19): the goods a remanufactured good may be."""

    goods: Codes
    excluded: Codes
    citation: str


class FurtherProduction(Strict):
    goods: Codes
    citation: str


class TransitProvision(Strict):
    """19 U.S.C. 4531(l); UR s. 10: what a good may undergo outside the territory."""

    allowed: tuple[str, ...]
    citation: str
    further_production_allowed: tuple[FurtherProduction, ...]


class PropagatingMaterial(Strict):
    """GN 11(n)(iii), ch. 3 chapter rule 1: imported planting or stocking material does not
    stop a good grown or raised in the territory from being originating."""

    goods: Codes
    materials: Codes
    question: str
    citation: str


class MaterialCondition(Strict):
    """A provision on some materials of some goods (GN 11(q)(ii): sugar of 1701.99)."""

    goods: Codes
    materials: Codes
    citation: str


class AlternativeRestriction(Strict):
    """A printed note that takes one alternative of a rule away from some goods: a fact."""

    rule: str
    alternative: str
    key: str
    question: str
    citation: str


class VolumeCondition(Strict):
    """A proviso measured by volume: non-originating materials (of ``materials``, or all)
    at most ``percent`` of the good's volume, all of them within ``within`` if given."""

    rule: str
    alternative: str
    percent: Decimal
    citation: str
    replaces: bool
    materials: Codes | None = None
    within: Codes | None = None


class AlternativeReading(Strict):
    """A verbatim alternative read into structure: no shift, an RVC, goods it excludes."""

    rule: str
    alternative: str
    except_goods: Codes
    rvc: RVC
    citation: str


class Diluent(Strict):
    """The 2709 diluent note: the origin of diluent within a volume share is disregarded."""

    goods: Codes
    materials: Codes
    percent: Decimal
    citation: str


class RequirementReading(Strict):
    """A requirement read on the materials: those of ``materials`` must be wholly obtained;
    one of ``may_contain`` leaves the requirement to the producer's answer."""

    rule: str
    materials: Codes
    may_contain: Codes
    citation: str


class GeneralProvisions(Strict):
    """The general part of the pack: thresholds and provisions outside Annex 4-B."""

    de_minimis_value: Threshold
    de_minimis_textile_weight: Threshold
    de_minimis_elastomeric_weight: Threshold
    de_minimis_textile_goods: Codes
    de_minimis_component_goods: Codes
    de_minimis_same_subheading_chapters: Codes
    de_minimis_exceptions: tuple[DeMinimisException, ...]
    de_minimis_permissions: tuple[DeMinimisException, ...]
    rvc_waiver: Threshold
    parts_fallback_rvc: RVC
    parts_fallback_citation: str
    parts_fallback_excluded: Codes
    sets_limit: Threshold
    deemed_originating: DeemedOriginating
    processes: tuple[ProcessProvision, ...]
    rayon_disregarded: Codes
    rayon_disregarded_goods: Codes
    rayon_citation: str
    parties: tuple[str, ...]
    entry_into_force: EntryIntoForce
    production: Production
    remanufactured: Remanufactured
    transit: TransitProvision
    foreign_trade_zone_citation: str
    propagating_materials: tuple[PropagatingMaterial, ...]
    sugar_mexico: MaterialCondition
    alternative_restrictions: tuple[AlternativeRestriction, ...]
    volume_conditions: tuple[VolumeCondition, ...]
    alternative_readings: tuple[AlternativeReading, ...]
    diluent: Diluent
    requirement_readings: tuple[RequirementReading, ...]
