"""Per-user n-gram counts of an event log streamed from an engine in sorted batches of whole users.

The numpy half of :func:`synthpersona.simulation.sql.encode_event_sequences_sql`: the engine
sorts the canonical log; here each batch becomes sparse n-gram counts (token ids as in
``encode_event_sequences``), the log's transition counts are read off the bigram counts, and
TF-IDF is applied in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import sparse

from synthpersona.segmentation import BehaviourCounts
from synthpersona.simulation._mixture import _column_name, _tail_blocks, tempo_counts, without_double_fires

if TYPE_CHECKING:
    from synthpersona.simulation.sql import EventTable

_START, _END = "^", "$"
_DENSE_LOOKUP = 20_000_000  # columns up to which a renumbering uses a dense lookup table
_COUNT_CHUNK = 1 << 22  # values per np.bincount / np.take call on a whole matrix's indices (int64 copies)


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
) -> tuple[sparse.csr_matrix, np.ndarray, sparse.csr_matrix, sparse.csr_matrix]:
    """N-gram counts of the users of one sorted batch (token ids as in ``encode_event_sequences``),
    their ids, their gap and session-count bins (``_mixture.tempo_counts``, without the tracker's
    double fires) and their double fires per event (``_mixture.without_double_fires``)."""
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
    c_kept, t_kept, starts_kept, user_kept, copies = without_double_fires(
        codes, t, starts, user_index, n_users, v
    )
    tempo = tempo_counts(t_kept, starts_kept, user_kept, user_of_session, c_kept, v)
    return X, user[new_user], tempo, copies


@dataclass
class _Packed:
    """One batch's sparse counts held small while the engine's sort streams: token indices as
    uint16 (or uint8) when the width allows it and whole counts as uint16 when they fit, instead
    of int32 and float32 (a ``csr_matrix`` keeps neither). :func:`_stack` gives them back exactly."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]

    @property
    def nnz(self) -> int:
        return len(self.data)

    def csr(self) -> sparse.csr_matrix:
        """The part as float32 counts with int32 indices (exact: whole counts)."""
        return sparse.csr_matrix(
            (self.data.astype(np.float32), self.indices.astype(np.int32), self.indptr), shape=self.shape
        )


def _pack(X: sparse.csr_matrix) -> _Packed:
    """``X`` (whole counts) in the smallest dtypes that hold it exactly (see :class:`_Packed`)."""
    n_cols = X.shape[1]
    index: Any = np.uint8 if n_cols <= 1 << 8 else np.uint16 if n_cols <= 1 << 16 else X.indices.dtype
    small = X.nnz == 0 or float(X.data.max()) <= np.iinfo(np.uint16).max
    return _Packed(
        X.data.astype(np.uint16) if small else X.data,
        X.indices.astype(index),
        X.indptr,
        (int(X.shape[0]), int(n_cols)),
    )


def _stack(parts: list[Any], n_cols: int, dtype: Any = None) -> sparse.csr_matrix:
    """The rows of ``parts`` (``csr_matrix`` or :class:`_Packed`) stacked, values as ``dtype``
    (default float32), indices int32 (int64 past 2**31), emptying ``parts``.

    Memory holds the result and one part at a time (``sparse.vstack`` holds every part and
    the result: twice the per-user counts at the end of the feature pass).
    """
    nnz = sum(p.nnz for p in parts)
    n_rows = sum(p.shape[0] for p in parts)
    return _stack_blocks(_drain(parts), n_rows, nnz, n_cols, dtype or np.float32)


def _drain(parts: list[Any]) -> Iterator[Any]:
    """The items of ``parts`` in order, each removed from the list as it is handed out."""
    while parts:
        yield parts.pop(0)


