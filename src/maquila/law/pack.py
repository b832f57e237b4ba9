"""Load a rule pack strictly and find the rule that covers a code.

A pack is a folder of YAML files shipped inside the package (the project carries
its own encoding of the law; ``../shared/reference`` is only the test oracle).
Loading is strict: an unknown key, a malformed code or overlapping dated versions
of the same rule is an error naming the file, the key path, the value and what is
allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from maquila.hs.codes import Level, TariffCode
from maquila.law.automotive_rules import Part6Rules, shipped
from maquila.law.errors import PackError as PackError
from maquila.law.model import USMCA_ENTRY_INTO_FORCE, Rule
from maquila.law.provisions import GeneralProvisions

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ChapterFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    chapter: str
    rules: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Pack:
    """The USMCA pack: general provisions plus the product-specific rules."""

    name: str
    general: GeneralProvisions
    rules: tuple[Rule, ...]
    # Part 6 of the Uniform Regulations as the engine reads it (a value: another pack's
    # rules may be given; by default the automotive pack shipped with maquila)
    part6: Part6Rules = field(default_factory=shipped, compare=False, repr=False)

    @cached_property
    def by_chapter(self) -> dict[str, tuple[Rule, ...]]:
        return _by_chapter(self.rules)

    @cached_property
    def _covering(self) -> dict[tuple[TariffCode, date], tuple[list[Rule], list[Rule]]]:
        return {}

    @cached_property
    def vintage(self) -> str:
        """The HS edition its rules are written in (GN 11: HS 2012), from the rules."""
        return "/".join(sorted({rule.vintage.value for rule in self.rules}))

    @cached_property
    def shift_outcomes(self) -> dict[tuple[int, str, str, bool | None], tuple[Any, Any]]:
        """The origin engine's memo of tariff-shift tests that needed no fact, owned by
        the pack (maquila.origin.alternatives): a new pack starts with none."""
        return {}

    @cached_property
    def alternative_labels(self) -> dict[str, frozenset[str]]:
        """Rule id -> the labels of its alternatives (facts name them)."""
        return {r.id: frozenset(a.label for a in r.alternatives if a.label) for r in self.rules}

    @cached_property
    def requirements(self) -> tuple[Rule, ...]:
        """Chapter requirements every good of their chapter must also meet."""
        return tuple(rule for rule in self.rules if rule.kind == "requirement")

    def rules_covering(self, code: TariffCode, on: date) -> tuple[list[Rule], list[Rule]]:
        """Rules in force that cover ``code`` for sure, and those that might (code too short).

        GN 11(m)(v) and (n)(viii): a rule for a tariff item takes precedence over the
        rule for its parent subheading or heading, so only the most specific level of
        sure matches is returned. Remembered per (code, day): a catalog asks the same.
        """
        key = (code, on)
        known = self._covering.get(key)
        if known is None:
            if len(self._covering) > 100_000:
                self._covering.clear()
            known = self._covering[key] = self._rules_covering(code, on)
        return list(known[0]), list(known[1])

    def _rules_covering(self, code: TariffCode, on: date) -> tuple[list[Rule], list[Rule]]:
        sure: list[Rule] = []
        maybe: list[Rule] = []
        for rule in self.by_chapter.get(code.chapter, ()):
            if rule.kind != "psr" or rule.scope is None or not rule.in_force(on):
                continue
            inside = rule.scope.codeset(rule.vintage).contains(code)
            if inside:
                sure.append(rule)
            elif inside is None:
                maybe.append(rule)
        if sure:
            finest = max(_scope_level(rule) for rule in sure)
            sure = _newest_versions([rule for rule in sure if _scope_level(rule) == finest])
            maybe = [rule for rule in maybe if _scope_level(rule) > finest]
        return sure, maybe

    def rule(self, chapter: str, number: str) -> Rule:
        for rule in self.rules:
            if rule.chapter == chapter and rule.rule == number:
                return rule
        raise KeyError(f"no rule {chapter}/{number} in the {self.name} pack")


def _by_chapter(rules: tuple[Rule, ...]) -> dict[str, tuple[Rule, ...]]:
    """Product-specific rules indexed by the chapters their scope can reach."""
    index: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.kind != "psr" or rule.scope is None:
            continue
        chapters: set[str] = set()
        for rng in rule.scope.codeset(rule.vintage):
            for number in range(int(rng.low.chapter), int(rng.high.chapter) + 1):
                chapters.add(f"{number:02d}")
        for chapter in chapters:
            index.setdefault(chapter, []).append(rule)
    return {chapter: tuple(found) for chapter, found in index.items()}


def _newest_versions(rules: list[Rule]) -> list[Rule]:
    """Of dated versions for the same scope and trade in force on one day (a phase that
    ends "until July 1, 2022" while the next "begins on July 1, 2022"), the newer."""
    newest: dict[tuple[object, ...], Rule] = {}
    undated: list[Rule] = []
    for rule in rules:
        if rule.effective_to is None and rule.effective_from == USMCA_ENTRY_INTO_FORCE:
            undated.append(rule)
            continue
        key = (rule.scope, rule.scope_note is None, rule.trade)
        if key not in newest or rule.effective_from > newest[key].effective_from:
            newest[key] = rule
    return undated + list(newest.values())


def _scope_level(rule: Rule) -> Level:
    if rule.scope is None:
        return Level.CHAPTER
    return max(rule.scope.codeset(rule.vintage).levels())


def _location(error: ErrorDetails) -> str:
    return ".".join(str(part) for part in error["loc"])


def _read_yaml(name: str, text: str, problems: list[str]) -> Any:
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        problems.append(f"{name}: not valid YAML: {exc}")
        return None


def _load_chapter(name: str, data: Any, problems: list[str]) -> list[Rule]:
    try:
        chapter = ChapterFile.model_validate(data)
    except ValidationError as exc:
        problems.extend(f"{name}: {_location(e)}: {e['msg']}" for e in exc.errors())
        return []
    rules = []
    for index, record in enumerate(chapter.rules):
        try:
            rules.append(Rule.model_validate({"chapter": chapter.chapter, **record}))
        except ValidationError as exc:
            for e in exc.errors():
                found = e.get("input")
                problems.append(
                    f"{name}: rules[{index}].{_location(e)}: {e['msg']} (found {found!r})"
                )
    return rules


def _check_versions(rules: list[Rule], problems: list[str]) -> None:
    by_id: dict[str, list[Rule]] = {}
    for rule in rules:
        by_id.setdefault(rule.id, []).append(rule)
    for rule_id, versions in by_id.items():
        versions.sort(key=lambda r: r.effective_from)
        for earlier, later in zip(versions, versions[1:], strict=False):
            if earlier.effective_to is None or earlier.effective_to > later.effective_from:
                problems.append(
                    f"{rule_id}: dated versions overlap ({earlier.effective_from} to "
                    f"{earlier.effective_to or 'open'} and from {later.effective_from})"
                )


def load_pack_texts(name: str, general: str, chapters: dict[str, str]) -> Pack:
    """Build a pack from YAML texts; every problem in every file is reported at once."""
    problems: list[str] = []
    general_data = _read_yaml("general.yaml", general, problems)
    provisions = None
    try:
        provisions = GeneralProvisions.model_validate(general_data)
    except ValidationError as exc:
        problems.extend(f"general.yaml: {_location(e)}: {e['msg']}" for e in exc.errors())
    rules: list[Rule] = []
    for file_name, text in sorted(chapters.items()):
        data = _read_yaml(file_name, text, problems)
        if data is not None:
            rules.extend(_load_chapter(file_name, data, problems))
    _check_versions(rules, problems)
    if problems or provisions is None:
        raise PackError(problems)
    return Pack(name=name, general=provisions, rules=tuple(rules))


@cache
def usmca() -> Pack:
    """The USMCA pack shipped with maquila (loaded once per process)."""
    root = resources.files("maquila.law") / "usmca"
    general = (root / "general.yaml").read_text(encoding="utf-8")
    chapters = {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in (root / "psr").iterdir()
        if entry.name.endswith(".yaml")
    }
    return load_pack_texts("usmca", general, chapters)
