//! What a key can be bound to. Every variant is a user intent that the keymap file can name
//! (`snake_case`), and every one has help text: [`Command::describe`] matches exhaustively, so
//! a new command without a label does not compile. Raw input, system events and results are
//! [`super::msg::Msg`]s instead, which is why this type can stay `Copy + Eq + Deserialize`.

use serde::Deserialize;

/// One bindable user intent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
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
    /// Sync with the repository's git remote in the background (fetch, merge, push); a
    /// conflict asks which side to keep, for all items or per item.
    Sync,
    /// The history of one item: every commit that changed the selected node (plan tree),
    /// indicator (KPI screen) or the open meeting's minutes, read in the background.
    ItemHistory,
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
    /// The note of the chosen year's actual: its source (出典) or why it is provisional.
    EditActualNote,
    /// Set the status of the selected node for the chosen year, with a note.
    SetStatus,
    /// Set or revise the selected indicator's target (with a reason once the plan is in force).
    SetTarget,
    /// Retire the selected node (with everything under it) after the current year; confirmed,
    /// with a reason once the plan is in force. Nothing is deleted. On a retired node: take
    /// it back into the plan (reinstate), the same way.
    RetireNode,
    /// Add an item under the selected node (its title typed; a reason once the plan is in force).
    AddNode,
    /// Move the selected item (with its subtree) under another parent of the same level.
    MoveNode,
    /// Add an indicator (name, unit, direction, baseline, target) to the selected node, or
    /// beside the selected indicator.
    AddIndicator,
    /// Add a department or rename one (a new id: plans and responses follow).
    EditDepartments,
    /// Add or edit a committee member (name, role, printed label).
    EditMembers,
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
    StatementNewline,
    /// Meeting: toggle "needs a response from the city".
    ToggleNeedsResponse,
    /// Meeting: leave the editor for the statement list (Esc); cancels a correction.
    CommandMode,
    /// Meeting: back to typing (Enter in the list; any printable key there also types).
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
    /// Meeting: choose the plan node the next statement is linked to (the node picker).
    LinkNode,
    /// Meeting: relink the selected statement to another plan node (the same picker).
    RelinkStatement,
    /// Meeting: type the material the next statement refers to.
    ChooseMaterial,
    /// Meeting: type the page of that material.
    ChoosePage,
    /// Meeting: type the agenda item the next statement belongs to.
    ChooseAgenda,
    /// Meeting: keep the link choice for every following statement, or for the next only.
    PinLinks,
    /// Meeting: choose the speaker from every present member and official, filtered by
    /// typing (Alt-s); Alt+digit stays the shortcut for the first ten.
    PickSpeaker,
    /// Meeting: the list of every meeting, to open one (drafts to record or correct,
    /// confirmed ones read-only) (Ctrl-O).
    OpenMeetingList,
    /// Meeting: confirm (確定) the minutes; asks first, then the session is read-only.
    ConfirmMeeting,
    /// Meeting: mark confirmed minutes as published (公開); asks first.
    PublishMeeting,
    /// Meeting: the header form — title, start and end time, place, attendance, officials,
    /// materials, agenda — saved as one undoable edit (Alt-Shift-H).
    EditMeetingHeader,
}

