"""A folder reviewed as one bid package: one matrix (xlsx and csv) over every document
and a summary page linking each document's report (issue 17). Documents are added as
they are published, keeping only their matrix rows and counts, so a package of any size
holds one document at a time."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from flows.app import write_once
from infra import s3 as s3io
from pipeline.review import Outcome, review_date
from redline.matrix import matrix_csv_bytes, matrix_rows, matrix_xlsx, package_rows
from redline.report import package_html

FILES = ("matrix.xlsx", "matrix.csv", "report.html")


class Package:
    def __init__(self, out: str):
        self.out = out.rstrip("/")
        self.documents: list[tuple[str, list[dict]]] = []  # (label, matrix rows)
        self.entries: list[dict] = []  # the summary's rows
        self.about: dict[str, str] = {}

    def add(self, outcome: Outcome) -> None:
        """A published document: its rows and counts (call before it is released)."""
        rows = matrix_rows(outcome.document, outcome.commitments, outcome.findings, outcome.checked)
        self.documents.append((outcome.source.label, rows))
        counts = Counter("look" if f.needs_look else f.severity.value for f in outcome.findings)
        self.entries.append({"label": outcome.source.label, "report": self._report(outcome),
                             "mode": outcome.about.get("Mode", ""),
                             "commitments": len(outcome.commitments), **counts})
        self.about = self.about or {k: v for k, v in outcome.about.items() if k in ("Profile", "Date", "Version")}

    def failed(self, label: str, message: str) -> None:
        self.entries.append({"label": label, "report": None, "error": message})

    def _report(self, outcome: Outcome) -> str | None:
        return f"{outcome.source.label}/report.html" if "report.html" in outcome.files else None

    def files(self) -> dict[str, bytes]:
        rows = package_rows(self.documents)
        about = {"Package": f"{len(self.entries)} documents", **self.about}
        links = {"Compliance matrix (Excel)": "matrix.xlsx", "Compliance matrix (CSV)": "matrix.csv"}
        return {
            "matrix.xlsx": matrix_xlsx(rows, review_date(), about),
            "matrix.csv": matrix_csv_bytes(rows),
            "report.html": package_html(self.entries, about, links).encode(),
        }

    def publish(self, labels: set[str]) -> str | None:
        """Write the package's files to OUT/ (OUT/package/ when a document's label is
        one of their names); returns where, or None when there is nothing to write. On S3
        each document's set has its own matrix and report: the prefix holds output sets
        named by sha256 only, written once, so no package is written there."""
        if not self.documents or s3io.is_s3(self.out):
            return None
        files = self.files()
        folder = Path(self.out)
        if labels & set(FILES) or any(label.split("/")[0] in FILES for label in labels):
            folder = folder / "package"
            for entry in self.entries:
                if entry.get("report"):
                    entry["report"] = "../" + entry["report"]
            files = self.files()
        for name, body in files.items():
            write_once(folder / name, body)
        return str(folder)
