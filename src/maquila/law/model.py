"""The rule model: product-specific rules and general provisions as structure.

Every record carries its citation, its scope as HS ranges, its nomenclature vintage
and its dates (DESIGN.md, "Law is data"). The wording users see is rendered from
this structure by :mod:`maquila.law.render`; tests hold the rendering to the legal
text in ``../shared/reference``. Models are strict (unknown keys are errors) so a
typo in a pack is caught at load time, not at an audit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, field_validator, model_validator

from maquila.hs.codes import Level, TariffCode, Vintage
from maquila.hs.ranges import CodeSet, parse_range
from maquila.strict import Strict

# entry into force: 1 July 2020 (CBP Dec. 20-11, 85 FR 39690; UR s. 16(12) Example)
USMCA_ENTRY_INTO_FORCE = date(2020, 7, 1)


def _level_by_name(value: object) -> object:
    if isinstance(value, str) and value.upper().replace(" ", "_") in Level.__members__:
        return Level[value.upper().replace(" ", "_")]
    return value


LevelName = Annotated[Level, BeforeValidator(_level_by_name)]


@lru_cache(maxsize=65536)
def _codeset(items: tuple[str, ...], vintage: Vintage) -> CodeSet:
    """Parsed once per list: the same printed lists are read for every good."""
    return CodeSet.of(items, vintage)


class Codes(Strict):
    """A printed list of codes: ``headings 8406, 8411, 8501 or 8503``.

    ``items`` are codes or ranges (``5106-5113``); ``join`` is the printed
    conjunction before the last item, kept because the print uses both.
    """

    items: tuple[str, ...]
    join: Literal["or", "and"] = "or"
    # Where the print departs from the plain pattern (a noun at each change of level,
    # ", " between items and " or "/" and " before the last), the printed nouns and
    # separators are kept so the wording renders exactly as printed.
    nouns: tuple[str | None, ...] | None = None
    seps: tuple[str, ...] | None = None
    # a described item: "fabric of man-made fibers" of subheading 5903.10 (a fact)
    goods: tuple[str | None, ...] | None = None

    @field_validator("items")
    @classmethod
    def _codes_parse(cls, items: tuple[str, ...]) -> tuple[str, ...]:
        for item in items:
            parse_range(item, Vintage.HS2012)
        if not items:
            raise ValueError("a code list needs at least one code")
        return items

    @model_validator(mode="after")
    def _printing_fits_items(self) -> Codes:
        if self.nouns is not None and len(self.nouns) != len(self.items):
            raise ValueError("nouns must give one entry (or null) per item")
        if self.goods is not None and len(self.goods) != len(self.items):
            raise ValueError("goods must give one description (or null) per item")
        if self.seps is not None and len(self.seps) != len(self.items) - 1:
            raise ValueError("seps must give one separator between each pair of items")
        return self

    def codeset(self, vintage: Vintage) -> CodeSet:
        return _codeset(self.items, vintage)


class Source(Strict):
    """One thing a non-originating material may change *from*.

    - ``codes``: "subheading 8414.90" (``goods`` describes a kind of good printed before
      the codes: "savory, neither crushed nor ground, of subheading 0712.90");
    - ``other``: "any other <level>" relative to the good's own code; ``group`` adds
      "including another <level> within that group" (``including``), reads "any
      <level> outside that group" (``outside``) or "any other <level> within that
      group" (``within``);
    - ``other_good``: "any other good within that subheading" / "... of heading 4810":
      a different good classified in the same code (a fact about the material).
    ``sep`` is the printed separator before this source when not the plain ", "/" or ".
    """

    kind: Literal["codes", "other", "other_good"]
    codes: Codes | None = None
    goods: str | None = None
    level: LevelName | None = None
    group: Literal["own", "including", "outside", "within"] = "own"
    within: str | None = None  # "that subheading", "those subheadings", "that heading"
    sep: str | None = None
    # for ``other``: "any other subheading within chapter 20" restricts to these codes

    @model_validator(mode="after")
    def _complete(self) -> Source:
        if self.kind == "codes" and self.codes is None:
            raise ValueError("a codes source needs codes")
        if self.kind == "other" and self.level is None:
            raise ValueError("an 'any other' source needs a level")
        if self.kind == "other_good" and self.codes is None and self.within is None:
            raise ValueError("an 'any other good' source needs codes or a 'within' phrase")
        return self


class Shift(Strict):
    """A change in tariff classification required of every non-originating material.

    A material passes when it comes from one of ``sources`` ("from ..."), or from one of
    ``also`` ("whether or not there is also a change from ..."), and is not among
    ``except_codes``. ``no_change``: "No change in tariff classification to a good of
    ..." (the alternative then rests on its RVC or conditions).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    to: Codes
    goods: str | None = None
    of_a_good: bool = False  # printed "A change to a good of <codes>" (no description)
    # printed "a good of any of <codes>" (GN 11(o) ch. 81 rule 10, ch. 84 rules 114 and 253,
    # ch. 85 rules 49-73, ch. 90, ch. 95): every good of those codes, not a described good
    of_any: bool = False
    sources: tuple[Source, ...] = Field(default=(), alias="from")
    also: tuple[Source, ...] = ()
    except_codes: Codes | None = None
    except_first: bool = False  # the print puts "except from" before "whether or not"
    # "except from more than one of the following: (A) ..., (B) ...": the good fails
    # when its non-originating materials come from more than one of these groups
    except_groups: tuple[Codes, ...] = ()
    except_group_labels: Literal["A", "1"] = "A"
    no_change: bool = False

    @model_validator(mode="after")
    def _has_sources(self) -> Shift:
        if not self.no_change and not self.sources:
            raise ValueError("a change needs at least one 'from' source")
        return self

    @cached_property
    def is_group(self) -> bool:
        """The rule changes to a group of codes ("headings 8501 through 8504")."""
        return len(self.to.items) > 1 or any("-" in item for item in self.to.items)

    @cached_property
    def plain_group_sources(self) -> tuple[Source, ...]:
        """ "From any other <level>" sources of a group rule that say nothing of the
        group: the reading of a material inside the group is an open question — unless the
        rule's own sources say it ("from any other subheading within that group", "from any
        subheading outside that group"): then a "whether or not there is also a change from
        any other subheading" clause beside them leaves nothing open."""
        if not self.is_group or any(s.group in ("within", "outside") for s in self.sources):
            return ()
        return tuple(
            src
            for src in self.sources + self.also
            if src.kind == "other" and src.group == "own" and src.codes is None
        )


