//! The application layer: what each command needs loaded, checked and
//! computed, ready to render. A front end (the command line today) parses
//! its input, calls one function here and presents what it returns; nothing
//! here parses arguments or prints.

pub(crate) mod assess;
pub(crate) mod calibrate;
pub(crate) mod dataset;
pub(crate) mod export;
pub(crate) mod impact;
pub(crate) mod people;
pub(crate) mod person;
pub(crate) mod review;
pub(crate) mod status;
pub(crate) mod team;

use rayon::prelude::*;

use crate::roster::Roster;

/// Whose records a report about part of the organisation reads: a line
/// manager's people (with `all`, their whole reporting line), or a team,
/// as the roster names them; everyone when neither is given.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    pub(crate) manager: Option<String>,
    pub(crate) all: bool,
    pub(crate) team: Option<String>,
}

impl Scope {
    /// The ids in scope (`None`: everyone).
    pub(crate) fn ids(&self, roster: &Roster) -> anyhow::Result<Option<Vec<String>>> {
        team::roster_scope(
            roster,
            self.manager.as_deref(),
            self.all,
            self.team.as_deref(),
        )
    }
}

/// What reading everyone warned about, and the records it left out.
#[derive(Default)]
pub(crate) struct ReadPast {
    pub(crate) warnings: Vec<crate::diagnostic::Diagnostic>,
    pub(crate) left: Vec<crate::diagnostic::Diagnostic>,
}

/// Read the records of each of `people` (of framework `only`, when given)
/// and give them to `using` in order, as [`read_in_order`] does, keeping
/// what reading warned about and left out.
pub(crate) fn each_person(
    ws: &crate::workspace::Workspace,
    catalog: &crate::catalog::Catalog,
    (people, only): (&[String], Option<&str>),
    mut using: impl FnMut(&str, Vec<crate::record::Filed>) -> anyhow::Result<()>,
) -> anyhow::Result<ReadPast> {
    let mut past = ReadPast::default();
    read_in_order(
        people,
        |person| person::records_of(ws, catalog, person, only),
        |person, read| {
            let read = read?;
            past.warnings.extend(read.warnings);
            past.left.extend(read.left_out);
            using(person, read.records)
        },
    )?;
    Ok(past)
}

/// Read many people and use each in order: `read` runs for a chunk of
/// people at a time, in parallel, while `using` takes the chunk before, so
/// reading and writing overlap. The output is the same every time (people
/// are used in the order given) and memory holds a few chunks at most. The
/// first error of `using` stops the reading.
pub(crate) fn read_in_order<T: Send>(
    people: &[String],
    read: impl Fn(&str) -> T + Sync,
    mut using: impl FnMut(&str, T) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    const CHUNK: usize = 256;
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<T>>(1);
        let read = &read;
        scope.spawn(move || {
            for chunk in people.chunks(CHUNK) {
                let done: Vec<T> = chunk.par_iter().map(|p| read(p)).collect();
                if send.send(done).is_err() {
                    // The user stopped (an error): read no more.
                    return;
                }
            }
        });
        for (chunk, done) in people.chunks(CHUNK).zip(receive.iter()) {
            for (person, value) in chunk.iter().zip(done) {
                using(person, value)?;
            }
        }
        Ok(())
    })
}
