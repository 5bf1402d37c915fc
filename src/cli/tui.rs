//! `kaikaku` with no subcommand: the TUI on the chosen workspace.

use std::io::IsTerminal;

use super::{Cli, CliError, CliResult, Context};
use crate::tui::keymap::Keymap;
use crate::tui::{App, Options, loading};

/// The keymap: `--keymap FILE`, else `keymap.ron` in the config directory, else defaults.
fn keymap(cli: &Cli) -> Result<Keymap, CliError> {
    let path = cli.keymap.clone().or_else(|| {
        directories::ProjectDirs::from("", "", "kaikaku")
            .map(|d| d.config_dir().join("keymap.ron"))
            .filter(|p| p.is_file())
    });
    let Some(path) = path else {
        return Ok(Keymap::default());
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        let shown = path.display();
        let why = crate::i18n::io_reason(&e, crate::model::Language::Ja);
        CliError::text(
            &crate::text!("{shown} を読めません（{why}）", "cannot read {shown}: {e}"),
            Some(
                &(
                    "--keymap のパスを確認してください",
                    "check the --keymap path",
                )
                    .into(),
            ),
        )
    })?;
    Keymap::with_overrides(&text).map_err(|e| {
        CliError::usage(
            format!(
                "{}: {}",
                path.display(),
                crate::model::sanitize_inline(&e.to_string())
            ),
            Some(lang_pick_edge(
                "docs/keymap.example.ron を参照してください",
                "see docs/keymap.example.ron",
            )),
        )
    })
}

pub fn run(cli: &Cli) -> CliResult {
    if !std::io::stdout().is_terminal() {
        return Err(CliError::text(
            &("TUI には端末が必要です", "the TUI needs a terminal").into(),
            Some(
                &(
                    "スクリプトでは `kaikaku show plans` のようなサブコマンドを使ってください",
                    "use a subcommand such as `kaikaku show plans` in scripts",
                )
                    .into(),
            ),
        ));
    }
    let context = Context::new(cli);
    let options = |notice| -> Result<Options, CliError> {
        Ok(Options {
            lang: context.lang,
            presenter: cli.presenter,
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            notice,
            keymap: keymap(cli)?,
        })
    };
    if context.at.is_some() {
        // A revision is read from git objects, read-only, in one go.
        let (workspace, notice) = context.open_with_notice()?;
        let dir = context.dir()?;
        let mut app = App::new(workspace, options(notice)?);
        // The History screen reads the repository up to the revision shown.
        app.history = Some(crate::tui::screen::history::HistoryView::at(
            dir,
            context.at.clone().unwrap_or_default(),
        ));
        crate::tui::terminal::run(app, None)?;
        return Ok(());
    }
    let (dir, mut notice) = context.dir_with_notice()?;
    // The lock is taken before anything is shown, and lives as long as the UI: a second
    // instance opens read-only and says who writes.
    let mut _lock = None;
    let mut read_only = None;
    if let Some(refused) = super::source_tree_refusal(&dir) {
        // Browsing the source tree's sample is fine; writing into it is not.
        read_only = Some(refused.clone());
        notice = Some(refused);
    } else {
        match crate::store::lock::acquire(&dir)? {
            Ok(lock) => _lock = Some(lock),
            Err(holder) => {
                let holder = holder.0;
                let message = crate::text!(
                    "{holder} が編集中のため、読み取り専用で開きました",
                    "locked by {holder}: opened read-only"
                );
                read_only = Some(message.clone());
                notice = Some(message);
            }
        }
    }
    // Staged start: the first frame comes from the settings and the plan it shows; the
    // whole workspace loads and is checked in the background (see `tui::loading`).
    let preview = loading::preview(&dir)?;
    let app = App::loading(preview, options(notice)?);
    crate::tui::terminal::run(
        app,
        Some(loading::Start {
            root: dir,
            read_only,
        }),
    )?;
    Ok(())
}

/// `lang.pick` in the effective language of this command.
fn lang_pick_edge(ja: &'static str, en: &'static str) -> &'static str {
    super::edge_language().pick(ja, en)
}
