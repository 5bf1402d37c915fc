//! Stage 4c: the agenda (次第), nested by numbering style, and the agenda item a statement
//! or a heading names.

use super::super::compact;
use crate::model::fiscal_year::normalize_width;
use crate::model::meeting::AgendaItem;
use crate::report::minutes::export::circled_value;

/// The numbering style of an agenda item; a new style opens a deeper level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Circled,
    Paren,
    /// Digits followed by this separator (space, 「.」, 「、」).
    Digits(char),
    /// ア, イ, ウ … (the iroha order of city documents is rare; this is the gojūon order).
    Katakana,
}

/// ア → 1, イ → 2 … in the order city documents number with them.
fn katakana_value(c: char) -> Option<u32> {
    "アイウエオカキクケコサシスセソタチツテトナニヌネノ"
        .chars()
        .position(|k| k == c)
        .and_then(|n| u32::try_from(n + 1).ok())
}

/// Splits the printed number off an agenda line: the number as printed, its style and value,
/// and the title.
pub fn number(line: &str) -> Option<(String, Style, u32, String)> {
    let line = line.trim();
    let norm = normalize_width(line);
    let first = norm.chars().next()?;
    let (count, style, value) = if let Some(value) = circled_value(first) {
        (1, Style::Circled, value)
    } else if first == '(' {
        let inner: String = norm[1..].chars().take_while(char::is_ascii_digit).collect();
        if inner.is_empty() || !norm[1 + inner.len()..].starts_with(')') {
            return None;
        }
        (inner.len() + 2, Style::Paren, inner.parse().ok()?)
    } else if let Some(value) = katakana_value(first)
        && norm[first.len_utf8()..].starts_with([' ', '.', '、', ')'])
    {
        // 「ア 予算について」, 「イ.」: the second level of many city documents.
        let separated = !norm[first.len_utf8()..].starts_with(' ');
        (1 + usize::from(separated), Style::Katakana, value)
    } else if first.is_ascii_digit() {
        let digits: String = norm.chars().take_while(char::is_ascii_digit).collect();
        let separator = norm[digits.len()..].chars().next()?;
        if !matches!(separator, ' ' | '.' | '、') {
            return None;
        }
        let count = digits.len() + usize::from(separator != ' ');
        (count, Style::Digits(separator), digits.parse().ok()?)
    } else {
        return None;
    };
    // normalize_width maps one character to one, so counts carry over to the printed line.
    let number: String = line.chars().take(count).collect();
    let title: String = line.chars().skip(count).collect();
    Some((number, style, value, title.trim().to_string()))
}

/// The agenda as it is read, item by item.
#[derive(Default)]
pub struct Agenda {
    pub items: Vec<AgendaItem>,
    /// The style and last number of each level seen so far, outermost first.
    levels: Vec<(Style, u32)>,
}

impl Agenda {
    /// Adds one line of the agenda section.
    pub fn line(&mut self, line: &str) {
        let line = line.trim().trim_start_matches(['-', '・', '•']).trim();
        if line.is_empty() {
            return;
        }
        let (number, style, value, title) = match number(line) {
            Some((number, style, value, title)) => (number, Some(style), value, title),
            None => (String::new(), None, 0, line.to_string()),
        };
        // A style seen before returns to its level; a new style, or a list restarting at 1
        // under an item (「3. 議事」 then 「1. …」), opens a level below the last item; an
        // unnumbered item (開会, 閉会) sits at the top.
        let depth = match style {
            None => 0,
            Some(style) => {
                let continuing = self
                    .levels
                    .iter()
                    .rposition(|(s, last)| *s == style && *last + 1 == value);
                let depth = match continuing {
                    Some(depth) => depth,
                    None if value == 1 && !self.levels.is_empty() && !self.items.is_empty() => {
                        self.levels.len()
                    }
                    None => self
                        .levels
                        .iter()
                        .position(|(s, _)| *s == style)
                        .unwrap_or(self.levels.len()),
                };
                self.levels.truncate(depth);
                self.levels.push((style, value));
                depth
            }
        };
        let mut path = Vec::new();
        let mut siblings = &mut self.items;
        for _ in 0..depth {
            if siblings.is_empty() {
                break;
            }
            path.push(siblings.len().to_string());
            let last = siblings.len() - 1;
            siblings = &mut siblings[last].children;
        }
        path.push((siblings.len() + 1).to_string());
        siblings.push(AgendaItem {
            id: format!("a{}", path.join("-")),
            number,
            title,
            nodes: Vec::new(),
            children: Vec::new(),
        });
    }

