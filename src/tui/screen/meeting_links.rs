//! Meeting mode's link choice: what the next statement is linked to (plan node, material,
//! page, agenda item), set with one key each and journalled by the session; and relinking a
//! recorded statement with the same node picker.
//!
//! Nothing is linked unless the typist chose it. The material, page and agenda item are
//! typed into a one-line input as printed (「資料1」 or just 「1」, 「3」 or 「3-4」, 「(2)」 or
//! words of the title; full-width digits as typed with the IME on); an empty input clears
//! that part. What is typed must name something the minutes hold, so `kaikaku check` never
//! finds a dangling reference a typist made in the meeting.

use crate::model::Meeting;
use crate::model::meeting::NodeLink;
use crate::search::fold::fold;
use crate::store::journal::LinkChoice;
use crate::tui::command::Command;
use crate::tui::core::Core;
use crate::tui::dialog::node_picker::NodeOption;
use crate::tui::dialog::{Dialog, InputPurpose, LineInput, LinkField, LinkTarget, NodePicker};
use crate::tui::msg::Msg;
use crate::tui::outcome::Outcome;

use super::meeting::{Session, said};

/// The link keys of meeting mode: the node picker (Ctrl-L: for the next statement while
/// typing, a relink in the list), the material, page and agenda inputs, the pin.
pub fn command(core: &mut Core, session: &mut Session, command: Command) -> Outcome {
    match command {
        Command::LinkNode => open_picker(core, session, false),
        Command::RelinkStatement => open_picker(core, session, true),
        Command::ChooseMaterial => open_input(core, session, LinkField::Material),
        Command::ChoosePage => open_input(core, session, LinkField::Page),
        Command::ChooseAgenda => open_input(core, session, LinkField::Agenda),
        Command::PinLinks => said(toggle_pin(core, session)),
        _ => Outcome::Done,
    }
}

/// Every node of every plan, the shown plan first, as picker options.
fn node_options(core: &Core) -> Vec<NodeOption> {
    let plans = &core.workspace.plans;
    let shown = core.plan_index;
    let order = std::iter::once(shown).chain((0..plans.len()).filter(|&i| i != shown));
    order
        .filter_map(|i| plans.get(i))
        .flat_map(|plan| {
            let plan = &plan.value;
            plan.flatten().into_iter().map(move |flat| {
                NodeOption::new(
                    NodeLink {
                        plan: plan.id.clone(),
                        node: flat.node.id.clone(),
                    },
                    &flat.number,
                    &flat.node.title,
                    flat.depth,
                )
            })
        })
        .collect()
}

/// Ctrl-L: the node picker, for the next statement (typing), the statement being corrected,
/// or, `relink`, the statement selected in the list.
pub fn open_picker(core: &Core, session: &Session, relink: bool) -> Outcome {
    if let Some(reason) = &session.read_only {
        return Outcome::Notify(reason.clone());
    }
    picker(core, session, relink).map_or(Outcome::Done, Outcome::Open)
}

/// The node picker [`open_picker`] opens, if the statement it is for exists.
fn picker(core: &Core, session: &Session, relink: bool) -> Option<Dialog> {
    // While a statement is corrected, Ctrl-L relinks that statement (its links are what the
    // typist sees being edited); in the list, the selected one.
    let statement_id = if relink {
        let meeting = core.workspace.meeting(&session.meeting_id)?;
        Some(meeting.statements.get(session.selected)?.id.clone())
    } else {
        session.editing.clone()
    };
    let (target, current) = if let Some(id) = statement_id {
        let meeting = core.workspace.meeting(&session.meeting_id)?;
        let statement = meeting.statement(&id)?;
        (
            LinkTarget::Statement(statement.id.clone()),
            statement.nodes.first().cloned(),
        )
    } else {
        (LinkTarget::Next, session.links.node.clone())
    };
    let options = node_options(core);
    Some(Dialog::NodePicker(NodePicker::new(
        target, options, current,
    )))
}

/// The picker's choice: the next statement's node, or a relink of a recorded one.
pub fn chosen(
    core: &mut Core,
    session: &mut Session,
    target: LinkTarget,
    link: Option<NodeLink>,
) -> Option<Msg> {
    match target {
        LinkTarget::Next => {
            let links = LinkChoice {
                node: link,
                ..session.links.clone()
            };
            session.set_links(core, links)
        }
        LinkTarget::Statement(id) => session.relink(core, &id, link),
    }
}