impl Command {
    /// The help text: (ja, en).
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            Command::Quit => ("終了", "Quit"),
            Command::ForceQuit => ("強制終了", "Quit immediately"),
            Command::ShowDashboard => ("ダッシュボード", "Dashboard"),
            Command::ShowTree => ("プラン体系", "Plan tree"),
            Command::ShowKpi => ("検証指標", "Indicators (KPI)"),
            Command::ShowMeeting => ("会議モード（議事録）", "Meeting mode (minutes)"),
            Command::ShowHistory => ("履歴（PDCA）", "History (PDCA)"),
            Command::SinceLastMeeting => ("前回会議以降の変更", "Changes since the last meeting"),
            Command::ClosePhase => ("フェーズを閉じる（コミット）", "Close phase (commit)"),
            Command::Sync => ("リモートと同期（git）", "Sync with the remote (git)"),
            Command::ItemHistory => ("この項目の履歴", "History of this item"),
            Command::ShowReview => ("確認事項（対応状況）", "Review queue"),
            Command::CommitStatement => ("発言を確定", "Commit statement"),
            Command::NewMeeting => ("会議を準備", "Prepare a meeting"),
            Command::ToggleNeedsResponse => ("要対応の切替", "Toggle needs response"),
            Command::CommandMode => ("一覧へ・修正取消", "List / cancel fix"),
            Command::TypingMode => ("入力へ戻る", "Back to typing"),
            Command::EditStatement => ("発言を修正", "Correct statement"),
            Command::DeleteStatement => ("発言を削除", "Delete statement"),
            Command::MoveStatementUp => ("発言を上へ", "Move statement up"),
            Command::MoveStatementDown => ("発言を下へ", "Move statement down"),
            Command::MergeStatement => ("次の発言と結合", "Merge with next"),
            Command::SplitStatement => ("カーソルで分割", "Split at cursor"),
            Command::NextAgendaItem => ("次の議題", "Next agenda item"),
            Command::PrevAgendaItem => ("前の議題", "Previous agenda item"),
            Command::NextMaterial => ("次の資料", "Next material"),
            Command::PrevMaterial => ("前の資料", "Previous material"),
            Command::NextPage => ("次のページ", "Next page"),
            Command::PrevPage => ("前のページ", "Previous page"),
            Command::PickSpeaker => ("発言者を選ぶ", "Pick speaker"),
            Command::OpenMeetingList => ("会議を開く", "Open a meeting"),
            Command::ConfirmMeeting => ("議事録を確定", "Confirm the minutes"),
            Command::PublishMeeting => ("議事録を公開済みに", "Publish the minutes"),
            Command::EditMeetingHeader => ("会議情報（出欠・資料等）", "Meeting header form"),
            Command::ToggleHelp => ("ヘルプ", "Help"),
            Command::OpenPalette => ("検索", "Search"),
            Command::TogglePresenter => ("プレゼンター表示", "Presenter theme"),
            Command::Up => ("上へ", "Up"),
            Command::Down => ("下へ", "Down"),
            Command::PageUp => ("前のページ", "Page up"),
            Command::PageDown => ("次のページ", "Page down"),
            Command::Top => ("先頭", "Top"),
            Command::Bottom => ("末尾", "Bottom"),
            Command::Collapse => ("折りたたむ", "Collapse / parent"),
            Command::Expand => ("展開", "Expand / child"),
            Command::ToggleExpand => ("展開切替", "Toggle expand"),
            Command::NextPlan => ("次のプラン", "Next plan"),
            Command::PrevPlan => ("前のプラン", "Previous plan"),
            Command::NextYear => ("次の年度", "Next fiscal year"),
            Command::PrevYear => ("前の年度", "Previous fiscal year"),
            Command::EditActual => ("実績値を入力", "Enter actual"),
            Command::DeleteActual => ("実績値を削除", "Delete actual"),
            Command::EditActualNote => ("実績値の備考・出典", "Note / source of the actual"),
            Command::SetStatus => ("進捗状況を設定", "Set status"),
            Command::SetTarget => ("目標値を設定・改定", "Set or revise target"),
            Command::RetireNode => ("項目を廃止・復活", "Retire / reinstate node"),
            Command::AddNode => ("下位項目を追加", "Add item under node"),
            Command::MoveNode => ("項目を移動", "Move node"),
            Command::AddIndicator => ("指標を追加", "Add indicator"),
            Command::EditDepartments => ("所管局の追加・変更", "Departments"),
            Command::EditMembers => ("委員の追加・編集", "Committee members"),
            Command::EditTitle => ("名称を編集", "Edit title"),
            Command::EditDescription => ("説明を編集", "Edit description"),
            Command::Undo => ("元に戻す", "Undo"),
            Command::Redo => ("やり直す", "Redo"),
            Command::FilterDepartment => ("所管局で絞り込み", "Filter by department"),
            Command::FilterStatus => ("進捗状況で絞り込み", "Filter by status"),
            Command::ClearFilter => ("絞り込み解除", "Clear filter"),
            Command::Submit => ("決定", "Accept"),
            Command::Cancel => ("取消", "Cancel"),
            Command::Confirm => ("はい", "Yes"),
            Command::StatementNewline => ("発言内で改行", "New line in the statement"),
            Command::LinkNode => ("項目にリンク", "Link plan item"),
            Command::RelinkStatement => ("発言のリンク変更", "Relink statement"),
            Command::ChooseMaterial => ("資料を指定", "Set material"),
            Command::ChoosePage => ("ページを指定", "Set page"),
            Command::ChooseAgenda => ("議題を指定", "Set agenda item"),
            Command::PinLinks => ("リンク固定の切替", "Pin/unpin links"),
        }
    }
}
