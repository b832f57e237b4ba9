"""``maquila rules show / coverage / compile`` through the real CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from maquila.cli.main import app
from maquila.hs.bridge import BRIDGE_CITATION
from shared_reference import reference

PRINT = ("usmca", "psr_rules.jsonl")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _json(*args: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = _run(*args, "--json")
    return code, json.loads(out)


def _rule_ids(data: dict[str, Any]) -> list[str]:
    return [r["id"] for c in data["candidates"] for r in c["rules"]]


def _record_ids(data: dict[str, Any]) -> list[str]:
    return [r["id"] for c in data["candidates"] for r in c["records"]]


def test_show_for_a_computer_power_supply_names_rule_85_6_and_gn_11_p() -> None:
    code, out, _ = _run("rules", "show", "8504.40.60", "--date", "2025-06-01")
    assert code == 0
    assert "usmca/85/6" in out and "GN 11(p)" in out
    assert "A change to tariff item 8504.40.60 from any other subheading" in out
    code, data = _json("rules", "show", "8504.40.60", "--date", "2025-06-01")
    assert code == 0 and _rule_ids(data) == ["usmca/85/6"]
    assert "usmca/general/GN11(p)" in _record_ids(data)
    keys = {p["key"]: p for p in data["general_provisions"]}
    assert keys["deemed_originating"]["citation"].startswith("HTSUS GN 11(p)")
    assert data["candidates"][0]["rules"][0]["structure"]["rule"] == "6"


def test_show_for_hs_2022_9401_99_finds_the_rule_naming_9401_90_through_the_bridge() -> None:
    code, data = _json("rules", "show", "9401.99", "--date", "2025-06-01")
    assert code == 0
    assert data["edition_changed"] is True and data["bridge_citation"] == BRIDGE_CITATION
    assert [c["code"] for c in data["candidates"]] == ["9401.90"]
    (rule,) = data["candidates"][0]["rules"]
    assert rule["id"] == "usmca/94/2" and rule["scope"] == "9401.90"
    assert rule["wording"] == "A change to subheading 9401.90 from any other heading."


def test_show_for_8701_93_finds_the_tractor_rule_whose_range_ends_at_an_hs_2012_code() -> None:
    code, data = _json("rules", "show", "8701.93", "--date", "2025-06-01")
    assert code == 0 and _rule_ids(data) == ["usmca/87/3"]
    assert data["candidates"][0]["rules"][0]["scope"] == "8701.30-8701.90"


def test_show_for_8539_52_led_lamps_finds_a_rule() -> None:
    code, data = _json("rules", "show", "8539.52", "--date", "2025-06-01")
    assert code == 0 and data["covered"] and _rule_ids(data)


def test_show_for_a_heading_exits_2_and_says_which_digits_are_needed() -> None:
    code, out, _ = _run("rules", "show", "8504", "--date", "2025-06-01")
    assert code == 2
    assert "No product-specific rule surely covers this code." in out
    assert "give the code to 6 digits to tell" in out


def test_show_for_a_malformed_code_exits_1_with_one_clear_message() -> None:
    code, out, err = _run("rules", "show", "85044")
    assert code == 1 and out == ""
    assert err.strip() == (
        "error: '85044' is not a tariff code: it has 5 digits; a chapter has 2, a heading 4, "
        "a subheading 6, a tariff item 8 and a statistical code 10"
    )


def test_coverage_against_the_reference_print_finds_nothing_missing_or_differing() -> None:
    records = [line for line in reference(*PRINT).read_text(encoding="utf-8").splitlines() if line]
    code, data = _json("rules", "coverage", "--against", str(reference(*PRINT)))
    assert code == 0
    assert data["missing"] == [] and data["differing"] == [] and data["extra"] == []
    assert data["totals"]["records"] == len(records)
    psr = data["totals"]["psr"]
    assert data["totals"]["decidable"] + data["totals"]["needs_facts"] == psr
    code, out, _ = _run("rules", "coverage", "--against", str(reference(*PRINT)))
    assert code == 0 and "missing: 0" in out and "differing: 0" in out
    total_row = re.search(r"│ total\s+│\s+(\d+)\s+│", out)
    assert total_row is not None and int(total_row.group(1)) == len(records)


def test_compiling_the_reference_into_a_folder_reports_no_drift(tmp_path: Path) -> None:
    code, data = _json("rules", "compile", str(reference(*PRINT)), "--out", str(tmp_path))
    assert code == 0
    assert data["drift"] == {"none": True, "added": [], "removed": [], "changed": []}
    assert data["records"] == sum(1 for line in reference(*PRINT).read_text().splitlines() if line)
    assert (tmp_path / "85.yaml").is_file() and len(data["written"]) == len(
        list(tmp_path.glob("*.yaml"))
    )


def test_compiling_a_print_with_one_percent_changed_reports_exactly_that_rule(
    tmp_path: Path,
) -> None:
    lines = reference(*PRINT).read_text(encoding="utf-8").splitlines()
    edited = []
    for line in lines:
        record = json.loads(line)
        if (record["chapter"], record["rule"]) == ("94", "1"):
            assert "(1) 60 percent" in record["text"]
            record["text"] = record["text"].replace("(1) 60 percent", "(1) 65 percent", 1)
            line = json.dumps(record, ensure_ascii=False)
        edited.append(line)
    changed = tmp_path / "print.jsonl"
    changed.write_text("\n".join(edited) + "\n", encoding="utf-8")
    code, data = _json("rules", "compile", str(changed))
    assert code == 0
    assert data["drift"]["changed"] == ["usmca/94/1 (2020-07-01)"]
    assert data["drift"]["added"] == [] and data["drift"]["removed"] == []
    code, out, _ = _run("rules", "compile", str(changed))
    assert "changed (1):\n  usmca/94/1 (2020-07-01)" in out


def test_compiling_a_file_with_a_broken_json_line_exits_1_naming_the_line(tmp_path: Path) -> None:
    lines = reference(*PRINT).read_text(encoding="utf-8").splitlines()[:3]
    lines[2] = lines[2][:-1]  # drop the closing brace of the third record
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = _run("rules", "compile", str(broken))
    assert code == 1 and out == ""
    assert err.startswith(f"error: {broken}:3: not a JSON object")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_compiling_a_missing_file_or_a_record_without_text_exits_1(tmp_path: Path) -> None:
    code, _, err = _run("rules", "compile", str(tmp_path / "none.jsonl"))
    assert code == 1 and "none.jsonl: no such file" in err
    short = tmp_path / "short.jsonl"
    short.write_text('{"chapter": "01", "rule": "1", "scope": "0101-0106"}\n', encoding="utf-8")
    code, _, err = _run("rules", "compile", str(short))
    assert code == 1 and err.strip() == f"error: {short}:1: missing text"
