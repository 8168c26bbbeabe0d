"""The data side of :mod:`lessons_lib.quiz`: questions as plain data, grading, and the
static (kernel-less) rendering. No ipywidgets here; the widgets live in ``quiz``.
"""

from __future__ import annotations

import html
import numbers
import re
from dataclasses import dataclass
from typing import NamedTuple

from .style import PALETTE

__all__ = ["Question", "OptionFeedback", "Feedback", "Score", "as_question"]

RIGHT, WRONG = "\u2714", "\u2718"  # ✔ ✘


class OptionFeedback(NamedTuple):
    """The explanation of one option: its index and text, whether it was chosen and
    whether it is correct, and why."""

    index: int
    option: str
    selected: bool
    correct: bool
    why: str


class Feedback(NamedTuple):
    """The result of grading a selection.

    ``correct`` is True when exactly the correct options were chosen; ``explained``
    holds the options whose explanation is shown (all of them after a right answer
    or :meth:`QuestionWidget.reveal`, the chosen ones after a wrong answer).
    """

    correct: bool
    selected: tuple
    message: str
    explained: tuple

    def text(self) -> str:
        """The feedback as plain text, one line per explained option."""
        lines = [self.message]
        for item in self.explained:
            mark = RIGHT if item.correct else WRONG
            lines.append(f"{mark} {item.option}: {item.why}")
        return "\n".join(lines)


class Score(NamedTuple):
    """How many questions of a quiz are answered correctly, out of how many."""

    solved: int
    total: int


def _fail(cls, argument, expected, got, fix):
    return cls(f"Question: `{argument}` must be {expected}, got {got}. {fix}")


def _texts(value, argument, what):
    """Validate a list of non-empty strings (options or explanations)."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise _fail(TypeError, argument, f"a list of strings ({what})", repr(value)[:60],
                    f"Write {argument}=[\"...\", \"...\"].")
    for index, text in enumerate(value):
        if not isinstance(text, str) or not text.strip():
            raise _fail(TypeError if not isinstance(text, str) else ValueError, argument,
                        "a list of non-empty strings", f"{text!r} at position {index}",
                        f"Give every {what[:-1]} some text.")
    return tuple(value)


def _indices(correct, n_options):
    """Validate ``correct``: one index or a list of distinct indices into the options."""
    values = [correct] if isinstance(correct, numbers.Integral) else correct
    if isinstance(correct, bool) or not isinstance(values, (list, tuple, set, frozenset)):
        raise _fail(TypeError, "correct", "an option index or a list of option indices",
                    repr(correct)[:60], "Write correct=1 or correct=[0, 2] (counting from 0).")
    if not values:
        raise _fail(ValueError, "correct", "at least one option index", "an empty list",
                    "Say which option is right.")
    for value in values:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise _fail(TypeError, "correct", "option indices (int)", repr(value),
                        "Use positions counting from 0, not the option's text.")
        if not 0 <= value < n_options:
            raise _fail(ValueError, "correct", f"indices between 0 and {n_options - 1}",
                        value, f"There are {n_options} options, counted from 0.")
    if len(set(values)) != len(values):
        raise _fail(ValueError, "correct", "distinct indices", list(values),
                    "List each correct option once.")
    return tuple(sorted(int(v) for v in values))


@dataclass(frozen=True)
class Question:
    """One multiple-choice question, as plain data.

    Parameters
    ----------
    question : str
        The question; inline ``$...$`` LaTeX and ```code``` are rendered.
    options : list of str
        Two or more distinct answers, plain text.
    correct : int or list of int
        Index (from 0) of the correct option, or the indices when several are correct.
    why : list of str
        One explanation per option, in the same order: why it is right or wrong.
    multiple : bool, optional
        Whether the learner may choose several options (checkboxes). Default: True
        exactly when more than one option is correct.

    Examples
    --------
    >>> q = Question("What is σ(0)?", ["0", "0.5", "1"], correct=1,
    ...              why=["σ(0) = 1/(1+e⁰) = 1/2.", "Right: 1/(1+1).", "σ only tends to 1."])
    >>> q.grade([1]).correct
    True
    """

    question: str
    options: tuple
    correct: tuple
    why: tuple
    multiple: bool | None = None

    def __post_init__(self):
        if not isinstance(self.question, str) or not self.question.strip():
            raise _fail(TypeError if not isinstance(self.question, str) else ValueError,
                        "question", "a non-empty string", repr(self.question)[:60],
                        "Write the question's text.")
        options = _texts(self.options, "options", "answer options")
        if len(options) < 2:
            raise _fail(ValueError, "options", "two or more options", len(options),
                        "Add the wrong answers a learner is likely to choose.")
        for index, option in enumerate(options):
            if "`" in option or "$" in option:
                raise _fail(ValueError, "options", "plain text (options are radio buttons, "
                            "which show Markdown and LaTeX as typed)", repr(option),
                            "Write W[1] rather than `W[1]`, and math in Unicode (σ′ ≤ 1/4) "
                            "rather than $...$ (the question may use both, the explanations `code`).")
            if options.index(option) != index:
                raise _fail(ValueError, "options", "distinct options",
                            f"{option!r} twice (positions {options.index(option)} and {index})",
                            "Make every option different.")
        why = _texts(self.why, "why", "explanations")
        if len(why) != len(options):
            raise _fail(ValueError, "why", f"one explanation per option ({len(options)})",
                        f"{len(why)} explanations",
                        "Explain every option, in the same order as `options`.")
        correct = _indices(self.correct, len(options))
        if self.multiple not in (None, True, False):
            raise _fail(TypeError, "multiple", "True, False or None", repr(self.multiple), "")
        if self.multiple is False and len(correct) > 1:
            raise _fail(ValueError, "correct", "one index for a single-choice question "
                        "(multiple=False)", list(correct),
                        "Set multiple=True or keep one correct option.")
        for name, value in [("options", options), ("why", why), ("correct", correct)]:
            object.__setattr__(self, name, value)

    @property
    def is_multiple(self) -> bool:
        """Whether the learner may choose several options."""
        return len(self.correct) > 1 if self.multiple is None else self.multiple

    def index_of(self, choice) -> int:
        """The index of ``choice``, given as an index or as the option's text."""
        if isinstance(choice, str):
            if choice not in self.options:
                raise ValueError(f"{choice!r} is not an option; the options are "
                                 f"{list(self.options)}.")
            return self.options.index(choice)
        if isinstance(choice, bool) or not isinstance(choice, numbers.Integral):
            raise TypeError(f"Choose an option by index (int) or text (str), got {choice!r}.")
        if not 0 <= choice < len(self.options):
            raise ValueError(f"Option index {choice} is out of range: there are "
                             f"{len(self.options)} options, counted from 0.")
        return int(choice)

    def grade(self, selected) -> Feedback:
        """Grade a selection (indices or option texts) and explain it.

        A right answer explains every option; a wrong one explains the chosen options.
        """
        chosen = tuple(sorted({self.index_of(choice) for choice in selected}))
        if not chosen:
            raise ValueError("Choose at least one option before grading.")
        if len(chosen) > 1 and not self.is_multiple:
            raise ValueError(f"This question takes one answer, got {len(chosen)}: {chosen}.")
        right = chosen == self.correct
        shown = range(len(self.options)) if right else chosen
        return Feedback(right, chosen, self._message(chosen, right),
                        tuple(self._explain(i, chosen) for i in shown))

    def answer(self) -> Feedback:
        """The full answer: every option explained (what *Show answer* displays)."""
        explained = tuple(self._explain(i, ()) for i in range(len(self.options)))
        return Feedback(False, (), "The answer, option by option:", explained)

    def _explain(self, index, chosen):
        return OptionFeedback(index, self.options[index], index in chosen,
                              index in self.correct, self.why[index])

    def _message(self, chosen, right):
        if right:
            return "Correct!" if len(self.correct) == 1 else \
                f"Correct: you found all {len(self.correct)} right answers."
        if not self.is_multiple:
            return "Not quite. Read why, then try again."
        hits = len(set(chosen) & set(self.correct))
        wrong = len(set(chosen) - set(self.correct))
        missing = len(self.correct) - hits
        return (f"Not quite: {hits} of your choices {'is' if hits == 1 else 'are'} right, "
                f"{wrong} wrong, and {missing} right answer{'' if missing == 1 else 's'} "
                f"{'is' if missing == 1 else 'are'} missing. Try again.")


