"""System checks of what the files need from the machine, for `municipium check` and every
command that runs the checks (`serve`, `worker`, `migrate`).

Without libmagic no file can be accepted (its type is read from its bytes), so that is an error:
the platform does not start. Without Pango only the PDFs (receipts, registry books) cannot be
made, so that is a warning, and those pages say it. Tesseract is not checked: it is optional
and the document page says when it is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core import checks

from municipium.system_check import install_line, loadable, missing_libraries


@checks.register(checks.Tags.compatibility)
def system_libraries(
    app_configs: Any = None,
    find_library: Callable[[str], str | None] = loadable,
    **kwargs: Any,
) -> list[checks.CheckMessage]:
    missing = missing_libraries(find_library)
    messages: list[checks.CheckMessage] = []
    if any(library.name == "magic" for library in missing):
        messages.append(
            checks.Error(
                "libmagic is missing: no uploaded file can be checked, so none is accepted.",
                hint=install_line([library.package for library in missing]),
                id="municipium.E001",
            )
        )
    elif missing:
        messages.append(
            checks.Warning(
                "Pango is missing: receipts and registry books cannot be printed as PDF.",
                hint=install_line([library.package for library in missing]),
                id="municipium.W001",
            )
        )
    return messages


@checks.register(checks.Tags.compatibility, deploy=True)
def object_storage(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """With MUNICIPIUM_STORAGE=s3, `municipium check --deploy` asks the bucket whether these
    keys may use it (a request to the object store, so only with --deploy)."""
    from botocore.exceptions import BotoCoreError, ClientError
    from django.core.files.storage import storages

    from .storage import S3BlobStorage

    storage = storages["default"]
    if not isinstance(storage, S3BlobStorage):
        return []
    try:
        storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
    except (BotoCoreError, ClientError) as error:
        return [
            checks.Error(
                f"The bucket {storage.bucket_name!r} cannot be used: {error}",
                hint="Check MUNICIPIUM_S3_BUCKET, MUNICIPIUM_S3_ENDPOINT_URL and the keys.",
                id="municipium.E002",
            )
        ]
    return []
