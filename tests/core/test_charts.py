"""The server-drawn SVG charts: accessible, escaped, CSP-clean, scaled to their data."""

from defusedxml import ElementTree as ET

from hotelcompliance.charts import Point, bar_chart, line_chart, nice_top

SVG = ""  # inline in HTML: no namespace declared


def test_a_line_chart_is_an_image_named_by_its_title_and_description():
    svg = line_chart(
        [Point("Jan", 50), Point("Feb", None), Point("Mar", 75), Point("Apr", 100)],
        chart_id="t",
        title="Training <compliance>",
        desc="Latest 100%",
    )

    root = ET.fromstring(str(svg))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "t-title t-desc"
    assert root.find(f"{SVG}title").text == "Training <compliance>"  # escaped, then parsed back
    assert root.find(f"{SVG}desc").text == "Latest 100%"
    # The missing month breaks the line: one run of two points, one lone point.
    lines = root.findall(f".//{SVG}polyline")
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2
    assert len(root.findall(f".//{SVG}circle")) == 3


def test_charts_carry_no_style_or_script():
    for svg in (
        line_chart([Point("a", 1)], chart_id="l", title="t", desc="d"),
        bar_chart([Point("a", 3), Point("b", 0)], chart_id="b", title="t", desc="d"),
    ):
        text = str(svg)
        assert "style" not in text and "script" not in text and "on" + "load" not in text


def test_a_bar_chart_draws_one_bar_a_point_on_a_readable_scale():
    svg = bar_chart([Point(f"w{i}", i * 7) for i in range(12)], chart_id="r", title="t", desc="d")

    root = ET.fromstring(str(svg))
    bars = root.findall(f".//{SVG}rect")
    assert len(bars) == 12
    heights = [float(b.get("height")) for b in bars]
    assert heights[0] == 0 and heights == sorted(heights)
    ticks = [t.text for t in root.findall(f".//{SVG}text")]
    assert "100" in ticks  # 77 rounds up to a scale of 100


def test_the_scale_rounds_up_to_one_two_or_five():
    assert [nice_top(v) for v in (0, 3, 7, 12, 180, 501, 1000)] == [5, 5, 10, 20, 200, 1000, 1000]
