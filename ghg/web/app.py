"""The pages of ``ghg serve`` (Starlette, Jinja2 templates): Data, Inventory, Target, Facilities.

Every computation is a job (:mod:`ghg.web.jobs`) that runs the ``ghg`` command; the pages show
that command's run files and printed lines, never a number of their own. Requests name jobs by
their random id and files by a name that must be in the job's output folder listing, so no path
from a request reaches the file system. The page's language is the ``lang`` cookie (set by the
language switch), else the server's ``--lang``.
"""

from __future__ import annotations

import re
import secrets
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ghg.core.i18n import LANGUAGES, use_language
from ghg.web import pages
from ghg.web.jobs import Jobs
from ghg.web.text import words
from ghg.web.uploads import MAX_BYTES

HERE = Path(__file__).parent
#: the example workbook the Data page offers (Ben Tre's activity tables, tests/tools/)
EXAMPLE = "ben-tre-activity.xlsx"


@dataclass
class Settings:
    """What ``ghg serve`` was started with."""

    inventory: Path | None
    workspace: Path
    lang: str = "vi"
    scenario: Path | None = None
    #: required on every request when not None (a server bound to another address than loopback)
    token: str | None = None
    workers: int = 2
    #: Monte Carlo draws of the report and the scenario (None: the commands' defaults)
    draws: int | None = None


def create_app(settings: Settings) -> Starlette:
    """The application; its jobs run until the application's lifespan ends."""
    jobs = Jobs(settings.workspace, settings.workers)
    templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescape on
    context = pages.Context(settings, jobs)

    def render(request: Request, name: str, values: dict, status: int = 200) -> Response:
        lang = _lang(request, settings.lang)
        with use_language(lang):
            return templates.TemplateResponse(
                request, name, {"t": words(), "lang": lang, "other": "en" if lang == "vi" else "vi",
                                "path": request.url.path, **values}, status_code=status)

    async def error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        detail = getattr(exc, "detail", "")
        return render(request, "error.html", {"status": status, "detail": detail}, status)

    async def home(request: Request) -> Response:
        return RedirectResponse("/data", status_code=303)

    async def switch_language(request: Request) -> Response:
        lang = request.path_params["lang"]
        if lang not in LANGUAGES:
            raise HTTPException(404)
        back = request.query_params.get("next", "/")
        if not re.fullmatch(r"/[A-Za-z0-9/_\-]*", back) or back.startswith("//"):
            back = "/"
        response = RedirectResponse(back, status_code=303)
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
        return response

    async def data(request: Request) -> Response:
        return render(request, "data.html", context.data_page())

    async def template(request: Request) -> Response:
        kind = request.query_params.get("kind", "all")
        body = await run_in_threadpool(pages.template_workbook, kind, _lang(request, settings.lang))
        return _download(body, f"ghg-template-{kind}.xlsx")

    async def example(request: Request) -> Response:
        return FileResponse(HERE / "example" / EXAMPLE, filename=EXAMPLE)

    async def upload(request: Request) -> Response:
        length = request.headers.get("content-length") or "0"
        if not length.isdigit() or int(length) > MAX_BYTES + 64 * 1024:
            raise HTTPException(413, pages.too_large(_lang(request, settings.lang)))
        async with request.form(max_files=1, max_fields=5, max_part_size=MAX_BYTES) as form:
            sent = form.get("file")
            if not isinstance(sent, UploadFile):
                raise HTTPException(400, pages.no_file(_lang(request, settings.lang)))
            body = await sent.read(MAX_BYTES + 1)
            name = sent.filename or ""
        lang = _lang(request, settings.lang)
        job = await run_in_threadpool(context.upload, name, body, lang)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    async def compute_served(request: Request) -> Response:
        job = context.compute_served(_lang(request, settings.lang))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    async def job_page(request: Request) -> Response:
        job = context.job(request.path_params["job"])
        # the page's numbers and words in the request's language (the worker thread has none)
        values = await run_in_threadpool(_in_language, _lang(request, settings.lang),
                                         context.job_page, job, request.query_params)
        return render(request, "job.html", values)

    async def job_status(request: Request) -> Response:
        return JSONResponse(context.job(request.path_params["job"]).status())

    async def job_file(request: Request) -> Response:
        job = context.job(request.path_params["job"])
        path = context.job_file(job, request.path_params["folder"], request.path_params["name"])
        return FileResponse(path, filename=path.name if path.suffix != ".html" else None)

    async def job_zip(request: Request) -> Response:
        job = context.job(request.path_params["job"])
        body = await run_in_threadpool(context.folder_zip, job, request.path_params["folder"])
        return _download(body, f"{request.path_params['folder']}-{job.id[:8]}.zip")

    async def explain(request: Request) -> Response:
        job = context.job(request.path_params["job"])
        lang = _lang(request, settings.lang)
        text = await run_in_threadpool(context.explain, job, request.query_params.get("source"),
                                       request.query_params.get("year"), lang)
        return PlainTextResponse(text)

    async def inventory(request: Request) -> Response:
        done = context.jobs.latest("compute", done=True)
        if done:  # the latest computed inventory (a failed upload stays on its own page)
            return RedirectResponse(f"/jobs/{done[0].id}", status_code=303)
        return render(request, "inventory_none.html", {"served": settings.inventory is not None})

    async def target(request: Request) -> Response:
        return render(request, "target.html", await run_in_threadpool(context.target_page))

    async def target_run(request: Request) -> Response:
        async with request.form(max_files=0, max_fields=5) as form:
            measure, pct = form.get("measure"), form.get("uptake")
        job = await run_in_threadpool(context.scenario, _lang(request, settings.lang),
                                      measure, pct)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    async def facilities(request: Request) -> Response:
        return render(request, "facilities.html", await run_in_threadpool(context.facilities_page))

    async def facilities_run(request: Request) -> Response:
        action = request.path_params["action"]
        lang = _lang(request, settings.lang)
        async with request.form(max_files=1, max_fields=5, max_part_size=MAX_BYTES) as form:
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
            sent = form.get("file")
            upload = (sent.filename or "", await sent.read(MAX_BYTES + 1)) \
                if isinstance(sent, UploadFile) else None
        job = await run_in_threadpool(context.facility_job, action, fields, upload, lang)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    routes = [
        Route("/", home),
        Route("/lang/{lang}", switch_language),
        Route("/data", data),
        Route("/data/template", template),
        Route("/data/example", example),
        Route("/data/upload", upload, methods=["POST"]),
        Route("/inventory", inventory),
        Route("/inventory/compute", compute_served, methods=["POST"]),
        Route("/target", target),
        Route("/target/run", target_run, methods=["POST"]),
        Route("/facilities", facilities),
        Route("/facilities/{action}", facilities_run, methods=["POST"]),
        Route("/jobs/{job}", job_page),
        Route("/jobs/{job}/status", job_status),
        Route("/jobs/{job}/explain", explain),
        Route("/jobs/{job}/zip/{folder}", job_zip),
        Route("/jobs/{job}/files/{folder}/{name}", job_file),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = [Middleware(SameOrigin)]
    if settings.token:
        middleware.append(Middleware(TokenCheck, token=settings.token))
    @asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        # the job threads end with the application: running jobs finish, waiting ones are
        # dropped (a server started again on the workspace shows them as failed)
        await run_in_threadpool(jobs.shutdown)

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={HTTPException: error, pages.PageError: error})
    app.state.jobs = jobs
    return app


