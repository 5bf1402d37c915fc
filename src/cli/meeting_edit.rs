//! `kaikaku meeting edit ID …`: the header of a draft meeting after creation (end time,
//! place, attendance, officials, materials with pages, agenda). The flags become
//! [`HeaderOp`]s applied together; the result is checked like `kaikaku check` would and
//! written atomically, or nothing is written.

use super::meeting::{EditArgs, known_meeting, localized};
use super::{CliError, CliResult, Context};
use crate::model::meeting_edit::{self, HeaderOp, How};
use crate::model::{Language, sanitize_inline};

pub fn edit(context: &Context, args: &EditArgs) -> CliResult {
    let (mut workspace, _lock) = context.open_for_write()?;
    let lang = context.language(&workspace);
    let ops = operations(args, lang)?;
    let stored = known_meeting(&workspace, &args.id)?.clone();
    let mut meeting = stored.clone();
    meeting_edit::apply(&mut meeting, &ops).map_err(|e| {
        CliError::usage(
            sanitize_inline(&crate::i18n::Localize::message(&e, lang)),
            Some(lang.pick(
                "何も書き込んでいません。`kaikaku meeting edit --help` に書式があります",
                "nothing was written; `kaikaku meeting edit --help` shows the forms",
            )),
        )
    })?;
    // The lifecycle first: confirmed minutes get that reason, not a validation detail.
    crate::model::lifecycle::check_save(&stored, &meeting)
        .map_err(|e| localized(lang, e.into()))?;
    if meeting == stored {
        super::print(&format!(
            "kaikaku: {}\n",
            lang.pick("変更はありません", "nothing to change")
        ));
        return Ok(());
    }
    let problems = workspace.problems_before_saving_meeting(&meeting)?;
    if !problems.is_empty() {
        for problem in &problems {
            super::eprint_line(&problem.render(lang));
        }
        let count = problems.len();
        return Err(CliError::problems(lang.pick(
            &format!("会議に問題が {count} 件あるため、何も書き込んでいません"),
            &format!("{count} problem(s) in the meeting; nothing was written"),
        )));
    }
    workspace
        .save_meeting(meeting)
        .map_err(|e| localized(lang, e))?;
    super::print(&format!(
        "kaikaku: {}\n",
        lang.pick(
            &format!("会議 {} を更新しました", args.id),
            &format!("meeting {} updated", args.id),
        )
    ));
    Ok(())
}

/// The flags as operations, in the order the help lists them.
fn operations(args: &EditArgs, lang: Language) -> Result<Vec<HeaderOp>, CliError> {
    let mut ops = Vec::new();
    if let Some(title) = &args.title {
        ops.push(HeaderOp::Title(title.clone()));
    }
    if let Some(place) = &args.place {
        ops.push(HeaderOp::Place(place.clone()));
    }
    if let Some(start) = &args.start {
        ops.push(HeaderOp::Start(Some(start.clone())));
    }
    if let Some(end) = &args.end {
        ops.push(HeaderOp::End(Some(end.clone())));
    }
    for spec in &args.attendance {
        ops.push(attendance(spec, lang)?);
    }
    for spec in &args.officials {
        ops.push(official(spec, lang)?);
    }
    for spec in &args.materials {
        ops.push(material(spec, lang)?);
    }
    ops.extend(args.agenda.iter().cloned().map(HeaderOp::Agenda));
    ops.extend(args.remove.iter().cloned().map(HeaderOp::Remove));
    Ok(ops)
}

fn bad(flag: &str, spec: &str, example: &str, lang: Language) -> CliError {
    CliError::usage(
        lang.pick(
            &format!("--{flag} {} の書式が違います", sanitize_inline(spec)),
            &format!(
                "--{flag} {} is not in the expected form",
                sanitize_inline(spec)
            ),
        ),
        Some(&format!("{} {example}", lang.pick("例:", "e.g."))),
    )
}

fn attendance(spec: &str, lang: Language) -> Result<HeaderOp, CliError> {
    let example = "--attendance kato=absent, kato=online, kato=proxy:山田花子";
    let normal = spec.replace('：', ":").replace('＝', "=");
    let (id, how) = normal
        .split_once('=')
        .ok_or_else(|| bad("attendance", spec, example, lang))?;
    let how = match how.trim() {
        "present" | "出席" => How::Present,
        "absent" | "欠席" => How::Absent,
        "online" | "オンライン" => How::Online,
        other => match other
            .strip_prefix("proxy:")
            .or_else(|| other.strip_prefix("代理:"))
        {
            Some(name) if !name.trim().is_empty() => How::Proxy(name.trim().to_string()),
            _ => return Err(bad("attendance", spec, example, lang)),
        },
    };
    Ok(HeaderOp::Attendance {
        attendee: id.trim().to_string(),
        how,
    })
}

fn official(spec: &str, lang: Language) -> Result<HeaderOp, CliError> {
    // The CLI asks for the role's colon, so a name alone is taken for a typo.
    let has_role = spec.contains(':') || spec.contains('：');
    meeting_edit::parse_official(spec)
        .filter(|_| has_role)
        .ok_or_else(|| bad("official", spec, "--official 田中一郎:説明員:総務局", lang))
}

fn material(spec: &str, lang: Language) -> Result<HeaderOp, CliError> {
    meeting_edit::parse_material(spec)
        .ok_or_else(|| bad("material", spec, "--material 資料2=DX推進計画:12", lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_read_in_ascii_and_as_typed_with_the_ime() {
        assert_eq!(
            attendance("kato＝代理：山田花子", Language::Ja).ok(),
            Some(HeaderOp::Attendance {
                attendee: "kato".into(),
                how: How::Proxy("山田花子".into())
            })
        );
        assert!(attendance("kato=late", Language::En).is_err());
        assert!(attendance("kato=proxy:", Language::En).is_err());
        assert_eq!(
            official("田中一郎:説明員:総務局", Language::En).ok(),
            Some(HeaderOp::Official {
                name: "田中一郎".into(),
                role: "説明員".into(),
                department: Some("総務局".into())
            })
        );
        assert!(official("田中一郎", Language::En).is_err());
        assert_eq!(
            material("資料2=DX計画:１２", Language::En).ok(),
            Some(HeaderOp::Material {
                id: "資料2".into(),
                title: "DX計画".into(),
                pages: Some(12)
            })
        );
        assert_eq!(
            material("資料3=比較:A案", Language::En).ok(),
            Some(HeaderOp::Material {
                id: "資料3".into(),
                title: "比較:A案".into(),
                pages: None
            })
        );
    }
}
