"""The fast folding gives exactly the library's bytes."""

import random

from icalendar.parser.string import _foldline as library_foldline

from eventsys.calendar.fold import foldline

ALPHABET = "abc XYZ,;:\\^n0é€😀"


def test_fold_equals_library_on_random_lines():
    rng = random.Random(5)
    for _ in range(5000):
        size = rng.choice([0, 1, 10, 73, 74, 75, 76, 149, 150, 151, 400])
        alphabet = ALPHABET[:12] if rng.random() < 0.7 else ALPHABET
        line = "".join(rng.choice(alphabet) for _ in range(size))
        for limit in (75, 10, 3):
            assert foldline(line, limit) == library_foldline(line, limit), (line, limit)


def test_escapes_at_the_fold_stay_together():
    line = "DESCRIPTION:" + "x" * 61 + "\\n" + "y" * 20
    assert foldline(line) == library_foldline(line)
    assert "\\\r\n n" not in foldline(line)
