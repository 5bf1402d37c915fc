//! The help overlay's content and geometry: every key in effect, from the keymap, grouped in
//! sections with the current focus's layer first, laid out in as many columns as the width
//! holds and scrolled when it is taller than the screen. Shared by the view (which draws
//! it) and the update (which clamps the scroll), so both agree on how many lines there are;
//! no drawing here.

use ratatui::layout::Rect;

use super::app::{App, Screen};
use super::command::Command;
use super::keymap::LIST_NAVIGATION;
use super::popup::centered;
use crate::model::Language;

/// A titled group of (keys, what they do) rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub rows: Vec<(String, String)>,
}

/// One drawn line of the help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    /// A section title across the whole width.
    Heading(String),
    /// One line of each column: (keys part, text part), already wrapped to the section's
    /// key and text widths.
    Entries {
        key_width: usize,
        text_width: usize,
        cells: Vec<(String, String)>,
    },
}

/// The overlay laid out for a screen size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpLayout {
    /// Where the box goes (borders included).
    pub popup: Rect,
    pub lines: Vec<HelpLine>,
    /// Lines visible at once (inside the borders).
    pub visible: usize,
}

impl HelpLayout {
    /// The largest useful scroll offset.
    pub fn max_scroll(&self) -> usize {
        self.lines.len().saturating_sub(self.visible)
    }
}

/// Narrowest a column may be: keys and a short description side by side.
const MIN_COLUMN: usize = 34;
/// Widest the box grows on a large terminal (three columns).
const MAX_WIDTH: u16 = 150;

/// The help for the app in its current state, laid out in the screen's body (the terminal
/// minus the tab and status bars).
pub fn layout(app: &App, body: Rect) -> HelpLayout {
    let sections = sections(app);
    let width = body.width.saturating_sub(2).clamp(10, MAX_WIDTH);
    let inner = usize::from(width.saturating_sub(2));
    let columns = (inner / MIN_COLUMN).clamp(1, 3);
    let column = inner.saturating_sub(2 * (columns - 1)) / columns;
    let mut lines = Vec::new();
    for section in &sections {
        lines.push(HelpLine::Heading(section.title.clone()));
        // Each section's key column is as wide as its longest single key name, so that a
        // key never breaks inside (`alt-shift-enter`) and one long key does not squeeze the
        // descriptions of every other section; several keys of one command wrap between
        // names.
        let widest_key = section
            .rows
            .iter()
            .flat_map(|(k, _)| k.split(' '))
            .map(crate::text::width)
            .max()
            .unwrap_or(4);
        let widest_keys = section
            .rows
            .iter()
            .map(|(k, _)| crate::text::width(k))
            .max()
            .unwrap_or(4);
        let key_width = widest_keys
            .min(column * 9 / 20)
            .max(widest_key.min(column / 2))
            .max(4);
        let text_width = column.saturating_sub(key_width + 1).max(4);
        for chunk in section.rows.chunks(columns) {
            // Keys and text wrap inside their cells (kinsoku rules), so nothing is cut; the
            // row is as tall as its tallest cell.
            let cells: Vec<(Vec<String>, Vec<String>)> = chunk
                .iter()
                .map(|(keys, text)| {
                    (
                        crate::text::wrap_kinsoku(keys, key_width),
                        crate::text::wrap_kinsoku(text, text_width),
                    )
                })
                .collect();
            let height = cells
                .iter()
                .map(|(k, t)| k.len().max(t.len()))
                .max()
                .unwrap_or(1);
            for line in 0..height {
                lines.push(HelpLine::Entries {
                    key_width,
                    text_width,
                    cells: cells
                        .iter()
                        .map(|(k, t)| {
                            (
                                k.get(line).cloned().unwrap_or_default(),
                                t.get(line).cloned().unwrap_or_default(),
                            )
                        })
                        .collect(),
                });
            }
        }
    }
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(body.height);
    let popup = centered(body, width, height);
    HelpLayout {
        popup,
        visible: usize::from(popup.height.saturating_sub(2)).max(1),
        lines,
    }
}

