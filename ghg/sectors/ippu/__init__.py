"""Industrial processes and product use (2006 IPCC Guidelines Vol 3): mineral industry (2.A:
clinker, lime, carbonates calcined in glass, ceramics and bricks), non-energy products from fuels
(2.D: lubricants, paraffin waxes) and refrigeration and air conditioning (2.F.1: HFCs and their
blends by life-cycle stage)."""
