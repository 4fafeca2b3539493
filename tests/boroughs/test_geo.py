import csv
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from boroughs.geo import (
    OUTCODES_CSV,
    POSTCODES_CSV,
    Location,
    distance_km,
    normalise_postcode,
    outcode_of,
    postcode_location,
    postcodes_load,
)
from boroughs.models import Outcode, Postcode

pytestmark = pytest.mark.django_db

# Real rows from the shipped files (OS Code-Point Open, 2014), in their own column order.
POSTCODE_HEADER = (
    "postcode,positional_quality,easting,northing,latitude,longitude,lad_code,ward_code_2014"
)
POSTCODE_ROWS = [
    "BR1 1AB,10,540260,169398,51.40627,0.01518,E09000006,E05000109",
    "CR0 1EA,10,532346,165324,51.37156,-0.10005,E09000008,E05000153",
    "CR0 1NX,10,532373,165441,51.3726,-0.09962,E09000008,E05000153",
    "SE6 4RU,10,537641,173645,51.44508,-0.0208,E09000023,E05000451",
]
OUTCODE_HEADER = (
    "outcode,postcode_area,n_postcodes,mean_easting,mean_northing,latitude,longitude,"
    "main_lad_code,main_lad_name,main_lad_share,lad_codes_with_counts"
)
OUTCODE_ROWS = [
    "BR1,BR,1295,540634,170030,51.411859,0.0208,E09000006,Bromley,0.798,E09000006:1034;E09000023:261",
    "CR0,CR,2616,533964,165534,51.373069,-0.076743,E09000008,Croydon,0.959,E09000008:2508;E09000029:108",
    "SE6,BR,861,537958,172909,51.438389,-0.016537,E09000023,Lewisham,1.0,E09000023:861",
]


@pytest.fixture
def slice_paths(tmp_path):
    postcodes, outcodes = tmp_path / "postcodes.csv", tmp_path / "outcodes.csv"
    postcodes.write_text("\n".join([POSTCODE_HEADER, *POSTCODE_ROWS]) + "\n", encoding="utf-8")
    outcodes.write_text("\n".join([OUTCODE_HEADER, *OUTCODE_ROWS]) + "\n", encoding="utf-8")
    return {"postcodes_path": postcodes, "outcodes_path": outcodes}


@pytest.fixture
def loaded_slice(slice_paths):
    postcodes_load(**slice_paths)


def data_rows(path) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cr01nx", "CR0 1NX"),
        ("  cr0   1nx ", "CR0 1NX"),
        ("SW1A1AA", "SW1A 1AA"),
        ("e1 6an", "E1 6AN"),
        ("ec1a 1bb", "EC1A 1BB"),
    ],
)
def test_a_postcode_in_any_spacing_and_case_is_normalised(text, expected):
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "rubbish", "CR0", "CR0 1N", "1CR 0NX", "CR0 1NXX", "CR0-1NX"]
)
def test_text_that_is_not_a_postcode_normalises_to_none(text):
    assert normalise_postcode(text) is None


def test_the_outcode_is_the_part_before_the_space():
    assert outcode_of("cr01nx") == "CR0"
    assert outcode_of("SW1A 1AA") == "SW1A"
    with pytest.raises(ValueError):
        outcode_of("rubbish")


def test_loading_twice_leaves_the_same_rows(slice_paths):
    assert postcodes_load(**slice_paths) == (4, 3)
    assert postcodes_load(**slice_paths) == (4, 3)
    assert Postcode.objects.count() == 4
    assert Outcode.objects.count() == 3
    bromley = Outcode.objects.get(outcode="BR1")
    assert bromley.boroughs == "E09000006:1034;E09000023:261"
    assert bromley.ons_codes == ["E09000006", "E09000023"]


def test_a_corrected_file_updates_the_rows_in_place(slice_paths, loaded_slice):
    path = slice_paths["postcodes_path"]
    path.write_text(path.read_text().replace("51.3726,-0.09962", "51.37261,-0.09963"))
    postcodes_load(**slice_paths)
    assert Postcode.objects.count() == 4
    moved = Postcode.objects.get(postcode="CR0 1NX")
    assert (moved.latitude, moved.longitude) == (Decimal("51.37261"), Decimal("-0.09963"))


def test_a_known_postcode_is_found_at_postcode_precision(loaded_slice):
    assert postcode_location("cr0 1nx") == Location(
        Decimal("51.37260"), Decimal("-0.09962"), precision="postcode"
    )


def test_an_unknown_postcode_falls_back_to_its_outcode_centroid(loaded_slice):
    # CR0 9ZZ is not in the 2014 data, like a postcode created since; CR0's centroid is
    # 51.373069, -0.076743, stored to five places.
    assert postcode_location("CR0 9ZZ") == Location(
        Decimal("51.37307"), Decimal("-0.07674"), precision="outcode"
    )


def test_a_postcode_in_an_unknown_outcode_or_not_a_postcode_has_no_location(loaded_slice):
    assert postcode_location("ME1 1AA") is None  # Rochester, outside London
    assert postcode_location("rubbish") is None


def test_distance_between_croydon_and_bromley_is_right_to_a_tenth_of_a_km():
    # CR0 1NX (51.3726, -0.09962) to BR1 1AB (51.40627, 0.01518), on a sphere of R = 6371 km:
    # a degree is 2 * pi * 6371 / 360 = 111.1949 km; north 0.03367 deg = 3.7439 km; east
    # 0.11480 deg * 111.1949 * cos(51.38944 deg = mean latitude) 0.62402 = 7.9658 km;
    # sqrt(3.7439^2 + 7.9658^2) = 8.8017 km. pyproj's geodesic on the same sphere: 8.80174 km
    # (on the WGS84 ellipsoid 8.825 km, and from the OS grid references 8.824 km).
    croydon = Location(Decimal("51.37260"), Decimal("-0.09962"), "postcode")
    bromley = Location(Decimal("51.40627"), Decimal("0.01518"), "postcode")
    assert distance_km(croydon, bromley) == Decimal("8.8")
    assert distance_km(bromley, croydon) == Decimal("8.8")
    assert distance_km(croydon, croydon) == Decimal("0.0")


def test_distance_between_loaded_postcodes_uses_their_locations(loaded_slice):
    between = distance_km(postcode_location("CR0 1NX"), postcode_location("BR1 1AB"))
    assert between == Decimal("8.8")


def test_a_bad_row_names_its_line_and_saves_nothing(slice_paths):
    path = slice_paths["postcodes_path"]
    path.write_text(path.read_text() + "NOT A POSTCODE,10,0,0,51.1,0.1,E09000006,E05000109\n")
    with pytest.raises(ValueError, match="line 6"):
        postcodes_load(**slice_paths)
    assert not Outcode.objects.exists()
    assert not Postcode.objects.exists()


def test_the_command_loads_every_row_of_the_shipped_files():
    postcodes, outcodes = data_rows(POSTCODES_CSV), data_rows(OUTCODES_CSV)
    assert (postcodes, outcodes) == (64_098, 313)  # as the data README says
    out = StringIO()
    call_command("load_postcodes", stdout=out, verbosity=0)
    assert "Loaded 64,098 postcodes and 313 outcodes" in out.getvalue()
    assert Postcode.objects.count() == postcodes
    assert Outcode.objects.count() == outcodes
    assert postcode_location("SE6 4RU").precision == "postcode"