def _stack_blocks(
    blocks: Iterable[Any], n_rows: int, max_nnz: int, n_cols: int, dtype: Any
) -> sparse.csr_matrix:
    """Row blocks stacked into arrays allocated once for ``max_nnz`` values (at least their nnz)."""
    index = np.int32 if max(max_nnz, n_cols, n_rows) < 2**31 else np.int64
    data = np.empty(max_nnz, dtype=dtype)
    indices = np.empty(max_nnz, dtype=index)
    indptr = np.zeros(n_rows + 1, dtype=index)
    row = at = 0
    for part in blocks:
        data[at : at + part.nnz] = part.data
        indices[at : at + part.nnz] = part.indices
        indptr[row + 1 : row + 1 + part.shape[0]] = part.indptr[1:] + at
        row, at = row + part.shape[0], at + part.nnz
        del part
    if at < max_nnz:  # a bound, not the count: views of the values written (no second copy)
        data, indices = data[:at], indices[:at]
    return sparse.csr_matrix((data, indices, indptr), shape=(n_rows, n_cols), copy=False)


def _keep_used_columns(X: sparse.csr_matrix, used: np.ndarray) -> sparse.csr_matrix:
    """``X`` with only the columns ``used`` (sorted), its indices renumbered in place."""
    if X.shape[1] <= _DENSE_LOOKUP:  # a dense lookup: linear, unlike a search
        remap = np.zeros(X.shape[1], dtype=X.indices.dtype)
        remap[used] = np.arange(len(used), dtype=X.indices.dtype)
        for first in range(0, X.nnz, _COUNT_CHUNK):  # in chunks: take makes an intp copy of its index
            chunk = X.indices[first : first + _COUNT_CHUNK]
            np.take(remap, chunk, out=chunk, mode="clip")  # elementwise: safe in place
    else:
        X.indices = np.searchsorted(used, X.indices).astype(X.indices.dtype)
    return sparse.csr_matrix((X.data, X.indices, X.indptr), shape=(X.shape[0], len(used)), copy=False)


def _used_columns(parts: list[sparse.csr_matrix], n_cols: int) -> np.ndarray:
    """The columns with a value in any of ``parts``, sorted."""
    if n_cols <= _DENSE_LOOKUP:
        present = np.zeros(n_cols, dtype=bool)
        for part in parts:
            present[part.indices] = True
        return np.flatnonzero(present)
    return np.unique(np.concatenate([np.unique(part.indices) for part in parts]))


def _behaviour_part(
    X_part: sparse.csr_matrix, tempo: sparse.csr_matrix, base: int, copies: sparse.csr_matrix | None = None
) -> sparse.csr_matrix:
    """One batch's behaviour counts at full width: its bigram-token counts (the transitions,
    ``a * base + b``) then its tempo bins (``_mixture.tempo_counts``).

    Kept as float32 (whole counts, exact) while the batches stream: half the memory of the
    float64 the mixture takes, which :func:`_stack` gives at the end."""
    T = X_part[:, base : base + base * base]
    if copies is not None and copies.nnz:  # each double fire added one a>a (``_mixture.double_fires``)
        own = copies.tocoo()
        T = sparse.csr_matrix(
            T
            - sparse.csr_matrix(
                (own.data.astype(T.dtype), (own.row, own.col * base + own.col)), shape=T.shape
            )
        )
        T.eliminate_zeros()
    return sparse.hstack([T, tempo], format="csr", dtype=np.float32)


def _behaviour_blocks(
    X: sparse.csr_matrix, tempo: list[_Packed], copies: list[sparse.csr_matrix | None], base: int
) -> Iterator[sparse.csr_matrix]:
    """:func:`_behaviour_part` of each batch's rows of the stacked raw counts ``X``, emptying
    ``tempo`` and ``copies`` (one entry per batch, in order) as it goes.

    Built after the engine's sort, not during it: while the log streams, memory holds the
    batches' tempo bins and double fires only, and the transition columns are read off ``X``
    here, one batch of rows at a time."""
    row = 0
    while tempo:
        t, c = tempo.pop(0), copies.pop(0)
        yield _behaviour_part(X[row : row + t.shape[0]], t.csr(), base, c)
        row += t.shape[0]


