"""The biennial review of the facility list (Decree 06/2022/NĐ-CP Art. 6): criteria as data,
evidence from the inventory, decisions with reasons, and the review files.

``review.review(path, year)`` runs it; ``review.write_review(result, out)`` writes it.
"""

from ghg.review.facility_list import Review, compare_with_previous, deadlines, review
from ghg.review.output import write_review

__all__ = ["Review", "compare_with_previous", "deadlines", "review", "write_review"]
