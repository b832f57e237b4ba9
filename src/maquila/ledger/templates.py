"""The ledger's templates (CSV / Excel, docs/ledger-formats.md): per kind, its columns and
how its rows become records — one table, so adding a kind is one entry, not a branch in
each function that reads or stores them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from maquila.ledger.assets import (
    FIXED_ASSETS,
    SENSITIVE_GOODS,
    FixedAssetRecord,
    SensitiveGoodRecord,
)
from maquila.ledger.claves import claves
from maquila.ledger.records import (
    MODALITIES,
    MOVEMENT_KINDS,
    CompanyRecord,
    DestinationDutyRecord,
    EvidenceRecord,
    ExtensionRecord,
    MaterialRecord,
    MovementRecord,
    NonBusinessDayRecord,
    ProductRecord,
    RateRecord,
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
from maquila.ledger.template_groups import boms, pedimentos
from maquila.ledger.terms import terms


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
Rows = Sequence[Mapping[str, Any]]
Parsed = list[tuple[int, dict[str, Any]]]
Build = Callable[[Reader, Parsed], list[Any]]


def _each(record: Callable[..., Any]) -> Build:
    """One record per row, the row's columns as its fields."""
    return lambda reader, parsed: [record(line, **v) for line, v in parsed]


def _company(reader: Reader, parsed: Parsed) -> list[Any]:
    return [CompanyRecord(**v) for _, v in parsed]


def _material(reader: Reader, parsed: Parsed) -> list[Any]:
    return [
        MaterialRecord(
            line, v["part_number"], v["description"], v["category"], v["fraccion"], v["nico"],
            v["uom"], str(v["umc"]), v["umc_factor"], str(v["umt"]), v["umt_factor"],
        )
        for line, v in parsed
    ]  # fmt: skip


def _product(reader: Reader, parsed: Parsed) -> list[Any]:
    return [
        ProductRecord(
            line, v["part_number"], v["description"], v["fraccion"], v["nico"], v["uom"],
            str(v["umc"]), v["umc_factor"],
        )
        for line, v in parsed
    ]  # fmt: skip


def _certificates(reader: Reader, parsed: Parsed) -> list[Any]:
    records = [EvidenceRecord(line, **v) for line, v in parsed]
    for record in records:
        if not record.certificate and not record.request:
            reader.add(record.line, "certificate", "", "a certification reference or a request")
    return records


def _sensitive(reader: Reader, parsed: Parsed) -> list[Any]:
    records = [SensitiveGoodRecord(line, **v) for line, v in parsed]
    for record in records:
        if record.valid_to is not None and record.valid_to < record.valid_from:
            reader.add(record.line, "valid_to", record.valid_to, "a day on or after valid_from")
    return records


@dataclass(frozen=True)
class Template:
    columns: tuple[Column, ...]
    build: Build
    unique_part: bool = False  # one row per part number (catalogs)


TEMPLATES: dict[str, Template] = {
    "company": Template(COMPANY, _company),
    "materials": Template(MATERIALS, _material, unique_part=True),
    "products": Template(PRODUCTS, _product, unique_part=True),
    "boms": Template(BOMS, boms),
    "pedimentos": Template(PEDIMENTOS, pedimentos),
    "extensions": Template(EXTENSIONS, _each(ExtensionRecord)),
    "rates": Template(RATES, _each(RateRecord)),
    "destination_duties": Template(DESTINATION_DUTIES, _each(DestinationDutyRecord)),
    "certificates": Template(CERTIFICATES, _certificates),
    "movements": Template(MOVEMENTS, _each(MovementRecord)),
    "non_business_days": Template(NON_BUSINESS_DAYS, _each(NonBusinessDayRecord)),
    "fixed_assets": Template(FIXED_ASSETS, _each(FixedAssetRecord)),
    "sensitive_goods": Template(SENSITIVE_GOODS, _sensitive),
}


def _parsed(reader: Reader, rows: Rows, columns: tuple[Column, ...]) -> Parsed:
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
    template = TEMPLATES[kind]
    reader = Reader(file)
    records = template.build(reader, _parsed(reader, rows, template.columns))
    if template.unique_part:
        _one_row_per_part(reader, records)
    reader.raise_if_any()
    return records


def _one_row_per_part(reader: Reader, records: list[Any]) -> None:
    seen: dict[str, int] = {}
    for record in records:
        if record.part_number in seen:
            reader.add(
                record.line, "part_number", record.part_number,
                f"a part number not already on line {seen[record.part_number]}",
            )  # fmt: skip
        seen[record.part_number] = record.line
