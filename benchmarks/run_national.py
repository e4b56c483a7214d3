"""Recompute a synthetic national data set through dask and report wall time, rows/s, peak RSS.

    python benchmarks/run_national.py --rows 1e8 --scheduler threads --workers 2

The data are made inside the dask tasks, partition by partition (``national.py``), and only the
provincial cube comes back (``compute_cube``), so memory is bounded by the partitions in flight,
not by the data.
For comparison the in-memory path runs one partition of the same size on one thread in the same
process; the target is a per-core dask throughput of at least half of it, and peak RSS < 4 GiB.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from national import make_partition, national_partitions  # noqa: E402

import ghg  # noqa: E402
from ghg.engine.distributed import compute_cube  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=1e8)
    parser.add_argument("--partition-rows", type=float, default=1e6)
    parser.add_argument("--scheduler", default="threads")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    provinces, years, per_year = 34, 10, 5
    per_facility = years * per_year
    facilities = int(round(args.rows / provinces / per_facility))
    block = max(1, int(args.partition_rows // per_facility))
    loaders = national_partitions(provinces, facilities, years, per_year, block)
    rows = provinces * facilities * per_facility

    # The in-memory reference makes its partition too, as every dask task does.
    ghg.compute(make_partition(0, 0, 10, years, per_year, seed=99))
    start = time.perf_counter()
    one = make_partition(0, 0, block, years, per_year, seed=99)
    ghg.compute(one)
    memory_rate = len(one) / (time.perf_counter() - start)
    del one

    import dask

    dask.config.set(num_workers=args.workers)
    start = time.perf_counter()
    cube = compute_cube(loaders, scheduler=args.scheduler)
    wall = time.perf_counter() - start
    peak_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    report = {
        "rows": rows, "partitions": len(loaders), "scheduler": args.scheduler,
        "workers": args.workers, "wall_s": round(wall, 2), "rows_per_s": round(rows / wall),
        "rows_per_s_per_worker": round(rows / wall / args.workers),
        "in_memory_rows_per_s_one_thread": round(memory_rate),
        "per_worker_vs_in_memory": round(rows / wall / args.workers / memory_rate, 3),
        "peak_rss_gib": round(peak_gib, 2),
        "total_co2e_t": float(cube["co2e_t"].sum()),
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
