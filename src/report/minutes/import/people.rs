//! Stage 4b: who was there — attendee lists as printed — and who each speaker label names.
//!
//! Lists come as plain names (「澤田道夫、八幡彩子」), names with roles (「宮入副会長」,
//! 「山本一郎（会長）」), roles with names (「会長(西川委員)」, 「委員(伊東委員・野口委員)」), in
//! groups (「【委 員】 <出席> <欠席> 【事務局】」, 「(1) 委員」, 「(執行部)浅羽副市長、…」,
//! 「（欠席：中川美穂）」) and with counts (「11人」). Speakers resolve against the list, then
//! the roster; role-only labels (会長, 委員, 事務局) name the one person with that role or a
//! role placeholder. Lookups go through indexes, so 20,000 distinct speakers stay linear.

use std::collections::{BTreeMap, HashMap};

use super::super::{ROLE_WORDS, attendee_label, compact, split_label};
use super::vocab::{CHAIR_ROLES, MEMBER_ROLES, OFFICIAL_SUFFIXES, STAFF_ROLES};
use crate::model::meeting::{Attendance, Attendee, StatementKind};
use crate::model::settings::{Committee, Member, Settings};

/// The group a list line belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub member: bool,
    pub absent: bool,
    /// The role of officials in this group (事務局, 執行部 …).
    pub role: String,
}

impl Group {
    pub fn members(absent: bool) -> Group {
        Group {
            member: true,
            absent,
            role: "委員".into(),
        }
    }

    pub fn staff(role: &str) -> Group {
        Group {
            member: false,
            absent: false,
            role: role.to_string(),
        }
    }

    /// The group a heading word names, inside `parent`: 「欠席」, 「出席」, 「委員」, or a
    /// body of officials.
    fn named(word: &str, parent: &Group) -> Group {
        let word = compact(word);
        if word.contains("欠席") {
            Group::members(true)
        } else if word.contains("出席") {
            Group {
                absent: false,
                ..parent.clone()
            }
        } else if word.contains("委員") && !word.contains("事務局") {
            Group::members(false)
        } else {
            Group::staff(&word)
        }
    }
}

/// The attendees being built, with the indexes that keep lookups constant-time.
pub struct People<'a> {
    pub attendees: Vec<Attendee>,
    settings: Option<&'a Settings>,
    pub committee: Option<&'a Committee>,
    by_name: HashMap<String, usize>,
    by_label: HashMap<String, usize>,
    /// Compact names of members, for the family-name lookups of 「加藤委員」.
    member_names: BTreeMap<String, usize>,
    roster: HashMap<String, &'a Member>,
    /// Role-only labels already resolved (「事務局」 answering 10,000 times looks once).
    roles: HashMap<String, usize>,
    members: usize,
    staff: usize,
    /// Listed people who are not on the roster.
    pub not_on_roster: Vec<String>,
    /// Speakers added because the list did not name them, and how many the roster knew.
    pub unlisted: Vec<String>,
    pub from_roster: usize,
}

