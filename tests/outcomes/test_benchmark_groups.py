"""The grouping behind benchmarks (outcomes.selectors.benchmark_groups), on its own: no database."""

import numpy as np
import pytest

from outcomes.selectors.benchmark_groups import _unique_rows


@pytest.mark.parametrize("big", [0, 2**61], ids=["packed", "too-wide-to-pack"])
def test_grouping_rows_finds_what_numpys_unique_does_in_the_same_order(big):
    rng = np.random.default_rng(5)
    table = rng.integers(0, 4, size=(200, 3))
    table[:, 0] += big  # with 2**61 the three columns no longer fit one int64
    found, inverse = _unique_rows(table)
    expected, expected_inverse = np.unique(table, axis=0, return_inverse=True)
    assert found.tolist() == expected.tolist()
    assert inverse.tolist() == expected_inverse.reshape(-1).tolist()
    assert (found[inverse] == table).all()
