"""Table-driven tests of the small pieces: sniffing, section numbers, sentences."""

import pytest

from extractors.errors import Corrupt, Encrypted, Unsupported
from extractors.sections import SectionTracker, leading_number
from extractors.sentences import split_sentences
from extractors.sniff import DOCX, MARKDOWN, PDF, TEXT, check_claim, sniff


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"%PDF-1.4\n...", PDF),
        (b"\n\n%PDF-1.7 junk before the header is allowed", PDF),
        (b"The Contractor shall respond within 4 hours.\n", TEXT),
        (b"# Service Level Agreement\n\n1. Uptime\n    1. Target Uptime.\n", MARKDOWN),
        (b"| a | b |\n|---|---|\n| 1 | 2 |\n", MARKDOWN),
        (b"Redacted [***] and ***more*** is not markup\n- 2 -\n", TEXT),
        ("Caf\u00e9 \u2013 r\u00e9sum\u00e9".encode("cp1252"), TEXT),
        ("\ufeffUTF-16 text".encode("utf-16"), TEXT),
    ],
)
def test_sniff_by_bytes(data, expected):
    assert sniff(data) == expected


@pytest.mark.parametrize(
    "data, error",
    [
        (b"", Corrupt),
        (b"\x89PNG\r\n\x1a\nrest", Unsupported),
        (b"{\\rtf1\\ansi hello}", Unsupported),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), Encrypted),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, Unsupported),
        (b"PK\x03\x04truncated", Corrupt),
        (b"\x00\x01\x02\x03binary", Unsupported),
    ],
)
def test_sniff_rejects(data, error):
    with pytest.raises(error):
        sniff(data)


def test_docx_zip_is_recognised():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types><Override ContentType='application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'/></Types>")
    assert sniff(buf.getvalue()) == DOCX


@pytest.mark.parametrize(
    "name, media_type, refused",
    [("x.pdf", TEXT, True), ("x.DOCX", MARKDOWN, True), ("x.pdf", PDF, False), ("notes.txt", TEXT, False), ("x.docx", PDF, False)],
)
def test_a_name_never_chooses_the_reader_but_a_false_claim_is_refused(name, media_type, refused):
    if refused:
        with pytest.raises(Corrupt):
            check_claim(name, media_type)
    else:
        check_claim(name, media_type)


@pytest.mark.parametrize(
    "text, marker",
    [
        ("4.2 Service Levels", "4.2"),
        ("4.2. Service Levels", "4.2"),
        ("C.3.1 Level 1 Help Desk", "C.3.1"),
        ("(a) the Contractor shall", "(a)"),
        ("(iv) notify", "(iv)"),
        ("b) respond", "b)"),
        ("Section 5. Payment", "5"),
        ("ARTICLE IV TERM", "IV"),
        ("12\tReporting", "12"),
        ("2026 was a good year", None),
        ("The Contractor shall", None),
        ("99.9% availability", None),
    ],
)
def test_leading_section_number(text, marker):
    assert leading_number(text) == marker


def test_sections_carry_over_and_nest_items():
    t = SectionTracker()
    got = [t.section_for(x) for x in ["4.2 Response", "The Contractor shall", "(a) Severity 1", "b) Severity 2", "5. Reporting", "Monthly."]]
    assert got == ["4.2", "4.2", "4.2(a)", "4.2(b)", "5", "5"]


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("One. Two.", ["One.", "Two."]),
        (
            "The Contractor shall respond by 5 p.m. ET. The Government will pay, i.e. within 30 days.",
            ["The Contractor shall respond by 5 p.m. ET.", "The Government will pay, i.e. within 30 days."],
        ),
        ("See Sec. 4.2 of the U.S. Code. Then stop.", ["See Sec. 4.2 of the U.S. Code.", "Then stop."]),
        ("4. The Contractor shall report. Reports are monthly.", ["4. The Contractor shall report.", "Reports are monthly."]),
        ("Availability of 99.9% is required (measured monthly). Credits apply.", ["Availability of 99.9% is required (measured monthly).", "Credits apply."]),
        ("Respond within 4 hours! Resolve within 8 hours?", ["Respond within 4 hours!", "Resolve within 8 hours?"]),
        ("no capital after the period. so one sentence", ["no capital after the period. so one sentence"]),
        # each lettered item of an inline list is a sentence; "(a) ... (b)" within one is not split
        (
            "Upon termination: a. Customer will stop. b. Provider will delete data within 60 days. c. Each Recipient will return it.",
            ["Upon termination:", "a. Customer will stop.", "b. Provider will delete data within 60 days.",
             "c. Each Recipient will return it."],
        ),
        ("Customer shall (a) review reports; and (b) check exceptions.", ["Customer shall (a) review reports; and (b) check exceptions."]),
        ("Starts at 8:00 a.m. Eastern. Ends at 5 p.m. daily.", ["Starts at 8:00 a.m. Eastern.", "Ends at 5 p.m. daily."]),
        ("Note: a. b. c. are letters.", ["Note: a. b. c. are letters."]),
        # a numbered paragraph run in without a period (DOT SOW, data/extra); a version number is not one
        ("after a receipt is received from DOT 3.1.1.3 The contractor shall confirm it. Version 2.1.3 is used.",
         ["after a receipt is received from DOT", "3.1.1.3 The contractor shall confirm it.", "Version 2.1.3 is used."]),
        # "the CO." is the Contracting Officer ending a sentence (USAF PWS, data/extra); "Acme Co." is a company
        ("Such release shall be accomplished through the CO. The contractor shall assist.",
         ["Such release shall be accomplished through the CO.", "The contractor shall assist."]),
        ("Services by Acme Co. The Agency pays.", ["Services by Acme Co. The Agency pays."]),
    ],
)
def test_sentence_split(text, sentences):
    assert [text[a:b] for a, b in split_sentences(text)] == sentences


@pytest.mark.parametrize(
    "row, cells",
    [
        ("a | b c |  | d", ["a", "b c", "", "d"]),
        ("only one cell", ["only one cell"]),
        ("| x |", ["", "x", ""]),
    ],
)
def test_cell_spans(row, cells):
    from extractors.commitments.tables import cell_spans

    assert [row[a:b] for a, b in cell_spans(row)] == cells
