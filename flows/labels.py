"""The label of each input: the relative name its local outputs are filed under
(`OUT/<label>/`) and the CLI's summary shows. A document is its bytes and its place, never its file name
alone: `a/contract.md` and `b/contract.md` get two labels, and a name that comes from a
stranger (an S3 key) is made safe to use as a local path."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from extractors.parse import readable_name as readable

# Path separators, characters Windows refuses in names, and control characters.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\<>:"|?*]')
MAX_SEGMENT_BYTES = 120  # well under the 255 bytes a file name may take
MAX_LABEL_BYTES = 400  # several segments deep, still far from PATH_MAX under any --out


def safe_segment(name: str) -> str:
    """One path segment that cannot climb (`..`), hide (`.x`) or run over the file-name
    limit; a shortened name keeps its extension and gets a short hash of the original."""
    safe = _UNSAFE.sub("_", readable(name)).strip(" ")
    if safe.startswith("."):
        safe = "_" + safe[1:]
    safe = safe or "_"
    if len(safe.encode()) <= MAX_SEGMENT_BYTES:
        return safe
    stem, dot, ext = safe.rpartition(".")
    ext = f".{ext}" if dot and stem and len(ext.encode()) <= 10 else ""
    keep = (safe[: -len(ext)] if ext else safe).encode()[: MAX_SEGMENT_BYTES - 10 - len(ext.encode())]
    return f"{keep.decode(errors='ignore')}~{_short(name)}{ext}"


def label(parts: list[str], place: str) -> str:
    """The label of an input found at `parts` (its path below the folder or prefix that was
    named, or just its file name); `place` (its URI) tells it apart when it must be shortened."""
    joined = "/".join(safe_segment(p) for p in parts if p != "") or "_"
    if len(joined.encode()) > MAX_LABEL_BYTES:
        return f"{safe_segment(parts[-1] if parts else '')}~{_short(place)}"
    return joined


def unique(labels: list[str], places: list[str]) -> list[str]:
    """Labels no two inputs share (letter case aside: an --out on a case-insensitive disk),
    and none a folder of another (`x.pdf` and `x.pdf/y.md`): each clashing one gets a
    short hash of its place, so the same input keeps its label from run to run."""
    keys = [lab.casefold() for lab in labels]
    counts = Counter(keys)
    folders = {"/".join(parts[:i]) for k in keys for parts in [k.split("/")] for i in range(1, len(parts))}
    clash = {k for k in keys if counts[k] > 1 or k in folders}
    return [f"{lab}~{_short(place)}" if key in clash else lab for lab, key, place in zip(labels, keys, places)]


def local_parts(path: Path, root: Path | None) -> list[str]:
    """A local file's path below the folder argument it was found under, or its name."""
    return list(path.relative_to(root).parts) if root else [path.name]


def local_labels(files: list[tuple[Path, Path | None]]) -> list[str]:
    """Labels of local files, each with the folder argument it was found under (None for a
    file named directly)."""
    places = [f.resolve().as_uri() for f, _ in files]
    return unique([label(local_parts(f, root), place) for (f, root), place in zip(files, places)], places)


def _short(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
