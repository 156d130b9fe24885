#!/usr/bin/python3
"""Reference check for the in-browser softmax regression.

Reads JSON {"X": number[][], "y": number[], "folds": number[], "l2"?: number, "classWeight"?: "balanced"|null}
(from a file argument or stdin) and prints the balanced accuracy of each fold and their mean for
scikit-learn's LogisticRegression on standardized features (StandardScaler fitted on each training fold),
using the given fold ids (rows with fold -1 are left out).

The app minimises  sum_i w_i CE_i / sum_i w_i + (l2 / 2) ||W||^2  (intercepts not penalised), which is
LogisticRegression with C = 1 / (l2 * sum_i w_i) on the training fold; with balanced weights sum_i w_i = n_train.

Run with the system python, which has python3-sklearn:  /usr/bin/python3 scripts/sklearn/compare.py data.json
The last line of output is JSON: {"foldScores": [...], "mean": ..., "C": [...]}.
"""
import inspect
import json
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_sample_weight


def main() -> None:
    data = json.load(open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)
    X = np.asarray(data["X"], dtype=np.float64)
    y = np.asarray(data["y"], dtype=np.int64)
    folds = np.asarray(data["folds"], dtype=np.int64)
    l2 = float(data.get("l2", 0.01))
    class_weight = data.get("classWeight", "balanced")

    extra = {}
    # Older scikit-learn picks one-vs-rest for two classes; the app is always multinomial.
    if "multi_class" in inspect.signature(LogisticRegression).parameters and len(np.unique(y)) == 2:
        extra["multi_class"] = "multinomial"

    scores, cs = [], []
    for f in sorted(set(folds.tolist()) - {-1}):
        train, valid = folds != f, folds == f
        train &= folds >= 0
        scaler = StandardScaler().fit(X[train])
        weights = compute_sample_weight(class_weight, y[train]) if class_weight else np.ones(train.sum())
        C = 1.0 / (l2 * weights.sum())
        model = LogisticRegression(C=C, class_weight=class_weight, max_iter=2000, tol=1e-8, **extra)
        model.fit(scaler.transform(X[train]), y[train])
        score = balanced_accuracy_score(y[valid], model.predict(scaler.transform(X[valid])))
        print(f"fold {f}: balanced accuracy {score:.4f}  (C = {C:.6g}, n_train = {int(train.sum())})")
        scores.append(float(score))
        cs.append(C)
    mean = float(np.mean(scores))
    print(f"mean: {mean:.4f}  sd: {float(np.std(scores, ddof=1)) if len(scores) > 1 else 0.0:.4f}")
    print(json.dumps({"foldScores": scores, "mean": mean, "C": cs}))


if __name__ == "__main__":
    main()