impl<'a> People<'a> {
    pub fn new(settings: Option<&'a Settings>, committee: Option<&'a Committee>) -> People<'a> {
        let roster = settings
            .map(|s| {
                s.committees
                    .iter()
                    .flat_map(|c| &c.members)
                    .map(|m| (compact(&m.name), m))
                    .collect()
            })
            .unwrap_or_default();
        People {
            attendees: Vec::new(),
            settings,
            committee,
            by_name: HashMap::new(),
            by_label: HashMap::new(),
            member_names: BTreeMap::new(),
            roster,
            roles: HashMap::new(),
            members: 0,
            staff: 0,
            not_on_roster: Vec::new(),
            unlisted: Vec::new(),
            from_roster: 0,
        }
    }

    /// Reads one line of an attendee section in `group`; returns the group for the lines
    /// that follow, and whether the line held no one (a count such as 「11人」).
    pub fn list_line(&mut self, line: &str, group: &Group) -> (Group, bool) {
        let text = line.trim().trim_start_matches(['-', '・', '•']).trim();
        // 「※傍聴者、取材 : 傍聴者 1名」: a remark, not people.
        if text.is_empty() || text.starts_with(['※', '＊', '*']) || text.contains("傍聴") {
            return (group.clone(), true);
        }
        // 「【委員】山田会長、川口委員【事務局】総務課長」: several groups on one line.
        if let Some(at) = text
            .char_indices()
            .skip(1)
            .find(|(_, c)| *c == '【')
            .map(|(i, _)| i)
        {
            let (first, rest) = text.split_at(at);
            let (group, unused_first) = self.list_line(first, group);
            let (group, unused_rest) = self.list_line(rest, &group);
            return (group, unused_first && unused_rest);
        }
        // 「(1) 委員」, 「【委 員】」, 「<出席>」, 「〈事務局〉」, 「委員:」 alone: a group heading.
        if let Some(word) = group_heading(text) {
            return (Group::named(&word, group), false);
        }
        if is_count(text) {
            return (group.clone(), true);
        }
        // 「（欠席：中川美穂）」, 「(執行部)浅羽副市長、…」, 「推進委員(6名):会長(西川委員)、…」,
        // 「【事務局】阪口一雄」.
        let (group, names) = split_group(text, group);
        let mut any = false;
        for token in split_top(&names) {
            any |= self.token(token.trim(), &group);
        }
        (group, !any)
    }

    /// One comma-separated entry of a list; whether it named anyone.
    fn token(&mut self, token: &str, group: &Group) -> bool {
        let (name, mut annotations) = split_annotations(token);
        // 「和田委員（欠席：渡部委員）」: a group inside the annotation.
        annotations.retain(|a| match a.split_once([':', '：']) {
            Some((word, names)) if word.chars().count() <= 10 => {
                let inner = Group::named(word, group);
                for person in split_top(names) {
                    self.token(person.trim(), &inner);
                }
                false
            }
            _ => true,
        });
        if name.is_empty() || is_count(&name) {
            return false;
        }
        let role_word = ROLE_WORDS.contains(&name.as_str())
            || MEMBER_ROLES.contains(&name.as_str())
            || STAFF_ROLES.contains(&name.as_str());
        // 「会長(西川委員)」, 「委員(伊東委員・野口委員)」: a role, then who holds it.
        if role_word && let Some(inner) = annotations.first() {
            if is_count(inner) || inner.contains("職員") {
                self.add_staff(&name, &name);
                return true;
            }
            let role = ROLE_WORDS
                .contains(&name.as_str())
                .then(|| name.clone())
                .filter(|r| r != "委員");
            let mut any = false;
            for person in inner.split(['・', '、', ',']) {
                let person = person.trim();
                if !person.is_empty() {
                    self.person(person, role.clone(), &[], group);
                    any = true;
                }
            }
            if any {
                return true;
            }
        }
        self.person(&name, None, &annotations, group);
        true
    }

    /// A listed person: a member (role from the label, the annotation, the roster) or an
    /// official of the group.
    fn person(&mut self, text: &str, role: Option<String>, annotations: &[String], group: &Group) {
        if !group.member {
            let printed = if annotations.is_empty() {
                text.to_string()
            } else {
                format!("{text}（{}）", annotations.join("、"))
            };
            self.add_staff(&printed, &group.role);
            return;
        }
        let attendance = if group.absent {
            Attendance::Absent
        } else if annotations
            .iter()
            .any(|a| a.contains("オンライン") || a.contains("Web") || a.contains("リモート"))
        {
            Attendance::Online
        } else {
            Attendance::Present
        };
        let annotated = annotations
            .iter()
            .find(|a| ROLE_WORDS.contains(&a.as_str()))
            .cloned();
        // 「会長　山田太郎」 (a table row): the role word, then the name.
        if let Some((head, tail)) = text.split_once([' ', '\u{3000}', '\t'])
            && (ROLE_WORDS.contains(&head) || MEMBER_ROLES.contains(&head))
            && !tail.trim().is_empty()
        {
            let role =
                Some(head.to_string()).filter(|r| r != "委員" && ROLE_WORDS.contains(&r.as_str()));
            self.add_member(tail.trim(), role.or(annotated), attendance);
            return;
        }
        // 「宮入副会長」, 「加藤敏夫委員」: the name, then the role word.
        let (name, suffix) = match ROLE_WORDS
            .iter()
            .find(|r| text.ends_with(*r) && text.len() > r.len())
        {
            Some(r) => (
                text[..text.len() - r.len()].trim().to_string(),
                Some((*r).to_string()),
            ),
            None => (text.to_string(), None),
        };
        let suffix = suffix.filter(|s| s != "委員");
        self.add_member(&name, role.or(annotated).or(suffix), attendance);
    }

    fn push(&mut self, attendee: Attendee) -> usize {
        let at = self.attendees.len();
        self.by_name.entry(compact(&attendee.name)).or_insert(at);
        if let Some(label) = &attendee.label {
            self.by_label.entry(label.clone()).or_insert(at);
        }
        if attendee.member.is_some() || ROLE_WORDS.contains(&attendee.role.as_str()) {
            self.member_names
                .entry(compact(&attendee.name))
                .or_insert(at);
        }
        self.attendees.push(attendee);
        at
    }

    /// Adds a member unless one of that name is listed; the roster supplies id and role.
    pub fn add_member(
        &mut self,
        name: &str,
        role: Option<String>,
        attendance: Attendance,
    ) -> usize {
        if let Some(&at) = self.by_name.get(&compact(name)) {
            return at;
        }
        let roster = self.roster_member(name);
        let (id, member, roster_role) = if let Some(m) = roster {
            (m.id.clone(), Some(m.id.clone()), Some(m.role.clone()))
        } else {
            self.members += 1;
            (format!("member{}", self.members), None, None)
        };
        // A name that is a role (「会長」 in anonymised minutes) is that role.
        let named_role =
            (ROLE_WORDS.contains(&name) || MEMBER_ROLES.contains(&name)).then(|| name.to_string());
        if self.settings.is_some() && member.is_none() && named_role.is_none() {
            self.not_on_roster.push(name.to_string());
        }
        self.push(Attendee {
            id,
            name: name.to_string(),
            role: role
                .or(roster_role)
                .or(named_role)
                .unwrap_or_else(|| "委員".to_string()),
            member,
            label: None,
            attendance,
        })
    }

    pub fn add_staff(&mut self, name: &str, role: &str) -> usize {
        if let Some(&at) = self.by_name.get(&compact(name)) {
            return at;
        }
        self.staff += 1;
        self.push(Attendee {
            id: format!("staff{}", self.staff),
            name: name.to_string(),
            role: role.to_string(),
            member: None,
            label: None,
            attendance: Attendance::Present,
        })
    }

    /// The roster member of this name: exact, else the only member whose name starts with
    /// it (a list that prints family names only).
    fn roster_member(&self, name: &str) -> Option<&'a Member> {
        let key = compact(name);
        if let Some(m) = self.roster.get(&key) {
            return Some(m);
        }
        let committee = self.committee?;
        let mut found = committee
            .members
            .iter()
            .filter(|m| compact(&m.name).starts_with(&key));
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The attendee index for a printed speaker label, the label to keep on the statement
    /// when it differs from the attendee's, and a kind the label itself states
    /// (「…から提案」).
    pub fn speaker(&mut self, label: &str) -> (usize, Option<String>, Option<StatementKind>) {
        let (at, hint) = self.resolve(label);
        let attendee = &mut self.attendees[at];
        if attendee.label.is_none() && compact(&attendee.name) != compact(label) {
            // Only a member's family-name label is the attendee's usual one; other labels
            // stay on the statement.
            if let Some((family, role, _)) = split_label(label)
                && compact(&attendee.name).starts_with(&compact(family))
            {
                attendee.label = Some(format!("{family}{role}"));
                let label = format!("{family}{role}");
                self.by_label.entry(label).or_insert(at);
            }
        }
        let printed = attendee_label(&self.attendees[at]);
        let label = (printed != label).then(|| label.to_string());
        (at, label, hint)
    }

    fn resolve(&mut self, label: &str) -> (usize, Option<StatementKind>) {
        if let Some(&at) = self.by_label.get(label) {
            return (at, None);
        }
        let key = compact(label);
        if let Some(&at) = self.by_name.get(&key) {
            return (at, None);
        }
        // 「事務局(長妻副参事)」, 「会長(西川)」: a role, then who.
        if let Some((outer, inner)) = key.split_once('(')
            && let Some(inner) = inner.strip_suffix(')')
            && !inner.is_empty()
        {
            if let Some(&at) = self.by_name.get(inner) {
                return (at, None);
            }
            if ROLE_WORDS.contains(&outer) {
                return self.resolve(&format!("{inner}{outer}"));
            }
            let at = self.add_staff(inner, outer);
            self.unlisted.push(label.to_string());
            return (at, None);
        }
        if let Some(at) = self.role_only(&key) {
            return (at, None);
        }
        // 「委員A」 in anonymised minutes: one member each, known by the letter.
        let bare = super::speakers::strip_anonymous(&key);
        if bare != key
            && let Some(role) = ROLE_WORDS.iter().find(|r| bare.ends_with(*r))
        {
            let before = self.not_on_roster.len();
            let at = self.add_member(&key, Some((*role).to_string()), Attendance::Present);
            self.not_on_roster.truncate(before);
            return (at, None);
        }
        if let Some((family, role, rest)) = split_label(label) {
            let hint = if rest.contains("提案") {
                Some(StatementKind::Proposal)
            } else if rest.contains("要望") {
                Some(StatementKind::Request)
            } else if rest.contains("質問") {
                Some(StatementKind::Question)
            } else if rest.contains("意見") {
                Some(StatementKind::Opinion)
            } else {
                None
            };
            let family_key = compact(family);
            let listed = self
                .member_names
                .range(family_key.clone()..)
                .take(64)
                .take_while(|(name, _)| name.starts_with(&family_key))
                .map(|(_, at)| *at)
                .min();
            let at = if let Some(at) = listed {
                at
            } else if let Some(member) = self.committee.and_then(|c| {
                c.members
                    .iter()
                    .find(|m| compact(&m.name).starts_with(&family_key))
            }) {
                self.unlisted.push(label.to_string());
                self.from_roster += 1;
                match self.by_name.get(&compact(&member.name)) {
                    Some(&at) => at,
                    None => self.push(Attendee {
                        id: member.id.clone(),
                        name: member.name.clone(),
                        role: member.role.clone(),
                        member: Some(member.id.clone()),
                        label: None,
                        attendance: Attendance::Present,
                    }),
                }
            } else {
                // 「Ａ委員」 in anonymised minutes is nobody to look up.
                let anonymous = family_key.chars().count() <= 2
                    && family_key.chars().all(|c| c.is_ascii_alphanumeric());
                if !anonymous {
                    self.unlisted.push(label.to_string());
                }
                let before = self.not_on_roster.len();
                let at = self.add_member(family, Some(role.to_string()), Attendance::Present);
                // Already counted among the unlisted speakers.
                self.not_on_roster.truncate(before);
                at
            };
            return (at, hint);
        }
        let first = self.staff == 0;
        let role = if first || label.contains("事務局") {
            "事務局"
        } else {
            "説明員"
        };
        // Officials are rarely listed (the seed lists members only): no warning.
        (self.add_staff(label, role), None)
    }

    /// A label that is only a role: the one attendee with that role (the chair for 会長,
    /// 井崎市長 for 市長), or a placeholder attendee for the role.
    fn role_only(&mut self, key: &str) -> Option<usize> {
        let member_role = ROLE_WORDS.contains(&key) || MEMBER_ROLES.contains(&key);
        if !member_role && !STAFF_ROLES.contains(&key) {
            return None;
        }
        if let Some(&at) = self.roles.get(key) {
            return Some(at);
        }
        let at = self.role_holder(key, member_role);
        self.roles.insert(key.to_string(), at);
        Some(at)
    }

    fn role_holder(&mut self, key: &str, member_role: bool) -> usize {
        let holders: Vec<usize> = if member_role {
            self.attendees
                .iter()
                .enumerate()
                .filter(|(_, a)| a.role == key && a.name != key)
                .map(|(i, _)| i)
                .take(2)
                .collect()
        } else {
            self.attendees
                .iter()
                .enumerate()
                .filter(|(_, a)| {
                    a.member.is_none()
                        && (a.role == key
                            || compact(&a.name)
                                .strip_suffix(key)
                                .is_some_and(|s| !s.is_empty() && !s.ends_with('副')))
                })
                .map(|(i, _)| i)
                .take(2)
                .collect()
        };
        if let [one] = holders[..]
            && key != "委員"
        {
            return one;
        }
        if member_role {
            self.add_member(key, Some(key.to_string()), Attendance::Present)
        } else {
            self.add_staff(key, key)
        }
    }

    /// The chair: the attendee with a chair's role, else one announced as 会長, else the
    /// vice-chair standing in (副会長 chairs when the chair is absent).
    pub fn chair(&self) -> Option<String> {
        let present = |a: &&Attendee| a.attendance != Attendance::Absent;
        self.attendees
            .iter()
            .find(|a| CHAIR_ROLES.contains(&a.role.as_str()))
            .or_else(|| {
                self.attendees
                    .iter()
                    .find(|a| a.label.as_deref().is_some_and(|l| l.contains("会長")))
            })
            .or_else(|| {
                self.attendees
                    .iter()
                    .filter(present)
                    .find(|a| matches!(a.role.as_str(), "副会長" | "副委員長" | "副議長"))
            })
            .map(|a| a.id.clone())
    }
}

