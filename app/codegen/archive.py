"""Deterministic zip archives: same files in, same bytes out."""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
EXECUTABLE_SUFFIXES = (".sh",)
EXECUTABLE_DIRS = ("bin/", "scripts/")


def is_executable(path: str) -> bool:
    """True for scripts that need the executable bit."""
    return path.endswith(EXECUTABLE_SUFFIXES) or path.startswith(EXECUTABLE_DIRS)


def archive(files: dict[str, bytes], top: str) -> bytes:
    """Zip the files under the folder `top`, sorted, with fixed timestamps and modes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{top}/{path}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so external_attr carries the mode
            mode = 0o755 if is_executable(path) else 0o644
            info.external_attr = (0o100000 | mode) << 16
            zf.writestr(info, files[path], compresslevel=6)
    return buffer.getvalue()