    /// The item a text names: 「議題①について」, 「議題（１）について」, or a heading that
    /// repeats an item's title (「1. 予算について」).
    pub fn mention(&self, text: &str) -> Option<String> {
        let norm = normalize_width(text);
        let items = all_items(&self.items);
        for word in ["議題", "議事"] {
            let mut from = 0;
            while let Some(at) = norm[from..].find(word) {
                let after = &norm[from + at + word.len()..];
                if let Some((number, _, _, _)) = number(&format!("{after} x")) {
                    let number = compact(&number);
                    if let Some(item) = items.iter().find(|i| compact(&i.number) == number) {
                        return Some(item.id.clone());
                    }
                }
                from += at + word.len();
            }
        }
        None
    }

    /// The item whose title a heading line repeats, numbered or not.
    pub fn titled(&self, line: &str) -> Option<String> {
        let title = number(line).map_or_else(|| line.to_string(), |(_, _, _, t)| t);
        let key = compact(&title);
        if key.chars().count() < 2 {
            return None;
        }
        all_items(&self.items)
            .iter()
            .find(|i| compact(&i.title) == key)
            .map(|i| i.id.clone())
    }
}

pub fn all_items(items: &[AgendaItem]) -> Vec<&AgendaItem> {
    let mut out = Vec::new();
    for item in items {
        out.push(item);
        out.extend(all_items(&item.children));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lines: &[&str]) -> Vec<(String, String, String)> {
        let mut agenda = Agenda::default();
        for line in lines {
            agenda.line(line);
        }
        all_items(&agenda.items)
            .iter()
            .map(|i| (i.id.clone(), i.number.clone(), i.title.clone()))
            .collect()
    }

    fn item(id: &str, number: &str, title: &str) -> (String, String, String) {
        (id.into(), number.into(), title.into())
    }

    #[test]
    fn katakana_items_nest() {
        assert_eq!(
            read(&["1 議事", "ア 予算について", "イ その他", "2 閉会"]),
            [
                item("a1", "1", "議事"),
                item("a1-1", "ア", "予算について"),
                item("a1-2", "イ", "その他"),
                item("a2", "2", "閉会"),
            ]
        );
        assert!(number("アンケートについて").is_none());
    }

    #[test]
    fn nesting_by_style_and_by_restart() {
        assert_eq!(
            read(&[
                "開会",
                "(1) 挨拶",
                "(2) 議事",
                "①予算について",
                "②その他",
                "閉会"
            ]),
            [
                item("a1", "", "開会"),
                item("a2", "(1)", "挨拶"),
                item("a3", "(2)", "議事"),
                item("a3-1", "①", "予算について"),
                item("a3-2", "②", "その他"),
                item("a4", "", "閉会"),
            ]
        );
        assert_eq!(
            read(&[
                "1. 開会",
                "2. 挨拶",
                "3. 議事",
                "1. 予算について",
                "2. その他",
                "4. 閉会"
            ]),
            [
                item("a1", "1.", "開会"),
                item("a2", "2.", "挨拶"),
                item("a3", "3.", "議事"),
                item("a3-1", "1.", "予算について"),
                item("a3-2", "2.", "その他"),
                item("a4", "4.", "閉会"),
            ]
        );
    }
}
