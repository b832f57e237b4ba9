"""What a motor vehicle of headings 87.01-87.05 is for Part 6 of SOR/2020-155: a vehicle of
s. 20(2) (62.5 %), of s. 20(3)(a) (60 %), a passenger vehicle, light truck or heavy truck
(s. 12; ss. 13-18), or a good of 8703.10 or 8701.20 with its own s. 13 row.

The HS 2022 code is bridged to HS 2012 (the terms of Part 6); each candidate is read.
What the code cannot say (persons carried, compression-ignition engine, motorcycle,
motorhome, ambulance, off-road use) is a fact: when it is not given, every kind it could
be is returned with the question, never one of them guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import model_validator

from maquila.hs.bridge import to_hs2012
from maquila.hs.codes import HSCodeError, Level, TariffCode, Vintage, parse_code
from maquila.hs.ranges import parse_range
from maquila.strict import Strict
from maquila.verdict import Missing

Group = Literal[
    "s20_2",
    "s20_3a",
    "passenger_vehicle",
    "light_truck",
    "heavy_truck",
    "8703.10",
    "8701.20",
    "aftermarket",
    "none",
]


class Facts(Strict):
    """A vehicle's code and the facts of s. 12 and s. 20(2)-(3) the code cannot give."""

    hs: str  # HS 2022
    hs2012: str | None = None  # its HS 2012 counterpart, when the bridge gives several
    persons: Literal["15_or_fewer", "16_or_more"] | None = None  # 87.02, driver included
    compression_ignition: bool | None = None  # primary motor of propulsion (s. 20(2)(b))
    motorcycle: bool | None = None  # three- or four-wheeled motorcycle (s. 20(2)(c))
    motorhome_or_entertainer_coach: bool | None = None  # s. 12, s. 20(2)(d)
    ambulance_hearse_or_prison_van: bool | None = None  # s. 20(2)(e)
    off_road: bool | None = None  # solely or principally for off-road use (s. 12)

    @model_validator(mode="after")
    def _codes(self) -> Facts:
        try:
            candidates = to_hs2012(parse_code(self.hs)).candidates
            chosen = None if self.hs2012 is None else parse_code(self.hs2012, Vintage.HS2012)
        except HSCodeError as exc:
            raise ValueError(str(exc)) from None
        if chosen is not None and chosen.digits not in {c.digits for c in candidates}:
            shown = ", ".join(str(c) for c in candidates)
            raise ValueError(f"hs2012 {chosen} is not a counterpart of {self.hs}: {shown}")
        return self

    def codes(self) -> tuple[tuple[TariffCode, ...], bool]:
        """The HS 2012 codes to read (the one chosen, or every candidate), and whether the
        HS 2022 code changed between the editions."""
        bridged = to_hs2012(parse_code(self.hs))
        if self.hs2012 is not None:
            return (parse_code(self.hs2012, Vintage.HS2012),), bridged.changed
        return bridged.candidates, bridged.changed


@dataclass(frozen=True)
class Kind:
    group: Group
    label: str
    citation: str


def within(code: TariffCode, *ranges: str) -> bool | None:
    """True if a range holds the HS 2012 code, None if the code is too short to tell."""
    found = [parse_range(r, Vintage.HS2012).contains(code) for r in ranges]
    return True if True in found else (None if None in found else False)


def _asked(facts: Facts, key: str, question: str, rule: str) -> Missing:
    return Missing(key, f"{facts.hs}: {question}", rule, "the rule of the vehicle (ss. 13, 20)")


def _off_road(facts: Facts, on: Kind, off: Kind) -> tuple[list[Kind], list[Missing]]:
    if facts.off_road is None:
        question = "is it solely or principally for off-road use (off_road)?"
        return [on, off], [_asked(facts, "off_road", question, f"{on.citation}; {off.citation}")]
    return [on if facts.off_road else off], []


_S20_2 = "SOR/2020-155 s. 20(2)"
_S20_3 = "SOR/2020-155 s. 20(3)"
# s. 20(2)(b)-(f): the vehicles of 8703.21-8703.90 that are not passenger vehicles (s. 12)
_NOT_PASSENGER = (
    ("compression_ignition", "(b)", "with a compression-ignition engine as the primary motor"),
    ("motorcycle", "(c)", "a three- or four-wheeled motorcycle"),
    ("motorhome_or_entertainer_coach", "(d)", "a motorhome or entertainer coach"),
    ("ambulance_hearse_or_prison_van", "(e)", "an ambulance, a hearse or a prison van"),
    ("off_road", "(f)", "solely or principally for off-road use"),
)


