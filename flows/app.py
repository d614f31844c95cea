"""The `candor` Typer app and what its commands share. Orchestration only."""

import os
import sys
import tempfile
from pathlib import Path

import typer
from rich.console import Console

from extractors.errors import CandorError

app = typer.Typer(
    name="candor",
    help=(
        "Candor reads RFPs and draft contracts (PDF, DOCX, Markdown, text), finds every "
        "service level and obligation, and tells a provider which ones it cannot keep.\n\n"
        "Rejected inputs end with `candor: error: CODE: message` on stderr and a non-zero "
        "exit status; CODE is one of encrypted, corrupt, unsupported, needs_ocr, too_large, "
        "not_found, invalid_profile, invalid_output, conflict, unavailable. Limits are settings: see `candor parse --help`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


@app.callback()
def candor() -> None:
    """Keeps every command a subcommand (`candor parse`, `candor extract`, ...)."""


def fail(error: CandorError, name: str | None = None) -> None:
    """One line on stderr; `name` says which input when there are several."""
    where = f"{name}: " if name and not error.message.startswith(name) else ""
    print(printable(f"candor: error: {error.code.value}: {where}{error.message}"), file=sys.stderr)


def printable(text: str) -> str:
    """File names and S3 keys come from strangers: control characters (terminal escape
    sequences, line breaks that fake a second message) are shown escaped, not obeyed."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def check_out(out: str | Path) -> None:
    """Refuse an --out that outputs cannot go into before any work is done: an existing
    file, or a folder under a file or where this user cannot write."""
    from extractors.errors import InvalidOutput

    if str(out).startswith("s3://"):
        return
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise InvalidOutput(f"{path}: --out names a file; give a folder (it is made if missing)")
    existing = next((p for p in (path, *path.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        raise InvalidOutput(f"{path}: {existing} is a file, so no folder can be made under it")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InvalidOutput(f"{path}: {existing} is not writable by this user")


# Settings and profiles that sit beside documents in a folder (examples/capacity.yaml).
NOT_DOCUMENTS = {".yaml", ".yml", ".json"}


def expand(inputs: list[Path]) -> list[Path]:
    """Files as given; folders give the files inside them, hidden ones and profiles skipped."""
    return [f for f, _ in expand_with_roots(inputs)]


def expand_with_roots(inputs: list[Path]) -> list[tuple[Path, Path | None]]:
    """expand(), each file with the folder argument it was found under (None if named)."""
    files: list[tuple[Path, Path | None]] = []
    for path in inputs:
        if path.is_dir():
            files.extend(
                (p, path) for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() not in NOT_DOCUMENTS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            files.append((path, None))
    return files


def labelled(inputs: list[Path]) -> list[tuple[Path, str]]:
    """expand(), each file with its label: the unique name its outputs go under."""
    from flows.labels import local_labels

    files = expand_with_roots(inputs)
    return list(zip([f for f, _ in files], local_labels(files)))


def write_once(path: Path, content: str | bytes) -> bool:
    """Write `content` to `path` atomically (a temporary file renamed into place, so a
    killed run never leaves half a file under the real name); leave an identical file
    alone. True if written. Temporary files a killed run left behind are removed."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_orphans(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".part")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    readable(tmp)
    os.replace(tmp, path)
    return True


def _remove_orphans(folder: Path) -> None:
    """`.NAME.PID.xxxx.part` files whose writer is gone (killed mid-write)."""
    for part in folder.glob(".*.part"):
        pid = part.name[: -len(".part")].rsplit(".", 2)[-2]
        if pid.isdigit() and not _alive(int(pid)):
            part.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def readable(path) -> None:
    """mkstemp makes files only their owner can read; outputs are for people to open."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)




def read_documents(files: list[Path], limits, isolate: bool):
    """Parse each file (in a child process unless told not to); yield (path, Document or
    CandorError). A rejected input is reported on stderr and the others go on; a read
    document's warnings (pages skipped or read in part) go to stderr too."""
    from extractors.isolate import parse_file_isolated
    from extractors.parse import parse_path

    reader = parse_file_isolated if isolate else parse_path
    for f in files:
        try:
            doc = reader(f, limits)
        except CandorError as e:
            fail(e)
            yield f, e
            continue
        for warning in doc.warnings:  # pages skipped or read in part: say so, or they are silently missed
            print(printable(f"candor: warning: {f.name}: {warning}"), file=sys.stderr)
        yield f, doc
