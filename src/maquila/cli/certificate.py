"""``maquila auto lvc FILE --certificate OUT.pdf|OUT.json``: writing the LVC document.

The format follows the suffix; what is wrong (suffix, missing data elements, text the PDF
font cannot print, a file that cannot be written) is one message per problem naming the
file and the JSON path, and exit 1, before anything is written.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from maquila.auto.certificate import build, missing, required_by
from maquila.auto.lvc import Lvc
from maquila.cli.problems import refuse
from maquila.io.certificate_json import render_json
from maquila.io.certificate_pdf import UnprintableText, render_pdf
from maquila.verdict import Code, Problem

FORMATS = (".pdf", ".json")


class Lang(StrEnum):
    en = "en"
    es = "es"


def check_target(out: Path) -> None:
    """Refuse an unknown format before any calculation runs."""
    if out.suffix.lower() not in FORMATS:
        found = f"unknown certificate format {out.suffix or '(no suffix)'!r}"
        allowed = f"allowed: {', '.join(FORMATS)}"
        message = f"{out}: {found}; {allowed}"
        refuse([Problem(Code.UNSUPPORTED_FORMAT, str(out), found, allowed, message=message)])


def write_certificate(file: Path, result: Lvc, out: Path, lang: Lang) -> dict[str, str]:
    """Write the certificate (or, LVC not met, the calculation statement) of ``result``."""
    details = result.request.certification
    gaps = (
        ["certification"] if details is None else [f"certification.{p}" for p in missing(details)]
    )
    if gaps:
        refuse(
            Problem(
                Code.MISSING_FIELD, f"{file}: $.{path}", "", "missing; the certificate needs it",
                hint=required_by(path),
            )
            for path in gaps
        )  # fmt: skip
    cert = build(result, lang=lang.value)
    if out.suffix.lower() == ".pdf":
        try:
            content = render_pdf(cert)
        except UnprintableText as exc:
            refuse(
                Problem(
                    Code.NOT_ALLOWED, f"{file}: $.{key}", f"{char!r}, which the PDF's font "
                    "cannot print (Windows-1252 text only)",
                    "change the text or write the certificate as .json",
                )
                for key, char in exc.problems
            )  # fmt: skip
    else:
        content = render_json(cert).encode("utf-8")
    try:
        out.write_bytes(content)
    except OSError as exc:
        why = f"cannot be written ({exc.strerror or exc})"
        refuse(
            [
                Problem(
                    Code.UNAVAILABLE,
                    str(out),
                    why,
                    "a path that can be written",
                    message=f"{out}: {why}",
                )
            ]
        )
    return {"path": str(out), "document": cert.kind, "title": cert.title}
