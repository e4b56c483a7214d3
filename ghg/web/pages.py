"""What each page shows and which ``ghg`` commands each action runs (the routes are in
:mod:`ghg.web.app`). Values shown come from the commands' run files and printed lines."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from starlette.exceptions import HTTPException

from ghg.core.errors import GHGError
from ghg.core.i18n import _, language, number, use_language
from ghg.report.terms import Terms
from ghg.web.jobs import DONE, Job, Jobs, Step, ghg_env
from ghg.web.problems import problem_rows
from ghg.web.uploads import (
    ACTIVITY_TYPES,
    MAX_BYTES,
    UploadError,
    check_content,
    inventory_from_upload,
    safe_name,
)

if TYPE_CHECKING:
    from ghg.web.app import Settings

#: The output folder each kind of job writes, in its job folder (the only folders served).
OUTPUTS = {"compute": ("run", "report"), "scenario": ("out",), "review": ("review",),
           "register": (), "facrep": ("facrep",), "verify": ("verify",)}
TEMPLATE_KINDS = ("all", "energy", "agriculture", "waste", "facilities")
#: The explain command on one source and year (seconds) before the page gives up.
EXPLAIN_TIMEOUT = 300


class PageError(HTTPException):
    """A request the page refuses, with the message shown to the user (status 400 unless
    given)."""

    def __init__(self, detail: str, status_code: int = 400):
        super().__init__(status_code, detail)


def too_large(lang: str) -> str:
    with use_language(lang):
        return _("the file is larger than {mb} MB").format(mb=MAX_BYTES // (1024 * 1024))


def no_file(lang: str) -> str:
    with use_language(lang):
        return _("no file was sent: choose a file first")


def template_workbook(kind: str, lang: str) -> bytes:
    """``ghg template KIND`` as bytes (the same code as the command)."""
    from ghg.inputs.template import template_bytes

    with use_language(lang):
        if kind not in TEMPLATE_KINDS:
            raise PageError(_("{kind}: expected one of {kinds}").format(
                kind=kind[:40], kinds=", ".join(TEMPLATE_KINDS)))
        try:
            return template_bytes(kind, lang)
        except GHGError as error:
            raise PageError(str(error)) from None


class Context:
    """The server's settings and jobs, and what each page and action does with them."""

    def __init__(self, settings: Settings, jobs: Jobs):
        self.settings, self.jobs = settings, jobs
        # explanations run at once (not queued), but no more than this many at a time
        self._explaining = threading.BoundedSemaphore(settings.workers)

    # -- Data -------------------------------------------------------------------------------
    def data_page(self) -> dict:
        return {"kinds": TEMPLATE_KINDS, "jobs": self.jobs.latest()[:20],
                "inventory": self.settings.inventory, "types": ", ".join(ACTIVITY_TYPES)}

    def upload(self, filename: str, data: bytes, lang: str) -> Job:
        """An uploaded activity table as a new inventory in its own job folder, computed and
        reported in the background; a refused upload leaves nothing behind."""
        with use_language(lang):
            try:
                name = safe_name(filename, ACTIVITY_TYPES)
                check_content(name, data)
            except UploadError as error:
                raise PageError(str(error)) from None
            job_id, folder = self.jobs.new_folder()
            try:
                inventory_from_upload(self.settings.inventory, folder, name, data)
            except OSError:
                shutil.rmtree(folder, ignore_errors=True)
                raise
        return self._compute_job(job_id, folder, "inventory", lang,
                                 {"upload": filename[:200], "inventory": "inventory"})

    def compute_served(self, lang: str) -> Job:
        inventory = self._served()
        job_id, folder = self.jobs.new_folder()
        return self._compute_job(job_id, folder, str(inventory), lang,
                                 {"inventory": str(inventory)})

    def _compute_job(self, job_id: str, folder: Path, inventory: str, lang: str,
                     info: dict) -> Job:
        draws = ["--draws", str(self.settings.draws)] if self.settings.draws else []
        steps = [Step("compute", ["compute", inventory, "-o", "run", "--format", "csv",
                                  "--lang", lang]),
                 Step("report", ["report", inventory, "-o", "report", "--lang", lang, *draws])]
        return self.jobs.submit(job_id, folder, "compute", steps, info)

    # -- a job's page -----------------------------------------------------------------------
    def job(self, job_id: str) -> Job:
        job = self.jobs.get(job_id)
        if job is None:
            raise PageError(_("no such job"), 404)
        return job

    def job_page(self, job: Job, query) -> dict:
        values: dict = {"job": job, "ahead": self.jobs.waiting_before(job),
                        "step_name": job.steps[min(job.step, len(job.steps) - 1)].name,
                        "outputs": {}}
        failed = [s for s in job.steps if job.codes.get(s.name, 0) not in s.ok]
        if failed:
            values["failed_step"] = failed[0].name
            values["problems"] = problem_rows(job.output(failed[0].name, "stderr"))
            values["problem_text"] = job.output(failed[0].name, "stderr")
        for step in job.steps:
            if step.name in job.codes:
                values.setdefault("printed", {})[step.name] = job.output(step.name)
        for folder in OUTPUTS[job.kind]:
            if (job.folder / folder).is_dir():
                values["outputs"][folder] = _listing(job.folder / folder)
        if job.kind == "compute":
            values.update(self._records(job, query.get("year")))
        if job.kind == "scenario" and job.state == DONE:
            values.update(_scenario_values(job.folder / "out"))
        if job.kind in ("review", "verify") and job.state == DONE:
            table = job.folder / job.kind / f"{job.kind}.csv"
            values["table"] = _csv_rows(table) if table.is_file() else None
        return values

    def _records(self, job: Job, year_text: str | None) -> dict:
        """The run's calculation records of one year (default: the latest): each number links
        to ``ghg explain`` of its source and year."""
        table = job.folder / "run" / "calculation.csv"
        if not table.is_file():
            return {}
        records = pd.read_csv(table, usecols=["source_id", "year", "category", "activity",
                                              "amount", "unit", "gas", "co2e_t"],
                              dtype={"source_id": str, "category": str, "activity": str})
        years = sorted(int(y) for y in records["year"].unique())
        year = int(year_text) if year_text and year_text.isdigit() and \
            int(year_text) in years else years[-1]
        shown = records[records["year"] == year].copy()
        shown["amount"] = shown["amount"].map(lambda v: number(v, 0 if abs(v) >= 1000 else None))
        shown["co2e"] = shown["co2e_t"].map(lambda v: number(v, 1))
        return {"years": years, "year": year, "records": shown.to_dict("records")}

    def job_file(self, job: Job, folder: str, name: str) -> Path:
        """A file of one of the job's output folders, by a name found in that folder."""
        if folder not in OUTPUTS[job.kind]:
            raise PageError(_("no such file"), 404)
        files = _listing(job.folder / folder)
        if name not in files:
            raise PageError(_("no such file"), 404)
        return job.folder / folder / files[files.index(name)]

    def folder_zip(self, job: Job, folder: str) -> bytes:
        """One output folder of the job as a zip file (names sorted, fixed dates)."""
        if folder not in OUTPUTS[job.kind] or not (job.folder / folder).is_dir():
            raise PageError(_("no such file"), 404)
        raw = io.BytesIO()
        with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in _listing(job.folder / folder):
                entry = zipfile.ZipInfo(f"{folder}/{name}", date_time=(2000, 1, 1, 0, 0, 0))
                entry.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(entry, (job.folder / folder / name).read_bytes())
        return raw.getvalue()

    def explain(self, job: Job, source: str | None, year: str | None, lang: str) -> str:
        """``ghg explain`` of one source and year of a computed job (its printed chain)."""
        with use_language(lang):
            table = job.folder / "run" / "calculation.csv"
            if job.kind != "compute" or not table.is_file():
                raise PageError(_("no such job"), 404)
            known = pd.read_csv(table, usecols=["source_id", "year"], dtype={"source_id": str})
            if not year or not year.isdigit() or not (
                    (known["source_id"] == source) & (known["year"] == int(year))).any():
                raise PageError(_("{source} {year}: not a source and year of this run").format(
                    source=str(source)[:60], year=str(year)[:10]))
        inventory = job.info["inventory"]
        with self._explaining:
            done = subprocess.run(
                [sys.executable, "-m", "ghg.cli", "explain", inventory, "--source", str(source),
                 "--year", year, "--lang", lang], cwd=job.folder, capture_output=True,
                timeout=EXPLAIN_TIMEOUT, env=ghg_env())
        return (done.stdout + done.stderr).decode("utf-8", errors="replace")

    # -- Target -----------------------------------------------------------------------------
    def target_page(self) -> dict:
        done = self.jobs.latest("scenario", done=True)
        return {"scenario": self.settings.scenario, "latest": done[0] if done else None,
                "jobs": self.jobs.latest("scenario")[:10]}

    def scenario(self, lang: str, measure: object = None, pct: object = None) -> Job:
        """``ghg scenario`` on a copy of the served scenario folder, with one measure's uptake
        in the target year changed if asked."""
        with use_language(lang):
            if self.settings.scenario is None:
                raise PageError(_("no scenario folder: start ghg serve with --scenario"))
            change = None
            if measure:
                change = (str(measure), _uptake(pct))
            job_id, folder = self.jobs.new_folder()
            copy = folder / "scenario"
            shutil.copytree(self.settings.scenario, copy, symlinks=False,
                            ignore=shutil.ignore_patterns(".*"))
            _point_to_inventory(copy, self.settings.scenario)
            info: dict = {}
            if change is not None:
                year = _set_uptake(copy, *change)
                info = {"measure": change[0], "uptake_pct": change[1] * 100, "year": year}
        draws = ["--draws", str(self.settings.draws)] if self.settings.draws else []
        return self.jobs.submit(job_id, folder, "scenario", [
            Step("scenario", ["scenario", "scenario", "-o", "out", "--lang", lang, *draws])],
            info)

    # -- Facilities -------------------------------------------------------------------------
    def facilities_page(self) -> dict:
        facilities: list[str] = []
        inventory = self.settings.inventory
        if inventory is not None and (inventory / "facilities.csv").is_file():
            register = pd.read_csv(inventory / "facilities.csv", usecols=["facility_id"],
                                   dtype=str)
            facilities = sorted(register["facility_id"].dropna().unique())
        jobs = [j for j in self.jobs.latest() if j.kind in ("review", "register", "facrep",
                                                             "verify")][:20]
        return {"served": inventory is not None, "facilities": facilities, "jobs": jobs,
                "today": date.today().isoformat(), "year": date.today().year}

    def facility_job(self, action: str, fields: dict[str, str],
                     upload: tuple[str, bytes] | None, lang: str) -> Job:
        with use_language(lang):
            if action == "verify":
                return self._verify(upload, lang)
            inventory = str(self._served())
            if action == "review":
                year = _year(fields.get("year"))
                steps = [Step("review", ["review", inventory, "--year", year, "-o", "review",
                                         "--lang", lang])]
            elif action == "facrep":
                facility = fields.get("facility", "")
                if facility not in self.facilities_page()["facilities"]:
                    raise PageError(_("{facility}: not a facility of facilities.csv").format(
                        facility=facility[:60]))
                years = ",".join(_year(y) for y in fields.get("years", "").split(",") if y)
                steps = [Step("facrep", ["facility-report", inventory, "--facility", facility,
                                         "--years", years or _year(""), "-o", "facrep",
                                         "--lang", lang])]
            elif action == "register":
                return self._register(fields.get("on", ""), lang)
            else:
                raise PageError(_("no such action"), 404)
            job_id, folder = self.jobs.new_folder()
        return self.jobs.submit(job_id, folder, action, steps, dict(fields))

    def _register(self, on: str, lang: str) -> Job:
        """``ghg register status`` on a copy of the served register (a command never writes
        into the served inventory; the copy is imported first if there is no register yet)."""
        served = self._served()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", on):
            raise PageError(_("{value}: expected a date YYYY-MM-DD").format(value=on[:20]))
        job_id, folder = self.jobs.new_folder()
        copy = folder / "inventory"
        copy.mkdir()
        for name in ("inventory.toml", "facilities.csv", "register.sqlite"):
            if (served / name).is_file():
                shutil.copy2(served / name, copy / name)
        steps = [] if (copy / "register.sqlite").is_file() else [
            Step("import", ["register", "import", "inventory", "--lang", lang])]
        steps.append(Step("status", ["register", "status", "inventory", "--on", on,
                                     "--lang", lang]))
        return self.jobs.submit(job_id, folder, "register", steps, {"on": on})

    def _verify(self, upload: tuple[str, bytes] | None, lang: str) -> Job:
        if upload is None:
            raise PageError(no_file(lang))
        try:
            name = safe_name(upload[0], (".xlsx",))
            check_content(name, upload[1])
        except UploadError as error:
            raise PageError(str(error)) from None
        job_id, folder = self.jobs.new_folder()
        (folder / "submission").mkdir()
        (folder / "submission" / name).write_bytes(upload[1])
        return self.jobs.submit(job_id, folder, "verify", [
            Step("verify", ["verify", f"submission/{name}", "-o", "verify", "--lang", lang],
                 ok=(0, 4))], {"upload": upload[0][:200]})

    def _served(self) -> Path:
        if self.settings.inventory is None:
            raise PageError(_("no inventory folder: start ghg serve with one"))
        return self.settings.inventory


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _csv_rows(path: Path) -> dict:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {"columns": list(table.columns), "rows": table.to_numpy().tolist()}


