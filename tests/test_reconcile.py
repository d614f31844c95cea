"""The inbox watcher's rule (flows/reconcile.py) without Prefect: an object is done when
its outputs are, its event is sent again when its review was lost, and not while a run of
it is live or young. Then the rule's view of S3, on SeaweedFS."""

import hashlib

from flows.reconcile import Seen, Waiting, finished_on, reconcile, record_refusal
from tests.conftest import new_bucket, s3_client

AFTER, TRIES = 900, 3
A, B = "inbox/a.pdf@e1", "inbox/b.docx@e2"
LISTED = {A: "s3://bids/inbox/a.pdf", B: "s3://bids/inbox/b.docx"}


def step(seen, now, complete=(), live=(), listed=LISTED):
    return reconcile(seen, listed, lambda sha: sha in complete, set(live), now, AFTER, TRIES)


def arrived() -> Seen:
    return Seen(waiting={A: Waiting("sha-a"), B: Waiting("sha-b")})


def test_a_new_object_is_sent_once_then_waited_for():
    seen, send = step(arrived(), now=1000)
    assert sorted(send) == [A, B]
    assert seen.waiting[A] == Waiting("sha-a", 1000, 1) and not seen.done
    seen, send = step(seen, now=1000 + AFTER - 1)  # within the grace period: its run may be on it
    assert send == [] and seen.waiting[A].tries == 1


def test_a_review_lost_without_outputs_is_sent_again_after_the_grace_period():
    seen, _ = step(arrived(), now=1000)
    seen, send = step(seen, now=1000 + AFTER, complete={"sha-b"})
    assert send == [A]  # b's outputs exist: b is done
    assert seen.waiting[A] == Waiting("sha-a", 1000 + AFTER, 2) and seen.done == {B}
    seen, send = step(seen, now=1000 + AFTER + 10, complete={"sha-b"})
    assert send == []  # the clock starts again at the new event


def test_nothing_is_sent_again_while_a_run_of_it_is_live():
    seen, _ = step(arrived(), now=1000)
    seen, send = step(seen, now=1000 + 10 * AFTER, live={LISTED[A], LISTED[B]})  # queued behind others
    assert send == [] and seen.waiting[A].tries == 1


def test_complete_means_done_and_never_sent_again():
    seen, _ = step(arrived(), now=1000)
    seen, send = step(seen, now=1001, complete={"sha-a", "sha-b"})
    assert send == [] and seen.done == {A, B} and not seen.waiting
    seen, send = step(seen, now=1000 + 100 * AFTER)
    assert send == [] and seen.done == {A, B}


def test_the_same_bytes_under_a_new_name_are_not_reviewed_again():
    seen, send = step(Seen(waiting={A: Waiting("sha-a")}), now=1000, complete={"sha-a"}, listed={A: LISTED[A]})
    assert send == [] and seen.done == {A}


def test_after_the_last_try_it_is_given_up_on():
    seen, sent = arrived(), 0
    for n in range(6):
        seen, send = step(seen, now=1000 + n * AFTER, complete={"sha-b"})
        sent += A in send
    assert sent == TRIES and seen.gave_up == {A} and A not in seen.waiting


def test_an_object_over_the_size_limit_is_sent_once():
    seen, send = step(Seen(waiting={A: Waiting(None)}), now=1000, listed={A: LISTED[A]})
    assert send == [A]
    seen, send = step(seen, now=1000 + AFTER, listed={A: LISTED[A]})
    assert send == [] and seen.done == {A}  # its run refused it (too_large): nothing to wait for


def test_objects_gone_from_the_inbox_are_forgotten():
    seen, _ = step(arrived(), now=1000, complete={"sha-b"})
    seen, _ = step(seen, now=1001, complete={"sha-b"})
    assert seen.done == {B}
    seen, send = step(seen, now=1000 + AFTER, listed={})
    assert send == [] and seen == Seen()


def test_the_memory_round_trips_and_the_old_list_reads_as_done():
    seen, _ = step(arrived(), now=1000.5, complete={"sha-b"})
    seen.gave_up.add("inbox/c.md@e3")
    assert Seen.loads(seen.dumps()) == seen
    assert Seen.loads(b'["inbox/a.pdf@e1"]') == Seen(done={A})


def test_finished_reads_source_json_or_refused_json_for_this_version(seaweed_server):
    from extractors.errors import NeedsOCR

    s3 = s3_client(seaweed_server)
    new_bucket(s3, "reconcile")
    sha = hashlib.sha256(b"doc").hexdigest()
    finished = finished_on(s3, "s3://reconcile/out/", "v2")
    assert not finished(sha)
    s3.put_object(Bucket="reconcile", Key=f"out/{sha}/v2/findings.json", Body=b"{}")
    s3.put_object(Bucket="reconcile", Key=f"out/{sha}/v1/source.json", Body=b"{}")
    assert not finished(sha)  # half a set, or another version's set, is not this one
    s3.put_object(Bucket="reconcile", Key=f"out/{sha}/v2/source.json", Body=b"{}")
    assert finished(sha)
    other = hashlib.sha256(b"scan").hexdigest()
    record_refusal(s3, "s3://reconcile/out/", other, "v2", NeedsOCR("no text layer"))
    record_refusal(s3, "s3://reconcile/out/", other, "v2", NeedsOCR("said differently"))  # the first stands
    assert finished(other)
    body = s3.get_object(Bucket="reconcile", Key=f"out/{other}/v2/refused.json")["Body"].read()
    assert b'"needs_ocr"' in body and b"no text layer" in body
