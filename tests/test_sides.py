"""One hip tighter than the other: the tightness of each side, typed, stored, shown and counted."""

from __future__ import annotations

import json
from datetime import timedelta
from fractions import Fraction
from itertools import product
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from stretchlog.domain import fields, insight
from tests.conftest import TODAY, Run
from tests.test_guided import guided_env

OPTION_EXPECTED = (
    "a whole number from 0 (loose) to 10 (very tight), or one for each side like left=6,right=4"
)
ANSWER_EXPECTED = (
    "a whole number from 0 (loose) to 10 (very tight), or one for each side like 6 4"
    " (left, then right)"
)


# The rule


def half_up(left: int, right: int) -> int:
    mean = Fraction(left + right, 2)
    return int(mean + Fraction(1, 2)) if mean.denominator == 2 else int(mean)


def score_or_none(text: str) -> int | None:
    """The oracle for one score: ASCII digits worth 0 to 10."""
    if not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > 2:
        return None
    number = int(text.lstrip("0") or "0")
    return number if number <= 10 else None


def expected_reading(text: str, answer: bool) -> fields.Scored | None:
    """What the rule should make of `text`, worked out without regular expressions."""
    typed = text.strip()
    single = score_or_none(typed)
    if single is not None:
        return single, None
    first, comma, second = typed.partition(",")
    left_key, left_eq, left = first.partition("=")
    right_key, right_eq, right = second.lstrip(" ").partition("=")
    if (
        comma
        and left_eq
        and right_eq
        and left_key.isascii()
        and right_key.isascii()
        and left_key.lower() in ("l", "left")
        and right_key.lower() in ("r", "right")
    ):
        pair = score_or_none(left), score_or_none(right)
    elif answer and typed.count(" ") >= 1:
        words = typed.split(" ")
        numbers = [word for word in words if word]
        spaces_only_between = len(numbers) == 2 and words[0] and words[-1]
        pair = (
            (score_or_none(numbers[0]), score_or_none(numbers[1]))
            if spaces_only_between
            else (None, None)
        )
    else:
        return None
    if pair[0] is None or pair[1] is None:
        return None
    return half_up(pair[0], pair[1]), (pair[0], pair[1])


scores = st.integers(min_value=0, max_value=10)
left_keys = st.sampled_from(["left", "l"]).flatmap(lambda key: _any_case(key))
right_keys = st.sampled_from(["right", "r"]).flatmap(lambda key: _any_case(key))


def _any_case(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda upper: "".join(c.upper() if u else c for c, u in zip(word, upper, strict=True))
    )


@given(scores, scores, left_keys, right_keys, st.integers(min_value=0, max_value=3))
@example(6, 5, "left", "right", 0)  # the overall score of 6 and 5 is 6: half rounds up
def test_any_pair_of_sides_round_trips(
    left: int, right: int, left_key: str, right_key: str, spaces: int
) -> None:
    typed = f"{left_key}={left},{' ' * spaces}{right_key}={right}"
    for answer in (False, True):
        assert fields.tightness_by_side(answer=answer)(typed) == (
            half_up(left, right),
            (left, right),
        )
    assert fields.tightness_by_side(answer=True)(f"{left} {right}") == (
        half_up(left, right),
        (left, right),
    )


@given(scores)
def test_one_score_is_the_score_without_sides(score: int) -> None:
    assert fields.tightness_by_side()(str(score)) == (score, None)
    assert fields.tightness_by_side(answer=True)(f" {score} ") == (score, None)


def test_the_overall_score_is_the_mean_rounded_half_up() -> None:
    rule = fields.tightness_by_side()
    assert rule("left=6,right=5")[0] == 6
    assert rule("left=5,right=6")[0] == 6
    assert rule("left=5,right=4")[0] == 5
    assert rule("left=0,right=1")[0] == 1
    assert rule("left=9,right=3")[0] == 6
    assert rule("left=10,right=10")[0] == 10


near_misses = st.lists(
    st.sampled_from(
        ["l", "L", "left", "LEFT", "r", "right", "Right", "rıght", "=", ",", " ", ", ", ";", ":",
         "0", "4", "6", "10", "11", "-1", "06", "٣", "\t", "x", "both"]
    ),
    max_size=7,
).map("".join)  # fmt: skip


@given(st.one_of(near_misses, st.text(max_size=20)), st.booleans())
@example("right=4,left=6", False)
@example("left=6,right=11", False)
@example("6 4", False)
@example("6,4", True)
@example("left = 6, right = 4", False)
@example("left=6 ,right=4", False)
@example("l=" + "0" * 5000 + "6,r=4", False)
@example("l=6,rıght=4", False)  # a dotless i is not an i, whatever case is ignored
@example("LEFT=6,RİGHT=4", True)
def test_anything_else_is_refused_with_one_message(typed: str, answer: bool) -> None:
    rule = fields.tightness_by_side(answer=answer)
    expected = expected_reading(typed, answer)
    if expected is not None:
        assert rule(typed) == expected
        return
    with pytest.raises(fields.Invalid) as refused:
        rule(typed)
    assert refused.value.expected == (ANSWER_EXPECTED if answer else OPTION_EXPECTED)


