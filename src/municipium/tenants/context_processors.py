from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

import municipium


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "MUNICIPIUM_VERSION": municipium.__version__,
        "DEBUG": settings.DEBUG,
        "scope": getattr(request, "scope", None),
    }
