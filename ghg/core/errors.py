"""One error hierarchy for the engine.

Every error derives from :class:`GHGError` and from the built-in exception that fits, so callers can
catch either (``except ValueError`` keeps working for library users who do not know ``ghg``).
"""

from __future__ import annotations

from dataclasses import dataclass


class GHGError(Exception):
    """Base class of every error raised on purpose by ``ghg``."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in an input, in the ``FILE:LINE: COLUMN: 'VALUE' problem; expected`` form.

    ``line`` is 1-based with the header on line 1; ``None`` for whole-file problems.
    """

    file: str
    line: int | None
    column: str
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if not self.column:
            return f"{where}: {self.message}"
        if self.value is None:
            return f"{where}: {self.column}: {self.message}"
        return f"{where}: {self.column}: {self.value!r} {self.message}"


class InputError(GHGError, ValueError):
    """Bad input: carries every problem found, so the user can fix them all in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def _problem_order(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.file, problem.line or 0, problem.column, problem.message)


class ConfigError(GHGError, ValueError):
    """An inventory.toml, factor set or option that cannot be used as given."""


class FactorNotFoundError(GHGError, KeyError):
    """Factors missing for some (activity, category, year) keys; ``missing`` lists them all."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("\n".join(missing))

    def __str__(self) -> str:  # KeyError would quote the whole message
        return "\n".join(self.missing)


class UnknownGWPError(GHGError, KeyError):
    """A GWP set name the engine does not provide."""

    def __str__(self) -> str:
        return str(self.args[0])