/// 「(1) 委員」, 「【委 員】」, 「<出席>」, 「(事務局)」, 「委員:」 — a line that only names a group.
fn group_heading(text: &str) -> Option<String> {
    let norm = crate::model::fiscal_year::normalize_width(text);
    let norm = norm.trim();
    let stripped = match super::agenda::number(norm) {
        Some((_, super::agenda::Style::Paren, _, title)) => title,
        _ => norm.to_string(),
    };
    let stripped = stripped.trim();
    let inner = [
        ('【', '】'),
        ('<', '>'),
        ('〈', '〉'),
        ('(', ')'),
        ('[', ']'),
        ('《', '》'),
    ]
    .iter()
    .find_map(|(o, c)| stripped.strip_prefix(*o).and_then(|s| s.strip_suffix(*c)))
    .or_else(|| stripped.strip_suffix([':', '：']))
    .or_else(|| (stripped.len() != norm.len()).then_some(stripped))?;
    let word = compact(inner);
    let short = !word.is_empty() && word.chars().count() <= 15 && !word.contains(['、', ',']);
    (short && !word.contains([':', '：'])).then_some(word)
}

/// 「11人(事務局含め)」, 「傍聴者 1名」, 「6名」: a count, not a person.
fn is_count(text: &str) -> bool {
    let norm = crate::model::fiscal_year::normalize_width(text);
    let head = norm.split(['(', '（']).next().unwrap_or(&norm).trim();
    let Some(body) = head.strip_suffix(['人', '名']) else {
        return false;
    };
    let digits = body.trim_end_matches(|c: char| c.is_ascii_digit());
    digits.len() < body.len() && digits.chars().count() <= 6
}