def _cars(code: TariffCode, facts: Facts, changed: bool) -> tuple[list[Kind], list[Missing]]:
    answers = {name: getattr(facts, name) for name, _, _ in _NOT_PASSENGER}
    if answers["compression_ignition"] is None and not changed and within(code, "8703.31-8703.33"):
        answers["compression_ignition"] = True  # the subheading: compression-ignition only
    for name, para, label in _NOT_PASSENGER:
        if answers[name]:
            return [Kind("s20_2", f"8703.21-8703.90, {label}", f"{_S20_2}{para}")], []
    passenger = Kind("passenger_vehicle", "a passenger vehicle (s. 12)", "SOR/2020-155 s. 12")
    if all(value is False for value in answers.values()):
        return [passenger], []
    unknown = [name for name, value in answers.items() if value is None]
    other = Kind("s20_2", "8703.21-8703.90, one of s. 20(2)(b)-(f)", f"{_S20_2}(b)-(f)")
    labels = {name: label for name, _, label in _NOT_PASSENGER}
    paragraphs = {name: para for name, para, _ in _NOT_PASSENGER}
    return [other, passenger], [
        _asked(facts, name, f"is it {labels[name]} ({name})?", f"{_S20_2}{paragraphs[name]}")
        for name in unknown
    ]


def kinds(code: TariffCode, facts: Facts, changed: bool) -> tuple[list[Kind], list[Missing]]:
    """The kinds of vehicle an HS 2012 ``code`` with ``facts`` may be; [] if not 87.01-87.05."""
    if within(code, "87.01-87.05") is not True:
        return [], []
    if code.level < Level.SUBHEADING:
        question = "the six-digit subheading (the rules of ss. 13 and 20 use them)"
        return [], [_asked(facts, "hs", question, "SOR/2020-155 ss. 13, 20")]
    if within(code, "8701.20"):
        road = Kind("heavy_truck", "a heavy truck (s. 12)", "SOR/2020-155 s. 12")
        rows = Kind("8701.20", "an off-road good of 8701.20", "SOR/2020-155 s. 13, row 8701.20")
        return _off_road(facts, rows, road)
    if within(code, "87.01"):
        return [Kind("s20_3a", "87.01 except 8701.20", f"{_S20_3}(a)(i)")], []
    if within(code, "8702.10-8702.90"):
        few = Kind("s20_2", "87.02, 15 or fewer persons", f"{_S20_2}(a)")
        many = Kind("s20_3a", "87.02, 16 or more persons", f"{_S20_3}(a)(ii)")
        if facts.persons is None:
            question = "for how many persons, driver included (persons)?"
            return [few, many], [
                _asked(facts, "persons", question, f"{_S20_2}(a); {_S20_3}(a)(ii)")
            ]
        return [few if facts.persons == "15_or_fewer" else many], []
    if within(code, "8703.10"):
        return [Kind("8703.10", "a good of 8703.10", "SOR/2020-155 s. 13, row 8703.10")], []
    if within(code, "8703.21-8703.90"):
        return _cars(code, facts, changed)
    if within(code, "8704.10"):
        return [Kind("s20_3a", "8704.10", f"{_S20_3}(a)(iii)")], []
    if within(code, "8704.21", "8704.31"):
        light = Kind("light_truck", "a light truck (s. 12)", "SOR/2020-155 s. 12")
        return _off_road(facts, Kind("s20_2", "off-road 8704.21/8704.31", f"{_S20_2}(g)"), light)
    if within(code, "8704.22-8704.23", "8704.32-8704.90"):
        heavy = Kind("heavy_truck", "a heavy truck (s. 12)", "SOR/2020-155 s. 12")
        off = Kind("s20_3a", "off-road 8704.22-8704.90", f"{_S20_3}(a)(iv)")
        return _off_road(facts, off, heavy)
    # what remains of 87.01-87.05 is heading 87.05
    return [Kind("s20_3a", "87.05", f"{_S20_3}(a)(v)")], []
