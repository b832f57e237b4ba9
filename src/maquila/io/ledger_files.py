"""Files into the ledger: read a template (CSV / Excel / Parquet) or a broker's archivo M,
and the origin requests a certificates file names, then hand the content to
maquila.ledger.imports. The ledger itself reads no file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from maquila.io.requests import InputError, load_request
from maquila.io.tables import read_table
from maquila.ledger.imports import KINDS, Source, import_source, unknown_kind
from maquila.ledger.rows import LedgerInputError
from maquila.ledger.store.writer import ImportReport
from maquila.origin import Request


def import_file(
    session: Session, kind: str, path: Path, rfc: str | None = None, statistics: bool = True
) -> ImportReport:
    """Import one file of ``kind`` (maquila.ledger.imports.import_source)."""
    if kind not in KINDS:
        raise LedgerInputError([unknown_kind(str(path), kind)])
    content = path.read_bytes()
    if kind == "validation":
        source = Source(str(path), content, text=_text(content))
    else:
        rows = read_table(path).to_dicts()
        requests = _requests(path, rows) if kind == "certificates" else {}
        source = Source(str(path), content, rows=rows, requests=requests)
    return import_source(session, kind, source, rfc, statistics)


def _requests(path: Path, rows: list[dict[str, object]]) -> dict[str, Request | str]:
    """Each origin request a row names (beside the file), or why it could not be read; a
    row that gives its certification is not decided, so its request is not read."""
    out: dict[str, Request | str] = {}
    for row in rows:
        name = str(row.get("request") or "").strip()
        certified = str(row.get("certificate") or "").strip()
        if name and not certified and name not in out:
            try:
                out[name] = load_request(path.parent / name)
            except (InputError, OSError) as exc:
                out[name] = str(exc)
    return out


def _text(content: bytes) -> str:
    """An archivo M as text: UTF-8 when it is valid UTF-8 (no mojibake of Ñ or accents),
    otherwise the Windows-1252 / Latin-1 single-byte text the brokers' systems write."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError:
            return content.decode("latin-1")
