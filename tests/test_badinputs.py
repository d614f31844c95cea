"""Every malformed or hostile file in ../shared/badinputs ends, within 60 s and 1 GiB,
with text or with the typed error its MANIFEST expects. No traceback, no hang."""

import csv
import resource
import subprocess
import sys
import time

import pytest

from extractors.errors import CandorError
from extractors.isolate import parse_file_isolated
from schemas import Limits
from tests.conftest import BADINPUTS, ROOT

TEXT = "text"
REJECT = ("corrupt", "unsupported", "too_large")  # "reject clearly": any of these
# What each file must end with. A tuple lists the acceptable outcomes; TEXT means the
# reader returns at least one block. Derived from MANIFEST.tsv's expected_behaviour.
EXPECT: dict[str, tuple[str, ...]] = {
    "pm_evil_xobjects.pdf": (TEXT, *REJECT),  # PDFium breaks the XObject cycle and reads it
    "pm_zen_corrupted.pdf": (TEXT, *REJECT),
    "pm_enc_aes256_r6.pdf": ("encrypted",),
    "pm_enc_rc4_40.pdf": ("encrypted",),
    "pm_enc_no_id.pdf": ("encrypted",),
    "pm_xref_stream_widths.pdf": (TEXT,),
    "pm_jbig2_image_only.pdf": ("needs_ocr",),
    "pm_non_unicode_cmap.pdf": (TEXT,),
    "pm_vertical_text.pdf": (TEXT,),
    "pm_acroform.pdf": (TEXT,),
    "pm_filters.pdf": (TEXT,),
    # The manifest hopes for text, but its page is an image: pdfplumber, pypdf and PDFium
    # all find no text layer, so needs_ocr is the truthful answer.
    "pm_tiff_predictor.pdf": ("needs_ocr",),
    "qp_bad1_5bytes.pdf": ("corrupt",),
    "qp_issue335b_23bytes.pdf": ("corrupt",),
    "qp_pages_loop.pdf": (TEXT, *REJECT),
    # 101 levels of page tree: PDFium and pypdf both refuse past 100, pdfplumber reads 0 chars.
    "qp_deep_pages.pdf": ("corrupt",),
    "qp_outlines_loop.pdf": (TEXT,),
    "qp_xref_prev_loop.pdf": (TEXT, *REJECT),
    "qp_bad_xref.pdf": (TEXT, *REJECT),
    "qp_xref_short_size.pdf": (TEXT,),
    "qp_damaged_stream.pdf": (TEXT, *REJECT),
    "qp_bad_encryption_length.pdf": ("encrypted", *REJECT),
    "qp_encrypted_with_images.pdf": ("encrypted", TEXT),
    "qp_nested_form_xobjects.pdf": (TEXT,),
    "qp_large_inline_image.pdf": ("needs_ocr", TEXT),  # one image, no text layer
    "qp_lin_large_alloc.pdf": (TEXT, *REJECT),
    "qp_hybrid_xref.pdf": (TEXT,),
    "qp_fuzz_70245_empty.pdf": ("corrupt",),
    "qp_fuzz_17630.pdf": REJECT,
    "qp_fuzz_15983.pdf": (*REJECT, "needs_ocr"),
    "qp_fuzz_388571629.pdf": REJECT,
    "qp_fuzz_69977e.pdf": REJECT,
    "qp_fuzz_5109284021272576.pdf": REJECT,
    "qp_fuzz_398060137.pdf": REJECT,
    "pp_malformed_932.pdf": (TEXT,),
    "pp_password_test.pdf": ("encrypted",),
    "pp_empty_0bytes.pdf": ("corrupt",),
    "pp_rotated_page.pdf": (TEXT,),
    "pp_rotated_chars.pdf": (TEXT,),
    "pp_large_3mb.pdf": (TEXT,),
    "pp_issue297_tiny.pdf": (TEXT, *REJECT),
    "poi_xxe_external_entity.docx": (TEXT, "unsupported"),
    "poi_truncated_zip.docx": ("corrupt",),
    "poi_encrypted_pw_pass.docx": ("encrypted",),
    "poi_fuzz_4791943399604224.docx": REJECT,
    "poi_fuzz_5313273089884160.docx": REJECT,
    "poi_fuzz_6120975439364096.docx": REJECT,
    "poi_fuzz_6442791109263360.docx": REJECT,
    "poi_fuzz_crash_517626e8.docx": REJECT,
    "poi_tracked_delins.docx": (TEXT,),
    "poi_tracking_on.docx": (TEXT,),
    "poi_comments.docx": (TEXT,),
    "poi_field_codes.docx": (TEXT,),
    "poi_footnotes.docx": (TEXT,),
    "poi_multiple_coreprops.docx": (TEXT, *REJECT),
    "poi_word_crash067.docx": (TEXT, *REJECT),
    "pd_comments_rich.docx": (TEXT,),
    "pd_having_images.docx": ("needs_ocr",),  # five paragraphs, each only a picture
    "d2p_strict_ooxml.docx": (TEXT, "unsupported"),
    "d2p_invalid_tag_name.docx": (TEXT, *REJECT),
    "d2p_renamed_document_xml.docx": (TEXT,),
    "d2p_apple_pages.docx": (TEXT,),
    "d2p_google_docs.docx": (TEXT,),
    "d2p_merged_cells.docx": (TEXT,),
}


