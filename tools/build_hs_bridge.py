"""Build maquila's HS 2022 -> HS 2012 bridge from the UN correlation table.

Source: United Nations Statistics Division, HS 2022 to HS 2012 correlation and
conversion tables (sheet "HS2022-HS2012 Correlations"), as laid out in
../shared/reference/hs/hs2022_hs2012.csv. The project keeps only what it needs:
the HS 2022 subheadings whose HS 2012 counterparts are not simply themselves.
Every other subheading is identical in both editions. Run from the repository root:

    python tools/build_hs_bridge.py ../shared/reference/hs/hs2022_hs2012.csv
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path("src/maquila/hs/data/hs2022_to_hs2012.csv")
HEADER = (
    "# maquila HS 2022 -> HS 2012 bridge: HS 2022 subheadings whose HS 2012 counterparts differ.\n"
    "# Source: UN Statistics Division, HS2022toHS2012ConversionAndCorrelationTables.xlsx,\n"
    "# sheet 'HS2022-HS2012 Correlations'. Built by tools/build_hs_bridge.py.\n"
)


def main(source: str) -> None:
    pairs: dict[str, dict[str, str]] = defaultdict(dict)
    with open(source, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["hs2022"] == "9999.99":
                continue
            pairs[row["hs2022"]][row["hs2012"]] = row["relationship"]
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        handle.write(HEADER)
        writer = csv.writer(handle)
        writer.writerow(["hs2022", "hs2012", "relationship"])
        for hs2022 in sorted(pairs):
            partners = pairs[hs2022]
            if set(partners) == {hs2022}:
                continue
            for hs2012 in sorted(partners):
                writer.writerow([hs2022, hs2012, partners[hs2012]])


if __name__ == "__main__":
    main(sys.argv[1])
