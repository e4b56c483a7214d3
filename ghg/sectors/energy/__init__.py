"""Energy (2006 IPCC Guidelines Vol 2): combustion and purchased-electricity kernels and the
vectorised energy path (factor resolution by distinct key, one gather per gas)."""