def _subsequences(word: str) -> set[str]:
    return {"".join(c for c, keep in zip(word, mask, strict=True) if keep)
            for mask in product((False, True), repeat=len(word))}  # fmt: skip


def test_only_left_or_l_then_right_or_r_name_the_sides() -> None:
    rule = fields.tightness_by_side()
    for left_key, right_key in product(_subsequences("left"), _subsequences("right")):
        typed = f"{left_key}=6,{right_key}=4"
        expected = expected_reading(typed, answer=False)
        assert (left_key in ("l", "left") and right_key in ("r", "right")) == (expected is not None)
        if expected is None:
            with pytest.raises(fields.Invalid):
                rule(typed)
        else:
            assert rule(typed) == expected


def test_the_refusal_names_both_forms_in_the_existing_wording(fails: Run) -> None:
    line = fails("log", "pigeon", "--tightness", "left=6")
    assert line == f"stretchlog: error: --tightness must be {OPTION_EXPECTED}, not 'left=6'"
    with pytest.raises(fields.Invalid) as one:
        fields.tightness()(11)
    assert OPTION_EXPECTED.startswith(one.value.expected)


# The comparison of the sides


@st.composite
def ratings(draw: st.DrawFn) -> insight.Rating:
    day = draw(st.integers(TODAY.toordinal() - 420, TODAY.toordinal() + 3))
    sides = draw(st.none() | st.tuples(scores, scores))
    after = half_up(*sides) if sides else draw(st.none() | scores)
    before = draw(st.none() | scores) if after is not None else draw(scores)
    return insight.Rating(day, after, before, sides)


def _means(pairs: list[tuple[int, int]]) -> tuple[float | None, float | None]:
    if not pairs:
        return None, None
    return sum(p[0] for p in pairs) / len(pairs), sum(p[1] for p in pairs) / len(pairs)


@given(st.lists(ratings(), max_size=30), st.none() | st.integers(0, 400))
def test_the_sides_are_averaged_by_week_and_over_the_period_and_change_nothing_else(
    logged: list[insight.Rating], days_back: int | None
) -> None:
    since = None if days_back is None else TODAY - timedelta(days=days_back)
    trend = insight.tightness_trend(logged, set(), TODAY, since)
    without = insight.tightness_trend([r._replace(sides=None) for r in logged], set(), TODAY, since)
    assert trend._replace(weeks=without.weeks, sides=without.sides) == without
    assert [w.average for w in trend.weeks] == [w.average for w in without.weeks]
    now = TODAY.toordinal()
    for week in trend.weeks:
        monday = week.start.toordinal()
        pairs = [r.sides for r in logged if r.sides and monday <= r.day <= min(monday + 6, now)]
        assert (week.left, week.right) == pytest.approx(_means(pairs))
    first = (since or TODAY - timedelta(days=363)).toordinal()
    pairs = [r.sides for r in logged if r.sides and first <= r.day <= now]
    assert trend.sides.sessions == len(pairs)
    assert (trend.sides.left, trend.sides.right) == pytest.approx(_means(pairs))


# Logging, editing and showing


def test_log_keeps_each_side_and_their_mean(ok: Run) -> None:
    session = ok("log", "pigeon", "--tightness", "left=6,right=5", "--json").json()
    assert session["tightness"] == 6
    assert session["tightness_sides"] == {"left": 6, "right": 5}
    assert session["tightness_before_sides"] is None
    [stored] = ok("history", "--json").json()
    assert stored == session
    assert "6 (L6 R5)" in ok("history").stdout


@pytest.mark.parametrize(
    "typed", ["l=6,r=4", "LEFT=6, RIGHT=4", "Left=6,  r=4", " left=6,right=4 "]
)
def test_the_short_and_spaced_forms_are_the_same(ok: Run, typed: str) -> None:
    session = ok("log", "pigeon", "-t", typed, "--json").json()
    assert (session["tightness"], session["tightness_sides"]) == (5, {"left": 6, "right": 4})


def test_one_score_stays_as_it_was(ok: Run) -> None:
    session = ok("log", "pigeon", "--tightness", "5", "--json").json()
    assert (session["tightness"], session["tightness_sides"]) == (5, None)
    [row] = ok("history").stdout.splitlines()[1:]
    assert row.split()[-2:] == ["min", "5"]


