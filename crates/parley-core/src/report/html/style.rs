//! The page's look: the status palette and the stylesheet.
//!
//! The palette is read three ways. In colour, the ladder runs from pale yellow-green
//! to dark blue (a sequential scheme that colour-blind readers see as a lightness
//! ladder too) and setbacks are warm, striped. In grayscale print the ladder is a
//! strictly darkening ramp and setbacks keep their stripes. And every cell that
//! records a status carries its code (1–7 up the ladder, ≠ ‖ ✕ for setbacks), so
//! nothing rests on colour alone. The tests below check the ramp, the stripes and the
//! distances under simulated colour blindness.

use crate::domain::Status;

/// How a status is drawn: a fill, the colour of its code on that fill, and whether it
/// is striped (the setbacks).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Swatch {
    pub fill: (u8, u8, u8),
    pub ink: &'static str,
    pub striped: bool,
}

pub fn swatch(status: Status) -> Swatch {
    let (fill, ink, striped) = match status {
        Status::Proposed => ((0xfa, 0xfa, 0xbe), "#1f2328", false),
        Status::Discussed => ((0xbe, 0xe4, 0xb2), "#1f2328", false),
        Status::Progressing => ((0x7f, 0xcd, 0xbb), "#1f2328", false),
        Status::Preliminary => ((0x41, 0xb6, 0xc4), "#10141a", false),
        Status::Agreed => ((0x1d, 0x87, 0xc0), "#ffffff", false),
        Status::Implementing => ((0x25, 0x4f, 0xa0), "#ffffff", false),
        Status::Implemented => ((0x0b, 0x1f, 0x5c), "#ffffff", false),
        Status::Contested => ((0xfd, 0xae, 0x6b), "#1f2328", true),
        Status::Stalled => ((0xd9, 0x48, 0x01), "#ffffff", true),
        Status::Dropped => ((0x6e, 0x1a, 0x0a), "#ffffff", true),
    };
    Swatch { fill, ink, striped }
}

/// The class of a status's cells and chips: `c0` … `c9`, in vocabulary order.
pub fn class(status: Status) -> &'static str {
    const CLASSES: [&str; 10] = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"];
    let i = Status::ALL.iter().position(|s| *s == status).unwrap_or(0);
    CLASSES[i]
}

/// One rule per status: its fill, its ink, and for setbacks the stripes.
fn palette_rules() -> String {
    let mut css = String::new();
    for status in Status::ALL {
        let Swatch {
            fill: (r, g, b),
            ink,
            striped,
        } = swatch(*status);
        css.push_str(&format!(
            ".{} {{ background-color: #{r:02x}{g:02x}{b:02x}; color: {ink};{} }}\n",
            class(*status),
            if striped {
                " background-image: repeating-linear-gradient(135deg, rgba(255,255,255,.38) 0 2px, transparent 2px 6px);"
            } else {
                ""
            }
        ));
    }
    css
}

/// A string as a CSS string literal: every character that is not a plain letter,
/// digit or space is written as an escape, so that user text cannot end the string,
/// the rule or the style element.
pub fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:06x}", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// The stylesheet. `running_title` and `date` head each printed page; `print_zoom`
/// shrinks a chart too wide for A4 to the page's width.
pub fn stylesheet(running_title: &str, date: &str, print_zoom: f64) -> String {
    format!(
        "{BASE}{palette}@media print {{\n  @page {{ size: A4; margin: 16mm 12mm 16mm;\n    @top-left {{ content: {title}; font: 8pt system-ui, sans-serif; color: #59636e; }}\n    @top-right {{ content: {date}; font: 8pt system-ui, sans-serif; color: #59636e; }}\n    @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); font: 8pt system-ui, sans-serif; color: #59636e; }} }}\n  .grid {{ zoom: {print_zoom:.3}; }}\n}}\n{PRINT}",
        palette = palette_rules(),
        title = css_string(running_title),
        date = css_string(date),
    )
}

