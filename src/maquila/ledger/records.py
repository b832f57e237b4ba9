"""What an import brings into the ledger, as typed records (no database here).

Templates (CSV / Excel, docs/ledger-formats.md) and the pedimento validation file
(archivo M, maquila.ledger.validation_file) both come down to these records, so one
writer stores them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from maquila.ledger.assets import (
    FIXED_ASSETS,
    SENSITIVE_GOODS,
    FixedAssetRecord,
    SensitiveGoodRecord,
)
from maquila.ledger.claves import claves
from maquila.ledger.pedimento_parts import (
    ContributionRecord,
    DescargoRecord,
    InvoiceRecord,
    PermitRecord,
)
from maquila.ledger.rows import (
    Column,
    Reader,
    country,
    day,
    digits,
    integer,
    non_negative,
    one_of,
    pedimento_number,
    positive,
    text,
)
from maquila.ledger.terms import terms

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


def _operation(value: str) -> int:
    lowered = value.lower()
    if lowered in ("1", "import", "importacion", "importación", "imp"):
        return 1
    if lowered in ("2", "export", "exportacion", "exportación", "exp"):
        return 2
    raise ValueError("1 (import) or 2 (export)")


def _lot_reference(value: str) -> str:
    number, _, secuencia = value.partition("/")
    if not secuencia.isdigit():
        raise ValueError("the import pedimento and its line, e.g. 26 24 3999 6000123/1")
    return f"{pedimento_number(number)}/{int(secuencia)}"


COMPANY = (
    Column("rfc", text),
    Column("name", text),
    Column("immex_number", text),
    Column("modality", one_of(MODALITIES)),
    Column("programme_from", day),
    Column("programme_to", day, required=False),
)
MATERIALS = (
    Column("part_number", text),
    Column("description", text),
    Column("category", one_of(tuple(terms().categories))),
    Column("fraccion", digits(8)),
    Column("nico", digits(2), required=False),
    Column("uom", text),
    Column("umc", integer),
    Column("umc_factor", positive),
    Column("umt", integer),
    Column("umt_factor", positive),
)
PRODUCTS = (
    Column("part_number", text),
    Column("description", text),
    Column("fraccion", digits(8)),
    Column("nico", digits(2), required=False),
    Column("uom", text),
    Column("umc", integer),
    Column("umc_factor", positive),
)
BOMS = (
    Column("product", text),
    Column("version", text),
    Column("valid_from", day),
    Column("valid_to", day, required=False),
    Column("component", text),
    Column("quantity", positive),
    Column("merma_pct", non_negative, required=False),
    Column("desperdicio_pct", non_negative, required=False),
)
PEDIMENTOS = (
    Column("pedimento", pedimento_number),
    Column("clave", one_of(tuple(claves()))),
    Column("operation", _operation),
    Column("paid_on", day),
    Column("term_start", day, required=False),
    Column("consolidated_closed_on", day, required=False),
    Column("exchange_rate", positive, required=False),
    Column("destination", country, required=False),
    Column("rectifies", pedimento_number, required=False),
    Column("importer_rfc", text, required=False),
    Column("secuencia", integer),
    Column("part_number", text),
    Column("fraccion", digits(8)),
    Column("nico", digits(2), required=False),
    Column("description", text, required=False),
    Column("qty_umc", positive),
    Column("umc", integer),
    Column("qty_umt", positive, required=False),
    Column("umt", integer, required=False),
    Column("customs_value_mxn", non_negative, required=False),
    Column("value_usd", non_negative, required=False),
    Column("origin_country", country, required=False),
    Column("usmca_certificate", text, required=False),
    Column("lot_reference", _lot_reference, required=False),
)
EXTENSIONS = (
    Column("pedimento", pedimento_number),
    Column("secuencia", integer),
    Column("part_number", text),
    Column("due_on", day),
    Column("reference", text),
)
RATES = (
    Column("fraccion", digits(8)),
    Column("basis", one_of(("tigie", "prosec", "regla8", "fta"))),
    Column("percent", non_negative),
    Column("valid_from", day),
    Column("valid_to", day, required=False),
    Column("reference", text, required=False),
)
DESTINATION_DUTIES = (
    Column("pedimento", pedimento_number),
    Column("secuencia", integer),
    Column("entry_number", text),
    Column("country", country),
    Column("amount", non_negative),
    Column("currency", one_of(("MXN", "USD", "CAD"))),
)
NON_BUSINESS_DAYS = (
    Column("day", day),
    Column("reason", text),
    Column("source", text),
)
CERTIFICATES = (
    Column("pedimento", pedimento_number),
    Column("secuencia", integer),
    Column("part_number", text),
    Column("certificate", text, required=False),
    Column("request", text, required=False),
)


def _yes_no(value: str) -> bool:
    lowered = value.lower()
    if lowered in ("yes", "si", "sí", "y", "1", "true"):
        return True
    if lowered in ("no", "n", "0", "false"):
        return False
    raise ValueError("yes or no")


MOVEMENTS = (
    Column("document", text),
    Column("kind", one_of(MOVEMENT_KINDS)),
    Column("date", day),
    Column("part_number", text),
    Column("quantity", positive),
    Column("waste", _yes_no),
    Column("lot_reference", _lot_reference, required=False),
    Column("reference", text, required=False),
)
KINDS: dict[str, tuple[Column, ...]] = {
    "movements": MOVEMENTS,
    "certificates": CERTIFICATES,
    "rates": RATES,
    "destination_duties": DESTINATION_DUTIES,
    "non_business_days": NON_BUSINESS_DAYS,
    "fixed_assets": FIXED_ASSETS,
    "sensitive_goods": SENSITIVE_GOODS,
    "company": COMPANY,
    "materials": MATERIALS,
    "products": PRODUCTS,
    "boms": BOMS,
    "pedimentos": PEDIMENTOS,
    "extensions": EXTENSIONS,
}

Rows = Sequence[Mapping[str, Any]]


def _parsed(
    reader: Reader, rows: Rows, columns: tuple[Column, ...]
) -> list[tuple[int, dict[str, Any]]]:
    if rows and reader.missing_columns(list(rows[0]), columns):
        return []
    out = []
    for index, cells in enumerate(rows, start=2):
        if not any(str(v).strip() for v in cells.values() if v is not None):
            continue  # a blank row (Excel exports end with some)
        parsed = reader.row(index, cells, columns)
        if parsed is not None:
            out.append((index, parsed))
    return out


def read_records(kind: str, file: str, rows: Rows) -> list[Any]:
    """Parse a template's rows; raises LedgerInputError with every problem of the file."""
    reader = Reader(file)
    parsed = _parsed(reader, rows, KINDS[kind])
    records: list[Any]
    if kind == "company":
        records = [CompanyRecord(**values) for _, values in parsed]
    elif kind == "materials":
        records = [_material(line, v) for line, v in parsed]
    elif kind == "products":
        records = [_product(line, v) for line, v in parsed]
    elif kind == "boms":
        records = _boms(reader, parsed)
    elif kind == "pedimentos":
        records = _pedimentos(reader, parsed)
    elif kind == "movements":
        records = [MovementRecord(line, **v) for line, v in parsed]
    elif kind == "certificates":
        records = [EvidenceRecord(line, **v) for line, v in parsed]
        for record in records:
            if not record.certificate and not record.request:
                reader.add(record.line, "certificate", "", "a certification reference or a request")
    elif kind == "rates":
        records = [RateRecord(line, **v) for line, v in parsed]
    elif kind == "destination_duties":
        records = [DestinationDutyRecord(line, **v) for line, v in parsed]
    elif kind == "non_business_days":
        records = [NonBusinessDayRecord(line, **v) for line, v in parsed]
    elif kind == "fixed_assets":
        records = [FixedAssetRecord(line, **v) for line, v in parsed]
    elif kind == "sensitive_goods":
        records = [SensitiveGoodRecord(line, **v) for line, v in parsed]
        for record in records:
            if record.valid_to is not None and record.valid_to < record.valid_from:
                reader.add(record.line, "valid_to", record.valid_to, "a day on or after valid_from")
    else:
        records = [ExtensionRecord(line, **v) for line, v in parsed]
    _no_duplicates(reader, kind, records)
    reader.raise_if_any()
    return records