@pytest.mark.parametrize(
    "args",
    [
        ("log", "pigeon", "--tightness"),
        ("start", "pigeon", "--tightness-before"),
        ("start", "pigeon", "--tightness-after"),
    ],
)
@pytest.mark.parametrize("typed", ["left=11,right=4", "6,4", "6 4", "right=4,left=6", "x", ""])
def test_bad_scores_are_refused_in_one_line_before_anything_is_written(
    fails: Run, db_path: Path, args: tuple[str, ...], typed: str
) -> None:
    line = fails(*args, typed)
    assert line == f"stretchlog: error: {args[-1]} must be {OPTION_EXPECTED}, not {typed!r}"
    assert not db_path.exists()


def test_edit_sets_changes_and_clears_the_sides(ok: Run, fails: Run) -> None:
    ok("log", "pigeon", "--tightness", "5")
    out = ok("edit", "1", "--tightness", "left=6,right=4").stdout
    assert out.startswith("✓ Updated session 1: tightness 5 → 5 (L6 R4).")
    assert "tightness 5/10 (L6 R4)" in out
    out = ok("edit", "1", "--tightness", "l=5,r=5").stdout
    assert out.startswith("✓ Updated session 1: tightness 5 (L6 R4) → 5 (L5 R5).")
    assert ok("edit", "1", "-t", "L=5, R=5").stdout.startswith("Nothing to change in session 1.")
    edited = ok("edit", "1", "--tightness", "3", "--json").json()
    assert (edited["tightness"], edited["tightness_sides"]) == (3, None)
    line = fails("edit", "1", "--tightness", "left=6,right=-4")
    assert line.endswith(f"--tightness must be {OPTION_EXPECTED}, not 'left=6,right=-4'")
    assert ok("history", "--json").json()[0]["tightness"] == 3


def test_edit_keeps_the_sides_when_the_tightness_is_not_changed(ok: Run) -> None:
    ok("log", "pigeon", "--tightness", "left=7,right=2")
    edited = ok("edit", "1", "--note", "after the run", "--json").json()
    assert (edited["tightness"], edited["tightness_sides"]) == (5, {"left": 7, "right": 2})


def test_undo_and_delete_show_the_sides(ok: Run) -> None:
    ok("log", "pigeon", "--tightness", "left=7,right=2")
    ok("log", "couch", "--tightness", "left=1,right=3")
    assert "manual · tightness 2/10 (L1 R3)" in ok("undo", "--yes").stdout
    assert "manual · tightness 5/10 (L7 R2)" in ok("delete", "1", "--yes").stdout


# A guided routine

GUIDED = ("start", "bridge", "--hold", "1", "--reps", "1", "--prep", "0")


def test_start_keeps_the_sides_before_and_after(ok: Run) -> None:
    env, _ = guided_env()
    ok(*GUIDED, "--tightness-before", "l=8,r=6", "--tightness-after", "left=6,right=3", env=env)
    [session] = ok("history", "--json").json()
    assert (session["tightness_before"], session["tightness"]) == (7, 5)
    assert session["tightness_before_sides"] == {"left": 8, "right": 6}
    assert session["tightness_sides"] == {"left": 6, "right": 3}
    assert "7 (L8 R6)→5 (L6 R3)" in ok("history").stdout


def test_start_with_sides_only_before(ok: Run) -> None:
    env, _ = guided_env()
    ok(*GUIDED, "--tightness-before", "left=8,right=6", "--tightness-after", "4", env=env)
    [session] = ok("history", "--json").json()
    assert (session["tightness_sides"], session["tightness_before_sides"]) == (
        None,
        {"left": 8, "right": 6},
    )
    assert "7 (L8 R6)→4" in ok("history").stdout


def test_the_questions_take_one_score_or_both_sides(run: Run, ok: Run) -> None:
    env, _ = guided_env(stdin_is_terminal=True)
    result = run(*GUIDED, input="6 11\n8 6\nL=6, R=3\n", env=env)
    assert result.exit_code == 0, result.stderr
    assert "before you start? 0-10 (or left and right, like 6 4), Enter to skip:" in result.stdout
    assert result.stderr == f"Please type {ANSWER_EXPECTED}.\n"
    [session] = ok("history", "--json").json()
    assert session["tightness_before_sides"] == {"left": 8, "right": 6}
    assert (session["tightness_before"], session["tightness"]) == (7, 5)
    assert session["tightness_sides"] == {"left": 6, "right": 3}


# Stats

SCORED = [  # (day, --tightness): two weeks, the last one this week
    ("2026-11-16", "left=7,right=4"),
    ("2026-11-18", "left=6,right=4"),
    ("2026-11-19", "5"),
    ("2026-11-24", "l=4,r=6"),
    ("2026-11-25", "l=5,r=5"),
]


def _log_all(ok: Run, scores: list[tuple[str, str]], *where: str) -> None:
    for day, score in scores:
        ok(*where, "log", "pigeon", "--date", day, "--tightness", score)


