"""Every list and table in a record is refused in one sentence when it holds too few or too
many entries, or is not a list (a table) at all: what a peer reads for a voice list, a café's
tables or plan, a list of records or a table keyed by records. Pure checks, no store."""

from __future__ import annotations

from typing import Any

import pytest

from beraad.core import schema
from beraad.core.schema import MAX_CAFE_ROUNDS, MAX_CAFE_TABLES, MAX_LIST, SchemaError

ENTRIES = "{field} must hold {minimum} to {maximum} entries"
ID = "a" * 64


@pytest.mark.parametrize(
    ("check", "value", "minimum", "maximum"),
    [
        (schema.voices, [], 1, MAX_LIST),
        (schema.voices, "Anja", 1, MAX_LIST),
        (schema.cafe_tables, [], 1, MAX_CAFE_TABLES),
        (schema.cafe_tables, {"question": "Why?"}, 1, MAX_CAFE_TABLES),
        (schema.cafe_plan, [[[0]]] * (MAX_CAFE_ROUNDS + 1), 1, MAX_CAFE_ROUNDS),
        (schema.id_list(2, 3), [ID], 2, 3),
        (schema.id_list(0, 1), [ID, "b" * 64], 0, 1),
        (schema.id_map(schema.record_id, 1), {}, 1, MAX_LIST),
    ],
)
def test_a_list_of_the_wrong_length_is_refused_in_one_sentence(
    check: Any, value: Any, minimum: int, maximum: int
) -> None:
    with pytest.raises(SchemaError) as refused:
        check(value, "body.x")
    assert refused.value.template == ENTRIES
    assert refused.value.params == {"field": "body.x", "minimum": minimum, "maximum": maximum}


def test_a_list_of_a_right_length_passes() -> None:
    schema.cafe_plan([[[0, 1]], [[1, 0]]], "body.plan")
    schema.id_list(1, 2)([ID], "body.ids")
    schema.id_map(schema.record_id, 1)({ID: ID}, "body.map")
