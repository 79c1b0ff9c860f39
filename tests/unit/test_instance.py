"""submissions.instance: submission bytes to header fields and an answers tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldcollect.submissions.instance import InstanceError, parse_instance

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "submissions"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_collect_instance_with_orx_prefixed_meta_gives_the_header_fields():
    instance = parse_instance(fixture("collect_orx_meta.xml"))
    assert instance.form_id == "household_visit"
    assert instance.version == "2018100101"  # orx:version reads like version
    assert instance.instance_id == "uuid:3feb43a6-4790-4455-890a-aa426afee933"
    assert instance.instance_name == "h1-王某某"
    assert instance.deprecated_id is None


def test_repeats_become_lists_and_groups_dicts():
    answers = parse_instance(fixture("collect_orx_meta.xml")).answers
    assert answers["members"] == "4"
    assert answers["member"] == [{"name": "王大", "age": "45"}, {"name": "王二", "age": "12"}]
    assert answers["note"] == ""
    assert answers["meta"]["instanceName"] == "h1-王某某"


def test_a_repeat_of_three_stays_one_flat_list():
    xml = b'<d id="f"><r><x>1</x></r><r><x>2</x></r><r><x>3</x></r></d>'
    assert parse_instance(xml).answers["r"] == [{"x": "1"}, {"x": "2"}, {"x": "3"}]


def test_values_name_the_files_an_instance_refers_to():
    values = parse_instance(fixture("collect_orx_meta.xml")).values()
    assert "1543851234567.jpg" in values
    assert "" not in values


def test_edit_carries_its_deprecated_id():
    instance = parse_instance(fixture("edit_with_deprecated_id.xml"))
    assert instance.deprecated_id == "uuid:3feb43a6-4790-4455-890a-aa426afee933"
    assert instance.instance_id == "uuid:0a1b2c3d-0000-4000-8000-000000000002"


def test_instance_id_may_sit_directly_under_the_root_and_version_may_be_absent():
    instance = parse_instance(fixture("no_meta_top_level_instance_id.xml"))
    assert (instance.form_id, instance.version, instance.instance_id) == ("legacy_form", "", "uuid:legacy-1")


@pytest.mark.parametrize("xml", [b"", b"   ", b"<data id='x'>", b"not xml at all", b"<a></b>"])
def test_malformed_bytes_raise_submission_xml_invalid(xml):
    with pytest.raises(InstanceError) as raised:
        parse_instance(xml)
    assert raised.value.code == "submission_xml_invalid"


@pytest.mark.parametrize("xml", [b"<data><x/></data>", b"<data id='  '><x/></data>"])
def test_missing_or_blank_form_id_raises(xml):
    with pytest.raises(InstanceError) as raised:
        parse_instance(xml)
    assert raised.value.code == "submission_form_id_missing"


def test_entity_expansion_is_refused():
    bomb = b'<!DOCTYPE d [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;">]><d id="f">&b;</d>'
    with pytest.raises(InstanceError) as raised:
        parse_instance(bomb)
    assert raised.value.code == "submission_xml_invalid"


def test_blank_instance_id_counts_as_absent():
    assert parse_instance(b'<d id="f"><meta><instanceID>  </instanceID></meta></d>').instance_id is None
