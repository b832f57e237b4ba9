"""Look the law up: what governs one tariff code, and how much of the pack is covered.

Pure functions over a :class:`~maquila.law.pack.Pack` (no I/O): ``maquila rules show``
and ``maquila rules coverage`` print what these return (docs/rules-compile.md).

Goods are classified in HS 2022 while the product-specific rules are written in HS
2012 terms, so a code is first bridged (:mod:`maquila.hs.bridge`) and every HS 2012
candidate is looked up. The general provisions of ``pack.general`` are compared with
the good's own (HS 2022) code, as the origin engine does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from maquila.hs.bridge import BRIDGE_CITATION, to_hs2012
from maquila.hs.codes import TariffCode, parse_code
from maquila.law.model import USMCA_ENTRY_INTO_FORCE, Codes, Rule
from maquila.law.pack import Pack
from maquila.law.provisions import GeneralProvisions
from maquila.law.render import render_rule


@dataclass(frozen=True)
class MaybeRule:
    """A rule that might cover the code: the code has too few digits to tell."""

    rule: Rule
    digits_needed: int


@dataclass(frozen=True)
class CandidateLaw:
    """The records that govern one HS 2012 candidate of the good's code."""

    code: TariffCode
    rules: tuple[Rule, ...]  # psr rules in force that surely cover it (finest level)
    maybe: tuple[MaybeRule, ...]  # psr rules that might, with the digits needed to tell
    records: tuple[Rule, ...]  # notes, underscoring rules, section notes, general records


@dataclass(frozen=True)
class Provision:
    """A general provision (``pack.general``) that bears on the code."""

    key: str
    text: str
    citation: str
    sure: bool = True  # False: the code is too short to tell whether it applies


@dataclass(frozen=True)
class CodeLaw:
    code: TariffCode  # as given, HS 2022
    on: date
    candidates: tuple[CandidateLaw, ...]
    edition_changed: bool
    bridge_citation: str | None  # BRIDGE_CITATION when the edition changed the code
    provisions: tuple[Provision, ...]

    @property
    def covered(self) -> bool:
        """True when at least one product-specific rule surely covers a candidate."""
        return any(candidate.rules for candidate in self.candidates)


def _within(codes: Codes | None, code: TariffCode) -> bool | None:
    if codes is None:
        return None
    return codes.codeset(code.vintage).contains(code)


def _digits_needed(rule: Rule, code: TariffCode) -> int:
    assert rule.scope is not None  # only rules with codes can be "maybe"
    undecided = [r.level for r in rule.scope.codeset(rule.vintage) if r.contains(code) is None]
    return int(max(undecided)) if undecided else int(code.level)


def _other_records(pack: Pack, code: TariffCode, on: date) -> tuple[Rule, ...]:
    found = []
    for rule in pack.rules:
        if rule.kind == "psr" or not rule.in_force(on):
            continue
        inside = None if rule.scope is None else rule.covers(code)
        if rule.kind == "note":
            own_chapter = rule.chapter == code.chapter
            if own_chapter and (rule.scope is None or inside is not False):
                found.append(rule)
        elif rule.kind in ("underscoring", "section_note", "general") and inside:
            found.append(rule)
    return tuple(found)


def _candidate(pack: Pack, code: TariffCode, on: date) -> CandidateLaw:
    sure, maybe = pack.rules_covering(code, on)
    return CandidateLaw(
        code=code,
        rules=tuple(sure),
        maybe=tuple(MaybeRule(rule, _digits_needed(rule, code)) for rule in maybe),
        records=_other_records(pack, code, on),
    )


def _de_minimis_provisions(g: GeneralProvisions, code: TariffCode) -> list[Provision]:
    """GN 11(e)(i)-(iii): de minimis by value, and the goods and materials it does not cover."""
    out = [
        Provision(
            "de_minimis_value",
            f"de minimis: non-originating materials that do not undergo the required change "
            f"may be up to {g.de_minimis_value.percent}% of the good's value",
            g.de_minimis_value.citation,
        )
    ]
    same = _within(g.de_minimis_same_subheading_chapters, code)
    if same is not False:
        out.append(
            Provision(
                "de_minimis_same_subheading",
                "de minimis does not apply to a material of the good's own subheading "
                "(goods of chapters 1 through 27)",
                "HTSUS GN 11(e)(iii)",
                sure=bool(same),
            )
        )
    for exception in g.de_minimis_exceptions:
        inside = _within(exception.goods, code)
        if inside is not False:
            what = ", ".join(exception.materials.items)
            words = [q for q in (exception.material_qualifier, exception.good_qualifier) if q]
            qualifier = f" ({'; '.join(words)})" if words else ""
            out.append(
                Provision(
                    "de_minimis_exception",
                    f"de minimis does not apply to non-originating materials of {what}{qualifier}",
                    exception.citation,
                    sure=bool(inside),
                )
            )
    return out


def _textile_weight_provisions(g: GeneralProvisions, code: TariffCode) -> list[Provision]:
    """GN 11(e)(iv): textile de minimis by weight (good or component), and elastomeric yarns."""
    out: list[Provision] = []
    for key, codes, text in (
        (
            "de_minimis_textile_weight",
            g.de_minimis_textile_goods,
            f"textile de minimis by weight: up to {g.de_minimis_textile_weight.percent}% of "
            "the good's weight",
        ),
        (
            "de_minimis_component_weight",
            g.de_minimis_component_goods,
            f"textile de minimis by weight: up to {g.de_minimis_textile_weight.percent}% of "
            "the weight of the component that determines the classification",
        ),
    ):
        inside = _within(codes, code)
        if inside is not False:
            out.append(Provision(key, text, g.de_minimis_textile_weight.citation, bool(inside)))
            out.append(
                Provision(
                    "de_minimis_elastomeric_weight",
                    f"non-originating elastomeric yarns: up to "
                    f"{g.de_minimis_elastomeric_weight.percent}% by weight",
                    g.de_minimis_elastomeric_weight.citation,
                    bool(inside),
                )
            )
    return out


