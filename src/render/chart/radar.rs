//! The radar ("skills wheel") of levels by competency: spokes, rings per
//! level, a closed outline per series, labels pushed out along their spokes.

use maud::{Markup, html};

use super::{
    Axis, GRID, N, Series, W, cyclic_path, fl, grid_style, level_label, max_rank, points,
    radar_point, rank_at, series_marks, text_block, ticks, wrap,
};

pub(super) fn radar(
    categories: &[String],
    axis: &Axis,
    series: &[Series],
    top: f64,
) -> (Markup, f64) {
    // The wheel is a little smaller than the width allows, so that its labels
    // can be larger: printed, the chart is about 13 cm wide.
    const R: f64 = 132.0;
    const SIZE: (f64, f64) = (12.5, 14.5);
    let (n, max) = (categories.len(), max_rank(axis));
    // Labels first: how far they reach above and below the wheel sets its size.
    let (mut above, mut below, mut labels) = (R, R, Vec::new());
    for (i, name) in categories.iter().enumerate() {
        let (ux, uy) = radar_point(n, i, 1, 1, 1.0);
        let lines = wrap(name, 20, 4);
        let h = fl(lines.0.len()) * SIZE.1;
        // The block's top, pushed out along the spoke so it never covers the wheel.
        let y = uy * (R + 10.0) + (uy - 1.0) * h / 2.0;
        (above, below) = (above.max(-y), below.max(y + h));
        let anchor = ["end", "middle", "start"][usize::from(ux > -0.3) + usize::from(ux > 0.3)];
        let x = ux * (R + 14.0);
        labels.push(text_block(
            (x, y + SIZE.1 * 0.75, anchor),
            SIZE,
            &lines,
            name,
        ));
    }
    let cy = top + above + 12.0;
    let ring = |rank| points((0..n).map(|i| radar_point(n, i, rank, max, R)));
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
                    polygon class=(class) points=(ring(rank)) stroke=(stroke) stroke-dasharray=[dash] {}
                }
            }
            @for s in order {
                @let pts: Vec<_> = (0..n).map(|i| rank_at(s, i, max).map(|r| radar_point(n, i, r, max, R))).collect();
                (series_marks(&s.kind.look(), &pts, &cyclic_path(&pts)))
            }
            g class="categories" { @for label in &labels { (label) } }
            // On the ring's edge between the first two spokes, where no
            // marker sits.
            g class="levels" {
                @for (rank, tick) in ticks(axis) {
                    @let ((x0, y0), (x1, y1)) = (radar_point(n, 0, rank, max, R), radar_point(n, 1, rank, max, R));
                    (level_label(tick, f64::midpoint(x0, x1), f64::midpoint(y0, y1) + 3.5, "middle"))
                }
            }
        }
    };
    (body, cy + below + 12.0)
}