def _in_language(lang: str, function, *args):
    with use_language(lang):
        return function(*args)


def _lang(request: Request, default: str) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or default
    return lang if lang in LANGUAGES else default


def _download(body: bytes, filename: str) -> Response:
    kind = "application/zip" if filename.endswith(".zip") else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, media_type=kind,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


class SameOrigin:
    """A form sent from another site's page is refused: a browser names the page's origin on
    every POST, and another site must not start jobs on this machine's server."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "POST":
            request = Request(scope)
            origin = request.headers.get("origin")
            if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
                with use_language(_lang(request, "vi")):
                    text = words()["cross_site"]
                return await PlainTextResponse(text, status_code=403)(scope, receive, send)
        return await self.app(scope, receive, send)


class TokenCheck:
    """Every request carries the server's token (``?token=`` once, then the cookie it sets)."""

    def __init__(self, app, token: str):
        self.app, self.token = app, token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        given = request.query_params.get("token") or request.cookies.get("ghg_token") or ""
        if not secrets.compare_digest(given.encode(), self.token.encode()):
            with use_language(_lang(request, "vi")):
                text = words()["token_needed"]
            return await PlainTextResponse(text, status_code=403)(scope, receive, send)
        if "token" in request.query_params:
            async def with_cookie(message):
                if message["type"] == "http.response.start":
                    cookie = f"ghg_token={self.token}; Path=/; HttpOnly; SameSite=Strict"
                    message["headers"] = [*message.get("headers", []),
                                          (b"set-cookie", cookie.encode())]
                await send(message)
            return await self.app(scope, receive, with_cookie)
        return await self.app(scope, receive, send)
