"""Where raw submission bytes are kept: in the database row, or in a content-addressed file store.

The file store names each file by the SHA-256 of its bytes (root/ab/cd/abcd…), so identical
photos are kept once and a file is never overwritten with other content. A file is written to a
temporary name, fsync'd and renamed before the row that points to it is committed: once the
phone hears "201", the bytes are on disk.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fieldcollect.config import OpenRosaSettings


class StorageError(Exception):
    """Stored bytes cannot be read back (missing file or changed content)."""


@dataclass(frozen=True)
class StoredBytes:
    content: bytes | None  # the bytes, when kept in the database
    key: str | None  # the file store key, when kept in files
    md5: str
    size: int


class BlobStore:
    """Put bytes in the database row or the file store; read them back from either."""

    def __init__(self, root: Path, in_database: bool):
        self.root = Path(root)
        self.in_database = in_database

    def put(self, data: bytes) -> StoredBytes:
        """Store data and return where it went, with its md5 and size."""
        md5 = hashlib.md5(data).hexdigest()
        if self.in_database:
            return StoredBytes(content=data, key=None, md5=md5, size=len(data))
        key = hashlib.sha256(data).hexdigest()
        path = self._path(key)
        if not path.exists():
            _write_durably(path, data)
        return StoredBytes(content=None, key=key, md5=md5, size=len(data))

    def get(self, content: bytes | None, key: str | None) -> bytes:
        """Return the bytes a row holds in content, or in the file named by key."""
        if content is not None:
            return content
        if not key:
            raise StorageError("the row holds neither bytes nor a file store key")
        try:
            data = self._path(key).read_bytes()
        except OSError as error:
            raise StorageError(f"stored file {key} cannot be read: {error.strerror}") from None
        if hashlib.sha256(data).hexdigest() != key:
            raise StorageError(f"stored file {key} no longer has the content it was stored with")
        return data

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / key[2:4] / key


def open_store(settings: OpenRosaSettings, instance_path: str) -> BlobStore:
    """Return the store the [openrosa] settings ask for (files default to instance/submissions)."""
    root = Path(settings.storage_dir) if settings.storage_dir else Path(instance_path) / "submissions"
    return BlobStore(root, in_database=settings.storage == "database")


def _write_durably(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # make the rename itself durable
    finally:
        os.close(directory)
