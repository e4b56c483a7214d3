"""Livestock (2006 IPCC Guidelines Vol 4 ch 10, 2019 Refinement): enteric CH4, manure CH4 and
N2O, indirect manure N2O."""