const BASE: &str = r#"
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --lab: 15rem; --col: 1.9rem; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem; overflow-wrap: anywhere; }
h1 { font-size: 1.55rem; margin: 0 0 .2rem; line-height: 1.2; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 .6rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
p { margin: .3rem 0; }
.meta, .note, small { color: var(--muted); }
small { font-size: .85em; font-weight: normal; }
ul { padding-left: 1.2rem; margin: .3rem 0; }
li { margin: .15rem 0; }
a { color: #0550ae; }
.chip { display: inline-flex; align-items: center; gap: .3rem; border-radius: .25rem; padding: 0 .4rem 0 0;
        white-space: nowrap; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.chip b { display: inline-block; min-width: 1.4rem; text-align: center; border-radius: .25rem 0 0 .25rem; }
.mv { font-weight: 600; white-space: nowrap; }
.mv.up { color: #0a6b36; } .mv.down { color: #b42318; }
.caution { border-left: 3px solid #d97706; padding-left: .5rem; }
.tone { font-style: italic; }
blockquote { margin: .3rem 0; padding-left: .6rem; border-left: 3px solid var(--rule); }
blockquote small { display: block; font-style: normal; }
.summary-moves { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0 1.5rem; }
.summary-moves h3 { margin-top: .6rem; }
.inline-list { display: inline; padding: 0; }
.inline-list li { display: inline; }
.inline-list li + li::before { content: "; "; }
/* The chart: a table whose item labels stay put while its rounds scroll sideways. */
.chart-area { overflow-x: auto; width: fit-content; max-width: 100%; border: 1px solid var(--rule); }
.grid.roomy { --col: 3rem; }
.grid { border-collapse: separate; border-spacing: 0; table-layout: fixed; font-size: .8rem; }
.grid th, .grid td { padding: 0; height: 1.55rem; border-bottom: 2px solid #fff; }
.grid thead th { vertical-align: bottom; font-weight: normal; color: var(--muted); height: auto; padding: .3rem 0; }
.grid th.lab { position: sticky; left: 0; z-index: 2; background: #fff; width: var(--lab); text-align: left;
               padding: 0 .5rem 0 .4rem; font-weight: normal; color: var(--ink); border-right: 1px solid var(--rule);
               overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.grid thead th.lab { font-weight: 600; }
.grid th.lab a { color: inherit; text-decoration: none; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical;
                 overflow: hidden; white-space: normal; line-height: 1.15; }
.grid .d1 { padding-left: 1.3rem; } .grid .d2 { padding-left: 2.1rem; } .grid .d3 { padding-left: 2.9rem; }
.grid th.r { width: var(--col); }
.grid th.r span, .grid th.e span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
               display: inline-block; max-height: 11rem; overflow: hidden; text-overflow: ellipsis; }
.grid th.latest { color: var(--ink); font-weight: 600; }
.grid th.e { width: calc(var(--col) + .5rem); }
.grid td { text-align: left; white-space: nowrap; overflow: hidden; border-left: 2px solid #fff;
           -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.grid td i { display: inline-block; width: calc(var(--col) - 2px); text-align: center; font-style: normal; font-weight: 600; }
.grid td.e { border-right: .5rem solid #fff; }
.grid td.none { background: #fff; }
.grid td.s { background: repeating-linear-gradient(90deg, #eef1f4 0 2px, #fff 2px 5px); }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1.2rem; margin: .4rem 0 .6rem; font-size: .85rem; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: .35rem; margin: 0; }
.sw { display: inline-block; width: 1.6rem; height: 1.25rem; line-height: 1.25rem; text-align: center;
              font-weight: 600; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sw.run { width: 4.5rem; text-align: left; padding-left: .55rem; vertical-align: middle; }
.key { font-size: .85rem; color: var(--muted); margin: .2rem 0 .6rem; }
/* Agenda items: a row of three on a wide screen, a card on a narrow one. */
.item { display: grid; grid-template-columns: 16rem 1fr 17rem; gap: .2rem 1.2rem; padding: .6rem 0;
        border-bottom: 1px solid var(--rule); }
.item h3 { margin: 0 0 .2rem; }
.item h3.d1 { padding-left: 1rem; } .item h3.d2 { padding-left: 2rem; }
.item dl { margin: 0; font-size: .9rem; }
.item dt { color: var(--muted); font-size: .8rem; margin-top: .25rem; }
.item dd { margin: 0; }
.round { border-bottom: 1px solid var(--rule); padding: .4rem 0 .6rem; }
.round h3 { margin-top: .4rem; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 60rem) {
  .item { grid-template-columns: 1fr 1fr; }
  .item > :first-child { grid-column: 1 / -1; }
}
@media (max-width: 40rem) {
  body { margin: .75rem auto; padding: 0 .75rem; font-size: 14px; }
  :root { --lab: 8.5rem; --col: 1.75rem; }
  .grid.roomy { --col: 2.4rem; }
  .grid th.lab { font-size: .72rem; padding: 0 .3rem; }
  h1 { font-size: 1.3rem; }
  .item { display: block; border: 1px solid var(--rule); border-radius: .4rem; padding: .6rem .7rem; margin: .6rem 0; }
}
"#;

const PRINT: &str = r#"@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  h2 { break-after: avoid; margin-top: 1.2rem; }
  h3 { break-after: avoid; }
  .chart-area { overflow: visible; border: none; }
  .grid th.lab { position: static; }
  .grid thead { display: table-header-group; }
  .grid tr, li, blockquote, .item > div:first-child { break-inside: avoid; }
  .item { display: block; padding: .35rem 0; }
  .item dl { columns: 2; column-gap: 1.5rem; }
  .item dd { break-inside: avoid; }
  .item > :first-child { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 .8rem; }
  .item > :first-child p { margin: 0; }
  a { color: inherit; text-decoration: none; }
  #sources a[href]::after { content: " <" attr(href) ">"; font-size: .85em; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    /// sRGB channel to linear light.
    fn linear(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    fn to_lab(rgb: [f64; 3]) -> [f64; 3] {
        let [r, g, b] = rgb;
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                (24389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    fn lab(status: Status, vision: &[[f64; 3]; 3]) -> [f64; 3] {
        let (r, g, b) = swatch(status).fill;
        let rgb = [linear(r), linear(g), linear(b)];
        let seen: Vec<f64> = vision
            .iter()
            .map(|row| (row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]).clamp(0.0, 1.0))
            .collect();
        to_lab([seen[0], seen[1], seen[2]])
    }

    fn distance(a: [f64; 3], b: [f64; 3]) -> f64 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    const NORMAL: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    // Machado, Oliveira & Fernandes (2009), severity 1.0, in linear RGB.
    const PROTANOPIA: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const DEUTERANOPIA: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const TRITANOPIA: [[f64; 3]; 3] = [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ];

    /// In grayscale, the ladder darkens at every step by a visible amount.
    #[test]
    fn the_ladder_is_a_lightness_ramp() {
        let ladder: Vec<Status> = Status::ALL
            .iter()
            .copied()
            .filter(|s| !s.is_setback())
            .collect();
        for pair in ladder.windows(2) {
            let (a, b) = (lab(pair[0], &NORMAL)[0], lab(pair[1], &NORMAL)[0]);
            assert!(
                a - b >= 8.0,
                "{:?} (L* {a:.1}) and {:?} (L* {b:.1}) are too close in grayscale",
                pair[0],
                pair[1]
            );
        }
    }

    /// Setbacks are striped and the ladder is not, so the two read apart in any print;
    /// among the setbacks, lightness tells them apart.
    #[test]
    fn setbacks_are_striped_and_apart_in_lightness() {
        for status in Status::ALL {
            assert_eq!(swatch(*status).striped, status.is_setback(), "{status:?}");
        }
        let setbacks = [Status::Contested, Status::Stalled, Status::Dropped];
        for pair in setbacks.windows(2) {
            let (a, b) = (lab(pair[0], &NORMAL)[0], lab(pair[1], &NORMAL)[0]);
            assert!(
                a - b >= 15.0,
                "{:?} and {:?}: L* {a:.1}, {b:.1}",
                pair[0],
                pair[1]
            );
        }
    }

    /// Under each kind of colour blindness, any two statuses drawn alike (both
    /// striped or both plain) stay apart (CIE76 ΔE at least 10).
    #[test]
    fn statuses_stay_apart_for_colour_blind_readers() {
        for (name, vision) in [
            ("normal vision", NORMAL),
            ("protanopia", PROTANOPIA),
            ("deuteranopia", DEUTERANOPIA),
            ("tritanopia", TRITANOPIA),
        ] {
            for (i, a) in Status::ALL.iter().enumerate() {
                for b in &Status::ALL[i + 1..] {
                    if swatch(*a).striped != swatch(*b).striped {
                        continue;
                    }
                    let d = distance(lab(*a, &vision), lab(*b, &vision));
                    assert!(d >= 10.0, "{a:?} and {b:?} are {d:.1} apart under {name}");
                }
            }
        }
    }

    #[test]
    fn css_strings_cannot_break_out() {
        assert_eq!(css_string("A b"), "\"A b\"");
        let hostile = css_string("\"; } </style><script>");
        assert!(!hostile[1..hostile.len() - 1].contains(['"', '<', '>', '}', ';']));
    }
}
