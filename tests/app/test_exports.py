"""The download helpers: cells a spreadsheet would run are neutralised, and times Excel cannot
hold are given as English local time."""

from datetime import UTC, datetime

from app.exports import safe_cell


def test_formula_starts_are_neutralised():
    assert [safe_cell(v) for v in ("=1+1", "+44", "-3", "@SUM", "plain", 5)] == [
        "'=1+1", "'+44", "'-3", "'@SUM", "plain", 5]


def test_an_aware_time_becomes_the_local_time_in_england():
    summer = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
    winter = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    assert safe_cell(summer) == datetime(2026, 7, 1, 10, 30)
    assert safe_cell(winter) == datetime(2026, 12, 1, 9, 30)
    assert safe_cell(datetime(2026, 1, 1)).tzinfo is None
