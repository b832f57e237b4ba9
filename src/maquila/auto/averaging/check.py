"""Checking an election to average (SOR/2020-155 s. 16(3), (6), (7); s. 18(16), (17)):
what it must state, its filing with each customs administration, and the changes it
cannot take.

The two elections differ in what they must state, in the filing deadline (s. 16(6) also
has a first deadline, July 31, 2020) and in what cannot be changed (s. 16(7): category and
period; s. 18(17): category and basis). Each difference is a field of :class:`Provision`;
the numbers (days, first deadline) come from the pack (``averaging.vehicle_rvc``,
``lvc.averaging_election``).

The deadline is counted as printed: "at least 10 days before the first day" of the fiscal
year is read as filed on or before that day less 10 days (whether they are clear days is
not stated in Part 6). An election not filed in time with the administration of a country
the vehicles are exported to is not valid; a change or rescission of what the provision
fixes is not valid and the election stands as first filed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from maquila.auto.averaging.election import Country, Election
from maquila.auto.averaging.periods import Period, fiscal_year_of
from maquila.law.automotive import AutomotivePack
from maquila.verdict import Missing


@dataclass(frozen=True)
class Provision:
    """What one of the two elections requires."""

    name: str
    pack_id: str
    content: dict[str, tuple[str, tuple[str, ...]]]  # paragraph -> (citation, fields)
    further: tuple[tuple[str, str], ...]  # (field, citation)
    filing: str
    fixed: tuple[str, ...]  # what cannot be modified
    no_change: str


_STATED = ("model_lines", "model_names", "classes", "tariff_classifications", "plants")
RVC = Provision(
    "RVC averaging election",
    "averaging.vehicle_rvc",
    {
        "a": ("SOR/2020-155 s. 16(3)(a)", _STATED),
        "b": ("SOR/2020-155 s. 16(3)(b)", _STATED[1:]),
        "c": ("SOR/2020-155 s. 16(3)(c)", _STATED),
        "d": ("SOR/2020-155 s. 16(3)(d)", (*_STATED, "exported_to")),
    },
    (),
    "SOR/2020-155 s. 16(6)",
    ("category", "period"),
    "SOR/2020-155 s. 16(7)",
)
LVC = Provision(
    "LVC averaging election",
    "lvc.averaging_election",
    {
        "a": ("SOR/2020-155 s. 18(16)(a)(i)", _STATED),
        "b": ("SOR/2020-155 s. 18(16)(a)(ii)", _STATED[1:]),
        "c": ("SOR/2020-155 s. 18(16)(a)(iii)", _STATED),
        "d": ("SOR/2020-155 s. 18(15)(d)", ("model_lines", "classes", "plants")),
    },
    (
        ("address", "SOR/2020-155 s. 18(16)(c)"),
        ("period_start", "SOR/2020-155 s. 18(16)(d)"),
        ("period_end", "SOR/2020-155 s. 18(16)(d)"),
        ("estimated_lvc", "SOR/2020-155 s. 18(16)(e)"),
        ("signed_by", "SOR/2020-155 s. 18(16)(f)"),
        ("signed_on", "SOR/2020-155 s. 18(16)(f)"),
    ),
    "SOR/2020-155 s. 18(16)(g)",
    ("category", "basis"),
    "SOR/2020-155 s. 18(17)",
)


_DECISION_RULE = "SOR/2020-155 s. 16(1)(d), s. 18(15)(d)"
_NO_DECISION = (
    f"the decision of the CUSMA countries that sets this category ({_DECISION_RULE}): "
    "none is known to the pack"
)


@dataclass
class ElectionCheck:
    status: Literal["valid", "not_valid", "undetermined"] = "valid"
    deadline: date | None = None
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # make the election not valid
    missing: list[Missing] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # refused changes; election stands


def _asked(provision: Provision, key: str, question: str, rule: str) -> Missing:
    """A fact of the election: its key is the JSON path under ``election``."""
    return Missing(f"election.{key}", question, rule, f"the {provision.name}")


def filing_deadline(
    provision: Provision, election: Election, period_start: date, law: AutomotivePack
) -> tuple[date, str]:
    """The last day to file, and how it is reached (s. 16(6) / s. 18(16)(g))."""
    value = law.entry(provision.pack_id).value
    assert value is not None and value.days_before_fiscal_year is not None
    if value.first_deadline is not None and period_start <= value.first_deadline:
        return value.first_deadline, f"by {value.first_deadline} ({provision.filing})"
    first_day = fiscal_year_of(election.fiscal_year_start, period_start).start
    last = first_day - timedelta(days=value.days_before_fiscal_year)
    return last, (
        f"at least {value.days_before_fiscal_year} days before the fiscal year beginning "
        f"{first_day}: on or before {last} ({provision.filing})"
    )


def check_election(
    provision: Provision,
    election: Election,
    period: Period,
    *,
    destinations: set[Country],
    plants: set[str],
    law: AutomotivePack,
) -> ElectionCheck:
    """The election's content, filing and changes, for the vehicles it counts (their
    export countries and plants)."""
    check = ElectionCheck()
    e = election
    citation, fields = provision.content[e.category]
    for name in fields:
        if not getattr(e, name):
            question = f"the election's {name.replace('_', ' ')} ({citation})"
            check.missing.append(_asked(provision, name, question, citation))
    for name, cited in provision.further:
        if getattr(e, name) is None:
            question = f"the election's {name.replace('_', ' ')} ({cited})"
            check.missing.append(_asked(provision, name, question, cited))
    for plant in sorted(plants - set(e.plants)):
        question = f"the election to state plant {plant!r} ({citation})"
        check.missing.append(_asked(provision, "plants", question, citation))
    if e.category == "d" and e.decision is None:
        check.missing.append(_asked(provision, "decision", _NO_DECISION, _DECISION_RULE))
    _filings(provision, e, period, destinations, check, law)
    _amendments(provision, e, check)
    check.status = "not_valid" if check.problems else "undetermined" if check.missing else "valid"
    return check


def _filings(
    provision: Provision,
    e: Election,
    period: Period,
    to: set[Country],
    check: ElectionCheck,
    law: AutomotivePack,
) -> None:
    deadline, how = filing_deadline(provision, e, period.start, law)
    check.deadline = deadline
    check.lines.append(f"filing deadline: {how}")
    if not to:
        check.lines.append("no vehicle counted is exported: no customs administration to notify")
    by_country = {f.country: f for f in e.filings}
    for country in sorted(to):
        filing = by_country.get(country)
        if filing is None:
            check.problems.append(
                f"not filed with the customs administration of {country}, where vehicles of "
                f"the category are exported ({provision.filing})"
            )
        elif filing.filed is None:
            question = f"the day the election was filed in {country}"
            key = f"filings[{country}].filed"
            check.missing.append(_asked(provision, key, question, provision.filing))
        elif filing.filed <= deadline:
            check.lines.append(f"filed in {country} on {filing.filed}: in time")
        elif filing.shorter_period_accepted:
            check.lines.append(
                f"filed in {country} on {filing.filed}, after {deadline}, within a "
                f"shorter period that customs administration accepted ({provision.filing})"
            )
        else:
            check.problems.append(
                f"filed in {country} on {filing.filed}, after the deadline {deadline} "
                f"({provision.filing}): the election is not valid there"
            )


def _amendments(provision: Provision, e: Election, check: ElectionCheck) -> None:
    for i, a in enumerate(e.amendments):
        barred = [c for c in a.changes if c in provision.fixed]
        if a.kind == "rescission" or barred:
            what = "rescission" if a.kind == "rescission" else "change of " + ", ".join(barred)
            check.findings.append(
                f"the {what} filed on {a.filed} is not valid ({provision.no_change}: "
                f"{' and '.join(provision.fixed)} cannot be modified or rescinded); the "
                "election stands as first filed"
            )
        for other in (c for c in a.changes if c not in provision.fixed):
            question = (
                f"whether the change of {other} filed on {a.filed} took effect "
                f"({provision.no_change} does not bar it); computed as first filed"
            )
            key = f"amendments[{i}].changes"
            check.missing.append(_asked(provision, key, question, provision.no_change))
