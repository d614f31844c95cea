"""Issue 16: blanks outside every commitment (form lines, a template's instructions) are
raised on their own words, as a clause the finding carries, and land there in the
redline; phrasings from the findings-gold pool."""

import pytest

from checks import placeholders
from schemas import FindingType, Kind
from tests.test_checks import P, review_of, sl

WORK = sl("The Contractor shall clean all restrooms daily.", None, obligor=P, kind=Kind.obligation)

# (text after the commitments, the blanks raised: their lines' words)
LINES = [
    ("Contract No. __________, dated ____.\n", ["Contract No. __________, dated ____."]),
    ("This Agreement is effective as of the ____ day of _______________2000 (the Effective Date).\n",
     ["This Agreement is effective as of the ____ day of _______________2000 (the Effective Date)."]),
    ("Operations: [LOCATIONS AND HOURS OF OPERATION LISTED HERE.]\n", ["Operations: [LOCATIONS AND HOURS OF OPERATION LISTED HERE.]"]),
    ("TOTAL _____30_____\n", []),  # a value between rules is filled in
    ("________________________________\n", []),  # a rule to sign on
    ("Supplier shall credit [***]% of the fee.\n", []),  # a redaction
]


@pytest.mark.parametrize("extra, lines", LINES, ids=[x[0][:30] for x in LINES])
def test_a_blank_on_a_line_of_its_own_is_raised_on_that_line(extra, lines):
    review = review_of(WORK, extra=extra)
    found = placeholders.placeholders(review)
    assert [f.clause.text.strip() for f in found] == lines
    for f in found:
        assert f.type is FindingType.silent and f.commitments == [] and review.text[slice(*f.clause.span)] == f.clause.text
        assert f.clause.text.strip() in f.rationale  # what a reviewer quotes is in the finding


def test_the_same_labelled_blank_is_one_question_listing_its_lines():
    extra = "Prepared By: A. Smith Date:___________\nApproved By: JOHN HOWARD Contracting Officer Date:___________\n"
    [f] = placeholders.placeholders(review_of(WORK, extra=extra))
    assert f.numbers["places"] == 2 and "JOHN HOWARD" in f.rationale and "A. Smith" in f.rationale


def test_a_template_left_unfilled_is_one_finding():
    extra = "".join(f"1.{i} {name}: [Insert the {name.lower()}.]\n" for i, name in
                    enumerate(["Background", "Objectives", "Scope", "Travel", "Definitions"], start=1))
    [f] = placeholders.placeholders(review_of(WORK, extra=extra))
    assert f.numbers["places"] == 5 and "template" in f.suggestion.text
    assert "1.3 Scope: [Insert the scope.]" in f.rationale


def test_a_clause_finding_lands_on_its_own_words_in_the_redline(tmp_path):
    from checks.profile import load_profile
    from pipeline.review import Source, review
    from tests.conftest import ROOT
    from tests.test_redline_docx import comment_range_text, comments, part

    text = ("# Statement of Work\n\nThe Contractor shall clean all restrooms daily.\n\n"
            "1.5 Period of Performance: [State period of performance and option years.]\n\n"
            "Contract No. __________, dated ____.\n")
    profile = load_profile(ROOT / "examples" / "capacity.yaml")

    from pipeline.extractor import Extractor
    from schemas import Limits

    [outcome] = review([Source(text.encode(), "test://sow.md", "sow.md")], profile, Extractor(baseline=True), Limits(),
                       isolate=False)
    instruction, form = sorted((f for f in outcome.findings if f.check == "placeholder_left"), key=lambda f: f.needs_look)
    assert instruction.clause and not instruction.commitments and not instruction.needs_look
    # a rule to write on outside the commitments may be a form: a person looks, the redline does not carry it
    assert form.needs_look and form.clause.text.startswith("Contract No.")
    data = outcome.files["redline.docx"]
    root = part(data)
    ids = [c.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id") for c in comments(data)]
    ranges = [comment_range_text(root, i) for i in ids]
    assert any("[State period of performance" in r for r in ranges) and not any("Contract No." in r for r in ranges)
    assert "Contract No. __________, dated ____." in outcome.files["report.html"].decode()  # under "Needs a look"
