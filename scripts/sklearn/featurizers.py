#!/usr/bin/python3
"""Featurizer x dataset table (issue 10): one learner, one set of folds per dataset, every featurizer set.

Usage: featurizers.py FEATURES_DIR DATASETS_DIR OUT_PREFIX dataset [dataset ...]

FEATURES_DIR/<dataset>/<network>[+flip]/{rows.json, cover.f32, style.f32, colour.f32} are written by
scripts/reference/featurizers.mjs from the app's own pipeline (float32, row-major, rows in rows.json order).
Learner, the same for every row: StandardScaler + LogisticRegression(class_weight='balanced'), fitted on the
training folds only, at C=0.1 (default) or, with LEARNER=inner, at the C an inner 3-fold CV on the training rows
picks from the app's grid 10^(-4 + 0.8 i), i = 0..5 (inner folds grouped like the outer ones; ties to the stronger
penalty): the app's own learner. Wide blocks are fitted on their exact row-space coordinates (see cv_scores_inner).
Folds: 5-fold StratifiedKFold (shuffle, seed 0); for a dataset whose dataset.csv has an
'artist' column, StratifiedGroupKFold by artist (an artist's covers never straddle train and test).
Prints a markdown table (mean +- sd over folds, paired delta vs the first row) and writes OUT_PREFIX.{md,json}.
"""
import csv
import hashlib
import json
import os
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import GridSearchCV, StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

INNER = os.environ.get("LEARNER") == "inner"
C = "inner CV" if INNER else 0.1
C_GRID = [10 ** (-4 + 0.8 * i) for i in range(6)]
V1, V2 = "mobilenet_v1_0.75_224", "mobilenet_v2_1.0_224"
# (label, [(network variant, group), ...]); the first row is the baseline.
ROWS = [
    ("V1 0.75 final layer (baseline)", [(V1, "cover")]),
    ("V1 0.75 style", [(V1, "style")]),
    ("V1 0.75 final + style", [(V1, "cover"), (V1, "style")]),
    ("V2 1.0 final layer", [(V2, "cover")]),
    ("V2 1.0 style", [(V2, "style")]),
    ("V2 1.0 final + style", [(V2, "cover"), (V2, "style")]),
    ("V2 1.0 style + colour", [(V2, "style"), (V2, "colour")]),
    ("V2 1.0 final + style + colour", [(V2, "cover"), (V2, "style"), (V2, "colour")]),
    ("colour only", [(V2, "colour")]),
    ("V1 0.75 final layer, flip-avg", [(V1 + "+flip", "cover")]),
    ("V2 1.0 style, flip-avg", [(V2 + "+flip", "style")]),
]


def load(features_dir, dataset, variant):
    d = os.path.join(features_dir, dataset, variant)
    if not os.path.exists(os.path.join(d, "rows.json")):
        return None
    meta = json.load(open(os.path.join(d, "rows.json")))
    n = len(meta["covers"])
    groups = {g: np.fromfile(os.path.join(d, f"{g}.f32"), dtype=np.float32).reshape(n, dims) for g, dims in meta["dims"].items()}
    return meta, groups


def stratified_folds(k, y, groups=None):
    """Seeded stratified K-fold (train, test) index pairs over len(y) rows; with groups, a group never straddles."""
    if groups is None:
        return list(StratifiedKFold(k, shuffle=True, random_state=0).split(np.zeros(len(y)), y))
    return list(StratifiedGroupKFold(k, shuffle=True, random_state=0).split(np.zeros(len(y)), y, groups))


def folds_for(dataset_csv, covers, y):
    rows = {r["cover"]: r for r in csv.DictReader(open(dataset_csv, newline=""))}
    artists = [rows[c].get("artist") for c in covers]
    if all(a for a in artists):
        return stratified_folds(5, y, np.array(artists)), "stratified, grouped by artist", np.array(artists)
    return stratified_folds(5, y), "stratified", None


def file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def cv_scores_inner(X, y, folds, groups):
    """Outer CV of the app's learner. Standardisation is fitted on the outer training rows and shared by the inner
    folds (as in the app). With more columns than rows, X is replaced by its coordinates on the row space of the
    standardised training rows (an orthonormal basis V from the SVD): an L2-penalised fit on any subset of those
    rows has its weights in that space, so the fits and scores are the same, on at most n columns."""
    out, chosen = [], []
    for train, test in folds:
        scaler = StandardScaler().fit(X[train])
        xtr, xte = scaler.transform(X[train]), scaler.transform(X[test])
        if xtr.shape[1] > xtr.shape[0]:
            _, s, vt = np.linalg.svd(xtr, full_matrices=False)
            basis = vt[s > 1e-10 * s[0]].T
            xtr, xte = xtr @ basis, xte @ basis
        inner = stratified_folds(3, y[train], None if groups is None else groups[train])
        search = GridSearchCV(LogisticRegression(class_weight="balanced", max_iter=3000), {"C": C_GRID}, scoring="balanced_accuracy", cv=inner, n_jobs=2)
        search.fit(xtr, y[train])
        chosen.append(search.best_params_["C"])
        out.append(balanced_accuracy_score(y[test], search.predict(xte)))
    print("    C per fold: " + " ".join(f"{c:.2g}" for c in chosen), flush=True)
    return np.array(out)


