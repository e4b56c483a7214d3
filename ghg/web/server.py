"""Starting the page: the workspace, the token when not on loopback, uvicorn, the browser."""

from __future__ import annotations

import ipaddress
import secrets
import threading
import webbrowser
from pathlib import Path

from ghg.core.errors import ConfigError
from ghg.core.i18n import _
from ghg.web.app import Settings, create_app

WORKSPACE = ".ghg-web"


def loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (no token needed there).

    Examples
    --------
    >>> [loopback(h) for h in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "192.168.1.5")]
    [True, True, True, False, False]
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def default_workspace(inventory: Path | None) -> Path:
    """``.ghg-web/`` beside the inventory folder (its parent), else in the working folder."""
    return (inventory.resolve().parent if inventory is not None else Path.cwd()) / WORKSPACE


def serve(inventory: Path | None, scenario: Path | None, workspace: Path | None, host: str,
          port: int, lang: str, browser: bool, say=print, draws: int | None = None) -> None:
    """Run the page until interrupted (Ctrl+C)."""
    import uvicorn

    token = None if loopback(host) else secrets.token_urlsafe(24)
    folder = (workspace or default_workspace(inventory)).resolve()
    if inventory is not None and folder.is_relative_to(inventory.resolve()):
        # an upload's inventory is a copy of the served folder: it must not hold the jobs
        raise ConfigError(f"--workspace {workspace}: " + _(
            "must lie outside the inventory folder {inventory}").format(inventory=inventory))
    settings = Settings(inventory=inventory.resolve() if inventory else None,
                        workspace=folder,
                        lang=lang, scenario=scenario.resolve() if scenario else None,
                        token=token, draws=draws)
    app = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    say(_("ghg serve: {address} (work folder {workspace}); stop with Ctrl+C").format(
        address=address, workspace=settings.workspace))
    if token:
        say(_("bound to {host}: every request needs the token in this address").format(
            host=host))
    if browser:
        threading.Timer(1.0, webbrowser.open, [address]).start()
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        app.state.jobs.shutdown()
