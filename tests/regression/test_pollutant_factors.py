"""Pins the EMEP/EEA 2023 Tier 1 air pollutant factors to their guidebook tables
(ghg/factors/data/pollutants_emep2023.csv; research in docs/research/emep-eea-2023).

Each case: factor group, species, value, unit, guidebook table, transcriptions that agree. The
33 rows confirmed by an independent hand transcription come first; the rest are the single-
transcription values the bundled inventory uses (flagged ``transcriptions = 1`` in the file).
"""

from __future__ import annotations

import pytest

from ghg.factors.pollutants import POLLUTANTS, pollutant_activities, pollutant_factors

CONFIRMED = [  # 1.A.4.b.i residential Tables 3-3 to 3-6; 3.D Tables 3-1 and 3-2
    ("1A4b_solid", "NOx", 110, "g/GJ", "Table 3-3"),
    ("1A4b_solid", "SO2", 900, "g/GJ", "Table 3-3"),
    ("1A4b_solid", "CO", 4600, "g/GJ", "Table 3-3"),
    ("1A4b_solid", "PM2.5", 398, "g/GJ", "Table 3-3"),
    ("1A4b_solid", "PM10", 404, "g/GJ", "Table 3-3"),
    ("1A4b_gaseous", "NOx", 51, "g/GJ", "Table 3-4"),
    ("1A4b_gaseous", "SO2", 0.3, "g/GJ", "Table 3-4"),
    ("1A4b_gaseous", "CO", 26, "g/GJ", "Table 3-4"),
    ("1A4b_gaseous", "PM2.5", 1.2, "g/GJ", "Table 3-4"),
    ("1A4b_gaseous", "PM10", 1.2, "g/GJ", "Table 3-4"),
    ("1A4b_liquid", "NOx", 51, "g/GJ", "Table 3-5"),
    ("1A4b_liquid", "CO", 57, "g/GJ", "Table 3-5"),
    ("1A4b_liquid", "PM2.5", 1.9, "g/GJ", "Table 3-5"),
    ("1A4b_liquid", "PM10", 1.9, "g/GJ", "Table 3-5"),
    ("1A4b_biomass", "NOx", 50, "g/GJ", "Table 3-6"),
    ("1A4b_biomass", "CO", 4000, "g/GJ", "Table 3-6"),
    ("1A4b_biomass", "PM2.5", 740, "g/GJ", "Table 3-6"),
    ("1A4b_biomass", "PM10", 760, "g/GJ", "Table 3-6"),
    ("3Da1_inorganic_n", "NOx", 0.04, "kg NO2/kg N", "Table 3-1"),
    ("3Da1_tier2_an_high_ph", "NH3", 52, "g NH3/kg N", "Table 3-2"),
    ("3Da1_tier2_an_normal_ph", "NH3", 24, "g NH3/kg N", "Table 3-2"),
    ("3Da1_tier2_as_high_ph", "NH3", 187, "g NH3/kg N", "Table 3-2"),
    ("3Da1_tier2_as_normal_ph", "NH3", 84, "g NH3/kg N", "Table 3-2"),
    ("3Da1_tier2_ap_high_ph", "NH3", 187, "g NH3/kg N", "Table 3-2"),
    ("3Da1_tier2_ap_normal_ph", "NH3", 84, "g NH3/kg N", "Table 3-2"),
    ("3Da1_tier2_can_high_ph", "NH3", 52, "g NH3/kg N", "Table 3-2"),
    ("3Da1_tier2_can_normal_ph", "NH3", 24, "g NH3/kg N", "Table 3-2"),
    ("3Da1_tier2_n_solutions_high_ph", "NH3", 161, "g NH3/kg N", "Table 3-2"),
    ("3Da1_tier2_n_solutions_normal_ph", "NH3", 87, "g NH3/kg N", "Table 3-2"),
    ("3Da1_tier2_npk_high_ph", "NH3", 187, "g NH3/kg N", "Table 3-2"),
    ("3Da1_tier2_npk_normal_ph", "NH3", 84, "g NH3/kg N", "Table 3-2"),
    ("3Da1_tier2_urea_high_ph", "NH3", 206, "g NH3/kg N", "Table 3-2"),
    ("3Da1_tier2_urea_normal_ph", "NH3", 195, "g NH3/kg N", "Table 3-2"),
]

