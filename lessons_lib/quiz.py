"""Multiple-choice "check your understanding" questions that explain every option.

A question is plain data (:class:`Question`: text, options, the correct index or
indices, one "why" per option); :class:`QuestionWidget` shows one, :class:`Quiz`
several. A right answer explains every option; a wrong one explains the chosen options
and invites another try (or *Show answer*). Several correct answers mean checkboxes,
one means radio buttons. Headless, exactly as a click would::

    q = QuestionWidget(question); q.select(1)   # by index or by the option's text
    q.submit()                                  # Feedback(correct, selected, message, explained)
    q.feedback_text                             # what the learner reads, as plain text

Without a kernel (GitHub, nbviewer, HTML export) a notebook shows the question and its
options, never the answers: ``_repr_mimebundle_`` adds ``text/html`` and ``text/plain``.
Options are plain text (Unicode math: ``σ(z)(1 − σ(z))``); the question may use inline
``$...$`` LaTeX and `code` in backticks. Introduced in ``00_welcome``; every notebook
ends with a quiz.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ._quiz_data import (Feedback, OptionFeedback, Question, Score, _feedback_html,
                         _prompt_html, _static_html, _static_text, as_question)

__all__ = ["Question", "OptionFeedback", "Feedback", "Score", "QuestionWidget", "Quiz",
           "as_question"]


class QuestionWidget(widgets.VBox):
    """One question as a widget: the options, *Check* and *Show answer* buttons, feedback.

    Parameters
    ----------
    question : Question or dict
        The question (a dict is passed to :class:`Question`).
    number : int, optional
        Shown as "Question <number>." (a :class:`Quiz` numbers its questions).

    Changing the selection after an answer clears the feedback, so the learner can retry.
    """

    def __init__(self, question, *, number=None):
        self._question = as_question(question)
        self._number = number
        self._feedback, self._attempts, self._solved = None, 0, False
        self._listeners = []
        self._prompt = widgets.HTMLMath(value=_prompt_html(self._question, number))
        self._choices = self._make_choices()
        self._check = widgets.Button(description="Check", button_style="primary")
        self._show = widgets.Button(description="Show answer")
        self._result = widgets.HTML()
        self._check.on_click(lambda _button: self.submit())
        self._show.on_click(lambda _button: self.reveal())
        super().__init__(children=[self._prompt, self._choices,
                                   widgets.HBox([self._check, self._show]), self._result])

    def _make_choices(self):
        options = self._question.options
        if self._question.is_multiple:
            self._boxes = [widgets.Checkbox(value=False, description=o, indent=False,
                                            layout=widgets.Layout(width="auto")) for o in options]
            for box in self._boxes:
                box.observe(self._on_change, names="value")
            return widgets.VBox(self._boxes)
        self._radio = widgets.RadioButtons(options=[(o, i) for i, o in enumerate(options)],
                                           value=None, layout=widgets.Layout(width="auto"))
        self._radio.observe(self._on_change, names="value")
        return self._radio

    @property
    def question(self) -> Question:
        """The question's data."""
        return self._question

    @property
    def options(self) -> tuple:
        """The options' texts, in order."""
        return self._question.options

    @property
    def selected(self) -> tuple:
        """The indices of the chosen options."""
        if self._question.is_multiple:
            return tuple(i for i, box in enumerate(self._boxes) if box.value)
        return () if self._radio.value is None else (self._radio.value,)

    def select(self, *choices):
        """Choose these options (indices or texts) instead of the current choice."""
        indices = {self._question.index_of(choice) for choice in choices}
        if self._question.is_multiple:
            for i, box in enumerate(self._boxes):
                box.value = i in indices
        elif len(indices) > 1:
            raise ValueError(f"This question takes one answer, got {len(indices)}.")
        else:
            self._radio.value = indices.pop() if indices else None

    def submit(self):
        """Grade the current choice (what *Check* does); return the Feedback, or None
        (and ask for a choice) when nothing is chosen."""
        if not self.selected:
            self._result.value = "<p><i>Choose an answer first, then press Check.</i></p>"
            return None
        self._attempts += 1
        self._show_feedback(self._question.grade(self.selected))
        self._solved = self._solved or self._feedback.correct
        for listener in self._listeners:
            listener()
        return self._feedback

    def reveal(self) -> Feedback:
        """Explain every option (what *Show answer* does)."""
        self._show_feedback(self._question.answer())
        return self._feedback

    def reset(self):
        """Clear the choice and the feedback (attempts are kept)."""
        self.select()

    def _show_feedback(self, feedback):
        self._feedback = feedback
        self._result.value = _feedback_html(feedback)

    def _on_change(self, change):
        self._feedback = None
        self._result.value = ""

    @property
    def feedback(self):
        """The Feedback on display, or None."""
        return self._feedback

    @property
    def feedback_text(self) -> str:
        """The feedback on display as plain text ("" when there is none)."""
        return "" if self._feedback is None else self._feedback.text()

    @property
    def attempts(self) -> int:
        """How many times the learner pressed *Check* with an answer chosen."""
        return self._attempts

    @property
    def solved(self) -> bool:
        """Whether the learner has answered correctly at least once."""
        return self._solved

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus the question and options (never the answer) as HTML and
        text for viewers without a kernel."""
        data = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = _static_html(self._question, self._number)
        data["text/plain"] = _static_text(self._question, self._number)
        return data


class Quiz(widgets.VBox):
    """Several questions, numbered, with a running score.

    Parameters
    ----------
    questions : list of Question or dict
    title : str, default "Check your understanding"

    Examples
    --------
    >>> quiz = Quiz([q1, q2])           # doctest: +SKIP
    >>> quiz[0].select(1); quiz[0].submit(); quiz.score   # doctest: +SKIP
    Score(solved=1, total=2)
    """

    def __init__(self, questions, *, title="Check your understanding"):
        if isinstance(questions, (Question, dict)) or not isinstance(questions, (list, tuple)):
            raise TypeError(f"Quiz: `questions` must be a list of questions, got "
                            f"{type(questions).__name__}. Wrap a single question in a list.")
        if not questions:
            raise ValueError("Quiz: `questions` is empty; give at least one question.")
        self._title = str(title)
        self._items = tuple(QuestionWidget(q, number=i + 1) for i, q in enumerate(questions))
        self._summary = widgets.HTML()
        for item in self._items:
            item._listeners.append(self._update_summary)
        self._update_summary()
        super().__init__(children=[widgets.HTML(f"<h3>{html.escape(self._title)}</h3>"),
                                   *self._items, self._summary])

    def __len__(self):
        return len(self._items)

    def __getitem__(self, index) -> QuestionWidget:
        return self._items[index]

    @property
    def score(self) -> Score:
        """How many questions are answered correctly, out of how many."""
        return Score(sum(item.solved for item in self._items), len(self._items))

    def _update_summary(self):
        solved, total = self.score
        self._summary.value = f"<p><b>{solved} of {total}</b> answered correctly.</p>"

    def _repr_mimebundle_(self, **kwargs):
        """The live quiz, plus every question and its options as HTML and text."""
        data = super()._repr_mimebundle_(**kwargs)
        items = [(item.question, item._number) for item in self._items]
        data["text/html"] = f"<h3>{html.escape(self._title)}</h3>" + "".join(
            _static_html(q, n) for q, n in items)
        data["text/plain"] = "\n\n".join([self._title] + [_static_text(q, n) for q, n in items])
        return data
