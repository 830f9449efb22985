"""The clamd client's reading of answers and addresses (no daemon needed)."""

import pytest

from eventsys.documents import scanning


def test_answers_are_read():
    assert scanning._parse("stream: OK") == scanning.ScanResult(clean=True)
    found = scanning._parse("stream: Win.Test.EICAR_HDB-1 FOUND")
    assert found == scanning.ScanResult(clean=False, signature="Win.Test.EICAR_HDB-1")
    with pytest.raises(scanning.ScannerUnavailable):
        scanning._parse("INSTREAM size limit exceeded. ERROR")
    with pytest.raises(scanning.ScannerUnavailable):
        scanning._parse("")


@pytest.mark.parametrize("address", ["nohost", "host:port", "/nonexistent/clamd.sock"])
def test_bad_or_absent_scanner_is_unavailable(address):
    with pytest.raises(scanning.ScannerUnavailable):
        scanning.scan(b"data", address)


def test_configured_address_is_stripped():
    assert scanning.scanner_address({"EVENTSYS_CLAMD": " 127.0.0.1:3310 "}) == (
        "127.0.0.1:3310"
    )
    assert scanning.scanner_address({}) == ""
