"""Event sequences as a matrix: encode each user's sessions, cluster the users, attach the clusters.

Each user's sessions become a bag of n-grams (events, transitions including
start/end markers, and optionally 3-grams), weighted by TF-IDF. The sparse matrix
is reduced with a truncated SVD and clustered like any other matrix by the core's
:func:`synthpersona.segmentation.cluster` (fixed ``k`` or automatic choice by
silhouette). Profiles and names of the resulting behavioural personas (core
:class:`~synthpersona.model.Segment` and :class:`~synthpersona.model.Persona`) come from
:func:`profile_behavioural_personas`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from synthpersona.errors import DataError, InputError
from synthpersona.segmentation import BehaviourCounts, Clustering, ClusteringParams, cluster
from synthpersona.simulation._mixture import (
    counts_from_ngrams,
    tempo_counts,
    with_visits,
    without_double_fires,
)
from synthpersona.simulation._profiling import profile_behavioural_personas
from synthpersona.simulation._sessions import Sessions, index_sessions
from synthpersona.simulation.etl import ensure_event_log

__all__ = [
    "attach_clusters",
    "cluster_behaviour",
    "cluster_event_sequences",
    "encode_event_sequences",
    "event_behaviour_counts",
    "planted_group_agreement",
    "profile_behavioural_personas",
]

_START, _END = "^", "$"


def encode_event_sequences(
    events: pd.DataFrame, *, max_n: int = 3, tfidf: bool = True
) -> tuple[sparse.csr_matrix, np.ndarray, list[str]]:
    """Encode each user's event sequences as TF-IDF weighted n-gram counts.

    Tokens are single events, transitions ``a>b`` (with ``^`` for a session start and
    ``$`` for its end, so entry and exit behaviour count) and, with ``max_n=3``,
    3-grams ``a>b>c``. All of a user's sessions add up.

    Parameters
    ----------
    events
        Event log (see :func:`~synthpersona.simulation.etl.load_event_log`).
    max_n
        Longest n-gram, 1 to 3.
    tfidf
        Weight counts by sublinear TF-IDF and L2-normalise rows (else raw counts).

    Returns
    -------
    X : scipy.sparse.csr_matrix
        ``(n_users, n_features)``.
    user_ids : numpy.ndarray
        The user of each row.
    feature_names : list of str

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> X, users, names = encode_event_sequences(make_sample_events(n_users=30, random_state=0))
    >>> X.shape[0] == len(users) == 30
    True
    """
    if max_n not in (1, 2, 3):
        raise InputError(f"max_n must be 1, 2 or 3, got {max_n!r}.", details={"allowed": [1, 2, 3]})
    return _encode(index_sessions(events), max_n, tfidf)


def _encode(sx: Sessions, max_n: int, tfidf: bool) -> tuple[sparse.csr_matrix, np.ndarray, list[str]]:
    """:func:`encode_event_sequences` of an indexed log."""
    X, used = _ngram_counts(sx, max_n)
    names = [_token_name(int(u), sx.vocabulary, len(sx.vocabulary) + 2) for u in used]
    if tfidf:
        X = _tfidf(X)
    return X, sx.user_ids, names


def _ngram_counts(
    sx: Sessions, max_n: int, user_of_row: np.ndarray | None = None
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Raw n-gram counts per user and the token id of each column (see :func:`_token_name`).

    ``user_of_row`` (int32, :func:`_user_of_row`) is passed by callers that need it again.
    """
    v = len(sx.vocabulary)
    base = v + 2  # events, start marker, end marker
    n_tokens = base + base**2 + (base**3 if max_n >= 3 else 0)
    dtype = np.int32 if n_tokens < 2**31 else np.int64
    if user_of_row is None:
        user_of_row = _user_of_row(sx)
    codes: np.ndarray = sx.codes.astype(dtype)
    rows = [user_of_row]
    tokens = [codes]
    if max_n >= 2:
        # Previous event of every row, with a start marker at the first row of each session.
        prev = np.empty_like(codes)
        prev[1:] = codes[:-1]
        prev[sx.starts] = v
        rows += [user_of_row, sx.user_of_session.astype(np.int32)]
        tokens += [base + prev * base + codes, base + codes[sx.ends] * base + (v + 1)]
    if max_n >= 3:
        # 3-grams need two previous events in the same session: rows at position >= 2.
        ok = np.ones(len(codes), dtype=bool)
        ok[sx.starts] = False
        ok[np.minimum(sx.starts + 1, len(codes) - 1)[sx.lengths > 1]] = False
        idx = np.flatnonzero(ok)
        rows.append(user_of_row[idx])
        tokens.append(base + base * base + (codes[idx - 2] * base + codes[idx - 1]) * base + codes[idx])
        del ok, idx
    r = np.concatenate(rows)
    t = np.concatenate(tokens)
    del rows, tokens
    if n_tokens <= 20_000_000:
        # Dense lookup of used tokens: linear time, unlike sorting 10+ million tokens.
        present = np.bincount(t, minlength=n_tokens) > 0
        used = np.flatnonzero(present)
        col: np.ndarray = (np.cumsum(present, dtype=np.int32) - 1)[t]
    else:
        used, col = np.unique(t, return_inverse=True)
    del t
    n_users = len(sx.user_ids)
    held = [_pair_keys(r, col, n_users, len(used))]
    del r, col  # the keys hold them: at 5M events, ~116 MB less at the peak of the clustering
    return _count_keys(held, n_users, len(used)), used


