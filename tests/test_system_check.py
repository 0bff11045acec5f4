"""On a fresh Debian or Ubuntu machine, `make run` and `make test` either work or stop at once
with one line naming the system packages to install; `municipium check` says the same."""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from municipium import system_check
from municipium.registry.checks import system_libraries
from municipium.system_check import loadable

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "src" / "municipium" / "system_check.py"
EVERY_LINE = (
    "Missing system packages: install them with: "
    "sudo apt-get install libmagic1 libpango-1.0-0 libpangoft2-1.0-0"
)


def nothing(name: str) -> str | None:
    return None


def only(*present: str):  # type: ignore[no-untyped-def]
    return lambda name: f"lib{name}.so.1" if name in present else None


def test_nothing_is_missing_on_this_machine() -> None:
    assert system_check.missing_packages(loadable) == []


def test_every_missing_library_is_named_by_its_debian_package() -> None:
    assert system_check.missing_packages(nothing) == [
        "libmagic1",
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
    ]
    assert system_check.missing_packages(only("magic", "pango-1.0")) == ["libpangoft2-1.0-0"]
    assert system_check.missing_packages(only("magic", "pango-1.0", "pangoft2-1.0")) == []


def test_the_venv_package_is_named_only_while_the_virtual_environment_is_still_to_be_made() -> None:
    every = only("magic", "pango-1.0", "pangoft2-1.0")
    assert system_check.missing_packages(every, has_ensurepip=lambda: False) == []
    missing = system_check.missing_packages(every, need_venv=True, has_ensurepip=lambda: False)
    assert missing == [f"python{sys.version_info[0]}.{sys.version_info[1]}-venv"]
    assert system_check.missing_packages(every, need_venv=True, has_ensurepip=lambda: True) == []


def test_the_check_prints_one_line_and_fails_when_something_is_missing() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        status = system_check.main([], find_library=nothing)
    assert status == 1
    assert out.getvalue() == EVERY_LINE + "\n"


def test_an_old_python_is_told_in_one_line() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        status = system_check.main([], find_library=nothing, version=(3, 10, 12))
    assert status == 1
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert "needs Python 3.11 or newer, this is 3.10.12" in lines[0]


def test_the_names_alone_are_printed_for_scripts() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        status = system_check.main(["--names"], find_library=only("magic"))
    assert status == 0
    assert out.getvalue() == "libpango-1.0-0 libpangoft2-1.0-0\n"


