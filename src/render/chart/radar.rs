//! The radar ("skills wheel") of levels by competency: spokes, a circle per
//! level, a closed outline per series, labels pushed out along their spokes.
//! The levels are named on a spoke of their own, straight up between the last
//! competency and the first, each label centred where its circle crosses
//! that spoke: exactly at its level, and on no competency's spoke, so no
//! marker is read as a label's. Circles rather than polygons, so that a ring
//! is at its level in every direction, that spoke's included.

use maud::{Markup, html};

use super::{
    Axis, GRID, N, Series, Tick, W, cyclic_path, fl, grid_style, level_label, max_rank,
    radar_point, radar_scale_point, rank_at, series_marks, text_block, text_width, ticks, wrap,
};

/// The wheel's radius. It is a little smaller than the width allows, so that
/// its labels can be larger: printed, the chart is about 13 cm wide.
const R: f64 = 132.0;
/// The competencies' names: font size and leading.
const SIZE: (f64, f64) = (12.5, 14.5);

pub(super) fn radar(
    categories: &[String],
    axis: &Axis,
    series: &[Series],
    top: f64,
) -> (Markup, f64) {
    let (n, max) = (categories.len(), max_rank(axis));
    let top_level = axis.levels.last().map_or((0.0, 0.0), ground);
    // Labels first: how far they reach above and below the wheel sets its size.
    let (mut above, mut below, mut labels) = (R + top_level.1 / 2.0, R, Vec::new());
    for (i, name) in categories.iter().enumerate() {
        let (label, block_top, block_bottom) = category(n, i, name, top_level);
        (above, below) = (above.max(-block_top), below.max(block_bottom));
        labels.push(label);
    }
    let cy = top + above + 12.0;
    let radius = |rank| R * f64::from(rank) / f64::from(max.max(1));
    // Larger markers first, so one at the same level as another frames it.
    let mut order: Vec<&Series> = series.iter().collect();
    order.sort_by_key(|s| std::cmp::Reverse(s.kind));
    let body = html! {
        g transform={ "translate(" (N(W / 2.0)) " " (N(cy)) ")" } {
            g class="grid" fill="none" {
                @for i in 0..n {
                    @let (x, y) = radar_point(n, i, 1, 1, R);
                    line class="spoke" x1="0" y1="0" x2=(N(x)) y2=(N(y)) stroke=(GRID) {}
                }
                @for (rank, tick) in ticks(axis) {
                    @let (class, stroke, dash) = grid_style(tick);
                    circle class=(class) cx="0" cy="0" r=(N(radius(rank))) stroke=(stroke) stroke-dasharray=[dash] {}
                }
            }
            (scale(n, axis))
            @for s in order {
                @let pts: Vec<_> = (0..n).map(|i| rank_at(s, i, max).map(|r| radar_point(n, i, r, max, R))).collect();
                (series_marks(&s.kind.look(), &pts, &cyclic_path(&pts)))
            }
            g class="categories" { @for label in &labels { (label) } }
        }
    };
    (body, cy + below + 12.0)
}

/// The name of competency `i` of `n`, pushed out along its spoke so it never
/// covers the wheel, and kept above the top level's label (`top_level`, its
/// ground's size) where it would reach over it; with the block's top and
/// bottom.
fn category(n: usize, i: usize, name: &str, top_level: (f64, f64)) -> (Markup, f64, f64) {
    let (ux, uy) = radar_point(n, i, 1, 1, 1.0);
    let lines = wrap(name, 20, 4);
    let height = fl(lines.0.len()) * SIZE.1;
    let width = lines
        .0
        .iter()
        .fold(0.0, |w, l| text_width(l, SIZE.0).max(w));
    let anchor = ["end", "middle", "start"][usize::from(ux > -0.05) + usize::from(ux > 0.05)];
    let x = ux * (R + 14.0);
    let (left, right) = match anchor {
        "end" => (x - width, x),
        "start" => (x, x + width),
        _ => (x - width / 2.0, x + width / 2.0),
    };
    let mut y = uy * (R + 10.0) + (uy - 1.0) * height / 2.0;
    let half = top_level.0 / 2.0 + 4.0;
    if uy < 0.0 && left < half && right > -half {
        y = y.min(-R - top_level.1 / 2.0 - 3.0 - height);
    }
    let label = text_block((x, y + SIZE.1 * 0.75, anchor), SIZE, &lines, name);
    (label, y, y + height)
}

/// The levels' names on the scale's spoke, each centred where its circle
/// crosses it. A white ground under each hides the gridlines there; the
/// series are drawn over it, so that no label hides a marker.
fn scale(n: usize, axis: &Axis) -> Markup {
    let max = max_rank(axis);
    html! {
        g class="levels" {
            line class="spoke scale" x1="0" y1="0" x2="0" y2=(N(-R)) stroke=(GRID) {}
            @for (rank, tick) in ticks(axis) {
                @let ((x, y), (width, height)) = (radar_scale_point(n, rank, max, R), ground(tick));
                rect x=(N(x - width / 2.0)) y=(N(y - height / 2.0)) width=(N(width)) height=(N(height)) fill="#fff" {}
                (level_label(tick, (x, y), "middle", Some("0.35em")))
            }
        }
    }
}

/// The width and height of the ground under a level's label.
fn ground(tick: &Tick) -> (f64, f64) {
    let size = if tick.minor { 10.0 } else { 11.0 };
    (text_width(&tick.label, size) + 4.0, size + 3.0)
}
