"""Averaging under SOR/2020-155 s. 16 and s. 18(15)-(19): periods and the thresholds in
force over them (periods), elections and their checks (election, check), averaged RVC of
vehicles (vehicles), of parts (parts), of LVC (lvc), the result (result) and the run over
an averaging file (run)."""
