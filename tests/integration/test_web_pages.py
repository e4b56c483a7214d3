"""``ghg serve`` through Starlette's test client: every page and action, bad uploads (each with
its message, the server still answering), paths from requests, the token, the language.

The jobs run the real ``ghg`` commands in subprocesses (100 Monte Carlo draws to keep it short);
the totals shown must be the command's own line.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from starlette.testclient import TestClient

from ghg.core.i18n import use_language
from ghg.inputs.template import template_bytes
from ghg.web import Settings, create_app

ROOT = Path(__file__).resolve().parents[2]
INVENTORY = ROOT / "inventories" / "ben-tre"
SCENARIO = ROOT / "scenarios" / "ben-tre"
EXAMPLE = ROOT / "ghg" / "web" / "example" / "ben-tre-activity.xlsx"
#: ``ghg compute inventories/ben-tre --lang vi``'s first line (docs: 2,104,673.9 t CO2e in 2024)
TOTAL_VI = "2.104.673,9"
HEADER = "source_id,year,category,activity,amount,unit,source,data_quality\n"


def _wait(client: TestClient, location: str, timeout: float = 240) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        status = client.get(location + "/status").json()
        if status["state"] in ("done", "failed"):
            return status
        time.sleep(0.5)
    raise AssertionError(f"{location} not finished after {timeout} s")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = Settings(inventory=INVENTORY, workspace=tmp_path_factory.mktemp("ws"),
                        scenario=SCENARIO, draws=100)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def computed(client) -> str:
    """The example workbook uploaded and computed: the job's address."""
    sent = client.post("/data/upload", files={"file": ("Bến Tre.xlsx", EXAMPLE.read_bytes())},
                       follow_redirects=False)
    assert sent.status_code == 303
    location = sent.headers["location"]
    assert _wait(client, location)["state"] == "done"
    return location


def test_pages_answer_in_vietnamese_by_default_and_in_english_on_request(client):
    page = client.get("/data")
    assert page.status_code == 200
    assert "Tải biểu mẫu để điền số liệu" in page.text and '<html lang="vi">' in page.text
    switched = client.get("/lang/en", params={"next": "/data"}, follow_redirects=False)
    assert (switched.status_code, switched.headers["location"]) == (303, "/data")
    english = client.get("/data")  # the cookie the switch set
    client.cookies.clear()
    assert "Download a template to fill in" in english.text
    assert "Download a template" in client.get("/data", params={"lang": "en"}).text
    assert client.get("/lang/fr").status_code == 404
    # an address elsewhere is never where the switch sends the browser
    assert client.get("/lang/en", params={"next": "//evil.example/x"},
                      follow_redirects=False).headers["location"] == "/"
    client.cookies.clear()
    for path in ("/target", "/facilities", "/inventory"):
        assert client.get(path).status_code == 200


def test_template_is_the_commands_workbook(client):
    got = client.get("/data/template", params={"kind": "energy"})
    assert got.status_code == 200
    for lang in ("vi", "en"):  # what ghg template energy --lang LANG writes
        with use_language(lang):
            expected = template_bytes("energy", lang)
        assert client.get("/data/template", params={"kind": "energy", "lang": lang}).content \
            == expected
    refused = client.get("/data/template", params={"kind": "../../etc"})
    assert refused.status_code == 400
    assert "cần là một trong all, energy" in refused.text


def test_example_workbook_holds_ben_tres_activity_tables(client):
    """The shipped workbook (tests/tools/make_example_workbook.py) is Ben Tre's activity tables,
    cell for cell (its bytes depend on the openpyxl version, its cells do not)."""
    sheets = pd.read_excel(EXAMPLE, sheet_name=None, dtype=str, keep_default_na=False)
    tables = sorted((INVENTORY / "activity").glob("*.csv"))
    assert list(sheets) == [t.stem for t in tables]
    for table in tables:
        pd.testing.assert_frame_equal(
            sheets[table.stem], pd.read_csv(table, dtype=str, keep_default_na=False))
    assert client.get("/data/example").content == EXAMPLE.read_bytes()


def test_uploaded_example_computes_to_the_commands_total(client, computed):
    page = client.get(computed)
    total = re.search(r'<p class="total" id="total">([^<]*)</p>', page.text)[1]
    assert total.startswith(f"2024: phát thải ròng trên địa bàn {TOTAL_VI} tấn CO2tđ")
    job_folder = next(client.app.state.jobs.root.glob(computed.rsplit("/", 1)[1]))
    # the line shown is the command's own first line, character for character
    assert total == (job_folder / "compute.stdout").read_text(encoding="utf-8").splitlines()[0]
    assert (job_folder / "inventory" / "activity" / "B_n_Tre.xlsx").is_file()  # a plain name
    assert 'src="' + computed + '/files/report/report.html"' in page.text
    assert client.get("/inventory", follow_redirects=False).status_code == 303


