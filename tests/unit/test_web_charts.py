"""The server-drawn SVG charts: geometry from plain numbers, escaped labels, gaps, no flask."""

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from markupsafe import Markup

from fieldcollect.web import charts
from fieldcollect.web.charts import Bar, Series, completion_bars, line_chart, percent

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: Markup) -> ET.Element:
    return ET.fromstring(str(markup))


def rects(svg: ET.Element, colour: str) -> list[ET.Element]:
    return [r for r in svg.iter(f"{SVG}rect") if r.get("fill") == colour]


def texts(svg: ET.Element) -> list[str]:
    return [t.text for t in svg.iter(f"{SVG}text")]


def test_percent_rounds_to_whole_percent_and_dashes_missing_rates():
    assert percent(0.5449) == "54%"
    assert percent(1.0) == "100%"
    assert percent(None) == "—"


def test_completion_bars_stack_on_time_then_late_in_proportion():
    svg = parse(completion_bars([Bar("乌审旗", 8, 3, 1), Bar("东胜区", 3, 2, 0)], "完成率", ("按时", "逾期")))
    track = float(rects(svg, charts.TRACK)[0].get("width"))
    on_time = rects(svg, charts.ON_TIME)[1:]  # the first is the legend key
    late = rects(svg, charts.LATE)[1:]
    assert [round(float(r.get("width")) / track, 3) for r in on_time] == [0.375, 0.667]
    assert [round(float(r.get("width")) / track, 3) for r in late] == [0.125]  # 东胜区 has none late
    assert float(late[0].get("x")) == float(on_time[0].get("width"))  # late starts where on time ends
    assert texts(svg) == ["按时", "逾期", "乌审旗", "50%", "东胜区", "67%"]


def test_a_region_expecting_nothing_is_an_empty_track_with_a_dash():
    svg = parse(completion_bars([Bar("伊金霍洛旗", 0, 0, 0)], "完成率", ("按时", "逾期")))
    assert len(rects(svg, charts.ON_TIME)) == 1 and len(rects(svg, charts.LATE)) == 1  # legend keys only
    assert texts(svg)[-1] == "—"


def test_chart_names_itself_for_screen_readers_and_scales_to_its_box():
    svg = parse(completion_bars([Bar("a", 1, 1, 0)], "下级区划完成率", ("按时", "逾期")))
    assert svg.get("role") == "img" and svg.get("aria-label") == "下级区划完成率"
    assert svg.find(f"{SVG}title").text == "下级区划完成率"
    assert svg.get("width") == "100%" and svg.get("viewBox").startswith("0 0 360 ")


def test_labels_and_titles_are_escaped():
    markup = completion_bars([Bar('<script>alert("x")</script>', 1, 1, 0)], 'a"b<c', ("&", "<"))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert 'aria-label="a&#34;b&lt;c"' in markup
    parse(markup)  # still well-formed XML


def test_line_chart_places_points_by_value_with_labels():
    svg = parse(line_chart(["18Q1", "18Q2", "18Q3"], [Series("完成率", [0.5, 1.0, 0.25])], "完成率", percent,
                           ceiling=1.0))
    circles = list(svg.iter(f"{SVG}circle"))
    heights = [float(c.get("cy")) for c in circles]
    assert heights[1] < heights[0] < heights[2]  # higher value, higher on the chart (smaller y)
    xs = [float(c.get("cx")) for c in circles]
    assert xs == sorted(xs) and round(xs[1] - xs[0], 1) == round(xs[2] - xs[1], 1)
    assert ["18Q1", "18Q2", "18Q3", "50%", "100%", "25%"] == texts(svg)
    assert len(list(svg.iter(f"{SVG}polyline"))) == 1


def test_a_missing_value_breaks_the_line_and_has_no_point():
    series = Series("人均纯收入", [100.0, None, 300.0, 400.0])
    svg = parse(line_chart(["a", "b", "c", "d"], [series], "收入", lambda v: f"{v:,.0f}"))
    assert len(list(svg.iter(f"{SVG}circle"))) == 3
    [line] = svg.iter(f"{SVG}polyline")  # a–(gap)–c–d: only c–d is drawn
    assert len(line.get("points").split()) == 2


def test_two_series_get_a_legend_and_different_dashes():
    svg = parse(line_chart(["a", "b"], [Series("完成率", [0.5, 0.6]), Series("按时完成率", [0.4, 0.5])],
                           "率", percent, ceiling=1.0))
    lines = list(svg.iter(f"{SVG}polyline"))
    assert [line.get("stroke-dasharray") for line in lines] == [None, "6 4"]
    assert "完成率" in texts(svg) and "按时完成率" in texts(svg)


def test_an_all_zero_or_empty_chart_still_draws():
    svg = parse(line_chart([], [Series("x", [])], "空", percent))
    assert svg.get("role") == "img"
    zero = parse(line_chart(["a"], [Series("x", [0.0])], "零", lambda v: f"{v:.0f}"))
    assert re.fullmatch(r"\d+(\.\d+)?", next(zero.iter(f"{SVG}circle")).get("cy"))


def test_charts_module_knows_nothing_of_flask():
    tree = ast.parse(Path(charts.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert not imported & {"flask", "flask_babel", "werkzeug"}


def test_second_series_labels_go_below_its_points_but_never_across_the_axis():
    svg = parse(line_chart(["a", "b"], [Series("完成率", [0.5, 0.0]), Series("按时完成率", [0.25, 0.0])],
                           "率", percent, ceiling=1.0))
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.text.endswith("%")]
    assert labels == ["50%", "0%", "25%"]  # the second series' 0% would sit on the round labels
