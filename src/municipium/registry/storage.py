"""The S3-compatible backend of the file storage (MUNICIPIUM_STORAGE=s3): django-storages'
S3Storage with two changes for blobs that are legal originals.

- A key is written at most once. The upload is a conditional write (`If-None-Match: *`), so a
  key that exists — written a moment ago by another machine, or by anyone else — is never
  replaced: `BlobExists` is raised and the caller compares the bytes (`files.store_file`).
  Names are never changed to a free one either; a blob's key is its hash.
- A blob is read as a stream (`open_stream`), so a download is not first copied into the web
  worker's memory or disk.

The local default (MUNICIPIUM_STORAGE=local) is Django's FileSystemStorage, which already
creates files with O_EXCL and never writes over one.
"""

from __future__ import annotations

from typing import IO, Any

from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class BlobExists(FileExistsError):
    """The key already exists; nothing was written."""


def _status(error: ClientError) -> int:
    return int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))


class S3BlobStorage(S3Storage):
    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        # The key is the blob's hash: it is used as it is or not at all (see _save).
        return str(clean_name(name))

    def _save(self, name: str, content: Any) -> str:
        cleaned = clean_name(name)
        key = self._normalize_name(cleaned)
        params = self._get_write_parameters(key, content)
        body = getattr(content, "file", content)
        body.seek(0)
        try:
            self.connection.meta.client.put_object(
                Bucket=self.bucket_name, Key=key, Body=body, IfNoneMatch="*", **params
            )
        except ClientError as error:
            # 412: the key exists. 409: another conditional write to it is under way.
            if _status(error) in (409, 412):
                raise BlobExists(f"{key} exists in the bucket {self.bucket_name}") from error
            raise OSError(f"The bucket {self.bucket_name} refused {key}: {error}") from error
        except BotoCoreError as error:
            raise OSError(f"The bucket {self.bucket_name} cannot be reached: {error}") from error
        return str(cleaned)

    def open_stream(self, name: str) -> IO[bytes]:
        """The object's bytes as they arrive (botocore's StreamingBody: read(n), close())."""
        key = self._normalize_name(clean_name(name))
        try:
            response = self.connection.meta.client.get_object(Bucket=self.bucket_name, Key=key)
        except ClientError as error:
            if _status(error) == 404:
                raise FileNotFoundError(f"{key} is not in the bucket {self.bucket_name}") from error
            raise OSError(f"The bucket {self.bucket_name} refused {key}: {error}") from error
        except BotoCoreError as error:
            raise OSError(f"The bucket {self.bucket_name} cannot be reached: {error}") from error
        body: IO[bytes] = response["Body"]
        return body
