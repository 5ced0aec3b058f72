"""Screening priority and its measures (pure: no Django).

Active learning as ASReview does it: every title and abstract becomes a TF-IDF vector once
(``features``, the slow part, cached by the caller); after each decision a linear classifier is
fitted on the records labelled so far and the unlabelled records are ranked by its score, most
likely relevant first (``rank``: only the classifier is fitted again, in milliseconds). Until
there is at least one relevant and one irrelevant record there is nothing to learn from, and
the order is random (from a seed, so it does not jump about between page loads).

``simulate`` replays a labelled dataset as if a person screened it, starting from prior
records, and ``metrics`` measures the order it produced: WSS@95 (work saved over screening in
random order, at 95 % recall), RRF@10 (share of relevant records found after screening 10 %)
and the average time to discovery (ATD: how many records a relevant one waited for)."""

import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

# Tuned on the Nagtegaal (2019) dataset with bench/evidence.py; see docs/evidence.md.
NGRAMS = (1, 2)
MIN_DF = 1  # 2 (dropping n-grams of a single record) lowered WSS@95 to 72.2 %
MAX_DF = 0.95
SMALL = 20  # a set of at most this many records keeps every n-gram
HASH_BITS = 22  # 4 million columns to hash n-grams into: few collisions
C = 0.5


def features(texts: Sequence[str]) -> csr_matrix:
    """TF-IDF vectors of word unigrams and bigrams, with sublinear term frequency, leaving
    out the n-grams found in fewer than ``MIN_DF`` records or in nearly all (``MAX_DF``).

    The n-grams are hashed to columns rather than looked up in a vocabulary: nothing needs to
    map a column back to its words, and hashing spares building and sorting a dictionary of
    every n-gram, the slow part of scikit-learn's ``TfidfVectorizer``. The matrix is float64,
    what the classifier fits on, so that no fit has to convert it again."""
    # scikit-learn is imported where it is used: it adds about 100 MB to every process that
    # loads it, and only screening needs it, not each server process that starts the site.
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

    hasher = HashingVectorizer(
        ngram_range=NGRAMS,
        strip_accents="unicode",
        n_features=2**HASH_BITS,
        alternate_sign=False,
        norm=None,
        dtype=np.float64,
    )
    counts: csr_matrix = hasher.transform(list(texts)).tocsr()
    records = counts.shape[0]
    seen_in = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = seen_in > 0
    if records > SMALL:
        common = keep & (seen_in >= MIN_DF) & (seen_in <= MAX_DF * records)
        keep = common if common.any() else keep
    if not keep.any():  # no record has a word to go by: one empty column, nothing to learn
        return csr_matrix((records, 1), dtype=np.float64)
    matrix: csr_matrix = (
        TfidfTransformer(sublinear_tf=True).fit_transform(counts[:, np.flatnonzero(keep)]).tocsr()
    )
    return matrix


def scores(matrix: csr_matrix, labelled: Sequence[int], labels: Sequence[bool]) -> np.ndarray:
    """The classifier's score for every row of ``matrix``, fitted on the labelled rows."""
    from sklearn.svm import LinearSVC  # where it is used, as in ``features``

    y = np.asarray(labels, dtype=np.int8)
    positives = int(y.sum())
    negatives = len(y) - positives
    # Both classes weigh the same in all: the few relevant records count as much as the many
    # irrelevant ones.
    weights = {1: len(y) / (2 * positives), 0: len(y) / (2 * negatives)}
    model = LinearSVC(C=C, class_weight=weights)
    model.fit(matrix[np.asarray(labelled)], y)
    result: np.ndarray = model.decision_function(matrix)
    return result


def rank(
    matrix: csr_matrix,
    labelled: Sequence[int],
    labels: Sequence[bool],
    *,
    seed: int = 0,
) -> list[int]:
    """Row numbers of ``matrix`` not in ``labelled``, the most likely relevant first; in a
    seeded random order until both a relevant and an irrelevant record are labelled."""
    known = set(labelled)
    pool = np.array([i for i in range(matrix.shape[0]) if i not in known], dtype=np.int64)
    if not has_both(labels):
        order = list(map(int, pool))
        random.Random(seed).shuffle(order)  # noqa: S311
        return order
    if not len(pool):
        return []
    found = scores(matrix, labelled, labels)[pool]
    return [int(i) for i in pool[np.argsort(-found, kind="stable")]]