/// The text an input for `field` starts with: the current choice as printed.
fn current_text(meeting: &Meeting, links: &LinkChoice, field: LinkField) -> String {
    match field {
        LinkField::Material => links.material.clone().unwrap_or_default(),
        LinkField::Page => links.page.clone().unwrap_or_default(),
        LinkField::Agenda => links
            .agenda
            .as_deref()
            .and_then(|id| meeting.agenda_items().into_iter().find(|a| a.id == id))
            .map(|a| {
                if a.number.is_empty() {
                    a.title.clone()
                } else {
                    a.number.clone()
                }
            })
            .unwrap_or_default(),
    }
}

/// Alt-Shift-M / P / A: a one-line input for the material, page or agenda item.
pub fn open_input(core: &Core, session: &Session, field: LinkField) -> Outcome {
    if let Some(reason) = &session.read_only {
        return Outcome::Notify(reason.clone());
    }
    let Some(meeting) = core.workspace.meeting(&session.meeting_id) else {
        return Outcome::Done;
    };
    let lang = core.lang;
    if field == LinkField::Page && session.links.material.is_none() {
        return Outcome::Notify(
            lang.pick(
                "先に資料を指定してください（Alt-Shift-M）",
                "Choose the material first (Alt-Shift-M)",
            )
            .into(),
        );
    }
    let text = current_text(meeting, &session.links, field);
    Outcome::Open(Dialog::Input(LineInput::new(
        InputPurpose::MeetingLink(field),
        text,
    )))
}

/// The input's text, resolved against the minutes: the choice journalled, or the input
/// back with why the text names nothing.
pub fn submit_input(
    core: &mut Core,
    session: &mut Session,
    input: LineInput<InputPurpose>,
    field: LinkField,
    text: &str,
) -> Outcome {
    let lang = core.lang;
    let Some(meeting) = core.workspace.meeting(&session.meeting_id) else {
        return Outcome::Done;
    };
    let mut links = session.links.clone();
    let resolved = match field {
        LinkField::Material => resolve_material(meeting, text, lang).map(|material| {
            if material != links.material {
                links.page = None;
            }
            links.material = material;
        }),
        LinkField::Page => {
            let pages = links
                .material
                .as_deref()
                .and_then(|id| meeting.materials.iter().find(|m| m.id == id))
                .and_then(|m| m.pages);
            resolve_page(text, pages, lang).map(|page| links.page = page)
        }
        LinkField::Agenda => {
            resolve_agenda(meeting, text, lang).map(|agenda| links.agenda = agenda)
        }
    };
    if let Err(message) = resolved {
        return Outcome::Open(Dialog::Input(input.with_error(message)));
    }
    said(session.set_links(core, links))
}

/// Alt-Shift-L: the choice stays for every following statement, or applies to the next only.
pub fn toggle_pin(core: &mut Core, session: &mut Session) -> Option<Msg> {
    let lang = core.lang;
    if let Some(reason) = &session.read_only {
        return Some(Msg::Notify(reason.clone()));
    }
    let links = LinkChoice {
        pinned: !session.links.pinned,
        ..session.links.clone()
    };
    let pinned = links.pinned;
    session.set_links(core, links).or_else(|| {
        Some(Msg::Notify(
            if pinned {
                lang.pick(
                    "リンクを固定しました（以後の発言すべてに）",
                    "Links pinned (every following statement)",
                )
            } else {
                lang.pick(
                    "リンクの固定を解除しました（次の発言のみ）",
                    "Links unpinned (the next statement only)",
                )
            }
            .into(),
        ))
    })
}

/// Folded, without spaces: how typed and stored names are compared.
fn key(text: &str) -> String {
    fold(text).split_whitespace().collect()
}

/// A material id as typed: 「資料1」, 「１」 (then 「資料1」), or words of its title.
pub fn resolve_material(
    meeting: &Meeting,
    text: &str,
    lang: crate::model::Language,
) -> Result<Option<String>, String> {
    let typed = key(text);
    if typed.is_empty() {
        return Ok(None);
    }
    let found = meeting
        .materials
        .iter()
        .find(|m| key(&m.id) == typed || key(&m.id) == key(&format!("資料{typed}")))
        .or_else(|| {
            meeting
                .materials
                .iter()
                .find(|m| key(&m.title).contains(&typed))
        });
    found.map(|m| Some(m.id.clone())).ok_or_else(|| {
        let ids: Vec<&str> = meeting.materials.iter().map(|m| m.id.as_str()).collect();
        format!(
            "{}: {}",
            lang.pick(
                "その資料はこの会議にありません",
                "No such material in this meeting"
            ),
            if ids.is_empty() {
                lang.pick(
                    "（資料なし。meeting edit --material で追加）",
                    "(none; add one with meeting edit --material)",
                )
                .to_string()
            } else {
                ids.join(" ")
            }
        )
    })
}

