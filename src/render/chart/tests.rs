//! The charts' geometry, validity and escaping, and snapshots of each kind.

use std::f64::consts::{PI, TAU};

use super::*;
use SeriesKind::{Manager, Peer, Required, SelfRating};
use jiff::civil::date;
use scraper::{ElementRef, Html, Selector};

fn strings(texts: &[&str]) -> Vec<String> {
    texts.iter().map(ToString::to_string).collect()
}

fn axis(labels: &[&str], minor: &[&str]) -> Axis {
    let tick = |(label, minor)| Tick { label, minor };
    let minors = labels.iter().map(|l| minor.contains(l));
    Axis {
        levels: strings(labels).into_iter().zip(minors).map(tick).collect(),
    }
}

fn series(kind: SeriesKind, values: &[Option<u32>]) -> Series {
    let (name, values) = (kind.name().to_owned(), values.to_vec());
    Series { name, kind, values }
}

fn need(label: &str, below: u32, shortfall: u32) -> Need {
    let label = label.to_owned();
    Need {
        label,
        below,
        shortfall,
    }
}

fn point((y, m, d): (i16, i8, i8), kind: SeriesKind, rank: Option<u32>) -> Point {
    let date = date(y, m, d);
    Point { date, kind, rank }
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// One `<svg>` whose tags all close in order (maud's `;` void syntax would
/// leave `<circle>` open and swallow what follows in an HTML page).
fn assert_valid(svg: &str) {
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"), "{svg}");
    assert!(svg.contains(r#"role="img""#) && svg.contains("<title>") && svg.contains("<desc>"));
    assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    let mut open = Vec::new();
    for tag in svg.split('<').skip(1).filter_map(|t| t.split('>').next()) {
        match tag.strip_prefix('/') {
            Some(name) => assert_eq!(open.pop(), Some(name), "{svg}"),
            None => open.push(tag.split(' ').next().unwrap_or(tag)),
        }
    }
    assert!(open.is_empty(), "unclosed {open:?}");
}

/// The chart as a browser reads it (html5ever parses SVG in HTML).
fn parse(chart: &Markup) -> Html {
    Html::parse_fragment(&chart.0)
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn within<'a>(element: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    element.select(&Selector::parse(css).unwrap()).collect()
}

fn num(element: &ElementRef, attr: &str) -> f64 {
    let value = element.value().attr(attr);
    value.and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
}

fn has_class(element: &ElementRef, class: &str) -> bool {
    element.value().classes().any(|c| c == class)
}

/// The angle of (x, y) from straight up, clockwise, in [0, 2π).
fn bearing((x, y): (f64, f64)) -> f64 {
    x.atan2(-y).rem_euclid(TAU)
}

fn angle_between(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(TAU);
    d.min(TAU - d)
}

/// The centres of the series' markers: dots and the shapes' vertices' mean.
fn marker_centres(html: &Html) -> Vec<(f64, f64)> {
    let dots = select(html, ".series circle")
        .into_iter()
        .map(|c| (num(&c, "cx"), num(&c, "cy")));
    let shapes = select(html, ".series polygon").into_iter().map(|p| {
        let pts: Vec<(f64, f64)> = p
            .value()
            .attr("points")
            .unwrap()
            .split(' ')
            .map(|xy| {
                let (x, y) = xy.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        let k = fl(pts.len());
        (
            pts.iter().map(|p| p.0).sum::<f64>() / k,
            pts.iter().map(|p| p.1).sum::<f64>() / k,
        )
    });
    dots.chain(shapes).collect()
}

/// The contrast ratio of a colour (`#rgb` or `#rrggbb`) against white (WCAG 2).
fn contrast_on_white(colour: &str) -> f64 {
    let hex = colour.strip_prefix('#').unwrap();
    let hex: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        _ => hex.to_owned(),
    };
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    1.05 / (luminance + 0.05)
}

/// One element a line, so a change of drawing reads as a diff.
fn lines(svg: &Markup) -> String {
    svg.0.replace("><", ">\n<")
}

#[test]
fn radar_points_lie_on_their_spoke_at_their_level() {
    // Four spokes, the first half a quarter-turn clockwise from straight up.
    let at = |i, rank| radar_point(4, i, rank, 4, 100.0);
    let h = 50.0 / 2f64.sqrt();
    assert!(near(at(0, 2).0, h) && near(at(0, 2).1, -h));
    assert!(near(at(1, 4).0, 2.0 * h) && near(at(1, 4).1, 2.0 * h));
    assert!(near(at(2, 1).0, -h / 2.0) && near(at(2, 1).1, h / 2.0));
    assert!(near(at(3, 9).0, -2.0 * h), "ranks above the top clamp");
    assert!(
        near(at(7, 4).0, -2.0 * h) && near(at(7, 4).1, -2.0 * h),
        "spokes go round"
    );
    let scale = radar_scale_point(4, 3, 4, 100.0);
    assert!(
        near(scale.0, 0.0) && near(scale.1, -75.0),
        "the scale is straight up"
    );
    assert_eq!(radar_point(0, 0, 1, 4, 100.0), (0.0, 0.0));
    assert_eq!(radar_point(5, 2, 3, 0, 100.0), (0.0, 0.0));
}

#[test]
fn ranks_through_mid_points_are_evenly_spaced() {
    let radius = |r| radar_point(7, 3, r, 8, 160.0);
    let y = |r| y_for_rank(r, 8, 0.0, 160.0);
    for r in 1..8 {
        let (a, b) = (radius(r), radius(r + 1));
        assert!(near(b.0.hypot(b.1) - a.0.hypot(a.1), 20.0) && near(y(r) - y(r + 1), 20.0));
    }
    assert!(near(y_for_rank(1, 0, 0.0, 100.0), 50.0));
}

#[test]
fn radar_level_labels_sit_on_their_circles_on_a_spoke_of_their_own() {
    let ombudsman = axis(
        &[
            "Rarely shown",
            "Sometimes shown",
            "Usually shown",
            "Consistently shown",
        ],
        &[],
    );
    let cherwell = axis(
        &["A", "B", "C", "D", "E", "F", "G", "H"],
        &["A", "C", "E", "G"],
    );
    for scale in [&ombudsman, &cherwell] {
        let m = scale.levels.len();
        for n in 3..=12 {
            let names: Vec<String> = (1..=n).map(|i| format!("Competency {i}")).collect();
            let values: Vec<_> = (0..n)
                .map(|i| Some(u32::try_from(i % m).unwrap() + 1))
                .collect();
            let svg = parse(&levels(&names, scale, &[series(SelfRating, &values)]));
            let rings: Vec<f64> = select(&svg, ".grid circle")
                .iter()
                .map(|c| num(c, "r"))
                .collect();
            let labels = select(&svg, "text.level");
            assert_eq!(
                (rings.len(), labels.len()),
                (m, m),
                "a circle and a label per level"
            );
            let spokes: Vec<f64> = select(&svg, "line.spoke:not(.scale)")
                .iter()
                .map(|s| bearing((num(s, "x2"), num(s, "y2"))))
                .collect();
            assert_eq!(spokes.len(), n);
            let outer = rings[m - 1];
            for (k, (label, ring)) in labels.iter().zip(&rings).enumerate() {
                let at = (num(label, "x"), num(label, "y"));
                let (level, tick) = (fl(k + 1) / fl(m), &scale.levels[k]);
                assert!(
                    (ring - outer * level).abs() < 0.1,
                    "ring {k} of {m} at its level"
                );
                assert!(
                    (at.0.hypot(at.1) - ring).abs() < 0.1,
                    "label {at:?} on its ring {ring}"
                );
                assert_eq!(label.text().collect::<String>(), tick.label);
                assert_eq!(has_class(label, "level-minor"), tick.minor);
                assert!(
                    angle_between(bearing(at), 0.0) < 1e-3,
                    "the scale is straight up"
                );
                for spoke in &spokes {
                    let apart = angle_between(bearing(at), *spoke);
                    assert!(
                        apart > PI / fl(n) - 1e-2,
                        "label {k} {apart} from a spoke, n = {n}"
                    );
                }
            }
        }
    }
}

#[test]
fn no_marker_at_another_level_sits_beside_a_level_label() {
    // The appraisal pack's case: a self-rating at level 3 on the first spoke
    // of six read as "Consistently shown", the label of level 4.
    let scales = [
        axis(
            &[
                "Rarely shown",
                "Sometimes shown",
                "Usually shown",
                "Consistently shown",
            ],
            &[],
        ),
        axis(
            &["Engaged", "Established", "Accomplished", "Exemplary"],
            &[],
        ),
        axis(&["All Colleagues", "People Managers", "Leaders"], &[]),
        axis(
            &["A", "B", "C", "D", "E", "F", "G", "H"],
            &["A", "C", "E", "G"],
        ),
    ];
    for scale in &scales {
        let m = u32::try_from(scale.levels.len()).unwrap();
        for (n, level) in (3..=12).flat_map(|n| (1..=m).map(move |l| (n, l))) {
            let names: Vec<String> = (1..=n).map(|i| format!("Competency {i}")).collect();
            let all =
                [Required, SelfRating, Manager, Peer].map(|k| series(k, &vec![Some(level); n]));
            let svg = parse(&levels(&names, scale, &all));
            let markers = marker_centres(&svg);
            assert_eq!(markers.len(), 4 * n);
            let labels = select(&svg, "text.level");
            for (mine, (label, tick)) in (1..).zip(labels.iter().zip(&scale.levels)) {
                let (x, y) = (num(label, "x"), num(label, "y"));
                let size = num(label, "font-size");
                let (half_w, half_h) =
                    (text_width(&tick.label, size) / 2.0 + 6.5, size / 2.0 + 6.5);
                for (mx, my) in &markers {
                    let beside = (mx - x).abs() < half_w && (my - y).abs() < half_h;
                    assert!(
                        !beside || mine == level,
                        "{} beside a marker at {level}, n = {n}",
                        tick.label
                    );
                }
            }
        }
    }
}

#[test]
fn gridlines_and_spokes_have_a_contrast_of_three_to_one() {
    let scale = axis(&["A", "B", "C", "D"], &["A", "C"]);
    let charts = [
        levels(&strings(&["a", "b", "c", "d", "e"]), &scale, &[]),
        levels(&strings(&["a", "b"]), &scale, &[]),
        history(
            "Ratings over time",
            &scale,
            &[point((2025, 5, 5), Peer, Some(2))],
        ),
        needs(&[need("a", 1, 3)]),
    ];
    for chart in &charts {
        let svg = parse(chart);
        let lines = select(
            &svg,
            ".grid line, .grid circle, .grid polygon, .axis line, .baseline",
        );
        assert!(!lines.is_empty());
        for line in lines {
            let stroke = line.value().attr("stroke").unwrap();
            assert!(contrast_on_white(stroke) >= 3.0, "{stroke} in {}", chart.0);
        }
    }
    assert!((contrast_on_white("#aaa") - 2.32).abs() < 0.01);
    assert!((contrast_on_white("#767676") - 4.54).abs() < 0.01);
}

#[test]
fn count_scales_start_at_zero_and_step_by_one_two_or_five() {
    use needs::Scale;
    let scale = |step, steps| Scale { step, steps };
    assert_eq!(
        [0, 1, 2].map(Scale::to),
        [scale(1, 2); 3],
        "a single value still has ticks"
    );
    assert_eq!(
        [3, 7, 11, 26].map(Scale::to),
        [scale(1, 3), scale(2, 4), scale(5, 3), scale(10, 3)]
    );
    let big = [999_999_999, 1_000_000_001, u32::MAX - 1, u32::MAX];
    for max in (0..=2500).chain(big) {
        let s = Scale::to(max);
        assert!(
            (2..=5).contains(&s.steps) && s.top() >= u64::from(max),
            "{max}: {s:?}"
        );
        assert!(s.steps == 2 || u64::from(s.step) * u64::from(s.steps - 1) < u64::from(max));
        let mut mantissa = s.step;
        while mantissa.is_multiple_of(10) {
            mantissa /= 10;
        }
        assert!([1, 2, 5].contains(&mantissa), "{max}: {s:?}");
    }
}

/// A panel of a training-needs chart: its ticks' values and x, and its bars'
/// widths and numbers.
type NeedsPanel = (Vec<(u64, f64)>, Vec<(f64, u64)>);

fn needs_panels(chart: &Markup) -> Vec<NeedsPanel> {
    let svg = parse(chart);
    let panels = select(&svg, "g.panel");
    let read = |e: &ElementRef| e.text().collect::<String>().parse::<u64>().unwrap();
    panels
        .iter()
        .map(|panel| {
            let ticks = within(panel, ".axis text.tick")
                .iter()
                .map(|t| (read(t), num(t, "x")))
                .collect();
            let bars = within(panel, "g.bar")
                .iter()
                .map(|b| {
                    (
                        num(&within(b, "rect")[0], "width"),
                        read(&within(b, "text.value")[0]),
                    )
                })
                .collect();
            (ticks, bars)
        })
        .collect()
}

#[test]
fn each_training_need_has_its_own_scale_from_zero_with_ticks() {
    let chart = needs(&[need("Planning", 3, 7), need("Communication", 1, 1)]);
    let panels = needs_panels(&chart);
    assert_eq!(panels.len(), 2, "people and levels, each on its own axis");
    let mut tops = Vec::new();
    for (ticks, bars) in &panels {
        let (x0, x_top) = (ticks[0].1, ticks[ticks.len() - 1].1);
        let (step, top) = (ticks[1].0, ticks[ticks.len() - 1].0);
        assert_eq!(ticks[0].0, 0, "the axis starts at 0");
        for (i, (value, x)) in ticks.iter().enumerate() {
            assert_eq!(
                *value,
                step * u64::try_from(i).unwrap(),
                "whole, even steps"
            );
            assert!((x - x0 - (x_top - x0) * fl(i) / fl(ticks.len() - 1)).abs() < 0.15);
        }
        for (width, value) in bars {
            assert!(
                (width
                    - (x_top - x0) * f64::from(u32::try_from(*value).unwrap())
                        / f64::from(u32::try_from(top).unwrap()))
                .abs()
                    < 0.15
            );
        }
        let one = bars.iter().find(|b| b.1 == 1).unwrap().0;
        assert!(
            one < (x_top - x0) / 2.0,
            "1 of {top} fills {one} of {}",
            x_top - x0
        );
        tops.push(top);
    }
    assert_eq!(tops, [3, 8]);
    assert_eq!(panels[0].1.iter().map(|b| b.1).collect::<Vec<_>>(), [3, 1]);
    assert_eq!(panels[1].1.iter().map(|b| b.1).collect::<Vec<_>>(), [7, 1]);
    assert!(
        chart
            .0
            .contains("people on a scale from 0 to 3, levels from 0 to 8")
    );

    // One need of one person: the axis still starts at 0, with a few ticks.
    for (ticks, bars) in needs_panels(&needs(&[need("Planning", 1, 1)])) {
        assert_eq!(ticks.iter().map(|t| t.0).collect::<Vec<_>>(), [0, 1, 2]);
        assert!((bars[0].0 - (ticks[2].1 - ticks[0].1) / 2.0).abs() < 0.15);
    }
}

#[test]
fn bar_lengths_scale_with_the_width_and_clamp() {
    assert!(near(bar_length(2, 4, 400.0), 200.0) && near(bar_length(2, 4, 800.0), 400.0));
    assert!(near(bar_length(9, 4, 400.0), 400.0));
    assert!(near(bar_length(u32::MAX, u32::MAX, 400.0), 400.0));
    assert!(near(bar_length(3, 0, 400.0), 0.0));
}

#[test]
fn dates_are_placed_by_days_and_a_single_date_is_centred() {
    let (first, last) = (date(2025, 1, 1), date(2025, 1, 11));
    let x = |d| x_for_date(d, first, last, 0.0, 100.0);
    assert!(near(x(first), 0.0) && near(x(date(2025, 1, 4)), 30.0) && near(x(last), 100.0));
    assert!(near(x_for_date(first, first, first, 20.0, 100.0), 60.0));
}

#[test]
fn unrated_values_break_the_outline() {
    let (a, b, c) = (Some((1.0, 0.0)), Some((2.0, 0.0)), Some((3.0, 4.56)));
    assert_eq!(cyclic_path(&[a, b, c]), "M1 0 L2 0 L3 4.6 Z");
    assert_eq!(cyclic_path(&[a, b, None, c]), "M3 4.6 L1 0 L2 0");
    assert_eq!(cyclic_path(&[a, None, c, None]), "M3 4.6 M1 0");
    assert_eq!(cyclic_path(&[None, None]), "");
    assert_eq!(open_path(&[a, None, b, c]), "M1 0 M2 0 L3 4.6");
}

#[test]
fn long_names_wrap_onto_three_lines_at_most() {
    let (lines, cut) = wrap("Leading, supporting and developing others", 18, 3);
    assert_eq!(lines, ["Leading,", "supporting and", "developing others"]);
    assert!(!cut);
    let (lines, cut) = wrap(&"word ".repeat(40), 18, 3);
    assert!(cut && lines.len() == 3 && lines[2] == "word word word…");
    assert_eq!(wrap("Incomprehensibilities", 8, 1).0, ["Incompr…"]);
    assert!(lines.iter().all(|l| l.chars().count() <= 18));
}

#[test]
fn radar_for_three_to_twelve_categories_and_bars_otherwise() {
    let scale = axis(&["1", "2", "3", "4"], &[]);
    for (n, kind) in [
        (0, "bars"),
        (2, "bars"),
        (3, "radar"),
        (12, "radar"),
        (13, "bars"),
    ] {
        let names: Vec<String> = (1..=n).map(|i| format!("Competency {i}")).collect();
        let svg = levels(&names, &scale, &[series(Required, &vec![Some(2); n])]).0;
        assert!(svg.contains(&format!("chart chart-{kind}")), "{n}");
        assert!(svg.contains(r#"width="100%""#) && svg.contains(r#"viewBox="0 0 600 "#));
        assert_valid(&svg);
    }
}

#[test]
fn degenerate_inputs_give_valid_svg() {
    let (empty, one) = (Axis::default(), axis(&["A", "B"], &["A"]));
    let unrated = [series(SelfRating, &[None; 5]), series(Peer, &[])];
    let huge = [series(Manager, &[Some(u32::MAX), Some(0), Some(2)])];
    let day = [point((2025, 5, 5), Peer, Some(9))];
    let charts = [
        levels(&[], &empty, &[]),
        levels(&strings(&["a"; 5]), &empty, &unrated),
        levels(&strings(&["a"; 5]), &one, &unrated),
        levels(&strings(&["a"]), &empty, &huge),
        levels(&strings(&["a"; 3]), &one, &huge),
        needs(&[]),
        needs(&[need("", u32::MAX, 0)]),
        history("Ratings over time", &empty, &[]),
        history("Ratings over time", &empty, &day),
        history("Ratings over time", &one, &day),
    ];
    for chart in &charts {
        assert_valid(&chart.0);
    }
    assert!(charts[1].0.contains("a gap means not rated"));
    assert!(charts[9].0.contains(">5 May 2025<"));
}

#[test]
fn labels_are_escaped() {
    let evil = "<script>alert(1)</script>";
    let (three, scale) = (strings(&[evil, "b", "c"]), axis(&[evil], &[]));
    let named = [Series {
        name: evil.to_owned(),
        ..series(SelfRating, &[None])
    }];
    let charts = [
        levels(&three, &scale, &named),
        levels(&three[..1], &scale, &named),
        needs(&[need(evil, 1, 2)]),
        history("Ratings over time", &scale, &[]),
    ];
    for chart in &charts {
        assert!(chart.0.contains("&lt;script&gt;alert(1)") && !chart.0.contains("<script"));
        assert_valid(&chart.0);
    }
}

#[test]
fn snapshot_radar() {
    let names = strings(&[
        "Communication",
        "Leading, supporting and developing others",
        "Planning",
    ]);
    let scale = axis(&["Level 1", "Level 2", "Level 3", "Level 4"], &[]);
    let required = series(Required, &[Some(3), Some(3), Some(2)]);
    let own = series(SelfRating, &[Some(2), None, Some(4)]);
    insta::assert_snapshot!(lines(&levels(&names, &scale, &[required, own])));
}

#[test]
fn snapshot_bars() {
    let names = strings(&["Person-centred practice", "Leadership"]);
    let scale = axis(
        &["Engaged", "Established", "Accomplished", "Exemplary"],
        &[],
    );
    let required = series(Required, &[Some(2), Some(3)]);
    let manager = series(Manager, &[Some(3), None]);
    insta::assert_snapshot!(lines(&levels(&names, &scale, &[required, manager])));
}

#[test]
fn snapshot_needs() {
    let (most, some) = (
        need("Managing resources", 4, 7),
        need("Communication", 2, 2),
    );
    insta::assert_snapshot!(lines(&needs(&[most, some, need("Planning", 0, 0)])));
}

#[test]
fn snapshot_history() {
    let points = [
        point((2025, 2, 1), SelfRating, Some(1)),
        point((2025, 6, 15), Manager, None),
        point((2025, 7, 1), SelfRating, Some(2)),
        point((2026, 1, 31), Manager, Some(3)),
    ];
    let scale = axis(&["A", "B", "C", "D"], &["A", "C"]);
    insta::assert_snapshot!(lines(&history("Ratings over time", &scale, &points)));
}
