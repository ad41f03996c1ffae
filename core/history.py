"""A training History as flat columns (for browser-side charts and CSV) and stacks.

A core.training.History holds ``params`` (one Params per record), ``steps``,
``loss`` and ``grads`` (one Grads per record, the gradient of the mean loss
at that Params). Here it becomes

- a long table, one row per (record, layer, kind, i, j) with kind one of
  "W", "b", "dW", "db" (biases as a single row i = 0), or
- per layer and kind, a stack of shape (n_records, rows, cols).

Everything is built with whole-array numpy operations: one np.stack per
(layer, kind), then np.indices to label the entries.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "KINDS",
    "history_stack",
    "history_to_columns",
    "weight_trajectory",
    "grad_norms",
    "n_rows",
    "subsample_records",
]

# kind -> (source of the records: "params" or "grads", attribute)
KINDS: dict[str, tuple[str, str]] = {
    "W": ("params", "W"),
    "b": ("params", "b"),
    "dW": ("grads", "W"),
    "db": ("grads", "b"),
}


def _n_layers(history) -> int:
    if not history.params:
        raise ValueError("history has no records")
    return len(history.params[0].W) - 1


def _has_grads(history) -> bool:
    grads = getattr(history, "grads", None)
    return bool(grads) and len(grads) == len(history.params)


def _records(history, records) -> np.ndarray:
    n = len(history.params)
    if records is None:
        return np.arange(n)
    records = np.asarray(records, dtype=np.int64).reshape(-1)
    if records.size and (records.min() < 0 or records.max() >= n):
        raise ValueError(
            f"record indices must lie in [0, {n}), got {records.min()}..{records.max()}"
        )
    return records


def _kinds(history) -> list[str]:
    return list(KINDS) if _has_grads(history) else ["W", "b"]


def history_stack(history, layer: int, kind: str = "W", records=None) -> np.ndarray:
    """One matrix per record, stacked.

    Parameters
    ----------
    history : core.training.History
    layer : int
        1 <= layer <= L.
    kind : {"W", "b", "dW", "db"}
        "dW"/"db" need ``history.grads`` (one Grads per record).
    records : array_like of int, optional
        Which records to take (default all), e.g. from subsample_records.

    Returns
    -------
    ndarray of shape (n_records, d[layer-1], d[layer]) for "W"/"dW",
    (n_records, 1, d[layer]) for "b"/"db".
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    L = _n_layers(history)
    if isinstance(layer, bool) or not isinstance(layer, int | np.integer) or not 1 <= layer <= L:
        raise ValueError(f"layer must be an integer between 1 and {L}, got {layer!r}")
    source, attribute = KINDS[kind]
    if source == "grads" and not _has_grads(history):
        raise ValueError(f"kind {kind!r} needs history.grads with one Grads per record")
    items = getattr(history, source)
    stack = np.stack(
        [
            np.asarray(getattr(items[k], attribute)[layer], np.float64)
            for k in _records(history, records)
        ]
    )
    if stack.ndim == 2:  # biases: (R, d) -> (R, 1, d)
        stack = stack[:, None, :]
    return stack


