#!/usr/bin/env bash
# Interleaved A/B: each command run alternately on tree A and tree B, N rounds; min wall and min
# CPU (user+sys, children included) per tree; the figures of benchmarks/README.md.
# usage: PYTHON=venv/bin/python benchmarks/ab_cli.sh CHECKOUT_A CHECKOUT_B ROUNDS
# Run from anywhere; each command runs from inside its checkout (so its ghg is imported).
A=$1; B=$2; N=${3:-3}; PY=${PYTHON:-python3}
unset PYTHONDONTWRITEBYTECODE  # installed copies have bytecode: never time recompiling
export GHG_CACHE_DIR=${GHG_CACHE_DIR:-/tmp/ab_memo}  # warmed by the first compute below
for t in $A $B; do (cd $t; rm -rf /tmp/abrun_$(basename $t); env PYTHONPATH=$t $PY -m ghg.cli compute inventories/ben-tre -o /tmp/abrun_$(basename $t) >/dev/null 2>&1); done
{ echo "source_id,year,category,activity,amount,unit"; for i in 0 1 2 3 4 5 6; do
  echo "F$i,2023,1.A.2.e,diesel,$((100 + i)),t"; done; echo 'F7,2023,1.A.2.e,diesel,"1.234,5",t'
} > /tmp/bad.csv  # 8 rows, one amount written the Vietnamese way: refused
declare -A W C
cmds=("import pandas|-c import pandas" "--help|-m ghg.cli --help" "compute|-m ghg.cli compute inventories/ben-tre -o OUT" "compute, memo off|-m ghg.cli compute inventories/ben-tre -o OUT" "explain|-m ghg.cli explain inventories/ben-tre --source BT-F05 --year 2023" "review 2024|-m ghg.cli review inventories/ben-tre --year 2024 -o OUT" "scenario|-m ghg.cli scenario scenarios/ben-tre -o OUT" "report|-m ghg.cli report inventories/ben-tre -o OUT" "recompute --gwp AR6|-m ghg.cli recompute RUN -o OUT --gwp AR6" "validation error, 8 rows|-m ghg.cli compute /tmp/bad.csv -o OUT" "existing run refused|-m ghg.cli compute inventories/ben-tre -o RUN")
for entry in "${cmds[@]}"; do name=${entry%%|*}; args=${entry#*|}
  for t in $A $B; do W[$t]=99; C[$t]=99; done
  for r in $(seq $N); do for t in $A $B; do
    cd $t; rm -rf /tmp/abo; a=${args//OUT//tmp/abo}; a=${a//RUN//tmp/abrun_$(basename $t)}
    if [ "$name" = "import pandas" ]; then /usr/bin/time -o /tmp/abt -f "%e %U %S" env PYTHONPATH=$t $PY -c "import pandas" >/dev/null 2>&1
    elif [ "$name" = "compute, memo off" ]; then /usr/bin/time -o /tmp/abt -f "%e %U %S" env PYTHONPATH=$t GHG_CACHE_DIR=off $PY $a >/dev/null 2>&1
    else /usr/bin/time -o /tmp/abt -f "%e %U %S" env PYTHONPATH=$t $PY $a >/dev/null 2>&1; fi
    read w u s < <(tail -1 /tmp/abt); c=$(echo "$u + $s" | bc)
    W[$t]=$(echo "if ($w < ${W[$t]}) $w else ${W[$t]}" | bc); C[$t]=$(echo "if ($c < ${C[$t]}) $c else ${C[$t]}" | bc)
  done; done
  printf "| %s | %.2f / %.2f | %.2f / %.2f |\n" "$name" ${W[$A]} ${C[$A]} ${W[$B]} ${C[$B]}
done
