//! Small SVG charts drawn as text, for the self-contained HTML report: no script, no font or
//! style sheet from elsewhere. Coordinates are floating point (pixels); the amounts they stand
//! for are computed as decimals before.

use std::fmt::Write as _;

pub struct Series {
    pub name: String,
    pub color: &'static str,
    pub dashed: bool,
    /// (x, y), x increasing.
    pub points: Vec<(f64, f64)>,
}

pub const PALETTE: [&str; 6] = [
    "#1b5e9b", "#c0392b", "#2e8b57", "#7d3c98", "#d35400", "#5d6d7e",
];

const W: f64 = 720.0;
const H: f64 = 360.0;
const LEFT: f64 = 90.0;
const RIGHT: f64 = 180.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 50.0;

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A round number at or above `x`: 1, 2 or 5 times a power of ten.
fn nice(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * p >= x {
            return m * p;
        }
    }
    10.0 * p
}

/// `12 500`, grouped the French way.
fn grouped(v: f64) -> String {
    let n = v.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    if n < 0 {
        format!("−{out}")
    } else {
        out
    }
}

/// A line chart, one line per series (dashed or solid), with a legend on the right.
pub fn lines(title: &str, x_label: &str, y_label: &str, unit: &str, series: &[Series]) -> String {
    let xs = series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
    let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    let (x0, x1) = if x0 > x1 {
        (0.0, 1.0)
    } else if x0 == x1 {
        (x0 - 1.0, x1 + 1.0)
    } else {
        (x0, x1)
    };
    let ymax = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold(0.0f64, f64::max);
    let ytop = nice(ymax);
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let px = |x: f64| LEFT + (x - x0) / (x1 - x0) * pw;
    let py = |y: f64| TOP + ph - y / ytop * ph;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{}">"#,
        escape(title)
    );
    let _ = write!(s, "<title>{}</title>", escape(title));
    for i in 0..=5 {
        let y = ytop * f64::from(i) / 5.0;
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" y1="{py:.1}" x2="{:.1}" y2="{py:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11">{} {}</text>"##,
            LEFT + pw,
            LEFT - 6.0,
            py(y) + 4.0,
            grouped(y),
            escape(unit),
            py = py(y),
        );
    }
    let step = nice((x1 - x0) / 12.0).max(1.0);
    let mut x = x0.ceil();
    while x <= x1 {
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="11">{}</text>"#,
            px(x),
            TOP + ph + 16.0,
            x
        );
        x += step;
    }
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" y1="{b:.1}" x2="{:.1}" y2="{b:.1}" stroke="#555"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{b:.1}" stroke="#555"/>"##,
        LEFT + pw,
        b = TOP + ph
    );
    let _ = write!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="12">{}</text>"#,
        LEFT + pw / 2.0,
        H - 12.0,
        escape(x_label)
    );
    let _ = write!(
        s,
        r#"<text transform="translate(14 {:.1}) rotate(-90)" text-anchor="middle" font-size="12">{}</text>"#,
        TOP + ph / 2.0,
        escape(y_label)
    );
    for (k, se) in series.iter().enumerate() {
        let path: Vec<String> = se
            .points
            .iter()
            .map(|(x, y)| format!("{:.1},{:.1}", px(*x), py(*y)))
            .collect();
        let dash = if se.dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = write!(
            s,
            r#"<polyline fill="none" stroke="{}" stroke-width="2"{dash} points="{}"><title>{}</title></polyline>"#,
            se.color,
            path.join(" "),
            escape(&se.name)
        );
        for (x, y) in &se.points {
            let fill = if se.dashed { "white" } else { se.color };
            let _ = write!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{fill}" stroke="{}"><title>{} : {} = {}, {} {}</title></circle>"#,
                px(*x),
                py(*y),
                se.color,
                escape(&se.name),
                escape(x_label),
                x,
                grouped(*y),
                escape(unit)
            );
        }
        let ly = TOP + 10.0 + 20.0 * k as f64;
        let lx = LEFT + pw + 16.0;
        let _ = write!(
            s,
            r#"<line x1="{lx:.1}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="{}" stroke-width="2"{dash}/><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"#,
            lx + 24.0,
            se.color,
            lx + 30.0,
            ly + 4.0,
            escape(&se.name)
        );
    }
    s.push_str("</svg>");
    s
}

/// A bar chart: one bar per (label, count).
pub fn bars(title: &str, x_label: &str, bars: &[(String, u64)], color: &str) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0) as f64;
    let ytop = nice(max.max(1.0));
    let (pw, ph) = (W - LEFT - 40.0, H - TOP - BOTTOM - 30.0);
    let n = bars.len().max(1) as f64;
    let slot = pw / n;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{}">"#,
        escape(title)
    );
    let _ = write!(s, "<title>{}</title>", escape(title));
    for i in 0..=4 {
        let v = ytop * f64::from(i) / 4.0;
        let y = TOP + ph - v / ytop * ph;
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11">{}</text>"##,
            LEFT + pw,
            LEFT - 6.0,
            y + 4.0,
            grouped(v)
        );
    }
    for (i, (label, count)) in bars.iter().enumerate() {
        let h = *count as f64 / ytop * ph;
        let x = LEFT + slot * i as f64 + slot * 0.15;
        let _ = write!(
            s,
            r#"<rect x="{x:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="{color}"><title>{} : {}</title></rect><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="11">{}</text><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="10">{}</text>"#,
            TOP + ph - h,
            slot * 0.7,
            escape(label),
            count,
            x + slot * 0.35,
            TOP + ph - h - 4.0,
            count,
            x + slot * 0.35,
            TOP + ph
                + 14.0
                + if i % 2 == 1 && bars.len() > 3 {
                    13.0
                } else {
                    0.0
                },
            escape(label)
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" y1="{b:.1}" x2="{:.1}" y2="{b:.1}" stroke="#555"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="12">{}</text>"##,
        LEFT + pw,
        LEFT + pw / 2.0,
        H - 12.0,
        escape(x_label),
        b = TOP + ph
    );
    s.push_str("</svg>");
    s
}
