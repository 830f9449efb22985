"""IOM's regional offices as IOM lists them (the parts checked against its pages)."""

from eventsys.directory import regions


def _countries_of(office: str) -> set[str]:
    return {code for code, name in regions._offices().items() if name == office}


def test_nine_regional_offices_and_no_other():
    assert (
        set(regions._offices().values()) == set(regions.IOM_OFFICES)
        and len(regions.IOM_OFFICES) == 9
    )


def test_east_and_horn_of_africa_is_ten_countries():
    assert _countries_of("Nairobi") == {
        "BI", "DJ", "ER", "ET", "KE", "RW", "SO", "SS", "TZ", "UG"
    }  # fmt: skip


def test_southern_africa_is_fifteen_countries():
    assert _countries_of("Pretoria") == {
        "AO", "BW", "CD", "KM", "LS", "MG", "MU", "MW", "MZ", "NA", "SC", "SZ",
        "ZA", "ZM", "ZW",
    }  # fmt: skip


def test_french_overseas_departments_go_with_france():
    assert regions.iom_office_of("RE") == regions.iom_office_of("FR") == "Brussels"
    assert regions.iom_office_of("YT") == "Brussels"


def test_west_and_central_africa_is_twenty_three_countries():
    """rodakar.iom.int: the regional office "covers 23 countries"; Saint Helena,
    a territory, is listed by geography as the Caribbean and Pacific ones are."""
    states = _countries_of("Dakar") - {"SH"}
    assert states == {
        "BF", "BJ", "CF", "CG", "CI", "CM", "CV", "GA", "GH", "GM", "GN", "GQ",
        "GW", "LR", "ML", "MR", "NE", "NG", "SL", "SN", "ST", "TD", "TG",
    }  # fmt: skip
    assert len(states) == 23


def test_gibraltar_goes_with_western_europe():
    assert regions.iom_office_of("GI") == regions.iom_office_of("ES") == "Brussels"
