"""The emissions table in exchange formats: IAMC (pyam), primap2 datasets and Parquet.

* :func:`to_iamc` / :func:`from_iamc`: IAMC long format (:mod:`.iamc`);
* :func:`to_primap2`: a primap2 ``xr.Dataset`` (:mod:`.primap2`);
* :func:`parquet_bytes`: deterministic Parquet bytes of any ghg table (:mod:`.parquet`).

IAMC and primap2 hold a region's emissions, so both first sum over ``source_id``
(:func:`aggregate_sources`).
"""

from ghg.engine.formats.common import aggregate_sources, gwp_context, gwp_values
from ghg.engine.formats.iamc import from_iamc, to_iamc
from ghg.engine.formats.parquet import parquet_bytes
from ghg.engine.formats.primap2 import area_dimension, to_primap2

__all__ = ["aggregate_sources", "area_dimension", "from_iamc", "gwp_context", "gwp_values",
           "parquet_bytes", "to_iamc", "to_primap2"]
