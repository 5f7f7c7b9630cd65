"""A matrix tally reads each score sheet as the fold holds it, copying only what it must leave out.

Every arriving vote tallies the matrix again; copying each of five members' sheets (60 options ×
40 criteria) cell by cell to drop retracted options and criteria cost more than the tally of the
rows that changed. A sheet naming only live options and counted criteria is used as it is; one
naming a retracted option or criterion is copied without them."""

from __future__ import annotations

from beraad.core.tally import _counted_sheet


def test_a_sheet_of_counted_rows_is_read_as_it_is_and_one_with_others_is_copied_without_them():
    sheet = {"a": {"x": 3, "y": 4}, "b": {"x": 5}}
    assert _counted_sheet(sheet, {"a", "b", "c"}, {"x", "y"}) is sheet

    # Option b retracted, criterion y retracted: left out of a copy; the sheet is unchanged.
    assert _counted_sheet(sheet, {"a"}, {"x", "y"}) == {"a": {"x": 3, "y": 4}}
    assert _counted_sheet(sheet, {"a", "b"}, {"x"}) == {"a": {"x": 3}, "b": {"x": 5}}
    assert sheet == {"a": {"x": 3, "y": 4}, "b": {"x": 5}}
