"""Deliberately broken requests are refused by the real CLI with one clear message each.

Every broken input is ``tests/data/broken/<name>.<json|yaml|txt>`` paired with
``tests/data/broken/<name>.expect``: one case-sensitive phrase per line that the
message on stderr must contain (the file name, the JSON path, the value found and
what is allowed). A line ``# problems: N`` says the file holds N problems, so N
``error:`` lines are expected (default 1: one message per problem). The command
must exit with code 1 and never show a Python traceback.
"""

from __future__ import annotations

import json
import traceback
from pathlib import Path

import pytest
from typer.testing import CliRunner

from maquila.cli.main import app

BROKEN = Path(__file__).resolve().parents[1] / "data" / "broken"
SUFFIXES = (".json", ".yaml", ".yml", ".txt")

# Known defects: the CLI does not yet give the message the .expect file asks for.
KNOWN_DEFECTS: dict[str, str] = {}  # none open: each found defect was fixed


def _cases() -> list[object]:
    cases: list[object] = []
    for expect in sorted(BROKEN.glob("*.expect")):
        data = [p for p in BROKEN.glob(f"{expect.stem}.*") if p.suffix in SUFFIXES]
        assert len(data) == 1, f"{expect.name}: expected exactly one data file, found {data}"
        marks = []
        if expect.stem in KNOWN_DEFECTS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[expect.stem]))
        cases.append(pytest.param(data[0], expect, id=expect.stem, marks=marks))
    return cases


def _read_expect(expect: Path) -> tuple[list[str], int]:
    phrases: list[str] = []
    problems = 1
    for line in expect.read_text(encoding="utf-8").splitlines():
        if line.startswith("# problems:"):
            problems = int(line.split(":", 1)[1])
        elif line.strip():
            phrases.append(line)
    return phrases, problems


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    # Any exception other than SystemExit escaping the command is a crash.
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        tb = "".join(traceback.format_exception(result.exception))
        return result.exit_code, result.stdout, result.stderr + "\nTraceback\n" + tb
    return result.exit_code, result.stdout, result.stderr


def test_every_broken_file_has_an_expect_file_and_the_other_way_round() -> None:
    stems = {p.stem for p in BROKEN.iterdir() if p.suffix in SUFFIXES}
    expects = {p.stem for p in BROKEN.glob("*.expect")}
    assert stems == expects


@pytest.mark.parametrize(("data", "expect"), _cases())
def test_broken_input_is_refused_with_a_message_naming_where_and_what(
    data: Path, expect: Path
) -> None:
    phrases, problems = _read_expect(expect)
    code, stdout, stderr = _run("origin", "check", str(data))
    assert "Traceback" not in stderr + stdout, stderr
    assert code == 1, f"exit {code}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == problems, f"expected {problems} message(s), got:\n{stderr}"
    missing = [p for p in phrases if p not in stderr]
    assert not missing, f"message lacks {missing}:\n{stderr}"


def test_a_file_that_does_not_exist_is_refused_with_a_message_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "no-such-request.yaml"
    code, stdout, stderr = _run("origin", "check", str(path))
    assert "Traceback" not in stderr + stdout, stderr
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    for phrase in (str(path), "no such file", ".json", ".yaml"):
        assert phrase in stderr, stderr


def test_the_bundled_sample_is_decided_and_its_json_report_has_the_documented_keys() -> None:
    code, stdout, stderr = _run("origin", "check", "--sample", "power-supply")
    assert code == 0, stderr
    assert "Traceback" not in stdout + stderr

    code, stdout, stderr = _run("origin", "check", "--sample", "power-supply", "--json")
    assert code == 0, stderr
    report = json.loads(stdout)
    for key in ("status", "criterion", "rule", "rvc", "missing", "trace", "vintage"):
        assert key in report, f"--json output lacks {key!r}: {sorted(report)}"
