"""The provincial report (XLSX workbook, PNG charts, self-contained HTML) in Vietnamese or English.

>>> from ghg import report
>>> report.LANGUAGES
('vi', 'en')
"""

from ghg.report.terms import LANGUAGES, Terms
from ghg.report.write import CHART_FILES, write_report

#: ``report.write(provincial, out, lang)``: the entry point.
write = write_report

__all__ = ["CHART_FILES", "LANGUAGES", "Terms", "write", "write_report"]
