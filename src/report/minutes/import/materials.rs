//! Stage 4d: distributed materials (配付資料) and the references to them in statements
//! (「【資料1】P3 窓口改革について」 on its own line, or 「【資料2】に基づいて説明」 inside).

use std::collections::HashSet;

use super::super::{compact, derived_material_id};
use super::vocab::MATERIAL_PREFIXES;
use crate::model::fiscal_year::normalize_width;
use crate::model::meeting::{Material, MaterialRef};

/// A parsed reference 【資料】Pn rest: material id (as listed), page, and where the rest of
/// the line starts.
pub struct Reference {
    pub material: String,
    pub page: Option<String>,
    pub end: usize,
}

/// The materials as listed, and the ids taken.
#[derive(Default)]
pub struct Materials {
    pub items: Vec<Material>,
    ids: HashSet<String>,
}

impl Materials {
    /// One line of the materials section: 「資料1 市役所改革（概要）」.
    pub fn line(&mut self, line: &str) {
        let trimmed = line.trim().trim_start_matches(['・', '-', '•']).trim();
        if trimmed.is_empty() {
            return;
        }
        let (id, title) = split_material(trimmed);
        let mut id = id.unwrap_or_else(|| derived_material_id(&title));
        if id.is_empty() {
            id = format!("m{}", self.items.len() + 1);
        }
        let base = id.clone();
        let mut n = 1;
        while self.ids.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.ids.insert(id.clone());
        self.items.push(Material {
            id,
            title,
            pages: None,
        });
    }

    /// 【資料1】P3 at the start of `line`: a listed material, or one named like 資料N /
    /// 参考資料N even if the list forgot it.
    pub fn reference(&self, line: &str) -> Option<Reference> {
        let rest = line.trim_start();
        let offset = line.len() - rest.len();
        let inner_end = rest.strip_prefix('【')?.find('】')? + '【'.len_utf8();
        let inner = compact(&rest['【'.len_utf8()..inner_end]);
        let material = self
            .items
            .iter()
            .find(|m| compact(&m.id) == inner)
            .map(|m| m.id.clone())
            .or_else(|| is_material_id(&inner).then(|| inner.clone()))?;
        let mut end = offset + inner_end + '】'.len_utf8();
        let (page, used) = parse_page(&line[end..]);
        end += used;
        Some(Reference {
            material,
            page,
            end,
        })
    }

    /// References written inside the text: 「【資料1】に基づいて説明」, 「【資料2】P5 …」.
    pub fn inline_references(&self, text: &str) -> Vec<MaterialRef> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(at) = text[from..].find('【') {
            let start = from + at;
            if let Some(reference) = self.reference(&text[start..]) {
                let rest = text[start + reference.end..]
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim();
                let topic = match (&reference.page, rest.find("について")) {
                    (Some(_), Some(end)) if end > 0 => {
                        Some(rest[..end + "について".len()].to_string())
                    }
                    _ => None,
                };
                out.push(MaterialRef {
                    material: reference.material,
                    page: reference.page,
                    topic,
                    inline: true,
                });
                from = start + reference.end;
            } else {
                from = start + '【'.len_utf8();
            }
        }
        out
    }
}

/// Names like 資料1, 参考資料2, 資料1-2, 別紙3.
pub fn is_material_id(text: &str) -> bool {
    let text = compact(text);
    let rest = MATERIAL_PREFIXES.iter().find_map(|p| text.strip_prefix(p));
    rest.is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// Splits a material line into its printed id (normalised: 「資料１」 → 「資料1」) and title.
pub fn split_material(line: &str) -> (Option<String>, String) {
    let token_end = line.find(|c: char| c.is_whitespace()).unwrap_or(line.len());
    let token = &line[..token_end];
    if is_material_id(token) {
        return (Some(compact(token)), line[token_end..].trim().to_string());
    }
    // 「資料１市役所改革（概要）」 without a space: take the id prefix.
    let norm = normalize_width(line);
    for prefix in MATERIAL_PREFIXES {
        if let Some(rest) = norm.strip_prefix(prefix) {
            let digits: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            if !digits.is_empty() {
                let count = prefix.chars().count() + digits.chars().count();
                let title: String = line.chars().skip(count).collect();
                return (Some(format!("{prefix}{digits}")), title.trim().to_string());
            }
        }
    }
    (None, line.to_string())
}

/// 「P3」, 「Ｐ１０－１２」, 「p.5」 at the start of `text`: the page (half-width, 「10-12」) and
/// the bytes used.
pub fn parse_page(text: &str) -> (Option<String>, usize) {
    let mut chars = text.char_indices().peekable();
    let Some((_, first)) = chars.next() else {
        return (None, 0);
    };
    if !matches!(first, 'P' | 'p' | 'Ｐ' | 'ｐ') {
        return (None, 0);
    }
    let mut page = String::new();
    let mut end = first.len_utf8();
    for (at, c) in chars {
        let n = normalize_width(&c.to_string());
        let half = n.chars().next().unwrap_or(c);
        if half.is_ascii_digit() {
            page.push(half);
        } else if matches!(half, '-' | '~' | '〜' | '～' | '‐' | '−') && !page.is_empty() {
            page.push('-');
        } else if half == '.' && page.is_empty() {
            // 「p.5」
        } else {
            break;
        }
        end = at + c.len_utf8();
    }
    let page = page.trim_end_matches('-').to_string();
    if page.is_empty() {
        (None, 0)
    } else {
        (Some(page), end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_ids() {
        assert_eq!(
            parse_page("Ｐ１０－１２　経常"),
            (Some("10-12".into()), "Ｐ１０－１２".len())
        );
        assert_eq!(parse_page("p.5"), (Some("5".into()), 3));
        assert_eq!(parse_page("Pepper"), (None, 0));
        assert_eq!(
            split_material("資料１市役所改革（概要）"),
            (Some("資料1".into()), "市役所改革（概要）".into())
        );
        assert!(is_material_id("参考資料2"));
        assert!(!is_material_id("資料"));
    }
}
