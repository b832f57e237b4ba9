"""What a pedimento carries beside its lines, as the validation file declares it (records
505, 510/556/557/702, 512 and 553; layout in ledger/data/archivo_m.yaml), and the
movements of record 500 that act on a pedimento already filed (eliminación,
desistimiento, confirmación de pago). Typed records only: no database here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class InvoiceRecord:
    """Record 505: the CFDI, equivalent document or COVE and its supplier or buyer."""

    document: str
    on: date | None
    incoterm: str | None
    currency: str | None
    value_usd: Decimal | None
    value_currency: Decimal | None
    country: str | None
    tax_id: str | None
    party: str | None


@dataclass(frozen=True)
class ContributionRecord:
    """A contribution as declared: 510 (pedimento level: clave, forma de pago, importe),
    556 (partida: rate and rate type), 557 (partida: forma de pago, importe) or 702
    (rectification differences). ``contribution`` is the Anexo 22 Apéndice 12 code."""

    record: str
    secuencia: int | None
    contribution: str
    payment_form: str | None = None
    amount: Decimal | None = None
    rate: Decimal | None = None
    rate_type: str | None = None


@dataclass(frozen=True)
class DescargoRecord:
    """Record 512: an earlier pedimento this one discharges (or the rectification it
    follows), with the fracción and the quantity discharged in UMT."""

    original: str  # the 15-digit number
    clave: str | None
    paid_on: date | None
    fraccion: str | None
    umt: str | None
    quantity: Decimal | None


@dataclass(frozen=True)
class PermitRecord:
    """Record 553: a permit, NOM certificate or authorisation of a partida."""

    secuencia: int
    clave: str
    signature: str | None
    permit: str | None
    value_usd: Decimal | None
    quantity: Decimal | None


@dataclass(frozen=True)
class WithdrawalRecord:
    """A record 500 of movement 2 (eliminación), 3 (desistimiento, LA art. 93) or 8
    (confirmación de pago) naming a pedimento filed before: by its aduana, patente and
    número (the last 13 digits of the number; the year is not in the record)."""

    file: str
    line: int
    movement: str
    suffix: str
    acuse: str | None
