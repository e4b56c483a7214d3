"""Every activity kind once: the quantities it accepts and the sector module that computes it.

An activity key (``diesel``, ``other_cattle``, ``msw`` ...) has a kind in the factor library's
``activities.csv``; the kind decides which units an amount may carry and which module of
:mod:`ghg.sectors` computes the row. Adding a sector means one line here and a module with
``method(rows, context)`` (see ``docs/architecture.md``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One activity kind.

    ``module`` is the module of :mod:`ghg.sectors` holding its method (dotted below
    ``ghg.sectors``); ``quantities`` the unit quantities an amount may be given in (see
    :mod:`ghg.core.quantities`), and ``wording`` how an error message names them.
    """

    name: str
    module: str
    quantities: tuple[str, ...]
    wording: str

    @property
    def energy(self) -> bool:
        """Computed by the energy path (fuel combustion, purchased electricity)."""
        return self.module == "energy.method"


_KINDS = (
    Kind("fuel", "energy.method", ("mass", "volume", "heat"),
         "a mass (t, kt, Gg), a volume (l, m3) or a heat energy (TJ, GJ, toe)"),
    Kind("electricity", "energy.method", ("electric", "heat"), "an energy (kWh, MWh, GWh)"),
    Kind("livestock", "livestock.method", ("head",), "a number of animals (head)"),
    Kind("rice", "rice", ("area",), "a harvested area (ha)"),
    Kind("soil_n", "soils", ("mass",), "a mass of nitrogen (t, kg)"),
    Kind("urea", "soils", ("mass",), "a mass of urea (t)"),
    Kind("liming", "soils", ("mass",), "a mass of lime (t)"),
    Kind("crop_burning", "biomass_burning", ("area", "mass"),
         "an area burnt (ha) or a mass of dry matter burnt (t)"),
    Kind("land", "land", ("area",), "an area (ha)"),
    Kind("aquaculture", "aquaculture", ("mass",), "a production mass (t)"),
    Kind("swds", "waste.method", ("mass",), "a mass of waste deposited (t, kt, Gg)"),
    Kind("landfill_gas", "waste.method", ("mass",), "a mass of methane recovered (t)"),
    Kind("msw", "waste.method", ("population",), "a number of people (person)"),
    Kind("biological", "waste.method", ("mass",), "a mass of waste treated (t)"),
    Kind("incineration", "waste.method", ("mass",), "a mass of waste burnt (t)"),
    Kind("open_burning", "waste.method", ("mass",), "a mass of waste burnt (t)"),
    Kind("wastewater_domestic", "waste.wastewater", ("population",),
         "a number of people (person)"),
    Kind("wastewater_industrial", "waste.wastewater", ("mass",), "a mass of product (t)"),
    Kind("mineral", "ippu.mineral", ("mass",),
         "a mass of clinker, lime, or clay or carbonate (t)"),
    Kind("non_energy_product", "ippu.products", ("mass",), "a mass of product used (t, kg)"),
    Kind("refrigerant", "ippu.refrigeration", ("mass",),
         "a mass of refrigerant or fire-protection agent (kg, t)"),
)

#: Every activity kind the engine computes, by name.
KINDS: dict[str, Kind] = {kind.name: kind for kind in _KINDS}
#: Kinds computed by the energy path; every other kind goes to a sector method.
ENERGY_KINDS: tuple[str, ...] = tuple(k.name for k in _KINDS if k.energy)
#: Kinds computed by sector methods.
SECTOR_KINDS: tuple[str, ...] = tuple(k.name for k in _KINDS if not k.energy)


def kinds_of(module: str) -> tuple[str, ...]:
    """The kinds computed by one sector module.

    Examples
    --------
    >>> kinds_of("soils")
    ('soil_n', 'urea', 'liming')
    """
    return tuple(k.name for k in _KINDS if k.module == module)


def unit_fits(kind: str, quantity: str) -> bool | str:
    """``True`` if an activity of ``kind`` can be given in ``quantity``, else what is expected.

    Examples
    --------
    >>> unit_fits("fuel", "mass"), unit_fits("fuel", "electric")
    (True, 'a mass (t, kt, Gg), a volume (l, m3) or a heat energy (TJ, GJ, toe)')
    """
    entry = KINDS[kind]
    return True if quantity in entry.quantities else entry.wording
