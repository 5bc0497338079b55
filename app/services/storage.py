"""Artifact storage behind one interface: a local directory (default) or an S3 bucket.

Keys are relative paths such as `workspaces/<id>/<sha256>.zip`. Writes are atomic (a
reader sees the whole object or nothing), so writing the same key twice is harmless.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from flask import current_app

PRESIGNED_SECONDS = 300


class StorageError(RuntimeError):
    """The store could not be reached or refused the operation; worth retrying later."""


@dataclass(frozen=True, slots=True)
class StoredObject:
    key: str
    size: int


class ArtifactStore(Protocol):
    def put(self, key: str, data: bytes) -> StoredObject: ...

    def exists(self, key: str) -> bool: ...

    def open(self, key: str) -> Iterator[bytes]: ...

    def local_path(self, key: str) -> Path | None: ...

    def presigned_url(self, key: str, filename: str) -> str | None: ...

    def delete(self, key: str) -> None: ...

    def delete_prefix(self, prefix: str) -> int: ...

    def children(self, prefix: str) -> list[str]: ...


def safe_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"Not a storage key: {key!r}")
    return key


def safe_prefix(prefix: str) -> str:
    """A folder of keys, spelt `a/b/`."""
    return safe_key(prefix.rstrip("/")) + "/"


class LocalStore:
    """Files under one directory; streamed by the web process itself."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / safe_key(key)

    def put(self, key: str, data: bytes) -> StoredObject:
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except OSError as error:
            raise StorageError(f"Cannot write {key}: {error.strerror or error}") from error
        return StoredObject(key=key, size=len(data))

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def open(self, key: str) -> Iterator[bytes]:
        try:
            with self._path(key).open("rb") as handle:
                yield from iter(lambda: handle.read(64 * 1024), b"")
        except OSError as error:
            raise StorageError(f"Cannot read {key}: {error.strerror or error}") from error

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    def presigned_url(self, key: str, filename: str) -> str | None:
        """Local files are streamed by the app itself: no URL to hand out."""
        del key, filename

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> int:
        """Delete every object under `prefix` (`a/b/`); how many there were."""
        folder = self._path(prefix.rstrip("/"))
        if not folder.is_dir():
            return 0
        count = sum(1 for path in folder.rglob("*") if path.is_file())
        try:
            shutil.rmtree(folder)
        except OSError as error:
            raise StorageError(f"Cannot delete {prefix}: {error.strerror or error}") from error
        return count

    def children(self, prefix: str) -> list[str]:
        """The names one level below `prefix` (`a/`)."""
        folder = self._path(prefix.rstrip("/"))
        return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


class S3Store:
    """An S3-compatible bucket; downloads go straight to it through presigned URLs."""

    def __init__(self, bucket: str, endpoint_url: str | None = None, client=None):
        if client is None:
            import boto3
            from botocore.config import Config

            client = boto3.client(
                "s3",
                endpoint_url=endpoint_url or None,
                config=Config(
                    signature_version="s3v4",
                    retries={"max_attempts": 2, "mode": "standard"},
                    connect_timeout=5,
                    read_timeout=30,
                ),
            )
        self.bucket = bucket
        self.client = client

    def _call(self, what: str, key: str, method, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return method(Bucket=self.bucket, Key=safe_key(key), **kwargs)
        except ClientError as error:
            raise StorageError(f"Cannot {what} {key}: {error.response['Error']['Code']}") from error
        except BotoCoreError as error:
            raise StorageError(f"Cannot {what} {key}: {error}") from error

    def put(self, key: str, data: bytes) -> StoredObject:
        self._call("write", key, self.client.put_object, Body=data, ContentType="application/zip")
        return StoredObject(key=key, size=len(data))

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=safe_key(key))
        except ClientError as error:
            if error.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return False
            raise StorageError(f"Cannot check {key}: {error.response['Error']['Code']}") from error
        return True

    def open(self, key: str) -> Iterator[bytes]:
        body = self._call("read", key, self.client.get_object)["Body"]
        yield from body.iter_chunks(64 * 1024)

    def local_path(self, key: str) -> Path | None:
        """Objects in a bucket have no local path."""
        del key

    def presigned_url(self, key: str, filename: str) -> str | None:
        return self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": safe_key(key),
                "ResponseContentDisposition": f'attachment; filename="{filename}"',
                "ResponseContentType": "application/zip",
            },
            ExpiresIn=PRESIGNED_SECONDS,
        )

    def delete(self, key: str) -> None:
        self._call("delete", key, self.client.delete_object)

    def _pages(self, prefix: str, **kwargs) -> Iterator[dict]:
        from botocore.exceptions import BotoCoreError, ClientError

        paginator = self.client.get_paginator("list_objects_v2")
        try:
            yield from paginator.paginate(Bucket=self.bucket, Prefix=safe_prefix(prefix), **kwargs)
        except (BotoCoreError, ClientError) as error:
            raise StorageError(f"Cannot list {prefix}: {error}") from error

    def delete_prefix(self, prefix: str) -> int:
        """Delete every object under `prefix` (`a/b/`), a thousand per request."""
        from botocore.exceptions import BotoCoreError, ClientError

        count = 0
        for page in self._pages(prefix):
            objects = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if not objects:
                continue
            try:
                answer = self.client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": objects, "Quiet": True}
                )
            except (BotoCoreError, ClientError) as error:
                raise StorageError(f"Cannot delete {prefix}: {error}") from error
            if answer.get("Errors"):
                raise StorageError(f"Cannot delete {prefix}: {answer['Errors'][0]}")
            count += len(objects)
        return count

    def children(self, prefix: str) -> list[str]:
        """The names one level below `prefix` (`a/`)."""
        names = []
        prefix = safe_prefix(prefix)
        for page in self._pages(prefix, Delimiter="/"):
            for common in page.get("CommonPrefixes", []):
                names.append(common["Prefix"][len(prefix) :].rstrip("/"))
            for item in page.get("Contents", []):
                names.append(item["Key"][len(prefix) :])
        return sorted(names)


def artifact_store() -> ArtifactStore:
    """The store the app is configured with (ARTIFACT_STORAGE = local or s3)."""
    config = current_app.config
    cached = current_app.extensions.get("artifact_store")
    if cached is not None:
        return cached
    if config["ARTIFACT_STORAGE"] == "s3":
        if not config["S3_BUCKET"]:
            raise StorageError("ARTIFACT_STORAGE is s3 but S3_BUCKET is not set.")
        store: ArtifactStore = S3Store(config["S3_BUCKET"], config["S3_ENDPOINT_URL"] or None)
    elif config["ARTIFACT_STORAGE"] == "local":
        store = LocalStore(config["ARTIFACT_DIR"])
    else:
        raise StorageError(
            f"ARTIFACT_STORAGE must be local or s3, not {config['ARTIFACT_STORAGE']!r}."
        )
    current_app.extensions["artifact_store"] = store
    return store
