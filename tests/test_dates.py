from kamerqa.parsers.dates import dutch_date


def test_dutch_dates_as_printed():
    assert dutch_date("Den Haag, 16 december 2020") == "2020-12-16"
    assert dutch_date("(ontvangen 22\naugustus 2024)") == "2024-08-22"
    assert dutch_date("ontvangen 4 juni 2025)") == "2025-06-04"
    assert dutch_date("3 mrt. 2021") == "2021-03-03"
    assert dutch_date("3 JUNI 2021") == "2021-06-03"


def test_no_date_or_impossible_date():
    assert dutch_date("geen datum") is None
    assert dutch_date(None) is None
    assert dutch_date("31 februari 2021") is None
    assert dutch_date("31 februari 2021, verzonden 1 maart 2021") == "2021-03-01"
    assert dutch_date("resolutie 1325 (2000)") is None
