#!/usr/bin/python3
"""Writes test/fixtures/splits.json: an independent Python implementation of src/split/ (sfc32 seeded
by splitmix32, Hamilton quotas, partial Fisher-Yates per stratum, quantile bins) run on synthetic
tasks, so that src/split/split-reference.test.ts can show the TypeScript split is the documented
algorithm and gives the same examples on any machine.

    /usr/bin/python3 scripts/make_split_fixtures.py
"""
import json
import os

M = 0xFFFFFFFF
TWO_32 = 1 << 32
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "splits.json")


def splitmix32(x):
    z = (x + 0x9E3779B9) & M
    z = ((z ^ (z >> 16)) * 0x21F0AAAD) & M
    z = ((z ^ (z >> 15)) * 0x735A2D97) & M
    return z ^ (z >> 15)


def fnv1a32(text):
    h = 0x811C9DC5
    for unit in text.encode("utf-16-le")[::2]:  # ASCII stream labels: one byte per code unit
        h = ((h ^ unit) * 0x01000193) & M
    return h


class Rng:
    def __init__(self, seed, stream=""):
        self.a = splitmix32(seed % TWO_32)
        self.b = splitmix32((seed // TWO_32) ^ 0x6A09E667)
        self.c = splitmix32(fnv1a32(stream))
        self.d = 1
        for _ in range(12):
            self.next_uint32()

    def next_uint32(self):
        t = (self.a + self.b + self.d) & M
        self.d = (self.d + 1) & M
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M
        self.c = ((self.c << 21) | (self.c >> 11)) & M
        self.c = (self.c + t) & M
        return t

    def next_int(self, n):
        limit = TWO_32 - (TWO_32 % n)
        while True:
            x = self.next_uint32()
            if x < limit:
                return x % n


def hamilton(counts, size):
    total = sum(counts)
    quotas = [c * size // total for c in counts]
    left = size - sum(quotas)
    order = sorted(range(len(counts)), key=lambda g: (-((counts[g] * size) % total), g))
    for g in order:
        if left <= 0:
            break
        if quotas[g] < counts[g]:
            quotas[g] += 1
            left -= 1
    return quotas


def stratified_sample(strata, size, rng):
    n = len(strata)
    if size >= n:
        return list(range(n))
    if size <= 0:
        return []
    groups = {}
    for i, s in enumerate(strata):
        groups.setdefault(s, []).append(i)
    ids = sorted(groups)
    quotas = hamilton([len(groups[i]) for i in ids], size)
    chosen = []
    for g, sid in enumerate(ids):
        members = groups[sid]
        for i in range(quotas[g]):
            j = i + rng.next_int(len(members) - i)
            members[i], members[j] = members[j], members[i]
            chosen.append(members[i])
    return sorted(chosen)


def quantile_bins(values, bins):
    n = len(values)
    order = sorted(range(n), key=lambda i: (values[i], i))
    b = max(1, min(bins, n))
    out = [0] * n
    for rank, pos in enumerate(order):
        out[pos] = rank * b // n
    return out


def split(train, dev, regression, seed, max_train=None, max_eval=None):
    def strata(examples):
        labels = [e["label"] for e in examples]
        return quantile_bins(labels, 10) if regression else labels

    def draw(examples, size, stream):
        return stratified_sample(strata(examples), size, Rng(seed, stream))

    carve = min(1000, int(len(train) * 0.1 + 0.5))
    carved = set(draw(train, carve, "validation"))
    validation = [e for i, e in enumerate(train) if i in carved]
    rest = [e for i, e in enumerate(train) if i not in carved]
    test = list(dev)
    if max_train is not None and max_train < len(rest):
        rest = [rest[i] for i in draw(rest, max_train, "train-cap")]
    if max_eval is not None:
        if max_eval < len(validation):
            validation = [validation[i] for i in draw(validation, max_eval, "validation-cap")]
        if max_eval < len(test):
            test = [test[i] for i in draw(test, max_eval, "test-cap")]
    lines = lambda xs: [e["line"] for e in xs]
    return {"train": lines(rest), "validation": lines(validation), "test": lines(test)}


def classification_task(n, offset):
    # Three classes at about 55 / 30 / 15 percent, interleaved by a fixed pattern.
    def label(i):
        r = (i * 7919 + offset) % 100
        return 0 if r < 55 else 1 if r < 85 else 2
    return [{"line": i + 2, "label": label(i)} for i in range(n)]


def regression_task(n):
    return [{"line": i + 2, "label": ((i * 37) % 26) / 5} for i in range(n)]


rng_cases = []
for seed in [0, 1, 42, 2**32 + 5, 2**53 - 1]:
    for stream in ["", "validation"]:
        r = Rng(seed, stream)
        uint32 = [r.next_uint32() for _ in range(6)]
        ints = [r.next_int(n) for n in [1, 2, 3, 10, 1000, 2**31 + 11]]
        rng_cases.append({"seed": seed, "stream": stream, "uint32": uint32, "nextInt": ints})

split_cases = []
big_train, big_dev = classification_task(12_345, 0), classification_task(1_500, 13)
small_train, small_dev = classification_task(2_003, 0), classification_task(301, 13)
reg_train, reg_dev = regression_task(517), regression_task(97)
for name, task, train, dev, regression, kwargs in [
    ("three classes, 2003 train", "mnli", small_train, small_dev, False, {}),
    ("three classes, capped", "mnli", small_train, small_dev, False, {"max_train": 500, "max_eval": 50}),
    ("three classes, carve capped at 1000", "mnli", big_train, big_dev, False, {}),
    ("regression bins, 517 train", "stsb", reg_train, reg_dev, True, {"max_eval": 40}),
]:
    for seed in [7, 42]:
        result = split(train, dev, regression, seed, kwargs.get("max_train"), kwargs.get("max_eval"))
        split_cases.append({
            "name": name,
            "task": task,
            "seed": seed,
            "trainSize": len(train),
            "devSize": len(dev),
            "maxTrain": kwargs.get("max_train"),
            "maxEval": kwargs.get("max_eval"),
            "expected": result,
        })

with open(OUT, "w") as f:
    json.dump({"generator": "scripts/make_split_fixtures.py", "rng": rng_cases, "splits": split_cases}, f)
    f.write("\n")
print(f"wrote {len(rng_cases)} rng and {len(split_cases)} split cases to {os.path.normpath(OUT)}")