/// The body area for a terminal size: below the tab bar, above the status bar.
pub fn body_for(size: (u16, u16)) -> Rect {
    Rect::new(0, 1, size.0, size.1.saturating_sub(2))
}

/// The sections in effect: on the meeting screen its two layers (the one in use first),
/// then the screen keys; elsewhere the screen keys, then the keys of dialogs and of meeting
/// mode for reference. The help's own keys come last.
pub fn sections(app: &App) -> Vec<Section> {
    let lang = app.core.lang;
    let mut out = Vec::new();
    let meeting = app.screen == Screen::Meeting && app.session.is_some();
    if meeting {
        let typing = app.session.as_ref().is_some_and(|s| s.typing);
        let (first, second) = (typing_section(app), list_section(app));
        if typing {
            out.extend([first, second]);
        } else {
            out.extend([second, first]);
        }
        out.push(screen_section(app, true));
    } else {
        out.push(screen_section(app, false));
        out.push(dialog_section(lang));
        out.push(typing_section(app));
        out.push(list_section(app));
    }
    out.push(Section {
        title: lang.pick("ヘルプ", "This help").into(),
        rows: vec![
            (
                "j k ↑ ↓".into(),
                lang.pick("1行スクロール", "Scroll a line").into(),
            ),
            (
                "PgUp PgDn Home End".into(),
                lang.pick("ページ・先頭・末尾", "Page, top, end").into(),
            ),
            ("Esc ? q".into(), lang.pick("閉じる", "Close").into()),
        ],
    });
    out
}

/// (keys, what they do) for a command, in the current language.
fn described(lang: Language, keys: String, command: Command) -> (String, String) {
    let (ja, en) = command.describe();
    (keys, lang.pick(ja, en).to_string())
}

/// Rows of one layer grouped by command (all keys of a command on one row), in order.
fn grouped(rows: Vec<(String, Command)>) -> Vec<(String, Command)> {
    let mut out: Vec<(String, Command)> = Vec::new();
    for (key, command) in rows {
        match out.iter_mut().find(|(_, c)| *c == command) {
            Some((keys, _)) => {
                keys.push(' ');
                keys.push_str(&key);
            }
            None => out.push((key, command)),
        }
    }
    out
}

/// The screen keys; on the meeting screen only those the statement list leaves to the
/// screens: not the navigation it keeps (listed with it), not a key its own layer binds,
/// and no printable key (those go back to the editor and are typed).
fn screen_section(app: &App, in_meeting: bool) -> Section {
    let lang = app.core.lang;
    let list_keys: Vec<String> = app
        .keymap
        .meeting_help_rows()
        .into_iter()
        .map(|(key, _)| key)
        .collect();
    let applies =
        |key: &str| !in_meeting || (!printable(key) && !list_keys.iter().any(|k| k == key));
    let rows = app
        .keymap
        .help_rows()
        .into_iter()
        .filter(|(_, command)| !in_meeting || !LIST_NAVIGATION.contains(command))
        .filter_map(|(keys, command)| {
            let keys: Vec<&str> = keys.split(' ').filter(|k| applies(k)).collect();
            (!keys.is_empty()).then(|| described(lang, keys.join(" "), command))
        })
        .collect();
    Section {
        title: if in_meeting {
            lang.pick(
                "会議画面で効く画面のキー",
                "Screen keys that work on the meeting screen",
            )
        } else {
            lang.pick("画面のキー", "Screen keys")
        }
        .into(),
        rows,
    }
}

/// A key name that types a character (`a`, `?`, `shift-n`, `space`) rather than a named
/// or modified key (`tab`, `ctrl-r`, `pageup`).
fn printable(key: &str) -> bool {
    let base = key.strip_prefix("shift-").unwrap_or(key);
    base == "space" || base.chars().count() == 1
}

