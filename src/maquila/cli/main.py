"""``maquila`` command line. Exit codes: 0 decided, 2 undetermined, 1 error (DESIGN.md)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from maquila.cli.auto import auto_app
from maquila.cli.batch import batch
from maquila.cli.ledger import ledger_app
from maquila.cli.problems import refuse, refused
from maquila.cli.rules import rules_app
from maquila.io.requests import InputError, load_request
from maquila.origin import Status, determine
from maquila.origin.report import to_dict, to_text
from maquila.verdict import Code, exit_code, worded

app = typer.Typer(
    help="maquila: USMCA origin with the law cited and the arithmetic shown.",
    no_args_is_help=True,
    add_completion=False,
)
origin_app = typer.Typer(help="Origin determinations.", no_args_is_help=True)
app.add_typer(origin_app, name="origin")
app.add_typer(rules_app, name="rules")
app.add_typer(ledger_app, name="ledger")
app.add_typer(auto_app, name="auto")

SAMPLES = "samples"


def _sample_path(name: str) -> Path:
    root = resources.files("maquila") / SAMPLES
    for suffix in ("", ".yaml", ".json"):
        candidate = root / f"{name}{suffix}"
        if candidate.is_file():
            return Path(str(candidate))
    names = sorted(p.name for p in root.iterdir() if p.name.endswith((".yaml", ".json")))
    raise typer.BadParameter(f"no sample {name!r}; bundled samples: {', '.join(names)}")


@origin_app.command("check")
def check(
    file: Annotated[Path | None, typer.Argument(help="Request file (.json, .yaml).")] = None,
    sample: Annotated[str | None, typer.Option(help="Run a bundled sample instead.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON object.")] = False,
) -> None:
    """Decide whether one good is USMCA-originating and print the trace."""
    if (file is None) == (sample is None):
        message = "give a request FILE or --sample NAME (one of them)"
        refuse([worded(Code.MISSING_FIELD, message, "FILE | --sample")], as_json)
    path = file if file is not None else _sample_path(str(sample))
    try:
        request = load_request(path)
    except InputError as exc:
        refused(exc, as_json)
    result = determine(request)
    typer.echo(
        json.dumps(to_dict(result), indent=2, ensure_ascii=False) if as_json else to_text(result)
    )
    raise typer.Exit(exit_code(undetermined=result.status is Status.UNDETERMINED))


origin_app.command("batch")(batch)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Run the REST API (docs/api.md); OpenAPI at /openapi.json, pages at /docs."""
    import uvicorn

    from maquila.api import create_app

    uvicorn.run(create_app(), host=host, port=port)


@origin_app.command("samples")
def samples() -> None:
    """List the bundled sample requests."""
    root = resources.files("maquila") / SAMPLES
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".json")):
            typer.echo(entry.name.rsplit(".", 1)[0])
