//! The training needs: two panels side by side, people below the required
//! level and levels short in total, each on its own scale from 0 with whole
//! numbers at its ticks; a bar per competency, its number at its end. Two
//! scales, because a person and a level are not the same unit: on one axis,
//! one person below filled the width whenever nobody was more than a level
//! short.

use maud::{Markup, html};

use super::{BELOW, GRID, Look, N, Need, SHORT, X0, bar, fl, note, rows, text_block};

/// Each panel's width.
const PANEL: f64 = 160.0;
/// From one panel's end to the next one's start: room for a bar's number.
const GAP: f64 = 50.0;
/// Below the panels' titles.
const TOP: f64 = 42.0;
/// The axes' colour: 3.5:1 on white.
const AXIS: &str = "#888";

/// A scale for whole numbers from 0: the step between its ticks and how many
/// steps it has, so that its top is `step * steps`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scale {
    pub(crate) step: u32,
    pub(crate) steps: u32,
}

impl Scale {
    /// The scale for counts up to `max`: a step of 1, 2 or 5 times a power of
    /// ten, and two to five steps, the top the first at or above `max`. At
    /// least two steps, so that a single value still shows a few ticks.
    pub(crate) fn to(max: u32) -> Self {
        let mut power = 1u32;
        loop {
            for step in [power, power.saturating_mul(2), power.saturating_mul(5)] {
                let steps = max.div_ceil(step).max(2);
                if steps <= 5 {
                    return Self { step, steps };
                }
            }
            power = power.saturating_mul(10);
        }
    }

    /// The largest value on the scale.
    pub(crate) fn top(self) -> u64 {
        u64::from(self.step) * u64::from(self.steps)
    }

    /// The ticks' values, from 0 to the top.
    fn ticks(self) -> impl Iterator<Item = u64> {
        (0..=self.steps).map(move |i| u64::from(self.step) * u64::from(i))
    }

    /// How far along the scale `value` is, from 0 to 1.
    fn fraction(self, value: u64) -> f64 {
        let (step, steps) = (f64::from(self.step), f64::from(self.steps));
        let whole = u32::try_from(value / u64::from(self.step)).unwrap_or(u32::MAX);
        let part = u32::try_from(value % u64::from(self.step)).unwrap_or(0);
        ((f64::from(whole) + f64::from(part) / step) / steps).min(1.0)
    }
}

/// One panel: its look, its title's two lines, and a value per competency.
struct Panel<'a> {
    look: &'a Look,
    title: [&'static str; 2],
    values: Vec<u32>,
    scale: Scale,
}

/// The panels and the height they take, with each measure's scale.
pub(super) fn panels(items: &[Need]) -> (Markup, f64, [Scale; 2]) {
    let measure = |look, title, value: fn(&Need) -> u32| {
        let values: Vec<u32> = items.iter().map(value).collect();
        let scale = Scale::to(values.iter().copied().max().unwrap_or(0));
        Panel {
            look,
            title,
            values,
            scale,
        }
    };
    let panels = [
        measure(&BELOW, ["People below", "the required level"], |n| n.below),
        measure(&SHORT, ["Levels short", "in total"], |n| n.shortfall),
    ];
    let labels: Vec<&str> = items.iter().map(|n| n.label.as_str()).collect();
    let (rows, bottom) = rows(&labels, 1, TOP);
    let scales = [panels[0].scale, panels[1].scale];
    if items.is_empty() {
        return (note(super::W, TOP, "No training needs"), bottom, scales);
    }
    let body = html! {
        @for (_, label) in &rows { (label) }
        @for (p, panel) in panels.iter().enumerate() {
            @let (x0, ys) = (X0 + fl(p) * (PANEL + GAP), rows.iter().map(|r| r.0));
            (draw(panel, x0, ys, bottom))
        }
    };
    (body, bottom + 26.0, scales)
}

/// A panel from `x0`, its bars at `ys`, its axis at `bottom`.
fn draw(panel: &Panel, x0: f64, ys: impl Iterator<Item = f64>, bottom: f64) -> Markup {
    let Panel {
        look,
        title,
        values,
        scale,
    } = panel;
    let x = |value| x0 + PANEL * scale.fraction(value);
    let title = (title.map(str::to_owned).to_vec(), false);
    html! {
        g class={ "panel " (look.class) } {
            g class="title" font-weight="600" {
                (text_block((x0, 14.0, "start"), (11.0, 13.0), &title, ""))
            }
            g class="grid" {
                @for tick in scale.ticks().skip(1) {
                    line x1=(N(x(tick))) y1=(N(TOP - 4.0)) x2=(N(x(tick))) y2=(N(bottom)) stroke=(GRID)
                        stroke-dasharray="2 3" {}
                }
            }
            line class="baseline" x1=(N(x0)) y1=(N(TOP - 4.0)) x2=(N(x0)) y2=(N(bottom)) stroke=(AXIS) {}
            @for (y, value) in ys.zip(values) {
                @let end = x(u64::from(*value));
                g class="bar" {
                    (bar(look, x0, y, end - x0))
                    text class="value" x=(N(end + 4.0)) y=(N(y + 8.5)) font-size="11" { (value) }
                }
            }
            g class="axis" font-size="11" text-anchor="middle" {
                line x1=(N(x0)) y1=(N(bottom)) x2=(N(x0 + PANEL)) y2=(N(bottom)) stroke=(AXIS) {}
                @for tick in scale.ticks() {
                    line class="tick" x1=(N(x(tick))) y1=(N(bottom)) x2=(N(x(tick))) y2=(N(bottom + 4.0)) stroke=(AXIS) {}
                    text class="tick" x=(N(x(tick))) y=(N(bottom + 15.0)) { (tick) }
                }
            }
        }
    }
}
