"""Text extraction in a child process with a time and a memory limit.

The parsers (pypdf, pypdfium2, the XML of office files) run on files from outside. A PDF whose
structure makes a parser loop, or a file that makes it allocate without end, must cost at most
the limit and one failed extraction with its reason — never the worker that runs it. The child
is `python -m municipium.search.sandbox`: the file on its standard input, the result as JSON on
its standard output. It needs the settings, not the database.

Limits: MUNICIPIUM_EXTRACT_TIMEOUT seconds (wall clock, OCR included) and
MUNICIPIUM_EXTRACT_MEMORY_MB of address space (Tesseract, its grandchild, inherits it).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from .extractors import Extracted, ExtractionFailed, OcrUnavailable


def extract_in_child(data: bytes, mime: str) -> Extracted:
    """extractors.extract_text, in a child process under the limits. Raises ExtractionFailed
    (or OcrUnavailable) with the reason, also when the limits stop the child."""
    env = {
        **os.environ,
        # The settings the extraction reads, as this process has them.
        "MUNICIPIUM_TESSERACT": settings.TESSERACT,
        "MUNICIPIUM_OCR_LANGUAGES": settings.OCR_LANGUAGES,
    }
    timeout = settings.EXTRACT_TIMEOUT
    try:
        result = subprocess.run(  # noqa: S603 — our own module, with this interpreter
            [
                sys.executable,
                "-m",
                "municipium.search.sandbox",
                mime,
                translation.get_language() or "",
                str(settings.EXTRACT_MEMORY_MB),
            ],
            input=data,
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExtractionFailed(
            _("Reading the file took longer than %(seconds)s seconds and was stopped.")
            % {"seconds": timeout}
        ) from None
    try:
        outcome = json.loads(result.stdout) if result.returncode == 0 else None
    except ValueError:
        outcome = None
    if not isinstance(outcome, dict):
        last = (result.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:]
        raise ExtractionFailed(
            _("The reader of the file stopped: %(error)s")
            % {"error": (last[0][:300] if last else f"exit status {result.returncode}")}
        )
    if "failed" in outcome:
        kind = OcrUnavailable if outcome.get("unavailable") else ExtractionFailed
        raise kind(str(outcome["failed"]))
    return Extracted(str(outcome.get("text", "")), ocr=bool(outcome.get("ocr")))


def _main(mime: str, language: str, memory_mb: int) -> None:
    # The limit is set here, first, rather than between fork and exec: the worker that
    # starts the child runs threads.
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import django

    django.setup()
    from .extractors import extract_text

    data = sys.stdin.buffer.read()
    with translation.override(language or None):
        try:
            extracted = extract_text(data, mime)
            outcome: dict[str, Any] = {"text": extracted.text, "ocr": extracted.ocr}
        except OcrUnavailable as exc:
            outcome = {"failed": str(exc), "unavailable": True}
        except ExtractionFailed as exc:
            outcome = {"failed": str(exc)}
    sys.stdout.write(json.dumps(outcome))


if __name__ == "__main__":
    _main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
