"""The tariff-shift test of one non-originating material against one rule alternative.

GN 11(m)(vii): a change in tariff classification applies only to non-originating
materials. Results are three-valued: a material whose code is too short to tell
(e.g. a heading against a rule naming tariff items) is ``None`` and the caller asks
for the missing digits; it is never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from maquila.hs.codes import Level, TariffCode
from maquila.law.model import Shift


@dataclass(frozen=True)
class ShiftOutcome:
    passed: bool | None
    reason: str
    needs: Level | None = None
    ambiguous_group: bool = False


def _differs(material: TariffCode, good: TariffCode, level: Level) -> bool | None:
    """Whether the material lies in another <level> than the good; None if undecidable."""
    if good.level < level:
        return None
    if material.level >= level:
        return material.prefix(level) != good.prefix(level)
    if material.digits != good.digits[: int(material.level)]:
        return True
    return None


def _from_other(
    shift: Shift, material: TariffCode, good: TariffCode, level: Level, group: str
) -> bool | None:
    if group == "outside":
        # "from any <level> outside that group": outside every code of the rule's target
        inside = shift.to.codeset(good.vintage).contains(_cut(material, level))
        return None if inside is None else not inside
    # "from any other <level>" (with or without "including another <level> within that
    # group"): a <level> other than the good's own.
    differs = _differs(material, good, level)
    if differs and group == "own" and _is_group(shift):
        # A plain rule for a group of codes does not say whether a material of another
        # code *within* the group qualifies (the print says so explicitly elsewhere with
        # "including ... within that group" / "outside that group"); no source settles
        # it, so such a material is left undetermined, never guessed.
        inside = shift.to.codeset(good.vintage).contains(_cut(material, level))
        if inside is not False:
            return None
    return differs


def _is_group(shift: Shift) -> bool:
    return len(shift.to.items) > 1 or any("-" in item for item in shift.to.items)


def _group_ambiguity(shift: Shift, material: TariffCode, good: TariffCode) -> bool:
    level = shift.from_other or shift.also_other
    group = shift.group if shift.from_other else shift.also_group
    if level is None or group != "own" or material.level < level:
        return False
    return bool(_differs(material, good, level))


def _cut(code: TariffCode, level: Level) -> TariffCode:
    return code.at(level) if code.level > level else code


def test_shift(shift: Shift, material: TariffCode, good: TariffCode) -> ShiftOutcome:
    """Does ``material`` (non-originating) satisfy ``shift`` for ``good``?"""
    if shift.no_change:
        return ShiftOutcome(True, "no change in tariff classification required")
    if shift.except_codes is not None:
        excepted = shift.except_codes.codeset(good.vintage).contains(material)
        if excepted:
            return ShiftOutcome(False, f"{material} is among the excepted codes")
        if excepted is None:
            level = max(shift.except_codes.codeset(good.vintage).levels())
            return ShiftOutcome(
                None, f"{material} is too short to tell whether it is excepted", needs=level
            )
    results: list[bool | None] = []
    if shift.from_codes is not None:
        named = shift.from_codes.codeset(good.vintage).contains(material)
        if named:
            named_codes = ", ".join(shift.from_codes.items)
            return ShiftOutcome(True, f"{material} is a code the rule names ({named_codes})")
        results.append(named)
        if shift.also_other is not None:
            results.append(_from_other(shift, material, good, shift.also_other, shift.also_group))
    elif shift.from_other is not None:
        results.append(_from_other(shift, material, good, shift.from_other, shift.group))
    if any(results):
        return ShiftOutcome(True, f"{material} changes from {good}")
    if None in results and _is_group(shift) and _group_ambiguity(shift, material, good):
        return ShiftOutcome(
            None,
            f"{material} lies in another code of the rule's own group; the rule does not say "
            "whether that counts as a change",
            ambiguous_group=True,
        )
    if None in results:
        level = shift.from_other or shift.also_other or Level.SUBHEADING
        if shift.from_codes is not None:
            level = max(level, max(shift.from_codes.codeset(good.vintage).levels()))
        return ShiftOutcome(None, f"{material} is too short to tell", needs=level)
    return ShiftOutcome(False, f"{material} does not make the required change to {good}")
