"""Artifact storage: the same interface on a local directory and on an S3-compatible
server (moto's server mode, a real HTTP server in a subprocess)."""

import hashlib
import os

import pytest
import requests
from private_redis import free_port

from app.services.storage import LocalStore, S3Store, StorageError

pytestmark = pytest.mark.integration


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalStore(tmp_path)
    return S3Store("artifacts", request.getfixturevalue("s3_endpoint"))


def test_a_stored_object_reads_back_whole(store):
    data = os.urandom(200_000)
    stored = store.put("workspaces/w1/a.zip", data)
    assert stored.size == len(data)
    assert store.exists("workspaces/w1/a.zip")
    assert b"".join(store.open("workspaces/w1/a.zip")) == data


def test_writing_the_same_key_twice_keeps_one_object(store):
    store.put("workspaces/w1/same.zip", b"one")
    store.put("workspaces/w1/same.zip", b"one")
    assert b"".join(store.open("workspaces/w1/same.zip")) == b"one"


def test_a_missing_key_does_not_exist_and_deleting_it_is_harmless(store):
    assert not store.exists("workspaces/w1/missing.zip")
    store.delete("workspaces/w1/missing.zip")


def test_a_deleted_object_is_gone(store):
    store.put("workspaces/w1/gone.zip", b"x")
    store.delete("workspaces/w1/gone.zip")
    assert not store.exists("workspaces/w1/gone.zip")


@pytest.mark.parametrize("key", ["../escape.zip", "/abs.zip", "a//b.zip", ""])
def test_keys_cannot_leave_the_store(store, key):
    with pytest.raises(ValueError, match="Not a storage key"):
        store.put(key, b"x")


def test_a_presigned_url_downloads_the_object_as_an_attachment(s3_endpoint):
    store = S3Store("artifacts", s3_endpoint)
    store.put("workspaces/w1/p.zip", b"zipbytes")
    url = store.presigned_url("workspaces/w1/p.zip", "clinic-20261125-abcdef12.zip")
    response = requests.get(url, timeout=10)
    assert response.status_code == 200
    assert response.content == b"zipbytes"
    assert "clinic-20261125-abcdef12.zip" in response.headers["Content-Disposition"]


def test_an_unreachable_s3_server_raises_a_storage_error():
    store = S3Store("artifacts", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StorageError):
        store.put("workspaces/w1/x.zip", b"x")


def test_a_missing_bucket_raises_a_storage_error(s3_endpoint):
    with pytest.raises(StorageError, match="NoSuchBucket"):
        S3Store("no-such-bucket", s3_endpoint).put("workspaces/w1/x.zip", b"x")


def test_the_api_redirects_downloads_to_a_short_lived_s3_url(
    app, s3_endpoint, make_project, owner_api, workspace_path
):
    app.config.update(ARTIFACT_STORAGE="s3", S3_BUCKET="artifacts", S3_ENDPOINT_URL=s3_endpoint)
    app.extensions.pop("artifact_store", None)
    project = make_project()
    created = owner_api.post(f"{workspace_path}/projects/{project['id']}/generations")
    found = owner_api.get(created.headers["Location"]).get_json()
    assert found["status"] == "succeeded", found
    response = owner_api.get(found["download_url"])
    assert response.status_code == 302
    assert "X-Amz-Expires=300" in response.headers["Location"]
    fetched = requests.get(response.headers["Location"], timeout=10)
    assert hashlib.sha256(fetched.content).hexdigest() == found["sha256"]
    again = owner_api.get(
        found["download_url"], headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_deleting_a_prefix_removes_every_object_under_it_and_nothing_else(store):
    root = f"purge-{os.urandom(4).hex()}/"  # the bucket is shared by this module's tests
    for key in ("w1/a.zip", "w1/b.zip", "w10/c.zip"):
        store.put(root + key, b"zip")

    assert store.children(root) == ["w1", "w10"]
    assert store.delete_prefix(root + "w1/") == 2

    assert not store.exists(root + "w1/a.zip")
    assert not store.exists(root + "w1/b.zip")
    assert store.exists(root + "w10/c.zip")
    assert store.children(root) == ["w10"]
    assert store.delete_prefix(root + "w1/") == 0
