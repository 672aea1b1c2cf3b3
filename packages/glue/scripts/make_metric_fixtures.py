#!/usr/bin/python3
"""Writes test/fixtures/metrics.json: random metric inputs with scikit-learn / SciPy reference outputs.

Run with Debian's python3-sklearn and python3-scipy:
    /usr/bin/python3 scripts/make_metric_fixtures.py
src/metrics/metrics-reference.test.ts checks the TypeScript metrics against it to 1e-9.
NaN (SciPy's answer for a constant input) is written as null, which JSON can hold.
"""
import json
import math
import os
import warnings

import numpy as np
import scipy
import sklearn
from scipy.stats import pearsonr, spearmanr
from sklearn.metrics import accuracy_score, f1_score, matthews_corrcoef

warnings.filterwarnings("ignore")  # constant inputs and zero divisions are the point of some cases
rng = np.random.default_rng(20221115)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "metrics.json")


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def classification(name, labels, predictions):
    labels = [int(v) for v in labels]
    predictions = [int(v) for v in predictions]
    case = {
        "name": name,
        "labels": labels,
        "predictions": predictions,
        "accuracy": num(accuracy_score(labels, predictions)),
        "mcc": num(matthews_corrcoef(labels, predictions)),
    }
    if set(labels) | set(predictions) <= {0, 1}:
        case["f1"] = num(f1_score(labels, predictions, pos_label=1, zero_division="warn"))
    return case


def regression(name, x, y):
    x = [float(v) for v in x]
    y = [float(v) for v in y]
    return {
        "name": name,
        "x": x,
        "y": y,
        "pearson": num(pearsonr(x, y)[0]),
        "spearman": num(spearmanr(x, y)[0]),
    }


cases_cls = []
for n in [1, 2, 5, 10, 37, 100, 1000]:
    for p_pos in [0.1, 0.5, 0.8]:
        labels = (rng.random(n) < p_pos).astype(int)
        flip = rng.random(n) < 0.3
        predictions = np.where(flip, 1 - labels, labels)
        cases_cls.append(classification(f"binary n={n} p={p_pos}", labels, predictions))
for n in [3, 20, 250]:
    labels = rng.integers(0, 3, n)
    predictions = np.where(rng.random(n) < 0.4, rng.integers(0, 3, n), labels)
    cases_cls.append(classification(f"three classes n={n}", labels, predictions))
cases_cls += [
    classification("labels all one class", [1] * 12, [1, 0] * 6),
    classification("predictions all one class", [1, 0, 0, 1, 1, 0, 1], [0] * 7),
    classification("everything class 0", [0] * 9, [0] * 9),
    classification("everything class 1", [1] * 9, [1] * 9),
    classification("perfect", [0, 1, 1, 0, 1], [0, 1, 1, 0, 1]),
    classification("inverted", [0, 1, 1, 0, 1], [1, 0, 0, 1, 0]),
    classification("no positive predicted or present", [0, 0, 0], [0, 0, 0]),
]

cases_reg = []
for n in [2, 3, 10, 50, 500]:
    x = rng.normal(2.5, 1.2, n)
    y = 0.6 * x + rng.normal(0, 1.0, n)
    cases_reg.append(regression(f"continuous n={n}", x, y))
for n in [8, 40, 300]:
    # STS-B-like scores on a 0.2 grid: many ties in both samples.
    x = np.round(rng.uniform(0, 5, n) * 5) / 5
    y = np.clip(np.round((x + rng.normal(0, 0.8, n)) * 5) / 5, 0, 5)
    cases_reg.append(regression(f"tied grid n={n}", x, y))
cases_reg += [
    regression("constant predictions", [3.0, 3.0, 3.0, 3.0], [1.0, 2.0, 3.0, 4.0]),
    regression("constant labels", [1.0, 2.0, 3.0], [2.5, 2.5, 2.5]),
    regression("perfectly monotone, not linear", [1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 4.0, 9.0, 16.0, 25.0]),
    regression("all tied but one", [1.0, 1.0, 1.0, 2.0], [0.5, 0.5, 0.7, 0.9]),
    regression("anti-correlated", [1.0, 2.0, 3.0], [3.0, 2.0, 1.0]),
]

fixture = {
    "generator": "scripts/make_metric_fixtures.py",
    "versions": {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__},
    "classification": cases_cls,
    "regression": cases_reg,
}
with open(OUT, "w") as f:
    json.dump(fixture, f, allow_nan=False)
    f.write("\n")
print(f"wrote {len(cases_cls)} classification and {len(cases_reg)} regression cases to {os.path.normpath(OUT)}")
