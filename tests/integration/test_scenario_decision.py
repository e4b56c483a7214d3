"""The 9 % check on the bundled Ben Tre scenario: verdicts under each basis, every Appendix 4 item,
hand-worked effects of the quantified measures, and what it would take (re-run at the proposed
uptake)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ghg.scenario.basis import basis_lines
from ghg.scenario.closing import SHARED, reduction_at, scaled_uptake
from ghg.scenario.model import project
from ghg.scenario.runner import run_scenario

BEN_TRE = Path(__file__).resolve().parents[2] / "scenarios" / "ben-tre"


@pytest.fixture(scope="module")
def run():
    return run_scenario(BEN_TRE, draws=2000)


def _m(run, mid: str) -> int:
    return [m.id for m in run.model.measures].index(mid)


def _line(run, category: str, gas: str) -> int:
    lines = run.model.lines
    return int(np.flatnonzero((lines["category"] == category) & (lines["gas"] == gas))[0])


def _saved_2030(run, mid: str) -> float:
    w = run.wedges
    row = w[(w["measure"] == mid) & (w["year"] == 2030)]
    return float(row["territorial_saved_co2e_t"].item() + row["scope2_saved_co2e_t"].item())


def test_every_appendix_4_item_is_listed_with_its_status(run):
    table = run.measures
    assert table["item"].tolist() == list(range(1, 26))
    assert (table["status"] == "quantified").sum() == 16
    missing = table[table["status"] == "not quantified"]
    assert (missing["reason"].str.len() > 20).all()
    assert missing["item"].tolist() == [1, 7, 11, 12, 13, 14, 21, 22, 24]


def test_verdicts_side_by_side(run):
    v = run.verdicts.set_index("basis")
    t = int(np.searchsorted(run.model.years, 2030))
    bau = run.model.bau[:, t]
    elec = _line(run, "electricity", "CO2")
    land = _line(run, "3.B.2.a", "CO2")
    # scope 1 + 2 = territorial + the electricity line; without LULUCF = territorial - 3.B.2.a
    assert v.loc["scope1_2", "bau_co2e_t"] == pytest.approx(
        v.loc["territorial", "bau_co2e_t"] + bau[elec], rel=1e-12)
    assert v.loc["territorial_without_lulucf", "bau_co2e_t"] == pytest.approx(
        v.loc["territorial", "bau_co2e_t"] - bau[land], rel=1e-12)
    assert v["stated"].tolist() == [True, False, False]
    assert v.loc["territorial", "met"] == bool(run.target.iloc[-1]["met"])
    assert not v.loc["territorial", "met"] and v.loc["scope1_2", "met"]


def test_fishing_energy_and_led_boats(run):
    t = int(np.searchsorted(run.model.years, 2030))
    lines = run.model.lines
    # every gas of the fleet's fuel: CO2, and CH4 and N2O (water-borne navigation factors)
    bau = run.model.bau[np.flatnonzero(lines["category"] == "1.A.4.c.iii"), t].sum()
    assert np.count_nonzero(lines["category"] == "1.A.4.c.iii") == 3
    # 10 % of the whole fleet's fuel in 2030; LEDs then save 15 % on 30 % of what is left
    assert _saved_2030(run, "fishing_energy") == pytest.approx(0.10 * bau, rel=1e-9)
    assert _saved_2030(run, "led_fishing_boats") == pytest.approx(0.15 * 0.3 * 0.9 * bau,
                                                                  rel=1e-9)


def test_rice_water_regimes_scale_with_the_2019_sfw(run):
    w = run.model.weight
    i = _line(run, "3.C.7", "CH4")
    frac = run.model.measures[_m(run, "awd")].options["_sfw"][2]  # CF share of rice CH4
    assert w[_m(run, "awd"), i] == pytest.approx(frac * (1 - 0.55))
    assert w[_m(run, "sri"), i] == pytest.approx(frac * (1 - 0.55))
    assert w[_m(run, "mid_season_drainage"), i] == pytest.approx(frac * (1 - 0.71))
    assert w[_m(run, "rice_shrimp"), i] == pytest.approx(frac * (1 - 0.54))


def test_manure_composting_against_biogas(run):
    # swine mix MCF (tropical wet): 0.4 x 0.10 + 0.3 x 0.67 + 0.2 x 0.05 + 0.1 x 0.01 = 0.252;
    # static-pile composting 0.025, low-leakage digester 0.01
    i = _line(run, "3.A.2", "CH4")
    w = run.model.weight
    assert w[_m(run, "manure_composting"), i] / w[_m(run, "biogas"), i] == pytest.approx(
        (1 - 0.025 / 0.252) / (1 - 0.01 / 0.252), rel=1e-9)


def test_crop_residue_public_transport_solar_water_iso(run):
    t = int(np.searchsorted(run.model.years, 2030))
    bau = run.model.bau[:, t]
    burn = bau[_line(run, "3.C.1.b", "CH4")] + bau[_line(run, "3.C.1.b", "N2O")]
    assert _saved_2030(run, "crop_residue_reuse") == pytest.approx(0.4 * burn, rel=1e-9)
    w = run.model.weight
    road = _line(run, "1.A.3.b", "CO2")
    assert w[_m(run, "public_transport"), road] == pytest.approx(
        0.4 * w[_m(run, "e_motorbike"), road])
    elec = _line(run, "electricity", "CO2")
    assert w[_m(run, "solar_water_heaters"), elec] == pytest.approx(0.03)
    for cat in ("1.A.2.e", "1.A.2.l"):
        assert w[_m(run, "iso_50001"), _line(run, cat, "CO2")] == pytest.approx(0.1)


def test_the_proposed_uptake_closes_the_gap(run):
    model = run.model
    mask = basis_lines(model, "territorial")
    t = int(np.searchsorted(model.years, 2030))
    closes = run.closing[run.closing["uptake_needed"].notna()]
    status = run.closing.set_index("measure")["status"]
    assert (status == "closes the gap").sum() == 3 and run.gap_co2e_t > 0
    # biogas alone would need 83.8 % of pig manure, composting takes 20 % of it already
    assert status["biogas"] == SHARED and status["fishing_energy"] == "cannot, even at 100%"
    for r in closes.itertuples(index=False):
        m = _m(run, r.measure)
        up = scaled_uptake(model, m, t, np.array([r.uptake_needed]))
        assert reduction_at(model, mask, t, up)[0] == pytest.approx(9.0, abs=0.01)
        scen = project(model, up)["scenario"][0]   # the engine's own projection agrees
        pct = 100 * (1 - scen[mask, t].sum() / model.bau[mask, t].sum())
        assert pct == pytest.approx(9.0, abs=0.01)
    # gap = (9 % - reduction) x BAU
    row = run.target.iloc[-1]
    assert run.gap_co2e_t == pytest.approx((9.0 - row["reduction_pct"]) / 100
                                           * row["bau_co2e_t"], rel=1e-9)


def test_a_closing_variant_does_not_depend_on_the_variants_beside_it(run):
    """The closing search projects every measure's grid at once: each measure's grid gives the
    same reductions, to the last bit, as projected on its own (so the search finds what it
    found one measure at a time); a single variant differs at most by summation order."""
    model = run.model
    mask = basis_lines(model, "territorial")
    t = int(np.searchsorted(model.years, 2030))
    shares = np.linspace(0.3, 1.0, 5)
    grids = [scaled_uptake(model, m, t, shares) for m in (0, 1, 3)]
    together = reduction_at(model, mask, t, np.concatenate(grids, axis=1))
    own = np.concatenate([reduction_at(model, mask, t, grid) for grid in grids])
    assert np.array_equal(together, own)
    alone = [reduction_at(model, mask, t, grids[0][:, v:v + 1])[0] for v in range(len(shares))]
    assert together[:len(shares)] == pytest.approx(alone, rel=1e-14)


def test_probability_is_reproducible_and_between_the_bounds(run):
    again = run_scenario(BEN_TRE, draws=2000)
    assert again.draws is not None and run.draws is not None
    assert again.draws.by_basis.equals(run.draws.by_basis)
    p = run.draws.by_basis.set_index("basis")["p_meet"]
    assert 0.0 < p["territorial"] < 0.5 < p["scope1_2"]


def test_target_year_draws_are_those_of_the_whole_projection(run):
    """The probabilities project the target year alone; every year's reduction (projected
    when asked) gives the same target-year draws, landfill decay included."""
    draws = run.draws
    assert draws is not None and "reduction" not in vars(draws)  # not projected yet
    t = int(np.searchsorted(run.model.years, run.spec.target_year))
    every_year = draws.reduction
    assert every_year.shape == (2000, len(run.model.years))
    at = every_year[:, t]
    stated = draws.by_basis[draws.by_basis["stated"]].iloc[0]
    assert stated["mean_pct"] == pytest.approx(at.mean(), rel=1e-12)
    assert stated["p_meet"] == (at >= run.spec.target_pct - 1e-9).mean()
    assert np.percentile(at, [5, 50, 95]) == pytest.approx(
        stated[["p5_pct", "p50_pct", "p95_pct"]].to_numpy(float), rel=1e-12)
    # the 2030 mean is the deterministic reduction give or take the draws' spread
    assert abs(at.mean() - run.target.iloc[-1]["reduction_pct"]) < 0.5


def test_published_grid_factor_follows_the_inventorys_yearly_ef(tmp_path):
    import shutil

    folder = tmp_path / "sc"
    shutil.copytree(BEN_TRE, folder)
    head = (folder / "scenario.toml").read_text()
    head = head.replace('"../../inventories/ben-tre"',
                        f'"{BEN_TRE.parents[1] / "inventories" / "ben-tre"}"')
    (folder / "scenario.toml").write_text(head.replace('grid_factor = "frozen"',
                                                       'grid_factor = "published"'))
    frozen = run_scenario(BEN_TRE, draws=10)
    published = run_scenario(folder, draws=10)
    elec = _line(frozen, "electricity", "CO2")
    years = list(frozen.model.years)
    # DCC grid EFs the inventory uses: 2020 0.8041, 2023 0.6592 (held after the last year)
    ratio = published.model.bau[elec] / frozen.model.bau[elec]
    assert ratio[years.index(2023)] == pytest.approx(0.6592 / 0.8041, rel=1e-9)
    assert ratio[years.index(2030)] == pytest.approx(0.6592 / 0.8041, rel=1e-9)
    # territorial lines do not change
    terr = frozen.model.territorial
    assert published.model.bau[terr] == pytest.approx(frozen.model.bau[terr], rel=1e-12)
    assert published.verdicts["grid_factor"].unique().tolist() == ["published"]


def test_bricks_rooftop_lighting_and_solar_water_in_2030(run):
    t = int(np.searchsorted(run.model.years, 2030))
    bau = run.model.bau[:, t]
    bricks = sum(bau[_line(run, "1.A.2.f", gas)] for gas in ("CO2", "CH4", "N2O"))
    # kiln fuel gone on the 40 % of bricks made without firing
    assert _saved_2030(run, "non_fired_bricks") == pytest.approx(0.4 * bricks, rel=1e-9)
    elec = bau[_line(run, "electricity", "CO2")]
    w = run.wedges[run.wedges["year"] == 2030].set_index("measure")["scope2_saved_co2e_t"]
    # in file order on what is left of the BAU electricity line: rooftop 10 %, then LED and
    # efficient appliances 50 % on 30 %, then solar water heaters 3 % on 20 %
    assert w["rooftop_solar"] == pytest.approx(0.10 * elec, rel=1e-9)
    assert w["efficient_lighting"] == pytest.approx(0.5 * 0.3 * 0.9 * elec, rel=1e-9)
    assert w["solar_water_heaters"] == pytest.approx(0.03 * 0.2 * 0.9 * 0.85 * elec, rel=1e-9)


def test_cobenefits_are_the_fuel_saved_times_its_pollutants(run):
    """e-motorbikes: the CO2e the model saves on 1.A.3.b in 2030 times the base year's NOx per
    t CO2e of motor gasoline on 1.A.3.b (both from the inventory's own rows)."""
    import ghg
    from ghg.engine.pollutants import by_activity

    cob = run.cobenefits.set_index("measure")
    row = cob.loc["e_motorbike"]
    assert row["saved_co2e_t"] == pytest.approx(
        run.wedges.query("measure == 'e_motorbike' and year == 2030")[
            "territorial_saved_co2e_t"].item(), rel=1e-9)
    result = ghg.compute(BEN_TRE.parents[1] / "inventories" / "ben-tre")
    base_year = run.spec.base_year or int(result.emissions["year"].max())
    pol = by_activity(result, base_year)
    nox = pol.query("category == '1.A.3.b' and activity == 'motor_gasoline' and "
                    "pollutant == 'NOx'")["emissions_t"].item()
    d = result.detail
    gasoline = d[(d["year"] == base_year) & (d["category"].astype(str) == "1.A.3.b")
                 & (d["activity"].astype(str) == "motor_gasoline") & (d["scope"] == 1)]
    assert row["saved_NOx_t"] == pytest.approx(row["saved_co2e_t"] * nox
                                               / gasoline["co2e_t"].sum(), rel=1e-9)
    assert np.isnan(row["saved_PM2.5_t"])  # road PM has no factor: unknown, not zero
    # a practice change (AWD) and electricity (rooftop solar) save no local pollutant here
    assert cob.loc["awd", "status"].startswith("not computed")
    assert cob.loc["rooftop_solar", "status"].startswith("none local")


def test_sensitivity_of_the_measures_is_each_changed_model_projected_alone(run):
    """The ±20 % effect and uptake cases run as variants of one projection: each equals, to the
    last bit, the reduction of the changed model projected on its own."""
    from dataclasses import replace

    from ghg.scenario.runner import _reduction_2030

    model, spec = run.model, run.spec
    alone = []
    for m in range(len(model.measures)):
        for scale in (0.8, 1.2):
            w, a = model.weight.copy(), model.added.copy()
            w[m] *= scale
            a[m] *= scale
            alone.append(_reduction_2030(spec, replace(model, weight=w, added=a)))
        for scale in (0.8, 1.2):
            up = model.uptake.copy()
            up[m] = np.minimum(up[m] * scale, 1.0)
            alone.append(_reduction_2030(spec, model, up))
    table = run.sensitivity[run.sensitivity["kind"] != "driver"]
    assert np.array_equal(table["reduction_2030_pct"].to_numpy(), np.array(alone))
    assert len(table) == 4 * len(model.measures)