def _user_of_row(sx: Sessions) -> np.ndarray:
    """The (0-based) user of every row, int32: shared by the n-gram and the tempo counts."""
    return sx.user_of_session.astype(np.int32)[sx.session_of_row]


def _count_matrix(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> sparse.csr_matrix:
    """CSR matrix of how often each ``(row, col)`` pair occurs, built with one sort.

    One sort of ``row * n_cols + col`` gives the rows in order, the columns sorted within
    each row and the duplicates side by side, so their runs are the counts (scipy's COO
    route sorts twice and sums duplicates in a third pass).

    Examples
    --------
    >>> _count_matrix(np.array([1, 0, 1, 1]), np.array([2, 0, 2, 0]), 3, 3).toarray().tolist()
    [[1.0, 0.0, 0.0], [1.0, 0.0, 2.0], [0.0, 0.0, 0.0]]
    """
    return _count_keys([_pair_keys(rows, cols, n_rows, n_cols)], n_rows, n_cols)


def _pair_keys(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> np.ndarray:
    """``row * n_cols + col`` of every pair, a new array (int32 when it fits)."""
    # int32 keys sort about twice as fast; 615,000 users x 459 n-grams still fit.
    key_dtype = np.int32 if n_rows * n_cols < 2**31 else np.int64
    key: np.ndarray[Any, np.dtype[np.signedinteger[Any]]] = rows.astype(key_dtype)
    key *= n_cols
    key += cols.astype(key_dtype, copy=False)
    return key


def _count_keys(held: list[np.ndarray], n_rows: int, n_cols: int) -> sparse.csr_matrix:
    """The CSR counts of the keys of :func:`_pair_keys`, handed over in a one-item list.

    The keys are taken out of the list and sorted in place: only this function holds them, so
    they are freed as soon as their distinct values are read (an argument would stay alive in
    the caller's frame until the end).
    """
    key = held.pop()
    key.sort()
    first = np.empty(len(key), dtype=bool)  # first of each run of equal keys (no diff copy)
    first[:1] = True
    np.not_equal(key[1:], key[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    del first
    counts = np.diff(starts, append=len(key)).astype(np.float32)
    unique = key[starts]
    del key, starts
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(unique // n_cols, minlength=n_rows), out=indptr[1:])
    idx_dtype = np.int32 if max(n_cols, len(unique)) < 2**31 else np.int64
    indices = (unique % n_cols).astype(idx_dtype)
    X = sparse.csr_matrix((counts, indices, indptr.astype(idx_dtype)), shape=(n_rows, n_cols), copy=False)
    X.has_sorted_indices = True
    X.has_canonical_format = True
    return X


def _tfidf(X: sparse.csr_matrix) -> sparse.csr_matrix:
    """Sublinear TF-IDF with smoothed IDF and L2-normalised rows, in place on ``X``'s data.

    The same weights as scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` (tested),
    without its copies of a matrix of millions of entries.

    Examples
    --------
    >>> X = _tfidf(sparse.csr_matrix(np.array([[1.0, 3.0], [0.0, 2.0]], dtype=np.float32)))
    >>> np.round(X.toarray().astype(float), 3).tolist()
    [[0.556, 0.831], [0.0, 1.0]]
    """
    n = X.shape[0]
    df = np.bincount(X.indices, minlength=X.shape[1])
    idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
    data = np.log(X.data.astype(np.float32, copy=False))
    data += 1.0
    data *= idf[X.indices]
    lengths = np.diff(X.indptr)
    nonempty = lengths > 0
    norms = np.sqrt(np.add.reduceat(data * data, X.indptr[:-1][nonempty], dtype=np.float64))
    data /= np.repeat(norms.astype(np.float32), lengths[nonempty])
    X.data = data
    return X


def _token_name(token: int, vocab: list[str], base: int) -> str:
    names = [*vocab, _START, _END]
    if token < base:
        return names[token]
    token -= base
    if token < base * base:
        return f"{names[token // base]}>{names[token % base]}"
    token -= base * base
    return f"{names[token // (base * base)]}>{names[(token // base) % base]}>{names[token % base]}"


def _project(
    X: Any, k: int | None, n_components: int, svd_sample: int, random_state: int | None
) -> np.ndarray:
    """Check ``k`` against the users, then project the TF-IDF rows for clustering.

    Shared by the in-memory and the engine (SQL) paths, so both cluster the same space.
    """
    n_users = X.shape[0]
    _check_k(k, n_users)
    dims = max(1, min(n_components, X.shape[1] - 1, n_users - 1))
    if X.shape[1] > dims + 1:
        # The SVD basis is learnt on a sample of users (it is stable well before 50k rows);
        # projecting everyone is one sparse product.
        from sklearn.decomposition import TruncatedSVD  # the n-gram path only: the default never loads it
        from sklearn.preprocessing import normalize

        svd = TruncatedSVD(n_components=dims, random_state=random_state)
        if n_users > svd_sample:
            rng = np.random.default_rng(random_state)
            svd.fit(X[np.sort(rng.choice(n_users, svd_sample, replace=False))])
            Z = svd.transform(X)
        else:
            Z = svd.fit_transform(X)
        Z = normalize(Z).astype(np.float32)
    else:
        Z = X.toarray()
    return Z


METHODS: tuple[str, ...] = ("markov", "ngram")


def cluster_event_sequences(
    events: pd.DataFrame,
    k: int | None = None,
    *,
    params: ClusteringParams | None = None,
    method: str = "markov",
    n_components: int = 16,
    max_n: int = 3,
    svd_sample: int = 50_000,
    random_state: int | None = 0,
    sessions: Sessions | None = None,
) -> Clustering:
    """Cluster users by their event sequences.

    Two methods (:data:`METHODS`):

    - ``"markov"`` (default): a mixture of Markov chains. Each group has its own
      transitions (with session start and end), its own tempo (gaps between events) and
      number of sessions; users are counts of these, fitted by EM. With ``k=None``, k is
      the smallest whose mixture, fitted on 70% of (a sample of) the users, predicts the
      other 30% about as well as any k (held-out likelihood); when one chain for everyone
      predicts them as well, ``selection.clear`` is False ("no clear segments") and the
      best k >= 2 is kept as a descriptive split. A tracker's double fire (one event twice
      within 2 s, alone) counts once in these counts, so "users whose tracker double-fired" is
      never a segment; how many were collapsed is in ``notes``.
    - ``"ngram"``: TF-IDF n-grams (:func:`encode_event_sequences`), truncated SVD and the
      core's :func:`~synthpersona.segmentation.cluster` on the components.

    Parameters
    ----------
    events
        Event log.
    k
        Fixed number of clusters, or ``None`` to choose ``k``.
    params
        ``k_min``, ``k_max``, ``min_cluster_pct``, ``n_init`` and ``fit_sample`` are used by
        both methods; ``"ngram"`` clusters the reduced matrix with all of them (default:
        k-means, k in 2..8). ``k`` and ``random_state`` are replaced by the arguments above.
    method
        ``"markov"`` or ``"ngram"``.
    n_components, svd_sample
        ``"ngram"``: dimensions kept by the truncated SVD, and users its basis is fitted on.
    max_n
        Longest n-gram of the encoding (see :func:`encode_event_sequences`), which gives
        ``feature_names`` and ``top_features`` with either method.
    random_state
        Seed of every random step.
    sessions
        The log's session index (``index_sessions(events)``) when the caller has built it
        already: the simulation path builds it once for clustering, profiles and chains.

    Returns
    -------
    Clustering
        Labels per user, with ``row_ids`` (the users), ``feature_names`` (the n-grams),
        ``top_features`` (per cluster, the n-grams most over-represented against all users)
        and ``selection`` (how k was chosen, and whether the segments are clear).

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> res = cluster_event_sequences(make_sample_events(random_state=0), k=3)
    >>> res.k
    3
    """
    if method not in METHODS:
        raise InputError(
            f"Unknown clustering method {method!r}; use one of {', '.join(METHODS)}.",
            details={"allowed": list(METHODS)},
        )
    sx = index_sessions(events, sessions)
    # The mixture reads its transitions off the bigrams, whatever max_n says about the named features.
    user_of_row = _user_of_row(sx)
    X, used = _ngram_counts(sx, max(max_n, 2) if method == "markov" else max_n, user_of_row)
    user_ids = sx.user_ids
    names = [_token_name(int(u), sx.vocabulary, len(sx.vocabulary) + 2) for u in used]
    n_users = X.shape[0]
    params = params or ClusteringParams(algorithm="kmeans")
    params = params.with_(k=k, k_max=min(params.k_max, n_users - 1), random_state=random_state)
    counts = None
    if method == "markov":
        _check_k(k, n_users)
        # The transitions are the bigram columns of the raw counts (read before TF-IDF weighs them).
        counts = _behaviour_counts(sx, X, used, user_of_row)
    del user_of_row
    X = _tfidf(X)
    if counts is not None:
        result = cluster_behaviour(counts, k, params)
        del counts
    else:
        Z = _project(X, k, n_components, svd_sample, random_state)
        result = cluster(Z, params, data="numeric")
    result.row_ids = user_ids
    result.feature_names = names
    result.top_features = _top_features(X, result.labels, result.k, names)
    return result


def event_behaviour_counts(events: pd.DataFrame) -> tuple[BehaviourCounts, np.ndarray]:
    """Every user's behaviour counts (what ``method="markov"`` clusters) and the users' ids.

    Transitions with session start and end, gap bins and the session-count bin
    (:mod:`synthpersona.simulation._mixture`), one row per user in ``user_ids`` order.

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> counts, users = event_behaviour_counts(make_sample_events(n_users=50, random_state=0))
    >>> counts.n_users == len(users) == 50
    True
    """
    sx = index_sessions(events)
    user_of_row = _user_of_row(sx)
    X, used = _ngram_counts(sx, 2, user_of_row)
    return _behaviour_counts(sx, X, used, user_of_row), np.asarray(sx.user_ids)


def _behaviour_counts(
    sx: Sessions, X: sparse.csr_matrix, used: np.ndarray, user_of_row: np.ndarray
) -> BehaviourCounts:
    """The mixture's counts from the raw n-gram counts ``X``, the tracker's double fires counted once.

    The n-gram features keep every row (they describe the log as recorded); the mixture's
    self-transitions and gaps leave the double fires out (``_mixture.double_fires``), exactly as
    the engine (SQL) path does.
    """
    v = len(sx.vocabulary)
    codes, times, starts, users, copies = without_double_fires(
        sx.codes, sx.times, sx.starts, user_of_row, len(sx.user_ids), v
    )
    tempo = tempo_counts(times, starts, users, sx.user_of_session, codes, v)
    return counts_from_ngrams(X, used, tempo, sx.vocabulary, copies)


def cluster_behaviour(counts: BehaviourCounts, k: int | None, params: ClusteringParams) -> Clustering:
    """Cluster users' behaviour counts with the registered ``markov_mixture`` algorithm.

    The one clustering entry point (:func:`~synthpersona.segmentation.cluster`) with the
    options of ``params`` (``fit_sample`` and ``n_init`` default to the algorithm's own).
    Shared by the in-memory and the engine (SQL) paths. When the median user makes fewer than two
    choices, the events each user visited replace the transitions
    (:func:`~synthpersona.simulation._mixture.with_visits`).
    """
    counts = with_visits(counts)
    return cluster(counts, params.with_(algorithm="markov_mixture", k=k), data="event_counts")


def _check_k(k: int | None, n_users: int) -> None:
    if k is not None and (k < 1 or k > n_users):
        raise InputError(
            f"k must be between 1 and the number of users ({n_users}), got {k}.",
            details={"k": k, "n_users": n_users},
        )
    if n_users < 4:
        raise DataError(
            f"Only {n_users} user(s) in the event log; behavioural clustering needs at least 4.",
            details={"n_users": n_users},
        )


def _top_features(
    X: sparse.csr_matrix, labels: np.ndarray, k: int, names: list[str], top: int = 5
) -> dict[int, list[str]]:
    onehot = sparse.csr_matrix(
        (np.ones(len(labels), dtype=np.float32), (labels, np.arange(len(labels)))), shape=(k, len(labels))
    )
    sizes = np.maximum(np.bincount(labels, minlength=k), 1)[:, None]
    means = np.asarray((onehot @ X).todense()) / sizes
    # X.sum, not X.mean: scipy's mean scales a copy of the whole matrix (+700 MB at 50M events)
    overall = np.asarray(X.sum(axis=0)).ravel() / max(X.shape[0], 1) + 1e-9
    lift = means - overall  # difference of mean weights: favours features that matter, not rare ones
    return {c: [names[j] for j in np.argsort(-lift[c])[:top] if lift[c, j] > 0] for c in range(k)}


def attach_clusters(
    events: pd.DataFrame, clustering: Clustering, user_ids: np.ndarray | None = None
) -> pd.DataFrame:
    """Return the event log with a ``cluster_id`` column (``-1`` for users not clustered).

    Parameters
    ----------
    events
        Event log.
    clustering
        Output of :func:`cluster_event_sequences`.
    user_ids
        Users in the order of ``clustering.labels`` (default: ``clustering.row_ids``;
        the seed passes the ids from :func:`encode_event_sequences`).

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> log = make_sample_events(n_users=60, random_state=0)
    >>> seg = attach_clusters(log, cluster_event_sequences(log, k=2))
    >>> sorted(seg["cluster_id"].unique().tolist())
    [0, 1]
    """
    log = ensure_event_log(events)
    ids = clustering.row_ids if user_ids is None else np.asarray(user_ids)
    if ids is None:
        raise InputError(
            "The clustering does not say which user each row is; pass the user_ids returned by "
            "encode_event_sequences with the same event log."
        )
    if len(ids) != len(clustering.labels):
        raise InputError(
            f"user_ids has {len(ids)} entries but the clustering labelled {len(clustering.labels)} users; "
            "pass the user_ids returned with the same event log.",
        )
    labels = np.asarray(clustering.labels, dtype=np.int64)
    users = log["user_id"].to_numpy()
    new_user = np.ones(len(users), dtype=bool)
    new_user[1:] = users[1:] != users[:-1]
    if len(ids) == int(new_user.sum()) and np.array_equal(users[new_user], ids):
        # The clustering came from this log (users in log order): repeat each label per row.
        cluster = labels[np.cumsum(new_user) - 1]
    else:
        idx = pd.Index(ids).get_indexer(pd.Index(users))
        cluster = np.where(idx >= 0, labels[np.maximum(idx, 0)], -1)
    # A shallow copy: pandas' copy-on-write keeps the caller's log unchanged, without copying
    # millions of rows.
    out = log.copy(deep=False)
    out["cluster_id"] = cluster
    out.attrs = dict(log.attrs)
    return out


def planted_group_agreement(segmented_events: pd.DataFrame, column: str = "_group") -> float:
    """Adjusted Rand index between ``cluster_id`` and a known per-user group column.

    Useful to check a clustering against planted groups (e.g. ``make_events.py --with-group``).
    """
    for col in ("cluster_id", column):
        if col not in segmented_events.columns:
            raise DataError(
                f"Column {col!r} not in the event log; attach clusters first / load the group column."
            )
    users = segmented_events["user_id"].to_numpy()
    sortable = users.dtype.kind in "iuf" and len(users) > 1
    if sortable and bool(np.all(users[1:] >= users[:-1])):  # a canonical log: users in runs
        first = np.flatnonzero(np.concatenate(([True], users[1:] != users[:-1])))
        per_user = segmented_events[[column, "cluster_id"]].iloc[first]
    else:
        per_user = segmented_events.drop_duplicates("user_id")
    return _adjusted_rand(per_user[column].to_numpy(), per_user["cluster_id"].to_numpy())


def _adjusted_rand(labels_true: np.ndarray, labels_pred: np.ndarray) -> float:
    """Adjusted Rand index of two labellings (scikit-learn's ``adjusted_rand_score``, tested equal).

    From the pair counts of the contingency table, so checking a clustering does not import
    scikit-learn (about 0.6 CPU s, a tenth of the 5M-event fit benchmark).

    Examples
    --------
    >>> _adjusted_rand(np.array([0, 0, 1, 1]), np.array(["b", "b", "a", "a"]))
    1.0
    >>> round(_adjusted_rand(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])), 3)
    -0.5
    """
    a, a_uniques = pd.factorize(labels_true, use_na_sentinel=False)
    b, b_uniques = pd.factorize(labels_pred, use_na_sentinel=False)
    n, n_b = len(a), len(b_uniques)
    cells = np.bincount(a.astype(np.int64) * n_b + b, minlength=len(a_uniques) * n_b)
    cont = cells.astype(np.int64).reshape(len(a_uniques), n_b)
    n_c, n_k = cont.sum(axis=1), cont.sum(axis=0)
    # Python ints: the products below overflow int64 on a few million users.
    sum_squares = int((cont * cont).sum())
    fp = int((cont @ n_k).sum()) - sum_squares
    fn = int((cont.T @ n_c).sum()) - sum_squares
    tp = sum_squares - n
    tn = n * n - fp - fn - sum_squares
    if fn == 0 and fp == 0:
        return 1.0
    return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))
