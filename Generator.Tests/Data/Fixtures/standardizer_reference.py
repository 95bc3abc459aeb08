"""Reference statistics for StandardizerTests: what scikit-learn's StandardScaler computes (numpy, float64,
population deviation, ddof=0) for the repository's two data sets.

The features are first rounded to float32, because that is what Dataset.LoadCsv stores; the statistics of those
float32 values are then computed in float64, as StandardScaler does for any input.

Run from the repository root:  /usr/bin/python3 Generator.Tests/Data/Fixtures/standardizer_reference.py
It writes Generator.Tests/Data/Fixtures/standardizer_reference.json next to itself.
"""
import json
import os

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "..", "..")
result = {"numpy": np.__version__}
for name in ["iris", "breast_cancer"]:
    with open(os.path.join(root, "data", name + ".csv")) as f:
        rows, features = (int(v) for v in f.readline().split(",")[:2])
        x = np.loadtxt(f, delimiter=",")[:, :features].astype(np.float32).astype(np.float64)
    assert x.shape == (rows, features)
    std = x.std(axis=0, ddof=0)
    result[name] = {"mean": x.mean(axis=0).tolist(), "scale": np.where(std == 0, 1.0, std).tolist()}
with open(os.path.join(here, "standardizer_reference.json"), "w") as f:
    json.dump(result, f, indent=1)
    f.write("\n")