def test_stats_compare_the_sides_week_by_week_and_over_the_year(ok: Run) -> None:
    _log_all(ok, SCORED)
    lines = ok("stats").stdout.splitlines()
    start = lines.index(
        "Left and right hip, weekly average, last 8 weeks (sessions scored by side)"
    )
    assert lines[start + 1 :] == [
        "week of     left  right  tighter",
        "Mon 16 Nov   6.5    4.0  left by 2.5",
        "Mon 23 Nov   4.5    5.5  right by 1.0",
        "Over the past year, in your 4 sessions scored by side, your left hip averaged 5.5 and"
        " your right 4.8: the left was 0.7 points tighter.",  # 5.5 - 4.8, as shown: it adds up
        "These are patterns in your own log, not medical findings.",
    ]
    tightness = ok("stats", "--json").json()["tightness"]
    assert [(w["week"], w["average"], w["left"], w["right"]) for w in tightness["weekly"][-3:]] == [
        ("2026-11-09", None, None, None),
        ("2026-11-16", 16 / 3, 6.5, 4.0),  # the overall average counts the 5 scored as one
        ("2026-11-23", 5.0, 4.5, 5.5),
    ]
    assert tightness["sides"] == {"sessions": 4, "left": 5.5, "right": 4.75}
    since = ok("stats", "--since", "2026-11-23", "--json").json()["tightness"]["sides"]
    assert since == {"sessions": 2, "left": 4.5, "right": 5.5}
    assert "Since 2026-11-23, in your 2 sessions scored by side, your left hip averaged 4.5 and" \
        " your right 5.5: the right was 1.0 points tighter." in ok("stats", "--since", "2026-11-23").stdout  # fmt: skip


def test_sides_scored_the_same_say_neither(ok: Run) -> None:
    ok("log", "pigeon", "--tightness", "l=4,r=6")
    ok("log", "couch", "--tightness", "l=6,r=4")
    text = ok("stats").stdout
    assert "Mon 23 Nov   5.0    5.0  neither" in text
    assert "your left hip averaged 5.0 and your right 5.0: neither was tighter." in text


def test_without_sides_stats_are_what_they_were(ok: Run, tmp_path: Path) -> None:
    """The same log with each pair of sides typed as its overall score shows the same stats,
    but for the comparison of the sides, which is all the sides add."""
    _log_all(ok, SCORED)
    overall = [
        (day, str(half_up(*_pair(score))) if "=" in score else score) for day, score in SCORED
    ]
    plain_db = ("--db", str(tmp_path / "plain.db"))
    _log_all(ok, overall, *plain_db)
    with_sides = ok("stats").stdout.splitlines()
    without = ok(*plain_db, "stats").stdout.splitlines()
    assert not any("left" in line or "Left" in line for line in without)
    start = with_sides.index(
        "Left and right hip, weekly average, last 8 weeks (sessions scored by side)"
    )
    assert with_sides[:start] + with_sides[start + 5 :] == without
    plain_json = ok(*plain_db, "stats", "--json").json()
    sided_json = ok("stats", "--json").json()
    for week in plain_json["tightness"]["weekly"]:
        assert (week["left"], week["right"]) == (None, None)
    assert plain_json["tightness"]["sides"] == {"sessions": 0, "left": None, "right": None}
    for stats in (plain_json, sided_json):
        for week in stats["tightness"]["weekly"]:
            del week["left"], week["right"]
        del stats["tightness"]["sides"]
    assert plain_json == sided_json


def _pair(score: str) -> tuple[int, int]:
    left, right = (int(part.split("=")[1]) for part in score.split(","))
    return left, right


def test_side_scores_travel_in_an_export_and_must_agree_with_the_overall(
    ok: Run, fails: Run, tmp_path: Path
) -> None:
    ok("log", "pigeon", "--tightness", "left=6,right=3")
    exported = ok("export").stdout
    [session] = json.loads(exported)["sessions"]
    assert (session["tightness"], session["tightness_sides"]) == (5, {"left": 6, "right": 3})
    file = tmp_path / "all.json"
    file.write_text(exported, encoding="utf-8")
    other = ["--db", str(tmp_path / "other.db")]
    ok(*other, "import", str(file))
    assert ok(*other, "export").stdout == exported
    session["tightness"] = 4
    session["uid"] = "another"
    file.write_text(json.dumps({"stretchlog_export": 2, "sessions": [session]}), encoding="utf-8")
    said = fails("import", str(file))
    assert "field 'tightness': must be 5, the mean of its sides rounded half up, not 4" in said
    session["tightness_sides"] = {"left": 6}
    file.write_text(json.dumps({"stretchlog_export": 2, "sessions": [session]}), encoding="utf-8")
    assert "field 'tightness_sides' must be an object like" in fails("import", str(file))
    assert len(ok("history", "--json").json()) == 1  # nothing imported
