"""NetCDF 3 written with numpy alone (ghg.core.netcdf3): the bytes worked out by hand from the
format specification, and the same bytes as xarray's scipy engine on ghg's own files."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from ghg.core.netcdf3 import Variable, netcdf3_bytes


def test_a_small_file_byte_by_byte():
    data = netcdf3_bytes([Variable("x", ("n",), np.array([1, 2], dtype="int32"),
                                   {"units": "t"})], {"title": "ab"})
    header = (b"CDF\x02" + b"\x00\x00\x00\x00"  # 64-bit offsets, no records
              + b"\x00\x00\x00\x0a" + b"\x00\x00\x00\x01"  # one dimension
              + b"\x00\x00\x00\x01" + b"n\x00\x00\x00" + b"\x00\x00\x00\x02"  # n = 2
              + b"\x00\x00\x00\x0c" + b"\x00\x00\x00\x01"  # one global attribute
              + b"\x00\x00\x00\x05" + b"title\x00\x00\x00"  # name, padded to 8
              + b"\x00\x00\x00\x02" + b"\x00\x00\x00\x02" + b"ab\x00\x00"  # char, 2, "ab"
              + b"\x00\x00\x00\x0b" + b"\x00\x00\x00\x01"  # one variable
              + b"\x00\x00\x00\x01" + b"x\x00\x00\x00"  # "x"
              + b"\x00\x00\x00\x01" + b"\x00\x00\x00\x00"  # one dimension: id 0
              + b"\x00\x00\x00\x0c" + b"\x00\x00\x00\x01"  # one attribute
              + b"\x00\x00\x00\x05" + b"units\x00\x00\x00"
              + b"\x00\x00\x00\x02" + b"\x00\x00\x00\x01" + b"t\x00\x00\x00"
              + b"\x00\x00\x00\x04" + b"\x00\x00\x00\x08")  # int, 8 bytes of data
    begin = len(header) + 8  # the 64-bit offset itself ends the header
    assert begin == 132  # 8 + 20 (dimensions) + 32 (title) + 8 + 8 + 8 + 32 (units) + 8 + 8
    assert data == header + struct.pack(">q", 132) + b"\x00\x00\x00\x01\x00\x00\x00\x02"


def test_text_becomes_chars_and_floats_get_a_nan_fill_value():
    data = netcdf3_bytes([Variable("v", ("n",), np.array([0.5])),
                          Variable("n", ("n",), np.array(["é"]))], {})
    # text: 2 UTF-8 bytes -> dimension string2 after n; chars listed first (shape (1, 2) > (1,))
    assert b"\x00\x00\x00\x07string2\x00\x00\x00\x00\x02" in data
    assert data.index(b"\x00\x00\x00\x01n\x00\x00\x00\x00\x00\x00\x02") \
        < data.index(b"\x00\x00\x00\x01v\x00\x00\x00")
    assert b"_Encoding\x00\x00\x00" + b"\x00\x00\x00\x02\x00\x00\x00\x05utf-8\x00\x00\x00" in data
    assert b"_FillValue\x00\x00" + b"\x00\x00\x00\x06\x00\x00\x00\x01" \
        + struct.pack(">d", float("nan")) in data
    assert data.endswith("é".encode() + b"\x00\x00" + struct.pack(">d", 0.5))


def test_unsupported_types_are_refused():
    with pytest.raises(TypeError, match="int64 is not int32, float64 or text"):
        netcdf3_bytes([Variable("x", ("n",), np.array([1], dtype="int64"))], {})
    with pytest.raises(ValueError, match="dimension 'n': sizes 1 and 2"):
        netcdf3_bytes([Variable("x", ("n",), np.array([1], dtype="int32")),
                       Variable("y", ("n",), np.array([1, 2], dtype="int32"))], {})