def test_the_script_runs_with_the_systems_python_before_any_install() -> None:
    # No Django, no virtual environment: the standard library only.
    result = subprocess.run(
        [sys.executable, "-I", str(SCRIPT), "--venv"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def _prerequisites(makefile: str, target: str) -> list[str]:
    match = re.search(rf"^{re.escape(target)}:([^\n]*)$", makefile, re.MULTILINE)
    assert match, f"no target {target}"
    return match.group(1).replace("|", " ").split()


def test_make_checks_the_system_before_anything_slow() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "src/municipium/system_check.py" in makefile.split("system-check:", 1)[1]
    # run needs install, test needs install-dev; both check first, and so does making the venv.
    assert _prerequisites(makefile, "run")[0] == "install"
    assert _prerequisites(makefile, "test")[0] == "install-dev"
    assert _prerequisites(makefile, "install")[0] == "system-check"
    assert _prerequisites(makefile, "install-dev")[0] == "system-check"
    assert "system-check" in _prerequisites(makefile, "$(BIN)/python")


def test_the_readme_gives_the_same_install_line() -> None:
    readme = (ROOT / "README.md").read_text()
    start = readme.split("## Start", 1)[1].split("\n## ", 1)[0]
    line = "sudo apt-get install python3-venv " + " ".join(system_check.ALL_PACKAGES)
    assert line == "sudo apt-get install python3-venv libmagic1 libpango-1.0-0 libpangoft2-1.0-0"
    assert f"\n{line}\n" in start


def test_ci_installs_what_the_check_asks_for() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    asked = ci.index("system_check.py --venv --names")
    assert asked < ci.index("apt-get install") < ci.index("\nmake test")


def test_municipium_check_stops_without_libmagic_and_warns_without_pango() -> None:
    assert system_libraries(find_library=loadable) == []

    (error,) = system_libraries(find_library=only("pango-1.0", "pangoft2-1.0"))
    assert (error.id, error.is_serious()) == ("municipium.E001", True)
    assert (
        error.hint == "Missing system packages: install them with: sudo apt-get install libmagic1"
    )

    (warning,) = system_libraries(find_library=only("magic"))
    assert (warning.id, warning.is_serious()) == ("municipium.W001", False)
    assert warning.hint is not None
    assert warning.hint.endswith("apt-get install libpango-1.0-0 libpangoft2-1.0-0")

    (both,) = system_libraries(find_library=nothing)
    assert both.id == "municipium.E001"
    assert both.hint == EVERY_LINE


# --- the same on a machine without the libraries: they are hidden in a mount namespace --------

LIBRARY_FILES = {"magic": "libmagic.so.1", "pango": "libpango-1.0.so.0"}


def _library_paths() -> dict[str, str]:
    """The real files of libmagic and Pango, from the dynamic linker's cache."""
    listed = subprocess.run(
        ["ldconfig", "-p"], capture_output=True, text=True, check=False
    ).stdout.splitlines()
    paths = {}
    for key, soname in LIBRARY_FILES.items():
        for line in listed:
            if line.strip().startswith(soname + " ") and "=>" in line:
                paths[key] = os.path.realpath(line.rsplit("=>", 1)[1].strip())
                break
    return paths


def _can_hide_libraries() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("make"):
        return False
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True, check=False)
    return probe.returncode == 0 and len(_library_paths()) == len(LIBRARY_FILES)


needs_namespace = pytest.mark.skipif(
    not _can_hide_libraries(), reason="needs root and `unshare --mount` to hide the libraries"
)


def _without(
    libraries: tuple[str, ...], command: str, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    """Run a shell command in a mount namespace where these libraries are empty files."""
    paths = _library_paths()
    hide = "".join(f"mount --bind /dev/null {shlex.quote(paths[name])} && " for name in libraries)
    environ = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    environ["MUNICIPIUM_VAR_DIR"] = str(tmp_path / "var")
    return subprocess.run(
        ["unshare", "--mount", "sh", "-c", hide + command],
        capture_output=True,
        text=True,
        env=environ,
        timeout=300,
        check=False,
    )


@needs_namespace
def test_make_run_stops_at_once_with_one_line_on_a_machine_without_them(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    result = _without(
        ("magic", "pango"),
        f"make --no-print-directory -C {shlex.quote(str(ROOT))} run VENV={shlex.quote(str(venv))}",
        tmp_path,
    )
    assert result.returncode != 0
    assert result.stdout == EVERY_LINE + "\n"
    assert not venv.exists(), "make went on to create the virtual environment"


@needs_namespace
def test_municipium_check_names_them_on_a_machine_without_them(tmp_path: Path) -> None:
    municipium = shlex.quote(str(Path(sys.executable).with_name("municipium")))
    without_magic = _without(("magic",), f"{municipium} check", tmp_path)
    assert without_magic.returncode == 1
    assert "(municipium.E001) libmagic is missing" in without_magic.stderr
    assert "sudo apt-get install libmagic1" in without_magic.stderr

    without_pango = _without(("pango",), f"{municipium} check", tmp_path)
    assert without_pango.returncode == 0, without_pango.stderr
    assert "(municipium.W001) Pango is missing" in without_pango.stderr


@needs_namespace
def test_without_pango_weasyprint_fails_the_way_the_pages_expect(tmp_path: Path) -> None:
    script = (
        "import django; django.setup()\n"
        "from django.utils import translation; translation.activate('en')\n"
        "from municipium.registry import exports\n"
        "try:\n"
        "    exports.pdf_check()\n"
        "except exports.PdfUnavailable as error:\n"
        "    print('unavailable:', error)\n"
    )
    result = _without(
        ("pango",), f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}", tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "unavailable: PDFs cannot be made on this server" in result.stdout
