"""Photos of what a city lab put on paper, made safe to keep (pure: no Django).

A photo is accepted by what it holds, never by its name or the type the browser claims: Pillow
must read it as JPEG, PNG or WebP, and a name that says another type (a PNG called ``.jpg``) is
refused, since such a file was renamed by someone and may not be what it seems. An accepted
photo is turned upright, made at most ``MAX_SIDE`` pixels on its longer side, and encoded again
from its pixels alone, so nothing of the original file survives: no EXIF (camera, time, GPS
position), XMP, IPTC, ICC profile or text chunks."""

import io
import warnings
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePath

from PIL import Image, ImageOps

MAX_SIDE = 4000  # enough to read every note on a sheet of flip-chart paper
MAX_PIXELS = 60_000_000  # larger pictures are refused before they are decoded
# Modes that shrink well as they are; a palette or 1-bit picture is converted first, since
# resizing it could only pick the nearest colours.
_RESIZED_AS_THEY_ARE = frozenset({"RGB", "RGBA", "L", "LA", "CMYK"})
FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}  # Pillow's name → ours
EXTENSIONS = {
    "jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"},
    "png": {".png"},
    "webp": {".webp"},
}
MEDIA_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


class Problem(Enum):
    """Why a photo was refused; the caller words it for people."""

    EMPTY = "empty"
    TOO_BIG = "too_big"
    NOT_AN_IMAGE = "not_an_image"
    WRONG_NAME = "wrong_name"
    TOO_MANY_PIXELS = "too_many_pixels"


class PhotoRefused(ValueError):
    def __init__(self, problem: Problem, *, found: str = "", named: str = "") -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.found = found  # the format the content is, when known ("png")
        self.named = named  # the extension the name gives (".jpg")


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    format: str  # jpeg, png or webp
    width: int
    height: int

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "jpeg" else self.format

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
    except (OSError, ValueError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise PhotoRefused(Problem.NOT_AN_IMAGE) from None
    return image


def _grey_8_bit(image: Image.Image) -> Image.Image:
    """A grey picture of more than 8 bits a pixel as 8 bits, its levels scaled down."""
    deep = image.convert("I")  # 32-bit integers, whatever the byte order of the file
    brightest = deep.getextrema()[1]  # one band: the darkest and brightest level
    deep_levels = isinstance(brightest, int | float) and brightest > 255
    scale = 255 / 65535 if deep_levels else 1  # 16-bit levels, or 8 in a wider mode
    return deep.point(lambda level: level * scale).convert("L")


def clean_photo(data: bytes, *, filename: str, max_bytes: int) -> CleanPhoto:
    """``data`` checked and encoded again without any metadata, or :class:`PhotoRefused`."""
    if not data:
        raise PhotoRefused(Problem.EMPTY)
    if len(data) > max_bytes:
        raise PhotoRefused(Problem.TOO_BIG)
    image = _open(data)
    kind = FORMATS.get(image.format or "")
    if kind is None:  # pragma: no cover - Image.open was limited to these formats
        raise PhotoRefused(Problem.NOT_AN_IMAGE)
    suffix = PurePath(filename).suffix.lower()
    if suffix and suffix not in EXTENSIONS[kind]:
        raise PhotoRefused(Problem.WRONG_NAME, found=kind, named=suffix)
    if image.width * image.height > MAX_PIXELS:
        raise PhotoRefused(Problem.TOO_MANY_PIXELS)
    try:
        if kind == "jpeg":
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode large JPEGs at a smaller scale
        image.load()
        ImageOps.exif_transpose(image, in_place=True)  # a large picture is not copied
    except (OSError, ValueError, SyntaxError):
        raise PhotoRefused(Problem.NOT_AN_IMAGE) from None
    if image.mode.startswith("I"):  # 16- or 32-bit grey: convert() would clip it to white
        image = _grey_8_bit(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha and kind != "jpeg" else "RGB"
    if image.mode == "L" and not has_alpha:
        mode = "L"
    if image.mode not in _RESIZED_AS_THEY_ARE:
        image = image.convert(mode)
    # Made smaller before it is converted, so no full-size copy is made: a 7000 × 7000 PNG
    # took 808 MB to clean when it was converted first.
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    converted = image.convert(mode)
    # A new picture holding the pixels and nothing else: no info, no EXIF, no profile.
    bare = Image.new(mode, converted.size)
    bare.paste(converted)
    out = io.BytesIO()
    if kind == "jpeg":
        bare.save(out, "JPEG", quality=88, optimize=True)
    elif kind == "png":
        bare.save(out, "PNG", optimize=True)
    else:
        bare.save(out, "WEBP", quality=85)
    return CleanPhoto(out.getvalue(), kind, bare.width, bare.height)
