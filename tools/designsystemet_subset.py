"""Build the subset of Designsystemet's CSS that SOSLOKAL's templates use.

    python3 tools/designsystemet_subset.py PACKAGE OUT COMPONENT...

PACKAGE is ``node_modules/@digdir/designsystemet-css``; OUT the folder to write to. Writes

- ``OUT/components.css``: the named component files of ``dist/src/`` (``button`` is
  ``button.css``), each in the cascade layer and in the order it has in the package's own
  ``index.css``, which the script reads to find both, so the subset cascades exactly as the
  whole library would;
- ``OUT/theme.css``: the package's default theme without the dark colour scheme and the
  secondary typography, which the site never selects (``data-color-scheme="light"`` on
  ``<html>``, no ``data-typography``).

Only the standard library: ``make assets`` runs it with any Python 3.
"""

import json
import re
import sys
from pathlib import Path

LAYER = re.compile(r"@layer ([\w.-]+)\{")
THEME_LAYERS_DROPPED = {"ds.theme.color-scheme.dark", "ds.theme.typography.secondary"}


def top_level_blocks(css: str) -> list[str]:
    """Split minified CSS into its top-level statements and blocks, braces in strings aside."""
    blocks, depth, start, quote = [], 0, 0, ""
    for index, char in enumerate(css):
        if quote:
            quote = "" if char == quote and css[index - 1] != "\\" else quote
        elif char in "\"'":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append(css[start : index + 1])
                start = index + 1
        elif char == ";" and depth == 0:
            blocks.append(css[start : index + 1])
            start = index + 1
    if depth or css[start:].strip():
        raise SystemExit("unbalanced CSS")
    return blocks


def components_css(package: Path, names: list[str]) -> str:
    src = package / "dist" / "src"
    index = (src / "index.css").read_text(encoding="utf-8")
    layers = index[: index.index(";") + 1]  # "@layer ds.theme, ds.base, ds.components;"
    placed = []
    for name in names:
        path = src / f"{name}.css"
        if not path.exists():
            raise SystemExit(f"{path} does not exist")
        css = path.read_text(encoding="utf-8").strip()
        at = index.find(css[:200])
        if at < 0:
            raise SystemExit(f"{path.name} is not part of index.css (an old alias?)")
        if not css.startswith("@layer"):
            css = f"@layer {LAYER.findall(index, 0, at)[-1]}{{{css}}}"  # the layer it is in there
        placed.append((at, name, css))
    placed.sort()
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    header = (
        f"/* @digdir/designsystemet-css {version} (MIT licence, see LICENSE beside this file),"
        f" the components SOSLOKAL uses: {', '.join(name for _at, name, _css in placed)} */\n"
    )
    return header + layers + "".join(css for _at, _name, css in placed) + "\n"


def theme_css(package: Path) -> str:
    css = (package / "dist" / "theme" / "designsystemet.css").read_text(encoding="utf-8")
    kept = []
    for block in top_level_blocks(css):
        layer = LAYER.match(block.strip())
        if not (layer and layer.group(1) in THEME_LAYERS_DROPPED):
            kept.append(block)
    return "".join(kept)


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        raise SystemExit(__doc__)
    package, out, names = Path(argv[0]), Path(argv[1]), argv[2:]
    out.mkdir(parents=True, exist_ok=True)
    (out / "components.css").write_text(components_css(package, names), encoding="utf-8")
    (out / "theme.css").write_text(theme_css(package), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
