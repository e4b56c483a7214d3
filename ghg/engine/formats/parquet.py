"""Parquet bytes of any ghg table: same table, same bytes (pyarrow)."""

from __future__ import annotations

import pandas as pd


def parquet_bytes(table: pd.DataFrame) -> bytes:
    """A table as Parquet bytes: same table, same bytes.

    Parameters
    ----------
    table
        Any ghg table (emissions, calculation detail, IAMC rows ...).

    Returns
    -------
    bytes
        A whole Parquet file, for ``output.write_bytes_atomic``.

    Notes
    -----
    Column types are fixed whatever the in-memory dtypes (ghg's tables use categoricals,
    ``int32`` years and ``int8`` scopes): integers as ``int64``, floats as ``float64``, booleans
    as ``bool`` and everything else as UTF-8 ``string``. No index is written. Read back with
    ``pd.read_parquet`` it equals ``pd.read_csv`` of the CSV, dtypes included, with full float
    precision where the CSV keeps 12 significant digits.

    The bytes hold no timestamp, path or pandas metadata: only the data, the Arrow schema and
    pyarrow's ``created_by`` version, so they change with the pyarrow version only. Options
    whose defaults pyarrow might change are given explicitly.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        from ghg.core.errors import ConfigError

        raise ConfigError("Parquet output needs pyarrow: pip install 'ghg[parquet]' (or "
                          "pyarrow>=15)") from None

    arrays = []
    for column in table.columns:
        values = table[column]
        kind = "O" if isinstance(values.dtype, pd.CategoricalDtype) else values.dtype.kind
        if kind in "iu":
            arrays.append(pa.array(values.to_numpy(dtype="int64"), pa.int64()))
        elif kind in "fb":
            arrays.append(pa.array(values.to_numpy(), pa.float64() if kind == "f" else pa.bool_()))
        else:  # categorical, object or pandas string: UTF-8 text, missing values as nulls
            text = values.astype("string").to_numpy(dtype=object, na_value=None)
            arrays.append(pa.array(text, pa.string()))
    # Built from arrays, not from pandas: no pandas metadata (nor pandas version) in the file,
    # and pd.read_parquet maps string, int64 and float64 to the dtypes pd.read_csv gives.
    arrow = pa.Table.from_arrays(arrays, names=[str(c) for c in table.columns])
    sink = pa.BufferOutputStream()
    pq.write_table(arrow, sink, version="2.6", data_page_version="1.0", compression="zstd",
                   compression_level=3, use_dictionary=True, write_statistics=True)
    return sink.getvalue().to_pybytes()
