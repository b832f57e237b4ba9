"""USMCA Article 2.5 on the sample month, figures worked by hand (rates: tests/data/ledger/
rates.csv, illustrative inputs; the law's mechanism: ledger/data/art25.yaml).

Return 6000201 (200 harnesses, 2026-02-20, no proof of US duty yet):
    cable 500 m consumo:  22,938 x 500/1,000 = 11,469.00 x 10 % = 1,146.90
    cable  10 m merma:       229.38 x 10 % =   22.94;  5 m desperdicio 114.69 x 10 % = 11.47
    connectors 400:       9,175 x 400/500  =  7,340.00 x 5 %  =   367.00
    boxes 20:               918 x 20/50    =    367.20 x 10 % =    36.72
    housings 200: USMCA-originating on certification CERT-US-001 = 0
    owed 1,585.03; paid at destination: none proved -> payable 1,585 (whole pesos)
Return 6000202: owed 2,362.29; US duty USD 100.00 x 17.95 = 1,795.00 -> payable 567.
Return 6000203: connectors in the same condition -> undetermined (see art25.yaml).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from maquila.io.ledger_files import import_file
from maquila.ledger import service
from maquila.ledger.art25 import Consumed, Rate, Return, compute
from maquila.ledger.reports import art25_tables
from maquila.ledger.store.db import engine_for, sessions
from maquila.verdict import Figure

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"


def _month(url: str) -> None:
    make = sessions(engine_for(url))
    for kind in (
        "company",
        "materials",
        "products",
        "boms",
        "pedimentos",
        "rates",
        "destination_duties",
    ):
        with make() as session:
            import_file(session, kind, DATA / f"{kind}.csv")
    with make() as session:
        assert service.run_discharge(session, None, as_of=date(2026, 3, 31), post=True).posted


def test_the_sample_returns_owe_the_duty_worked_by_hand(ledger_url: str) -> None:
    _month(ledger_url)
    with sessions(engine_for(ledger_url))() as session:
        owner = service.company(session, None)
        summary, detail = art25_tables(
            session, owner, basis="tigie", start=date(2026, 1, 1), end=date(2026, 3, 31)
        )
    rows = {r["pedimento"]: r for r in summary.to_dicts()}
    first, second, same = rows["262439996000201"], rows["262439996000202"], rows["262439996000203"]
    assert (first["status"], first["duty_owed_mxn"], first["payable_mxn"]) == (
        "computed",
        "1585.03",
        "1585",
    )
    assert first["due_by"] == "2026-04-21" and "CT" in first["vehicle"]
    assert "no proof of the duty paid at destination" in first["notes"]
    assert (second["duty_owed_mxn"], second["destination_duty_mxn"], second["payable_mxn"]) == (
        "2362.29",
        "1795.00",
        "567",
    )
    assert same["status"] == "undetermined" and "same condition" in same["missing"]
    housing = detail.filter(detail["material"] == "HOUSING").to_dicts()
    assert {h["duty_mxn"] for h in housing} == {"0.00"}
    assert all("USMCA-originating (certification" in h["note"] for h in housing)


def test_a_basis_without_a_rate_leaves_the_return_undetermined_naming_the_rate(
    ledger_url: str,
) -> None:
    _month(ledger_url)
    with sessions(engine_for(ledger_url))() as session:
        owner = service.company(session, None)
        summary, _ = art25_tables(
            session, owner, basis="prosec", start=date(2026, 2, 1), end=date(2026, 2, 28)
        )
    (row,) = summary.to_dicts()
    assert row["status"] == "undetermined"
    assert "the prosec rate of fracción 48191001 in force on 2026-01-05" in row["missing"]


def _return(destination: str = "USA", paid: Decimal | None = None) -> Return:
    return Return(
        1, "262439996000300", 1, "X", date(2026, 5, 1), destination, Decimal(18), True, paid, None
    )


def _consumed(value: str) -> Consumed:
    return Consumed(
        7, "M", "85444299", Decimal(1), Decimal(value), "CHN", None, date(2026, 1, 5), "consumo"
    )


RATE = [Rate("85444299", "tigie", Decimal(10), date(2020, 1, 1), None)]


def test_the_relief_is_the_lesser_of_the_duty_owed_and_the_duty_paid_at_destination() -> None:
    assert compute(_return(paid=Decimal(30)), [_consumed("1000")], RATE, "tigie").payable == 70
    more = compute(_return(paid=Decimal(500)), [_consumed("1000")], RATE, "tigie")
    assert (more.relief, more.payable) == (Decimal("100.00"), 0)
    assert more.vehicle == "paid in the return pedimento (identifier ST)"


def test_a_return_to_a_country_that_is_not_a_party_is_outside_article_2_5() -> None:
    result = compute(_return("DEU"), [_consumed("1000")], RATE, "tigie")
    assert result.status == "not_applicable" and result.payable == 0


def test_the_rate_in_force_on_the_materials_entry_is_used() -> None:
    rates = [
        Rate("85444299", "tigie", Decimal(10), date(2020, 1, 1), date(2025, 12, 31)),
        Rate("85444299", "tigie", Decimal(15), date(2026, 1, 1), None),
    ]
    assert compute(_return(), [_consumed("1000")], rates, "tigie").duty_owed == Decimal("150.00")


def test_the_origin_engine_can_supply_the_evidence_of_an_imported_material(
    ledger_url: str, tmp_path: Path
) -> None:
    import shutil

    import pytest

    from maquila.ledger.rows import LedgerInputError

    make = sessions(engine_for(ledger_url))
    for kind in ("company", "materials", "products", "boms", "rates"):
        with make() as session:
            import_file(session, kind, DATA / f"{kind}.csv")
    lines = (DATA / "pedimentos.csv").read_text(encoding="utf-8").splitlines()
    no_certs = tmp_path / "pedimentos.csv"  # the housings arrive without certification
    no_certs.write_text(
        "\n".join(x.replace("CERT-US-001", "").replace("CERT-US-002", "") for x in lines) + "\n"
    )
    with make() as session:
        import_file(session, "pedimentos", no_certs)
    for name in ("housing-origin.yaml", "housing-chinese.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    refused = tmp_path / "certificates-bad.csv"
    refused.write_text(
        "pedimento,secuencia,part_number,certificate,request\n"
        "26 24 3999 6000101,3,HOUSING,,housing-chinese.yaml\n"
    )
    with (
        make() as session,
        pytest.raises(LedgerInputError, match="the engine finds non_originating"),
    ):
        import_file(session, "certificates", refused)
    evidence = tmp_path / "certificates.csv"
    evidence.write_text(
        "pedimento,secuencia,part_number,certificate,request\n"
        "26 24 3999 6000101,3,HOUSING,,housing-origin.yaml\n"
        "26 24 3999 6000104,1,HOUSING,CERT-US-002,\n"
    )
    with make() as session:
        assert import_file(session, "certificates", evidence).added == 2
    with make() as session:
        assert service.run_discharge(session, None, as_of=date(2026, 3, 31), post=True).posted
    with make() as session:
        owner = service.company(session, None)
        summary, detail = art25_tables(
            session, owner, basis="tigie", start=date(2026, 2, 1), end=date(2026, 2, 28)
        )
    housing = detail.filter(detail["material"] == "HOUSING").to_dicts()
    assert [h["certificate"] for h in housing] == [
        "maquila origin: criterion C (housing-origin.yaml)"
    ]
    assert summary.to_dicts()[0]["duty_owed_mxn"] == "1585.03"  # as with the paper certificate


def test_a_duty_paid_in_dollars_on_a_return_without_exchange_rate_is_not_converted_at_zero(
    ledger_url: str, tmp_path: Path
) -> None:
    """The US duty of 6000202 is USD 100; with no exchange rate on the return pedimento the
    MXN figure (and so the relief) is unknown: undetermined naming the rate, where reading
    the missing rate as 0 made the whole duty payable."""
    text = (DATA / "pedimentos.csv").read_text(encoding="utf-8")
    text = text.replace(
        "26 24 3999 6000202,RT,2,2026-03-15,,17.95000,", "26 24 3999 6000202,RT,2,2026-03-15,,,"
    )
    (tmp_path / "pedimentos.csv").write_text(text, encoding="utf-8")
    make = sessions(engine_for(ledger_url))
    for kind in ("company", "materials", "products", "boms", "pedimentos", "rates"):
        with make() as session:
            folder = tmp_path if kind == "pedimentos" else DATA
            import_file(session, kind, folder / f"{kind}.csv")
    with make() as session:
        import_file(session, "destination_duties", DATA / "destination_duties.csv")
        assert service.run_discharge(session, None, as_of=date(2026, 3, 31), post=True).posted
        owner = service.company(session, None)
        summary, _ = art25_tables(
            session, owner, basis="tigie", start=date(2026, 1, 1), end=date(2026, 3, 31)
        )
    row = {r["pedimento"]: r for r in summary.to_dicts()}["262439996000202"]
    assert row["status"] == "undetermined"
    assert "the exchange rate of the return pedimento" in row["missing"]
    assert "no proof of the duty paid at destination" not in (row["notes"] or "")


def test_each_fact_the_art25_duty_lacks_is_asked_by_the_record_that_holds_it() -> None:
    """A return to the US consuming a lot with no rate loaded and a lot of unknown value:
    undetermined, each fact asked with the key of its record and the provision
    (USMCA Art. 2.5), never counted as 0."""
    ret = Return(1, "26 47 3000 6000201", 1, "PCB-1", date(2026, 2, 10), "USA", None,
                 False, None, None)  # fmt: skip
    lots = [
        Consumed(7, "CAP", "85322401", Decimal(10), Decimal(100), "CN", None,
                 date(2026, 1, 5), "material"),
        Consumed(8, "RES", "85331001", Decimal(10), None, "CN", None,
                 date(2026, 1, 5), "material"),
    ]  # fmt: skip
    rates = [Rate("85331001", "tigie", Decimal(5), date(2020, 1, 1), None)]
    result = compute(ret, lots, rates, "tigie")
    assert result.status is Figure.UNDETERMINED
    assert [(m.key, m.rule) for m in result.missing] == [
        ("rates[85322401].tigie", "USMCA Art. 2.5; LA art. 63-A"),
        ("lots[8].value_mxn", "USMCA Art. 2.5; LA art. 63-A"),
    ]
