"""The LVC certification document (SOR/2020-155 s. 18(1)-(2); 29 CFR 810.405(a)(1)-(4);
19 CFR 182.95(c)(1)), built from examples/lvc-sedan.yaml, in JSON and PDF, English and
Spanish. The figures expected here are DERIVED from the example's inputs with the s. 18(6)(a),
(9)-(10) and (12)-(14) formulas, not copied from the program's output."""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from maquila.auto.certificate import CertificationDetails, build, labels, missing
from maquila.auto.lvc import LvcRequest, calculate
from maquila.cli.main import app
from maquila.io.certificate_json import as_dict
from maquila.io.certificate_pdf import render_pdf
from maquila.law.automotive import pack

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "lvc-sedan.yaml"


def _example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return data


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def _squeezed(text: str) -> str:
    """Text without white space: pypdf joins or splits words where a table cell wraps."""
    return "".join(text.split())


def _leaves(value: Any, path: str) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        if set(value) == {"kind", "number"}:  # an identifier is one element
            return [(path, f"{value['kind']} {value['number']}")]
        return [leaf for k, v in value.items() for leaf in _leaves(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, f"{path}[{i}]")]
    return [(path, value)]


def test_the_json_carries_every_data_element_of_the_input_with_its_value() -> None:
    data = _example()
    cert = as_dict(build(calculate(LvcRequest.model_validate(data)), lang="en"))
    rows = {row["key"]: row for row in cert["data_elements"]}
    for path, value in _leaves(data["certification"], "certification"):
        shown = rows[path]["value"]
        if path == "certification.period.basis":
            assert shown.startswith(f"({value}) ")
        else:
            assert shown == str(value), path
        assert rows[path]["required_by"]
    assert rows["vehicle"]["value"] == data["vehicle"]
    assert rows["date"]["value"] == str(data["date"])


def test_every_element_a_certificate_requires_is_in_the_example_document() -> None:
    """What missing() asks of an empty block is exactly what the full document shows (the
    two list markers and the phone-or-email alternative aside)."""
    required = missing(CertificationDetails())
    assert {"producer.identifier.number", "period.from", "plants", "date"} <= set(required)
    cert = as_dict(build(calculate(LvcRequest.model_validate(_example())), lang="en"))
    keys = {row["key"] for row in cert["data_elements"]}
    for path in required:
        if path in ("vehicles", "plants"):
            assert any(k.startswith(f"certification.{path}[0].") for k in keys)
        elif path.startswith("producer.identifier."):  # shown as one element, "RFC ..."
            assert "certification.producer.identifier" in keys
        else:
            assert f"certification.{path}" in keys, path