class RVC(Strict):
    """A regional value content threshold; either method may be absent (NC only)."""

    transaction_value: Decimal | None = None
    net_cost: Decimal | None = None
    # The printed clause, with {tv}/{nc} for the figures, where the print departs from
    # the usual wording (a missing "method", ", or" for "; or", "at least", ...).
    printed: str | None = None

    @model_validator(mode="after")
    def _one_method_at_least(self) -> RVC:
        if self.transaction_value is None and self.net_cost is None:
            raise ValueError("an RVC needs a transaction_value or a net_cost threshold")
        return self


class Condition(Strict):
    """Wording the grammar does not compute: it becomes a fact the user must answer."""

    text: str
    form: Literal["provided_that", "verbatim"] = "provided_that"
    key: str | None = None  # the fact's name; by default "<rule id>:<alternative label>"
    question: str | None = None  # by default asked from the wording

    def fact_key(self, rule_id: str, label: str | None) -> str:
        return self.key or f"{rule_id}:{label or 'rule'}"

    def ask(self) -> str:
        if self.question:
            return self.question
        if self.form == "verbatim":
            return f"Does the good meet this requirement of the rule as printed: {self.text}?"
        return f"Is it so that {self.text}?"


class Alternative(Strict):
    label: str | None = None
    separator: str | None = None  # printed text before "(B)" when not "; " / "; or "
    rvc_sep: str | None = None  # printed text before the RVC clause when not ", "
    shift: Shift | None = None
    rvc: RVC | None = None
    conditions: tuple[Condition, ...] = ()


class Rule(Strict):
    """One product-specific rule of USMCA Annex 4-B as printed in HTSUS GN 11(o)."""

    chapter: str
    rule: str
    kind: Literal["psr", "note", "requirement", "underscoring", "section_note", "general"] = "psr"
    scope: Codes | None = None
    scope_text: str | None = None  # a scope that is not a list of codes ("Chapter 61")
    scope_excluded: Codes | None = None  # "Chapters 28-38, except heading 3301 and ..."
    scope_note: str | None = None
    trade: Literal["CA-US", "MX-US", "other"] | None = None
    lead_in: str | None = None
    alternatives: tuple[Alternative, ...] = Field(min_length=1)
    ending: str = "."
    vintage: Vintage = Vintage.HS2012
    effective_from: date = USMCA_ENTRY_INTO_FORCE
    effective_to: date | None = None
    source: str
    notes: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"usmca/{self.chapter}/{self.rule}"

    @property
    def citation(self) -> str:
        if self.kind == "general":
            name = self.rule.removeprefix("de-minimis-")
            if name.startswith("19USC"):
                return "19 U.S.C. " + name.removeprefix("19USC")
            return "HTSUS GN 11" + name.removeprefix("GN11")
        if self.kind == "section_note":
            note = self.rule.removeprefix("section-note-").removesuffix("-preamble")
            return f"HTSUS GN 11{note} (chapters {self.chapter})"
        which = f"rule {self.rule}" if self.rule[0].isdigit() else f"unnumbered {self.rule}"
        return (
            f"USMCA Annex 4-B, chapter {int(self.chapter)}; "
            f"HTSUS GN 11(o), chapter {int(self.chapter)}, {which}"
        )

    def covers(self, code: TariffCode) -> bool | None:
        """Whether the record's scope holds ``code`` (three-valued), exclusions applied."""
        if self.scope is None:
            return False
        inside = self.scope.codeset(self.vintage).contains(code)
        if inside is not False and self.scope_excluded is not None:
            excluded = self.scope_excluded.codeset(self.vintage).contains(code)
            if excluded:
                return False
            if excluded is None:
                return None
        return inside

    @property
    def decidable_by_codes(self) -> bool:
        """True when tariff codes, values and origins alone decide the rule: no alternative
        carries wording that needs a fact (a condition, a described good, verbatim text)."""
        return all(
            not alt.conditions and (alt.shift is None or alt.shift.goods is None)
            for alt in self.alternatives
        )

    @property
    def needs_facts(self) -> bool:
        return not self.decidable_by_codes

    def in_force(self, on: date) -> bool:
        """In force on ``on``. The print's "until <date>" is read as including that day;
        where the next version "begins on" the same day, the pack picks the newer one
        (:meth:`maquila.law.pack.Pack.rules_covering`)."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)
