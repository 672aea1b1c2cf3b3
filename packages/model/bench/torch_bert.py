"""PyTorch's side of `pnpm --filter @lrdist/model bench`: one BERT fine-tuning step and one forward pass.

    /usr/bin/python3 torch_bert.py --batch 16 --seq 64 --hidden 128 --layers 2 --heads 2 --ffn 512
                                   [--threads 1] [--steps 20] [--forwards 10]

Prints one JSON line: median ms of a training step (forward, backward, Adam) and of a forward pass,
the torch version, its BLAS (from torch.__config__.show()), the thread count and peak RSS. The
model is Hugging Face's BERT encoder written out in plain torch (vocab 30522, 512 positions, GELU,
LayerNorm eps 1e-12, classification head on the pooled [CLS], no dropout), as @lrdist/model's bench
builds it, so that the two time the same arithmetic.
"""
import argparse
import json
import math
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
for name, default in [("batch", 16), ("seq", 64), ("hidden", 128), ("layers", 2), ("heads", 2), ("ffn", 512),
                      ("threads", 1), ("steps", 20), ("forwards", 10), ("warmup", 3)]:
    p.add_argument(f"--{name}", type=int, default=default)
args = p.parse_args()
torch.manual_seed(0)
torch.set_num_threads(args.threads)
B, T, H, L, A, FF, V = args.batch, args.seq, args.hidden, args.layers, args.heads, args.ffn, 30522


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(H, 3 * H)
        self.out = nn.Linear(H, H)
        self.ln1 = nn.LayerNorm(H, eps=1e-12)
        self.up = nn.Linear(H, FF)
        self.down = nn.Linear(FF, H)
        self.ln2 = nn.LayerNorm(H, eps=1e-12)

    def forward(self, x, bias):
        b, t, _ = x.shape
        d = H // A
        q, k, v = (z.view(b, t, A, d).transpose(1, 2) for z in self.qkv(x).split(H, dim=-1))
        probs = ((q @ k.transpose(-1, -2)) / math.sqrt(d) + bias).softmax(-1)
        ctx = (probs @ v).transpose(1, 2).reshape(b, t, H)
        x = self.ln1(x + self.out(ctx))
        return self.ln2(x + self.down(F.gelu(self.up(x))))


class Bert(nn.Module):
    def __init__(self):
        super().__init__()
        self.word, self.pos, self.types = nn.Embedding(V, H), nn.Embedding(512, H), nn.Embedding(2, H)
        self.ln = nn.LayerNorm(H, eps=1e-12)
        self.blocks = nn.ModuleList(Block() for _ in range(L))
        self.pool, self.head = nn.Linear(H, H), nn.Linear(H, 2)

    def forward(self, ids, types, mask):
        x = self.ln(self.word(ids) + self.pos(torch.arange(ids.shape[1]))[None] + self.types(types))
        bias = (1.0 - mask[:, None, None, :]) * torch.finfo(torch.float32).min
        for blk in self.blocks:
            x = blk(x, bias)
        return self.head(torch.tanh(self.pool(x[:, 0])))


model = Bert()
opt = torch.optim.Adam(model.parameters(), lr=1e-4)
ids = torch.randint(0, V, (B, T))
types = torch.zeros(B, T, dtype=torch.long)
mask = torch.ones(B, T)
labels = torch.randint(0, 2, (B,))


def step():
    opt.zero_grad(set_to_none=True)
    F.cross_entropy(model(ids, types, mask), labels).backward()
    opt.step()


def timed(fn, n, warmup):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return statistics.median(out)


step_ms = timed(step, args.steps, args.warmup)
with torch.no_grad():
    forward_ms = timed(lambda: model(ids, types, mask), args.forwards, 1)
# torch.__config__ says BLAS_INFO=generic on Debian: the BLAS is whatever libblas.so.3 resolves to,
# so name the BLAS libraries actually mapped into this process too.
config = torch.__config__.show()
info = sorted({part.split(":")[-1].strip() for line in config.splitlines() for part in line.split(",") if "BLAS_INFO" in part})
with open("/proc/self/maps") as maps:
    mapped = sorted({line.split()[-1] for line in maps if "blas" in line.rsplit("/", 1)[-1].lower()})
blas = info + mapped
print(json.dumps({
    "torchStepMs": round(step_ms, 2),
    "torchForwardMs": round(forward_ms, 2),
    "torch": torch.__version__,
    "blas": "; ".join(blas) or "unknown",
    "threads": torch.get_num_threads(),
    "params": sum(t.numel() for t in model.parameters()),
    "peakRssMb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))
