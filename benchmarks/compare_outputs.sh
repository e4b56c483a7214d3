#!/usr/bin/env bash
# Every command's outputs on the bundled data, code of ROOT, into OUT (for byte-identity checks):
#   benchmarks/compare_outputs.sh ROOT OUT ; then: diff -r OUT_BEFORE OUT_AFTER (PYTHON: the interpreter, default python3)
# Paths are relative to ROOT (outputs first go to ROOT/.out-compare), so runs of different
# worktrees compare byte for byte.
set -u
R=$1; O=$2; rm -rf "$O"; cd "$R"; W=.out-compare; rm -rf $W; mkdir -p $W
G="env PYTHONPATH=$R ${PYTHON:-python3} -m ghg.cli"
run() { local name=$1; shift; $G "$@" >"$W/$name.stdout" 2>"$W/$name.stderr"; echo "exit $?" >>"$W/$name.stdout"; }
run compute compute inventories/ben-tre -o $W/compute
run compute_csv compute inventories/ben-tre -o $W/compute_csv --format csv
run report_vi report inventories/ben-tre -o $W/report_vi
run report_en report inventories/ben-tre -o $W/report_en --lang en
run report_scen report inventories/ben-tre -o $W/report_scen --scenario scenarios/ben-tre
run scenario scenario scenarios/ben-tre -o $W/scenario
run review2024 review inventories/ben-tre --year 2024 -o $W/review2024
run review2025 review inventories/ben-tre --year 2025 -o $W/review2025
run recompute recompute $W/compute -o $W/recompute --gwp AR6
run explain explain inventories/ben-tre --source BT-F05 --year 2023
run explain_vi explain inventories/ben-tre --source BT-F05 --year 2023 --lang vi
run facrep facility-report inventories/ben-tre --facility BT-F05 --years 2023,2024 -o $W/facrep
run verify verify $W/facrep/facility_report.xlsx -o $W/verify
run factors factors list
run help --help
mv $W "$O"