/// Splits a group written before the names: 「(執行部)浅羽副市長」, 「（欠席：中川美穂）」,
/// 「推進委員(6名):会長(西川委員)」, 「【事務局】阪口一雄」.
fn split_group(text: &str, group: &Group) -> (Group, String) {
    let norm = crate::model::fiscal_year::normalize_width(text);
    // The whole line in parentheses with a colon: 「（欠席：中川美穂）」.
    if let Some(inner) = norm.strip_prefix('(').and_then(|s| s.strip_suffix(')'))
        && let Some((word, names)) = inner.split_once(':')
    {
        return (Group::named(word, group), original_part(text, &norm, names));
    }
    for (open, close) in [('(', ')'), ('【', '】'), ('<', '>'), ('〈', '〉')] {
        if let Some(rest) = norm.strip_prefix(open)
            && let Some((word, names)) = rest.split_once(close)
            && !names.trim().is_empty()
            && !word.chars().all(|c| c.is_ascii_digit())
        {
            return (Group::named(word, group), original_part(text, &norm, names));
        }
    }
    if let Some((word, names)) = norm.split_once(':') {
        let word = word.split('(').next().unwrap_or(word);
        if word.chars().count() <= 15 && !word.contains('、') {
            return (Group::named(word, group), original_part(text, &norm, names));
        }
    }
    (group.clone(), text.to_string())
}

