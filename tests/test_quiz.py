"""lessons_lib.quiz: questions as validated data, grading that explains, headless widgets."""

import dataclasses
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib.quiz import Feedback, Question, QuestionWidget, Quiz, Score, as_question

WHY = ["σ(0) = 1/(1 + e⁰) = 1/2, not 0.", "Right: 1/(1 + 1) = 1/2.", "σ only tends to 1."]


def single():
    return Question("What is $\\sigma(0)$?", ["0", "0.5", "1"], correct=1, why=WHY)


def several():
    return Question("Which are activation functions?", ["ReLU", "MSE", "tanh", "SGD"],
                    correct=[2, 0], why=["act", "a loss", "act", "an optimiser"])


# --- Question: plain data, validated ------------------------------------------------------

def test_question_normalises_lists_to_tuples_and_sorts_correct():
    q = several()
    assert q.options == ("ReLU", "MSE", "tanh", "SGD")
    assert q.correct == (0, 2) and isinstance(q.why, tuple)
    assert q.is_multiple and not single().is_multiple
    assert single().correct == (1,)


def test_question_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        single().correct = (0,)


BAD = [
    (dict(question=""), ValueError, "`question`"),
    (dict(question=3), TypeError, "`question`"),
    (dict(options="0 0.5 1"), TypeError, "wrap|list of strings"),
    (dict(options=["only"], why=["x"], correct=0), ValueError, "two or more"),
    (dict(options=["0", "0", "1"]), ValueError, "distinct options"),
    (dict(options=["0", "`W[1]`", "1"]), ValueError, "plain text.*W\\[1\\] rather than"),
    (dict(options=["0", "$\\frac{1}{2}$", "1"]), ValueError, "plain text.*Unicode"),
    (dict(options=["0", " ", "1"]), ValueError, "non-empty"),
    (dict(options=["0", 0.5, "1"]), TypeError, "`options`"),
    (dict(correct=True), TypeError, "`correct`"),
    (dict(correct=3), ValueError, "between 0 and 2"),
    (dict(correct=-1), ValueError, "between 0 and 2"),
    (dict(correct=[]), ValueError, "at least one"),
    (dict(correct=[1, 1]), ValueError, "distinct"),
    (dict(correct="0.5"), TypeError, "not the option's text|option index"),
    (dict(correct=1.0), TypeError, "`correct`"),
    (dict(why=["a", "b"]), ValueError, "one explanation per option"),
    (dict(why=["a", "", "c"]), ValueError, "`why`"),
    (dict(correct=[0, 1], multiple=False), ValueError, "multiple=True"),
    (dict(multiple="yes"), TypeError, "`multiple`"),
]


@pytest.mark.parametrize("change, error, words", BAD, ids=[str(b[0])[:40] for b in BAD])
def test_bad_question_gives_a_clear_error(change, error, words):
    fields = dict(question="What is σ(0)?", options=["0", "0.5", "1"], correct=1, why=WHY)
    fields.update(change)
    with pytest.raises(error, match=words):
        Question(**fields)


def test_as_question_accepts_dicts_and_rejects_other_things():
    q = as_question(dict(question="q?", options=["a", "b"], correct=0, why=["x", "y"]))
    assert q == Question("q?", ("a", "b"), (0,), ("x", "y"))
    with pytest.raises(ValueError, match="unknown.*answer"):
        as_question(dict(question="q?", options=["a", "b"], correct=0, why=["x", "y"], answer=1))
    with pytest.raises(TypeError, match="Question or a dict"):
        as_question("q?")


# --- grading ---------------------------------------------------------------------------

def test_right_single_answer_explains_every_option():
    feedback = single().grade([1])
    assert feedback.correct and feedback.selected == (1,)
    assert [item.why for item in feedback.explained] == WHY
    assert [item.correct for item in feedback.explained] == [False, True, False]


def test_wrong_single_answer_explains_the_chosen_option_only():
    feedback = single().grade(["0"])
    assert not feedback.correct
    assert [(item.index, item.selected, item.correct) for item in feedback.explained] == [
        (0, True, False)]
    assert WHY[0] in feedback.text() and WHY[1] not in feedback.text()


@pytest.mark.parametrize("chosen, right, words", [
    ([0, 2], True, "all 2"),
    ([0], False, "1 of your choices is right, 0 wrong, and 1 right answer is missing"),
    ([0, 1, 2], False, "2 of your choices are right, 1 wrong, and 0 right answers are"),
    (["MSE", "SGD"], False, "0 of your choices are right, 2 wrong, and 2 right answers"),
])
def test_several_answers_are_graded_as_a_set(chosen, right, words):
    feedback = several().grade(chosen)
    assert feedback.correct is right
    assert words in feedback.message


def test_grading_rejects_empty_bad_or_too_many_choices():
    with pytest.raises(ValueError, match="at least one"):
        single().grade([])
    with pytest.raises(ValueError, match="not an option"):
        single().grade(["0.25"])
    with pytest.raises(ValueError, match="out of range"):
        single().grade([7])
    with pytest.raises(ValueError, match="one answer"):
        single().grade([0, 1])


@settings(deadline=None, max_examples=60)
@given(st.integers(2, 6).flatmap(lambda n: st.tuples(
    st.just(n), st.sets(st.integers(0, n - 1), min_size=1), st.sets(st.integers(0, n - 1),
                                                                    min_size=1))))
