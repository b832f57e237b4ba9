"""Tariff codes as the origin provisions compare them: in the edition the good is
classified in (HS 2022) and in the HS 2012 terms most of GN 11 is printed in."""

from __future__ import annotations

from functools import lru_cache

from maquila.hs.bridge import to_hs2012
from maquila.hs.codes import TariffCode, parse_code
from maquila.law.model import Codes
from maquila.origin.request_model import Material


def covers(codes: Codes, code: str | None) -> bool:
    """True when ``code`` (HS 2022 text) surely lies in ``codes`` (chapter/heading lists
    that did not change between editions)."""
    if code is None:
        return False
    parsed = parse_code(code)
    return bool(codes.codeset(parsed.vintage).contains(parsed))


def material_candidates(material: Material) -> tuple[TariffCode, ...]:
    """HS 2012 candidates of a material's HS 2022 code (empty if it has no code)."""
    if material.hs is None:
        return ()
    return _candidates(material.hs)


def listed(codes: Codes, hs: str | None) -> bool | None:
    """Whether a code (HS 2022, or any of its HS 2012 counterparts) lies in a printed list:
    provisions printed in either edition are compared with both. None: cannot tell."""
    if hs is None:
        return None
    return _listed(codes, hs)


@lru_cache(maxsize=262144)
def _listed(codes: Codes, hs: str) -> bool | None:
    """Remembered per (list, code): a catalog asks the same lists of the same codes, and a
    code of HS 2022 may have hundreds of HS 2012 counterparts (maquila.hs.bridge)."""
    answers = [codes.codeset(code.vintage).contains(code) for code in editions(hs)]
    if any(answers):
        return True
    return None if None in answers else False


@lru_cache(maxsize=65536)
def editions(hs: str) -> tuple[TariffCode, ...]:
    """The code as written (HS 2022) and its HS 2012 counterparts: provisions printed in
    either edition are compared with both."""
    return (parse_code(hs), *_candidates(hs))


@lru_cache(maxsize=131072)
def _candidates(hs: str) -> tuple[TariffCode, ...]:
    """Bridged once per code text: catalogs repeat the same codes on many lines."""
    return to_hs2012(parse_code(hs)).candidates
