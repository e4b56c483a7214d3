"""Waste (2006 IPCC Guidelines Vol 5): solid waste disposal by first-order decay, composting and
digestion, incineration and open burning, domestic and industrial wastewater."""