def _material(line: int, v: dict[str, Any]) -> MaterialRecord:
    return MaterialRecord(
        line,
        v["part_number"],
        v["description"],
        v["category"],
        v["fraccion"],
        v["nico"],
        v["uom"],
        str(v["umc"]),
        v["umc_factor"],
        str(v["umt"]),
        v["umt_factor"],
    )


def _product(line: int, v: dict[str, Any]) -> ProductRecord:
    return ProductRecord(
        line,
        v["part_number"],
        v["description"],
        v["fraccion"],
        v["nico"],
        v["uom"],
        str(v["umc"]),
        v["umc_factor"],
    )


def _boms(reader: Reader, parsed: list[tuple[int, dict[str, Any]]]) -> list[BomRecord]:
    boms: dict[tuple[str, str], BomRecord] = {}
    for line, v in parsed:
        key = (v["product"], v["version"])
        bom = boms.get(key)
        if bom is None:
            bom = boms[key] = BomRecord(
                line, v["product"], v["version"], v["valid_from"], v["valid_to"]
            )
        elif (bom.valid_from, bom.valid_to) != (v["valid_from"], v["valid_to"]):
            reader.add(
                line,
                "valid_from",
                v["valid_from"],
                f"the dates of line {bom.line} (one version, one period)",
            )
        if bom.valid_to is not None and bom.valid_to < bom.valid_from:
            reader.add(line, "valid_to", bom.valid_to, "a date on or after valid_from")
        bom.lines.append(
            BomLineRecord(
                line,
                v["component"],
                v["quantity"],
                v["merma_pct"] or Decimal(0),
                v["desperdicio_pct"] or Decimal(0),
            )
        )
    _no_overlapping_versions(reader, list(boms.values()))
    return list(boms.values())


