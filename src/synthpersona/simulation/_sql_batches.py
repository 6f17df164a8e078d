"""Per-user n-gram counts of an event log streamed from an engine in sorted batches of whole users.

The numpy half of :func:`synthpersona.simulation.sql.encode_event_sequences_sql`: the engine
sorts the canonical log; here each batch becomes sparse n-gram counts (token ids as in
``encode_event_sequences``), the log's transition counts are read off the bigram counts, and
TF-IDF is applied in place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse

from synthpersona.simulation._mixture import tempo_counts

if TYPE_CHECKING:
    from synthpersona.simulation.sql import EventTable

_START, _END = "^", "$"


def _user_batches(log: EventTable, rows: int) -> Iterator[tuple[np.ndarray, ...]]:
    """(user, session, time ns, code) arrays sorted by user, session, time, event; no user is split."""
    sql = log.coded_sql() + " ORDER BY user_id, session_id, timestamp, code"
    carry: tuple[np.ndarray, ...] | None = None
    for frame in log.engine.batches(sql, rows=rows):
        arrays: tuple[np.ndarray, ...] = (
            frame["user_id"].to_numpy(),
            frame["session_id"].to_numpy(),
            pd.to_datetime(frame["timestamp"]).to_numpy().astype("datetime64[ns]").view(np.int64),
            frame["code"].to_numpy().astype(np.int64),
        )
        if carry is not None:
            arrays = tuple(np.concatenate([a, b]) for a, b in zip(carry, arrays, strict=True))
        change = np.flatnonzero(arrays[0][1:] != arrays[0][:-1])
        cut = int(change[-1]) + 1 if len(change) else 0
        if cut == 0:  # one user so far: wait for the rest of them
            carry = arrays
            continue
        yield tuple(a[:cut] for a in arrays)
        carry = tuple(a[cut:] for a in arrays)
    if carry is not None and len(carry[0]):
        yield carry


def _batch_counts(
    arrays: tuple[np.ndarray, ...], v: int, max_n: int, n_tokens: int
) -> tuple[sparse.csr_matrix, np.ndarray, sparse.csr_matrix]:
    """N-gram counts of the users of one sorted batch (token ids as in ``encode_event_sequences``),
    their ids, and their gap and session-count bins (``_mixture.tempo_counts``)."""
    user, session, t, codes = arrays
    same = np.zeros(len(user), dtype=bool)  # exact duplicates are adjacent after the sort
    same[1:] = (user[1:] == user[:-1]) & (session[1:] == session[:-1]) & (t[1:] == t[:-1])
    same[1:] &= codes[1:] == codes[:-1]
    if same.any():
        user, session, codes, t = user[~same], session[~same], codes[~same], t[~same]
    n = len(codes)
    new_user = np.ones(n, dtype=bool)
    new_user[1:] = user[1:] != user[:-1]
    new_sess = new_user.copy()
    new_sess[1:] |= session[1:] != session[:-1]
    starts = np.flatnonzero(new_sess)
    lengths = np.diff(np.append(starts, n))
    ends = starts + lengths - 1
    user_index = np.cumsum(new_user) - 1
    user_of_session = user_index[starts]
    base = v + 2
    rows = [user_index]
    tokens = [codes]
    if max_n >= 2:
        prev = np.empty_like(codes)
        prev[1:] = codes[:-1]
        prev[starts] = v
        rows += [user_index, user_of_session]
        tokens += [base + prev * base + codes, base + codes[ends] * base + (v + 1)]
    if max_n >= 3:
        ok = np.ones(n, dtype=bool)
        ok[starts] = False
        ok[np.minimum(starts + 1, n - 1)[lengths > 1]] = False
        idx = np.flatnonzero(ok)
        rows.append(user_index[idx])
        tokens.append(base + base * base + (codes[idx - 2] * base + codes[idx - 1]) * base + codes[idx])
    r = np.concatenate(rows)
    col = np.concatenate(tokens)
    n_users = int(user_index[-1]) + 1 if n else 0
    X = sparse.csr_matrix(
        (np.ones(len(r), dtype=np.float32), (r, col)), shape=(n_users, n_tokens)
    )  # duplicates are summed
    X.sum_duplicates()
    return X, user[new_user], tempo_counts(t, starts, user_index, user_of_session)


def _transitions_of(X: sparse.csr_matrix, vocabulary: list[str]) -> pd.DataFrame:
    """Transition counts (as :func:`transition_counts`) summed from the raw bigram-token counts of ``X``.

    Bigram token ``base + a * base + b`` counts ``a -> b`` with ``a = v`` the session start and
    ``b = v + 1`` its end, so the column sums over all users are the log's transition counts.
    """
    v = len(vocabulary)
    base = v + 2
    sums = np.bincount(X.indices, weights=X.data, minlength=base + base * base)[base : base + base * base]
    tokens = np.flatnonzero(sums)
    names = np.array([*vocabulary, _START, _END], dtype=object)
    out = pd.DataFrame(
        {
            "source": names[tokens // base],
            "target": names[tokens % base],
            "n": np.rint(sums[tokens]).astype(np.int64),
        }
    ).astype({"source": str, "target": str})
    return out.sort_values(["source", "target"], ignore_index=True)


def _tfidf_in_place(X: sparse.csr_matrix) -> None:
    """Sublinear TF-IDF with smoothed idf and L2 rows, as scikit-learn's ``TfidfTransformer``
    computes it for ``encode_event_sequences``, without its copies of a large matrix."""
    n = X.shape[0]
    df = np.bincount(X.indices, minlength=X.shape[1]).astype(np.float64)
    idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
    np.log(X.data, out=X.data)
    X.data += np.float32(1.0)
    X.data *= idf[X.indices]
    norms = np.sqrt(np.add.reduceat(X.data.astype(np.float64) ** 2, X.indptr[:-1])) if X.nnz else np.ones(n)
    lengths = np.diff(X.indptr)
    X.data /= np.repeat(np.where(norms > 0, norms, 1.0), lengths).astype(np.float32)
