"""What every step of one determination shares: the request, the pack, the BOM, the bases."""

from __future__ import annotations

from dataclasses import dataclass

from maquila.hs.codes import TariffCode
from maquila.law.automotive_rules import AppendixRvc
from maquila.law.pack import Pack
from maquila.origin.bom import Bom
from maquila.origin.request import Request
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
    # a self-produced material decided as a good of its own: not imported, so the
    # provisions on importation (GN 11(p), transit, foreign-trade zones) do not apply
    as_material: bool = False

    def fact(self, key: str) -> object:
        return self.request.facts.get(key)
