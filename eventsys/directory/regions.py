"""Regions of countries: UN M49 (data/m49.csv, data/m49_names.csv).

The two files were made from ICU's region containment (which follows UN M49)
with the UN's English names of the subregions; region is the continent
(002 Africa, 009 Oceania, 019 Americas, 142 Asia, 150 Europe).
"""

import csv
import functools
from pathlib import Path

from flask_babel import lazy_gettext as _l

DATA = Path(__file__).resolve().parent / "data"


@functools.cache
def _countries() -> dict[str, tuple[str, str]]:
    with (DATA / "m49.csv").open(encoding="utf-8", newline="") as handle:
        return {
            r["code"]: (r["subregion"], r["region"]) for r in csv.DictReader(handle)
        }


@functools.cache
def _names() -> dict[str, dict[str, str]]:
    with (DATA / "m49_names.csv").open(encoding="utf-8", newline="") as handle:
        return {r["m49"]: r for r in csv.DictReader(handle)}


def region_of(country: str) -> str:
    """The M49 code of the country's continent ("" when unknown)."""
    return _countries().get((country or "").upper(), ("", ""))[1]


def subregion_of(country: str) -> str:
    return _countries().get((country or "").upper(), ("", ""))[0]


def countries_in(m49: str) -> list[str]:
    """ISO codes of the countries in a region or subregion."""
    return sorted(c for c, pair in _countries().items() if m49 in pair)


def name(m49: str, language: str = "en") -> str:
    row = _names().get(m49)
    if row is None:
        return m49
    return row.get(language) or row["en"]


def regions() -> list[str]:
    return sorted({pair[1] for pair in _countries().values()})


def subregions() -> list[str]:
    return sorted({pair[0] for pair in _countries().values()})


# IOM's nine regional offices (data/iom_regions.csv: ISO code -> office).
# Checked on 2 December 2026 against IOM's own pages: the nine offices and
# their names (iom.int "Countries"), Nairobi's ten countries and Pretoria's
# fifteen (the two regional offices' pages), and on 3 December Dakar's 23;
# Réunion and Mayotte moved from Nairobi to Brussels with France, Gibraltar
# from Vienna to Brussels; other territories go by geography. The rest
# follows the M49 subregions, with the EU to Brussels and the South Caucasus
# and Türkiye to Vienna, not checked country by country (docs/directory.md
# lists what was not).
IOM_OFFICES = {
    "Bangkok": _l("Asia and the Pacific (Bangkok)"),
    "Brussels": _l("European Economic Area, European Union and NATO (Brussels)"),
    "Buenos Aires": _l("South America (Buenos Aires)"),
    "Cairo": _l("Middle East and North Africa (Cairo)"),
    "Dakar": _l("West and Central Africa (Dakar)"),
    "Nairobi": _l("East and Horn of Africa (Nairobi)"),
    "Pretoria": _l("Southern Africa (Pretoria)"),
    "San José": _l("Central America, North America and the Caribbean (San José)"),
    "Vienna": _l("South-Eastern Europe, Eastern Europe and Central Asia (Vienna)"),
}


@functools.cache
def _offices() -> dict[str, str]:
    with (DATA / "iom_regions.csv").open(encoding="utf-8", newline="") as handle:
        return {r["code"]: r["regional_office"] for r in csv.DictReader(handle)}


def iom_office_of(country: str) -> str:
    return _offices().get((country or "").upper(), "")
