"""The biennial review of the facility list (Decree 06/2022/NĐ-CP Art. 6): criteria as data,
evidence from the inventory, decisions with reasons, and the review files.

``review.review(path, year)`` runs it; ``review.write_review(result, out)`` writes it.
``write_review`` is imported when first used: the review's workbook needs openpyxl, which
``ghg recompute`` (it only re-runs the reviews) does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ghg.review.facility_list import Review, compare_with_previous, deadlines, review

if TYPE_CHECKING:
    from ghg.review.output import write_review

__all__ = ["Review", "compare_with_previous", "deadlines", "review", "write_review"]


def __getattr__(name: str) -> Any:
    if name == "write_review":
        from ghg.review.output import write_review

        return write_review
    raise AttributeError(f"module 'ghg.review' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