def _parts_fallback_provision(g: GeneralProvisions, code: TariffCode) -> list[Provision]:
    """Article 4.2(d): parts classified with the good (GN 11(n)(i)), unless the good is excluded."""
    excluded = _within(g.parts_fallback_excluded, code)
    if excluded is True:
        return []
    rvc = g.parts_fallback_rvc
    return [
        Provision(
            "parts_fallback",
            "a good classified with its parts (GN 11(n)(i)) may qualify by a regional "
            f"value content of {rvc.transaction_value}% (transaction value) or "
            f"{rvc.net_cost}% (net cost)",
            g.parts_fallback_citation,
            sure=excluded is False,
        )
    ]


def _deemed_originating_provision(g: GeneralProvisions, code: TariffCode) -> list[Provision]:
    """GN 11(p): whether the good may be one of the goods deemed originating."""
    listed = _within(
        Codes(items=tuple(c for i in g.deemed_originating.items for c in i.codes)), code
    )
    if listed is False:
        return []
    return [
        Provision(
            "deemed_originating",
            "deemed originating when imported into the United States from another USMCA country",
            g.deemed_originating.citation,
            sure=bool(listed),
        )
    ]


def _process_provisions(g: GeneralProvisions, code: TariffCode) -> list[Provision]:
    """GN 11(n)(iv)-(v): the process provisions whose scope may hold the good, not excluded."""
    out: list[Provision] = []
    for process in g.processes:
        inside = _within(process.scope, code)
        left_out = _within(process.excluded, code) if process.excluded else False
        if inside is not False and left_out is not True:
            sure = bool(inside) and left_out is False
            out.append(Provision(process.key, process.question, process.citation, sure))
    return out


def general_provisions(pack: Pack, code: TariffCode) -> tuple[Provision, ...]:
    """The provisions of ``pack.general`` that bear on a good of ``code`` (HS 2022)."""
    g = pack.general
    return (
        *_de_minimis_provisions(g, code),
        *_textile_weight_provisions(g, code),
        *_parts_fallback_provision(g, code),
        *_deemed_originating_provision(g, code),
        *_process_provisions(g, code),
    )


def explain_code(pack: Pack, code_text: str, on: date) -> CodeLaw:
    """The law of one HS 2022 code on ``on``; raises HSCodeError for a malformed code."""
    code = parse_code(code_text)
    bridged = to_hs2012(code)
    return CodeLaw(
        code=code,
        on=on,
        candidates=tuple(_candidate(pack, c, on) for c in bridged.candidates),
        edition_changed=bridged.changed,
        bridge_citation=BRIDGE_CITATION if bridged.changed else None,
        provisions=general_provisions(pack, code),
    )


@dataclass(frozen=True)
class ChapterCoverage:
    chapter: str
    records: int
    psr: int
    decidable: int  # psr rules decidable from codes, values and origins alone
    needs_facts: int
    missing: tuple[str, ...] = ()  # in the reference, not in the pack
    extra: tuple[str, ...] = ()  # in the pack, not in the reference
    differing: tuple[str, ...] = ()  # rendered differently from the reference


@dataclass(frozen=True)
class Coverage:
    chapters: tuple[ChapterCoverage, ...]
    compared: bool  # a reference was given

    def total(self, name: str) -> int:
        return sum(getattr(c, name) for c in self.chapters)

    def all(self, name: str) -> tuple[str, ...]:
        return tuple(item for c in self.chapters for item in getattr(c, name))

    @property
    def share_decidable(self) -> float:
        psr = self.total("psr")
        return self.total("decidable") / psr if psr else 0.0

    @property
    def complete(self) -> bool:
        return not (self.all("missing") or self.all("differing"))


def _key(rule: Rule) -> str:
    """The rule id; a dated version not starting at entry into force also gives its date."""
    if rule.effective_from == USMCA_ENTRY_INTO_FORCE:
        return rule.id
    return f"{rule.id} ({rule.effective_from})"


def _by_chapter(rules: Iterable[Rule]) -> dict[str, dict[str, Rule]]:
    out: dict[str, dict[str, Rule]] = defaultdict(dict)
    for rule in rules:
        out[rule.chapter][_key(rule)] = rule
    return out


def coverage(pack: Pack, reference: list[Rule] | None = None) -> Coverage:
    """Per chapter: records, psr rules, decidable or not; against a reference, the gaps."""
    ours = _by_chapter(pack.rules)
    theirs = _by_chapter(reference or [])
    rows = []
    for chapter in sorted(ours.keys() | theirs.keys()):
        mine, printed = ours.get(chapter, {}), theirs.get(chapter, {})
        psr = [r for r in mine.values() if r.kind == "psr"]
        decidable = sum(1 for r in psr if r.decidable_by_codes)
        rows.append(
            ChapterCoverage(
                chapter=chapter,
                records=len(mine),
                psr=len(psr),
                decidable=decidable,
                needs_facts=len(psr) - decidable,
                missing=tuple(sorted(printed.keys() - mine.keys())),
                extra=tuple(sorted(mine.keys() - printed.keys())) if reference is not None else (),
                differing=tuple(
                    sorted(
                        key
                        for key in mine.keys() & printed.keys()
                        if render_rule(mine[key]) != render_rule(printed[key])
                    )
                ),
            )
        )
    return Coverage(chapters=tuple(rows), compared=reference is not None)