def test_the_figures_equal_the_calculation_derived_from_the_example() -> None:
    """Derived: (HWLC 1100 + HWM 4300 + transport 200) / NC 20000 x 100 = 28.00 (s. 18(6)(a));
    180,000,000 / 2,000,000,000 x 100 = 9.00 (s. 18(9)-(10)); 5 assembly points (contract of
    5 years, 250,000 engines; s. 18(12)-(14)); 42.00 in all."""
    data = _example()
    hundredth = Decimal("0.01")
    high = (Decimal("1100") + Decimal("4300") + Decimal("200")) / Decimal("20000") * 100
    tech = Decimal("180000000") / Decimal("2000000000") * 100
    result = calculate(LvcRequest.model_validate(data))
    figures = {row["key"]: row["value"] for row in as_dict(build(result, lang="en"))["figures"]}
    assert figures["high_wage_points"] == str(high.quantize(hundredth, ROUND_HALF_UP))
    assert figures["technology_counted"] == str(tech.quantize(hundredth, ROUND_HALF_UP))
    assert figures["assembly_points"] == "5"
    total = (high + tech + 5).quantize(hundredth, ROUND_HALF_UP)
    assert figures["total"] == str(total) == str(result.total)
    required = pack().threshold("lvc.passenger_vehicle", result.request.on)
    assert figures["required_total"] == str(required.lvc_total)
    assert figures["required_high_wage"] == str(required.high_wage_material_and_labour_min)
    steps = as_dict(build(result, lang="en"))["calculation"]
    assert steps[-1]["citation"] == pack().entry("lvc.passenger_vehicle").citation
    assert f"= {total}" in steps[-1]["arithmetic"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_pdf_shows_title_producer_figures_statement_and_page_numbers(lang: str) -> None:
    result = calculate(LvcRequest.model_validate(_example()))
    cert = build(result, lang="es" if lang == "es" else "en")
    text = _squeezed(_pdf_text(render_pdf(cert)))
    assert cert.statement is not None
    for expected in (
        cert.title,
        "Ensambladora Ejemplo SA de CV",
        "Jorge Peña Ibáñez",
        "42.00",
        "28.00",
        cert.statement,
        labels("es" if lang == "es" else "en")["headings"]["page"].format(page=1, pages=2),
    ):
        assert _squeezed(expected) in text, expected


def _english_labels() -> set[str]:
    """Every English label that differs from its Spanish twin; of a template, its longest
    literal piece (short pieces such as "plant " would match Spanish words)."""
    en, es = labels("en"), labels("es")
    texts = [en["title"], en["title_not_met"], en["statement"]]
    for group in ("headings", "elements", "figures", "steps"):
        texts += [v for k, v in en[group].items() if v != es[group].get(k)]
    for group in ("status", "category", "method", "averaging_basis", "averaging_category"):
        texts += list(en["values"][group].values())
    texts += en["values"]["period_basis"]
    pieces = {max(re.split(r"\{[a-z_]+\}", text), key=len).strip() for text in texts}
    return {p for p in pieces if len(p) > 3 and ("{" not in p)}


def test_the_spanish_pdf_has_no_english_label() -> None:
    """The input's own words are printed as given, so the case gives them in Spanish."""
    data = _example()
    data["vehicle"] = "Sedán línea S, 8703.23"
    data["assembly"]["plant"] = "Planta de motores, Ohio"
    data["certification"]["vehicles"][0]["class"] = "vehículo de pasajeros"
    data["certification"]["plants"][1]["name"] = "Planta de motores, Ohio"
    data["certification"]["averaging"] = {"category": "d", "basis": "all"}
    text = _squeezed(
        _pdf_text(render_pdf(build(calculate(LvcRequest.model_validate(data)), lang="es")))
    )
    assert _squeezed("contenido de valor laboral (CVL)") in text
    assert _squeezed("Página 1 de") in text
    english = _squeezed(
        _pdf_text(render_pdf(build(calculate(LvcRequest.model_validate(data)), lang="en")))
    )
    found = [label for label in _english_labels() if _squeezed(label) in english]
    assert len(found) > 40  # the check finds English where there is English
    for label in _english_labels():
        assert _squeezed(label) not in text, label


def test_every_label_exists_in_both_languages_and_prints_in_the_pdf_font() -> None:
    en, es = labels("en"), labels("es")
    for group in ("headings", "elements", "prepared_by", "figures", "steps", "values"):
        assert set(en[group]) == set(es[group]), group
    assert len(es["values"]["period_basis"]) == len(en["values"]["period_basis"]) == 5
    for text in (yaml.safe_dump(en, allow_unicode=True), yaml.safe_dump(es, allow_unicode=True)):
        text.encode("windows-1252")


def test_missing_elements_are_named_by_their_path() -> None:
    data = _example()["certification"]
    del data["producer"]["identifier"]
    del data["plants"][1]["address"]
    data["producer"]["contact"] = {"name": "x"}
    assert missing(CertificationDetails.model_validate(data)) == [
        "producer.identifier.kind",
        "producer.identifier.number",
        "producer.contact.phone",
        "plants[1].address",
    ]


def test_an_averaging_election_by_model_line_needs_the_model_name_class_and_tariff_item() -> None:
    """s. 18(16)(a)(i): category (a) states model line, model name, class and tariff
    classification; a vehicle line giving only its model line is incomplete."""
    data = _example()["certification"]
    data["vehicles"] = [{"model_line": "S"}]
    assert missing(CertificationDetails.model_validate(data)) == []
    data["averaging"] = {"category": "a", "basis": "exported"}
    assert missing(CertificationDetails.model_validate(data)) == [
        "vehicles[0].model_name",
        "vehicles[0].class",
        "vehicles[0].hs",
    ]


def _not_met() -> dict[str, Any]:
    """Derived: HWM 3300 + 200 + HWLC 1100 over NC 20000 = 23.00 points, below the 25 of
    s. 18(1)(d): not met whatever the credits."""
    data = _example()
    data["high_wage_materials"] = "3300"
    return data


def test_an_lvc_not_met_gives_a_calculation_statement_and_never_a_certification() -> None:
    result = calculate(LvcRequest.model_validate(_not_met()))
    assert not result.met
    for lang in ("en", "es"):
        cert = build(result, lang="es" if lang == "es" else "en")
        assert cert.kind == "lvc_calculation_statement"
        assert cert.statement is None and cert.signatory is None
        text = _squeezed(_pdf_text(render_pdf(cert)))
        assert _squeezed(cert.title) in text and _squeezed(cert.notice or "?") in text
        certified = labels("es" if lang == "es" else "en")["statement"].split("{")[1][1:30]
        assert _squeezed(certified) not in text
    assert build(result, lang="en").title == "LVC not met — not a certification"


def test_the_command_writes_the_certificate_of_the_example_in_both_formats(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "lvc.json"
    result = runner.invoke(app, ["auto", "lvc", str(EXAMPLE), "--certificate", str(out)])
    assert result.exit_code == 0, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert (document["document"], document["status"], document["language"]) == (
        "lvc_certification",
        "met",
        "en",
    )
    assert str(out) in result.stdout
    pdf = tmp_path / "lvc.pdf"
    args = ["auto", "lvc", str(EXAMPLE), "--certificate", str(pdf), "--lang", "es", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["certificate"]["path"] == str(pdf)
    assert _squeezed("Certificación del contenido de valor laboral") in _squeezed(
        _pdf_text(pdf.read_bytes())
    )


def test_the_command_writes_a_statement_and_exits_0_when_not_met(tmp_path: Path) -> None:
    """Not met is a decided answer (maquila.verdict): exit 0, and a statement, never a
    certification."""
    source, out = tmp_path / "lvc.yaml", tmp_path / "statement.pdf"
    source.write_text(yaml.safe_dump(_not_met(), allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["auto", "lvc", str(source), "--certificate", str(out)])
    assert result.exit_code == 0
    assert _squeezed("not a certification") in _squeezed(_pdf_text(out.read_bytes()))


def test_the_command_names_each_missing_path_and_writes_nothing(tmp_path: Path) -> None:
    data = _example()
    del data["certification"]["plants"]
    del data["certification"]["certifier"]["title"]
    source, out = tmp_path / "lvc.yaml", tmp_path / "c.pdf"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["auto", "lvc", str(source), "--certificate", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "$.certification.certifier.title: missing" in result.stderr
    assert "$.certification.plants: missing" in result.stderr
    assert "29 CFR 810.405(a)(4)" in result.stderr and "Traceback" not in result.stderr
    del data["certification"]
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["auto", "lvc", str(source), "--certificate", str(out)])
    assert result.exit_code == 1 and "$.certification: missing" in result.stderr


def test_an_unknown_suffix_or_unprintable_text_is_a_message(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["auto", "lvc", str(EXAMPLE), "--certificate", "c.docx"])
    assert result.exit_code == 1 and "allowed: .pdf, .json" in result.stderr
    data = _example()
    data["certification"]["producer"]["name"] = "Ensambladora ≤ Ejemplo"
    source, out = tmp_path / "lvc.yaml", tmp_path / "c.pdf"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["auto", "lvc", str(source), "--certificate", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "$.certification.producer.name: found '≤'" in result.stderr
    as_json = tmp_path / "c.json"
    result = runner.invoke(app, ["auto", "lvc", str(source), "--certificate", str(as_json)])
    assert result.exit_code == 0 and "Ensambladora ≤ Ejemplo" in as_json.read_text("utf-8")
