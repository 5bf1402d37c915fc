//! Everything the user can ask the TUI to do. Keys, mouse, paste, tests and the keymap file
//! all speak `Action`; the keymap names the unit variants in `snake_case`.

use serde::Deserialize;

/// One user intent. `update()` turns it into state changes and core calls.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    /// Ctrl-C: quits from anywhere, even inside a dialog.
    ForceQuit,
    ShowDashboard,
    ShowTree,
    ShowKpi,
    /// Meeting mode: record the minutes of the current meeting.
    ShowMeeting,
    /// History: the timeline of phase commits and what each changed.
    ShowHistory,
    /// History: what changed since the last committee meeting.
    SinceLastMeeting,
    /// Close the current PDCA phase with a commit (confirmed first).
    ClosePhase,
    /// The review queue: open comments, new answers, missing actuals.
    ShowReview,
    ToggleHelp,
    OpenPalette,
    TogglePresenter,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Collapse the node, or go to its parent.
    Collapse,
    /// Expand the node, or go to its first child.
    Expand,
    ToggleExpand,
    NextPlan,
    PrevPlan,
    NextYear,
    PrevYear,
    /// Enter or correct the actual of the selected indicator for the chosen year.
    EditActual,
    /// Remove the actual of the selected indicator for the chosen year (confirmed first).
    DeleteActual,
    /// Set the status of the selected node for the chosen year, with a note.
    SetStatus,
    EditTitle,
    EditDescription,
    Undo,
    Redo,
    FilterDepartment,
    FilterStatus,
    ClearFilter,
    /// Accept the dialog (Enter).
    Submit,
    /// Close the dialog without changes (Esc).
    Cancel,
    /// Answer yes in a confirmation.
    Confirm,
    /// Prepare a new draft meeting in a form (header, materials, agenda; roster as attendees).
    NewMeeting,
    /// Meeting: commit the typed statement (Enter).
    CommitStatement,
    /// Meeting: a new line inside the statement (Alt-Enter / Shift-Enter).
    #[serde(skip)]
    StatementNewline,
    /// Meeting: speaker by key (Alt-1 … Alt-0).
    #[serde(skip)]
    Speaker(char),
    /// Meeting: statement kind by key (Alt-q/o/p/r/a/e/g).
    #[serde(skip)]
    Kind(char),
    /// Meeting: toggle "needs a response from the city".
    ToggleNeedsResponse,
    /// Meeting: leave the editor for the statement list (Esc).
    CommandMode,
    /// Meeting: back to typing (i).
    TypingMode,
    /// Meeting: correct the selected statement.
    EditStatement,
    /// Meeting: delete the selected statement (confirmed first).
    DeleteStatement,
    MoveStatementUp,
    MoveStatementDown,
    MergeStatement,
    /// Meeting: split the statement being corrected at the cursor (Ctrl-T).
    SplitStatement,
    NextAgendaItem,
    PrevAgendaItem,
    NextMaterial,
    PrevMaterial,
    NextPage,
    PrevPage,
    /// Journal the draft after a batch of keys.
    #[serde(skip)]
    FlushDraft,
    /// Nothing happened for a while: make the journal durable.
    #[serde(skip)]
    Tick,
    /// Text typed into the active input.
    #[serde(skip)]
    Type(char),
    #[serde(skip)]
    Backspace,
    #[serde(skip)]
    CursorLeft,
    #[serde(skip)]
    CursorRight,
    /// Bracketed paste into the active input (`\r` line ends already normalised).
    #[serde(skip)]
    Paste(String),
    /// A raw key for the multi-line editor.
    #[serde(skip)]
    EditorKey(crossterm::event::KeyEvent),
    /// A mouse click on a screen row (0-based terminal row).
    #[serde(skip)]
    ClickRow(u16),
    #[serde(skip)]
    Resize(u16, u16),
    /// A message for the status line (follow-up of an update).
    #[serde(skip)]
    Notify(String),
    /// The background load parsed another batch of files.
    #[serde(skip)]
    LoadProgress(crate::store::Progress),
    /// The background load is done: the whole workspace replaces the preview.
    #[serde(skip)]
    Loaded(super::loading::Delivery),
    /// Input that must wait for the load (see `loading::holds`).
    #[serde(skip)]
    Hold(crossterm::event::Event),
}

