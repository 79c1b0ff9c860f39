"""Version strings compare piecewise: digit runs as numbers, other runs as text."""

import pytest

from fieldcollect.forms.versions import is_higher_version, version_key


@pytest.mark.parametrize(("new", "current"), [
    ("2026120302", "2026120301"), ("2027010101", "2026123199"), ("1.10", "1.9"), ("2", "1"), ("10", "9"),
    ("v3", "v2"), ("1.0.1", "1.0"),
])
def test_higher_versions(new, current):
    assert is_higher_version(new, current)
    assert not is_higher_version(current, new)


@pytest.mark.parametrize("version", ["2026120301", "1.2", "v3", ""])
def test_a_version_is_not_higher_than_itself(version):
    assert not is_higher_version(version, version)


def test_version_key_sorts_a_mixed_history():
    history = ["1", "1.9", "1.10", "2", "2026120301"]
    assert sorted(reversed(history), key=version_key) == history
