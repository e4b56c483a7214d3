"""NetCDF 3 files (64-bit offset format) written with numpy alone, as deterministic bytes.

ghg writes two small NetCDF files (``emissions.nc``, ``trajectories.nc``). Writing them through
``xarray.to_netcdf`` costs most of a run's fixed time: with dask installed, building an xarray
object imports ``dask.array`` and writing imports ``distributed``. This module writes the same
bytes directly. It follows the NetCDF classic format specification (Unidata, "NetCDF File
Format Specifications", 64-bit offset variant) and lays the file out as xarray's ``scipy``
engine does, so files stay byte-identical to those written before:

- text arrays become ``char`` arrays over an extra ``string{N}`` dimension (``N`` = longest
  UTF-8 encoding), with the attribute ``_Encoding = "utf-8"``;
- floating-point variables get ``_FillValue = NaN`` after their own attributes;
- dimensions are declared in the order the variables first use them; variables are listed
  largest shape first (the order of ``scipy.io.netcdf_file``), keeping the given order among
  equal shapes.

Only what ghg writes is supported: int32, float64 and text variables, text and float
attributes, no record (unlimited) dimension.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

_MAGIC = b"CDF\x02"  # 64-bit offset format
_ABSENT = b"\x00" * 8
_DIMENSIONS, _VARIABLES, _ATTRIBUTES = (struct.pack(">i", tag) for tag in (10, 11, 12))
_CHAR, _INT, _DOUBLE = 2, 4, 6
#: NetCDF type and big-endian numpy dtype of each supported data type.
_TYPES = {np.dtype("int32"): (_INT, ">i4"), np.dtype("float64"): (_DOUBLE, ">f8")}


@dataclass(frozen=True)
class Variable:
    """One variable: its name, dimension names, data (int32, float64 or text) and attributes."""

    name: str
    dims: tuple[str, ...]
    data: np.ndarray
    attrs: Mapping[str, str | float] = field(default_factory=dict)


def netcdf3_bytes(variables: Sequence[Variable], attrs: Mapping[str, str]) -> bytes:
    """The NetCDF 3 file of ``variables`` with global attributes ``attrs``."""
    encoded = [_encoded(variable) for variable in variables]
    dims: dict[str, int] = {}
    for name, var_dims, data, _, _ in encoded:
        for dim, size in zip(var_dims, data.shape, strict=True):
            if dims.setdefault(dim, size) != size:
                raise ValueError(f"dimension {dim!r}: sizes {dims[dim]} and {size} in {name!r}")
    order = sorted(encoded, key=lambda var: var[2].shape, reverse=True)  # stable: ties keep order
    header = [_MAGIC, struct.pack(">i", 0), _dimension_list(dims), _attribute_list(attrs)]
    dim_ids = {dim: i for i, dim in enumerate(dims)}
    entries = []  # each variable's header up to its offset, and its padded data
    for name, var_dims, data, var_attrs, nc_type in order:
        payload = _padded(data.tobytes())
        entries.append((b"".join([_name(name), struct.pack(">i", len(var_dims)),
                                  *(struct.pack(">i", dim_ids[d]) for d in var_dims),
                                  _attribute_list(var_attrs), struct.pack(">ii", nc_type,
                                                                          len(payload))]),
                        payload))
    header.append(_VARIABLES + struct.pack(">i", len(entries)) if entries else _ABSENT)
    offset = sum(map(len, header)) + sum(len(head) + 8 for head, _ in entries)
    for head, payload in entries:
        header += [head, struct.pack(">q", offset)]
        offset += len(payload)
    return b"".join(header + [payload for _, payload in entries])


def _encoded(variable: Variable) -> tuple[str, tuple[str, ...], np.ndarray, dict, int]:
    """Name, dims, big-endian data, attributes and NetCDF type, text turned into chars."""
    data = np.asarray(variable.data)
    attrs = dict(variable.attrs)
    if data.dtype.kind in "UO":  # text: UTF-8 bytes, one char per byte, NUL-padded
        raw = np.char.encode(data.astype(str), "utf-8")
        attrs["_Encoding"] = "utf-8"
        chars = raw.reshape(raw.shape + (1,)).view("S1")
        return (variable.name, (*variable.dims, f"string{raw.itemsize}"), chars, attrs, _CHAR)
    if data.dtype not in _TYPES:
        raise TypeError(f"{variable.name}: dtype {data.dtype} is not int32, float64 or text")
    nc_type, big_endian = _TYPES[data.dtype]
    if nc_type == _DOUBLE:
        attrs["_FillValue"] = float("nan")
    return variable.name, variable.dims, data.astype(big_endian), attrs, nc_type


def _dimension_list(dims: Mapping[str, int]) -> bytes:
    if not dims:
        return _ABSENT
    return _DIMENSIONS + struct.pack(">i", len(dims)) + b"".join(
        _name(dim) + struct.pack(">i", size) for dim, size in dims.items())


def _attribute_list(attrs: Mapping[str, str | float]) -> bytes:
    if not attrs:
        return _ABSENT
    parts = [_ATTRIBUTES, struct.pack(">i", len(attrs))]
    for name, value in attrs.items():
        if isinstance(value, str):
            text = value.encode("utf-8")
            parts += [_name(name), struct.pack(">ii", _CHAR, len(text)), _padded(text)]
        elif isinstance(value, float):
            parts += [_name(name), struct.pack(">iid", _DOUBLE, 1, value)]
        else:
            raise TypeError(f"attribute {name}: {type(value).__name__} is not text or float")
    return b"".join(parts)


def _name(name: str) -> bytes:
    raw = name.encode("utf-8")
    return struct.pack(">i", len(raw)) + _padded(raw)


def _padded(raw: bytes) -> bytes:
    """``raw`` NUL-padded to a multiple of four bytes (the format's alignment)."""
    return raw + b"\x00" * (-len(raw) % 4)
