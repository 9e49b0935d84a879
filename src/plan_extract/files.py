"""Output files written all or none. Apart from the plan's own formats (`export`), so that the
extract command's parent process, which only writes what its workers send back, imports no
model, stage or review to do it."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_texts(out_dir: str | Path, texts: Mapping[str, str | bytes]) -> list[Path]:
    """Write each named text into `out_dir`, all or none: every text goes to a temporary file
    beside its target, and only when all are complete are they renamed over the targets (a
    target that is a folder fails before any rename). A failure removes the temporaries and
    nothing else, so the previous run's outputs stay whole."""
    out_dir = Path(out_dir)
    targets = [out_dir / name for name in texts]
    for target in targets:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for target, text in zip(targets, texts.values(), strict=True):
            staged.append((_stage(target, text), target))
        while staged:
            temporary, target = staged[0]
            os.replace(temporary, target)
            staged.pop(0)
    finally:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
    return targets


def write_atomic(path: Path, text: str) -> None:
    write_texts(path.parent, {path.name: text})


def _stage(target: Path, text: str | bytes) -> str:
    """A complete temporary copy of `text` (UTF-8, or bytes as they are: a picture) beside
    `target` (a short name of its own: the target's name may already be as long as the file
    system allows)."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".plan-extract-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would hide the output
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
