"""What a vehicle producer's LVC certification states besides the figures (input model).

The data elements come from the sources read (docs/legal-sources.md, "LVC certification"):
29 CFR 810.405(a)(1)-(4) (producer, vehicles covered, period, plants relied on), 19 CFR
182.95(c)(1) (producer's corporate address including country), 19 CFR 182.92(b) (the
identifier CBP assigns), SOR/2020-155 s. 18(6) (formula), s. 18(15)-(16) (averaging
election) and s. 18(19) (period). Every field may be absent in the input, so that a
calculation runs on a draft; :func:`missing` names what a certificate still needs, by
path, instead of letting a document go out with blanks.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from maquila.strict import Strict

IdentifierKind = Literal["FEIN", "BN", "RFC", "LEI", "CBP"]  # 29 CFR 810.405(a)(1)


class Identifier(Strict):
    """FEIN, or the alternative number the producer chooses: BN (Canada Revenue Agency),
    RFC (SAT), LEI (GLEIF) or a number issued by CBP (29 CFR 810.405(a)(1))."""

    kind: IdentifierKind | None = None
    number: str | None = None


class Contact(Strict):
    name: str | None = None
    phone: str | None = None
    email: str | None = None


class Party(Strict):
    name: str | None = None
    address: str | None = None
    country: str | None = None
    identifier: Identifier | None = None


class Producer(Party):
    contact: Contact | None = None  # "a point of contact", 29 CFR 810.405(a)(1)


class Certifier(Strict):
    name: str | None = None
    title: str | None = None
    company: str | None = None


class VehicleLine(Strict):
    """29 CFR 810.405(a)(2): class, model line and/or other category; an averaging
    election also states model name and tariff classification (s. 18(16)(a))."""

    model_line: str | None = None
    model_name: str | None = None
    vehicle_class: str | None = Field(default=None, alias="class")
    other_category: str | None = None
    hs: str | None = None


class CalculationPeriod(Strict):
    """s. 18(19): the paragraph (a)-(e) the calculation is based on, and its dates (an input
    of the certification; the averaging period computed is maquila.auto.averaging.Period)."""

    basis: Literal["a", "b", "c", "d", "e"] | None = None
    start: date | None = Field(default=None, alias="from")
    end: date | None = Field(default=None, alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> CalculationPeriod:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("the period ends before it starts")
        return self


class Averaging(Strict):
    """s. 18(15): the category (a)-(d) and whether all vehicles or only exported ones."""

    category: Literal["a", "b", "c", "d"]
    basis: Literal["all", "exported"]


class CertificationDetails(Strict):
    certifier: Certifier | None = None
    producer: Producer | None = None
    vehicles: tuple[VehicleLine, ...] = ()
    plants: tuple[Party, ...] = ()
    period: CalculationPeriod | None = None
    averaging: Averaging | None = None
    on: date | None = Field(default=None, alias="date")  # date of the certification
    cbp_identifier: str | None = None  # assigned by CBP after filing, 19 CFR 182.92(b)


# s. 18(16)(a)(i)-(iii): what an averaging election states about the vehicles
AVERAGING_FIELDS = {
    "a": ("model_line", "model_name", "vehicle_class", "hs"),
    "b": ("model_name", "vehicle_class", "hs"),
    "c": ("model_line", "model_name", "vehicle_class", "hs"),
    "d": (),
}


def missing(details: CertificationDetails) -> list[str]:
    """Paths (below ``certification``) of the data elements a certificate needs and the
    input lacks; empty when the document can be produced."""
    out: list[str] = []
    c = details.certifier or Certifier()
    out += _absent("certifier", c, ("name", "title"))
    out += _party("producer", details.producer, country=True)
    p = details.producer or Producer()
    contact = p.contact or Contact()
    out += _absent("producer.contact", contact, ("name",))
    if contact.phone is None and contact.email is None:
        out.append("producer.contact.phone")
    if not details.vehicles:
        out.append("vehicles")
    needed = AVERAGING_FIELDS[details.averaging.category] if details.averaging else ()
    for i, v in enumerate(details.vehicles):
        # 29 CFR 810.405(a)(2): "class, model line, and/or other category"
        if v.model_line is None and v.vehicle_class is None and v.other_category is None:
            out.append(f"vehicles[{i}].model_line")
        out += _absent(f"vehicles[{i}]", v, needed)
    if not details.plants:
        out.append("plants")
    for i, plant in enumerate(details.plants):
        out += _party(f"plants[{i}]", plant, country=False)
    out += _absent("period", details.period or CalculationPeriod(), ("basis", "start", "end"))
    if details.on is None:
        out.append("date")
    return list(dict.fromkeys(out))


def _party(path: str, party: Party | None, *, country: bool) -> list[str]:
    # 29 CFR 810.405(a)(1), (4): name, address and identifier; 19 CFR 182.95(c)(1): country
    party = party or Party()
    out = _absent(path, party, ("name", "address", "country") if country else ("name", "address"))
    return out + _absent(f"{path}.identifier", party.identifier or Identifier(), ("kind", "number"))


def _absent(path: str, model: BaseModel, names: tuple[str, ...]) -> list[str]:
    fields = type(model).model_fields
    out = []
    for name in names:
        value = getattr(model, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            out.append(f"{path}.{fields[name].alias or name}")
    return out
