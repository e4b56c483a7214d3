"""The compute engine: pipeline, :class:`Result`, emissions table, provenance, cube, explain,
the dask path, and the output writers.

>>> from ghg import engine
>>> list(engine.FORMATS)
['csv', 'parquet', 'netcdf']
"""

from ghg.engine.pipeline import compute, compute_inputs
from ghg.engine.result import Result
from ghg.engine.writers import FORMATS, write_result

__all__ = ["FORMATS", "Result", "compute", "compute_inputs", "write_result"]