def as_question(value) -> Question:
    """Return ``value`` as a :class:`Question` (it may be a Question or a dict of its fields)."""
    if isinstance(value, Question):
        return value
    if isinstance(value, dict):
        unknown = set(value) - {"question", "options", "correct", "why", "multiple"}
        if unknown:
            raise ValueError(f"A question dict has the keys question, options, correct, why "
                             f"(and optionally multiple); got unknown {sorted(unknown)}.")
        return Question(**value)
    raise TypeError(f"Expected a Question or a dict with question, options, correct and why, "
                    f"got {type(value).__name__}.")


def _inline_html(text):
    """Escape ``text`` for HTML, keep ``$...$`` for MathJax, render `code`."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def _prompt_html(question, number=None):
    head = f"<b>Question {number}.</b> " if number else ""
    how = "Choose all that apply." if question.is_multiple else "Choose one."
    return f"<p>{head}{_inline_html(question.question)} <i>({how})</i></p>"


def _static_html(question, number=None):
    mark = "\u2610" if question.is_multiple else "\u25cb"  # ☐ ○
    items = "".join(f"<li>{mark} {html.escape(o)}</li>" for o in question.options)
    return (f"<div class='course-quiz'>{_prompt_html(question, number)}"
            f"<ul style='list-style: none'>{items}</ul></div>")


def _static_text(question, number=None):
    head = f"Question {number}. " if number else ""
    how = "Choose all that apply." if question.is_multiple else "Choose one."
    mark = "[ ]" if question.is_multiple else "( )"
    return "\n".join([f"{head}{question.question} ({how})"] +
                     [f"  {mark} {option}" for option in question.options])


def _feedback_html(feedback):
    rows = []
    for item in feedback.explained:
        colour = PALETTE["green"] if item.correct else PALETTE["vermillion"]
        mark, verdict = (RIGHT, "right") if item.correct else (WRONG, "wrong")
        rows.append(f"<li><span style='color:{colour}'>{mark} <b>{html.escape(item.option)}"
                    f"</b> ({verdict})</span>: {_inline_html(item.why)}</li>")
    return (f"<div><p><b>{html.escape(feedback.message)}</b></p>"
            f"<ul style='list-style: none; padding-left: 0.5em'>{''.join(rows)}</ul></div>")
