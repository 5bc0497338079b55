"""The zip of a generated project is deterministic."""

import hashlib
import io
import zipfile

from app.codegen.archive import archive

FILES = {"b.txt": b"two", "a/one.py": b"print(1)\n", "bin/run.sh": b"#!/bin/sh\n"}


def test_same_files_give_the_same_bytes():
    first = archive(FILES, "proj")
    second = archive(dict(reversed(list(FILES.items()))), "proj")
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_entries_are_sorted_under_the_top_folder_with_fixed_times():
    with zipfile.ZipFile(io.BytesIO(archive(FILES, "proj"))) as zf:
        infos = zf.infolist()
    assert [info.filename for info in infos] == ["proj/a/one.py", "proj/b.txt", "proj/bin/run.sh"]
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_scripts_are_executable_and_other_files_are_not():
    with zipfile.ZipFile(io.BytesIO(archive(FILES, "proj"))) as zf:
        modes = {info.filename: (info.external_attr >> 16) & 0o777 for info in zf.infolist()}
    assert modes == {"proj/a/one.py": 0o644, "proj/b.txt": 0o644, "proj/bin/run.sh": 0o755}
