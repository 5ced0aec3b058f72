"""Photos are accepted by their content and kept with their pixels only (pure module)."""

import io

import pytest
from PIL import ExifTags, Image

from soslokal.workshops.photos import MAX_SIDE, PhotoRefused, Problem, clean_photo

MB = 1024 * 1024


def jpeg_with_gps(size=(64, 48), orientation=1):
    """A JPEG as a phone takes it: camera, time, GPS position and an orientation in EXIF."""
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.DateTime] = "2025:05:13 18:02:11"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (59.0, 12.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (9.0, 36.0, 10.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"taken at Gulset")
    return out.getvalue()


def png(size=(40, 30), mode="RGB"):
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def test_a_jpeg_keeps_its_pixels_and_loses_every_trace_of_gps_and_camera():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    clean = clean_photo(original, filename="IMG_0001.JPG", max_bytes=MB)
    stored = Image.open(io.BytesIO(clean.content))
    assert clean.format == "jpeg" and stored.format == "JPEG"
    assert not stored.getexif()
    assert "exif" not in stored.info and "comment" not in stored.info
    for trace in (b"Exif", b"SpyCam", b"2025:05:13", b"Gulset"):
        assert trace not in clean.content


def test_a_photo_is_turned_upright_before_its_orientation_tag_goes():
    clean = clean_photo(jpeg_with_gps(size=(64, 48), orientation=6), filename="a.jpg", max_bytes=MB)
    assert (clean.width, clean.height) == (48, 64)


def test_a_png_renamed_jpg_is_refused_and_named_for_what_it_is():
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(png(), filename="flipover.jpg", max_bytes=MB)
    assert refused.value.problem is Problem.WRONG_NAME
    assert (refused.value.found, refused.value.named) == ("png", ".jpg")


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7 not a photo", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"GIF89a" + b"\0" * 40],
    ids=["pdf", "svg", "gif"],
)
def test_what_is_not_a_jpeg_png_or_webp_is_refused_whatever_its_name(content):
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(content, filename="photo.jpg", max_bytes=MB)
    assert refused.value.problem is Problem.NOT_AN_IMAGE


def test_a_truncated_jpeg_is_refused():
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(jpeg_with_gps()[:300], filename="photo.jpg", max_bytes=MB)
    assert refused.value.problem is Problem.NOT_AN_IMAGE


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(b"\xff" * 2001, filename="photo.jpg", max_bytes=2000)
    assert refused.value.problem is Problem.TOO_BIG


def test_an_empty_file_is_refused():
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(b"", filename="photo.jpg", max_bytes=MB)
    assert refused.value.problem is Problem.EMPTY


def test_a_name_without_an_ending_is_judged_by_content_alone():
    assert clean_photo(png(), filename="scan", max_bytes=MB).format == "png"


def test_png_keeps_transparency_and_webp_stays_webp():
    clean = clean_photo(png(mode="RGBA"), filename="notes.png", max_bytes=MB)
    assert Image.open(io.BytesIO(clean.content)).mode == "RGBA"
    out = io.BytesIO()
    Image.new("RGB", (30, 20), "blue").save(out, "WEBP")
    webp = clean_photo(out.getvalue(), filename="board.webp", max_bytes=MB)
    assert webp.format == "webp" and webp.media_type == "image/webp" and webp.extension == "webp"


def test_a_large_photo_is_made_smaller():
    clean = clean_photo(png(size=(MAX_SIDE + 800, 100)), filename="wide.png", max_bytes=10 * MB)
    assert clean.width == MAX_SIDE and clean.height < 100


@pytest.mark.parametrize("mode", ["I;16", "I;16B"])
def test_a_grey_picture_of_more_than_8_bits_keeps_its_levels(mode):
    # A scanner's 16-bit grey: each level 256 times the 8-bit one. Converted as it is, every
    # level above 255 became white.
    image = Image.new(mode, (256, 4))
    image.putdata([level * 256 for level in range(256)] * 4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    cleaned = clean_photo(buffer.getvalue(), filename="scan.png", max_bytes=10**7)
    grey = Image.open(io.BytesIO(cleaned.content))
    assert grey.mode == "L"
    assert grey.getpixel((0, 0)) == 0
    assert abs(grey.getpixel((128, 0)) - 128) <= 1
    assert grey.getpixel((255, 0)) in (254, 255)
