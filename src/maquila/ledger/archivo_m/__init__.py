"""The pedimento validation file (archivo de validación, "archivo M") into ledger records."""

from maquila.ledger.archivo_m.layout import parse_date
from maquila.ledger.archivo_m.reader import read_validation_file

__all__ = ["parse_date", "read_validation_file"]
