"""``ghg serve``: a local web page over the ``ghg`` commands (Data, Inventory, Target,
Facilities), in Vietnamese by default.

A layer above ``ghg.recompute`` and ``ghg.report`` and below ``ghg.cli``: its work is done by the
``ghg`` command itself, run in a subprocess per job (:mod:`ghg.web.jobs`), so the page and the
command line agree by construction. Starlette, Jinja2 and uvicorn are imported only here, and
``ghg.cli`` imports this package only for ``ghg serve``.
"""

from ghg.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