/// A page as printed: 「3」, 「3-4」 (also 「P3」, 「３～４」); within the material's pages when
/// they are known.
pub fn resolve_page(
    text: &str,
    pages: Option<u32>,
    lang: crate::model::Language,
) -> Result<Option<String>, String> {
    let typed = key(text).replace(['~', '～', '〜', '−'], "-");
    let typed = typed.trim_start_matches(['p', '.']).to_string();
    if typed.is_empty() {
        return Ok(None);
    }
    let numbers: Vec<Option<u32>> = typed.split('-').map(|n| n.parse::<u32>().ok()).collect();
    let valid = match numbers.as_slice() {
        [Some(a)] => *a >= 1 && pages.is_none_or(|n| *a <= n),
        [Some(a), Some(b)] => *a >= 1 && a < b && pages.is_none_or(|n| *b <= n),
        _ => false,
    };
    if valid {
        Ok(Some(typed))
    } else {
        Err(match pages {
            Some(n) => format!(
                "{} 1–{n}",
                lang.pick(
                    "ページは数字か「3-4」の形で。この資料は",
                    "A page is a number or a range like 3-4; this material has pages"
                )
            ),
            None => lang
                .pick(
                    "ページは数字か「3-4」の形で入力してください",
                    "A page is a number or a range like 3-4",
                )
                .to_string(),
        })
    }
}

/// An agenda item as typed: its number (「(2)」, 「2」, 「②」), its id, or words of its title.
pub fn resolve_agenda(
    meeting: &Meeting,
    text: &str,
    lang: crate::model::Language,
) -> Result<Option<String>, String> {
    let bare = |t: &str| key(t).trim_matches(['(', ')', '（', '）']).to_string();
    let typed = bare(text);
    if typed.is_empty() {
        return Ok(None);
    }
    let items = meeting.agenda_items();
    let found = items
        .iter()
        .find(|a| (!a.number.is_empty() && bare(&a.number) == typed) || key(&a.id) == typed)
        .or_else(|| items.iter().find(|a| key(&a.title).contains(&typed)));
    found.map(|a| Some(a.id.clone())).ok_or_else(|| {
        let list: Vec<String> = items
            .iter()
            .map(|a| format!("{}{}", a.number, a.title))
            .collect();
        format!(
            "{}: {}",
            lang.pick(
                "その議題はこの会議にありません",
                "No such agenda item in this meeting"
            ),
            crate::model::sanitize_inline(&list.join(" / "))
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    fn meeting() -> Meeting {
        crate::store::canonical::options()
            .from_str(
                r#"(id: "m", committee: "c", fiscal_year: 2024, title: "t", date: "2024-07-30",
                materials: [(id: "資料1", title: "取組状況", pages: Some(12)),
                            (id: "資料2", title: "DX推進計画")],
                agenda: [(id: "a1", number: "(1)", title: "取組状況について"),
                         (id: "a2", title: "その他")])"#,
            )
            .expect("meeting")
    }

    #[test]
    fn materials_are_found_as_printed_by_number_or_title() {
        let m = meeting();
        let en = Language::En;
        assert_eq!(resolve_material(&m, "資料1", en), Ok(Some("資料1".into())));
        assert_eq!(resolve_material(&m, "２", en), Ok(Some("資料2".into())));
        assert_eq!(resolve_material(&m, "dx", en), Ok(Some("資料2".into())));
        assert_eq!(resolve_material(&m, " ", en), Ok(None), "empty clears");
        let refused = resolve_material(&m, "資料9", en).expect_err("no such material");
        assert!(refused.contains("資料1 資料2"), "{refused}");
    }

    #[test]
    fn pages_are_numbers_or_ranges_within_the_material() {
        let en = Language::En;
        assert_eq!(resolve_page("3", Some(12), en), Ok(Some("3".into())));
        assert_eq!(
            resolve_page("Ｐ３～４", Some(12), en),
            Ok(Some("3-4".into()))
        );
        assert_eq!(resolve_page("", Some(12), en), Ok(None));
        for wrong in ["13", "0", "4-3", "三", "3-"] {
            assert!(resolve_page(wrong, Some(12), en).is_err(), "{wrong}");
        }
        assert_eq!(resolve_page("99", None, en), Ok(Some("99".into())));
    }

    #[test]
    fn agenda_items_are_found_by_number_id_or_title() {
        let m = meeting();
        let ja = Language::Ja;
        assert_eq!(resolve_agenda(&m, "1", ja), Ok(Some("a1".into())));
        assert_eq!(resolve_agenda(&m, "（１）", ja), Ok(Some("a1".into())));
        assert_eq!(resolve_agenda(&m, "その他", ja), Ok(Some("a2".into())));
        assert_eq!(resolve_agenda(&m, "a2", ja), Ok(Some("a2".into())));
        assert!(resolve_agenda(&m, "予算", ja).is_err());
    }
}
