//! Styled lines wrapped with the Japanese line-breaking rules (`crate::text::wrap_kinsoku`),
//! for every pane that wraps: ratatui's own `Wrap` breaks between any two characters and
//! would put 「。」 or 「）」 at the start of a line. The spans keep their styles across the
//! breaks.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Wraps each line to `width` columns; continuation lines start with `indent` spaces
/// (a hanging indent for bullets and list items).
pub fn lines(lines: Vec<Line<'_>>, width: usize, indent: usize) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .flat_map(|line| wrap_line(&line, width, indent))
        .collect()
}

/// One styled line, wrapped (see [`lines`]). An empty line stays one empty line.
pub fn wrap_line(line: &Line<'_>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let styled: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|span| {
            let style = line.style.patch(span.style);
            span.content.chars().map(move |c| (c, style))
        })
        .collect();
    let text: String = styled.iter().map(|(c, _)| *c).collect();
    let indent = indent.min(width / 2);
    let first = crate::text::wrap_kinsoku(&text, width.max(1));
    let mut pieces = Vec::new();
    // The first line takes the full width; the rest are wrapped again one indent narrower.
    match first.split_first() {
        Some((head, tail)) if indent > 0 && !tail.is_empty() => {
            pieces.push(head.clone());
            // The first piece is a prefix of the text; the rest (without the space dropped
            // at the break) is wrapped again, so its own spaces stay.
            let rest = text.get(head.len()..).unwrap_or_default();
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            pieces.extend(crate::text::wrap_kinsoku(
                rest,
                width.saturating_sub(indent).max(1),
            ));
        }
        _ => pieces = first,
    }
    // Map the wrapped text back onto the styled characters: wrapping only drops spaces
    // at the breaks, so each piece is matched in order, skipping what was dropped.
    let mut source = styled.into_iter().peekable();
    let mut out = Vec::new();
    for (index, piece) in pieces.iter().enumerate() {
        let mut spans: Vec<Span<'static>> = Vec::new();
        if index > 0 && indent > 0 {
            spans.push(Span::raw(" ".repeat(indent)));
        }
        let mut run = String::new();
        let mut run_style = None;
        for wanted in piece.chars() {
            let style = loop {
                match source.next() {
                    Some((c, style)) if c == wanted => break style,
                    Some(_) => {}
                    None => break Style::new(),
                }
            };
            if run_style.is_some_and(|s| s != style) {
                spans.push(Span::styled(
                    std::mem::take(&mut run),
                    run_style.unwrap_or_default(),
                ));
            }
            run_style = Some(style);
            run.push(wanted);
        }
        if !run.is_empty() {
            spans.push(Span::styled(run, run_style.unwrap_or_default()));
        }
        out.push(
            Line::from(spans)
                .style(line.style)
                .alignment_opt(line.alignment),
        );
    }
    if out.is_empty() {
        out.push(Line::default().style(line.style));
    }
    out
}

/// `Line::alignment` only for a set alignment.
trait AlignmentOpt {
    fn alignment_opt(self, alignment: Option<ratatui::layout::Alignment>) -> Self;
}

impl AlignmentOpt for Line<'static> {
    fn alignment_opt(self, alignment: Option<ratatui::layout::Alignment>) -> Self {
        match alignment {
            Some(a) => self.alignment(a),
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn no_closing_punctuation_starts_a_line() {
        let wrapped = wrap_line(&Line::raw("窓口の待ち時間は短くなりました。次に"), 16, 0);
        let texts = texts(&wrapped);
        assert!(texts.iter().all(|l| !l.starts_with('。')), "{texts:?}");
        assert!(
            texts.iter().all(|l| crate::text::width(l) <= 16),
            "{texts:?}"
        );
        assert_eq!(texts.concat(), "窓口の待ち時間は短くなりました。次に");
    }

    #[test]
    fn styles_survive_the_break_and_continuations_hang() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let line = Line::from(vec![
            Span::raw("• "),
            Span::styled("改革推進課", bold),
            Span::raw("の説明（資料1）"),
        ]);
        let wrapped = wrap_line(&line, 10, 2);
        // 「（」 never ends a line and 「）」 never starts one: 「1）」 moves on together.
        assert_eq!(
            texts(&wrapped),
            vec!["• 改革推進", "  課の説明", "  （資料", "  1）"]
        );
        let second = &wrapped[1];
        assert_eq!(second.spans[1].content, "課");
        assert_eq!(second.spans[1].style, bold);
        assert_eq!(second.spans[2].style, Style::new());
    }

    #[test]
    fn an_empty_line_stays() {
        assert_eq!(wrap_line(&Line::raw(""), 10, 0).len(), 1);
        // Spaces inside the text survive a hanging indent.
        let words = wrap_line(&Line::raw("• Finance Bureau and Citizens Bureau"), 16, 2);
        assert_eq!(
            texts(&words),
            vec!["• Finance Bureau", "  and Citizens", "  Bureau"]
        );
        assert_eq!(lines(vec![Line::raw("ab"), Line::raw("")], 10, 0).len(), 2);
    }
}