def test_report_and_run_folder_download(client, computed):
    job_folder = next(client.app.state.jobs.root.glob(computed.rsplit("/", 1)[1]))
    workbook = client.get(computed + "/files/report/report.xlsx")
    assert workbook.content == (job_folder / "report" / "report.xlsx").read_bytes()
    assert "attachment" in workbook.headers["content-disposition"]
    html = client.get(computed + "/files/report/report.html")
    assert html.headers["content-type"].startswith("text/html")
    run = zipfile.ZipFile(io.BytesIO(client.get(computed + "/zip/run").content))
    assert run.read("run/emissions.csv") == (job_folder / "run" / "emissions.csv").read_bytes()
    assert "run/provenance.json" in run.namelist()


def test_a_number_explained_by_the_explain_command(client, computed):
    page = client.get(computed, params={"year": "2023"})
    assert "Bản ghi tính toán năm 2023" in page.text
    assert 'data-source="BT-F05"' in page.text
    chain = client.get(computed + "/explain", params={"source": "BT-F05", "year": "2023"})
    assert chain.status_code == 200 and "BT-F05" in chain.text and "2023" in chain.text
    unknown = client.get(computed + "/explain", params={"source": "BT-F99", "year": "2023"})
    assert unknown.status_code == 400
    assert "BT-F99 2023: không phải nguồn và năm của lần tính này" in unknown.text


@pytest.mark.parametrize(("name", "body", "message"), [
    ("notes.txt", b"x", "notes.txt: cần tệp có đuôi .xlsx hoặc .csv"),
    ("empty.csv", b"", "empty.csv: tệp trống"),
    ("fake.xlsx", b"not a zip", "fake.xlsx: không phải tệp Excel (.xlsx)"),
    ("latin.csv", "source_id\nMỏ Cày\n".encode("cp1258", errors="replace") + b"\xff",
     "latin.csv: không phải tệp văn bản UTF-8"),
])
def test_bad_uploads_each_get_their_message_and_leave_no_job(client, name, body, message):
    before = len(client.app.state.jobs.latest())
    refused = client.post("/data/upload", files={"file": (name, body)})
    assert refused.status_code == 400
    assert message in refused.text.replace("&#39;", "'")
    assert len(client.app.state.jobs.latest()) == before
    assert client.get("/data").status_code == 200  # still up


def test_an_upload_over_the_limit_is_refused(client, monkeypatch):
    monkeypatch.setattr("ghg.web.app.MAX_BYTES", 1000)
    refused = client.post("/data/upload", files={"file": ("big.csv", b"a" * 70_000)})
    assert refused.status_code == 413 and "tệp lớn hơn 20 MB" in refused.text
    assert client.post("/data/upload", data={"x": "1"}).status_code == 400  # no file field


def test_a_table_with_errors_shows_its_problems_and_computes_nothing(client):
    table = HEADER + "=HYPERLINK(1),2024,1.A.2.e,diesel,abc,t,estimate: test,estimate\n"
    sent = client.post("/data/upload", files={"file": ("energy.csv", table.encode())},
                       follow_redirects=False)
    location = sent.headers["location"]
    status = _wait(client, location)
    assert (status["state"], status["codes"]) == ("failed", {"compute": 2})
    page = client.get(location)
    row = re.search(r'<table id="problems">.*?</tr>\s*<tr>(.*?)</tr>', page.text, re.S)[1]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[0] == "activity/energy.csv" and cells[2] == "2"
    assert cells[3] == "amount" and cells[4] == "&#39;abc&#39;"
    job_folder = client.app.state.jobs.root / location.rsplit("/", 1)[1]
    assert not (job_folder / "run").exists() and not (job_folder / "report").exists()


def test_formula_text_from_an_upload_is_neutralised_in_downloads(client):
    table = HEADER + "=HYPERLINK(1),2024,1.A.2.e,diesel,10,t,estimate: test,estimate\n"
    sent = client.post("/data/upload", files={"file": ("energy.csv", table.encode())},
                       follow_redirects=False)
    location = sent.headers["location"]
    assert _wait(client, location)["codes"]["compute"] == 0
    run = zipfile.ZipFile(io.BytesIO(client.get(location + "/zip/run").content))
    emissions = run.read("run/emissions.csv").decode()
    assert "\n'=HYPERLINK(1),2024," in emissions and "\n=HYPERLINK" not in emissions


def test_no_path_from_a_request_reaches_the_file_system(client, computed):
    for path in (computed + "/files/run/..%2Fstatus.json", computed + "/files/..%2F..%2Fjobs/x",
                 computed + "/files/inventory/inventory.toml", computed + "/files/run/.hidden",
                 computed + "/zip/inventory", "/jobs/..%2F..%2Fetc/status",
                 "/jobs/" + "0" * 32 + "/status", "/jobs/ABC/files/run/emissions.csv"):
        assert client.get(path).status_code == 404, path
    assert client.get(computed + "/files/run/emissions.csv").status_code == 200


