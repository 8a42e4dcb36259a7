"""`stretchlog ask`: catching up on forgotten days, one question a day (the clock is pinned to
Wednesday 25 November 2026)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from stretchlog.commands import ask
from stretchlog.domain.catch_up import MOST_DAYS, answer, walk
from stretchlog.ui import render_catch_up
from tests.conftest import TODAY, Run, pinned_environment

TERMINAL = pinned_environment(stdin_is_terminal=True)


def by_day(ok: Run) -> dict[str, list[dict[str, Any]]]:
    """Every entry, by its day."""
    found: dict[str, list[dict[str, Any]]] = {}
    for entry in ok("history", "--json").json():
        found.setdefault(entry["date"], []).append(entry)
    return found


def asked(stdout: str) -> list[str]:
    """The days asked about, as the questions named them."""
    return re.findall(r"(\w{3} \d{1,2} \w{3}(?: \d{4})?(?: \(\w+\))?): did you stretch\?", stdout)


@pytest.fixture
def routine(ok: Run) -> None:
    ok("fav", "add", "couch", "thomas")


# The days a walk asks about


def test_a_walk_asks_about_each_day_since_the_last_entry_and_logs_each_answer(
    ok: Run, routine: None
) -> None:
    ok("log", "--date", "2026-11-20")
    answers = "y\nR\n\nwhat?\nSKIP\nYes\nquit\n"
    result = ok("ask", input=answers, env=TERMINAL)
    assert asked(result.stdout) == [
        "Sat 21 Nov", "Sun 22 Nov", "Mon 23 Nov", "Mon 23 Nov", "Mon 23 Nov",
        "Tue 24 Nov (yesterday)", "Wed 25 Nov (today)",
    ]  # fmt: skip
    assert "5 days to catch up on, oldest first" in result.stdout
    assert result.stdout.count("Please answer y (log favourites), r (rest day), s (skip)") == 2
    assert "✓ Logged session 2 for Sat 21 Nov (2026-11-21)" in result.stdout
    assert "○ Marked Sun 22 Nov (2026-11-22) as a rest day (id 3)." in result.stdout
    assert "Logged 2 sessions and 1 rest day; skipped 1 day.\n" in result.stdout  # today is left
    assert "Your 1-day streak is at risk" in result.stdout
    days = by_day(ok)
    assert sorted(days) == ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-24"]
    assert [e["kind"] for e in days["2026-11-22"]] == ["rest"]
    for day in ("2026-11-21", "2026-11-24"):
        [session] = days[day]
        assert session["source"] == "manual" and session["routine"] == "favourites"
        assert session["stretches"] == days["2026-11-20"][0]["stretches"]


def test_a_yes_logs_what_log_with_the_routine_and_date_logs(ok: Run, routine: None) -> None:
    ok("routine", "new", "desk", "pigeon", "bridge")
    ok("routine", "set", "desk", "pigeon", "--hold", "50", "--reps", "3")
    ok("log", "-r", "desk", "--date", "2026-11-23")
    ok("ask", "--routine", "DESK", input="y\n", env=TERMINAL)
    days = by_day(ok)
    [by_log], [by_ask] = days["2026-11-23"], days["2026-11-24"]
    assert by_ask["stretches"] == by_log["stretches"]
    assert by_ask["stretches"][0]["seconds"] == 150  # the routine's dose, not the stretch's
    assert (by_ask["routine"], by_ask["source"]) == ("desk", "manual")


def test_days_with_an_entry_are_not_asked_about(ok: Run, routine: None) -> None:
    ok("log", "--date", "2026-11-19")
    ok("rest", "--date", "2026-11-21")
    ok("log", "pigeon", "--date", "2026-11-23")
    result = ok("ask", "--since", "2026-11-18", input="s\n" * 5, env=TERMINAL)
    assert asked(result.stdout) == [
        "Wed 18 Nov", "Fri 20 Nov", "Sun 22 Nov", "Tue 24 Nov (yesterday)", "Wed 25 Nov (today)",
    ]  # fmt: skip
    assert "Nothing logged; skipped 5 days." in result.stdout
    assert "streak" not in result.stdout.lower()  # nothing changed: nothing to recount


def test_today_is_asked_about_until_it_has_an_entry(ok: Run, routine: None) -> None:
    ok("log", "--date", "yesterday")
    assert asked(ok("ask", input="s\n", env=TERMINAL).stdout) == ["Wed 25 Nov (today)"]
    ok("log")
    shown = ok("ask", env=TERMINAL).stdout
    assert shown == "Nothing to catch up on: today has an entry.\n"


def test_logging_today_first_does_not_hide_the_days_forgotten_before_it(
    ok: Run, routine: None
) -> None:
    ok("log", "--date", "2026-11-22")
    ok("log")
    result = ok("ask", input="y\nr\n", env=TERMINAL)
    assert asked(result.stdout) == ["Mon 23 Nov", "Tue 24 Nov (yesterday)"]
    assert "Logged 1 session and 1 rest day." in result.stdout
    assert "Streak: 3 days" in result.stdout  # the rest day joins them, without counting


def test_with_nothing_to_catch_up_on_it_says_so_in_one_line(ok: Run, routine: None) -> None:
    assert ok("ask", env=TERMINAL).stdout == (
        "Nothing to catch up on: nothing is logged before today. To fill in earlier days, use"
        " stretchlog ask --since WHEN.\n"
    )
    ok("log", "--date", "2026-11-23")
    ok("rest", "--date", "2026-11-24")
    ok("log")
    shown = ok("ask", "--since", "2026-11-23", env=TERMINAL).stdout
    assert shown == "Nothing to catch up on: every day from Mon 23 Nov to today has an entry.\n"


def test_a_walk_asks_about_the_latest_60_days_and_names_the_older_ones(
    ok: Run, routine: None
) -> None:
    last = TODAY - timedelta(days=100)
    ok("log", "--date", last.isoformat(), "--yes")
    result = ok("ask", input="q\n", env=TERMINAL)
    first = TODAY - timedelta(days=MOST_DAYS - 1)
    assert asked(result.stdout) == [first.strftime("%a %-d %b")]
    assert (
        f"Your last entry is on {last.strftime('%a %-d %b')}: asking about the last 60 days;"
        f" for the 40 days before them, use stretchlog ask --since {last + timedelta(days=1)}."
        in result.stdout
    )
    assert "60 days to catch up on" in result.stdout


def test_a_walk_from_since_asks_about_its_first_60_days_and_says_how_to_go_on(
    ok: Run, routine: None
) -> None:
    since = TODAY - timedelta(days=99)
    result = ok("ask", "--since", since.isoformat(), input="s\n" * MOST_DAYS, env=TERMINAL)
    questions = asked(result.stdout)
    assert len(questions) == MOST_DAYS
    assert questions[0] == since.strftime("%a %-d %b")
    after = since + timedelta(days=MOST_DAYS)
    assert (
        f"40 days more without an entry from {after.strftime('%a %-d %b')} on: to go on, use"
        f" stretchlog ask --since {after.isoformat()}." in result.stdout
    )


def test_a_year_not_this_one_is_shown_in_the_question(ok: Run, routine: None) -> None:
    result = ok("ask", "--since", "2025-12-31", input="q\n", env=TERMINAL)
    assert asked(result.stdout) == ["Wed 31 Dec 2025"]


@pytest.mark.parametrize(
    ("width", "form"),
    [
        (40, "Tue 24 Nov: stretched? [y/r/s/q] "),
        (60, "Tue 24 Nov: stretched? [y/r/s/q] "),
        (80, "Tue 24 Nov (yesterday): did you stretch? [y]es / [r]est / [s]kip / [q]uit "),
        (100, "Tue 24 Nov (yesterday): did you stretch? [y]es (favourites) / [r]est / [s]kip"),
    ],
)
def test_the_question_says_as_much_as_fits_the_terminal(
    ok: Run, routine: None, width: int, form: str
) -> None:
    ok("log", "--date", "2026-11-23")
    result = ok("ask", input="s\ns\n", env=TERMINAL._replace(width=width))
    assert form in result.stdout


@given(
    st.sampled_from([TODAY, date(2027, 1, 1)]),  # on 1 January, yesterday's label has its year
    st.integers(0, 800),
    st.integers(40, 200),
    st.text(min_size=1, max_size=40),
)
@example(date(2027, 1, 1), 1, 78, "favourites")  # 'Thu 31 Dec 2026 (yesterday)': the widest
def test_every_question_fits_with_room_for_the_answer(
    today: date, back: int, width: int, name: str
) -> None:
    day = today - timedelta(days=back)
    assert len(render_catch_up.question(day, today, name, width)) < width


# Stopping


def scripted(answers: list[str]) -> Callable[[str], str]:
    """An `input` that answers in turn; '^C' stands for Ctrl-C."""
    script: Iterator[str] = iter(answers)

    def fake_input(question: str) -> str:
        print(question, end="")
        typed = next(script)
        if typed == "^C":
            raise KeyboardInterrupt
        print(typed)
        return typed

    return fake_input


def test_ctrl_c_stops_the_walk_keeps_what_was_logged_and_exits_130(
    run: Run, ok: Run, routine: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("log", "--date", "2026-11-20")
    monkeypatch.setattr(ask, "input", scripted(["y", "r", "^C"]), raising=False)
    result = run("ask", env=TERMINAL)
    assert result.exit_code == 130
    assert result.stderr == "stretchlog: error: interrupted; what was logged before it is kept\n"
    assert (
        "Logged 1 session and 1 rest day; stopped with 3 days to go; to go on later, use"
        " stretchlog ask --since 2026-11-23." in result.stdout
    )
    assert sorted(by_day(ok)) == ["2026-11-20", "2026-11-21", "2026-11-22"]


def test_ctrl_c_at_the_first_question_changes_nothing(
    run: Run, ok: Run, routine: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("log", "--date", "2026-11-23")
    monkeypatch.setattr(ask, "input", scripted(["^C"]), raising=False)
    result = run("ask", env=TERMINAL)
    assert (result.exit_code, result.stderr) == (
        130,
        "stretchlog: error: interrupted; nothing was changed\n",
    )
    assert "Nothing logged; stopped with 2 days to go" in result.stdout
    assert sorted(by_day(ok)) == ["2026-11-23"]


def test_the_end_of_input_stops_like_quit(ok: Run, routine: None) -> None:
    ok("log", "--date", "2026-11-22")
    result = ok("ask", input="y\n", env=TERMINAL)
    assert "Logged 1 session; stopped with 2 days to go" in result.stdout
    assert sorted(by_day(ok)) == ["2026-11-22", "2026-11-23"]


def test_a_day_logged_elsewhere_during_the_walk_is_not_asked_about(
    ok: Run, routine: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("log", "--date", "2026-11-22")
    answers = iter(["y", "y"])

    def meanwhile(question: str) -> str:
        if question.startswith("Mon 23 Nov"):
            ok("rest", "--date", "yesterday")  # in another terminal, while this one waits
        return next(answers)

    monkeypatch.setattr(ask, "input", meanwhile, raising=False)
    result = ok("ask", env=TERMINAL)
    assert "Logged 2 sessions." in result.stdout
    days = by_day(ok)
    assert [e["kind"] for e in days["2026-11-24"]] == ["rest"]
    assert [e["kind"] for e in days["2026-11-25"]] == ["session"]


# Refusals: one line, before any question, nothing written


def test_without_a_terminal_it_refuses_and_names_the_commands_for_scripts(
    fails: Callable[..., str], routine: None, ok: Run
) -> None:
    ok("log", "--date", "2026-11-20")
    line = fails("ask", input="y\n")
    assert "stdin is not a terminal" in line
    assert "stretchlog log --date WHEN" in line and "stretchlog rest --date WHEN" in line
    assert sorted(by_day(ok)) == ["2026-11-20"]


def test_bad_options_are_refused_before_any_question(fails: Callable[..., str], ok: Run) -> None:
    ok("log", "pigeon", "--date", "2026-11-20")
    assert "no favourites to log" in fails("ask", env=TERMINAL)
    ok("fav", "add", "couch")
    assert "no routine called 'evening'" in fails("ask", "-r", "evening", env=TERMINAL)
    assert "in the future" in fails("ask", "--since", "tomorrow", env=TERMINAL)
    assert sorted(by_day(ok)) == ["2026-11-20"]


# The rules, without a database


def test_answers_are_a_letter_or_the_word_in_any_case() -> None:
    for typed, meant in [("y", "yes"), (" YES ", "yes"), ("r", "rest"), ("Rest", "rest"),
                         ("s", "skip"), ("SKIP", "skip"), ("q", "quit"), ("Quit\n", "quit")]:  # fmt: skip
        assert answer(typed) == meant
    for typed in ["", " ", "n", "no", "ye", "yess", "x", "1"]:
        assert answer(typed) is None


@given(
    st.integers(0, 200),
    st.sets(st.integers(0, 200)),
    st.booleans(),
)
def test_a_walk_is_the_unlogged_days_oldest_first_capped_at_the_right_end(
    back: int, logged_back: set[int], from_first: bool
) -> None:
    today = date(2026, 11, 25)
    first = today - timedelta(days=back)
    logged = {today - timedelta(days=n) for n in logged_back}
    found = walk(first, today, logged, from_first)
    unlogged = [
        first + timedelta(days=n)
        for n in range(back + 1)
        if first + timedelta(days=n) not in logged
    ]
    assert len(found.days) == min(len(unlogged), MOST_DAYS)
    assert found.older + len(found.days) + found.later == len(unlogged)
    if from_first:
        assert (list(found.days), found.older) == (unlogged[:MOST_DAYS], 0)
    else:
        assert (list(found.days), found.later) == (unlogged[-MOST_DAYS:] if unlogged else [], 0)


def test_paused_days_are_not_asked_about(ok: Run) -> None:
    ok("fav", "add", "pigeon")
    ok("log", "--date", "5 days ago")
    ok("pause", "--from", "3 days ago", "--to", "2 days ago", "--reason", "trip")
    said = ok("ask", input="s\ns\ns\n", env=pinned_environment(stdin_is_terminal=True)).stdout
    for day in ("Sun 22 Nov", "Mon 23 Nov"):  # the pause
        assert day not in said
    assert "Sat 21 Nov" in said and "Tue 24 Nov" in said
