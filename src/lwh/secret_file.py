"""Files only their owner may read: the secrets the project keeps (the Brightspace refresh token,
the dashboard's admin password and secret key) and the files that carry them."""

from __future__ import annotations

import os
from pathlib import Path

from lwh.landing.journal import fsync_dir


def save_secret(path: Path, value: str) -> None:
    """Write a secret file atomically: a 0600 temporary file beside it, fsync, rename, fsync the folder."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (value + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)