def test_grading_is_right_exactly_for_the_correct_set(case):
    n, correct, chosen = case
    q = Question("q?", [f"option {i}" for i in range(n)], correct=sorted(correct),
                 why=[f"why {i}" for i in range(n)], multiple=True)
    feedback = q.grade(chosen)
    assert feedback.correct == (chosen == correct)
    shown = {item.index for item in feedback.explained}
    assert shown == (set(range(n)) if chosen == correct else chosen)
    assert all(item.correct == (item.index in correct) for item in feedback.explained)


# --- the widget, driven headless ------------------------------------------------------------

def test_single_choice_widget_retry_until_right():
    w = QuestionWidget(single())
    assert w.selected == () and w.feedback is None and w.feedback_text == ""
    w.select(0)
    assert not w.submit().correct and w.attempts == 1 and not w.solved
    assert WHY[0] in w.feedback_text and "try again" in w.feedback_text.lower()
    w.select("0.5")  # changing the choice clears the old feedback: a retry
    assert w.feedback is None and w._result.value == ""
    assert w.submit().correct and w.solved and w.attempts == 2
    assert all(why in w.feedback_text for why in WHY)
    w.select(2)
    w.submit()
    assert w.solved, "solved means: answered correctly at least once"


def test_buttons_do_what_the_headless_api_does():
    w = QuestionWidget(single())
    w._check.click()  # nothing chosen: a prompt, no attempt counted
    assert w.feedback is None and w.attempts == 0 and "Choose an answer" in w._result.value
    w._radio.value = 1  # what a click on the second radio button does
    w._check.click()
    assert w.solved and w.selected == (1,)
    assert "Right: 1/(1 + 1) = 1/2." in w._result.value
    w._show.click()
    assert len(w.feedback.explained) == 3


def test_multiple_choice_widget_uses_checkboxes():
    w = QuestionWidget(several())
    assert not hasattr(w, "_radio") and len(w._boxes) == 4
    w._boxes[0].value = True
    w._boxes[1].value = True
    assert w.selected == (0, 1)
    assert not w.submit().correct
    w.select("ReLU", "tanh")
    assert w.selected == (0, 2) and w.submit().correct
    w.reset()
    assert w.selected == () and w.feedback is None and w.attempts == 2


def test_single_choice_widget_refuses_two_choices():
    with pytest.raises(ValueError, match="one answer"):
        QuestionWidget(single()).select(0, 1)


def test_reveal_explains_every_option_without_counting_an_attempt():
    w = QuestionWidget(several())
    feedback = w.reveal()
    assert isinstance(feedback, Feedback) and w.attempts == 0 and not w.solved
    assert [item.correct for item in feedback.explained] == [True, False, True, False]


def test_feedback_html_escapes_text():
    q = Question("Is `z < 0`?", ["<b>yes</b>", "no"], correct=1, why=["x < y & z", "ok"])
    w = QuestionWidget(q)
    w.select(0)
    w.submit()
    assert "&lt;b&gt;yes&lt;/b&gt;" in w._result.value and "x &lt; y &amp; z" in w._result.value
    assert "<code>z &lt; 0</code>" in w._prompt.value


# --- static face: the question without a kernel, never the answer ------------------------------

def test_static_face_lists_question_and_options_but_not_the_answer():
    w = QuestionWidget(single(), number=2)
    bundle = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    for mime in ("text/html", "text/plain"):
        assert "Question 2." in bundle[mime] and "sigma(0)" in bundle[mime]
        assert all(option in bundle[mime] for option in ("0", "0.5", "1"))
        assert not any(why in bundle[mime] for why in WHY)
    other = QuestionWidget(Question(single().question, single().options, correct=2,
                                    why=["a", "b", "c"]), number=2)
    assert other._repr_mimebundle_()["text/html"] == bundle["text/html"]


def test_quiz_static_face_has_every_question():
    bundle = Quiz([single(), several()])._repr_mimebundle_()
    text = bundle["text/plain"]
    assert "Question 1." in text and "Question 2." in text and "[ ] tanh" in text
    assert "( ) 0.5" in text and "Check your understanding" in bundle["text/html"]


# --- the quiz -------------------------------------------------------------------------------

def test_quiz_numbers_questions_and_keeps_score():
    quiz = Quiz([single(), dict(question="2 + 2?", options=["4", "5"], correct=0,
                                why=["yes", "no"])])
    assert len(quiz) == 2 and quiz.score == Score(0, 2)
    assert "Question 2." in quiz[1]._prompt.value
    quiz[1].select("4")
    quiz[1].submit()
    assert quiz.score == Score(1, 2) and "1 of 2" in quiz._summary.value
    quiz[0].select(0)
    quiz[0].submit()
    assert quiz.score == Score(1, 2)


@pytest.mark.parametrize("questions, error", [([], ValueError), (single(), TypeError),
                                              ("q", TypeError), ([3], TypeError)])
def test_quiz_rejects_bad_question_lists(questions, error):
    with pytest.raises(error):
        Quiz(questions)


def test_quiz_data_does_not_import_ipywidgets_or_matplotlib():
    code = ("import sys, lessons_lib._quiz_data; "
            "print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]
