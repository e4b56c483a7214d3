"""Factor library: versioned factor sets (data files with sources) and their resolution."""

from ghg.factors.library import FactorLibrary, FactorSet, load_library

__all__ = ["FactorLibrary", "FactorSet", "load_library"]
