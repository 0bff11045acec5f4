"""What Municipium needs from the operating system, checked before anything slow.

`make run` and `make test` run this file with the system's Python before they create the
virtual environment (`python3 src/municipium/system_check.py`), so it uses the standard library
only and still parses on an older Python. When something is missing it prints one line naming
the Debian/Ubuntu packages to install and exits with 1:

    Missing system packages: install them with: sudo apt-get install libmagic1 libpango-1.0-0

The same function feeds the Django system check (`registry/checks.py`), so `municipium check`
and `municipium serve` say it on a server too. Tesseract (OCR) is optional and not checked
here: the document page says when it is missing.
"""

from __future__ import annotations

import argparse
import ctypes.util
import importlib.util
import sys
from collections.abc import Callable
from typing import NamedTuple

MINIMUM_PYTHON = (3, 11)


class Library(NamedTuple):
    name: str  # as ctypes.util.find_library knows it
    package: str  # the Debian/Ubuntu package that installs it
    needed_for: str


# WeasyPrint opens Pango and PangoFT2 (and, through their dependencies, GObject, HarfBuzz and
# Fontconfig, which the same packages install). python-magic opens libmagic.
LIBRARIES = (
    Library("magic", "libmagic1", "reading the type of uploaded files"),
    Library("pango-1.0", "libpango-1.0-0", "printing receipts and registry books"),
    Library("pangoft2-1.0", "libpangoft2-1.0-0", "printing receipts and registry books"),
)
ALL_PACKAGES = tuple(library.package for library in LIBRARIES)


def venv_package(version: tuple[int, ...] = tuple(sys.version_info[:2])) -> str:
    """Debian and Ubuntu ship `python3 -m venv` (its ensurepip) in a package of its own."""
    return f"python{version[0]}.{version[1]}-venv"


def loadable(name: str) -> str | None:
    """The library's file when it is installed and opens, as python-magic and WeasyPrint will
    open it; None otherwise (missing, or a broken file)."""
    found = ctypes.util.find_library(name)
    if not found:
        return None
    try:
        ctypes.CDLL(found)
    except OSError:
        return None
    return found


def _has_ensurepip() -> bool:
    return importlib.util.find_spec("ensurepip") is not None


def missing_libraries(
    find_library: Callable[[str], str | None] = loadable,
) -> list[Library]:
    return [library for library in LIBRARIES if not find_library(library.name)]


def missing_packages(
    find_library: Callable[[str], str | None] = loadable,
    *,
    need_venv: bool = False,
    has_ensurepip: Callable[[], bool] = _has_ensurepip,
) -> list[str]:
    """The packages to install, in a stable order; empty when nothing is missing."""
    packages = [library.package for library in missing_libraries(find_library)]
    if need_venv and not has_ensurepip():
        packages.insert(0, venv_package())
    return packages


def install_line(packages: list[str] | tuple[str, ...]) -> str:
    return "Missing system packages: install them with: sudo apt-get install " + " ".join(packages)


def main(
    argv: list[str] | None = None,
    *,
    find_library: Callable[[str], str | None] = loadable,
    version: tuple[int, ...] = tuple(sys.version_info[:3]),
) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--venv", action="store_true", help="also check that `python3 -m venv` works"
    )
    parser.add_argument(
        "--names",
        action="store_true",
        help="print only the names of the missing packages (for scripts) and exit 0",
    )
    options = parser.parse_args(argv)
    if tuple(version[:2]) < MINIMUM_PYTHON:
        print(
            "Municipium needs Python {}.{} or newer, this is {}: install it and run "
            "`make PYTHON=python3.11 …`".format(*MINIMUM_PYTHON, ".".join(map(str, version)))
        )
        return 1
    packages = missing_packages(find_library, need_venv=options.venv)
    if options.names:
        if packages:
            print(" ".join(packages))
        return 0
    if packages:
        print(install_line(packages))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
