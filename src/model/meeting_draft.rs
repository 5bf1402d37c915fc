//! A new draft meeting from a short header: the committee's roster becomes the attendee
//! list, the secretariat joins as an ad-hoc attendee. Shared by `kaikaku meeting new` and the
//! TUI's meeting form, so both prepare meetings the same way.

use chrono::NaiveDate;

use super::fiscal_year::FiscalYear;
use super::meeting::{AgendaItem, Attendance, Attendee, Material, Meeting, MeetingStatus};
use super::settings::Committee;

/// What the secretariat fills in before a meeting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub date: Option<NaiveDate>,
    pub title: String,
    pub number: Option<u32>,
    pub place: String,
    pub start: Option<String>,
    /// (id as printed, title)
    pub materials: Vec<(String, String)>,
    pub agenda: Vec<String>,
    /// Who speaks for the secretariat, e.g. 改革推進課長.
    pub secretariat: String,
}

/// The id a meeting gets: `<date>-<committee>[-<number>]`.
pub fn meeting_id(date: NaiveDate, committee: &str, number: Option<u32>) -> String {
    format!(
        "{date}-{committee}{}",
        number.map_or(String::new(), |n| format!("-{n}"))
    )
}

/// Builds the draft meeting.
pub fn draft(committee: &Committee, header: &Header, date: NaiveDate) -> Meeting {
    let mut attendees: Vec<Attendee> = committee
        .members
        .iter()
        .map(|member| Attendee {
            id: member.id.clone(),
            name: member.name.clone(),
            role: member.role.clone(),
            member: Some(member.id.clone()),
            label: member.label.clone(),
            department: None,
            attendance: Attendance::Present,
        })
        .collect();
    let secretariat = if header.secretariat.trim().is_empty() {
        "事務局"
    } else {
        header.secretariat.trim()
    };
    attendees.push(Attendee {
        id: "secretariat".into(),
        name: secretariat.to_string(),
        role: "事務局".into(),
        member: None,
        label: None,
        department: None,
        attendance: Attendance::Present,
    });
    Meeting {
        id: meeting_id(date, &committee.id, header.number),
        committee: committee.id.clone(),
        fiscal_year: FiscalYear::containing(date),
        number: header.number,
        title: header.title.clone(),
        date,
        start: header.start.clone(),
        end: None,
        place: header.place.clone(),
        status: MeetingStatus::Draft,
        chair: committee
            .members
            .iter()
            .find(|m| m.role == "会長")
            .map(|m| m.id.clone()),
        secretariat: Some("secretariat".into()),
        attendees,
        materials: header
            .materials
            .iter()
            .map(|(id, title)| Material {
                id: id.clone(),
                title: title.clone(),
                pages: None,
            })
            .collect(),
        agenda: header
            .agenda
            .iter()
            .enumerate()
            .map(|(index, title)| AgendaItem {
                id: format!("a{}", index + 1),
                number: format!("({})", index + 1),
                title: title.clone(),
                nodes: Vec::new(),
                children: Vec::new(),
            })
            .collect(),
        notes: Vec::new(),
        statements: Vec::new(),
    }
}

/// The form's text: one `label: value` per line, materials as `資料1 = title`, agenda items
/// one per line after `次第:`. Written and read here so the two always agree: the labels are
/// in the reader's language, and [`parse_form`] reads either language's labels, so a form
/// begun in one UI language is still read in the other. The values are examples of the
/// city's own data and stay Japanese.
pub fn form_template(date: NaiveDate, lang: super::settings::Language) -> String {
    let [
        date_l,
        title,
        number,
        place,
        start,
        secretariat,
        materials,
        agenda,
    ] = if lang == super::settings::Language::Ja {
        [
            "日付",
            "名称",
            "回",
            "場所",
            "開始",
            "事務局",
            "資料",
            "次第",
        ]
    } else {
        [
            "date",
            "title",
            "number",
            "place",
            "start",
            "secretariat",
            "materials",
            "agenda",
        ]
    };
    format!(
        "{date_l}: {date}\n{title}: 第1回市役所改革推進委員会\n{number}: 1\n{place}: \n{start}: 14:00\n{secretariat}: 事務局\n{materials}: 資料1 = \n{agenda}:\n取組状況について\n"
    )
}

