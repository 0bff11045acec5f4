"""The documentation matches the code: every environment variable the settings read has a row in
docs/configuration.md, and every `municipium <command>` the docs show exists, with its options."""

from __future__ import annotations

import argparse
import ast
import json
import re
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "municipium"
SETTINGS = SOURCE / "settings.py"
DOCS = ROOT / "docs"
CONFIGURATION = DOCS / "configuration.md"
README = ROOT / "README.md"

ENV_HELPERS = frozenset({"env_str", "env_bool", "env_int", "env_list"})
OUR_VARIABLE = re.compile(r"^(MUNICIPIUM_\w+|DATABASE_URL)$")


def _is_os(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "os"


def _is_os_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and _is_os(node.value)


def _reads_environment(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in ENV_HELPERS
    if isinstance(func, ast.Attribute):
        if func.attr == "get" and _is_os_environ(func.value):
            return True
        return func.attr == "getenv" and _is_os(func.value)
    return False


class _EnvironmentReads(ast.NodeVisitor):
    """Names passed to env_*(), os.environ.get(), os.getenv() and os.environ[...]."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.unreadable: list[int] = []  # lines reading a variable whose name is not a literal
        self._function: list[str] = []

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._function.append(node.name)
        self.generic_visit(node)
        self._function.pop()

    def _name(self, node: ast.AST, line: int) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            self.names.add(node.value)
        elif not (self._function and self._function[-1] in ENV_HELPERS):
            self.unreadable.append(line)

    def visit_Call(self, node: ast.Call) -> None:
        if _reads_environment(node) and node.args:
            self._name(node.args[0], node.lineno)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if _is_os_environ(node.value) and isinstance(node.ctx, ast.Load):
            self._name(node.slice, node.lineno)
        self.generic_visit(node)


def environment_reads(path: Path) -> _EnvironmentReads:
    reads = _EnvironmentReads()
    reads.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return reads


def documented_variables() -> set[str]:
    """The names in the first column of the tables of docs/configuration.md."""
    names = set()
    for line in CONFIGURATION.read_text(encoding="utf-8").splitlines():
        if line.startswith("|"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names


def test_the_parser_finds_every_way_of_reading_a_variable(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        "def env_str(name, default=None):\n"
        "    return os.environ.get(name)\n"
        "A = env_str('ONE')\n"
        "B = env_bool('TWO', False) and env_int('THREE', 1) and env_list('FOUR')\n"
        "C = os.environ.get('FIVE') or os.getenv('SIX') or os.environ['SEVEN']\n"
        "D = env_str(PREFIX + 'EIGHT')\n"
    )
    reads = environment_reads(sample)
    assert reads.names == {"ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN"}
    assert reads.unreadable == [7]


def test_settings_read_every_variable_by_its_literal_name() -> None:
    reads = environment_reads(SETTINGS)
    assert reads.unreadable == [], f"settings.py lines {reads.unreadable}: use a literal name"
    assert "DATABASE_URL" in reads.names
    assert len(reads.names) >= 20


def test_every_variable_the_settings_read_has_a_row_in_configuration_md() -> None:
    missing = environment_reads(SETTINGS).names - documented_variables()
    assert not missing, f"document in docs/configuration.md: {sorted(missing)}"


def test_configuration_md_documents_no_variable_the_code_does_not_read() -> None:
    read_anywhere: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" not in path.parts:
            read_anywhere |= environment_reads(path).names
    documented = {name for name in documented_variables() if OUR_VARIABLE.match(name)}
    stale = documented - read_anywhere
    assert not stale, f"docs/configuration.md documents variables nothing reads: {sorted(stale)}"


# `municipium <command> [--option …]` in shell form. Not the user or group of that name: after
# `=` (`User=municipium`), before a path (`-g municipium docs/…`) or before the command itself
# (`createdb --owner municipium municipium`).
SHELL_FORM = re.compile(
    r"(?<![\w.:=@-])municipium[ \t]+(?!municipium\b)([a-z][a-z0-9_-]*)\b(?![/.:])([^\n`|;&#]*)"
)
# ["municipium", "<command>", "--option", …] in exec form (Dockerfile, compose).
EXEC_FORM = re.compile(r'\[\s*"municipium"((?:\s*,\s*"[^"\n]*")*)\s*\]')
FENCE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n(.*?)^[ \t]*\1", re.MULTILINE | re.DOTALL)
# A code span may run over one line break (not a blank line); Markdown shows it as a space.
INLINE_CODE = re.compile(r"(`+)((?:[^`\n]|\n(?![ \t]*\n))+?)\1")


def documentation_files() -> list[Path]:
    files = [README] if README.exists() else []
    files += sorted(path for path in DOCS.rglob("*") if path.is_file())
    return files


def code_in(path: Path) -> str:
    """Markdown: its code blocks and code spans only, not the prose. Other files: all of it."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".md":
        return text
    blocks = [match.group(2) for match in FENCE.finditer(text)]
    prose = FENCE.sub("", text)
    spans = [match.group(2).replace("\n", " ") for match in INLINE_CODE.finditer(prose)]
    return "\n".join(blocks + spans)


def documented_invocations() -> list[tuple[str, str, tuple[str, ...]]]:
    """(file, command, long options) for every `municipium …` shown in README.md and docs/."""
    found: dict[tuple[str, str, tuple[str, ...]], None] = {}
    for path in documentation_files():
        where = str(path.relative_to(ROOT))
        code = code_in(path)
        for match in SHELL_FORM.finditer(code):
            options = re.findall(r"(?:^|\s)(--[a-z][a-z0-9-]*)", match.group(2))
            found[where, match.group(1), tuple(options)] = None
        for match in EXEC_FORM.finditer(code):
            words = json.loads("[" + match.group(1).lstrip().lstrip(",") + "]")
            if words:
                options = [w.split("=")[0] for w in words[1:] if w.startswith("--")]
                found[where, words[0], tuple(options)] = None
    return list(found)


def option_strings(command: str) -> set[str]:
    """Every option of a management command, with those of its subcommands."""
    parser = load_command_class(get_commands()[command], command).create_parser(
        "municipium", command
    )
    options: set[str] = set()
    parsers = [parser]
    while parsers:
        current = parsers.pop()
        for action in current._actions:
            options.update(action.option_strings)
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
    return options


def test_the_docs_show_municipium_commands() -> None:
    commands = {command for _where, command, _options in documented_invocations()}
    assert {"serve", "worker", "migrate", "collectstatic", "createadmin", "audit"} <= commands


@pytest.mark.parametrize(
    ("where", "command", "options"),
    [
        pytest.param(where, command, options, id=" ".join([f"{where}:", command, *options]))
        for where, command, options in documented_invocations()
    ],
)
def test_every_documented_command_exists_with_its_options(
    where: str, command: str, options: tuple[str, ...]
) -> None:
    if command == "help":  # `municipium help` is answered by Django itself
        return
    assert command in get_commands(), f"{where}: `municipium {command}` is no command"
    unknown = set(options) - option_strings(command)
    assert not unknown, f"{where}: `municipium {command}` has no option {sorted(unknown)}"


def test_every_command_of_ours_is_documented() -> None:
    ours = {name for name, app in get_commands().items() if app.startswith("municipium")}
    documented = {command for _where, command, _options in documented_invocations()}
    missing = ours - documented
    assert not missing, f"document in README.md or docs/: {sorted(missing)}"
