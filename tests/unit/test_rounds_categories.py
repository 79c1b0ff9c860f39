"""Category bit masks: fixed bits for every form category, round-tripping in a chosen order."""

from fieldcollect.forms.categories import CATEGORIES
from fieldcollect.rounds.categories import BITS, categories_in, mask_of


def test_every_category_has_its_own_bit():
    assert set(BITS) == {category.code for category in CATEGORIES}
    assert sorted(BITS.values()) == [1 << n for n in range(len(BITS))]


def test_a_mask_holds_exactly_its_categories_in_the_order_asked():
    mask = mask_of(["training", "basic", "income"])
    assert mask == 1 | 2 | 64
    assert categories_in(mask) == ["basic", "income", "training"]
    assert categories_in(mask, ["training", "income", "basic", "housing"]) == ["training", "income", "basic"]


def test_what_is_lacking_is_expected_and_not_done():
    expected, done = mask_of(["basic", "income", "medical"]), mask_of(["income", "other"])
    assert categories_in(expected & ~done) == ["basic", "medical"]
    assert mask_of([]) == 0 and categories_in(0) == []