def has_both(labels: Sequence[bool]) -> bool:
    return any(labels) and not all(labels)


# --- simulation and measures -------------------------------------------------------------------


@dataclass(frozen=True)
class Metrics:
    wss95: float  # share of all records (0–1)
    rrf10: float  # share of relevant records (0–1)
    atd: float  # records
    atd_share: float  # as a share of the records screened after the priors


def metrics(found: Sequence[bool], *, total_relevant: int | None = None) -> Metrics:
    """Measures of a screening order: ``found[i]`` says whether the (i+1)-th record screened
    after the priors was relevant. The order may stop once every relevant record is found,
    when ``total_relevant`` gives how many there are; otherwise ``found`` is the whole pool."""
    n = len(found)
    relevant = sum(found) if total_relevant is None else total_relevant
    if relevant == 0 or n == 0:
        raise ValueError("a dataset to measure needs relevant records")
    positions = [i + 1 for i, hit in enumerate(found) if hit]
    if len(positions) < relevant:
        raise ValueError("the order stops before every relevant record was found")
    pool = n if total_relevant is None else None
    return Metrics(
        wss95=_wss(positions, relevant, pool, 0.95),
        rrf10=_rrf(positions, relevant, pool, 0.10),
        atd=sum(positions) / relevant,
        atd_share=(sum(positions) / relevant) / (pool or n),
    )


def _wss(positions: list[int], relevant: int, pool: int | None, recall: float) -> float:
    size = pool or 0
    needed = math.ceil(recall * relevant)
    screened = positions[needed - 1]
    return (size - screened) / size - (1 - recall)


def _rrf(positions: list[int], relevant: int, pool: int | None, share: float) -> float:
    size = pool or 0
    cut = round(share * size)
    return sum(1 for p in positions if p <= cut) / relevant


@dataclass
class Run:
    priors: tuple[int, ...]
    found: list[bool] = field(default_factory=list)  # in screening order, after the priors
    update_seconds: list[float] = field(default_factory=list)


def priors_for(labels: Sequence[bool], *, runs: int, seed: int) -> list[tuple[int, int]]:
    """One relevant and one irrelevant record per run, drawn with ``seed``: the same starts
    for every model compared."""
    generator = random.Random(seed)  # noqa: S311 (a reproducible draw, not a secret)
    relevant = [i for i, label in enumerate(labels) if label]
    irrelevant = [i for i, label in enumerate(labels) if not label]
    return [(generator.choice(relevant), generator.choice(irrelevant)) for _ in range(runs)]


def simulate(matrix: csr_matrix, labels: Sequence[bool], priors: Sequence[int]) -> Run:
    """Screen ``matrix`` as a person would who always takes the top-ranked record and whose
    decision is ``labels``; stops once every relevant record is found."""
    run = Run(tuple(priors))
    labelled = list(priors)
    known = [bool(labels[i]) for i in labelled]
    remaining = sum(labels) - sum(known)
    pool = np.ones(len(labels), dtype=bool)
    pool[labelled] = False
    while remaining and pool.any():
        start = time.perf_counter()
        if has_both(known):
            found = scores(matrix, labelled, known)
            found[~pool] = -np.inf
            choice = int(np.argmax(found))
        else:
            choice = int(np.flatnonzero(pool)[0])
        run.update_seconds.append(time.perf_counter() - start)
        pool[choice] = False
        labelled.append(choice)
        known.append(bool(labels[choice]))
        run.found.append(bool(labels[choice]))
        remaining -= int(bool(labels[choice]))
    return run


def summary(runs: Sequence[Run], labels: Sequence[bool]) -> dict[str, Any]:
    """Each run's measures and their mean, over the records left after each run's priors."""
    rows = []
    for run in runs:
        pool_size = len(labels) - len(run.priors)
        padded = run.found + [False] * (pool_size - len(run.found))
        rows.append(metrics(padded))
    updates = [s for run in runs for s in run.update_seconds]
    return {
        "runs": rows,
        "wss95": float(np.mean([m.wss95 for m in rows])),
        "rrf10": float(np.mean([m.rrf10 for m in rows])),
        "atd": float(np.mean([m.atd for m in rows])),
        "atd_share": float(np.mean([m.atd_share for m in rows])),
        "update_mean": float(np.mean(updates)) if updates else 0.0,
        "update_max": float(np.max(updates)) if updates else 0.0,
    }
