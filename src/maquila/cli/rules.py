"""``maquila rules``: show the law of a code, measure coverage, compile a print.

Exit codes follow DESIGN.md: 0 done, 2 undetermined or incomplete (no rule covers
the code; the pack misses or renders differently rules of the print), 1 error. The
JSON objects printed by ``--json`` are documented in docs/rules-compile.md.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import yaml
from rich.console import Console
from rich.table import Table

from maquila.cli.problems import refuse
from maquila.hs.codes import HSCodeError
from maquila.io.packs import read_records, rule_data, write_pack
from maquila.law.compile import compile_record, drift
from maquila.law.lookup import CodeLaw, Coverage, Provision, coverage, explain_code
from maquila.law.model import Rule
from maquila.law.pack import usmca
from maquila.law.render import render_rule, render_scope
from maquila.verdict import Code, exit_code, worded

rules_app = typer.Typer(help="Look up, measure and compile the rule pack.", no_args_is_help=True)

AsJson = Annotated[bool, typer.Option("--json", help="Print the JSON object.")]


def _fail(code: Code, message: str, location: str = "") -> NoReturn:
    refuse([worded(code, message, location)])


def _echo_json(data: dict[str, Any]) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "kind": rule.kind,
        "citation": rule.citation,
        "scope": render_scope(rule),
        "trade": rule.trade,
        "effective_from": rule.effective_from.isoformat(),
        "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
        "decidable_by_codes": rule.decidable_by_codes,
        "wording": render_rule(rule),
        "structure": rule_data(rule),
    }


def _provision_json(provision: Provision) -> dict[str, Any]:
    return {
        "key": provision.key,
        "text": provision.text,
        "citation": provision.citation,
        "sure": provision.sure,
    }


def law_json(law: CodeLaw) -> dict[str, Any]:
    return {
        "code": str(law.code),
        "vintage": law.code.vintage.value,
        "date": law.on.isoformat(),
        "edition_changed": law.edition_changed,
        "bridge_citation": law.bridge_citation,
        "covered": law.covered,
        "candidates": [
            {
                "code": str(c.code),
                "vintage": c.code.vintage.value,
                "rules": [rule_json(r) for r in c.rules],
                "might_cover": [
                    {"digits_needed": m.digits_needed, "rule": rule_json(m.rule)} for m in c.maybe
                ],
                "records": [rule_json(r) for r in c.records],
            }
            for c in law.candidates
        ],
        "general_provisions": [_provision_json(p) for p in law.provisions],
    }


def _dates(rule: Rule) -> str:
    end = f"until {rule.effective_to}" if rule.effective_to else "onward"
    return f"{rule.effective_from} {end}"


def _rule_text(rule: Rule, structure: bool) -> list[str]:
    lines = [
        f"{rule.id} ({rule.kind})",
        f"  citation: {rule.citation}",
        f"  scope:    {render_scope(rule)}" + (f" [trade {rule.trade}]" if rule.trade else ""),
        f"  in force: {_dates(rule)}",
        f"  wording:  {render_rule(rule)}",
    ]
    if structure:
        lines.append(f"  decidable from codes alone: {'yes' if rule.decidable_by_codes else 'no'}")
        dumped = yaml.safe_dump(rule_data(rule), sort_keys=False, allow_unicode=True, width=96)
        lines.append("  structure:")
        lines.extend(f"    {line}" for line in dumped.rstrip().splitlines())
    return lines


def law_text(law: CodeLaw) -> str:
    out = [f"{law.code} ({law.code.vintage.value}) on {law.on}"]
    terms = ", ".join(str(c.code) for c in law.candidates)
    if law.edition_changed:
        out.append(f"HS 2012 terms: {terms} (changed by the edition; {law.bridge_citation})")
    else:
        out.append(f"HS 2012 terms: {terms} (unchanged by the edition)")
    for candidate in law.candidates:
        out.append("")
        out.append(f"== {candidate.code} (HS2012) ==")
        if not candidate.rules:
            out.append("No product-specific rule surely covers this code.")
        for rule in candidate.rules:
            out.extend(_rule_text(rule, structure=True))
        for maybe in candidate.maybe:
            out.append(
                f"might apply: {maybe.rule.id} (scope {render_scope(maybe.rule)}); "
                f"give the code to {maybe.digits_needed} digits to tell"
            )
        if candidate.records:
            out.append("")
            out.append("Notes and other records that apply:")
            for rule in candidate.records:
                out.extend(_rule_text(rule, structure=False))
    out.append("")
    out.append("General provisions:")
    for provision in law.provisions:
        maybe_text = "" if provision.sure else " (may apply: the code is too short to tell)"
        out.append(f"- {provision.text}{maybe_text} [{provision.citation}]")
    return "\n".join(out)


def _parse_date(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(Code.NOT_A_DATE, f"--date {text!r} is not a date; write YYYY-MM-DD", "--date")


@rules_app.command("show")
def show(
    code: Annotated[str, typer.Argument(help="HS 2022 code, e.g. 8504.40.60.")],
    on: Annotated[
        str | None, typer.Option("--date", help="Date of the law, YYYY-MM-DD (default today).")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Print the law of one code: its rule, notes and general provisions."""
    when = _parse_date(on)
    try:
        law = explain_code(usmca(), code, when)
    except HSCodeError as exc:
        _fail(Code.NOT_A_TARIFF_CODE, str(exc), "CODE")
    typer.echo(
        json.dumps(law_json(law), indent=2, ensure_ascii=False) if as_json else law_text(law)
    )
    raise typer.Exit(exit_code(undetermined=False, findings=not law.covered))


