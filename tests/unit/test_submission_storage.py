"""submissions.storage: the database and content-addressed file stores."""

from __future__ import annotations

import hashlib

import pytest

from fieldcollect.config import OpenRosaSettings
from fieldcollect.submissions.storage import BlobStore, StorageError, open_store


def test_database_store_keeps_bytes_in_the_row():
    stored = BlobStore("/nonexistent", in_database=True).put(b"abc")
    assert (stored.content, stored.key, stored.size) == (b"abc", None, 3)
    assert stored.md5 == hashlib.md5(b"abc").hexdigest()


def test_file_store_writes_once_by_sha256_and_reads_back(tmp_path):
    store = BlobStore(tmp_path, in_database=False)
    first, second = store.put(b"photo"), store.put(b"photo")
    key = hashlib.sha256(b"photo").hexdigest()
    assert first == second and first.key == key and first.content is None
    assert (tmp_path / key[:2] / key[2:4] / key).read_bytes() == b"photo"
    assert store.get(None, key) == b"photo"
    assert not list(tmp_path.rglob(".incoming-*"))


def test_file_store_reports_missing_and_changed_files(tmp_path):
    store = BlobStore(tmp_path, in_database=False)
    key = store.put(b"original").key
    (tmp_path / key[:2] / key[2:4] / key).write_bytes(b"tampered")
    with pytest.raises(StorageError, match="no longer"):
        store.get(None, key)
    with pytest.raises(StorageError, match="cannot be read"):
        store.get(None, "0" * 64)


def test_either_store_reads_rows_written_by_the_other(tmp_path):
    in_files = BlobStore(tmp_path, in_database=False)
    key = in_files.put(b"kept in files").key
    assert BlobStore(tmp_path, in_database=True).get(None, key) == b"kept in files"
    assert in_files.get(b"kept in the row", None) == b"kept in the row"


def test_open_store_defaults_to_instance_submissions(tmp_path):
    store = open_store(OpenRosaSettings(storage="files"), str(tmp_path))
    assert store.root == tmp_path / "submissions" and not store.in_database
