//! `kaikaku present`: the projector window that follows the secretariat's instance.

use super::{Cli, CliError, CliResult, Context};
use crate::tui::{App, Options};

pub fn run(cli: &Cli) -> CliResult {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return Err(CliError::text(
            &(
                "投影用ウィンドウには端末が必要です",
                "the presenter window needs a terminal",
            )
                .into(),
            None,
        ));
    }
    let context = Context::new(cli);
    if context.at.is_some() {
        return Err(CliError::text(
            &(
                "投影用ウィンドウが追うのは作業中のワークスペースで、--at ではありません",
                "the presenter follows a working tree, not --at",
            )
                .into(),
            None,
        ));
    }
    let (root, _) = context.dir_with_notice()?;
    let mut watch = crate::tui::present::Watch::before_load(&root);
    let mut workspace = crate::store::Workspace::load(&root)?;
    workspace.set_read_only(("投影用ウィンドウ", "presenter window"));
    let options = Options {
        lang: context.lang,
        presenter: true,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        notice: None,
        keymap: crate::tui::keymap::Keymap::default(),
    };
    let mut app = App::new(workspace, options);
    app.audience = true;
    crate::tui::present::reload(&mut app, &root, &mut watch);
    crate::tui::terminal::run_audience(app, &root, watch)?;
    Ok(())
}
