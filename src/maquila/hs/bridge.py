"""Bridge HS 2022 codes (goods, materials) to the HS 2012 terms the USMCA rules use.

The bridge table (``data/hs2022_to_hs2012.csv``) is derived from the UN Statistics
Division HS 2022 - HS 2012 correlation by ``tools/build_hs_bridge.py``; it lists
only the subheadings that changed. A one-to-many correlation yields several
candidates: callers evaluate every one and report when the answer depends on which
(issue: a good of 9401.99 must be tested against a rule naming 9401.90).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from maquila.hs.codes import Level, TariffCode, Vintage

BRIDGE_CITATION = (
    "UN Statistics Division, HS 2022 to HS 2012 correlation tables "
    "(HS2022toHS2012ConversionAndCorrelationTables.xlsx, sheet Correlations)"
)


@dataclass(frozen=True)
class Bridged:
    """The HS 2012 candidates of one HS 2022 code, and whether the edition changed it."""

    source: TariffCode
    candidates: tuple[TariffCode, ...]
    changed: bool


@cache
def _table() -> dict[str, tuple[str, ...]]:
    path = resources.files("maquila.hs") / "data" / "hs2022_to_hs2012.csv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    table: dict[str, list[str]] = {}
    for row in csv.DictReader(lines):
        table.setdefault(row["hs2022"].replace(".", ""), []).append(row["hs2012"].replace(".", ""))
    return {key: tuple(values) for key, values in table.items()}


@cache
def _changed_headings() -> frozenset[str]:
    """HS 2022 headings containing a subheading that changed."""
    return frozenset(code[:4] for code in _table())


def to_hs2012(code: TariffCode) -> Bridged:
    """Candidates for ``code`` in HS 2012 terms.

    A subheading that did not change keeps its digits, national tariff-item digits
    included. A changed subheading yields its HS 2012 partners at six digits: the
    national digits then no longer mean anything in the older edition.
    """
    if code.vintage is Vintage.HS2012:
        return Bridged(code, (code,), False)
    if code.level >= Level.SUBHEADING:
        partners = _table().get(code.digits[:6])
        if partners is None:
            return Bridged(code, (TariffCode(code.digits, Vintage.HS2012),), False)
        return Bridged(code, tuple(TariffCode(p, Vintage.HS2012) for p in partners), True)
    if code.level == Level.HEADING and code.digits in _changed_headings():
        heads = sorted(
            {p[:4] for key, ps in _table().items() if key[:4] == code.digits for p in ps}
        )
        if heads != [code.digits]:
            return Bridged(code, tuple(TariffCode(h, Vintage.HS2012) for h in heads), True)
    return Bridged(code, (TariffCode(code.digits, Vintage.HS2012),), False)
