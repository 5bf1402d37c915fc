//! A list filtered by typing: the speaker picker and the meeting list of meeting mode.
//!
//! Each entry carries the words it is found by (name, printed label, role, department,
//! reading, id …), folded once with the search's folding (`crate::search::fold`: full-width
//! digits and letters, katakana and hiragana, case), so 「さわだ」, 「サワダ」, `sawa` and
//! 「会長」 all find 澤田会長. Every word of the query must occur in the entry; the list keeps
//! its own order (attendee order, newest meeting first), which is the order the secretariat
//! knows, rather than a fuzzy score that reorders the room while one types.

use super::Step;
use super::line_input::edit_line;
use crate::search::fold;
use crate::tui::command::Command;
use crate::tui::msg::Msg;

/// What a picker is for: what choosing an entry means is decided by the screen that opened
/// it ([`crate::tui::screen::meeting`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickerPurpose {
    /// The speaker of the statement being typed in this meeting.
    Speaker { meeting: String },
    /// A meeting to open in meeting mode.
    Meeting,
}

/// One entry of a picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickEntry {
    /// What `Done` carries (an attendee id, a meeting id).
    pub id: String,
    /// A short key shown before the label (`Alt-3`), if any.
    pub key: Option<String>,
    /// The main line (file text: the view sanitises it).
    pub label: String,
    /// Dimmed text after the label: role, department, status …
    pub detail: String,
    /// Marks the current choice (the speaker now, the meeting open now).
    pub current: bool,
    /// The folded words the entry is found by.
    words: String,
}

impl PickEntry {
    /// An entry found by its label, its detail and the `extra` words (id, reading …).
    pub fn new(
        id: impl Into<String>,
        label: impl Into<String>,
        detail: impl Into<String>,
        extra: &[&str],
    ) -> Self {
        let (id, label, detail) = (id.into(), label.into(), detail.into());
        let mut words = fold(&label);
        for word in std::iter::once(detail.as_str())
            .chain(std::iter::once(id.as_str()))
            .chain(extra.iter().copied())
        {
            words.push(' ');
            words.push_str(&fold(word));
        }
        PickEntry {
            id,
            key: None,
            label,
            detail,
            current: false,
            words,
        }
    }

    /// The same entry with a key shown before it.
    #[must_use]
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// The same entry, marked as the current choice.
    #[must_use]
    pub fn marked(mut self, current: bool) -> Self {
        self.current = current;
        self
    }

    /// Whether every word of the folded `query` occurs in the entry.
    fn matches(&self, query: &str) -> bool {
        query
            .split_whitespace()
            .all(|word| self.words.contains(word))
    }
}

/// The picker: entries, the typed filter, and the selected line among those shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    pub purpose: PickerPurpose,
    pub entries: Vec<PickEntry>,
    pub query: String,
    /// Index into [`Picker::shown`].
    pub selected: usize,
}

impl Picker {
    /// A picker on `entries`, the current one selected.
    pub fn new(purpose: PickerPurpose, entries: Vec<PickEntry>) -> Self {
        let selected = entries.iter().position(|e| e.current).unwrap_or(0);
        Picker {
            purpose,
            entries,
            query: String::new(),
            selected,
        }
    }

    /// The entries the query lets through, in their order.
    pub fn shown(&self) -> Vec<&PickEntry> {
        let query = fold(&self.query);
        self.entries.iter().filter(|e| e.matches(&query)).collect()
    }

    /// Typing filters (the selection goes to the first entry shown), Up/Down move, Enter picks
    /// the selected entry's id; Esc cancels. Enter with nothing shown stays open, so a typo
    /// is corrected rather than closing the list.
    pub fn handle(&mut self, msg: &Msg) -> Step<String> {
        let mut cursor = self.query.chars().count();
        if edit_line(&mut self.query, &mut cursor, msg) {
            self.selected = 0;
            return Step::Stay;
        }
        match msg.command() {
            Some(Command::Cancel | Command::ForceQuit) => Step::Cancel,
            Some(Command::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Step::Stay
            }
            Some(Command::Down) => {
                let count = self.shown().len();
                self.selected = (self.selected + 1).min(count.saturating_sub(1));
                Step::Stay
            }
            Some(Command::Submit) => self
                .shown()
                .get(self.selected)
                .map_or(Step::Stay, |entry| Step::Done(entry.id.clone())),
            _ => Step::Stay,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker() -> Picker {
        Picker::new(
            PickerPurpose::Meeting,
            vec![
                PickEntry::new("sawada", "澤田会長", "澤田道夫 会長", &["さわだ みちお"]),
                PickEntry::new("kato", "加藤委員", "加藤 委員", &[]).marked(true),
                PickEntry::new("tanaka", "田中一郎", "説明員 総務局", &[]),
            ],
        )
    }

    fn typed(picker: &mut Picker, text: &str) {
        for c in text.chars() {
            assert_eq!(picker.handle(&Msg::Type(c)), Step::Stay);
        }
    }

    fn shown_ids(picker: &Picker) -> Vec<&str> {
        picker.shown().iter().map(|e| e.id.as_str()).collect()
    }

    #[test]
    fn opens_on_the_current_entry() {
        assert_eq!(picker().selected, 1);
    }

    #[test]
    fn typing_filters_by_label_role_department_reading_and_id() {
        for (query, expected) in [
            ("会長", vec!["sawada"]),
            ("サワダ", vec!["sawada"]),
            ("ＳＡＷＡ", vec!["sawada"]),
            ("総務", vec!["tanaka"]),
            ("説明員 田中", vec!["tanaka"]),
            ("委員", vec!["kato"]),
            ("ka", vec!["kato", "tanaka"]),
            ("nobody", vec![]),
        ] {
            let mut picker = picker();
            typed(&mut picker, query);
            assert_eq!(shown_ids(&picker), expected, "query {query}");
            assert_eq!(picker.selected, 0, "typing selects the first shown");
        }
    }

    #[test]
    fn moves_stay_among_the_shown_and_enter_picks_the_selected() {
        let mut picker = picker();
        typed(&mut picker, "ka");
        for _ in 0..5 {
            picker.handle(&Msg::Command(Command::Down));
        }
        assert_eq!(picker.selected, 1);
        assert_eq!(
            picker.handle(&Msg::Command(Command::Submit)),
            Step::Done("tanaka".into())
        );
        picker.handle(&Msg::Command(Command::Up));
        picker.handle(&Msg::Command(Command::Up));
        assert_eq!(
            picker.handle(&Msg::Command(Command::Submit)),
            Step::Done("kato".into())
        );
    }

    #[test]
    fn enter_on_nothing_stays_and_esc_cancels() {
        let mut picker = picker();
        typed(&mut picker, "zz");
        assert_eq!(picker.handle(&Msg::Command(Command::Submit)), Step::Stay);
        picker.handle(&Msg::Backspace);
        picker.handle(&Msg::Backspace);
        assert_eq!(shown_ids(&picker).len(), 3);
        assert_eq!(picker.handle(&Msg::Command(Command::Cancel)), Step::Cancel);
    }
}
