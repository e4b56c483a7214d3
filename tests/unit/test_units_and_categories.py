"""The registry keeps gases apart; GWP sets carry the published values; the category tree."""

from __future__ import annotations

import pint
import pytest

from ghg.core.categories import closest_codes, codes, is_category, lineage, title
from ghg.core.errors import UnknownGWPError
from ghg.core.units import gwp100, gwp_context, registry

# GWP100 from the IPCC assessment reports (docs/domain.md §4): AR4 WG1 Table 2.14, AR5 WG1
# Table 8.A.1, AR6 WG1 Table 7.15 (HFCs: Table 7.SM.7).
PUBLISHED_GWP100 = {
    ("AR4", "CH4"): 25.0, ("AR4", "N2O"): 298.0,
    ("AR5", "CH4"): 28.0, ("AR5", "N2O"): 265.0,
    ("AR6", "CH4"): 27.9, ("AR6", "N2O"): 273.0,
    ("AR4", "HFC-32"): 675.0, ("AR4", "HFC-125"): 3500.0, ("AR4", "HFC-134a"): 1430.0,
    ("AR4", "HFC-143a"): 4470.0,
    ("AR5", "HFC-32"): 677.0, ("AR5", "HFC-125"): 3170.0, ("AR5", "HFC-134a"): 1300.0,
    ("AR5", "HFC-143a"): 4800.0,
    ("AR6", "HFC-32"): 771.0, ("AR6", "HFC-125"): 3740.0, ("AR6", "HFC-134a"): 1530.0,
    ("AR6", "HFC-143a"): 5810.0,
    ("AR4", "HFC-227ea"): 3220.0, ("AR5", "HFC-227ea"): 3350.0, ("AR6", "HFC-227ea"): 3600.0,
}


def test_every_reported_gas_has_a_pinned_gwp_in_every_set():
    from ghg.core.schema import GASES, GWP_SETS

    assert {(s, g) for s in GWP_SETS for g in GASES if g != "CO2"} == set(PUBLISHED_GWP100)


@pytest.mark.parametrize(("gwp", "blend"), [("AR4", 2087.5), ("AR6", 2255.5)])
def test_r410a_blend_gwp_is_the_mass_weighted_sum(gwp, blend):
    # R-410A = 50% HFC-32 + 50% HFC-125; published blend GWPs: AR4 2088, AR6 2256 (IIR, rounded)
    assert 0.5 * gwp100(gwp, "HFC-32") + 0.5 * gwp100(gwp, "HFC-125") == blend


@pytest.mark.parametrize(("gwp", "gas"), sorted(PUBLISHED_GWP100))
def test_gwp100_values_are_the_published_ones(gwp, gas):
    assert gwp100(gwp, gas) == PUBLISHED_GWP100[(gwp, gas)]
    assert gwp100(gwp, "CO2") == 1.0


def test_methane_never_becomes_co2e_outside_a_gwp_context():
    ureg = registry()
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity(1.0, "t CH4").to("t CO2")


def test_unknown_gwp_set_names_the_valid_ones():
    with pytest.raises(UnknownGWPError, match="expected one of AR4, AR5, AR6"):
        gwp_context("SAR")


def test_registry_knows_livestock_heads_and_cubic_metres():
    ureg = registry()
    assert ureg.Quantity(2.0, "m3").to("l").magnitude == pytest.approx(2000.0)
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity(1.0, "head").to("t")


def test_category_tree_is_the_published_ipcc_2006_one():
    assert len(codes()) == 290
    assert title("1.A.3.b") == "Road Transportation"
    assert lineage("1.A.4.c.iii") == ("1.A.4.c.iii", "1.A.4.c", "1.A.4", "1.A", "1", "0")
    assert is_category("4.A") and not is_category("1.A.2.z")


def test_unknown_codes_get_close_suggestions():
    assert closest_codes("1A2")[0] == "1.A.2"
    assert closest_codes("1.a.3.b")[0] == "1.A.3.b"
