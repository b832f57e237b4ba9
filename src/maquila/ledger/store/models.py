"""The ledger's tables (SQLAlchemy 2). Migrations: maquila/ledger/migrations (Alembic).

Catalogs and pedimentos are facts as imported; ``entry`` is the journal. Journal rows
are only ever inserted: a correction is a reversal entry pointing at what it reverses
(``reverses_id`` is unique, so nothing is reversed twice). Balances, lots, deadlines and
pending exits are derived by queries (maquila.ledger.store.queries).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from maquila.ledger.store.base import MONEY as MONEY
from maquila.ledger.store.base import QUANTITY as QUANTITY
from maquila.ledger.store.base import RATE as RATE
from maquila.ledger.store.base import Base as Base
from maquila.ledger.store.base import table as table


class Company(Base):
    __tablename__ = "company"
    id: Mapped[int] = mapped_column(primary_key=True)
    rfc: Mapped[str] = mapped_column(String(13), unique=True)
    name: Mapped[str] = mapped_column(String(250))
    immex_number: Mapped[str] = mapped_column(String(40))
    modality: Mapped[str] = mapped_column(String(20))
    programme_from: Mapped[date] = mapped_column(Date)
    programme_to: Mapped[date | None] = mapped_column(Date)
    # bumped by every posting: the row lock that serialises discharge runs
    postings: Mapped[int] = mapped_column(Integer, default=0)


class ImportFile(Base):
    __tablename__ = "import_file"
    __table_args__ = (UniqueConstraint("company_id", "kind", "sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    kind: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(500))
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Material(Base):
    __tablename__ = "material"
    __table_args__ = (UniqueConstraint("company_id", "part_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    part_number: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(String(500))
    category: Mapped[str] = mapped_column(String(20))  # LA art. 108 category (terms.yaml)
    fraccion: Mapped[str] = mapped_column(String(8))
    nico: Mapped[str | None] = mapped_column(String(2))
    uom: Mapped[str] = mapped_column(String(10))  # the inventory unit
    umc: Mapped[str] = mapped_column(String(3))  # Apéndice 7 commercial unit
    umc_factor: Mapped[Decimal] = mapped_column(QUANTITY)  # UMC per inventory unit
    umt: Mapped[str] = mapped_column(String(3))  # tariff unit of the fracción
    umt_factor: Mapped[Decimal] = mapped_column(QUANTITY)  # UMT per inventory unit
    import_id: Mapped[int] = mapped_column(ForeignKey("import_file.id"))


class Product(Base):
    __tablename__ = "product"
    __table_args__ = (UniqueConstraint("company_id", "part_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    part_number: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(String(500))
    fraccion: Mapped[str] = mapped_column(String(8))
    nico: Mapped[str | None] = mapped_column(String(2))
    uom: Mapped[str] = mapped_column(String(10))
    umc: Mapped[str] = mapped_column(String(3))
    umc_factor: Mapped[Decimal] = mapped_column(QUANTITY)
    import_id: Mapped[int] = mapped_column(ForeignKey("import_file.id"))


class Bom(Base):
    __tablename__ = "bom"
    __table_args__ = (UniqueConstraint("company_id", "product", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    product: Mapped[str] = mapped_column(String(80))
    version: Mapped[str] = mapped_column(String(40))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    import_id: Mapped[int] = mapped_column(ForeignKey("import_file.id"))


class BomLine(Base):
    __tablename__ = "bom_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    bom_id: Mapped[int] = mapped_column(ForeignKey("bom.id"), index=True)
    component: Mapped[str] = mapped_column(String(80))
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    merma_pct: Mapped[Decimal] = mapped_column(RATE)
    desperdicio_pct: Mapped[Decimal] = mapped_column(RATE)


class Pedimento(Base):
    """One version of a pedimento, keyed by its 15-digit number (Anexo 22: year 2,
    aduana 2, patente 4, número 7); a rectification (R1) adds version n+1."""

    __tablename__ = "pedimento"
    __table_args__ = (UniqueConstraint("company_id", "number", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    number: Mapped[str] = mapped_column(String(15))
    aduana_seccion: Mapped[str | None] = mapped_column(String(3))
    version: Mapped[int] = mapped_column(Integer, default=1)
    clave: Mapped[str] = mapped_column(String(2))
    operation: Mapped[int] = mapped_column(Integer)  # 1 import, 2 export (record 501)
    paid_on: Mapped[date] = mapped_column(Date)
    term_start: Mapped[date] = mapped_column(Date)
    exchange_rate: Mapped[Decimal | None] = mapped_column(Numeric(14, 5))
    destination: Mapped[str | None] = mapped_column(String(3))
    # Anexo 22 Apendice 15 destination code of the validation file (501.21): a region of
    # Mexico, not a country
    region: Mapped[str | None] = mapped_column(String(2))
    importer_rfc: Mapped[str | None] = mapped_column(String(13))
    rectified_by: Mapped[str | None] = mapped_column(String(20))  # the R1's number
    # eliminacion or desistimiento (LA art. 93) that withdrew it, with the acuse and file
    withdrawn: Mapped[str | None] = mapped_column(String(300))
    import_id: Mapped[int] = mapped_column(ForeignKey("import_file.id"))


# what a pedimento line records, as stored and as reported (Anexo 24 "entradas")
LINE_FIELDS = (
    "secuencia", "part_number", "fraccion", "nico", "description", "qty_umc", "umc", "qty_umt",
    "umt", "customs_value_mxn", "value_usd", "origin_country", "usmca_certificate", "lot_reference",
    "destination", "brand", "model",
)  # fmt: skip


class PedimentoLine(Base):
    __tablename__ = "pedimento_line"
    __table_args__ = (UniqueConstraint("pedimento_id", "secuencia", "part_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    pedimento_id: Mapped[int] = mapped_column(ForeignKey("pedimento.id"), index=True)
    secuencia: Mapped[int] = mapped_column(Integer)
    part_number: Mapped[str] = mapped_column(String(80))
    fraccion: Mapped[str] = mapped_column(String(8))
    nico: Mapped[str | None] = mapped_column(String(2))
    description: Mapped[str | None] = mapped_column(String(500))
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)  # inventory units
    qty_umc: Mapped[Decimal] = mapped_column(QUANTITY)
    umc: Mapped[str] = mapped_column(String(3))
    qty_umt: Mapped[Decimal | None] = mapped_column(QUANTITY)
    umt: Mapped[str | None] = mapped_column(String(3))
    customs_value_mxn: Mapped[Decimal | None] = mapped_column(MONEY)
    value_usd: Mapped[Decimal | None] = mapped_column(MONEY)
    origin_country: Mapped[str | None] = mapped_column(String(3))
    usmca_certificate: Mapped[str | None] = mapped_column(String(120))
    lot_reference: Mapped[str | None] = mapped_column(String(40))  # "pedimento/secuencia"
    destination: Mapped[str | None] = mapped_column(String(3))  # an export line's country
    brand: Mapped[str | None] = mapped_column(String(80))
    model: Mapped[str | None] = mapped_column(String(80))  # "modelo o lote"


class Identifier(Base):
    """Pedimento identifiers (Anexo 22 Apéndice 8): IM, ST, PP, PS, PZ... at pedimento
    level (secuencia None) or at line level."""

    __tablename__ = "identifier"
    id: Mapped[int] = mapped_column(primary_key=True)
    pedimento_id: Mapped[int] = mapped_column(ForeignKey("pedimento.id"), index=True)
    secuencia: Mapped[int | None] = mapped_column(Integer)
    clave: Mapped[str] = mapped_column(String(3))
    complement1: Mapped[str | None] = mapped_column(String(60))
    complement2: Mapped[str | None] = mapped_column(String(60))
    complement3: Mapped[str | None] = mapped_column(String(60))


class Invoice(Base):
    """A CFDI, equivalent document or COVE of a pedimento (archivo M record 505)."""

    __tablename__ = "pedimento_invoice"
    id: Mapped[int] = mapped_column(primary_key=True)
    pedimento_id: Mapped[int] = mapped_column(ForeignKey("pedimento.id"), index=True)
    document: Mapped[str] = mapped_column(String(60))
    on: Mapped[date | None] = mapped_column(Date)
    incoterm: Mapped[str | None] = mapped_column(String(3))
    currency: Mapped[str | None] = mapped_column(String(3))
    value_usd: Mapped[Decimal | None] = mapped_column(MONEY)
    value_currency: Mapped[Decimal | None] = mapped_column(MONEY)
    country: Mapped[str | None] = mapped_column(String(3))
    tax_id: Mapped[str | None] = mapped_column(String(30))
    party: Mapped[str | None] = mapped_column(String(120))


class Contribution(Base):
    """A contribution as the pedimento declares it (records 510, 556, 557, 702): the Anexo
    22 Apendice 12 code, and the rate or the forma de pago and amount (MXN)."""

    __tablename__ = "contribution"
    id: Mapped[int] = mapped_column(primary_key=True)
    pedimento_id: Mapped[int] = mapped_column(ForeignKey("pedimento.id"), index=True)
    record: Mapped[str] = mapped_column(String(3))
    secuencia: Mapped[int | None] = mapped_column(Integer)
    contribution: Mapped[str] = mapped_column(String(3))
    payment_form: Mapped[str | None] = mapped_column(String(3))
    amount: Mapped[Decimal | None] = mapped_column(MONEY)
    rate: Mapped[Decimal | None] = mapped_column(Numeric(26, 10))
    rate_type: Mapped[str | None] = mapped_column(String(2))


class Descargo(Base):
    """An earlier pedimento a pedimento discharges (record 512)."""

    __tablename__ = "descargo"
    id: Mapped[int] = mapped_column(primary_key=True)
    pedimento_id: Mapped[int] = mapped_column(ForeignKey("pedimento.id"), index=True)
    original: Mapped[str] = mapped_column(String(15))
    clave: Mapped[str | None] = mapped_column(String(2))
    paid_on: Mapped[date | None] = mapped_column(Date)
    fraccion: Mapped[str | None] = mapped_column(String(8))
    umt: Mapped[str | None] = mapped_column(String(3))
    quantity: Mapped[Decimal | None] = mapped_column(QUANTITY)


class Permit(Base):
    """A permit, NOM certificate or authorisation of a partida (record 553)."""

    __tablename__ = "permit"
    id: Mapped[int] = mapped_column(primary_key=True)
    pedimento_id: Mapped[int] = mapped_column(ForeignKey("pedimento.id"), index=True)
    secuencia: Mapped[int] = mapped_column(Integer)
    clave: Mapped[str] = mapped_column(String(3))
    signature: Mapped[str | None] = mapped_column(String(60))
    permit: Mapped[str | None] = mapped_column(String(60))
    value_usd: Mapped[Decimal | None] = mapped_column(MONEY)
    quantity: Mapped[Decimal | None] = mapped_column(QUANTITY)


class Run(Base):
    """A posted discharge run, or the reversal of one."""

    __tablename__ = "run"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    method: Mapped[str] = mapped_column(String(20))
    as_of: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))  # post | reversal
    reverses_run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Entry(Base):
    """The journal. kind: lot (a temporary import line), exit (something leaving that
    discharges lots), allocation (a quantity of a lot discharged by an exit), extension
    (a new due date for a lot), waste (a disposal of desperdicio already discharged:
    destroyed, donated, returned), reversal (undoes the entry ``reverses_id`` names)."""

    __tablename__ = "entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    on: Mapped[date] = mapped_column(Date)
    part_number: Mapped[str] = mapped_column(String(80), index=True)
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    line_id: Mapped[int | None] = mapped_column(ForeignKey("pedimento_line.id"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("entry.id"), index=True)
    exit_id: Mapped[int | None] = mapped_column(ForeignKey("entry.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), index=True)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("entry.id"), unique=True)
    component: Mapped[str | None] = mapped_column(String(12))
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    category: Mapped[str | None] = mapped_column(String(20))
    due_on: Mapped[date | None] = mapped_column(Date)  # extension: the new due date
    reference: Mapped[str | None] = mapped_column(String(200))
    # a movement without pedimento (destruction, waste disposal): its document (aviso, acta)
    document: Mapped[str | None] = mapped_column(String(120))
    # its row among the document's identical rows (same part, lot and quantity): two rows
    # of one acta are two entries, and importing the file again adds neither
    document_row: Mapped[int | None] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_file.id"))


# re-exported so that ``models`` names every table
from maquila.ledger.store.side_models import DestinationDuty as DestinationDuty  # noqa: E402
from maquila.ledger.store.side_models import DutyRate as DutyRate  # noqa: E402
from maquila.ledger.store.side_models import FixedAsset as FixedAsset  # noqa: E402
from maquila.ledger.store.side_models import NonBusinessDay as NonBusinessDay  # noqa: E402
from maquila.ledger.store.side_models import OriginEvidence as OriginEvidence  # noqa: E402
from maquila.ledger.store.side_models import SensitiveGood as SensitiveGood  # noqa: E402
