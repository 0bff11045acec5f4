"""`municipium`: the platform's command line (Django's management commands, ours among them)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "municipium.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "municipium"

    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as error:
        print(f"municipium: configuration error: {error}", file=sys.stderr)
        sys.exit(2)

    from django.core.management import execute_from_command_line, get_commands

    command = argv[1] if len(argv) > 1 else ""
    is_name = bool(command) and not command.startswith("-") and command != "help"
    if is_name and command not in get_commands():
        print(f"municipium: unknown command {command!r} (see 'municipium help')", file=sys.stderr)
        sys.exit(2)
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
