"""Which local authority a postcode is in: its own where the data says, else its outcode's main
one; the DfE LA number, as settings record it."""

import pytest

from boroughs.geo import postcode_la_code
from boroughs.models import Postcode

from .test_geo import loaded_slice, slice_paths  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_a_loaded_postcode_knows_its_own_local_authority(loaded_slice):  # noqa: F811
    assert Postcode.objects.get(postcode="SE6 4RU").lad_code == "E09000023"
    assert postcode_la_code("se64ru") == "209"  # Lewisham
    assert postcode_la_code("CR0 1NX") == "306"  # Croydon


def test_a_postcode_missing_from_the_data_takes_its_outcodes_main_authority(
    loaded_slice,  # noqa: F811
):
    assert postcode_la_code("BR1 9ZZ") == "305"  # Bromley has most of BR1


@pytest.mark.parametrize("text", ["not a postcode", "ZZ9 9ZZ", ""])
def test_no_local_authority_for_what_the_data_cannot_place(loaded_slice, text):  # noqa: F811
    assert postcode_la_code(text) is None
