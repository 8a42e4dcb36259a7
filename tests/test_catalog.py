from __future__ import annotations

import pytest

from stretchlog.domain.catalog import parse_catalog
from stretchlog.domain.fields import LEVELS, POSITIONS
from stretchlog.errors import CatalogError, StretchNotFound
from stretchlog.storage.catalog_files import load_catalog

GOOD_ENTRY = """
[[stretch]]
id = "test-stretch"
name = "Test stretch"
summary = "For tests."
position = "lying"
per_side = true
hold_seconds = 30
reps = 2
level = "beginner"
targets = ["psoas"]
steps = ["Lie down.", "Stretch."]
cues = ["Breathe."]
cautions = ["Stop on pain."]
"""


def test_bundled_catalog_has_at_least_twelve_complete_stretches() -> None:
    catalog = load_catalog()
    assert len(catalog) >= 12
    for stretch in catalog:
        assert stretch.position in POSITIONS
        assert stretch.level in LEVELS
        assert stretch.steps and stretch.cues and stretch.cautions and stretch.targets
        assert 1 <= stretch.hold_seconds <= 3600


def test_bundled_catalog_covers_the_classic_psoas_stretches() -> None:
    ids = {stretch.id for stretch in load_catalog()}
    for expected in ("half-kneeling-hip-flexor", "standing-lunge", "thomas-stretch", "couch-stretch",
                     "constructive-rest", "glute-bridge", "pigeon", "crescent-lunge-side-bend"):  # fmt: skip
        assert expected in ids


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("couch-stretch", "couch-stretch"),
        ("COUCH_STRETCH", "couch-stretch"),
        ("sofa stretch", "couch-stretch"),
        ("Pigeon Pose", "pigeon"),
        ("thom", "thomas-stretch"),
        ("  warrior   1 ", "warrior-one"),
        ("crp", "constructive-rest"),
        ("bridge", "glute-bridge"),
    ],
)
def test_names_resolve_by_id_alias_name_or_prefix(typed: str, expected: str) -> None:
    assert load_catalog().resolve(typed).id == expected


def test_ambiguous_prefix_lists_the_candidates() -> None:
    with pytest.raises(StretchNotFound) as error:
        load_catalog().resolve("kneeling")
    assert "could mean several" in str(error.value)
    assert "'half-kneeling-hip-flexor'" in str(error.value)
    assert "'kneeling-reach-side-bend'" in str(error.value)


def test_unknown_name_suggests_close_ones() -> None:
    with pytest.raises(StretchNotFound) as error:
        load_catalog().resolve("pigeonn")
    assert "no stretch called 'pigeonn'" in str(error.value)
    assert "did you mean 'pigeon'" in str(error.value)


def test_a_valid_entry_parses() -> None:
    stretch = parse_catalog(GOOD_ENTRY, "mine.toml").resolve("test")
    assert stretch.sides == ("left", "right")
    assert stretch.default_seconds == 120


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("hold_seconds = 30", "hold_seconds = 0"),
            "field 'hold_seconds' must be a whole number from 1 to 3600",
        ),
        (("hold_seconds = 30", 'hold_seconds = "30"'), "field 'hold_seconds'"),
        (
            ('position = "lying"', 'position = "upside down"'),
            "field 'position' must be one of standing",
        ),
        (("per_side = true", 'per_side = "yes"'), "field 'per_side' must be true or false"),
        (('id = "test-stretch"', 'id = "Test Stretch"'), "field 'id' must be lower-case"),
        (('cues = ["Breathe."]', "cues = []"), "field 'cues' must be a list of non-empty texts"),
        (('level = "beginner"', 'level = "beginner"\ncolour = "red"'), "unknown field 'colour'"),
        (('level = "beginner"\n', ""), "field 'level' is missing"),
        (("reps = 2", "reps = 2\nreps = 3"), "is not valid TOML"),
    ],
)
def test_invalid_entries_name_the_file_entry_and_field(
    change: tuple[str, str], expected: str
) -> None:
    text = GOOD_ENTRY.replace(*change)
    assert text != GOOD_ENTRY
    with pytest.raises(CatalogError) as error:
        parse_catalog(text, "mine.toml")
    assert "mine.toml" in str(error.value)
    assert expected in str(error.value)


def test_invalid_entry_names_the_entry_by_id() -> None:
    with pytest.raises(CatalogError, match=r"mine.toml: stretch 'test-stretch': field 'reps'"):
        parse_catalog(GOOD_ENTRY.replace("reps = 2", "reps = 99"), "mine.toml")


def test_duplicate_ids_and_clashing_aliases_are_refused() -> None:
    with pytest.raises(CatalogError, match="used twice"):
        parse_catalog(GOOD_ENTRY + GOOD_ENTRY, "mine.toml")
    other = GOOD_ENTRY.replace("test-stretch", "other").replace('"Test stretch"', '"Test stretch"')
    with pytest.raises(CatalogError, match="already names 'test-stretch'"):
        parse_catalog(GOOD_ENTRY + other, "mine.toml")


def test_empty_catalog_is_refused() -> None:
    with pytest.raises(CatalogError, match="no \\[\\[stretch\\]\\] entries"):
        parse_catalog("version = 1\n", "mine.toml")


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [
        ("lunge", ["half-kneeling-hip-flexor", "kneeling-reach-side-bend", "standing-lunge"]),
        ("side bend", ["kneeling-reach-side-bend", "crescent-lunge-side-bend"]),
    ],
)
def test_a_word_several_stretches_share_is_ambiguous_not_a_guess(
    typed: str, candidates: list[str]
) -> None:
    """'lunge' once logged the reach and side bend, through the start of one of its aliases."""
    with pytest.raises(StretchNotFound, match="could mean several") as error:
        load_catalog().resolve(typed)
    assert all(f"'{candidate}'" in str(error.value) for candidate in candidates)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("couch", "couch-stretch"), ("knee", "knee-to-chest"), ("sleeping", "pigeon")],
)
def test_whole_words_find_a_stretch_before_the_starts_of_others(typed: str, expected: str) -> None:
    assert load_catalog().resolve(typed).id == expected


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("pigoen", "pigeon"), ("brdige", "glute-bridge"), ("warior", "warrior-one"),
     ("coutch", "couch-stretch"), ("thomass", "thomas-stretch"), ("pgeon", "pigeon")],
)  # fmt: skip
def test_common_typos_suggest_what_was_meant(typed: str, meant: str) -> None:
    with pytest.raises(StretchNotFound) as error:
        load_catalog().resolve(typed)
    assert str(error.value).endswith("?") and f"did you mean '{meant}'" in str(error.value)