/// Reads the form back; the message names the line that is wrong.
#[allow(clippy::too_many_lines)] // one short check per rule, each said in two languages
pub fn parse_form(text: &str) -> Result<Header, crate::i18n::Text> {
    let mut header = Header::default();
    let mut in_agenda = false;
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        let trimmed = line.trim();
        if in_agenda {
            if !trimmed.is_empty() {
                header.agenda.push(trimmed.to_string());
            }
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        let Some((label, value)) = trimmed.split_once([':', '：']) else {
            return Err(crate::text!(
                "{line_no}行目: 「項目: 値」の形で書いてください",
                "line {line_no}: expected `item: value`"
            ));
        };
        let value = value.trim();
        match label.trim() {
            "日付" | "date" => {
                let normalized = super::fiscal_year::normalize_width(value);
                header.date = Some(NaiveDate::parse_from_str(&normalized, "%Y-%m-%d").map_err(
                    |_| {
                        crate::text!(
                            "{line_no}行目: 日付は YYYY-MM-DD の形で書いてください",
                            "line {line_no}: the date must be YYYY-MM-DD"
                        )
                    },
                )?);
            }
            "名称" | "title" => header.title = value.to_string(),
            "回" | "number" if !value.is_empty() => {
                let normalized = super::fiscal_year::normalize_width(value);
                header.number = Some(
                    normalized
                        .trim_start_matches('第')
                        .trim_end_matches('回')
                        .parse()
                        .map_err(|_| {
                            crate::text!(
                                "{line_no}行目: 回は数字で書いてください",
                                "line {line_no}: the number must be a number"
                            )
                        })?,
                );
            }
            "回" | "number" => {}
            "場所" | "place" => header.place = value.to_string(),
            "開始" | "start" if value.is_empty() => {}
            "開始" | "start" => {
                let normalized = super::fiscal_year::normalize_width(value);
                chrono::NaiveTime::parse_from_str(&normalized, "%H:%M").map_err(|_| {
                    crate::text!(
                        "{line_no}行目: 開始は HH:MM の形で書いてください",
                        "line {line_no}: the start must be HH:MM"
                    )
                })?;
                header.start = Some(normalized);
            }
            "事務局" | "secretariat" => header.secretariat = value.to_string(),
            "資料" | "materials" => {
                for spec in value
                    .split([';', '；'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                {
                    let (id, title) = spec.split_once(['=', '＝']).ok_or_else(|| {
                        crate::text!(
                            "{line_no}行目: 資料は「資料1 = 題名」の形で書いてください",
                            "line {line_no}: materials are written ID = title (資料1 = 題名)"
                        )
                    })?;
                    if !id.trim().is_empty() && !title.trim().is_empty() {
                        header
                            .materials
                            .push((id.trim().to_string(), title.trim().to_string()));
                    }
                }
            }
            "次第" | "agenda" => {
                in_agenda = true;
                if !value.is_empty() {
                    header.agenda.push(value.to_string());
                }
            }
            other => {
                let other = super::sanitize_inline(other);
                return Err(crate::text!(
                    "{line_no}行目: 「{other}」という項目はありません",
                    "line {line_no}: unknown item 「{other}」"
                ));
            }
        }
    }
    if header.date.is_none() {
        return Err(("日付がありません", "the date is missing").into());
    }
    if header.title.trim().is_empty() {
        return Err(("名称がありません", "the title is missing").into());
    }
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_round_trip_and_errors() {
        let date = NaiveDate::from_ymd_opt(2024, 7, 30).expect("date");
        let filled = form_template(date, crate::model::Language::Ja)
            .replace("資料1 = ", "資料1 = 取組状況; 参考資料1 = プラン")
            .replace("場所: ", "場所: 本庁舎14階");
        let header = parse_form(&filled).expect("parses");
        assert_eq!(header.date, Some(date));
        assert_eq!(header.number, Some(1));
        assert_eq!(header.materials.len(), 2);
        assert_eq!(header.agenda, vec!["取組状況について"]);
        assert_eq!(header.place, "本庁舎14階");
        assert!(
            parse_form("日付: 2024/07/30\n名称: x")
                .expect_err("bad date")
                .en
                .starts_with("line 1")
        );
        assert!(parse_form("名称: x").is_err());
        assert!(parse_form("日付: ２０２４-07-30\n名称: x\n回: 第２回").is_ok());
        // The English form (labels in English) reads back to the same header.
        let english = form_template(date, crate::model::Language::En)
            .replace("資料1 = ", "資料1 = 取組状況; 参考資料1 = プラン")
            .replace("place: ", "place: 本庁舎14階");
        assert!(
            english.starts_with("date: 2024-07-30\ntitle: "),
            "{english}"
        );
        assert_eq!(parse_form(&english).expect("parses"), header);
    }
}
