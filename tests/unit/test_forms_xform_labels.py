"""Choice words and group titles read from an XForm (fieldcollect.forms.xform_labels), in the shapes
pyxform writes: itemsets over secondary instances (itextId or label), and inline items."""

from fieldcollect.forms.xform_labels import choice_labels, group_labels
from fieldcollect.validation.form_rules import form_rules
from fieldcollect.web.answers import form_text

XFORM = """<?xml version="1.0"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
        xmlns:jr="http://openrosa.org/javarosa">
 <h:head><h:title>t</h:title><model>
  <itext>
   <translation lang="中文 (zh)" default="true()">
    <text id="xb-0"><value>男</value></text><text id="xb-1"><value>女</value></text>
    <text id="/data/member:label"><value>家庭成员</value></text>
    <text id="/data/kind/a:label"><value form="image">jr://images/a.png</value><value>甲类</value></text>
   </translation>
   <translation lang="English (en)">
    <text id="xb-0"><value>Male</value></text><text id="xb-1"><value>Female</value></text>
    <text id="/data/member:label"><value>Household member</value></text>
    <text id="/data/kind/a:label"><value>Kind A</value></text>
   </translation>
   <translation lang="Mongolian (mn)"><text id="xb-0"><value>эр</value></text></translation>
  </itext>
  <instance><data id="t"><member><sex/></member><kind/><plain/><household/><wage/></data></instance>
  <instance id="xb"><root><item><itextId>xb-0</itextId><name>1</name></item>
   <item><itextId>xb-1</itextId><name>2</name></item></root></instance>
  <instance id="yn"><root><item><label>是</label><name>1</name></item>
   <item><label>否</label><name>0</name></item></root></instance>
  <instance id="households" src="jr://file-csv/households.csv"/>
  <bind nodeset="/data/member/sex" type="string"/><bind nodeset="/data/wage" type="decimal"/>
 </model></h:head>
 <h:body>
  <group ref="/data/member"><label ref="jr:itext('/data/member:label')"/><repeat nodeset="/data/member">
   <select1 ref="/data/member/sex"><label>性别</label>
    <itemset nodeset="instance('xb')/root/item[name != '']"><value ref="name"/>
     <label ref="jr:itext(itextId)"/></itemset>
   </select1></repeat></group>
  <select ref="/data/kind"><label>类别</label>
   <item><label ref="jr:itext('/data/kind/a:label')"/><value>a</value></item>
   <item><label>乙类</label><value>b</value></item></select>
  <select1 ref="/data/plain"><label>是否</label>
   <itemset nodeset="instance('yn')/root/item"><value ref="name"/><label ref="label"/></itemset></select1>
  <select1 ref="/data/household"><label>户</label>
   <itemset nodeset="instance('households')/root/item"><value ref="name"/><label ref="label"/></itemset>
  </select1>
 </h:body>
</h:html>""".encode()


def test_itemset_choices_take_their_words_from_itext_in_chinese_and_english():
    assert choice_labels(XFORM)["sex"] == {"1": {"zh": "男", "en": "Male"}, "2": {"zh": "女", "en": "Female"}}


def test_inline_items_and_itemsets_with_label_children_are_read_too():
    labels = choice_labels(XFORM)
    assert labels["kind"] == {"a": {"zh": "甲类", "en": "Kind A"}, "b": {"zh": "乙类"}}  # image form skipped
    assert labels["plain"] == {"1": {"zh": "是"}, "0": {"zh": "否"}}


def test_choices_from_a_file_have_no_words_in_the_xform():
    assert "household" not in choice_labels(XFORM)


def test_groups_and_repeats_have_titles():
    assert group_labels(XFORM) == {"member": {"zh": "家庭成员", "en": "Household member"}}


SCHEMA = [
    {"name": "sex", "xpath": "/data/member/sex", "type": "select_one", "required": False,
     "choices": ["1", "2"], "repeat": "/data/member", "sensitivity": None, "label_zh": "性别",
     "label_en": "Sex", "national_id": None},
    {"name": "wage", "xpath": "/data/wage", "type": "decimal", "required": False, "choices": None,
     "repeat": None, "sensitivity": "personal", "label_zh": "务工收入", "label_en": None,
     "national_id": None},
    {"name": "flag", "xpath": "/data/flag", "type": "calculate", "required": False, "choices": None,
     "repeat": None, "sensitivity": None, "label_zh": None, "label_en": None, "national_id": None},
]


def test_a_form_text_combines_the_rules_the_schema_and_the_xform():
    text = form_text(form_rules(SCHEMA, XFORM), SCHEMA, XFORM)
    shown = (text.label("sex", "en"), text.label("wage", "en"), text.value("sex", "2", "zh"))
    assert shown == ("Sex", "务工收入", "女")
    assert text.shown("wage") and not text.shown("flag")
    assert text.personal == frozenset({"wage"}) and text.title("member", "en") == "Household member"
