//! The sync conflict dialog: the items both sides changed, each with what this side and the
//! remote did, and which side to keep — for every item at once (`T` / `O`) or item by item
//! (`t` / `o` on the selected one). Enter completes the sync with that choice once every
//! item has a side; Esc leaves everything as it was (the sync stopped before anything
//! moved). The same choice as `kaikaku sync --theirs [ID]` / `--ours [ID]`.

use super::Step;
use crate::history::resolve::{Choice, Side};
use crate::history::sync::ConflictItem;
use crate::model::Language;
use crate::tui::command::Command;
use crate::tui::msg::Msg;

/// The conflicts of a stopped sync and the side chosen for each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflicts {
    pub items: Vec<ConflictItem>,
    /// The side chosen per item, `None` while undecided.
    pub sides: Vec<Option<Side>>,
    pub selected: usize,
    /// Why Enter did not complete yet (an item without a side).
    pub note: Option<String>,
    /// The remote's name, for the title.
    pub remote: String,
    lang: Language,
}

impl Conflicts {
    pub fn new(items: Vec<ConflictItem>, remote: String, lang: Language) -> Self {
        Conflicts {
            sides: vec![None; items.len()],
            items,
            selected: 0,
            note: None,
            remote,
            lang,
        }
    }

    /// Up and down move; `t` / `o` choose for the selected item (and move on), `T` / `O`
    /// for every item; Enter is done with the [`Choice`] once every item has a side.
    pub fn handle(&mut self, msg: &Msg) -> Step<Choice> {
        match (msg, msg.command()) {
            (_, Some(Command::Cancel | Command::Quit)) => Step::Cancel,
            (_, Some(Command::Up)) => {
                self.selected = self.selected.saturating_sub(1);
                Step::Stay
            }
            (_, Some(Command::Down)) => {
                self.selected = (self.selected + 1).min(self.items.len().saturating_sub(1));
                Step::Stay
            }
            (_, Some(Command::Submit)) => match self.choice() {
                Ok(choice) => Step::Done(choice),
                Err(note) => {
                    self.note = Some(note);
                    Step::Stay
                }
            },
            (Msg::Type(key), _) => {
                let side = match key.to_ascii_lowercase() {
                    't' => Side::Theirs,
                    'o' => Side::Ours,
                    _ => return Step::Stay,
                };
                self.note = None;
                if key.is_ascii_uppercase() {
                    self.sides.fill(Some(side));
                } else if let Some(slot) = self.sides.get_mut(self.selected) {
                    *slot = Some(side);
                    self.selected = (self.selected + 1).min(self.items.len().saturating_sub(1));
                }
                Step::Stay
            }
            _ => Step::Stay,
        }
    }

    /// The choice the sides make: one side for everything when they agree, else one per
    /// item. Items that cannot be named one by one (a file added on one side) take the side
    /// for everything, so they must agree among themselves.
    pub fn choice(&self) -> Result<Choice, String> {
        let lang = self.lang;
        let open = self.sides.iter().filter(|s| s.is_none()).count();
        if open > 0 {
            return Err(match lang {
                Language::Ja => format!("未選択が {open} 件あります（t: 相手側 / o: こちら）"),
                Language::En => {
                    format!("{open} item(s) still without a side (t: theirs / o: ours)")
                }
            });
        }
        let sides: Vec<Side> = self.sides.iter().flatten().copied().collect();
        if let Some(first) = sides.first()
            && sides.iter().all(|s| s == first)
        {
            return Ok(Choice {
                all: Some(*first),
                items: Vec::new(),
            });
        }
        let mut choice = Choice::default();
        for (item, side) in self.items.iter().zip(sides) {
            match &item.id {
                Some(id) => choice.items.push((id.clone(), side)),
                None if choice.all.is_some_and(|all| all != side) => {
                    return Err(lang
                        .pick(
                            "項目に分けられない競合は、すべて同じ側を選んでください",
                            "conflicts that cannot be told apart by item need one side for all of them",
                        )
                        .into());
                }
                None => choice.all = Some(side),
            }
        }
        Ok(choice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: Option<&str>) -> ConflictItem {
        ConflictItem {
            id: id.map(str::to_string),
            item: id.unwrap_or("plans/p.ron").to_string(),
            here: "here".into(),
            remote: "remote".into(),
        }
    }

    fn press(dialog: &mut Conflicts, keys: &str) {
        for key in keys.chars() {
            assert_eq!(dialog.handle(&Msg::Type(key)), Step::Stay);
        }
    }

    fn submit(dialog: &mut Conflicts) -> Step<Choice> {
        dialog.handle(&Msg::Command(Command::Submit))
    }

    #[test]
    fn one_side_for_everything_or_one_per_item() {
        let items = vec![item(Some("p/k1")), item(Some("p/k2"))];
        let mut dialog = Conflicts::new(items.clone(), "origin".into(), Language::En);
        assert_eq!(submit(&mut dialog), Step::Stay, "nothing chosen yet");
        assert_eq!(
            dialog.note.as_deref(),
            Some("2 item(s) still without a side (t: theirs / o: ours)")
        );
        press(&mut dialog, "T");
        assert_eq!(
            submit(&mut dialog),
            Step::Done(Choice {
                all: Some(Side::Theirs),
                items: Vec::new(),
            })
        );
        let mut dialog = Conflicts::new(items, "origin".into(), Language::En);
        press(&mut dialog, "t");
        assert_eq!(dialog.selected, 1, "choosing moves on");
        press(&mut dialog, "o");
        assert_eq!(
            submit(&mut dialog),
            Step::Done(Choice {
                all: None,
                items: vec![("p/k1".into(), Side::Theirs), ("p/k2".into(), Side::Ours)],
            })
        );
    }

    #[test]
    fn items_without_an_id_share_the_side_for_everything() {
        let items = vec![item(Some("p/k1")), item(None), item(None)];
        let mut dialog = Conflicts::new(items, "origin".into(), Language::Ja);
        press(&mut dialog, "oto");
        assert_eq!(submit(&mut dialog), Step::Stay);
        assert!(
            dialog
                .note
                .as_deref()
                .is_some_and(|n| n.contains("すべて同じ側")),
            "{:?}",
            dialog.note
        );
        dialog.handle(&Msg::Command(Command::Up));
        press(&mut dialog, "o");
        assert_eq!(
            submit(&mut dialog),
            Step::Done(Choice {
                all: Some(Side::Ours),
                items: Vec::new(),
            }),
            "all ours after all"
        );
        let items = vec![item(Some("p/k1")), item(None)];
        let mut dialog = Conflicts::new(items, "origin".into(), Language::Ja);
        press(&mut dialog, "ot");
        assert_eq!(
            submit(&mut dialog),
            Step::Done(Choice {
                all: Some(Side::Theirs),
                items: vec![("p/k1".into(), Side::Ours)],
            })
        );
    }

    #[test]
    fn moves_stay_inside_and_escape_cancels() {
        let mut dialog = Conflicts::new(vec![item(Some("a"))], "origin".into(), Language::En);
        dialog.handle(&Msg::Command(Command::Down));
        dialog.handle(&Msg::Command(Command::Up));
        dialog.handle(&Msg::Command(Command::Up));
        assert_eq!(dialog.selected, 0);
        press(&mut dialog, "x");
        assert_eq!(dialog.sides, vec![None], "other keys choose nothing");
        assert_eq!(dialog.handle(&Msg::Command(Command::Cancel)), Step::Cancel);
    }
}
