"""Every threshold of the automotive pack with a schedule, periods or figures is either
exercised by the threshold matrix (test_threshold_matrix*.py) or named below with the test
file that covers it, so a threshold added to the pack cannot go untested silently."""

from __future__ import annotations

from pathlib import Path

from threshold_cases import ALL_CASES

from maquila.law.automotive import pack
from maquila.law.automotive_thresholds import ThresholdEntry

ROOT = Path(__file__).resolve().parents[2]
STAGING = "tests/auto/test_staging.py"
OTHER_VEHICLES = "tests/auto/test_other_vehicles.py"
AVERAGING = "tests/auto/test_averaging_election.py"
WAGES = "tests/auto/test_wages.py"
PAYROLL = "tests/auto/test_lvc_payroll.py"
PACK = "tests/law/test_automotive_pack.py"
# Being written now, with the modules that read these thresholds (staging.py,
# other_vehicles.py, averaging_*.py, wages.py): not yet required to exist.
BEING_WRITTEN = {STAGING, OTHER_VEHICLES, AVERAGING, WAGES, PAYROLL}

TESTED_ELSEWHERE = {
    # s. 19: the alternative staging regime
    "asr.requirements": STAGING,
    # s. 20 and the s. 13 rows for other vehicles, 8703.10, chassis and bodies
    "other_vehicles.rvc_62_5": OTHER_VEHICLES,
    "other_vehicles.rvc_60": OTHER_VEHICLES,
    "other_vehicles.new_plant_and_refit": OTHER_VEHICLES,
    "rvc.vehicle.other_fixed": OTHER_VEHICLES,
    "rvc.vehicle.8703.10": OTHER_VEHICLES,
    "rvc.chassis_bodies.87.06_87.07": OTHER_VEHICLES,
    "rvc.s13.other_vehicle_or_aftermarket_parts": OTHER_VEHICLES,
    # s. 16 and s. 18(15)-(18): averaging and its elections
    "averaging.vehicle_rvc": AVERAGING,
    "averaging.first_period": "tests/auto/test_averaging.py",
    "averaging.optional_transitional_periods": AVERAGING,
    "lvc.averaging_election": AVERAGING,
    # s. 12 wage definitions, s. 18(5) certification periods, s. 18(22) excess credit
    "lvc.wage_rate": WAGES,
    "lvc.plant_wage_certification_periods": WAGES,
    "lvc.direct_production_worker_share": WAGES,
    "lvc.heavy_truck_excess_credit": PAYROLL,
    # The s. 13 phase-in schedules as parsed from the table (the 8708 rows): no
    # calculator reads them yet (the Schedule 1 rules of parts are decided by the origin
    # engine); the pack test holds them to the reference.
    "rvc.s13_schedule.60/64/70": PACK,
    "rvc.s13_schedule.62.5/65/67.5/70": PACK,
    "rvc.s13_schedule.66/69/72/75": PACK,
    "rvc.s13_schedule.60/64/70.method_not_stated": PACK,
    "rvc.s13_schedule.60/64/70.misprint_2023": PACK,
}


def _has_figures(entry: ThresholdEntry) -> bool:
    """A dated schedule, periods, or a figure, on the entry or one of its variants."""
    own = bool(entry.schedule or entry.periods) or entry.value is not None
    return own or any(v.schedule or v.periods or v.value is not None for v in entry.variants)


def _exercised() -> set[str]:
    return {threshold_id for case in ALL_CASES for threshold_id in case.reads}


def test_every_threshold_with_figures_is_exercised_by_the_matrix_or_named_with_its_test() -> None:
    untested = [
        entry.id
        for entry in pack().thresholds
        if _has_figures(entry) and entry.id not in _exercised() and entry.id not in TESTED_ELSEWHERE
    ]
    assert untested == []


def test_the_thresholds_named_elsewhere_are_in_the_pack_and_not_in_the_matrix() -> None:
    known = {entry.id for entry in pack().thresholds}
    assert sorted(set(TESTED_ELSEWHERE) - known) == []
    assert sorted(set(TESTED_ELSEWHERE) & _exercised()) == []


def test_the_test_files_named_for_thresholds_exist_once_written() -> None:
    missing = {path for path in TESTED_ELSEWHERE.values() if not (ROOT / path).exists()}
    assert sorted(missing - BEING_WRITTEN) == []


def test_the_matrix_tries_every_step_of_the_thresholds_it_exercises() -> None:
    """Each step's first day appears in the matrix at, below and above (a filter dropping
    a phase-in year from the cases would fail here)."""
    tried = {(c.threshold_id, c.on, c.offset) for c in ALL_CASES}
    for threshold_id in {c.threshold_id for c in ALL_CASES}:
        entry = pack().entry(threshold_id)
        for phase in entry.schedule:
            offsets = {
                offset for tid, on, offset in tried if (tid, on) == (threshold_id, phase.from_)
            }
            assert len(offsets) == 3, f"{threshold_id} step {phase.from_}: {offsets}"
