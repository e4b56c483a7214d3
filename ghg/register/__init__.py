"""The facility register across review cycles: an SQLite file beside the inventory
(``register.sqlite``) that remembers facilities, list decisions per cycle, submissions and
report deadlines (Decree 06/2022/NĐ-CP as amended by Decree 119/2025/NĐ-CP).

``open_register(path)`` creates or migrates it; ``record_submission(...)`` is what
``ghg verify`` calls; ``status(db, on)`` says who is late.
"""

from ghg.register.schema import open_register, register_path, transaction
from ghg.register.store import (
    RESULTS,
    facilities,
    history,
    import_decisions,
    import_facilities,
    previous_decisions,
    record_submission,
    status,
)

__all__ = ["RESULTS", "facilities", "history", "import_decisions", "import_facilities",
           "open_register", "previous_decisions", "record_submission", "register_path",
           "status", "transaction"]
