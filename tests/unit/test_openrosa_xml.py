"""sync.openrosa: the XML documents, checked the way Collect's parser reads them."""

from __future__ import annotations

from xml.etree import ElementTree

from fieldcollect.sync.openrosa import FormListEntry, MediaEntry, form_list_xml, manifest_xml, response_xml

LIST = "{http://openrosa.org/xforms/xformsList}"
MANIFEST = "{http://openrosa.org/xforms/xformsManifest}"
RESPONSE = "{http://openrosa.org/http/response}"


def test_form_list_has_the_namespace_and_every_required_element():
    root = ElementTree.fromstring(form_list_xml([
        FormListEntry("f1", "收入 & 支出", "", "0" * 32, "http://h/forms/f1.xml"),
        FormListEntry("f2", "B", "7", "1" * 32, "http://h/forms/f2.xml", "http://h/forms/f2/manifest")]))
    assert root.tag == f"{LIST}xforms"
    first, second = root.findall(f"{LIST}xform")
    assert first.find(f"{LIST}name").text == "收入 & 支出"
    assert first.find(f"{LIST}version").text is None  # present and empty
    assert first.find(f"{LIST}hash").text == "md5:" + "0" * 32
    assert first.find(f"{LIST}manifestUrl") is None
    assert second.find(f"{LIST}manifestUrl").text == "http://h/forms/f2/manifest"


def test_empty_form_list_is_a_valid_empty_document():
    root = ElementTree.fromstring(form_list_xml([]))
    assert root.tag == f"{LIST}xforms" and list(root) == []


def test_manifest_entries_always_carry_the_md5_prefix():
    root = ElementTree.fromstring(manifest_xml([MediaEntry("a b.csv", "f" * 32, "http://h/x/a%20b.csv")]))
    [item] = root.findall(f"{MANIFEST}mediaFile")
    assert item.find(f"{MANIFEST}filename").text == "a b.csv"
    assert item.find(f"{MANIFEST}hash").text[4:] == "f" * 32  # Collect drops exactly four characters


def test_openrosa_response_escapes_and_marks_errors():
    root = ElementTree.fromstring(response_xml("<坏> & \"x\"", nature="error"))
    assert root.tag == f"{RESPONSE}OpenRosaResponse"
    message = root.find(f"{RESPONSE}message")
    assert (message.text, message.get("nature")) == ('<坏> & "x"', "error")