/// Meeting mode while typing: the typing layer, the Alt-chords, and what other keys do.
fn typing_section(app: &App) -> Section {
    let lang = app.core.lang;
    let mut rows: Vec<(String, String)> = grouped(app.keymap.typing_help_rows())
        .into_iter()
        .map(|(keys, command)| described(lang, keys, command))
        .collect();
    rows.extend(chord_rows(lang));
    rows.push((
        lang.pick("他のキー", "other keys").into(),
        lang.pick("エディタへ入力", "Typed into the editor").into(),
    ));
    Section {
        title: lang
            .pick("会議: 入力中", "Meeting: typing a statement")
            .into(),
        rows,
    }
}

/// Meeting mode's Alt-chords, which work while typing and in the list alike.
fn chord_rows(lang: Language) -> Vec<(String, String)> {
    let kinds: String = crate::tui::screen::meeting::KIND_KEYS
        .iter()
        .map(|(key, _)| key.to_string())
        .collect::<Vec<_>>()
        .join("/");
    vec![
        (
            "alt-1…9 alt-0".to_string(),
            lang.pick("発言者（入力中・一覧とも）", "Speaker (typing and list)")
                .to_string(),
        ),
        (
            format!("alt-{kinds}"),
            lang.pick(
                "発言の種別（記録欄の一覧）",
                "Statement kind (see the pane)",
            )
            .to_string(),
        ),
        described(lang, "alt-n".to_string(), Command::ToggleNeedsResponse),
    ]
}

/// The screen switches.
const SCREENS: &[Command] = &[
    Command::ShowDashboard,
    Command::ShowTree,
    Command::ShowKpi,
    Command::ShowMeeting,
    Command::ShowHistory,
    Command::ShowReview,
];

/// Meeting mode's statement list: its own layer, then the screen keys it keeps.
fn list_section(app: &App) -> Section {
    let lang = app.core.lang;
    let mut rows: Vec<(String, String)> = grouped(app.keymap.meeting_help_rows())
        .into_iter()
        .map(|(keys, command)| described(lang, keys, command))
        .collect();
    let kept: Vec<(String, Command)> = app
        .keymap
        .help_rows()
        .into_iter()
        .filter(|(_, command)| LIST_NAVIGATION.contains(command))
        .collect();
    // The six screen keys on one row: the screen section below names each.
    let screens: Vec<&str> = kept
        .iter()
        .filter(|(_, c)| SCREENS.contains(c))
        .map(|(k, _)| k.as_str())
        .collect();
    if !screens.is_empty() {
        rows.push((
            screens.join(" "),
            lang.pick("画面の切替", "Switch screen").into(),
        ));
    }
    rows.extend(
        kept.iter()
            .filter(|(_, c)| !SCREENS.contains(c))
            .map(|(keys, command)| described(lang, keys.clone(), *command)),
    );
    rows.push((
        lang.pick("他の文字", "other letters").into(),
        lang.pick("入力に戻って入力", "Back to the editor, typed")
            .into(),
    ));
    Section {
        title: lang
            .pick(
                "会議: 発言一覧（Esc で移動）",
                "Meeting: statement list (Esc)",
            )
            .into(),
        rows,
    }
}

/// The keys every one-line input, choice list and confirmation takes (fixed, not from the
/// keymap: see `events.rs`).
fn dialog_section(lang: Language) -> Section {
    let row = |keys: &str, ja: &str, en: &str| (keys.to_string(), lang.pick(ja, en).to_string());
    Section {
        title: lang
            .pick("入力欄・選択・確認", "Inputs, choices, confirmations")
            .into(),
        rows: vec![
            row("enter", "決定・保存", "Accept / save"),
            row("esc", "取消", "Cancel"),
            row(
                "ctrl-u",
                "入力を消去（カーソルまで）",
                "Clear to the cursor",
            ),
            row("ctrl-w", "直前の語を消去", "Delete the word before"),
            row("left right", "カーソル移動", "Move the cursor"),
            row("up down", "候補・選択肢を選ぶ", "Choose a result or option"),
            row("ctrl-s", "複数行の入力を保存", "Save a multi-line editor"),
            row("y / n", "確認に はい / いいえ", "Answer a confirmation"),
        ],
    }
}
