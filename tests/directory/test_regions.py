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
