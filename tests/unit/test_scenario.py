"""Hand-worked checks of the scenario kernels and of scenario-file errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ghg.core.errors import InputError
from ghg.scenario.base import Landfill
from ghg.scenario.config import read_scenario
from ghg.scenario.landfill import landfill_avoided
from ghg.scenario.lines import Model
from ghg.scenario.rules import attribute, growth_as, linear_trend, uptake_path, water_regime_factor

BEN_TRE = Path(__file__).resolve().parents[2] / "scenarios" / "ben-tre"


def test_growth_as_elasticity_08_three_years():
    # X: 100 -> 110 -> 121 -> 133.1 (+10 %/yr); e = 0.8; V0 = 1000
    # 1.1^0.8 = exp(0.8 × ln 1.1) = exp(0.0762482) = 1.0792303
    # V1 = 1000 × 1.0792303 = 1079.2303; V2 = 1079.2303 × 1.0792303 = 1164.7380;
    # V3 = 1164.7380 × 1.0792303 = 1257.0205
    v = growth_as(np.array(1000.0), np.array([100.0, 110.0, 121.0, 133.1]), 0.8)
    assert v == pytest.approx([1000.0, 1079.2303, 1164.7380, 1257.0205], abs=1e-3)


def test_growth_as_uneven_driver_uses_year_on_year_ratios():
    # X: 10 -> 12 -> 9; e = 0.5: V1 = 50 × (1.2)^0.5 = 54.7723; V2 = V1 × (0.75)^0.5 = 47.4342
    v = growth_as(np.array(50.0), np.array([10.0, 12.0, 9.0]), 0.5)
    assert v == pytest.approx([50.0, 54.7723, 47.4342], abs=1e-4)


def test_linear_trend_is_anchored_at_the_base_value():
    # slope of (2018, 8), (2019, 11), (2020, 11): mean x 2019, mean y 10;
    # slope = ((-1)(-2) + 0 + (1)(1)) / 2 = 1.5 per year; from base 11: 12.5, 14.0
    v = linear_trend(np.array([2018, 2019, 2020]), np.array([8.0, 11.0, 11.0]), 11.0,
                     np.array([2020, 2021, 2022]))
    assert v == pytest.approx([11.0, 12.5, 14.0])


def test_uptake_path_interpolates_and_starts_late():
    u = uptake_path(np.arange(2024, 2033), np.array([2026, 2030]), np.array([0.1, 0.5]), 2026)
    # 2026 0.1, +0.1/yr to 2030 0.5, flat after; zero before start
    assert u == pytest.approx([0, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5])


def test_two_measures_on_one_category_attribution_adds_up():
    # BAU 1000 t; measure A removes 30 % of what is left, measure B 20 % of what is left.
    # A saves 1000 × 0.3 = 300; B saves (1000 - 300) × 0.2 = 140; scenario 1000 × 0.7 × 0.8 = 560
    bau = np.array([[1000.0]])
    scenario, saved = attribute(bau, np.array([[[0.3]], [[0.2]]]), np.zeros((2, 1, 1)))
    assert scenario[0, 0] == pytest.approx(560.0)
    assert saved[:, 0, 0] == pytest.approx([300.0, 140.0])
    assert saved.sum(axis=0)[0, 0] == pytest.approx(bau[0, 0] - scenario[0, 0], rel=1e-12)


def test_added_emissions_count_against_the_measure():
    # diversion saves 50 % of 200 t landfill CH4 (100 t) but adds 8 t composting: net 92 t
    bau = np.array([[200.0], [0.0]])
    reduction = np.array([[[0.5], [0.0]]])
    added = np.array([[[0.0], [8.0]]])
    scenario, saved = attribute(bau, reduction, added)
    assert scenario[:, 0] == pytest.approx([100.0, 8.0])
    assert saved.sum() == pytest.approx(92.0)


def test_awd_on_half_the_continuously_flooded_area_from_2026():
    # SFw continuously flooded 1.00 -> multiple drainage (AWD) 0.55, 2019 Refinement Table 5.12
    # p.5.54; half the area: factor 1 - 0.5 × (1 - 0.55/1.00) = 1 - 0.225 = 0.775
    years = np.arange(2024, 2029)
    share = uptake_path(years, np.array([2026]), np.array([0.5]), 2026)
    factor = water_regime_factor(share, 1.0, 0.55)
    # rice CH4 1000 t (all continuously flooded): 2024-2025 unchanged, 775 t from 2026
    assert 1000.0 * factor == pytest.approx([1000, 1000, 775, 775, 775])


def _one_series_model(years: np.ndarray, deposit_ddocm: float, k: float) -> Model:
    y0 = 2000
    grid = np.full((1, years[-1] - y0 + 1), deposit_ddocm)
    lf = Landfill(grid=grid, y0=y0, k=np.array([k]), f=np.array([0.5]), ox=np.array([0.0]),
                  wet_per_ddocm=np.array([1.0]), waste_type=np.array(["food_waste"], dtype=object),
                  category=np.array(["4.A.3"], dtype=object), reaction_month=13.0)
    lines = pd.DataFrame({"category": ["4.A.3"], "gas": ["CH4"], "scope": [1]})
    return Model(years=years, lines=lines, bau=np.ones((1, len(years))), measures=[],
                 uptake=np.zeros((0, len(years))), weight=np.zeros((0, 1)),
                 added=np.zeros((0, 1, len(years))), landfill=lf, landfill_bau=grid,
                 landfill_lines=np.array([True]), fod_cols=years - y0, ch4_gwp=28.0,
                 territorial=np.array([True]))


def test_composting_diversion_lags_through_first_order_decay():
    # 100 t DDOCm deposited every year; from 2026 half of it is diverted (uptake 0.5).
    # Printed eq. 3.4-3.5 (6-month delay): nothing decays in the deposit year, then each year
    # (1 - e^-k) of the stock. k = 0.4 (food, tropical wet), F = 0.5, OX = 0, GWP CH4 28.
    # Diverted DDOCm: 50 t/yr from 2026. Avoided decomposition:
    #   2026: 0                                  (the 2026 deposit has not started to decay)
    #   2027: 50 × (1 - e^-0.4)                  = 50 × 0.329680 = 16.4840 t C
    #   2028: 50 × (1 - e^-0.4) × (1 + e^-0.4)   = 16.4840 × 1.670320 = 27.5336 t C
    # CO2e = t C × F 0.5 × 16/12 × 28: 2027 = 16.4840 × 18.6667 = 307.702; 2028 = 27.5336 × 18.6667 = 513.960
    years = np.arange(2024, 2030)
    model = _one_series_model(years, 100.0, 0.4)
    uptake = uptake_path(years, np.array([2026]), np.array([0.5]), 2026)[None, :]
    avoided = landfill_avoided(model, uptake, np.array([True]))[0]
    keep = np.exp(-0.4)
    c = 0.5 * 16 / 12 * 28
    expected = [0, 0, 0, 50 * (1 - keep) * c, 50 * (1 - keep) * (1 + keep) * c,
                50 * (1 - keep) * (1 + keep + keep**2) * c]
    assert avoided == pytest.approx(expected, rel=1e-12)
    assert avoided[3] == pytest.approx(307.702, abs=1e-3)
    assert avoided[4] == pytest.approx(513.960, abs=1e-3)


def test_landfill_avoided_is_vectorised_over_variants():
    years = np.arange(2024, 2030)
    model = _one_series_model(years, 100.0, 0.17)
    base = uptake_path(years, np.array([2025]), np.array([0.2]), 2025)
    many = np.stack([base * s for s in (0.0, 1.0, 2.5)])
    out = landfill_avoided(model, many, np.array([True]))
    # FOD is linear in deposits: variant results scale with their uptake
    assert out[0] == pytest.approx(np.zeros(len(years)))
    assert out[2] == pytest.approx(2.5 * out[1], rel=1e-12)


# ----------------------------------------------------------------- bad scenario files

def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "sc"
    shutil.copytree(BEN_TRE, folder)
    text = (folder / "scenario.toml").read_text()
    (folder / "scenario.toml").write_text(text.replace('"../../inventories/ben-tre"',
                                                       f'"{BEN_TRE.parents[1] / "inventories" / "ben-tre"}"'))
    return folder


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "measures.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_uptake_share_above_one_names_file_measure_and_field(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "[[2026, 0.1], [2030, 0.5], [2050, 0.7]]", "[[2026, 0.1], [2030, 1.5]]")
    with pytest.raises(InputError) as error:
        read_scenario(folder)
    assert "measures.toml: measure awd: uptake: '2030: 1.5' share is outside 0-1" in str(error.value)


def test_start_after_horizon(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "start = 2026", "start = 2061")
    with pytest.raises(InputError, match=r"measures.toml: measure awd: start: '2061' is after "
                                         r"the horizon 2050"):
        read_scenario(folder)


def test_unknown_effect(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, 'effect = "rice_water_regime"', 'effect = "magic"')
    with pytest.raises(InputError, match="measure awd: effect: 'magic' is not a measure effect"):
        read_scenario(folder)


def test_unknown_basis_and_an_appendix_item_without_reason(tmp_path):
    folder = _copy(tmp_path)
    head = folder / "scenario.toml"
    head.write_text(head.read_text().replace('accounting = "territorial"',
                                             'accounting = "consumption"'))
    _edit(folder, 'measures = ["sri"]', "measures = []")
    with pytest.raises(InputError) as error:
        read_scenario(folder)
    message = str(error.value)
    assert "scenario.toml: basis.accounting: 'consumption' is not offered; expected one of " \
        "territorial, territorial_without_lulucf, scope1_2" in message
    assert "measures.toml: appendix4 #2: reason: is missing" in message


def test_appendix_item_naming_an_unknown_measure(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, 'measures = ["sri"]', 'measures = ["sri2"]')
    with pytest.raises(InputError, match=r"appendix4 #2: measures: 'sri2' is not the id of a "
                                         r"\[\[measure\]\]"):
        read_scenario(folder)


def test_scenario_command_refuses_zero_draws(tmp_path, capsys):
    from ghg.cli import main

    assert main(["scenario", str(BEN_TRE), "-o", str(tmp_path / "out"), "--draws", "0"]) == 2
    assert "--draws 0" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