def test_a_form_from_another_site_is_refused(client):
    refused = client.post("/target/run", headers={"Origin": "http://evil.example"})
    assert refused.status_code == 403
    assert client.post("/target/run", data={"measure": "e_motorbike", "uptake": "x"},
                       headers={"Origin": "http://testserver"}).status_code == 400  # same site


def test_a_server_on_another_address_wants_its_token(tmp_path):
    settings = Settings(inventory=INVENTORY, workspace=tmp_path, token="s3cret")
    with TestClient(create_app(settings)) as guarded:
        refused = guarded.get("/data")
        assert refused.status_code == 403 and "mã truy cập" in refused.text
        assert guarded.get("/data", params={"token": "wrong"}).status_code == 403
        assert guarded.get("/data", params={"token": "s3cret"}).status_code == 200
        assert guarded.get("/data").status_code == 200  # the cookie the token set


def test_target_scenario_and_a_changed_uptake(client):
    sent = client.post("/target/run", follow_redirects=False)
    location = sent.headers["location"]
    assert _wait(client, location)["state"] == "done"
    page = client.get(location)
    assert "Năm mục tiêu 2030" in page.text and 'id="measures"' in page.text
    assert "e_motorbike" in page.text and "wedges.png" in page.text
    # closing.csv's status in the page's words (the report's terms)
    assert "không bù được, kể cả khi áp dụng 100%" in page.text
    assert "cannot, even at 100%" not in page.text
    # the uptake of one measure changed in the copied measures.toml only
    changed = client.post("/target/run", data={"measure": "e_motorbike", "uptake": "14,8"},
                          follow_redirects=False).headers["location"]
    job_folder = client.app.state.jobs.root / changed.rsplit("/", 1)[1]
    measures = (job_folder / "scenario" / "measures.toml").read_text(encoding="utf-8")
    assert "[2030, 0.148]" in measures
    assert "[2030, 0.148]" not in (SCENARIO / "measures.toml").read_text(encoding="utf-8")
    assert _wait(client, changed)["state"] == "done"
    assert "Đã đổi: mức áp dụng e_motorbike năm 2030" in client.get(changed).text
    for uptake, message in (("150", "150: cần một tỷ lệ phần trăm từ 0 đến 100"),
                            ("abc", "abc: cần một tỷ lệ phần trăm"),
                            ("1.000", "1.000: có dấu phân cách hàng nghìn hoặc ba chữ số thập phân")):
        refused = client.post("/target/run", data={"measure": "e_motorbike", "uptake": uptake})
        assert refused.status_code == 400 and message in refused.text
    refused = client.post("/target/run", data={"measure": "nope", "uptake": "10"})
    assert "nope: không phải biện pháp của kịch bản" in refused.text


def test_facilities_review_register_report_and_verification(client):
    review = client.post("/facilities/review", data={"year": "2024"},
                         follow_redirects=False).headers["location"]
    register = client.post("/facilities/register", data={"on": "2025-06-01"},
                           follow_redirects=False).headers["location"]
    report = client.post("/facilities/facrep", data={"facility": "BT-F05",
                                                     "years": "2023,2024"},
                         follow_redirects=False).headers["location"]
    for location in (review, register, report):
        assert _wait(client, location)["state"] == "done", client.get(location).text
    assert 'id="table"' in client.get(review).text and "BT-F05" in client.get(review).text
    assert "BT-F0" in client.get(register).text
    workbook = client.get(report + "/files/facrep/facility_report.xlsx").content
    verify = client.post("/facilities/verify", files={"file": ("BT-F05.xlsx", workbook)},
                         follow_redirects=False).headers["location"]
    status = _wait(client, verify)
    assert status["state"] == "done" and status["codes"]["verify"] in (0, 4)
    assert 'id="table"' in client.get(verify).text
    assert not (INVENTORY / "register.sqlite").exists()  # the served folder is never written
    for form, message in (({"year": "20x4"}, "20x4: cần một năm"),):
        refused = client.post("/facilities/review", data=form)
        assert refused.status_code == 400 and message in refused.text
    refused = client.post("/facilities/facrep", data={"facility": "../x", "years": "2024"})
    assert "../x: không phải cơ sở trong facilities.csv" in refused.text
    assert client.post("/facilities/verify", files={"file": ("a.csv", b"x")}).status_code == 400
    assert client.post("/facilities/other", data={}).status_code == 404


def test_serve_refuses_a_folder_that_is_no_inventory(tmp_path, capsys):
    from ghg.cli import main

    assert main(["serve", str(tmp_path), "--no-browser", "--lang", "en"]) == 2
    assert "not an inventory folder (no inventory.toml)" in capsys.readouterr().err

    assert main(["serve", str(INVENTORY), "--workspace", str(INVENTORY / "jobs"),
                 "--no-browser", "--lang", "en"]) == 2
    assert "must lie outside the inventory folder" in capsys.readouterr().err
    assert not (INVENTORY / "jobs").exists()