SINGLE = [  # one transcription (the guidebook's emission-factor database export)
    ("1A2_liquid", "NOx", 513, "g/GJ", "Table 3-4"),
    ("1A2_liquid", "SO2", 47, "g/GJ", "Table 3-4"),
    ("1A2_liquid", "PM2.5", 20, "g/GJ", "Table 3-4"),
    ("1A2_liquid", "BC", 56, "% of PM2.5", "Table 3-4"),
    ("1A2_solid", "SO2", 900, "g/GJ", "Table 3-2"),
    ("1A2_biomass", "NH3", 37, "g/GJ", "Table 3-5"),
    ("1A4_nonres_liquid", "NOx", 306, "g/GJ", "Table 3-9"),
    ("road_l_petrol", "CO", 244.88, "g/kg fuel", "Table 3-5/08"),
    ("road_l_petrol", "NMVOC", 92.74, "g/kg fuel", "Table 3-5/08"),
    ("road_l_petrol", "NOx", 7.23, "g/kg fuel", "Table 3-6/08"),
    ("road_l_petrol", "NH3", 0.05, "g/kg fuel", "Table 3-7/08"),
    ("road_hdv_diesel", "NOx", 25.95, "g/kg fuel", "Table 3-6/06"),
    ("road_hdv_diesel", "CO", 6.10, "g/kg fuel", "Table 3-5/06"),
    ("nav_mdo_mgo", "NOx", 78.5, "kg/t fuel", "Table 3-2"),
    ("nav_mdo_mgo", "PM2.5", 1.4, "kg/t fuel", "Table 3-2"),
    ("nav_mdo_mgo", "PM10", 1.5, "kg/t fuel", "Table 3-2"),
    ("offroad_industry_diesel", "BC", 1306, "g/t fuel", "Table 3-1/03"),
    ("5C2_open_burning", "NOx", 3.18, "kg/t waste", "Table 3-1"),
    ("5C2_open_burning", "CO", 55.83, "kg/t waste", "Table 3-1"),
    ("5C2_open_burning", "PM2.5", 4.19, "kg/t waste", "Table 3-1"),
    ("5C2_open_burning", "BC", 42, "% of PM2.5", "Table 3-1"),
    ("3B_finishing_pigs_slurry", "NH3", 6.5, "kg NH3/head/yr", "Table 3-2"),
    ("3B_other_cattle_solid", "NH3", 10.0, "kg NH3/head/yr", "Table 3-2"),
    ("3B_broilers_litter", "NH3", 0.22, "kg NH3/head/yr", "Table 3-2"),
    ("3B_ducks_litter", "NH3", 0.68, "kg NH3/head/yr", "Table 3-2"),
    ("3Da1_inorganic_n", "NH3", 0.085, "kg NH3/kg N", "Table 3-1"),
]


def _row(factor_id: str, species: str):
    table = pollutant_factors()
    hit = table[(table["factor_id"] == factor_id) & (table["species"] == species)]
    assert len(hit) == 1, (factor_id, species)
    return hit.iloc[0]


@pytest.mark.parametrize(("factor_id", "species", "value", "unit", "table"), CONFIRMED)
def test_confirmed_factor(factor_id, species, value, unit, table):
    row = _row(factor_id, species)
    assert (row["value"], row["unit"], row["table"]) == (value, unit, table)
    assert row["transcriptions"] == 2


@pytest.mark.parametrize(("factor_id", "species", "value", "unit", "table"), SINGLE)
def test_single_transcription_factor(factor_id, species, value, unit, table):
    row = _row(factor_id, species)
    assert (row["value"], row["unit"], row["table"]) == (value, unit, table)
    assert row["transcriptions"] == 1


def test_every_row_cites_chapter_table_and_page_and_counts_its_transcriptions():
    table = pollutant_factors()
    assert len(CONFIRMED) + len(SINGLE) >= 30
    assert table["chapter"].str.startswith("GB2023").all()
    assert table["table"].str.startswith("Table ").all()
    assert table["page"].ne("").all()  # "page not confirmed" where it was not seen
    assert set(table["species"]) <= set(POLLUTANTS)
    assert (table["transcriptions"] == 2).sum() == len(CONFIRMED)
    assert table.loc[table["transcriptions"] == 2, "sources"].str.contains("index id").all()


def test_left_out_values_stay_out():
    """Not fixed factors or not confirmed: navigation SO2 (20 × S), road TSP-only PM, the 3.F
    field-burning table, the two regional 1.A.1.a natural-gas SO2 rows."""
    table = pollutant_factors()
    keys = set(zip(table["factor_id"], table["species"], strict=True))
    assert ("nav_mdo_mgo", "SO2") not in keys
    assert ("road_l_petrol", "PM2.5") not in keys
    assert ("1A1a_natural_gas", "SO2") not in keys
    mapping = pollutant_activities()
    straw = mapping[mapping["activity"] == "rice_straw_burnt"]
    assert straw["factor_id"].tolist() == [""]
