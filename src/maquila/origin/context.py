"""What every step of one determination shares: the request, the pack, the BOM, the bases."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from maquila.hs.bridge import to_hs2012
from maquila.hs.codes import TariffCode, parse_code
from maquila.law.automotive_rules import AppendixRvc
from maquila.law.pack import Pack
from maquila.origin.bom import Bom
from maquila.origin.request import Material, Request
from maquila.origin.values import Bases


@dataclass(frozen=True)
class Context:
    request: Request
    pack: Pack
    bom: Bom
    bases: Bases
    good_code: TariffCode
    # Part 6's RVC figures for the rule being applied (maquila.origin.automotive), if any
    appendix: AppendixRvc | None = None

    def fact(self, key: str) -> object:
        return self.request.facts.get(key)


def material_candidates(material: Material) -> tuple[TariffCode, ...]:
    """HS 2012 candidates of a material's HS 2022 code (empty if it has no code)."""
    if material.hs is None:
        return ()
    return _candidates(material.hs)


@lru_cache(maxsize=131072)
def _candidates(hs: str) -> tuple[TariffCode, ...]:
    """Bridged once per code text: catalogs repeat the same codes on many lines."""
    return to_hs2012(parse_code(hs)).candidates
