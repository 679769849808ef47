//! Rows into records: one record per person, framework, rater kind, rater,
//! date and file, whose rows agree; and the corrections among them.

use std::collections::HashMap;

use super::Columns;
use super::row::Line;
use crate::diagnostic::{At, Code, Collector};
use crate::record::RaterKind;

/// The rows of one record.
pub(super) struct Group<'t> {
    pub(super) lines: Vec<Line<'t>>,
}

/// Group rows into records, in the order records first appear; a record
/// rates each competency once, and its rows agree on what they share.
pub(super) fn group<'t>(
    c: &mut Collector<'_>,
    columns: &Columns,
    lines: Vec<Line<'t>>,
) -> Vec<Group<'t>> {
    type Key = (
        String,
        String,
        RaterKind,
        Option<String>,
        String,
        Option<String>,
    );
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut groups: Vec<Group<'t>> = Vec::new();
    for line in lines {
        let key = (
            line.person.clone(),
            line.framework.id.clone(),
            line.by,
            line.rater.clone(),
            line.date.clone(),
            line.file.clone(),
        );
        let Some(&i) = index.get(&key) else {
            index.insert(key, groups.len());
            groups.push(Group { lines: vec![line] });
            continue;
        };
        let group = &mut groups[i];
        let first = &group.lines[0];
        let at = |column: &str| At::Location(columns.cell(line.row, column).map(|c| c.at));
        if let Some(twice) = group
            .lines
            .iter()
            .find(|l| l.rating.competency == line.rating.competency)
        {
            let help = if columns.has("file") {
                "a record rates each competency once".to_owned()
            } else {
                "a record rates each competency once; if these rows are two records of the same day and rater (a record and its correction), add export's `file` column to tell them apart".to_owned()
            };
            c.error(
                Code::DuplicateRating,
                at("competency"),
                "competency",
                format!(
                    "`{}` is rated twice in one record (also on line {})",
                    line.rating.competency, twice.row.line
                ),
            )
            .help(help);
            continue;
        }
        let shared = [
            (
                "subject",
                line.subject.as_str().to_owned(),
                first.subject.as_str().to_owned(),
            ),
            (
                "role",
                line.role.clone().unwrap_or_default(),
                first.role.clone().unwrap_or_default(),
            ),
            (
                "status",
                line.status.as_str().to_owned(),
                first.status.as_str().to_owned(),
            ),
            (
                "amends",
                columns
                    .text(line.row, "amends")
                    .unwrap_or_default()
                    .to_owned(),
                columns
                    .text(first.row, "amends")
                    .unwrap_or_default()
                    .to_owned(),
            ),
        ];
        let mut agrees = true;
        for (column, here, there) in shared {
            if here != there {
                agrees = false;
                c.error(
                    Code::ConflictingRows,
                    at(column),
                    column,
                    format!(
                        "this row gives `{}` as the record's {column}, but line {} of the same record gives `{}`",
                        here.escape_debug(),
                        first.row.line,
                        there.escape_debug()
                    ),
                )
                .help("the rows of one record (same person, framework, by, rater and date) must agree");
            }
        }
        if agrees {
            group.lines.push(line);
        }
    }
    groups
}

/// For each record, the record of the table it amends: its `amends` names
/// another record's `file`. A name outside the table is dropped with a
/// warning; records amending each other are refused.
pub(super) fn links(
    c: &mut Collector<'_>,
    columns: &Columns,
    groups: &[Group<'_>],
) -> Vec<Option<usize>> {
    // Each record by its person and file name, so every look-up is one step
    // however long the file.
    let by_file: HashMap<(&str, &str), usize> = groups
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let l = &g.lines[0];
            Some(((l.person.as_str(), l.file.as_deref()?), i))
        })
        .collect();
    let mut links = vec![None; groups.len()];
    for (i, group) in groups.iter().enumerate() {
        let first = &group.lines[0];
        let Some(name) = columns.text(first.row, "amends") else {
            continue;
        };
        let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let at = At::Location(columns.cell(first.row, "amends").map(|c| c.at));
        match by_file.get(&(first.person.as_str(), name)) {
            Some(&t) => links[i] = Some(t),
            None => {
                c.warning(
                    Code::UnknownAmends,
                    at,
                    "amends",
                    format!(
                        "`{}` is not a record of `{}` in this file, so the imported record amends nothing",
                        name.escape_debug(),
                        first.person
                    ),
                )
                .help("import the corrected record in the same file, as export writes it, to keep the correction");
            }
        }
    }
    for i in in_cycles(&links) {
        let first = &groups[i].lines[0];
        c.error(
            Code::AmendsCycle,
            At::Location(columns.cell(first.row, "amends").map(|c| c.at)),
            "amends",
            "records of this file amend each other (or one amends itself), so none could count",
        );
    }
    links
}

/// The records on a loop of links (each record links to at most one), in
/// order; linear in the number of records.
fn in_cycles(links: &[Option<usize>]) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        Not,
        OnPath,
        Done,
    }
    let mut seen = vec![Seen::Not; links.len()];
    let mut cyclic = vec![false; links.len()];
    for start in 0..links.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match seen[i] {
                Seen::Done => break,
                Seen::OnPath => {
                    // The path from `i` on is a loop.
                    if let Some(from) = path.iter().position(|&p| p == i) {
                        for &p in &path[from..] {
                            cyclic[p] = true;
                        }
                    }
                    break;
                }
                Seen::Not => {
                    seen[i] = Seen::OnPath;
                    path.push(i);
                    at = links[i];
                }
            }
        }
        for p in path {
            seen[p] = Seen::Done;
        }
    }
    (0..links.len()).filter(|&i| cyclic[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::in_cycles;

    #[test]
    fn only_records_on_a_loop_are_in_a_cycle() {
        assert_eq!(in_cycles(&[Some(1), Some(0), Some(0), None]), [0, 1]);
        assert_eq!(in_cycles(&[Some(0)]), [0]);
        assert_eq!(in_cycles(&[None, Some(0), Some(1)]), Vec::<usize>::new());
        assert_eq!(in_cycles(&[Some(1), Some(2), Some(3), Some(1)]), [1, 2, 3]);
    }
}
