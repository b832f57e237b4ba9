"""Fixed-asset serials checked against the ledger before they are kept: the import line
exists and is a fixed asset, the brand and model agree with what the pedimento declared
(record 551 of the archivo M), and no line has more serials than units."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sqlalchemy import select

from maquila.ledger.assets import FixedAssetRecord
from maquila.ledger.store import models as m
from maquila.ledger.store.writer import Writer, store_keyed
from maquila.verdict import Code


def _lines(writer: Writer) -> dict[tuple[str, int], tuple[m.PedimentoLine, str]]:
    """The current import lines of the company with their lot's category."""
    query = (
        select(m.PedimentoLine, m.Pedimento.number, m.Entry.category)
        .join(m.Pedimento, m.PedimentoLine.pedimento_id == m.Pedimento.id)
        .join(m.Entry, m.Entry.line_id == m.PedimentoLine.id)
        .where(
            m.Pedimento.company_id == writer.company.id,
            m.Pedimento.rectified_by.is_(None),
            m.Pedimento.withdrawn.is_(None),
            m.Entry.kind == "lot",
        )
    )
    return {(n, line.secuencia): (line, c or "") for line, n, c in writer.session.execute(query)}


def fixed_assets(writer: Writer, records: list[FixedAssetRecord]) -> None:
    lines = _lines(writer)
    known = list(
        writer.session.scalars(
            select(m.FixedAsset).where(m.FixedAsset.company_id == writer.company.id)
        )
    )
    units: Counter[tuple[str, int]] = Counter((a.pedimento, a.secuencia) for a in known)
    keys = {(a.pedimento, a.secuencia, a.serial) for a in known}
    good = []
    for record in records:
        where = (record.pedimento, record.secuencia)
        found = lines.get(where)
        if found is None:
            writer.problem(
                record.line, "pedimento", f"{record.pedimento}/{record.secuencia}",
                "an import line in the ledger", Code.UNKNOWN_REFERENCE,
            )  # fmt: skip
            continue
        line, category = found
        if line.part_number != record.part_number:
            writer.problem(record.line, "part_number", record.part_number, line.part_number)
            continue
        if category != "activo_fijo":
            writer.problem(
                record.line, "part_number", record.part_number,
                f"a fixed asset (the catalog's category is {category or 'unknown'})",
            )  # fmt: skip
            continue
        if _differs(writer, record, line):
            continue
        if (*where, record.serial) not in keys:
            keys.add((*where, record.serial))
            units[where] += 1
            if units[where] > Decimal(line.quantity):
                count = format(Decimal(line.quantity).normalize(), "f")
                writer.problem(
                    record.line, "serial", record.serial,
                    f"no more serials than the line's {count} units",
                )  # fmt: skip
                continue
        good.append(record)
    store_keyed(writer, m.FixedAsset, good, ("pedimento", "secuencia", "serial"))


def _differs(writer: Writer, record: FixedAssetRecord, line: m.PedimentoLine) -> bool:
    """Brand and model must be those the pedimento declared for the line (record 551)."""
    for name in ("brand", "model"):
        given, declared = getattr(record, name), getattr(line, name)
        if given and declared and given.strip().upper() != declared.strip().upper():
            writer.problem(record.line, name, given, f"{declared!r}, as the pedimento declares")
            return True
    return False
