//! Inline SVG charts of one indicator (baseline, actuals by year, target, and the yearly
//! planned path when there is one) for the HTML report.
//!
//! Drawn with plotters' SVG backend only: text stays SVG `<text>`, so Japanese labels render
//! with whatever fonts the reader's browser has, and nothing is fetched from a network.
//! Coordinates are `f64` here and only here; the figures themselves stay exact elsewhere.

use plotters::prelude::*;

use crate::model::{Direction, Indicator, Language};

const WIDTH: u32 = 360;
const HEIGHT: u32 = 200;
const ACTUAL: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
const PLAN: RGBColor = RGBColor(0x99, 0x99, 0x99);
const TARGET: RGBColor = RGBColor(0xc0, 0x39, 0x2b);

/// The SVG of an indicator's chart, or `None` when it has fewer than one plotted value.
pub fn indicator_svg(indicator: &Indicator, lang: Language) -> Option<String> {
    let year = |y: crate::model::FiscalYear| f64::from(y.0);
    let baseline = indicator
        .baseline
        .as_ref()
        .map(|b| (year(b.year), b.value.to_f64()));
    let target = indicator.target.as_ref().and_then(|t| {
        t.figure()
            .or_else(|| {
                (indicator.direction == Direction::Balance).then_some(crate::model::Figure::ZERO)
            })
            .map(|f| (year(t.year), f.to_f64()))
    });
    let mut actuals: Vec<(f64, f64)> = baseline.into_iter().collect();
    actuals.extend(
        indicator
            .actuals
            .iter()
            .map(|a| (year(a.year), a.value.to_f64())),
    );
    // The plan: the yearly planned path where the plan prints one, else baseline → target.
    let path: Vec<(f64, f64)> = indicator
        .planned
        .iter()
        .map(|p| (year(p.year), p.value.to_f64()))
        .collect();
    let plan_line: Vec<(f64, f64)> = if path.is_empty() {
        baseline.into_iter().chain(target).collect()
    } else {
        let first = path[0].0;
        let last = path[path.len() - 1].0;
        baseline
            .filter(|b| b.0 < first)
            .into_iter()
            .chain(path.iter().copied())
            .chain(target.filter(|t| t.0 > last))
            .collect()
    };
    let all: Vec<(f64, f64)> = actuals
        .iter()
        .copied()
        .chain(target)
        .chain(path.iter().copied())
        .collect();
    if all.is_empty() {
        return None;
    }
    let (mut x0, mut x1, mut y0, mut y1) = all.iter().fold(
        (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
        |(a, b, c, d), &(x, y)| (a.min(x), b.max(x), c.min(y), d.max(y)),
    );
    if y0 > 0.0 && y0 < (y1 - y0) * 2.0 {
        // Show the zero line when it is close, so small changes do not look dramatic.
        y0 = 0.0;
    }
    let pad = if (y1 - y0).abs() < f64::EPSILON {
        y0.abs().max(1.0) * 0.1
    } else {
        (y1 - y0) * 0.12
    };
    y0 -= pad;
    y1 += pad;
    x0 -= 0.35;
    x1 += 0.35;
    let mut svg = String::new();
    draw(
        &mut svg,
        indicator,
        lang,
        (x0, x1, y0, y1),
        &actuals,
        &plan_line,
        target,
    )
    .ok()?;
    Some(with_text_alternative(&svg, indicator, lang))
}

/// The chart with a `<title>` (the indicator) and a `<desc>` (baseline, target and latest
/// actual in words) as the first children of `<svg>`: what screen readers announce and what
/// a printed page without graphics still says.
fn with_text_alternative(svg: &str, indicator: &Indicator, lang: Language) -> String {
    let Some(end) = svg.find('>') else {
        return svg.to_string();
    };
    let (open, rest) = svg.split_at(end + 1);
    let open = open.replacen("<svg", "<svg role=\"img\"", 1);
    format!(
        "{open}\n<title>{}</title>\n<desc>{}</desc>{rest}",
        super::escape::html(&indicator.name),
        super::escape::html(&super::kpi::indicator_line(indicator, lang))
    )
}

/// 「400000」 → 「400,000」: digits grouped by thousands, sign and decimals kept.
pub fn group_thousands(number: &str) -> String {
    let (sign, digits) = match number.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", number),
    };
    let (whole, fraction) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (index, c) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

type Range = (f64, f64, f64, f64);

fn draw(
    svg: &mut String,
    indicator: &Indicator,
    lang: Language,
    (x0, x1, y0, y1): Range,
    actuals: &[(f64, f64)],
    plan_line: &[(f64, f64)],
    target: Option<(f64, f64)>,
) -> Result<(), String> {
    let error = |e: &dyn std::fmt::Display| e.to_string();
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| error(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .margin(10)
        .x_label_area_size(22)
        .y_label_area_size(64)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(|e| error(&e))?;
    // f64 → whole fiscal year for labels only.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let year_label = |x: &f64| {
        if (x - x.round()).abs() > 1e-6 {
            return String::new();
        }
        let year = crate::model::FiscalYear(x.round().clamp(0.0, 65535.0) as u16);
        lang.year_short(year)
    };
    let unit = crate::model::sanitize_inline(&indicator.unit);
    let value_label = |y: &f64| {
        let text = format!("{y:.2}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        let text = if text == "-0" { "0" } else { text };
        format!("{}{unit}", group_thousands(text))
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let years = ((x1 - x0).round().max(1.0)) as usize;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(years + 1)
        .y_labels(5)
        .x_label_formatter(&year_label)
        .y_label_formatter(&value_label)
        .label_style(("sans-serif", 13).into_font().color(&BLACK))
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
        .axis_style(RGBColor(0x88, 0x88, 0x88))
        .draw()
        .map_err(|e| error(&e))?;
    if plan_line.len() >= 2 {
        chart
            .draw_series(DashedLineSeries::new(
                plan_line.iter().copied(),
                5,
                4,
                PLAN.stroke_width(1),
            ))
            .map_err(|e| error(&e))?;
    }
    if let Some(t) = target
        && matches!(indicator.direction, Direction::AtLeast | Direction::AtMost)
    {
        chart
            .draw_series(DashedLineSeries::new(
                [(x0, t.1), (x1, t.1)],
                3,
                3,
                TARGET.mix(0.6).stroke_width(1),
            ))
            .map_err(|e| error(&e))?;
    }
    chart
        .draw_series(LineSeries::new(
            actuals.iter().copied(),
            ACTUAL.stroke_width(2),
        ))
        .map_err(|e| error(&e))?;
    chart
        .draw_series(
            actuals
                .iter()
                .map(|&point| Circle::new(point, 3, ACTUAL.filled())),
        )
        .map_err(|e| error(&e))?;
    if let Some(t) = target {
        chart
            .draw_series(std::iter::once(TriangleMarker::new(t, 5, TARGET.filled())))
            .map_err(|e| error(&e))?;
    }
    root.present().map_err(|e| error(&e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FiscalYear, Target, TargetValue, YearValue};

    #[test]
    fn draws_an_svg_with_japanese_year_labels() {
        let mut k = Indicator::new("k", "満足度", Direction::Increase);
        k.unit = "%".into();
        k.baseline = Some(YearValue {
            year: FiscalYear(2021),
            value: "48.9".parse().expect("fig"),
            note: None,
        });
        k.target = Some(Target {
            year: FiscalYear(2023),
            value: TargetValue::Value("65".parse().expect("fig")),
            note: None,
        });
        k.set_actual(FiscalYear(2022), "44.1".parse().expect("fig"), None);
        let svg = indicator_svg(&k, Language::Ja).expect("svg");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("R3") && svg.contains("R5"), "{svg}");
        assert!(svg.contains("60%"), "{svg}");
        assert!(!svg.contains("http://") || svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(!svg.contains("href"));
    }

    #[test]
    fn axis_numbers_are_grouped_and_the_chart_says_what_it_shows() {
        assert_eq!(group_thousands("400000"), "400,000");
        assert_eq!(group_thousands("-1234567.5"), "-1,234,567.5");
        assert_eq!(group_thousands("999"), "999");
        let mut k = Indicator::new("k", "証明書コンビニ発行件数", Direction::Increase);
        k.unit = "件".into();
        k.baseline = Some(crate::model::YearValue {
            year: crate::model::FiscalYear(2021),
            value: "107087".parse().expect("figure"),
            note: None,
        });
        k.set_actual(
            crate::model::FiscalYear(2022),
            "400000".parse().expect("figure"),
            None,
        );
        let svg = indicator_svg(&k, Language::Ja).expect("svg");
        assert!(svg.contains("00,000件"), "{svg}");
        assert!(!svg.contains("400000件"), "{svg}");
        let title = svg
            .find("<title>証明書コンビニ発行件数</title>")
            .expect("title");
        let desc = svg.find("<desc>").expect("desc");
        assert!(title < desc && desc < svg.find("<rect").unwrap_or(usize::MAX));
        assert!(svg.starts_with("<svg role=\"img\""));
    }

    #[test]
    fn no_values_no_chart() {
        let k = Indicator::new("k", "定性", Direction::Qualitative);
        assert!(indicator_svg(&k, Language::Ja).is_none());
    }

    #[test]
    fn a_planned_path_is_drawn_and_widens_the_axes() {
        let mut k = Indicator::new("k", "職員数", Direction::Decrease);
        k.unit = "人".into();
        k.set_actual(FiscalYear(2005), "295".parse().expect("fig"), None);
        let without = indicator_svg(&k, Language::En).expect("svg");
        k.set_planned(FiscalYear(2005), "305".parse().expect("fig"), None);
        k.set_planned(FiscalYear(2008), "290".parse().expect("fig"), None);
        let with = indicator_svg(&k, Language::En).expect("svg");
        assert_ne!(with, without);
        // The path reaches FY2008, so the year axis does.
        assert!(
            with.contains("FY2008") && !without.contains("FY2008"),
            "{with}"
        );
    }
}
