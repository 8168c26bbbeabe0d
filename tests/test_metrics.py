"""lessons_lib.metrics against loops over the examples, closed forms and bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib.metrics import (Confusion, accuracy, confusion_matrix, most_confused,
                                 per_class_accuracy)

pytestmark = pytest.mark.filterwarnings("error")


def loop_confusion(y_true, y_pred, n_classes):
    C = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(y_true, y_pred):
        C[t, p] += 1
    return C


@pytest.mark.parametrize("m, n_classes", [(1, 2), (10, 2), (50, 3), (360, 10)])
def test_confusion_matrix_matches_a_loop(m, n_classes):
    rng = np.random.default_rng(m + n_classes)
    y_true, y_pred = rng.integers(0, n_classes, m), rng.integers(0, n_classes, m)
    C = confusion_matrix(y_true, y_pred, n_classes)
    assert C.dtype == np.int64 and C.shape == (n_classes, n_classes)
    np.testing.assert_array_equal(C, loop_confusion(y_true, y_pred, n_classes))
    np.testing.assert_array_equal(C.sum(axis=1), np.bincount(y_true, minlength=n_classes))
    np.testing.assert_array_equal(C.sum(axis=0), np.bincount(y_pred, minlength=n_classes))
    assert np.trace(C) == np.sum(y_true == y_pred)
    assert accuracy(y_true, y_pred) == pytest.approx(np.trace(C) / m, abs=1e-15)


@settings(deadline=None, max_examples=60)
@given(st.integers(2, 6).flatmap(lambda k: st.tuples(
    st.just(k), st.lists(st.tuples(st.integers(0, k - 1), st.integers(0, k - 1)),
                         min_size=1, max_size=40))))
def test_confusion_matrix_property(data):
    k, pairs = data
    y_true, y_pred = [t for t, _ in pairs], [p for _, p in pairs]
    C = confusion_matrix(y_true, y_pred, k)  # lists are accepted
    np.testing.assert_array_equal(C, loop_confusion(y_true, y_pred, k))
    correct = sum(t == p for t, p in pairs)
    assert accuracy(y_true, y_pred) == pytest.approx(correct / len(pairs))
    recall = per_class_accuracy(C)
    for c in range(k):
        n_c = sum(t == c for t, _ in pairs)
        if n_c:
            assert recall[c] == pytest.approx(sum(t == p == c for t, p in pairs) / n_c)
        else:
            assert np.isnan(recall[c])


def test_accuracy_closed_forms():
    assert accuracy([0, 1, 2, 2], [0, 1, 1, 2]) == 0.75
    assert accuracy(np.arange(5), np.arange(5)) == 1.0
    assert accuracy([1, 1], [0, 0]) == 0.0
    assert isinstance(accuracy([1], [1]), float)


def test_per_class_accuracy_of_an_empty_class_is_nan_without_a_warning():
    out = per_class_accuracy([[3, 1, 0], [0, 0, 0], [1, 1, 2]])
    np.testing.assert_array_equal(out[[0, 2]], [0.75, 0.5])
    assert np.isnan(out[1])


def test_most_confused_orders_by_count_then_true_then_predicted():
    C = np.array([[9, 2, 0, 1], [0, 8, 2, 0], [3, 0, 7, 0], [0, 1, 0, 5]])
    assert most_confused(C, k=3) == [Confusion(2, 0, 3), Confusion(0, 1, 2), Confusion(1, 2, 2)]
    assert most_confused(C, k=10)[-1] == Confusion(3, 1, 1)
    assert len(most_confused(C, k=10)) == 5  # only the non-zero off-diagonal counts
    assert most_confused(np.eye(3, dtype=int) * 4) == []


BAD = [
    (lambda: accuracy([0, 1], [0, 1, 1]), ValueError, r"`y_true` and `y_pred`.*same number"),
    (lambda: accuracy([], []), ValueError, r"`y_true` is empty"),
    (lambda: accuracy([[0, 1]], [[0, 1]]), ValueError, r"`y_true` must be 1-D.*ravel"),
    (lambda: accuracy(["a"], ["a"]), TypeError, r"`y_true` must hold numbers"),
    (lambda: accuracy([0, np.nan], [0, 1]), ValueError, r"`y_true` contains NaN"),
    (lambda: confusion_matrix([0, 3], [0, 1], 3), ValueError,
     r"`y_true` must hold labels in \{0, 1, 2\}, got \[3\.0\]"),
    (lambda: confusion_matrix([0, 1], [0, 1.5], 3), ValueError, r"`y_pred` must hold labels"),
    (lambda: confusion_matrix([0, 1], [0, 1, 1], 3), ValueError,
     r"`y_pred` has 3 labels but `y_true` has 2"),
    (lambda: confusion_matrix([0, 1], [0, 1], 1), ValueError, r"`n_classes` must be ≥ 2"),
    (lambda: confusion_matrix([0, 1], [0, 1], 2.0), TypeError, r"`n_classes` must be an integer"),
    (lambda: per_class_accuracy([[1, 2, 3]]), ValueError, r"`C` must be square.*\(1, 3\)"),
    (lambda: per_class_accuracy([[1, -1], [0, 2]]), ValueError, r"`C` must hold counts.*-1"),
    (lambda: per_class_accuracy([[1, 0.5], [0, 2]]), ValueError, r"`C` must hold counts.*0\.5"),
    (lambda: most_confused(np.eye(2), k=0), ValueError, r"`k` must be ≥ 1"),
]


@pytest.mark.parametrize("call, error, pattern", BAD, ids=range(len(BAD)))
def test_bad_input_is_named_and_explained(call, error, pattern):
    with pytest.raises(error, match=pattern) as info:
        call()
    assert type(info.value) is error