/// The printed text of `part`, a slice of `norm` (the width-normalised `text`; width
/// normalisation keeps one character per character).
fn original_part(text: &str, norm: &str, part: &str) -> String {
    let offset = (part.as_ptr() as usize).saturating_sub(norm.as_ptr() as usize);
    let start = norm.get(..offset).map_or(0, |head| head.chars().count());
    text.chars()
        .skip(start)
        .take(part.chars().count())
        .collect::<String>()
        .trim()
        .to_string()
}

/// Splits on 、 and commas outside parentheses: 「井尻哲也、大狩輝芳(以上、財務課)」.
fn split_top(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            '、' | ',' | '，' if depth == 0 => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out
}

/// A name with its parenthesised annotations split off: 「山本一郎（会長）」 → 山本一郎, `[会長]`.
pub fn split_annotations(token: &str) -> (String, Vec<String>) {
    let mut name = String::new();
    let mut annotations = Vec::new();
    let mut current: Option<String> = None;
    for c in token.chars() {
        match (c, &mut current) {
            ('（' | '(', None) => current = Some(String::new()),
            ('）' | ')', Some(text)) => {
                annotations.push(text.trim().to_string());
                current = None;
            }
            (c, Some(text)) => text.push(c),
            (c, None) => name.push(c),
        }
    }
    if let Some(text) = current {
        name.push('（');
        name.push_str(&text);
    }
    (name.trim().to_string(), annotations)
}

