"""Tables the ledger keeps beside the lots: dated duty rates, non-business days, duties
paid at destination, USMCA origin evidence, fixed assets' serials, sensitive-goods lists.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from maquila.ledger.store.base import MONEY, RATE, Base


class DutyRate(Base):
    """A Mexican import duty rate of a fracción under one basis (tigie, prosec, regla8,
    fta), dated: an input, never a constant in the code."""

    __tablename__ = "duty_rate"
    __table_args__ = (UniqueConstraint("company_id", "fraccion", "basis", "valid_from"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    fraccion: Mapped[str] = mapped_column(String(8))
    basis: Mapped[str] = mapped_column(String(10))
    percent: Mapped[Decimal] = mapped_column(RATE)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    reference: Mapped[str | None] = mapped_column(String(200))
    import_id: Mapped[int] = mapped_column(ForeignKey("import_file.id"))


class NonBusinessDay(Base):
    """A day the user loads as non-business for the terms (CFF art. 12: the authorities'
    vacaciones generales and declared days), beside the fixed days of calendar.yaml."""

    __tablename__ = "non_business_day"
    __table_args__ = (UniqueConstraint("company_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(300))
    import_id: Mapped[int] = mapped_column(ForeignKey("import_file.id"))


class DestinationDuty(Base):
    """Duty paid in the United States or Canada on a returned good (USMCA Art. 2.5
    evidence), for one line of a return pedimento."""

    __tablename__ = "destination_duty"
    __table_args__ = (UniqueConstraint("company_id", "pedimento", "secuencia"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    pedimento: Mapped[str] = mapped_column(String(15))
    secuencia: Mapped[int] = mapped_column(Integer)
    entry_number: Mapped[str] = mapped_column(String(40))
    country: Mapped[str] = mapped_column(String(3))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    import_id: Mapped[int] = mapped_column(ForeignKey("import_file.id"))


class OriginEvidence(Base):
    """Evidence that a temporarily imported material is USMCA-originating: the reference of
    the supplier's certification of origin for one import line (a material without it is
    treated as non-originating)."""

    __tablename__ = "origin_evidence"
    __table_args__ = (UniqueConstraint("company_id", "pedimento", "secuencia", "part_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    pedimento: Mapped[str] = mapped_column(String(15))
    secuencia: Mapped[int] = mapped_column(Integer)
    part_number: Mapped[str] = mapped_column(String(80))
    certificate: Mapped[str] = mapped_column(String(120))
    import_id: Mapped[int] = mapped_column(ForeignKey("import_file.id"))


class FixedAsset(Base):
    """One unit of a fixed asset on its import line: serial, brand, model, where it is
    (Anexo 24, activo fijo; LA art. 108 fr. III)."""

    __tablename__ = "fixed_asset"
    __table_args__ = (UniqueConstraint("company_id", "pedimento", "secuencia", "serial"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    pedimento: Mapped[str] = mapped_column(String(15))
    secuencia: Mapped[int] = mapped_column(Integer)
    part_number: Mapped[str] = mapped_column(String(80))
    serial: Mapped[str] = mapped_column(String(80))
    brand: Mapped[str | None] = mapped_column(String(80))
    model: Mapped[str | None] = mapped_column(String(80))
    location: Mapped[str | None] = mapped_column(String(200))
    import_id: Mapped[int] = mapped_column(ForeignKey("import_file.id"))


class SensitiveGood(Base):
    """A code on a dated list the user loads (IMMEX decree Annex I / II, RGCE Anexo 29)."""

    __tablename__ = "sensitive_good"
    __table_args__ = (UniqueConstraint("company_id", "list", "code", "valid_from"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    list: Mapped[str] = mapped_column(String(80))
    code: Mapped[str] = mapped_column(String(8))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(300))
    import_id: Mapped[int] = mapped_column(ForeignKey("import_file.id"))
