"""The facts the engine may ask, and the check that a request's ``facts`` are among them.

A fact is an answer to a question the law leaves to the producer (a proviso, a described
good, a process, a reading). Its key says what it answers:

- about the good: a name of this module (``chemical_reaction``, ``auto.lvc``,
  ``wholly_obtained.vessel``...) or a rule of the pack (``usmca/62/chapter-rule-4:rule``,
  ``usmca/54/2:A:goods``, ``usmca/87/24:goods``);
- about a material: its JSON path and a suffix (``materials[1].other_good``,
  ``materials[0].except2``, ``materials[2].source0.item1``, ``materials[3].lyocell_or_acetate``);
- about a self-produced material, as a good of its own: its path and a key about the
  good (``materials[0].chemical_reaction``);
- ``interpretation.group_rule``: a reading of the law, the same for every good.

A key the engine never asks would be silently ignored, so it is refused, as is a key
that names a field of the request (answer it in the field itself).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from maquila.law.pack import Pack
from maquila.origin.request_model import Facts, Material

GLOBAL = frozenset({"interpretation.group_rule"})
GOOD_FACTS = frozenset(
    {
        "good.automotive_description_matches",
        "auto.core_parts",
        "auto.steel_aluminum",
        "auto.lvc",
        "wholly_obtained.vessel",  # 19 U.S.C. 4531(a)(4)(G)-(H)
        "wholly_obtained.seabed_right",  # 4531(a)(4)(I)
        "deemed.description",  # GN 11(p): the good is what the listed provision names
        "used_for_adp",  # GN 11(o) ch. 84 before rule 221: 8473.50 part for 8469.00/8471
    }
)
# questions about one material, asked under its path
MATERIAL_SUFFIX = re.compile(
    r"(other_good|except\d+|source\d+(\.item\d+)?|lyocell_or_acetate|qualifying_good|"
    r"diluent|propagating_material|de_minimis\.[a-z0-9_]+)"
)
GOOD_QUALIFIER = re.compile(r"de_minimis\.[a-z0-9_]+")
RULE_KEY = re.compile(r"(?P<rule>usmca/[0-9-]+/[^:]+)(:(?P<label>(?!goods$)[A-Za-z]+))?(:goods)?")
PATH = re.compile(r"materials\[(\d+)\]")
FIELDS_GOOD = "good."


def problems(
    keys: Iterable[str], materials: tuple[Material, ...], pack: Pack, fields: frozenset[str]
) -> list[tuple[str, str]]:
    """(key, what is wrong) for each key of ``facts`` the engine would never read."""
    found = []
    for key in keys:
        wrong = _wrong(key, materials, pack, fields)
        if wrong is not None:
            found.append((key, wrong))
    return found


def _wrong(
    key: str, materials: tuple[Material, ...], pack: Pack, fields: frozenset[str]
) -> str | None:
    if key in GLOBAL:
        return None
    node: Material | None = None
    rest = key
    while (step := PATH.match(rest)) is not None:
        index = int(step.group(1))
        children = node.materials if node is not None else materials
        if index >= len(children):
            return f"no material at {key[: len(key) - len(rest) + step.end()]}"
        node = children[index]
        rest = rest[step.end() :]
        if not rest.startswith("."):
            return "a material's fact is <path>.<question>, e.g. materials[0].other_good"
        rest = rest[1:]
        if not PATH.match(rest):
            break
    if node is not None:
        if MATERIAL_SUFFIX.fullmatch(rest):
            return None
        if rest in Material.model_fields:
            return f"{rest!r} is a field of the material: give it there, not in facts"
        if not (node.intermediate or node.accumulation):
            return f"not a question the engine asks about a material ({rest!r})"
    return _wrong_about_good(rest, pack, fields)


def _wrong_about_good(key: str, pack: Pack, fields: frozenset[str]) -> str | None:
    if key in GOOD_FACTS or key in process_keys(pack) or GOOD_QUALIFIER.fullmatch(key):
        return None
    if key.startswith(FIELDS_GOOD) and key.removeprefix(FIELDS_GOOD).split(".")[0] in fields:
        return f"{key!r} is a field of the request: give it in the good, not in facts"
    found = RULE_KEY.fullmatch(key)
    if found is not None:
        return _wrong_rule_key(found, pack)
    return "not a question the engine asks (see docs/request-format.md, facts)"


def _wrong_rule_key(found: re.Match[str], pack: Pack) -> str | None:
    labels = pack.alternative_labels.get(found.group("rule"))
    if labels is None:
        return f"no rule {found.group('rule')} in the {pack.name} pack"
    label = found.group("label")
    if label is not None and label != "rule" and label not in labels:
        return f"rule {found.group('rule')} has no alternative ({label})"
    return None


def process_keys(pack: Pack) -> frozenset[str]:
    return frozenset(p.key for p in pack.general.processes)


def rerooted(facts: Facts, path: str) -> Facts:
    """The facts of a self-produced material at ``path``, as its own determination reads
    them: its keys without the path, and the readings of the law that hold for every good."""
    prefix = f"{path}."
    own = {k.removeprefix(prefix): v for k, v in facts.items() if k.startswith(prefix)}
    return own | {k: v for k, v in facts.items() if k in GLOBAL}
