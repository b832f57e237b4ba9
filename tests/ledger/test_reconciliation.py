"""Issue 11: the reconciliation of the ledger's Article 2.5 figure with the contribution
the pedimentos declare (Apéndice 12 code 12: records 510 / 557 of the return, or of a
complementary pedimento CT naming it in its 512), and of the IGI rate used with the one
the import partida declared (556, code 6). Files on the archivo M layout
(tests/ledger/archivo.py); every test on SQLite and PostgreSQL.

The month: the import of tests/ledger/test_archivo_m.py (lots of MXN 1,000) and a return
of ten harnesses to the USA; the ledger computes MXN 56 payable (its docstring there
shows the arithmetic)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from archivo import Partida, archivo, block

from maquila.io.ledger_files import import_file
from maquila.ledger import service
from maquila.ledger.reconcile_report import igi_table, reconciliation_tables
from maquila.ledger.store.db import engine_for, sessions

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"


def _import(url: str, kind: str, path: Path) -> None:
    with sessions(engine_for(url))() as session:
        import_file(session, kind, path)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="ascii")
    return path


def _month(url: str, tmp_path: Path, *, igi_rate: str = "5", rates: bool = True) -> None:
    for kind in ("company", "materials", "products", "boms") + (("rates",) if rates else ()):
        _import(url, kind, DATA / f"{kind}.csv")
    conn = Partida(2, "CONN-2P", "100", details=[f"556|6000101|85366999|2|6|{igi_rate}|1|"])
    entry = archivo(
        block(
            "6000101",
            Partida(1, "CABLE-14", "100", fraccion="85444299", nico="02", umc="3"),
            conn,
            Partida(3, "HOUSING", "100", fraccion="39269099", country="USA"),
            Partida(4, "BOX", "10", fraccion="48191001", nico="00", country="USA"),
        )
    )
    _import(url, "validation", _write(tmp_path, "m3999001.010", entry))


def _return(url: str, tmp_path: Path, *, details: list[str], extra: tuple[str, ...] = ()) -> None:
    harness = Partida(1, "HARNESS-A", "10", fraccion="85443099", country="USA", details=details)
    back = archivo(
        block("6000201", harness, operation=2, clave="RT", paid="20022026", extra=extra),
        name="m3999002.051",
    )
    _import(url, "validation", _write(tmp_path, "m3999002.051", back))


def _reconciled(url: str) -> tuple[dict[str, object], list[dict[str, object]]]:
    with sessions(engine_for(url))() as session:
        assert service.run_discharge(session, None, as_of=date(2026, 3, 31), post=True).posted
        owner = service.company(session, None)
        summary, rates = reconciliation_tables(
            session, owner, basis="tigie", start=date(2026, 1, 1), end=date(2026, 3, 31)
        )
    (row,) = summary.to_dicts()
    return row, rates.to_dicts()


def test_the_art25_duty_declared_in_the_returns_partida_agrees_with_the_ledger(
    ledger_url: str, tmp_path: Path
) -> None:
    _month(ledger_url, tmp_path)
    _return(ledger_url, tmp_path, details=["557|6000201|85443099|1|12|0|56|"])
    row, _ = _reconciled(ledger_url)
    assert (row["computed_art25_mxn"], row["declared_art25_mxn"]) == ("56.00", "56.00")
    assert (row["status"], row["difference_mxn"], row["payment_forms"]) == ("agrees", "0.00", "0")


def test_a_pedimento_level_510_is_the_total_and_not_added_to_its_partidas(
    ledger_url: str, tmp_path: Path
) -> None:
    _month(ledger_url, tmp_path)
    _return(
        ledger_url, tmp_path, details=["557|6000201|85443099|1|12|0|56|"],
        extra=("510|6000201|12|0|56|",),
    )  # fmt: skip
    row, _ = _reconciled(ledger_url)
    assert (row["declared_art25_mxn"], row["status"]) == ("56.00", "agrees")


def test_less_declared_than_the_ledger_computes_is_a_difference_with_its_amount(
    ledger_url: str, tmp_path: Path
) -> None:
    _month(ledger_url, tmp_path)
    _return(ledger_url, tmp_path, details=["557|6000201|85443099|1|12|0|50|"])
    row, _ = _reconciled(ledger_url)
    assert (row["status"], row["difference_mxn"]) == ("differs", "-6.00")


def test_an_art25_duty_nobody_declared_is_not_declared_never_zero(
    ledger_url: str, tmp_path: Path
) -> None:
    _month(ledger_url, tmp_path)
    _return(ledger_url, tmp_path, details=[])
    row, _ = _reconciled(ledger_url)
    assert (row["status"], row["declared_art25_mxn"], row["difference_mxn"]) == (
        "not_declared", None, None,
    )  # fmt: skip
    assert "complementary pedimento (CT)" in str(row["notes"])


def test_a_ledger_figure_that_cannot_be_computed_is_undetermined_not_compared(
    ledger_url: str, tmp_path: Path
) -> None:
    """Without the rates the duty of the materials is unknown: no comparison is made."""
    _month(ledger_url, tmp_path, rates=False)
    _return(ledger_url, tmp_path, details=["557|6000201|85443099|1|12|0|56|"])
    row, rates = _reconciled(ledger_url)
    assert (row["status"], row["computed_art25_mxn"], row["difference_mxn"]) == (
        "undetermined", None, None,
    )  # fmt: skip
    assert row["declared_art25_mxn"] == "56.00" and row["notes"]
    assert {r["status"] for r in rates} == {"no_rate_loaded"}


def test_the_igi_rate_used_is_checked_against_the_rate_the_import_partida_declared(
    ledger_url: str, tmp_path: Path
) -> None:
    """CONN-2P: 5 % loaded (rates.csv); its partida declared 7 % in a 556: flagged."""
    _month(ledger_url, tmp_path, igi_rate="7.0000000000")
    _return(ledger_url, tmp_path, details=["557|6000201|85443099|1|12|0|56|"])
    _, rates = _reconciled(ledger_url)
    by = {r["material"]: r for r in rates}
    assert (by["CONN-2P"]["rate_used_percent"], by["CONN-2P"]["declared_rate"]) == ("5", "7")
    assert by["CONN-2P"]["status"] == "differs"
    assert by["CABLE-14"]["status"] == "not_declared"


@pytest.mark.parametrize("rate", ["5", "5.0000000000"])
def test_the_same_igi_rate_however_written_agrees(
    ledger_url: str, tmp_path: Path, rate: str
) -> None:
    _month(ledger_url, tmp_path, igi_rate=rate)
    _return(ledger_url, tmp_path, details=["557|6000201|85443099|1|12|0|56|"])
    _, rates = _reconciled(ledger_url)
    assert {r["material"]: r["status"] for r in rates}["CONN-2P"] == "agrees"


def test_the_duty_paid_by_a_complementary_pedimento_naming_the_return_is_counted(
    ledger_url: str, tmp_path: Path
) -> None:
    """Paid within the 60 days by a pedimento clave CT whose 512 names the return."""
    _month(ledger_url, tmp_path)
    _return(ledger_url, tmp_path, details=[])
    ct = archivo(
        block(
            "6000301", operation=2, clave="CT", paid="10032026",
            extra=("510|6000301|12|0|56|", "512|6000301|3999|6000201|240|RT|20022026|||||"),
        ),
        name="m3999003.069",
    )  # fmt: skip
    _import(ledger_url, "validation", _write(tmp_path, "m3999003.069", ct))
    row, _ = _reconciled(ledger_url)
    assert (row["declared_art25_mxn"], row["status"]) == ("56.00", "agrees")


def _igi(url: str) -> dict[tuple[str, int], dict[str, object]]:
    with sessions(engine_for(url))() as session:
        owner = service.company(session, None)
        table = igi_table(
            session, owner, basis="tigie", start=date(2026, 1, 1), end=date(2026, 3, 31)
        )
    return {(r["pedimento"], r["secuencia"]): r for r in table.to_dicts()}


def test_the_igi_an_import_partida_declares_is_checked_against_value_times_the_loaded_rate(
    ledger_url: str, tmp_path: Path
) -> None:
    """Connectors of MXN 1,000 at the 5 % loaded: MXN 50. The partida declares 50 in its
    557 (agrees); the cable declares 90 where 1,000 x 10 % is 100 (differs by -10); the
    housing declares nothing (not_declared, never zero)."""
    for kind in ("company", "materials", "products", "boms", "rates"):
        _import(ledger_url, kind, DATA / f"{kind}.csv")
    entry = archivo(
        block(
            "6000101",
            Partida(1, "CABLE-14", "100", fraccion="85444299", nico="02", umc="3",
                    details=["557|6000101|85444299|1|6|0|90|"]),
            Partida(2, "CONN-2P", "100",
                    details=["556|6000101|85366999|2|6|5|1|", "557|6000101|85366999|2|6|0|50|"]),
            Partida(3, "HOUSING", "100", fraccion="39269099", country="USA"),
        )
    )  # fmt: skip
    _import(ledger_url, "validation", _write(tmp_path, "m3999001.010", entry))
    rows = _igi(ledger_url)
    number = "262439996000101"
    conn, cable, housing = rows[(number, 2)], rows[(number, 1)], rows[(number, 3)]
    assert (conn["computed_igi_mxn"], conn["declared_igi_mxn"], conn["status"]) == (
        "50.00", "50.00", "agrees",
    )  # fmt: skip
    assert (conn["declared_rate"], conn["rate_loaded_percent"]) == ("5", "5")
    assert (cable["status"], cable["difference_mxn"]) == ("differs", "-10.00")
    assert (housing["status"], housing["declared_igi_mxn"]) == ("not_declared", None)


def test_an_import_partida_of_unknown_value_has_no_computed_igi(
    ledger_url: str, tmp_path: Path
) -> None:
    for kind in ("company", "materials", "products", "boms", "rates"):
        _import(ledger_url, kind, DATA / f"{kind}.csv")
    entry = archivo(block("6000101", Partida(1, "CONN-2P", "100", value_mxn="")))
    _import(ledger_url, "validation", _write(tmp_path, "m3999001.010", entry))
    (row,) = _igi(ledger_url).values()
    assert (row["status"], row["computed_igi_mxn"]) == ("value_unknown", None)