def history_to_columns(history, records=None) -> dict[str, np.ndarray]:
    """The whole history as a long table of equal-length 1-D columns.

    Parameters
    ----------
    history : core.training.History
    records : array_like of int, optional
        Which records to include (default all).

    Returns
    -------
    dict of 1-D ndarrays, all of length n_rows(history, records)
        ``step`` int64, ``layer`` int64, ``kind`` str ("W", "b", "dW", "db";
        the gradient kinds only when history.grads is present), ``i`` int64
        (the from-unit; 0 for biases), ``j`` int64 (the to-unit),
        ``value`` float64. Rows are grouped by layer, then kind, then record,
        then i, then j.
    """
    records = _records(history, records)
    steps = np.asarray(history.steps, dtype=np.int64)[records]
    columns: dict[str, list[np.ndarray]] = {
        c: [] for c in ("step", "layer", "kind", "i", "j", "value")
    }
    for layer in range(1, _n_layers(history) + 1):
        for kind in _kinds(history):
            stack = history_stack(history, layer, kind, records)
            k_idx, i_idx, j_idx = np.indices(stack.shape)
            columns["step"].append(steps[k_idx.ravel()])
            columns["layer"].append(np.full(stack.size, layer, dtype=np.int64))
            columns["kind"].append(np.full(stack.size, kind, dtype="<U2"))
            columns["i"].append(i_idx.ravel().astype(np.int64))
            columns["j"].append(j_idx.ravel().astype(np.int64))
            columns["value"].append(stack.ravel())
    dtypes = {"step": np.int64, "layer": np.int64, "kind": "<U2", "i": np.int64, "j": np.int64}
    return {
        name: (np.concatenate(parts) if parts else np.empty(0, dtypes.get(name, np.float64)))
        for name, parts in columns.items()
    }


def n_rows(history, records=None) -> int:
    """Number of rows history_to_columns would return, without building it.

    ``n_records * sum_l (d[l-1] d[l] + d[l]) * (2 if grads else 1)``.
    """
    n_records = len(_records(history, records))
    first = history.params[0]
    per_record = sum(
        np.asarray(first.W[layer]).size + np.asarray(first.b[layer]).size
        for layer in range(1, len(first.W))
    )
    return int(n_records * per_record * (2 if _has_grads(history) else 1))


def weight_trajectory(history, layer: int, i: int, j: int, kind: str = "W"):
    """One weight (or bias, gradient) over the recorded steps.

    Parameters
    ----------
    history : core.training.History
    layer, i, j : int
        ``W[layer][i, j]`` (for "b"/"db" use i = 0).
    kind : {"W", "b", "dW", "db"}, default "W"

    Returns
    -------
    steps : ndarray of shape (n_records,), int64
    values : ndarray of shape (n_records,), float64
    """
    stack = history_stack(history, layer, kind)
    if not (0 <= i < stack.shape[1] and 0 <= j < stack.shape[2]):
        raise ValueError(f"(i, j) = ({i}, {j}) outside the {stack.shape[1:]} matrix")
    return np.asarray(history.steps, dtype=np.int64), stack[:, i, j].copy()


def grad_norms(history, include_bias: bool = False) -> np.ndarray:
    """Frobenius norm of each layer's weight gradient at each record.

    By default only ``dW^(l)`` counts: the weights are what the heatmaps
    show, and the biases (absent when bias=False) would blur the comparison
    between layers. With ``include_bias=True`` the norm is taken over dW^(l)
    and db^(l) together, ``sqrt(||dW||_F^2 + ||db||^2)``.

    Returns
    -------
    ndarray of shape (n_records, L), float64
        Column l - 1 is layer l.
    """
    L = _n_layers(history)
    norms = []
    for layer in range(1, L + 1):
        squares = np.sum(history_stack(history, layer, "dW") ** 2, axis=(1, 2))
        if include_bias:
            squares = squares + np.sum(history_stack(history, layer, "db") ** 2, axis=(1, 2))
        norms.append(np.sqrt(squares))
    return np.stack(norms, axis=1)


def subsample_records(n_records: int, max_records: int) -> np.ndarray:
    """Evenly spaced record indices, at most max_records, always first and last.

    Parameters
    ----------
    n_records : int, >= 0
    max_records : int, >= 2

    Returns
    -------
    ndarray of shape (min(n_records, max_records),) or fewer, int64, increasing
    """
    if n_records < 0:
        raise ValueError(f"n_records must be >= 0, got {n_records}")
    if max_records < 2:
        raise ValueError(f"max_records must be >= 2 (first and last), got {max_records}")
    if n_records <= max_records:
        return np.arange(n_records, dtype=np.int64)
    return np.unique(np.round(np.linspace(0, n_records - 1, max_records)).astype(np.int64))
