#!/usr/bin/env bash
# A month of a small harness plant in Tijuana, from the broker's validation files to the
# balances, the lots about to expire and the USMCA Article 2.5 figures.
#   bash examples/ledger-month/run.sh [OUTPUT_FOLDER]
# Walked through in docs/ledger-example.md.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:-ledger-month-output}"
mkdir -p "$OUT"
DB="$OUT/ledger.db"
rm -f "$DB"
maquila ledger init --db "$DB"
for kind in company materials products boms rates; do
  maquila ledger import "$kind" "$HERE/$kind.csv" --db "$DB"
done
maquila ledger import validation "$HERE"/m3999*.* --db "$DB"          # IN, AF and RT pedimentos
maquila ledger import pedimentos "$HERE/same-state-return.csv" --db "$DB"  # names its import lot
maquila ledger import certificates "$HERE/certificates.csv" --db "$DB"  # USMCA origin evidence
maquila ledger import destination_duties "$HERE/destination_duties.csv" --db "$DB"
maquila ledger import fixed_assets "$HERE/fixed-assets.csv" --db "$DB"  # the press's serial
maquila ledger discharge --as-of 2026-03-31 --db "$DB"                 # simulate first
maquila ledger discharge --as-of 2026-03-31 --post --db "$DB" --out "$OUT/descargo.csv"
maquila ledger balances --db "$DB" --out "$OUT/saldos.csv"
maquila ledger expiring --as-of 2027-07-01 --days 60 --db "$DB" --out "$OUT/por-vencer.csv"
maquila ledger report materiales --to 2026-03-31 --db "$DB" --out "$OUT/materiales-utilizados.csv"
maquila ledger report retorno --to 2026-03-31 --db "$DB" --out "$OUT/retorno-12-meses.csv"
maquila ledger art25 --basis tigie --to 2026-03-31 --db "$DB" --out "$OUT/art25.csv"
maquila ledger report saldos-fraccion --to 2026-03-31 --db "$DB" --out "$OUT/saldos-fraccion.csv"
maquila ledger report activo-fijo --db "$DB" --out "$OUT/activo-fijo.csv"
maquila ledger report conciliacion --to 2026-03-31 --db "$DB" --out "$OUT/conciliacion.csv"
echo "done: tables in $OUT"
