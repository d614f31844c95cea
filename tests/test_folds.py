"""Cross-validation splits documents, not units, keeps the sealed set and the excluded
list out, and deals each family across the folds."""

from collections import Counter

from tests.conftest import ROOT, SHARED
from training.cv import summarise, threshold_documents
from training.folds import family, folds, labelled_documents, source


def test_every_scorable_document_is_in_exactly_one_fold():
    pool = labelled_documents(SHARED)
    split = folds(pool, 5)
    names = [d.doc for f in split for d in f]
    assert len(names) == len(set(names)) == sum(d.form == "gold" for d in pool)
    sizes = [len(f) for f in split]
    assert max(sizes) - min(sizes) <= 2
    groups = Counter((source(d.doc), d.family) for d in pool if d.form == "gold")
    for fam in Counter(d.family for d in pool if d.form == "gold"):
        per_fold = [sum(d.family == fam for d in f) for f in split]
        # an organisation's documents stay together: a family can be as uneven as its largest group
        largest = max(n for (_, f), n in groups.items() if f == fam)
        assert max(per_fold) - min(per_fold) <= max(2, largest), (fam, per_fold)
    assert folds(list(reversed(pool)), 5) == split  # the split does not depend on listing order


def test_documents_of_one_source_share_a_fold():
    split = folds(labelled_documents(SHARED), 5)
    fold_of = {d.doc: n for n, f in enumerate(split) for d in f}
    for prefix in ("18f_fedramp_dashboard_", "commonpaper_", "zitadel_"):
        members = {n for doc, n in fold_of.items() if doc.startswith(prefix)}
        assert len(members) == 1, (prefix, members)
    assert source("zitadel_support_terms.md") == source("zitadel_cloud_service_levels.md") != source("cuad_x.txt")
    # the third round names its organisation after the family prefix
    assert source("msa_vkcloud_terms_of_use.md") == source("sla_vkcloud_support_sla.md") != source("sla_aws_x.md")
    assert source("msa_commonpaper_software_license_agreement.md") == source("commonpaper_csa.md")
    assert source("msa_github_corporate_terms_of_service.md") == source("github_enterprise_sla.md")
    assert family("msa_bonterms_sla.md") == "msa_order_form" and family("sla_basecamp_big_sla.md") == "vendor_sla"


def test_the_sealed_set_is_never_in_the_pool():
    sealed = {p.name[: -len(".jsonl")] for p in (ROOT / "data" / "extra" / "sealed-labels").glob("*.jsonl")}
    assert len(sealed) >= 3
    assert not sealed & {d.doc for d in labelled_documents(SHARED)}


def test_thresholds_are_picked_on_training_documents_only():
    pool = labelled_documents(SHARED)
    for test in folds(pool, 5):
        train = [d for d in pool if d not in test]
        held = threshold_documents(train)
        assert len(held) == 2 and held <= {d.doc for d in train} and not held & {d.doc for d in test}


def test_families_by_name():
    assert [family(n) for n in ("cuad_x.txt", "commonpaper_sla_v2.md", "commonpaper_psa.docx", "usaf_pws.pdf",
                                "accordproject_sla_schedule.txt")] == ["commercial", "vendor_sla", "msa_order_form",
                                                                        "federal", "vendor_sla"]


def test_the_summary_is_micro_averaged():
    rows = {
        "a": {"family": "federal", "service_levels_found": {"tp": 8, "fp": 2, "fn": 0}, "obligor": {"agree": 9, "pairs": 10}},
        "b": {"family": "commercial", "service_levels_found": {"tp": 0, "fp": 0, "fn": 10}, "obligor": {"agree": 1, "pairs": 1}},
    }
    out = summarise(rows)
    assert out["federal"]["service_levels_found"] == round(16 / 18, 3)
    assert out["commercial"]["service_levels_found"] == 0.0
    assert out["all"]["service_levels_found"] == round(16 / 28, 3) and out["all"]["obligor"] == round(10 / 11, 3)


def test_runs_of_different_folds_merge():
    import pytest

    from training.cv import merge

    def run(fold, doc, tp, decision):
        return {"folds": {fold: [doc]}, "decisions": {"kind.target": decision},
                "documents": {doc: {"family": "federal", "service_levels_found": {"tp": tp, "fp": 0, "fn": 2},
                                    "obligor": {"agree": tp, "pairs": tp}}}}
    merged = merge([run("0", "a.pdf", 8, {"items": 10, "paired": 9, "right": 8}),
                    run("1", "b.pdf", 2, {"items": 5, "paired": 3, "right": 1})])
    assert set(merged["folds"]) == {"0", "1"} and set(merged["documents"]) == {"a.pdf", "b.pdf"}
    assert merged["decisions"]["kind.target"] == {"items": 15, "paired": 12, "right": 9, "precision": 0.6}
    assert merged["families"]["all"]["service_levels_found"] == round(20 / 24, 3)
    with pytest.raises(ValueError, match="overlap"):
        merge([run("0", "a.pdf", 1, {"items": 1, "paired": 1, "right": 1})] * 2)