def _n_bigrams(X_part: sparse.csr_matrix, base: int) -> int:
    """Values of ``X_part`` in bigram columns (``base <= token < base + base**2``)."""
    ind = X_part.indices
    return int(np.count_nonzero((ind >= base) & (ind < base + base * base)))


def _behaviour_counts(C: sparse.csr_matrix, vocabulary: list[str], double_fires: int = 0) -> BehaviourCounts:
    """The columns of the stacked :func:`_behaviour_part` counts that occur, named and in blocks.

    The same matrix, blocks and names as ``_mixture.counts_from_ngrams`` gives from the whole
    n-gram matrix, without its copies of it (a column selection and a COO ``hstack``).
    """
    v = len(vocabulary)
    base, width = v + 2, v + 1
    used = np.flatnonzero(_column_counts(C.indices, C.shape[1]))
    C = _keep_used_columns(C, used)
    pair = used[used < base * base]
    tempo_used = used[used >= base * base] - base * base
    frm, to = pair // base, pair % base
    full = np.concatenate([frm * width + np.minimum(to, v), width * width + tempo_used])
    block = np.concatenate([frm, _tail_blocks(width)[tempo_used]])
    return BehaviourCounts(
        C, block, [_column_name(int(c), vocabulary) for c in full], double_fires=double_fires
    )


def _column_counts(indices: np.ndarray, n_cols: int) -> np.ndarray:
    """How many values each column has (``np.bincount(indices, minlength=n_cols)``), counted in
    chunks: ``bincount`` makes an int64 copy of its input, which for the int32 indices of the
    whole per-user matrix was the feature pass's high (+680 MB at 50M events)."""
    counts = np.zeros(n_cols, dtype=np.int64)
    for first in range(0, len(indices), _COUNT_CHUNK):
        counts += np.bincount(indices[first : first + _COUNT_CHUNK], minlength=n_cols)
    return counts


def _bigram_sums(X_part: sparse.csr_matrix, base: int) -> np.ndarray:
    """Column sums of one batch's bigram tokens (index ``a * base + b``: ``a -> b``)."""
    sums = np.bincount(X_part.indices, weights=X_part.data, minlength=base + base * base)
    return sums[base : base + base * base]


def _transitions_of(sums: np.ndarray, vocabulary: list[str]) -> pd.DataFrame:
    """Transition counts (as :func:`transition_counts`) from the summed bigram-token counts.

    Bigram ``a * base + b`` counts ``a -> b`` with ``a = v`` the session start and ``b = v + 1``
    its end, so the sums over all users are the log's transition counts.
    """
    v = len(vocabulary)
    base = v + 2
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


def _tfidf_in_place(X: sparse.csr_matrix, rows: int = 1 << 20) -> None:
    """Sublinear TF-IDF with smoothed idf and L2 rows, as scikit-learn's ``TfidfTransformer``
    computes it for ``encode_event_sequences``, without its copies of a large matrix.

    Worked ``rows`` users at a time, so the temporaries are one block's, not the matrix's.
    """
    n = X.shape[0]
    df = _column_counts(X.indices, X.shape[1]).astype(np.float64)
    idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
    for first in range(0, n, rows):
        last = min(first + rows, n)
        lo, hi = int(X.indptr[first]), int(X.indptr[last])
        data, indices = X.data[lo:hi], X.indices[lo:hi]  # views: changed in place
        np.log(data, out=data)
        data += np.float32(1.0)
        data *= idf[indices]
        ptr = X.indptr[first : last + 1] - lo
        norms = (
            np.sqrt(np.add.reduceat(data.astype(np.float64) ** 2, ptr[:-1]))
            if hi > lo
            else np.ones(last - first)
        )
        data /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(ptr)).astype(np.float32)