def manifest_files() -> list[str]:
    with open(BADINPUTS / "MANIFEST.tsv", newline="") as f:
        return [row["file"] for row in csv.DictReader(f, delimiter="\t")]


def test_every_manifest_file_has_an_expectation(shared):
    assert sorted(manifest_files()) == sorted(EXPECT)


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_bad_input_ends_as_expected(name):
    limits = Limits()  # 60 s wall clock, 1 GiB address space in the parsing child
    # ru_maxrss of children is a maximum over every child reaped so far: only a rise
    # during this test can be this test's child (another test's may have been bigger on purpose)
    before_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    try:
        doc = parse_file_isolated(BADINPUTS / name, limits)
        outcome = TEXT if doc.blocks else "empty"  # never: readers refuse a textless input
    except CandorError as e:
        outcome = e.code.value
        assert e.message and "\n" not in e.message
    elapsed = time.monotonic() - start
    assert outcome in EXPECT[name], f"{name}: ended {outcome!r}, expected one of {EXPECT[name]}"
    assert elapsed < 60
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kib == before_kib or peak_kib < 1024 * 1024, f"the parsing child peaked at {peak_kib / 1024:.0f} MiB"


def test_xxe_entity_is_never_resolved():
    try:
        doc = parse_file_isolated(BADINPUTS / "poi_xxe_external_entity.docx", Limits())
    except CandorError as e:
        assert e.code.value == "unsupported"
    else:
        assert "root:" not in doc.text and "/etc/passwd" not in doc.text


@pytest.mark.parametrize(
    "name, code",
    [("pm_enc_rc4_40.pdf", "encrypted"), ("poi_truncated_zip.docx", "corrupt"), ("pm_jbig2_image_only.pdf", "needs_ocr")],
)
def test_cli_reports_one_line_and_non_zero_status(name, code):
    run = subprocess.run(
        [sys.executable, "-m", "flows.cli", "parse", str(BADINPUTS / name)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert run.returncode == 1
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"candor: error: {code}: "), run.stderr
    assert "Traceback" not in run.stderr


def test_the_memory_limit_is_on_what_parsing_adds(tmp_path):
    """A worker that has loaded the model forks children with its address space: the limit
    must not count that (the 390-page GSA PDF failed `candor review` before this)."""
    import mmap

    reserved = mmap.mmap(-1, 1536 * 1024 * 1024)  # 1.5 GiB of address space, never touched
    try:
        doc = tmp_path / "small.txt"
        doc.write_text("The Contractor shall respond within 4 hours.\n\n" * 20000)  # parsing must allocate
        assert parse_file_isolated(doc, Limits(memory_mb=256)).text
    finally:
        reserved.close()
