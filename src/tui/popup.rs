//! Where a popup goes: centred in an area, at most the area's size. A leaf, so the views and
//! the help (which lays its popup out itself, to know how many lines it can scroll) place
//! popups with the one rule and the help's scroll matches what is drawn.

use ratatui::layout::{Constraint, Flex, Layout, Rect};

/// A `width` × `height` rectangle centred in `area`, each side cut to the area's.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centred_and_cut_to_the_area() {
        let area = Rect::new(0, 1, 80, 22);
        assert_eq!(centered(area, 40, 10), Rect::new(20, 7, 40, 10));
        assert_eq!(centered(area, 100, 30), area);
    }
}