def _no_overlapping_versions(reader: Reader, boms: list[BomRecord]) -> None:
    by_product: dict[str, list[BomRecord]] = {}
    for bom in boms:
        by_product.setdefault(bom.product, []).append(bom)
    for versions in by_product.values():
        ordered = sorted(versions, key=lambda b: b.valid_from)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if before.valid_to is None or before.valid_to >= after.valid_from:
                reader.add(
                    after.line,
                    "valid_from",
                    after.valid_from,
                    f"a date after version {before.version} ends "
                    "(versions of one product must not overlap)",
                )


def _start(reader: Reader, line: int, v: dict[str, Any]) -> Any:
    """Where the art. 108 term starts: the payment (the despacho), or the day the
    template states; for a consolidated pedimento (LA arts. 37 and 37-A) the day it was
    closed before the electronic customs system (RLA art. 173, second paragraph). A
    stated start other than that closing day contradicts it and is refused."""
    closed, stated = v.get("consolidated_closed_on"), v["term_start"]
    if closed is None:
        return stated or v["paid_on"]
    if stated is not None and stated != closed:
        reader.add(
            line, "term_start", stated,
            f"{closed}, the closing day of the consolidated pedimento (RLA art. 173)",
        )  # fmt: skip
    return closed


def _pedimentos(reader: Reader, parsed: list[tuple[int, dict[str, Any]]]) -> list[PedimentoRecord]:
    heads = (
        "clave",
        "operation",
        "paid_on",
        "term_start",
        "exchange_rate",
        "destination",
        "rectifies",
        "importer_rfc",
    )
    found: dict[str, PedimentoRecord] = {}
    for line, v in parsed:
        v["term_start"] = _start(reader, line, v)
        record = found.get(v["pedimento"])
        if record is None:
            record = found[v["pedimento"]] = PedimentoRecord(
                line,
                v["pedimento"],
                v["clave"],
                v["operation"],
                v["paid_on"],
                v["term_start"],
                v["exchange_rate"],
                v["destination"],
                rectifies=v["rectifies"],
                rfc=v["importer_rfc"],
            )
        else:
            first = record.line
            for name in heads:
                mine = v[name]
                theirs = getattr(record, "rfc" if name == "importer_rfc" else name)
                if mine != theirs:
                    reader.add(line, name, mine, f"{theirs} as on line {first} (same pedimento)")
        record.lines.append(
            LineRecord(
                line,
                v["secuencia"],
                v["part_number"],
                v["fraccion"],
                v["nico"],
                v["description"],
                v["qty_umc"],
                str(v["umc"]),
                v["qty_umt"],
                None if v["umt"] is None else str(v["umt"]),
                v["customs_value_mxn"],
                v["value_usd"],
                v["origin_country"],
                v["usmca_certificate"],
                v["lot_reference"],
            )
        )
    return list(found.values())


def _no_duplicates(reader: Reader, kind: str, records: list[Any]) -> None:
    seen: dict[object, int] = {}
    for record in records:
        if kind in ("materials", "products"):
            key: object = record.part_number
        elif kind == "pedimentos":
            for line in record.lines:
                lkey = (record.number, line.secuencia, line.part_number)
                if lkey in seen:
                    reader.add(
                        line.line,
                        "secuencia",
                        line.secuencia,
                        f"one row per line and part (see line {seen[lkey]})",
                    )
                seen[lkey] = line.line
            continue
        else:
            continue
        if key in seen:
            reader.add(
                record.line, "part_number", key, f"a part number not already on line {seen[key]}"
            )
        seen[key] = record.line