def cv_scores(X, y, folds, groups=None):
    if INNER:
        return cv_scores_inner(X, y, folds, groups)
    out = []
    for train, test in folds:
        model = make_pipeline(StandardScaler(), LogisticRegression(C=C, class_weight="balanced", max_iter=3000))
        model.fit(X[train], y[train])
        out.append(balanced_accuracy_score(y[test], model.predict(X[test])))
    return np.array(out)


def table(features_dir, datasets_dir, dataset):
    variants = {}
    for _, parts in ROWS:
        for variant, _g in parts:
            if variant not in variants:
                variants[variant] = load(features_dir, dataset, variant)
    base = variants[V1]
    if base is None:
        raise SystemExit(f"{dataset}: no {V1} features in {features_dir}")
    covers = base[0]["covers"]
    classes = sorted(set(base[0]["targets"]))
    y = np.array([classes.index(t) for t in base[0]["targets"]])
    folds, how, groups = folds_for(os.path.join(datasets_dir, dataset, "dataset.csv"), covers, y)
    # CV scores are cached by the exact bytes of the vectors, the learner and the folds: a re-run only fits new rows.
    cache_file = os.path.join(features_dir, dataset, "cv-cache.json")
    cache = json.load(open(cache_file)) if os.path.exists(cache_file) else {}
    fold_key = hashlib.sha256(json.dumps([t.tolist() for _, t in folds]).encode()).hexdigest()[:16]
    results = []
    # FEATURIZER_ROWS="label;label;…": fit only these rows (plus any already cached), e.g. on a busy machine.
    only = set(filter(None, os.environ.get("FEATURIZER_ROWS", "").split(";")))
    for label, parts in ROWS:
        blocks = []
        for variant, group in parts:
            v = variants[variant]
            if v is None or group not in v[1]:
                blocks = None
                break
            # Same rows in the same order for every variant, or the comparison would be meaningless.
            order = {c: i for i, c in enumerate(v[0]["covers"])}
            blocks.append(v[1][group][[order[c] for c in covers]])
        if blocks is None:
            continue
        key = json.dumps([label, C, fold_key, [file_digest(os.path.join(features_dir, dataset, v, f"{g}.f32")) for v, g in parts]])
        if only and label not in only and key not in cache:
            continue
        X = np.hstack(blocks).astype(np.float64)
        t = time.time()
        s = np.array(cache[key]) if key in cache else cv_scores(X, y, folds, groups)
        cache[key] = s.tolist()
        json.dump(cache, open(cache_file, "w"))
        results.append({"label": label, "dims": X.shape[1], "folds": s.tolist(), "mean": float(s.mean()), "sd": float(s.std(ddof=1)), "seconds": time.time() - t})
        print(f"  {dataset}: {label:36s} {s.mean():.3f} ± {s.std(ddof=1):.3f}  ({X.shape[1]} dims, {time.time() - t:.0f} s)", flush=True)
    b = np.array(results[0]["folds"])
    for r in results:
        d = np.array(r["folds"]) - b
        r["delta"] = float(d.mean())
        r["deltaSd"] = float(d.std(ddof=1))
        r["foldsWon"] = int((d > 0).sum())
    speeds = {k: v[0].get("imagesPerSecond") for k, v in variants.items() if v}
    return {"dataset": dataset, "rows": len(covers), "classes": classes, "folds": how, "results": results, "imagesPerSecond": speeds}


def main():
    features_dir, datasets_dir, out_prefix, *datasets = sys.argv[1:]
    tables = [table(features_dir, datasets_dir, d) for d in datasets]
    labels = [r["label"] for r in tables[0]["results"]]
    head = "| features | dims | " + " | ".join(f"{t['dataset']} ({t['rows']}, {t['folds']}) | Δ vs baseline" for t in tables) + " |"
    lines = [
        f"Learner for every row: StandardScaler + LogisticRegression(class_weight='balanced', C={'chosen per outer fold by an inner 3-fold CV on its training rows from 1e-4…1 (the app’s learner)' if INNER else C}); 5-fold CV, balanced accuracy, mean ± sd over folds; Δ = paired mean of per-fold differences (folds won of 5).",
        "",
        head,
        "|" + "---|" * (2 + 2 * len(tables)),
    ]
    for label in labels:
        cells = []
        dims = ""
        for t in tables:
            r = next((r for r in t["results"] if r["label"] == label), None)
            if r is None:
                cells += ["—", "—"]
                continue
            dims = str(r["dims"])
            cells += [f"{r['mean']:.3f} ± {r['sd']:.3f}", f"{r['delta']:+.3f} ({r['foldsWon']}/5)"]
        lines.append(f"| {label} | {dims} | " + " | ".join(cells) + " |")
    md = "\n".join(lines) + "\n"
    print("\n" + md)
    open(out_prefix + ".md", "w").write(md)
    json.dump({"C": C, "tables": tables}, open(out_prefix + ".json", "w"), indent=1)
    print(f"wrote {out_prefix}.md and .json")


if __name__ == "__main__":
    main()
