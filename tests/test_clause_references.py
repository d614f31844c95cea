"""Issue 16, broken cross-references: a reference to a numbered clause the document does
not have is a question (silent, `missing_clause`), from real phrasings; a reference into
another document, an unclear spaced number and a lone clause number are not."""

import pytest

from checks import references
from schemas import FindingType
from tests.test_checks import review_of

# A numbered agreement: clauses 1.1 ... 10.9, spaced as some filings write them.
# Each clause refers to one that is there, as agreements do.
BODY = "\n".join(f"{n}.{k} Heading {n}-{k}. The parties agree to the terms of clause {n}.1 here." for n in range(1, 11)
                 for k in (1, 2, 9))
SPACED = "\n".join(f"{n}. {k}. Heading {n}-{k}. The parties agree to the terms of clause {n}. 1 here." for n in range(1, 13)
                   for k in (1, 2, 3))


def found(text):
    return [f.numbers["reference"] for f in references.clauses(review_of(extra=text))]


@pytest.mark.parametrize("sentence, raised", [
    # verticalnet: the agreement ends at 10.9
    ("No transfer by change in Control shall be considered an assignment for purposes of this Section 11.9.", "section 11.9"),
    ("Consequential loss shall be as set out in clauses 11.34 and 2.1 below.", "clause 11.34"),
    ("The escrow agent shall release the source code on any benefit referred to in clause 12.4.1; or", "clause 12.4.1"),
    # the clause is there
    ("Fees are payable as set out in clause 2.9 and Section 10.2.", None),
    # another document's clause
    ("The Contractor shall meet the standards of Section 3.4 of the PWS.", None),
    ("Performance shall comply with Section 4.4 of the Master Services Agreement.", None),
    ("The Contractor shall comply with FAR Section 52.212.", None),
    # a lone number: too common to tell whether clause 25 is there
    ("For the purposes of this clause 25, the phrase personnel shall include agents.", None),
])
def test_a_reference_to_a_clause_the_document_lacks(sentence, raised):
    got = found(BODY + "\n" + sentence)
    assert got == ([raised] if raised else [])


def test_spaced_numbers_and_unclear_references():
    # "this clause 8. 8. 2. In the event": "8. 2." opens the next clause; nothing is missing
    assert found(SPACED + "\nThe terms set forth in this clause 8. 8. 2. In the event that TELKOM develops a "
                          "module, it shall notify SAP.") == []
    # a spaced reference that ends in a list is clear: 11.34 is not there
    got = found(SPACED + "\nOther loss shall be as set out in clauses 11. 34 and 11. 2 below.")
    assert got == ["clause 11.34"]


def test_a_document_whose_references_mostly_miss_points_elsewhere():
    # an order form under standard terms: its section numbers are the terms'
    order_form = "\n".join(f"Item {n}. The Provider will act as set out in Section {n}.{n + 1} of the terms here."
                           for n in range(1, 9))
    assert found("1.1 Fees\n1.2 Term\n" + order_form) == []


def test_the_finding_quotes_the_reference_and_asks():
    review = review_of(extra=BODY + "\nNo transfer shall be an assignment for purposes of this Section 11.9.")
    (f,) = references.clauses(review)
    assert f.type is FindingType.silent and f.check == "missing_clause" and f.suggestion.kind.value == "question"
    assert "this Section 11.9" in f.rationale and f.clause is not None and "Section 11.9" in f.clause.text