def _first_non_object(text: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not isinstance(json.loads(line), dict):
            return number
    return 0


def _compile_file(path: Path) -> list[Rule]:
    """Compile every record of a print; any problem is one message naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
        records = read_records(path)
    except FileNotFoundError:
        _fail(Code.NO_SUCH_FILE, f"{path}: no such file", str(path))
    except (OSError, UnicodeDecodeError) as exc:
        _fail(Code.UNREADABLE, f"{path}: cannot read ({exc})", str(path))
    except ValueError as exc:
        _fail(Code.MALFORMED, str(exc), str(path))
    except TypeError:
        line = _first_non_object(text)
        _fail(Code.WRONG_TYPE, f"{path}:{line}: not a JSON object", f"{path}:{line}")
    numbers = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    rules = []
    for number, record in zip(numbers, records, strict=True):
        try:
            rules.append(compile_record(record))
        except Exception as exc:  # noqa: BLE001 -- any failure is reported with its line
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            _fail(
                Code.INVALID_VALUE,
                f"{path}:{number}: cannot compile chapter {record.get('chapter')!r} rule "
                f"{record.get('rule')!r}: {first}",
                f"{path}:{number}",
            )
    return rules


def coverage_json(cov: Coverage) -> dict[str, Any]:
    names = ("records", "psr", "decidable", "needs_facts")
    lists = ("missing", "extra", "differing")
    return {
        "compared": cov.compared,
        "chapters": [
            {"chapter": c.chapter, **{n: getattr(c, n) for n in names + lists}}
            for c in cov.chapters
        ],
        "totals": {n: cov.total(n) for n in names},
        "share_decidable": round(cov.share_decidable, 4),
        **{n: list(cov.all(n)) for n in lists},
        "complete": cov.complete,
    }


def _coverage_table(cov: Coverage) -> Table:
    table = Table(title="USMCA pack coverage by chapter")
    heads = ["chapter", "records", "psr", "decidable", "needs facts"]
    if cov.compared:
        heads += ["missing", "extra", "differing"]
    for head in heads:
        table.add_column(head, justify="left" if head == "chapter" else "right")
    for c in cov.chapters:
        cells = [c.chapter, c.records, c.psr, c.decidable, c.needs_facts]
        if cov.compared:
            cells += [len(c.missing), len(c.extra), len(c.differing)]
        table.add_row(*(str(cell) for cell in cells))
    totals: list[object] = ["total", *(cov.total(n) for n in ("records", "psr", "decidable"))]
    totals.append(cov.total("needs_facts"))
    if cov.compared:
        totals += [len(cov.all(n)) for n in ("missing", "extra", "differing")]
    table.add_section()
    table.add_row(*(str(cell) for cell in totals), style="bold")
    return table


@rules_app.command("coverage")
def coverage_command(
    against: Annotated[
        Path | None, typer.Option(help="A print (JSON Lines records) to compare with.")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Per chapter: records, rules, rules decidable from codes; gaps against a print."""
    reference = _compile_file(against) if against is not None else None
    cov = coverage(usmca(), reference)
    if as_json:
        _echo_json(coverage_json(cov))
    else:
        console = Console(width=100)
        console.print(_coverage_table(cov))
        console.print(
            f"{cov.total('psr')} product-specific rules, {cov.total('decidable')} decidable "
            f"from codes alone ({cov.share_decidable:.1%}), {cov.total('needs_facts')} "
            "needing facts"
        )
        if cov.compared:
            for name in ("missing", "extra", "differing"):
                items = cov.all(name)
                console.print(f"{name}: {len(items)}" + (f" ({', '.join(items)})" if items else ""))
    raise typer.Exit(exit_code(undetermined=False, findings=not cov.complete))


@rules_app.command("compile")
def compile_command(
    records: Annotated[Path, typer.Argument(help="Printed rule records (JSON Lines).")],
    out: Annotated[
        Path | None, typer.Option(help="Write the chapter YAML files into this folder.")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Compile a print of GN 11 into rules and report drift against the shipped pack."""
    rules = _compile_file(records)
    change = drift(usmca().rules, tuple(rules))
    fallback = [
        (rule.id, alt.label)
        for rule in rules
        if rule.kind == "psr"
        for alt in rule.alternatives
        if any(c.form == "verbatim" for c in alt.conditions)
    ]
    written = [str(p) for p in write_pack(rules, out)] if out is not None else []
    by_kind = {k: sum(1 for r in rules if r.kind == k) for k in sorted({r.kind for r in rules})}
    verbatim_rules = sorted({rule_id for rule_id, _ in fallback})
    moved = {"added": change.added, "removed": change.removed, "changed": change.changed}
    report: dict[str, Any] = {
        "file": str(records),
        "records": len(rules),
        "by_kind": {
            k: sum(1 for r in rules if r.kind == k) for k in sorted({r.kind for r in rules})
        },
        "verbatim_alternatives": len(fallback),
        "verbatim_rules": sorted({rule_id for rule_id, _ in fallback}),
        "drift": {
            "none": change.none,
            "added": list(change.added),
            "removed": list(change.removed),
            "changed": list(change.changed),
        },
        "written": written,
    }
    if as_json:
        _echo_json(report)
        return
    kinds = ", ".join(f"{n} {k}" for k, n in by_kind.items())
    lines = [
        f"compiled {len(rules)} records from {records} ({kinds})",
        f"{len(fallback)} alternatives of {len(verbatim_rules)} product-specific "
        "rules kept as verbatim wording (asked as facts)",
    ]
    if change.none:
        lines.append("no drift: the print compiles to the shipped pack")
    for name, items in moved.items():
        if items:
            lines.append(f"{name} ({len(items)}):")
            lines.extend(f"  {item}" for item in items)
    if written:
        lines.append(f"wrote {len(written)} chapter files to {out}")
    typer.echo("\n".join(lines))
