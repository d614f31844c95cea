"""`candor train`: fine-tune the commitment model on CPU and write the shipped weights.

Recipe (docs/MODEL_CARD.md): LoRA r=8 on attention query/value plus the heads, AdamW,
masked binary cross-entropy (a target a label file does not cover teaches nothing),
positives weighted up, two whole documents held out to pick each head's threshold (units
of a document seen in training are too easy: thresholds chosen on them were too strict
for new documents).
"""

import json
import random
import time
from pathlib import Path

import torch
from safetensors.torch import save_file
from tokenizers import Tokenizer

from extractors.commitments.labels import HEADS, METRICS
from extractors.commitments.net import base_dir, trainable_state, with_adapter
from training.dataset import Example, load

MAX_TOKENS = 128
CONTEXT_TOKENS = 160  # unit and context together; the longer of the two is cut first
# One gold-labelled and one unit-labelled document, both with service levels and client duties.
HELD_OUT = {"cuad_sicap_maintenance_support.txt", "cuad_verticalnet_maintenance_support.txt"}


def tokenizer(max_tokens: int = MAX_TOKENS) -> Tokenizer:
    tok = Tokenizer.from_file(str(Path(base_dir()) / "tokenizer.json"))
    tok.enable_truncation(max_tokens)
    tok.enable_padding()
    return tok


def batches(examples: list[Example], size: int, tok: Tokenizer, rng: random.Random | None = None, context: bool = False):
    """Tensors for each batch. With `rng`, batches are cut from length-sorted pools and
    then shuffled: padding to the longest unit in a batch is most of the cost on CPU.
    With `context`, each unit is read with its context as a second segment."""
    order = list(range(len(examples)))
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(order)
        pools = [sorted(order[i : i + size * 16], key=lambda k: len(examples[k].text)) for i in range(0, len(order), size * 16)]
        groups = [pool[i : i + size] for pool in pools for i in range(0, len(pool), size)]
        rng.shuffle(groups)
    for group in groups:
        chunk = [examples[k] for k in group]
        enc = tok.encode_batch([e.input if context else e.text for e in chunk])
        ids = torch.tensor([e.ids for e in enc])
        mask = torch.tensor([e.attention_mask for e in enc])
        heads = torch.tensor([[e.targets.get(h, 0.0) for h in HEADS] for e in chunk])
        known = torch.tensor([[1.0 if h in e.targets else 0.0 for h in HEADS] for e in chunk])
        metrics = torch.tensor([[1.0 if m in e.metrics else 0.0 for m in METRICS] for e in chunk])
        has_metric = torch.tensor([[1.0] if e.metrics else [0.0] for e in chunk])
        yield ids, mask, heads, known, metrics, has_metric


def train(shared: Path, labels_dir: Path, out_dir: Path, epochs: int = 2, seed: int = 13, log=print,
          examples: list[Example] | None = None, held_out: set[str] = HELD_OUT, context: bool = False) -> dict:
    """The shipped recipe on the shipped data; or, for cross-validation, on `examples`
    with thresholds picked on the documents named in `held_out`. `context`: the model
    reads each unit with its headings, table head and the words before it."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    torch.set_num_threads(max(1, min(2, torch.get_num_threads())))
    examples = list(examples) if examples is not None else load(shared, labels_dir)
    rng.shuffle(examples)
    held = [e for e in examples if e.doc in held_out]
    train_set = [e for e in examples if e.doc not in held_out]
    log(f"{len(train_set)} training examples, {len(held)} held out for thresholds")
    max_tokens = CONTEXT_TOKENS if context else MAX_TOKENS
    tok = tokenizer(max_tokens)
    net = with_adapter()
    # The heads start from nothing and need a bigger step than the adapter.
    head_params = [*net.heads.parameters(), *net.metrics.parameters()]
    lora_params = [p for n, p in net.named_parameters() if p.requires_grad and "lora_" in n]
    rates = [1e-3, 3e-3]
    opt = torch.optim.AdamW([{"params": lora_params, "lr": rates[0]}, {"params": head_params, "lr": rates[1]}], weight_decay=0.01)
    steps = epochs * ((len(train_set) + 31) // 32)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=rates, total_steps=steps, pct_start=0.1)
    pos_weight = torch.tensor([4.0] * len(HEADS))
    bce = torch.nn.BCEWithLogitsLoss(reduction="none", pos_weight=pos_weight)
    bce_metric = torch.nn.BCEWithLogitsLoss(reduction="none")
    start = time.time()
    for epoch in range(epochs):
        net.train()
        total = 0.0
        for step, (ids, mask, heads, known, metrics, has_metric) in enumerate(batches(train_set, 32, tok, rng, context)):
            if step % 40 == 0:
                log(f"  epoch {epoch + 1}, batch {step}: {time.time() - start:.0f} s")
            head_logits, metric_logits = net(ids, mask)
            loss = (bce(head_logits, heads) * known).sum() / known.sum().clamp(min=1)
            loss = loss + (bce_metric(metric_logits, metrics) * has_metric).sum() / has_metric.sum().clamp(min=1) / 4
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        log(f"epoch {epoch + 1}/{epochs}: loss {total:.2f} ({time.time() - start:.0f} s)")
    thresholds = pick_thresholds(net, held, tok, context)
    out_dir.mkdir(parents=True, exist_ok=True)
    save_file(trainable_state(net), str(out_dir / "weights.safetensors"))
    card = {
        "heads": HEADS,
        "metrics": METRICS,
        "thresholds": thresholds,
        "max_tokens": max_tokens,
        "context": context,
        "examples": len(examples),
        "held_out": sorted(held_out),
        "epochs": epochs,
        "seed": seed,
        "train_seconds": round(time.time() - start),
    }
    (out_dir / "model.json").write_text(json.dumps(card, indent=2) + "\n")
    log(f"wrote {out_dir}/weights.safetensors and model.json in {time.time() - start:.0f} s")
    return card


@torch.no_grad()
def pick_thresholds(net, held: list[Example], tok, context: bool = False) -> dict[str, float]:
    """Per head, the threshold with the best F1 on held-out examples (0.5 if none)."""
    net.eval()
    scores, gold, known = [], [], []
    for ids, mask, heads, k, _, _ in batches(held, 64, tok, context=context):
        logits, _ = net(ids, mask)
        scores.append(torch.sigmoid(logits))
        gold.append(heads)
        known.append(k)
    s, g, k = torch.cat(scores), torch.cat(gold), torch.cat(known)
    out = {}
    for j, head in enumerate(HEADS):
        best, best_f1 = 0.5, -1.0
        for t in [x / 20 for x in range(2, 19)]:
            sel = k[:, j] > 0
            pred = s[sel, j] >= t
            truth = g[sel, j] > 0.5
            tp = (pred & truth).sum().item()
            f1 = 2 * tp / max(1, pred.sum().item() + truth.sum().item())
            if f1 > best_f1:
                best, best_f1 = t, f1
        out[head] = best
    return out
