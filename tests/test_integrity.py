"""Nothing mixed up, nothing lost (issue 14): two documents with one file name, S3 keys
that are no safe path, a draft reviewed alone and then with its RFP, an --out that is a
file, a text too long to review, and a batch whose memory does not grow with its size."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from infra import s3 as s3io
from tests.conftest import ROOT, new_bucket, s3_client

CAPACITY = str(ROOT / "examples" / "capacity.yaml")
FAST = "The Provider shall respond to Severity 1 incidents within 15 minutes, 24x7."
HIGH = "The Provider shall ensure 99.999% availability of the Service each month."


def candor(*args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout, env={**os.environ, **(env or {})})


def contract(sentence: str) -> bytes:
    return f"# Service Level Agreement\n\n1. Support\n\n{sentence}\n".encode()


def quoted(findings: dict) -> set[str]:
    return {c["text"] for f in findings["findings"] for c in f["commitments"]}


def test_two_local_documents_with_one_name_get_their_own_outputs(tmp_path):
    for folder, sentence in (("a", FAST), ("b", HIGH)):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "contract.md").write_bytes(contract(sentence))
    out = tmp_path / "out"
    run = candor("review", str(tmp_path / "in"), "-c", CAPACITY, "-o", str(out))
    assert run.returncode == 0, run.stderr
    for folder, sentence, other in (("a", FAST, HIGH), ("b", HIGH, FAST)):
        found = json.loads((out / folder / "contract.md" / "findings.json").read_text())
        items = json.loads((out / folder / "contract.md" / "commitments.json").read_text())
        assert sentence in {c["text"] for c in items["commitments"]}
        assert quoted(found) and all(sentence == t for t in quoted(found)), quoted(found)
        assert other not in (out / folder / "contract.md" / "report.html").read_text()
    assert not (out / "contract.md").exists()


def test_the_same_name_given_twice_as_files_is_told_apart(tmp_path):
    paths = []
    for folder, sentence in (("x", FAST), ("y", HIGH)):
        (tmp_path / folder).mkdir()
        paths.append(tmp_path / folder / "sow.md")
        paths[-1].write_bytes(contract(sentence))
    out = tmp_path / "out"
    run = candor("review", *map(str, paths), "-c", CAPACITY, "-o", str(out))
    assert run.returncode == 0, run.stderr
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())  # beside the package files
    assert len(folders) == 2 and all(f.startswith("sow.md~") for f in folders), folders
    texts = {t for f in folders for t in quoted(json.loads((out / f / "findings.json").read_text()))}
    assert texts == {FAST, HIGH}
    again = candor("review", *map(str, paths), "-c", CAPACITY, "-o", str(out))  # stable: the same folders again
    assert again.returncode == 0 and sorted(p.name for p in out.iterdir() if p.is_dir()) == folders


@pytest.fixture(scope="module")
def s3(seaweed_server):
    client = s3_client(seaweed_server)
    new_bucket(client, "names")
    return client


def test_two_s3_keys_with_one_name_to_s3_and_to_a_folder(seaweed_server, s3, tmp_path):
    for folder, sentence in (("x", FAST), ("y", HIGH)):
        s3.put_object(Bucket="names", Key=f"in/{folder}/contract.md", Body=contract(sentence))
    env = seaweed_server.env()
    run = candor("review", "s3://names/in/", "-c", CAPACITY, "-o", "s3://names/out/", env=env)
    assert run.returncode == 0, run.stderr
    for sentence in (FAST, HIGH):
        sha = s3io.hashlib.sha256(contract(sentence)).hexdigest()
        keys = [o.uri.key for o in s3io.list_objects(s3, s3io.S3Uri("names", f"out/{sha}/"))]
        found = json.loads(s3.get_object(Bucket="names", Key=next(k for k in keys if k.endswith("findings.json")))["Body"].read())
        assert quoted(found) == {sentence}, quoted(found)
    local = tmp_path / "out"
    run = candor("review", "s3://names/in/", "-c", CAPACITY, "-o", str(local), env=env)
    assert run.returncode == 0, run.stderr
    for folder, sentence in (("x", FAST), ("y", HIGH)):
        assert quoted(json.loads((local / folder / "contract.md" / "findings.json").read_text())) == {sentence}


def test_s3_keys_that_are_no_safe_path_stay_inside_out(tmp_path, monkeypatch):
    """Keys a real S3 stores (AWS takes `..` and 1,024-byte keys; SeaweedFS does not, so the
    listing is faked here): each lands in a safe, length-bounded folder under --out."""
    from checks.profile import load_profile
    from flows import io
    from flows.extract_cmd import load_extractor
    from pipeline.review import review
    from schemas import Limits

    keys = {"in/..": FAST, "in/a/..": HIGH, "in/" + "n" * 300 + ".md": FAST, "in/" + "é" * 200 + ".md": HIGH}
    monkeypatch.setattr(s3io, "list_objects", lambda s3, prefix: [s3io.S3Object(s3io.S3Uri("b", k), "e", 1) for k in keys])
    monkeypatch.setattr(s3io, "get_bytes", lambda s3, uri, limit=None: contract(keys[uri.key]))
    out = tmp_path / "deep" / "out"
    pending, _, failed = io.gather(["s3://b/in/"], Limits(), s3=object())
    assert not failed and len({p.label for p in pending}) == len(keys)
    extract = load_extractor(baseline=True)
    written = []
    review(pending, load_profile(CAPACITY), extract, Limits(), on_done=lambda o: written.append(io.publish(o, str(out), "v")[0]))
    assert len(written) == len(keys)
    for where in written:
        folder = Path(where).resolve()
        assert out.resolve() in folder.parents, folder
        assert all(len(part.encode()) <= 130 for part in folder.relative_to(out.resolve()).parts)
        assert (folder / "findings.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep"] and sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["out"]


RFP = (b"# Request for Proposals\n\nOfferors shall describe their approach. Bidders must respond.\n\n"
       b"The Contractor shall respond to Severity 1 incidents within 15 minutes.\n")
DRAFT = contract("The Provider shall respond to Severity 1 incidents within 4 hours.")


def test_a_draft_alone_then_with_its_rfp_publishes_both_sets(seaweed_server, s3):
    s3.put_object(Bucket="names", Key="pair/draft.md", Body=DRAFT)
    s3.put_object(Bucket="names", Key="pair/rfp.md", Body=RFP)
    env = seaweed_server.env()
    alone = candor("review", "s3://names/pair/draft.md", "-c", CAPACITY, "-o", "s3://names/pairs/", env=env)
    paired = candor("review", "s3://names/pair/draft.md", "--rfp", "s3://names/pair/rfp.md", "-c", CAPACITY,
                    "-o", "s3://names/pairs/", env=env)
    assert alone.returncode == 0 and paired.returncode == 0, paired.stderr
    sha = s3io.hashlib.sha256(DRAFT).hexdigest()
    keys = [o.uri.key for o in s3io.list_objects(s3, s3io.S3Uri("names", f"pairs/{sha}/"))]
    sets = {k.rsplit("/", 1)[0] for k in keys if k.endswith("/findings.json")}
    assert len(sets) == 2, sets
    compared = [k for k in sets if ".with-" in k]
    assert len(compared) == 1
    found = json.loads(s3.get_object(Bucket="names", Key=f"{compared[0]}/findings.json")["Body"].read())
    assert any(f["check"] == "draft_differs_from_rfp" for f in found["findings"])
    record = json.loads(s3.get_object(Bucket="names", Key=f"{compared[0]}/source.json")["Body"].read())
    assert record["compared_with"][0]["sha256"] == s3io.hashlib.sha256(RFP).hexdigest()
    only = json.loads(s3.get_object(Bucket="names", Key=f"{(sets - set(compared)).pop()}/findings.json")["Body"].read())
    assert not any(f["check"] == "draft_differs_from_rfp" for f in only["findings"])


def test_a_folder_is_never_compared_all_against_all(tmp_path):
    """Issue 17: an unrelated QASP beside a contract once turned its "4 hours" into "15
    minutes". Only --rfp pairs documents."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "rfp.md").write_bytes(RFP)
    (tmp_path / "in" / "draft.md").write_bytes(DRAFT)
    run = candor("review", str(tmp_path / "in"), "-c", CAPACITY, "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    for name in ("rfp.md", "draft.md"):
        found = json.loads((tmp_path / "out" / name / "findings.json").read_text())
        every = found["findings"] + found["needs_look"]
        assert every and not any(f["check"] == "draft_differs_from_rfp" for f in every)
    run = candor("review", str(tmp_path / "in" / "draft.md"), "--rfp", str(tmp_path / "in" / "rfp.md"), "-c", CAPACITY,
                 "-o", str(tmp_path / "paired"))
    assert run.returncode == 0, run.stderr
    found = json.loads((tmp_path / "paired" / "draft.md" / "findings.json").read_text())
    assert any(f["check"] == "draft_differs_from_rfp" and "4 hours" in f["rationale"] for f in found["findings"])
    assert (tmp_path / "paired" / "rfp.md" / "findings.json").is_file()  # the RFP is reviewed too, as an RFP


def test_out_naming_a_file_is_refused_before_any_work(tmp_path):
    target = tmp_path / "taken.txt"
    target.write_text("mine")
    for command in (["review", CAPACITY.replace("capacity.yaml", "commonpaper_sla_v2.md"), "-c", CAPACITY],
                    ["extract", CAPACITY.replace("capacity.yaml", "commonpaper_sla_v2.md")]):
        for out in (target, target / "below"):
            run = candor(*command, "-o", str(out), env={"CANDOR_PARSE_TIMEOUT_S": "0.001"})
            assert run.returncode == 1, run.stderr
            assert run.stderr.startswith("candor: error: invalid_output: "), run.stderr
            assert "took longer" not in run.stderr  # refused before any parsing started
    assert target.read_text() == "mine"


def test_a_20_mb_text_is_too_large_at_once(tmp_path):
    big = tmp_path / "big.txt"
    sentence = (FAST + " ").encode()
    big.write_bytes(sentence * (20 * 1024 * 1024 // len(sentence)))
    probe = ("import resource, runpy, sys; sys.argv = ['candor', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('flows.cli', run_name='__main__')\nfinally:\n"
             "    peak = max(resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
             "    print('peak_kib', peak, file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", probe, "review", str(big), "-c", CAPACITY, "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert run.returncode == 1
    assert "candor: error: too_large:" in run.stderr and "CANDOR_MAX_TEXT_CHARS" in run.stderr, run.stderr
    peak = int(run.stderr.rsplit("peak_kib ", 1)[1].split()[0])
    assert peak < 1536 * 1024, f"{peak / 1024:.0f} MiB"


def test_extraction_and_checks_run_under_a_time_limit(tmp_path):
    doc = tmp_path / "long.md"
    doc.write_bytes(contract(" ".join(f"The Provider shall answer request {n} within {n % 9 + 1} hours." for n in range(3000))))
    run = candor("review", str(doc), "-c", CAPACITY, "-o", str(tmp_path / "out"), env={"CANDOR_REVIEW_TIMEOUT_S": "0.5"})
    assert run.returncode == 1
    assert "candor: error: too_large:" in run.stderr and "CANDOR_REVIEW_TIMEOUT_S" in run.stderr, run.stderr


def _peak_of_a_batch(folder: Path, out: Path) -> int:
    probe = ("import resource, runpy, sys; sys.argv = ['candor', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('flows.cli', run_name='__main__')\nfinally:\n"
             "    print('peak_kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", probe, "review", str(folder), "-c", CAPACITY, "-o", str(out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    return int(run.stderr.rsplit("peak_kib ", 1)[1].split()[0])


@pytest.mark.slow
def test_a_batch_of_10_mb_pdfs_takes_the_memory_of_one(tmp_path):
    """The parent holds one document at a time: 40 documents peak where 5 do (before,
    every input's bytes were read first: 5 x 10 MB PDFs 286 MB, 40 of them 629 MB)."""
    from tests.pdfgen import Page, build

    for count in (5, 40):
        folder = tmp_path / f"in{count}"
        folder.mkdir()
        for n in range(count):
            page = Page().text(72, 72, f"{n}. The Provider shall respond to incidents within {n + 1} hours.")
            page.ops.append("% " + "x" * (10 * 1024 * 1024))  # a 10 MB content-stream comment: bytes, not text
            (folder / f"sow{n:02}.pdf").write_bytes(build([page]))
    five = _peak_of_a_batch(tmp_path / "in5", tmp_path / "out5")
    forty = _peak_of_a_batch(tmp_path / "in40", tmp_path / "out40")
    assert len([p for p in (tmp_path / "out40").iterdir() if p.is_dir()]) == 40
    assert forty - five < 64 * 1024, f"5 documents: {five / 1024:.0f} MiB, 40: {forty / 1024:.0f} MiB"


def test_the_cli_and_the_service_publish_the_same_set(seaweed_server, s3, monkeypatch):
    """One document, the same options: `candor review` and the flow's review write the same
    folder name with the same bytes in every file; paired with an RFP too."""
    from checks.profile import load_profile
    from flows import service
    from pipeline.review import output_version

    s3.put_object(Bucket="names", Key="same/sla.md", Body=DRAFT)
    s3.put_object(Bucket="names", Key="same/rfp.md", Body=RFP)
    for key, value in seaweed_server.env().items():
        monkeypatch.setenv(key, value)
    draft_uri, rfp_uri = "s3://names/same/sla.md", "s3://names/same/rfp.md"
    assert candor("review", draft_uri, "-c", CAPACITY, "-o", "s3://names/by-cli/").returncode == 0
    assert candor("review", draft_uri, "--rfp", rfp_uri, "-c", CAPACITY, "-o", "s3://names/by-cli-rfp/").returncode == 0
    assert service._plain_review(draft_uri, "s3://names/by-flow/", CAPACITY)["status"] == "reviewed"
    paired = service._review(service._fetch(draft_uri), CAPACITY, [service._fetch(rfp_uri)])
    service._publish(paired, "s3://names/by-flow-rfp/", output_version(load_profile(CAPACITY)))

    def files(prefix):
        listed = s3io.list_objects(s3, s3io.S3Uri("names", prefix))
        return {o.uri.key[len(prefix):]: s3.get_object(Bucket="names", Key=o.uri.key)["Body"].read() for o in listed}

    for by_cli, by_flow in (("by-cli/", "by-flow/"), ("by-cli-rfp/", "by-flow-rfp/")):
        cli, flow = files(by_cli), files(by_flow)
        mine = {k: v for k, v in cli.items() if k.startswith(s3io.hashlib.sha256(DRAFT).hexdigest())}
        assert len(mine) >= 6 and mine.keys() == flow.keys()
        assert [k for k in mine if mine[k] != flow[k]] == []
    assert all(".with-" in k for k in files("by-flow-rfp/"))


def test_a_file_named_as_input_and_as_rfp_is_reviewed_once_as_the_rfp(tmp_path):
    (tmp_path / "bid").mkdir()
    (tmp_path / "bid" / "rfp.md").write_bytes(RFP)
    (tmp_path / "bid" / "draft.md").write_bytes(DRAFT)
    run = candor("review", str(tmp_path / "bid"), "--rfp", str(tmp_path / "bid" / "rfp.md"), "-c", CAPACITY,
                 "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir()) == ["draft.md", "rfp.md"]
    rfp_found = json.loads((tmp_path / "out" / "rfp.md" / "findings.json").read_text())["findings"]
    assert rfp_found and {f["suggestion"]["kind"] for f in rfp_found if f.get("suggestion")} == {"question"}
    assert not any(f["check"] == "draft_differs_from_rfp" for f in rfp_found)


def test_a_draft_whose_rfp_is_refused_is_not_published_as_if_alone(tmp_path):
    (tmp_path / "rfp.pdf").write_bytes(b"%PDF-1.4 truncated")
    (tmp_path / "draft.md").write_bytes(DRAFT)
    run = candor("review", str(tmp_path / "draft.md"), "--rfp", str(tmp_path / "rfp.pdf"), "-c", CAPACITY,
                 "-o", str(tmp_path / "out"))
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert any("rfp.pdf" in line and "corrupt" in line for line in lines), run.stderr
    assert any("draft.md" in line and "paired with" in line for line in lines), run.stderr
    assert not (tmp_path / "out" / "draft.md").exists()


def test_an_object_storage_refuses_costs_that_object_only(tmp_path, monkeypatch):
    """An S3 403 (or any read error that is no typed one) on one key: that key fails as
    unavailable, the batch goes on."""
    from checks.profile import load_profile
    from flows import io
    from flows.extract_cmd import load_extractor
    from pipeline.review import review
    from schemas import Limits

    keys = {"in/ok.md": FAST, "in/denied.md": HIGH}

    def get(s3, uri, limit=None):
        if uri.key == "in/denied.md":
            raise PermissionError("AccessDenied")
        return contract(keys[uri.key])

    monkeypatch.setattr(s3io, "list_objects", lambda s3, prefix: [s3io.S3Object(s3io.S3Uri("b", k), "e", 1) for k in keys])
    monkeypatch.setattr(s3io, "get_bytes", get)
    pending, _, _ = io.gather(["s3://b/in/"], Limits(), s3=object())
    outcomes = review(pending, load_profile(CAPACITY), load_extractor(baseline=True), Limits())
    ended = {o.source.name: (o.error.code.value if o.error else "ok") for o in outcomes}
    assert ended == {"ok.md": "ok", "denied.md": "unavailable"}


def test_a_paired_rfp_publishes_as_an_rfp_set(seaweed_server, s3):
    """The same RFP reviewed on its own (audience by the text) and as the RFP of a pair
    (audience forced) publishes two sets, not one hiding the other."""
    sow = contract("The Contractor shall respond to Severity 1 incidents within 15 minutes.")  # reads as a contract
    s3.put_object(Bucket="names", Key="rfps/sow.md", Body=sow)
    s3.put_object(Bucket="names", Key="rfps/draft.md", Body=DRAFT)
    env = seaweed_server.env()
    assert candor("review", "s3://names/rfps/sow.md", "-c", CAPACITY, "-o", "s3://names/rfp-sets/", env=env).returncode == 0
    run = candor("review", "s3://names/rfps/draft.md", "--rfp", "s3://names/rfps/sow.md", "-c", CAPACITY,
                 "-o", "s3://names/rfp-sets/", env=env)
    assert run.returncode == 0, run.stderr
    sha = s3io.hashlib.sha256(sow).hexdigest()
    sets = {o.uri.key.rsplit("/", 1)[0] for o in s3io.list_objects(s3, s3io.S3Uri("names", f"rfp-sets/{sha}/"))}
    assert len(sets) == 2 and sum(k.endswith(".audience-rfp") for k in sets) == 1, sets


def test_findings_do_not_depend_on_the_batch_a_document_was_in(tmp_path):
    """What is published under a document's sha256 is the same whether it was reviewed
    alone or beside a same-named document (its label then differs)."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    (tmp_path / "a" / "sla.md").write_bytes(contract(FAST))
    (tmp_path / "b" / "sla.md").write_bytes(contract(HIGH))
    alone = candor("review", str(tmp_path / "a" / "sla.md"), "-c", CAPACITY, "-o", str(tmp_path / "alone"))
    both = candor("review", str(tmp_path / "a" / "sla.md"), str(tmp_path / "b" / "sla.md"), "-c", CAPACITY,
                  "-o", str(tmp_path / "both"))
    assert alone.returncode == both.returncode == 0
    [mine] = [p for p in (tmp_path / "both").iterdir() if p.is_dir() and FAST in (p / "commitments.json").read_text()]
    assert mine.name != "sla.md"  # told apart by its label ...
    assert (mine / "findings.json").read_bytes() == (tmp_path / "alone" / "sla.md" / "findings.json").read_bytes()  # ... not by its findings