def _scenario_values(out: Path) -> dict:
    """The target year's line of target.csv, probability.csv and the measures' closing.csv."""
    target = pd.read_csv(out / "target.csv")
    probability = pd.read_csv(out / "probability.csv")
    closing = pd.read_csv(out / "closing.csv")
    terms = Terms(language())  # the closing status in the page's words, as the report's sheet
    # the target year is the first year the straight path reaches the full target
    target_year = target[target["target_pct"] == target["target_pct"].max()].iloc[0]
    year = int(target_year["year"])
    return {
        "target_year": year,
        "target_row": {"bau": number(target_year["bau_co2e_t"], 0),
                       "scenario": number(target_year["scenario_co2e_t"], 0),
                       "reduction": number(target_year["reduction_pct"], 2),
                       "target": number(target_year["target_pct"], 1),
                       "gap": number(target_year["gap_co2e_t"], 0),
                       "met": bool(target_year["met"])},
        "probability": [{"basis": r["basis"], "stated": bool(r["stated"]),
                         "p": number(100 * r["p_meet"], 1)}
                        for r in probability.to_dict("records")],
        "measures": [{"id": r["measure"], "now": number(100 * r["uptake_now"], 1),
                      "needed": "" if pd.isna(r["uptake_needed"]) else
                      number(100 * r["uptake_needed"], 1), "status": terms.value(r["status"])}
                     for r in closing.to_dict("records")],
        "images": [n for n in ("wedges.png", "tornado.png") if (out / n).is_file()],
    }


