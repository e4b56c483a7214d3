"""A command's error lines as table rows for the page: file, sheet, line, column, value, fix.

``ghg`` prints every input problem as ``FILE[:LINE]: COLUMN: 'VALUE' what is wrong; the fix``
(:class:`ghg.core.errors.Problem`), a workbook's sheet as ``FILE[SHEET]``. A line of another
form (a whole-file problem, a configuration error) keeps its text in the last column.
"""

from __future__ import annotations

import re

_WHERE = re.compile(r"^(?P<file>[^\s:][^:]*?\.(?:csv|xlsx|xlsm|toml))(?:\[(?P<sheet>[^\]]+)\])?"
                    r"(?::(?P<line>\d+))?: (?P<rest>.*)$")
_COLUMN = re.compile(r"^(?P<column>[^:'\"]{1,80}): (?:(?P<value>'(?:[^'\\]|\\.)*'|"
                     r"\"(?:[^\"\\]|\\.)*\") )?(?P<message>.*)$")


def problem_rows(stderr: str) -> list[dict[str, str]]:
    """One row per non-empty line of ``stderr`` (warnings left out).

    Examples
    --------
    >>> problem_rows("activity/up.xlsx[energy]:5: amount: 'abc' is not a number; write 12.5")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'file': 'activity/up.xlsx', 'sheet': 'energy', 'line': '5', 'column': 'amount',
      'value': "'abc'", 'message': 'is not a number; write 12.5'}]
    >>> problem_rows("inventory.toml: name is required")[0]["message"]
    'name is required'
    """
    rows = []
    for text in stderr.splitlines():
        text = text.strip()
        if not text or text.startswith("warning:"):
            continue
        row = {"file": "", "sheet": "", "line": "", "column": "", "value": "", "message": text}
        where = _WHERE.match(text)
        if where:
            row.update(file=where["file"], sheet=where["sheet"] or "", line=where["line"] or "",
                       message=where["rest"])
            column = _COLUMN.match(where["rest"])
            if column:
                row.update(column=column["column"], value=column["value"] or "",
                           message=column["message"])
        rows.append(row)
    return rows
