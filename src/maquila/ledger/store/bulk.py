"""Bulk inserts of staged pedimentos, lines and journal entries (one round trip per
chunk, ids returned in parameter order): a million import lines without a flush each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert
from sqlalchemy.orm import Session

from maquila.ledger.store import models as m

CHUNK = 20_000


class Batch:
    """Pedimentos, their lines and journal entries staged for bulk inserts (insert ...
    returning, in parameter order: ids come back without a flush per row)."""

    def __init__(self) -> None:
        self.heads: list[dict[str, Any]] = []
        self.idents: list[list[tuple[Any, ...]]] = []
        self.lines: list[list[tuple[dict[str, Any], str | None]]] = []
        self.effects: list[str] = []
        # rows of the pedimento's other tables (invoices, contributions...), by model
        self.extras: list[dict[type[m.Base], list[dict[str, Any]]]] = []

    def add(
        self,
        head: dict[str, Any],
        idents: list[Any],
        lines: list[Any],
        what: str,
        extras: dict[type[m.Base], list[dict[str, Any]]] | None = None,
    ) -> None:
        self.heads.append(head)
        self.idents.append(idents)
        self.lines.append(lines)
        self.effects.append(what)
        self.extras.append(extras or {})

    def flush(self, session: Session) -> None:
        for start in range(0, len(self.heads), CHUNK):
            self._flush(session, slice(start, start + CHUNK))

    def _flush(self, session: Session, part: slice) -> None:
        heads = self.heads[part]
        if not heads:
            return
        connection = session.connection()
        ids = _inserted(connection, m.Pedimento, heads)
        identifiers: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        meta: list[tuple[Any, ...]] = []
        for pid, head, idents, lines, what in zip(
            ids, heads, self.idents[part], self.lines[part], self.effects[part], strict=True
        ):
            identifiers.extend(
                {"pedimento_id": pid, "secuencia": secuencia, "clave": clave,
                 "complement1": c1, "complement2": c2, "complement3": c3}
                for secuencia, clave, c1, c2, c3 in idents
            )  # fmt: skip
            for row, category in lines:
                rows.append({**row, "pedimento_id": pid})
                meta.append((head, what, category, row))
        if identifiers:
            connection.execute(insert(m.table(m.Identifier)), identifiers)
        self._children(connection, ids, part)
        entries = []
        for start in range(0, len(rows), CHUNK):
            line_ids = _inserted(connection, m.PedimentoLine, rows[start : start + CHUNK])
            for line_id, (head, what, category, row) in zip(
                line_ids, meta[start : start + CHUNK], strict=True
            ):
                if what == "lot":
                    entries.append(
                        _entry(head, "lot", head["term_start"], row, line_id, category=category)
                    )
                elif what == "discharge":
                    entries.append(
                        _entry(head, "exit", head["paid_on"], row, line_id,
                               reference=row["lot_reference"])
                    )  # fmt: skip
        for start in range(0, len(entries), CHUNK):
            connection.execute(insert(m.table(m.Entry)), entries[start : start + CHUNK])

    def _children(self, connection: Connection, ids: list[int], part: slice) -> None:
        """The pedimentos' invoices, contributions, descargos and permits (archivo M)."""
        children: dict[type[m.Base], list[dict[str, Any]]] = {}
        for pid, extras in zip(ids, self.extras[part], strict=True):
            for model, rows_of in extras.items():
                children.setdefault(model, []).extend({**r, "pedimento_id": pid} for r in rows_of)
        for model, child_rows in children.items():
            if child_rows:
                connection.execute(insert(m.table(model)), child_rows)


def _inserted(connection: Connection, model: type[m.Base], rows: list[dict[str, Any]]) -> list[int]:
    """Insert the rows; their new ids, in the rows' order."""
    table = m.table(model)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(connection.execute(statement, rows).scalars().all())


def _entry(
    head: dict[str, Any],
    kind: str,
    on: Any,
    row: dict[str, Any],
    line_id: int,
    category: str | None = None,
    reference: str | None = None,
) -> dict[str, Any]:
    return {
        "company_id": head["company_id"],
        "kind": kind,
        "on": on,
        "part_number": row["part_number"],
        "quantity": row["quantity"],
        "line_id": line_id,
        "lot_id": None,
        "exit_id": None,
        "run_id": None,
        "reverses_id": None,
        "component": None,
        "late": False,
        "category": category,
        "due_on": None,
        "reference": reference,
        "import_id": head["import_id"],
    }
