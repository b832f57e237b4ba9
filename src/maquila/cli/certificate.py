"""``maquila auto lvc FILE --certificate OUT.pdf|OUT.json``: writing the LVC document.

The format follows the suffix; what is wrong (suffix, missing data elements, text the PDF
font cannot print, a file that cannot be written) is one message per problem naming the
file and the JSON path, and exit 1, before anything is written.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from maquila.auto.certificate import build, missing, required_by
from maquila.auto.lvc import Lvc
from maquila.io.certificate_json import render_json
from maquila.io.certificate_pdf import UnprintableText, render_pdf

FORMATS = (".pdf", ".json")


class Lang(StrEnum):
    en = "en"
    es = "es"


def check_target(out: Path) -> None:
    """Refuse an unknown format before any calculation runs."""
    if out.suffix.lower() not in FORMATS:
        typer.echo(
            f"error: {out}: unknown certificate format {out.suffix or '(no suffix)'!r}; "
            f"allowed: {', '.join(FORMATS)}",
            err=True,
        )
        raise typer.Exit(1)


def write_certificate(file: Path, result: Lvc, out: Path, lang: Lang) -> dict[str, str]:
    """Write the certificate (or, LVC not met, the calculation statement) of ``result``."""
    details = result.request.certification
    gaps = (
        ["certification"] if details is None else [f"certification.{p}" for p in missing(details)]
    )
    for path in gaps:
        typer.echo(
            f"error: {file}: $.{path}: missing; the certificate needs it ({required_by(path)})",
            err=True,
        )
    if gaps:
        raise typer.Exit(1)
    cert = build(result, lang=lang.value)
    if out.suffix.lower() == ".pdf":
        try:
            content = render_pdf(cert)
        except UnprintableText as exc:
            for key, char in exc.problems:
                typer.echo(
                    f"error: {file}: $.{key}: found {char!r}, which the PDF's font cannot print "
                    "(Windows-1252 text only); change the text or write the certificate as .json",
                    err=True,
                )
            raise typer.Exit(1) from None
    else:
        content = render_json(cert).encode("utf-8")
    try:
        out.write_bytes(content)
    except OSError as exc:
        typer.echo(f"error: {out}: cannot be written ({exc.strerror or exc})", err=True)
        raise typer.Exit(1) from None
    return {"path": str(out), "document": cert.kind, "title": cert.title}