impl Action {
    /// The help text of a keymap-bindable action: (ja, en).
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            Action::Quit => ("終了", "Quit"),
            Action::ForceQuit => ("強制終了", "Quit immediately"),
            Action::ShowDashboard => ("ダッシュボード", "Dashboard"),
            Action::ShowTree => ("プラン体系", "Plan tree"),
            Action::ShowKpi => ("検証指標", "Indicators (KPI)"),
            Action::ShowMeeting => ("会議モード（議事録）", "Meeting mode (minutes)"),
            Action::ShowHistory => ("履歴（PDCA）", "History (PDCA)"),
            Action::SinceLastMeeting => ("前回会議以降の変更", "Changes since the last meeting"),
            Action::ClosePhase => ("フェーズを閉じる（コミット）", "Close phase (commit)"),
            Action::ShowReview => ("確認事項（対応状況）", "Review queue"),
            Action::CommitStatement => ("発言を確定", "Commit statement"),
            Action::NewMeeting => ("会議を準備", "Prepare a meeting"),
            Action::ToggleNeedsResponse => ("要対応の切替", "Toggle needs response"),
            Action::CommandMode => ("発言一覧へ", "To the statement list"),
            Action::TypingMode => ("入力へ戻る", "Back to typing"),
            Action::EditStatement => ("発言を修正", "Correct statement"),
            Action::DeleteStatement => ("発言を削除", "Delete statement"),
            Action::MoveStatementUp => ("発言を上へ", "Move statement up"),
            Action::MoveStatementDown => ("発言を下へ", "Move statement down"),
            Action::MergeStatement => ("次の発言と結合", "Merge with next"),
            Action::SplitStatement => ("カーソル位置で分割", "Split at cursor"),
            Action::NextAgendaItem => ("次の議題", "Next agenda item"),
            Action::PrevAgendaItem => ("前の議題", "Previous agenda item"),
            Action::NextMaterial => ("次の資料", "Next material"),
            Action::PrevMaterial => ("前の資料", "Previous material"),
            Action::NextPage => ("次のページ", "Next page"),
            Action::PrevPage => ("前のページ", "Previous page"),
            Action::ToggleHelp => ("ヘルプ", "Help"),
            Action::OpenPalette => ("検索", "Search"),
            Action::TogglePresenter => ("プレゼンター表示", "Presenter theme"),
            Action::Up => ("上へ", "Up"),
            Action::Down => ("下へ", "Down"),
            Action::PageUp => ("前のページ", "Page up"),
            Action::PageDown => ("次のページ", "Page down"),
            Action::Top => ("先頭", "Top"),
            Action::Bottom => ("末尾", "Bottom"),
            Action::Collapse => ("折りたたむ", "Collapse / parent"),
            Action::Expand => ("展開", "Expand / child"),
            Action::ToggleExpand => ("展開切替", "Toggle expand"),
            Action::NextPlan => ("次のプラン", "Next plan"),
            Action::PrevPlan => ("前のプラン", "Previous plan"),
            Action::NextYear => ("次の年度", "Next fiscal year"),
            Action::PrevYear => ("前の年度", "Previous fiscal year"),
            Action::EditActual => ("実績値を入力", "Enter actual"),
            Action::DeleteActual => ("実績値を削除", "Delete actual"),
            Action::SetStatus => ("進捗状況を設定", "Set status"),
            Action::EditTitle => ("名称を編集", "Edit title"),
            Action::EditDescription => ("説明を編集", "Edit description"),
            Action::Undo => ("元に戻す", "Undo"),
            Action::Redo => ("やり直す", "Redo"),
            Action::FilterDepartment => ("所管局で絞り込み", "Filter by department"),
            Action::FilterStatus => ("進捗状況で絞り込み", "Filter by status"),
            Action::ClearFilter => ("絞り込み解除", "Clear filter"),
            Action::Submit => ("決定", "Accept"),
            Action::Cancel => ("取消", "Cancel"),
            Action::Confirm => ("はい", "Yes"),
            _ => ("", ""),
        }
    }
}
