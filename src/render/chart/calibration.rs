//! A rater beside everyone else: per competency (and role), the rater's mean
//! rating and everyone else's on the scale's levels, joined by a line, with
//! the difference written at the row's end. The two are told apart by
//! marker shape (filled triangle, hollow square) as well as colour.

use std::fmt::Write as _;

use maud::{Markup, html};

use super::{
    Axis, FONT, Look, N, Shape, W, X0, count, frame, grid_style, legend, level_label, marker,
    max_rank, note, rows, ticks, widest,
};

/// One row: a competency (and role) with the two means, as ranks on the axis.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Comparison {
    pub label: String,
    pub rater: f64,
    /// Everyone else's mean; none when nobody else rated it.
    pub others: Option<f64>,
    /// The difference as written at the row's end (`+0.80`).
    pub difference: String,
}

const RATER: Look = Look::new("series-rater", "#d55e00", None, Shape::Triangle);
const OTHERS: Look = Look::new("series-others", "#111", None, Shape::Square);
/// Room at the right for the difference.
const RIGHT: f64 = 56.0;

/// The chart of one rater: `summary` ends its description (how lenient or
/// severe, over how many ratings).
pub(crate) fn calibration(rater: &str, axis: &Axis, items: &[Comparison], summary: &str) -> Markup {
    let max = max_rank(axis);
    let looks = [(RATER, rater), (OTHERS, "Everyone else, same role")];
    let (key, top) = legend(&looks, None, W);
    let widest = widest(axis).min(160.0);
    let plot = W - X0 - RIGHT - (widest / 2.0).max(8.0);
    let x = |rank: f64| X0 + plot * rank.clamp(0.0, f64::from(max)) / f64::from(max.max(1));
    let stagger = max > 1 && widest + 6.0 > plot / f64::from(max);
    let axis_y = top + if stagger { 30.0 } else { 18.0 };
    let labels: Vec<&str> = items.iter().map(|c| c.label.as_str()).collect();
    let (rows, bottom) = rows(&labels, 1, axis_y + 4.0);
    let mut desc = format!(
        "{rater}'s mean rating beside everyone else's for the same role, for {}",
        count(items.len(), "competency")
    );
    if let (Some(low), Some(high)) = (axis.levels.first(), axis.levels.last()) {
        let _ = write!(desc, ", on a scale from {} to {}", low.label, high.label);
    }
    if !summary.is_empty() {
        let _ = write!(desc, "; {summary}");
    }
    let body = html! {
        (key)
        g class="grid" {
            @for (rank, tick) in ticks(axis) {
                @let (at, (class, stroke, dash)) = (x(f64::from(rank)), grid_style(tick));
                line class=(class) x1=(N(at)) y1=(N(axis_y)) x2=(N(at)) y2=(N(bottom)) stroke=(stroke) stroke-dasharray=[dash] {}
                (level_label(tick, (at, axis_y - if stagger && rank % 2 == 1 { 18.0 } else { 6.0 }), "middle", None))
            }
            line class="baseline" x1=(N(X0)) y1=(N(axis_y)) x2=(N(X0)) y2=(N(bottom)) stroke="#888" {}
        }
        @if items.is_empty() { (note(W, axis_y + 24.0, "No ratings to compare")) }
        @for (item, (y, label)) in items.iter().zip(&rows) {
            @let y = y + 5.0;
            (label)
            g class="comparison" {
                @if let Some(others) = item.others {
                    line x1=(N(x(others))) y1=(N(y)) x2=(N(x(item.rater))) y2=(N(y)) stroke="#555" stroke-width="1.5" {}
                    g class=(OTHERS.class) { (marker(&OTHERS, x(others), y)) }
                }
                g class=(RATER.class) { (marker(&RATER, x(item.rater), y)) }
                text x=(N(W - 8.0)) y=(N(y + 4.0)) text-anchor="end" font-size=(N(FONT)) { (item.difference) }
            }
        }
    };
    frame(
        ("calibration", W),
        &format!("{rater} against everyone else"),
        &desc,
        bottom + 8.0,
        &body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::chart::Tick;

    fn axis() -> Axis {
        let tick = |label: &str| Tick {
            label: label.to_owned(),
            minor: false,
        };
        Axis {
            levels: vec![tick("1"), tick("2"), tick("3"), tick("4")],
        }
    }

    /// The x of each row's marker of a class (the legend's left aside): a
    /// triangle's top vertex, a square's first corner.
    fn xs(svg: &str, class: &str) -> Vec<f64> {
        svg.split("<g class=\"comparison\">")
            .skip(1)
            .filter_map(|row| {
                let part = row.split(&format!("<g class=\"{class}\">")).nth(1)?;
                let at = part.find("points=\"")? + 8;
                part[at..].split([',', '"']).next()?.parse::<f64>().ok()
            })
            .collect()
    }

    #[test]
    fn the_rater_is_drawn_right_of_everyone_else_when_more_lenient_and_text_is_escaped() {
        let items = [Comparison {
            label: "Team <Working>".to_owned(),
            rater: 3.0,
            others: Some(2.0),
            difference: "+1.00".to_owned(),
        }];
        let svg = calibration("Ann & <b>", &axis(), &items, "+1.00 levels").into_string();
        assert!(
            svg.starts_with("<svg ") && svg.contains(r#"role="img""#),
            "{svg}"
        );
        assert!(svg.contains("<title>Ann &amp; &lt;b&gt; against everyone else</title>"));
        assert!(svg.contains("<desc>Ann &amp; &lt;b&gt;'s mean rating beside everyone else's for the same role, for 1 competency, on a scale from 1 to 4; +1.00 levels</desc>"));
        assert!(svg.contains("Team &lt;Working&gt;") && !svg.contains("<Working>"));
        // The triangle's top vertex is its x; the square's first corner is 5.5 left of its centre.
        let rater = xs(&svg, "series-rater")[0];
        let others = xs(&svg, "series-others")[0] + 5.5;
        assert!(rater > others, "{rater} {others}");
        assert!(svg.contains(">+1.00</text>"));
    }

    #[test]
    fn a_rating_nobody_else_gave_has_no_square_and_no_ratings_say_so() {
        let items = [Comparison {
            label: "One".to_owned(),
            rater: 2.0,
            others: None,
            difference: "–".to_owned(),
        }];
        let svg = calibration("Ann", &axis(), &items, "").into_string();
        assert!(xs(&svg, "series-others").is_empty());
        assert_eq!(xs(&svg, "series-rater").len(), 1);
        let empty = calibration("Ann", &axis(), &[], "").into_string();
        assert!(empty.contains("No ratings to compare"));
    }
}
