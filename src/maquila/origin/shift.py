"""The tariff-shift test of one non-originating material against one rule alternative.

GN 11(m)(vii): a change in tariff classification applies only to non-originating
materials. Results are three-valued: a material whose code is too short to tell
(e.g. a heading against a rule naming tariff items) is ``None`` and the caller asks
for the missing digits; a material the rule describes in words ("any other good
within that subheading", "savory, neither crushed nor ground, of ...") needs a fact
about the material; neither is ever guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from maquila.hs.codes import Level, TariffCode, Vintage
from maquila.hs.ranges import CodeSet, parse_range
from maquila.law.model import Codes, Shift, Source

# ask(fact suffix, question) -> the user's answer, or None (and the caller records it)
Ask = Callable[[str, str], bool | None]


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


def _cut(code: TariffCode, level: Level) -> TariffCode:
    return code.at(level) if code.level > level else code


def _is_group(shift: Shift) -> bool:
    return shift.is_group


def _in_group(shift: Shift, material: TariffCode, good: TariffCode, level: Level) -> bool | None:
    return shift.to.codeset(good.vintage).contains(_cut(material, level))


def _other(
    shift: Shift, src: Source, material: TariffCode, good: TariffCode, strict_group: bool
) -> bool | None:
    level = src.level
    assert level is not None  # validated by the model
    if src.codes is not None:  # "any other subheading within chapter 20"
        inside = src.codes.codeset(good.vintage).contains(material)
        if not inside:
            return inside
    if src.group == "outside":
        inside = _in_group(shift, material, good, level)
        return None if inside is None else not inside
    differs = _differs(material, good, level)
    if src.group == "within":
        inside = _in_group(shift, material, good, level)
        return _and(inside, differs)
    if differs and strict_group and src.group == "own" and _is_group(shift):
        inside = _in_group(shift, material, good, level)
        return None if inside is None else not inside
    return differs


def _codes_match(
    codes: Codes, material: TariffCode, vintage: Vintage, ask: Ask, tag: str
) -> bool | None:
    """Membership in a printed list; a described item ("fabric of man-made fibers of
    subheading 5903.10") holds a material only if the material is such a good (a fact)."""
    if codes.goods is None:
        return codes.codeset(vintage).contains(material)
    unknown = False
    for index, item in enumerate(codes.items):
        inside = parse_range(item, vintage).contains(material)
        described = codes.goods[index]
        if inside and described:
            answer = ask(f"{tag}{index}", f"Is the material {described} (as the rule says)?")
            if answer:
                return True
            unknown = unknown or answer is None
        elif inside:
            return True
        elif inside is None:
            unknown = True
    return None if unknown else False


def _and(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def _reference(src: Source, shift: Shift, good: TariffCode) -> CodeSet | TariffCode:
    """The code an "any other good within ..." source refers to."""
    if src.codes is not None:
        return src.codes.codeset(good.vintage)
    phrase = src.within or ""
    if phrase.startswith(("those", "these")) or phrase == "that group":
        return shift.to.codeset(good.vintage)
    if phrase.endswith("heading"):
        return good.at(Level.HEADING) if good.level >= Level.HEADING else good
    if phrase.endswith("tariff item") and good.level >= Level.TARIFF_ITEM:
        return good.at(Level.TARIFF_ITEM)
    return good.at(Level.SUBHEADING) if good.level >= Level.SUBHEADING else good


def _source(
    shift: Shift,
    src: Source,
    material: TariffCode,
    good: TariffCode,
    ask: Ask,
    index: int,
    strict_group: bool,
) -> bool | None:
    if src.kind == "codes":
        assert src.codes is not None  # validated by the model
        named = _codes_match(src.codes, material, good.vintage, ask, f"source{index}.item")
        if named and src.goods:
            return ask(f"source{index}", f"Is the material {src.goods} (as the rule says)?")
        return named
    if src.kind == "other":
        return _other(shift, src, material, good, strict_group)
    reference = _reference(src, shift, good)
    inside = (
        reference.contains(material)
        if isinstance(reference, CodeSet)
        else (material.is_within(reference) if material.level >= reference.level else None)
    )
    if not inside:
        return inside
    return ask(
        "other_good",
        "Is the material a different good from the good produced "
        "(the rule allows a change from any other good within the same code)?",
    )


def _ambiguous(shift: Shift, material: TariffCode, good: TariffCode) -> bool:
    """A plain rule for a group of codes ("A change to subheadings X through Y from any
    other subheading") does not say whether a material of another code *within* the
    group qualifies (the print says so elsewhere with "including ... within that group"
    or "outside that group"); no source settles it, so it is left undetermined."""
    for src in shift.plain_group_sources:
        assert src.level is not None
        if (
            material.level >= src.level
            and _differs(material, good, src.level)
            and _in_group(shift, material, good, src.level) is not False
        ):
            return True
    return False


def test_shift(
    shift: Shift,
    material: TariffCode,
    good: TariffCode,
    ask: Ask,
    group_reading: bool | None = None,
) -> ShiftOutcome:
    """Does ``material`` (non-originating) satisfy ``shift`` for ``good``?

    ``group_reading`` is the user's answer to the open question on plain group rules:
    True counts another code inside the group as a change, False does not, None leaves
    such a material undetermined.
    """
    if shift.no_change:
        return ShiftOutcome(True, "no change in tariff classification required")
    unanswered: list[str] = []

    def asking(suffix: str, question: str) -> bool | None:
        answer = ask(suffix, question)
        if answer is None:
            unanswered.append(suffix)
        return answer

    if shift.except_codes is not None:
        excepted = _codes_match(shift.except_codes, material, good.vintage, asking, "except")
        if excepted:
            return ShiftOutcome(False, f"{material} is among the excepted codes")
        if excepted is None and unanswered:
            return ShiftOutcome(None, f"{material}: a fact about the material is needed")
        if excepted is None:
            level = max(shift.except_codes.codeset(good.vintage).levels())
            return ShiftOutcome(
                None, f"{material} is too short to tell whether it is excepted", needs=level
            )
    if group_reading is None and _ambiguous(shift, material, good):
        return ShiftOutcome(
            None,
            f"{material} lies in another code of the rule's own group; the rule does not say "
            "whether that counts as a change",
            ambiguous_group=True,
        )
    unanswered.clear()
    results = [
        _source(shift, src, material, good, asking, index, group_reading is False)
        for index, src in enumerate(shift.sources + shift.also)
    ]
    if any(results):
        return ShiftOutcome(True, f"{material} changes from a source the rule allows")
    if None in results and results.count(None) == len(unanswered):
        return ShiftOutcome(None, f"{material}: a fact about the material is needed")
    if None in results:
        levels = [
            max(src.codes.codeset(good.vintage).levels()) if src.codes else src.level
            for src in shift.sources + shift.also
        ]
        needs = max((lv for lv in levels if lv is not None), default=Level.SUBHEADING)
        return ShiftOutcome(None, f"{material} cannot be decided from its code", needs=needs)
    return ShiftOutcome(False, f"{material} does not make the required change to {good}")
