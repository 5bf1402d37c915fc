//! Stage 4a: the header — title, fiscal year, 第N回, committee, date and times.
//!
//! Pure functions over width-normalised text; the date is looked for in the date section
//! first, then in the title, then anywhere in the header, so minutes that print it only in
//! the title (「第5回…会議(令和2年2月21日)」) still import.

use chrono::NaiveDate;

use super::super::compact;
use super::vocab::{BODY_WORDS, DOCUMENT_WORDS};
use crate::model::FiscalYear;
use crate::model::fiscal_year::normalize_width;

/// What the title line says.
pub struct Header {
    pub title: String,
    pub fiscal_year: Option<FiscalYear>,
    pub number: Option<u32>,
    pub committee: String,
}

/// 「令和2年度（2020年度）第1回熊本市市役所改革推進委員会 議事録（要旨）」: the title without the
/// document words, the fiscal year, 第N回 and the committee name.
pub fn parse_title(line: &str) -> Header {
    let mut title = line.trim().to_string();
    // 「第5回…会議(令和2年2月21日)」: the date in parentheses is not part of the title.
    if let Some(open) = title.rfind(['(', '（'])
        && title.ends_with([')', '）'])
        && parse_date(&normalize_width(&title[open..])).is_some()
    {
        title = title[..open].trim_end().to_string();
    }
    for word in DOCUMENT_WORDS {
        if let Some(at) = title.rfind(word) {
            let tail = compact(&title[at + word.len()..]);
            if matches!(
                tail.as_str(),
                "" | "(要旨)" | "(概要)" | "(要点)" | "(抄)" | "要旨" | "概要"
            ) && at > 0
            {
                title = title[..at].trim_end().to_string();
                break;
            }
        }
    }
    let norm = normalize_width(&title);
    let fiscal_year = norm.find("年度").and_then(|end| {
        let start = ["令和", "平成", "昭和"]
            .iter()
            .filter_map(|era| norm[..end].rfind(era))
            .max()
            .unwrap_or_else(|| {
                norm[..end]
                    .char_indices()
                    .rev()
                    .take_while(|(_, c)| c.is_ascii_digit())
                    .last()
                    .map_or(end, |(at, _)| at)
            });
        norm[start..end + "年度".len()].parse().ok()
    });
    let mut number = None;
    let mut committee = norm.clone();
    for (at, _) in norm.match_indices('第') {
        let start = at + '第'.len_utf8();
        let digits: String = norm[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let after = start + digits.len();
        if !digits.is_empty() && norm[after..].starts_with('回') {
            number = digits.parse().ok();
            committee = norm[after + '回'.len_utf8()..].to_string();
            break;
        }
    }
    if number.is_none() {
        // No 第N回: the committee follows the fiscal year and its western gloss.
        if let Some(end) = committee.find("年度") {
            let rest = &committee[end + "年度".len()..];
            let rest = match rest.strip_prefix('(') {
                Some(r) => r.split_once(')').map_or(rest, |(_, r)| r),
                None => rest,
            };
            committee = rest.to_string();
        }
    }
    // 「…推進委員会会議」: the body is the committee, 会議 the occasion.
    let mut committee = committee.trim().to_string();
    // A title that is only 「会議録」 names no body.
    if DOCUMENT_WORDS.contains(&compact(&committee).as_str()) {
        committee.clear();
    }
    for word in BODY_WORDS {
        if let Some(stem) = committee.strip_suffix("会議")
            && *word != "会議"
            && stem.ends_with(word)
        {
            committee = stem.to_string();
        }
    }
    Header {
        title,
        fiscal_year,
        number,
        committee,
    }
}

/// A date in a (width-normalised) line: the western year in 「（2021年）」 wins, else an era
/// year (令和3年), then 「3月22日」; or 2021/3/22.
pub fn parse_date(norm: &str) -> Option<NaiveDate> {
    let numbers_before = |marker: char| -> Vec<(usize, u32)> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = norm.char_indices().collect();
        for (i, (at, c)) in chars.iter().enumerate() {
            if *c == marker {
                let mut j = i;
                while j > 0 && chars[j - 1].1.is_ascii_digit() {
                    j -= 1;
                }
                if j < i {
                    let digits: String = chars[j..i].iter().map(|(_, c)| c).collect();
                    if let Ok(n) = digits.parse() {
                        out.push((*at, n));
                    }
                } else if j > 0 && chars[j - 1].1 == '元' {
                    out.push((*at, 1));
                }
            }
        }
        out
    };
    let years = numbers_before('年');
    let western = years.iter().find(|(_, n)| *n >= 1900).map(|(_, n)| *n);
    let era = || {
        for (name, first) in [("令和", 2019), ("平成", 1989), ("昭和", 1926)] {
            if let Some(at) = norm.find(name)
                && let Some((_, n)) = years.iter().find(|(pos, _)| *pos > at)
            {
                return Some(first + n - 1);
            }
        }
        None
    };
    let year = western.or_else(era);
    let month = numbers_before('月').first().map(|(_, n)| *n);
    let day = numbers_before('日').first().map(|(_, n)| *n);
    if let (Some(year), Some(month), Some(day)) = (year, month, day) {
        return NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day);
    }
    let token = norm.split_whitespace().find(|t| t.contains(['/', '-']))?;
    let parts: Vec<u32> = token
        .split(['/', '-'])
        .filter_map(|p| p.parse().ok())
        .collect();
    match parts[..] {
        [y, m, d] if y >= 1900 => NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d),
        _ => None,
    }
}

