//! Colours and spacing. The presenter theme is for projectors: high contrast, bold, more
//! air between rows, no private notes. `NO_COLOR` turns every colour off.

use ratatui::style::{Color, Modifier, Style};

/// Resolved styles for one frame.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub presenter: bool,
    pub color: bool,
}

impl Theme {
    pub fn new(presenter: bool, color: bool) -> Self {
        Theme { presenter, color }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn base(self) -> Style {
        if self.presenter && self.color {
            Style::new().fg(Color::White).bg(Color::Black)
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        self.fg(if self.presenter {
            Color::Yellow
        } else {
            Color::Cyan
        })
        .add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.presenter {
            self.fg(Color::Gray)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    pub fn selected(self) -> Style {
        if self.color {
            let bg = if self.presenter {
                Color::Yellow
            } else {
                Color::Blue
            };
            let fg = if self.presenter {
                Color::Black
            } else {
                Color::White
            };
            Style::new().bg(bg).fg(fg).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn warn(self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn bad(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }

    pub fn gauge(self) -> Style {
        self.fg(if self.presenter {
            Color::LightGreen
        } else {
            Color::Green
        })
    }

    /// Blank lines between list rows: projectors need air.
    pub fn row_gap(self) -> u16 {
        u16::from(self.presenter)
    }
}