def _uptake(pct: object) -> float:
    """A percentage typed on the page as a share 0-1 (``12,5`` and ``12.5`` both read)."""
    typed = str(pct or "").strip()
    if re.fullmatch(r"\d+[.,]\d{3}", typed):
        # "1.000" is a thousand in Vietnamese and one in English: never guessed
        raise PageError(_("{value}: a thousands mark or three decimals; write the percentage "
                          "with at most two decimals, e.g. 12,5").format(value=typed[:20]))
    text = typed.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 100:
        raise PageError(_("{value}: expected a percentage from 0 to 100").format(
            value=text[:20]))
    return round(value / 100, 12)  # 14,8 % is 0.148, not 0.14800000000000002


def _year(text: str | None) -> str:
    text = (text or "").strip()
    if not re.fullmatch(r"(19|20)\d\d", text):
        raise PageError(_("{value}: expected a year such as 2024").format(value=text[:20]))
    return text


def _point_to_inventory(copy: Path, original: Path) -> None:
    """The copied scenario.toml names its inventory by absolute path (the relative one pointed
    from the original folder)."""
    config = copy / "scenario.toml"
    text = config.read_text(encoding="utf-8")
    found = re.search(r'(?m)^inventory\s*=\s*"([^"]*)"', text)
    if found is None:
        return  # ghg scenario says what is missing
    target = (original / found[1]).resolve()
    config.write_text(text[:found.start()] + f"inventory = {json.dumps(str(target))}"
                      + text[found.end():], encoding="utf-8")