/// Whether a label names an official rather than a member: 事務局, 課長, 副市長 …
pub fn is_official_label(label: &str) -> bool {
    let key = compact(label);
    key.contains("事務局")
        || STAFF_ROLES.contains(&key.as_str())
        || OFFICIAL_SUFFIXES.iter().any(|s| key.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(lines: &[&str], start: Group) -> Vec<(String, String, Attendance)> {
        let mut people = People::new(None, None);
        let mut group = start;
        for line in lines {
            group = people.list_line(line, &group).0;
        }
        people
            .attendees
            .iter()
            .map(|a| (a.name.clone(), a.role.clone(), a.attendance.clone()))
            .collect()
    }

    fn p(name: &str, role: &str) -> (String, String, Attendance) {
        (name.into(), role.into(), Attendance::Present)
    }

    fn absent(name: &str) -> (String, String, Attendance) {
        (name.into(), "委員".into(), Attendance::Absent)
    }

    #[test]
    fn lists_as_printed() {
        assert_eq!(
            listed(&["宮入副会長、小野寺委員"], Group::members(false)),
            [p("宮入", "副会長"), p("小野寺", "委員")]
        );
        assert_eq!(
            listed(
                &[
                    "11人(事務局含め)",
                    "推進委員(6名):会長(西川委員)、職務代理(臼杵委員)、委員(伊東委員・野口委員)",
                    "市役所:事務局(行政改革課職員5名)"
                ],
                Group::members(false)
            ),
            [
                p("西川", "会長"),
                p("臼杵", "委員"),
                p("伊東", "委員"),
                p("野口", "委員"),
                p("事務局", "事務局"),
            ]
        );
        assert_eq!(
            listed(
                &[
                    "【委 員】",
                    "<出席>",
                    "甲野一郎委員、乙野花子委員",
                    "<欠席>",
                    "丙野次郎委員",
                    "【事務局】",
                    "丁野三郎(総務部長)、戊野四郎"
                ],
                Group::members(false)
            ),
            [
                p("甲野一郎", "委員"),
                p("乙野花子", "委員"),
                absent("丙野次郎"),
                p("丁野三郎（総務部長）", "事務局"),
                p("戊野四郎", "事務局"),
            ]
        );
        assert_eq!(
            listed(
                &[
                    "(1) 委員",
                    "甲委員",
                    "(2) 市",
                    "(執行部)乙副市長、丙部長",
                    "(事務局)丁課長"
                ],
                Group::members(false)
            ),
            [
                p("甲", "委員"),
                p("乙副市長", "執行部"),
                p("丙部長", "執行部"),
                p("丁課長", "事務局")
            ]
        );
        assert_eq!(
            listed(
                &[
                    "山本一郎（会長）、田村　誠（オンライン）",
                    "（欠席：中川美穂）",
                    "（事務局：行政経営課長）"
                ],
                Group::members(false)
            ),
            [
                p("山本一郎", "会長"),
                ("田村　誠".into(), "委員".into(), Attendance::Online),
                absent("中川美穂"),
                p("行政経営課長", "事務局"),
            ]
        );
    }

    #[test]
    fn table_rows_of_role_and_name() {
        assert_eq!(
            listed(&["会長\t山田太郎", "委員　川口花子"], Group::members(false)),
            [p("山田太郎", "会長"), p("川口花子", "委員")]
        );
    }

    #[test]
    fn groups_on_one_line() {
        assert_eq!(
            listed(
                &["【委員】甲会長、乙委員【事務局】丙課長"],
                Group::members(false)
            ),
            [p("甲", "会長"), p("乙", "委員"), p("丙課長", "事務局")]
        );
    }

    #[test]
    fn role_only_speakers() {
        let mut people = People::new(None, None);
        let group = Group::members(false);
        people.list_line("会長(西川委員)、甲委員、乙委員", &group);
        people.list_line("井崎市長、石原副市長", &Group::staff("関係部署"));
        let name = |people: &mut People, label: &str| {
            let (at, _, _) = people.speaker(label);
            people.attendees[at].name.clone()
        };
        assert_eq!(name(&mut people, "会長"), "西川");
        assert_eq!(name(&mut people, "市長"), "井崎市長");
        assert_eq!(name(&mut people, "副市長"), "石原副市長");
        assert_eq!(name(&mut people, "委員"), "委員");
        assert_eq!(name(&mut people, "甲委員"), "甲");
        assert_eq!(name(&mut people, "事務局"), "事務局");
        assert_eq!(name(&mut people, "事務局(丙副参事)"), "丙副参事");
        assert_eq!(people.unlisted, ["事務局(丙副参事)"]);
        let (a, _, _) = people.speaker("委員A");
        let (b, _, _) = people.speaker("委員Ｂ");
        let (again, _, _) = people.speaker("委員A");
        assert_ne!(a, b);
        assert_eq!(a, again);
        assert_eq!(people.attendees[a].role, "委員");
    }
}