/// Times of day in a (width-normalised) line, as `HH:MM`: 「午後2時00分」, 「14時」, 「14:00」,
/// 「10時半」, 「正午」. The first is the start, the second the end.
pub fn parse_times(norm: &str) -> Vec<String> {
    let chars: Vec<char> = norm.chars().collect();
    let mut times = Vec::new();
    let mut i = 0;
    let mut half: Option<bool> = None;
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        if rest.starts_with("正午") {
            times.push("12:00".to_string());
            i += 2;
            continue;
        }
        if rest.starts_with("午前") || rest.starts_with("午後") {
            half = Some(rest.starts_with("午後"));
            i += 2;
            continue;
        }
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let digits: String = chars[i..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            let j = i + digits.len();
            let hour: u32 = digits.parse().unwrap_or(99);
            let mut minute = None;
            let mut k = j;
            match chars.get(j) {
                Some('時') => {
                    let m: String = chars[j + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .collect();
                    k = j + 1 + m.len();
                    if chars.get(j + 1) == Some(&'半') {
                        minute = Some(30);
                        k = j + 2;
                    } else if m.is_empty() {
                        minute = Some(0);
                    } else {
                        minute = m.parse().ok();
                        if chars.get(k) == Some(&'分') {
                            k += 1;
                        }
                    }
                }
                Some(':') => {
                    let m: String = chars[j + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .collect();
                    if m.len() == 2 {
                        minute = m.parse().ok();
                        k = j + 3;
                    }
                }
                _ => {}
            }
            if let Some(minute) = minute {
                let hour = match half {
                    Some(true) if hour < 12 => hour + 12,
                    _ => hour,
                };
                if hour < 24 && minute < 60 {
                    times.push(format!("{hour:02}:{minute:02}"));
                }
                half = None;
                i = k.max(i + 1);
                continue;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    // 「午後3時から5時まで」: the end keeps the afternoon of the start.
    if let [start, end, ..] = &mut times[..]
        && end.as_str() < start.as_str()
        && let Some(hour) = end.get(..2).and_then(|h| h.parse::<u32>().ok())
        && hour < 12
    {
        *end = format!("{:02}{}", hour + 12, &end[2..]);
    }
    times
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_times_and_dates() {
        let header =
            parse_title("令和2年度（2020年度）第1回熊本市市役所改革推進委員会 議事録（要旨）");
        assert_eq!(header.fiscal_year, Some(FiscalYear(2020)));
        assert_eq!(header.number, Some(1));
        assert_eq!(header.committee, "熊本市市役所改革推進委員会");
        let header = parse_title("2023年度 第2次計画推進会議 会議録");
        assert_eq!(
            (header.fiscal_year, header.number),
            (Some(FiscalYear(2023)), None)
        );
        assert_eq!(header.committee, "第2次計画推進会議");
        let header = parse_title("平成24年度 第4回 佐渡市行政改革推進委員会会議 結果");
        assert_eq!(header.committee, "佐渡市行政改革推進委員会");
        assert_eq!(header.number, Some(4));
        let header = parse_title("第5回岐阜市行財政改革推進会議(令和2年2月21日)");
        assert_eq!(header.title, "第5回岐阜市行財政改革推進会議");
        assert_eq!(header.committee, "岐阜市行財政改革推進会議");
        assert_eq!(
            parse_times("午後2時00分から午後3時30分まで"),
            ["14:00", "15:30"]
        );
        assert_eq!(
            parse_times("午後3時00分から5時00分まで"),
            ["15:00", "17:00"]
        );
        assert_eq!(parse_times("10時半～正午"), ["10:30", "12:00"]);
        assert_eq!(parse_times("13:30-15:00"), ["13:30", "15:00"]);
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(
            parse_date(&normalize_width("令和３年３月２２日（月）")),
            date(2021, 3, 22)
        );
        assert_eq!(parse_date("令和元年5月7日"), date(2019, 5, 7));
        assert_eq!(parse_date("2024/2/5 (月)"), date(2024, 2, 5));
        assert_eq!(
            parse_date("平成29年2月7日(火) 14時00分~15時40分"),
            date(2017, 2, 7)
        );
    }
}
