"""The LVC certificate (:mod:`maquila.auto.certificate`) as JSON.

Keys in a fixed order (the document's order, not sorted), every figure a string as the
calculation shows it (Decimals never become floats), text in one language.
"""

from __future__ import annotations

import json
from typing import Any

from maquila.auto.certificate import Certificate, Row


def render_json(cert: Certificate) -> str:
    return json.dumps(as_dict(cert), indent=2, ensure_ascii=False) + "\n"


def as_dict(cert: Certificate) -> dict[str, Any]:
    signature = None
    if cert.signatory is not None:
        name, title, on = cert.signatory
        signature = {"name": name, "title": title, "date": on}
    return {
        "document": cert.kind,
        "language": cert.lang,
        "status": cert.status,
        "title": cert.title,
        "notice": cert.notice,
        "data_elements": [_row(r, "required_by") for r in cert.elements],
        "figures": [_row(r, "citation") for r in cert.figures],
        "calculation": [s.as_trace() for s in cert.steps],
        "statement": cert.statement,
        "statement_citation": cert.statement_source if cert.statement else None,
        "signature": signature,
    }


def _row(row: Row, source: str) -> dict[str, str]:
    return {"key": row.key, "label": row.label, "value": row.value, source: row.source}
