//! Every word list the importer matches against, in one place: adding a city's wording is
//! an edit here, not a new branch in the parser.

/// Header labels, by the section they open. Matched after numbering, bullets and spaces are
/// removed (「1 日 時」, 「- 日時」, 「1.開催日時:」, 「【日時】」 all read as 日時). Longer labels
/// come first where one is a prefix of another.
pub const DATE_LABELS: &[&str] = &[
    "開催日時",
    "開催日",
    "日時",
    "日程",
    "開催年月日",
    "日付",
    "開催時間",
    "時間",
];
/// The standard 審議会 template names the body in its own row (「会議名　○○委員会」).
pub const NAME_LABELS: &[&str] = &["会議名", "会議の名称", "審議会等の名称", "審議会名", "名称"];
pub const PLACE_LABELS: &[&str] = &["開催場所", "場所", "会場", "開催会場"];
pub const ATTENDEE_LABELS: &[&str] = &[
    "出席委員",
    "出席者",
    "出席",
    "委員出席者",
    "参加者",
    "構成員",
];
pub const ABSENT_LABELS: &[&str] = &["欠席委員", "欠席者", "欠席"];
/// Labels of groups of officials listed as their own header section (流山市: 関係部署, 事務局).
pub const STAFF_LABELS: &[&str] = &[
    "関係部署",
    "事務局",
    "執行部",
    "説明員",
    "市出席者",
    "出席職員",
    "オブザーバー",
];
pub const MATERIAL_LABELS: &[&str] = &["配付資料", "配布資料", "会議資料", "資料"];
pub const AGENDA_LABELS: &[&str] = &["会議次第", "議事次第", "次第", "議題", "案件", "内容"];
/// Labels that open the statements (the minutes proper).
pub const STATEMENT_LABELS: &[&str] = &[
    "議事録",
    "議事要旨",
    "議事の要旨",
    "議事概要",
    "議事経過",
    "議事の内容",
    "議事の経過",
    "議事の概要",
    "議事内容",
    "議事",
    "会議録",
    "会議の経過",
    "会議の概要",
    "会議の内容",
    "会議内容",
    "会議経過",
    "会議要旨",
    "会議の要旨",
    "審議の内容",
    "審議の経過",
    "発言内容",
    "質疑",
    "審議経過",
    "審議の概要",
    "審議概要",
    "審議内容",
    "審議要旨",
    "発言要旨",
    "主な内容",
    "主な意見",
    "意見等",
    "意見交換",
    "質疑応答",
];
/// The exporter's own 「備考」 section: its lines are notes, verbatim.
pub const NOTE_LABELS: &[&str] = &["備考"];
/// Labels of sections the importer keeps as notes without reading them (傍聴者 2名, 会議の公開).
pub const OTHER_LABELS: &[&str] = &[
    "傍聴者数",
    "傍聴者",
    "傍聴人",
    "傍聴",
    "会議の公開の可否",
    "会議の公開",
    "公開・非公開",
    "公開の可否",
    "非公開理由",
    "取材",
    "報道",
    "問い合わせ",
    "お問い合わせ",
    "担当課",
    "所管課",
    "次回",
    "会議録署名",
    "署名委員",
    "記録者",
];

/// Words that end the title line; what precedes them is the meeting's title.
pub const DOCUMENT_WORDS: &[&str] = &[
    "議事録",
    "議事要録",
    "会議記録",
    "会議の記録",
    "議事記録",
    "議事要旨",
    "議事概要",
    "会議録",
    "会議概要",
    "会議要旨",
    "会議結果",
    "開催結果",
    "結果",
];

/// Words a committee's name ends with; a title candidate names one.
pub const BODY_WORDS: &[&str] = &[
    "委員会",
    "審議会",
    "懇話会",
    "協議会",
    "会議",
    "懇談会",
    "検討会",
    "部会",
];

/// Roles that chair the meeting.
pub const CHAIR_ROLES: &[&str] = &["会長", "委員長", "議長", "座長"];

/// Words that, alone, name who speaks for the city.
pub const STAFF_ROLES: &[&str] = &[
    "事務局長",
    "事務局",
    "執行部",
    "説明員",
    "市長",
    "副市長",
    "町長",
    "副町長",
    "村長",
    "教育長",
    "市",
    "行政",
];