def _set_uptake(copy: Path, measure: str, share: float) -> int:
    """Set one measure's uptake share in the target year in the copied measures.toml; returns
    the year. ``ghg scenario`` then checks the changed path like any other."""
    import tomllib

    scenario = tomllib.loads((copy / "scenario.toml").read_text(encoding="utf-8"))
    year = int(scenario.get("target", {}).get("year", 2030))
    path = copy / scenario.get("files", {}).get("measures", "measures.toml")
    text = path.read_text(encoding="utf-8")
    blocks = re.split(r"(?m)^(?=\[\[)", text)
    for i, block in enumerate(blocks):
        if block.startswith("[[measure]]") and re.search(
                rf'(?m)^id\s*=\s*"{re.escape(measure)}"\s*$', block):
            pair = re.compile(rf"\[\s*{year}\s*,\s*[0-9.eE+-]+\s*\]")
            uptake = re.search(r"(?m)^uptake\s*=\s*\[.*\]", block)
            if uptake is None or not pair.search(uptake[0]):
                raise PageError(_("{measure}: its uptake path has no value for {year}").format(
                    measure=measure[:60], year=year))
            line = pair.sub(f"[{year}, {share!r}]", uptake[0])
            blocks[i] = block[:uptake.start()] + line + block[uptake.end():]
            path.write_text("".join(blocks), encoding="utf-8")
            return year
    raise PageError(_("{measure}: not a measure of the scenario").format(measure=measure[:60]))

