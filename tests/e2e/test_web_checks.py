"""The page checks themselves: each one catches the fault it is named for."""

import pytest

from tests.e2e.conftest import check_page

GOOD = '<p style="color:#1a1a1a;background:#fff">正文</p>'
FAULTS = {
    "px wide in a 390px viewport": '<div style="width:600px">宽</div>',
    "tap targets under 44px": '<a href="/" style="display:inline-block;height:20px">小</a>',
    "inputs without a label": '<input name="orphan" style="height:48px">',
    "text with low contrast": '<p style="color:#bbb;background:#fff">浅</p>',
}


@pytest.fixture
def blank(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def test_a_plain_page_passes(blank):
    blank.set_content(GOOD)
    assert check_page(blank, "check-good").exists()


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_is_caught(blank, fault):
    blank.set_content(GOOD + FAULTS[fault])
    with pytest.raises(AssertionError, match=fault):
        check_page(blank, "check-fault")