/// Title endings of officials (「総務部長」, 「財務課長」).
pub const OFFICIAL_SUFFIXES: &[&str] = &[
    "部長",
    "局長",
    "課長",
    "室長",
    "参事",
    "主幹",
    "係長",
    "主査",
    "主任",
    "所長",
    "次長",
    "理事",
    "区長",
    "監",
    "副市長",
    "市長",
    "町長",
    "教育長",
    "担当",
];

/// Member roles beyond [`super::super::ROLE_WORDS`] that a listed person may carry.
pub const MEMBER_ROLES: &[&str] = &["職務代理者", "職務代理", "会長代理", "副座長", "座長"];

/// Material ids: 資料1, 参考資料2, 別紙3 … (longest first).
pub const MATERIAL_PREFIXES: &[&str] = &["参考資料", "資料", "別紙", "別添", "参考"];

/// Lines a web page or a document-sharing site adds around the text; a line made only of
/// these is dropped.
pub const NAVIGATION_PHRASES: &[&str] = &[
    "メニューをスキップしてタイトルへ",
    "メニューをスキップして本文へ",
    "本文へスキップ",
    "本文へ",
    "メニューへ",
    "ツイッターでツイート",
    "フェイスブックでシェア",
    "ラインでシェア",
    "LINEで送る",
    "Xでポスト",
    "はてなブックマーク",
    "ツイート",
    "シェア",
    "大きな文字で印刷",
    "印刷用ページ",
    "印刷",
    "文字サイズ",
    "拡大",
    "縮小",
    "標準",
    "背景色",
    "読み上げ",
    "このページの先頭へ",
    "ページの先頭へ戻る",
    "ページの先頭へ",
    "前のページへ戻る",
    "トップページ",
    "ホーム",
    "PDFファイル",
    "ダウンロード",
];
/// Line beginnings of page furniture (「ページ番号1007437 更新日 …」, 「Transcript of …」).
pub const NAVIGATION_PREFIXES: &[&str] = &[
    "ページ番号",
    "更新日",
    "最終更新日",
    "掲載日",
    "Transcript of",
    "AdobeReader",
    "Adobe Reader",
    "PDF形式のファイルをご覧いただく",
];

/// Lines that open a web page's footer: they and everything after them are site furniture
/// (contact boxes, surveys), not minutes.
pub const FOOTER_STARTS: &[&str] = &[
    "このページに関するお問い合わせ",
    "このページについてのお問い合わせ",
    "このページの情報は役に立ちましたか",
    "より良いウェブサイトにするために",
    "このページに関するアンケート",
    "PDFファイルをご覧いただくには",
];

/// Phrases asking for an explanation: a question even though they also read as requests.
pub const ASKING: &[&str] = &[
    "教えてほしい",
    "教えてください",
    "教えていただきたい",
    "お尋ねしたい",
    "お聞きしたい",
    "伺いたい",
    "お伺いしたい",
    "説明いただきたい",
    "知りたい",
];
pub const REQUESTING: &[&str] = &[
    "ほしい",
    "欲しい",
    "いただきたい",
    "お願いしたい",
    "お願いします",
    "もらいたい",
    "てください",
    "期待する",
    "期待したい",
    "求める",
    "要望する",
    "されたい",
    "すべきである",
];
pub const PROPOSING: &[&str] = &[
    "てはどうか",
    "ではどうか",
    "提案する",
    "提案したい",
    "を提案",
];
pub const PROCEDURAL: &[&str] = &[
    "開会",
    "閉会",
    "終了する",
    "終了します",
    "を終える",
    "を開きます",
    "を開会",
    "を始めます",
    "をはじめます",
    "を終えます",
    "を閉じる",
    "に移る",
    "に移ります",
    "意見交換を行いたい",
    "議論したい",
    "お諮り",
    "進行する",
    "説明願いたい",
    "意見や質問は",
];

/// Sentence ends: a line ending in one of these is not cut by a hard wrap.
pub const SENTENCE_ENDS: &[char] = &[
    '。', '．', '！', '？', '!', '?', '」', '』', '）', ')', '】', ':', '：', '>', '＞', '〉',
];
