"""What an import brings into the ledger, as typed records (no database here).

Templates (CSV / Excel, docs/ledger-formats.md; parsed by maquila.ledger.templates) and
the pedimento validation file (archivo M, maquila.ledger.archivo_m) both come down to
these records, so one writer stores them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from maquila.ledger.pedimento_parts import (
    ContributionRecord,
    DescargoRecord,
    InvoiceRecord,
    PermitRecord,
)

MODALITIES = ("industrial", "servicios", "albergue", "controladora", "tercerizacion")


@dataclass(frozen=True)
class CompanyRecord:
    rfc: str
    name: str
    immex_number: str
    modality: str
    programme_from: date
    programme_to: date | None


@dataclass(frozen=True)
class MaterialRecord:
    line: int
    part_number: str
    description: str
    category: str
    fraccion: str
    nico: str | None
    uom: str
    umc: str
    umc_factor: Decimal
    umt: str
    umt_factor: Decimal


@dataclass(frozen=True)
class ProductRecord:
    line: int
    part_number: str
    description: str
    fraccion: str
    nico: str | None
    uom: str
    umc: str
    umc_factor: Decimal


@dataclass(frozen=True)
class BomLineRecord:
    line: int
    component: str
    quantity: Decimal
    merma_pct: Decimal
    desperdicio_pct: Decimal


@dataclass
class BomRecord:
    line: int
    product: str
    version: str
    valid_from: date
    valid_to: date | None
    lines: list[BomLineRecord] = field(default_factory=list)


@dataclass(frozen=True)
class LineRecord:
    line: int
    secuencia: int
    part_number: str
    fraccion: str
    nico: str | None
    description: str | None
    qty_umc: Decimal
    umc: str
    qty_umt: Decimal | None
    umt: str | None
    customs_value_mxn: Decimal | None
    value_usd: Decimal | None
    origin_country: str | None
    usmca_certificate: str | None
    lot_reference: str | None
    destination: str | None = None  # an export line's country of destination (551.21)
    brand: str | None = None  # 551.19
    model: str | None = None  # 551.20, "modelo o lote"


@dataclass
class PedimentoRecord:
    line: int
    number: str
    clave: str
    operation: int
    paid_on: date
    term_start: date
    exchange_rate: Decimal | None = None
    destination: str | None = None
    aduana_seccion: str | None = None
    rectifies: str | None = None
    identifiers: list[tuple[int | None, str, str | None, str | None, str | None]] = field(
        default_factory=list
    )
    lines: list[LineRecord] = field(default_factory=list)
    rfc: str | None = None  # the importer or exporter (501.9), checked against the company
    region: str | None = None  # Anexo 22 Apéndice 15 destination code (501.21)
    # other numbers the same pedimento may be printed with (the year rule's second reading)
    alternates: list[str] = field(default_factory=list)
    rectifies_alternates: list[str] = field(default_factory=list)
    invoices: list[InvoiceRecord] = field(default_factory=list)
    contributions: list[ContributionRecord] = field(default_factory=list)
    descargos: list[DescargoRecord] = field(default_factory=list)
    permits: list[PermitRecord] = field(default_factory=list)


@dataclass(frozen=True)
class RateRecord:
    line: int
    fraccion: str
    basis: str
    percent: Decimal
    valid_from: date
    valid_to: date | None
    reference: str | None


@dataclass(frozen=True)
class DestinationDutyRecord:
    line: int
    pedimento: str
    secuencia: int
    entry_number: str
    country: str
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class NonBusinessDayRecord:
    """A day the authorities declare non-business (CFF art. 12: vacaciones generales)."""

    line: int
    day: date
    reason: str
    source: str


@dataclass(frozen=True)
class EvidenceRecord:
    line: int
    pedimento: str
    secuencia: int
    part_number: str
    certificate: str | None  # a supplier certification's reference
    request: str | None = None  # or an origin request the engine decides (path)


MOVEMENT_KINDS = ("destruccion", "donacion", "retorno", "cambio_regimen")


@dataclass(frozen=True)
class MovementRecord:
    line: int
    document: str
    kind: str
    date: date
    part_number: str
    quantity: Decimal
    waste: bool
    lot_reference: str | None
    reference: str | None


@dataclass(frozen=True)
class ExtensionRecord:
    line: int
    pedimento: str
    secuencia: int
    part_number: str
    due_on: date
    reference: str
