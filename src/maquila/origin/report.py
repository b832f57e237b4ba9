"""A determination as a JSON-ready object and as indented text (the CLI's trace).

The JSON object's fields are documented in docs/request-format.md ("Output").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from maquila.origin.result import Determination, MethodResult, Missing, RuleRef, Status, Step
from maquila.origin.values import shown

CRITERIA = {
    "A": "wholly obtained or produced (Art. 4.2(a))",
    "B": "produced using non-originating materials meeting Annex 4-B (Art. 4.2(b))",
    "C": "produced exclusively from originating materials (Art. 4.2(c))",
    "D": "parts classified with the good, RVC met (Art. 4.2(d))",
    "E": "deemed originating: a good of USMCA Table 2.10.1 imported into the US from another "
    "USMCA country (19 U.S.C. 4531(c)(1)(E); GN 11(p))",
}


def _method(result: MethodResult) -> dict[str, Any]:
    return {
        "method": result.method,
        "formula": result.formula,
        "base": str(result.base),
        "vnm": str(result.vnm),
        "percent": shown(result.percent, "0.001"),
        "threshold": None if result.threshold is None else str(result.threshold),
        "margin": None if result.margin is None else shown(result.margin, "0.001"),
        "allowed": result.allowed,
        "required": result.required,
        # false when a non-originating value is missing: VNM is the known part, and
        # percent and margin are upper bounds ("at most")
        "complete": result.complete,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def to_dict(result: Determination) -> dict[str, Any]:
    return {
        "status": result.status.value,
        "criterion": result.criterion,
        "rule": None
        if result.rule is None
        else {"id": result.rule.id, "citation": result.rule.citation, "text": result.rule.text},
        "alternative": result.alternative,
        "rvc": [_method(m) for m in result.rvc],
        "missing": [m.as_dict() for m in result.missing],
        "reasons": list(result.reasons),
        "notes": list(result.notes),
        "trace": [
            {
                "step": s.step,
                "citation": s.citation,
                "outcome": s.outcome,
                "detail": _plain(s.detail),
                "depth": s.depth,
            }
            for s in result.trace
        ],
        "vintage": dict(result.vintage),
    }


def to_text(result: Determination) -> str:
    lines = [f"Status: {result.status.value}"]
    if result.criterion:
        lines.append(f"Origin criterion: {result.criterion} — {CRITERIA[result.criterion]}")
    if result.rule:
        lines.append(f"Rule: {result.rule.id} ({result.rule.citation})")
        lines.append(f"  {result.rule.text}")
        if result.alternative and result.alternative != "rule":
            lines.append(f"  met by alternative ({result.alternative})")
    for method in result.rvc:
        margin = "" if method.margin is None else f", margin {shown(method.margin)} points"
        threshold = (
            "not allowed by the rule" if method.threshold is None else f"{method.threshold}%"
        )
        if not method.required:
            threshold = "none: informational, the rule applied needs no RVC"
        bound = "" if method.complete else "at most "
        lines.append(
            f"RVC {method.method.replace('_', ' ')}: {bound}{shown(method.percent)}% "
            f"(threshold {threshold}{margin}{'' if method.complete else '; values missing'})"
        )
    for reason in result.reasons:
        lines.append(f"Reason: {reason}")
    if result.missing:
        lines.append("Missing facts:")
        for item in result.missing:
            lines.append(f"  - {item.key}: {item.question} [{item.rule}; settles {item.settles}]")
    for note in result.notes:
        lines.append(f"Note: {note}")
    lines.append("Trace:")
    for step in result.trace:
        pad = "  " * (step.depth + 1)
        lines.append(f"{pad}{step.step} — {step.outcome}  [{step.citation}]")
        for key, value in step.detail.items():
            if value not in (None, ""):
                lines.append(f"{pad}    {key}: {value}")
    return "\n".join(lines)


def from_dict(data: dict[str, Any]) -> Determination:
    """The inverse of :func:`to_dict` (results travel as JSON between processes)."""
    rule = data.get("rule")
    return Determination(
        status=Status(data["status"]),
        criterion=data.get("criterion"),
        rule=RuleRef(rule["id"], rule["citation"], rule["text"]) if rule else None,
        alternative=data.get("alternative"),
        rvc=[
            MethodResult(
                m["method"],
                Decimal(m["base"]),
                Decimal(m["vnm"]),
                Decimal(m["percent"]),
                None if m["threshold"] is None else Decimal(m["threshold"]),
                None if m["margin"] is None else Decimal(m["margin"]),
                m["allowed"],
                m["formula"],
                m.get("required", True),
                m.get("complete", True),
            )
            for m in data.get("rvc", [])
        ],
        missing=[
            Missing(m["key"], m["question"], m["rule"], m["settles"])
            for m in data.get("missing", [])
        ],
        reasons=list(data.get("reasons", [])),
        trace=[
            Step(s["step"], s["citation"], s["outcome"], s.get("detail", {}), s["depth"])
            for s in data.get("trace", [])
        ],
        vintage=dict(data.get("vintage", {})),
        notes=list(data.get("notes", [])),
    )
