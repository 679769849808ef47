//! The questionnaire of `review`, in the assessment questionnaire's style:
//! first how each open action and objective of earlier reviews went, then
//! the actions agreed now — the competencies below the person's role offered
//! as starting points, each with the behaviours still to show — then the
//! objectives for the coming cycle. Every answer is checked as it is given
//! (a day, an owner, a text without control characters) and asked again when
//! it cannot be used, so nothing is refused at the end. The terminal is
//! behind [`Prompter`], so the logic is tested with scripted answers.

use std::fmt::Write as _;

use super::{Interrupted, Prompter};
use crate::report::review::Item;
use crate::review::{Action, ItemKind, Mark, OWNER_MANAGER, OWNER_SELF, Objective, Progress};

/// A competency below the role, offered as a starting point for an action.
#[derive(Clone, Debug)]
pub(crate) struct Gap {
    pub competency: String,
    pub name: String,
    pub rating: Option<String>,
    pub required: String,
    /// The behaviours still to show, lowest level first.
    pub behaviours: Vec<String>,
}

/// What the questionnaire needs to know.
pub(crate) struct Setup<'a> {
    /// The person, as people read them.
    pub person: &'a str,
    /// Actions and objectives of earlier reviews still open.
    pub open: &'a [Item],
    /// The plan's gaps: the starting points for actions.
    pub gaps: &'a [Gap],
    /// The day of the review, `YYYY-MM-DD`: nothing is due before it.
    pub date: &'a str,
    /// The due day offered for a new item.
    pub default_due: &'a str,
    /// The people of the roster, by id, who may own an action.
    pub roster: &'a [String],
}

/// What was answered.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Answers {
    pub progress: Vec<Progress>,
    pub actions: Vec<Action>,
    pub objectives: Vec<Objective>,
}

/// Ask the whole review.
pub(crate) fn run(setup: &Setup<'_>, prompter: &mut dyn Prompter) -> Result<Answers, Interrupted> {
    let mut answers = Answers::default();
    if !setup.open.is_empty() {
        prompter.say(&format!(
            "\nHow did the actions and objectives still open for {} go?",
            setup.person
        ));
        for item in setup.open {
            if let Some(progress) = ask_progress(setup, item, prompter)? {
                answers.progress.push(progress);
            }
        }
    }
    prompter.say("\nActions agreed now");
    while let Some(action) = ask_action(setup, prompter)? {
        answers.actions.push(action);
    }
    prompter.say("\nObjectives for the coming cycle");
    while prompter.confirm(
        if answers.objectives.is_empty() {
            "Add an objective?"
        } else {
            "Add another objective?"
        },
        answers.objectives.is_empty(),
    )? {
        let text = ask_text(prompter, "The objective:", "", true)?;
        let measure = ask_text(
            prompter,
            "How will it be known to be met? (Enter to leave blank)",
            "",
            false,
        )?;
        let due = ask_due(setup, prompter, "Due by (YYYY-MM-DD):", setup.default_due)?;
        answers.objectives.push(Objective {
            id: String::new(),
            text,
            measure: Some(measure).filter(|m| !m.is_empty()),
            due,
        });
    }
    Ok(answers)
}

/// How an open item went: a mark and an outcome line, or nothing yet.
fn ask_progress(
    setup: &Setup<'_>,
    item: &Item,
    prompter: &mut dyn Prompter,
) -> Result<Option<Progress>, Interrupted> {
    let marks: &[Mark] = match item.kind {
        ItemKind::Action => &Mark::ACTION,
        ItemKind::Objective => &Mark::OBJECTIVE,
    };
    prompter.say(&format!(
        "\n{} {}: {}\n  agreed {}, due {}{}",
        item.kind.as_str(),
        item.id,
        item.text,
        item.agreed,
        item.due,
        item.outcome
            .as_deref()
            .map(|o| format!("; last: {o}"))
            .unwrap_or_default()
    ));
    let mut options: Vec<String> = marks.iter().map(|m| capitalised(m.words())).collect();
    options.push("Nothing to record yet".to_owned());
    let choice = prompter.select("How did it go?", &options, options.len() - 1)?;
    let Some(&mark) = marks.get(choice) else {
        return Ok(None);
    };
    let question = match item.kind {
        ItemKind::Action => "What came of it? (one line)",
        ItemKind::Objective => "A comment on it (one line):",
    };
    let outcome = ask_text(prompter, question, "", true)?;
    let due = if mark == Mark::CarriedOver {
        Some(ask_due(
            setup,
            prompter,
            "Due by, now (YYYY-MM-DD):",
            &item.due.clone().max(setup.default_due.to_owned()),
        )?)
    } else {
        None
    };
    Ok(Some(Progress {
        item: item.id.clone(),
        status: mark,
        outcome: Some(outcome),
        due,
    }))
}

/// One action agreed now, starting from a gap of the plan or from nothing;
/// `None` when no more are wanted.
fn ask_action(
    setup: &Setup<'_>,
    prompter: &mut dyn Prompter,
) -> Result<Option<Action>, Interrupted> {
    let mut options: Vec<String> = setup
        .gaps
        .iter()
        .map(|g| {
            format!(
                "{} ({} → {})",
                g.name,
                g.rating.as_deref().unwrap_or("not rated"),
                g.required
            )
        })
        .collect();
    options.push("An action for no one competency".to_owned());
    options.push("No more actions".to_owned());
    let choice = prompter.select(
        "Add an action? The competencies below the role are offered first:",
        &options,
        0,
    )?;
    if choice == options.len() - 1 {
        return Ok(None);
    }
    let gap = setup.gaps.get(choice);
    let mut initial = String::new();
    if let Some(gap) = gap {
        let mut text = format!("Behaviours still to show in {}:", gap.name);
        for b in gap.behaviours.iter().take(5) {
            text.push_str("\n  • ");
            text.push_str(b);
        }
        prompter.say(&text);
        initial = gap.behaviours.first().cloned().unwrap_or_default();
    }
    let text = ask_text(prompter, "The action:", &initial, true)?;
    let owner = ask_owner(setup, prompter)?;
    let due = ask_due(setup, prompter, "Due by (YYYY-MM-DD):", setup.default_due)?;
    let support = ask_text(prompter, "Support agreed (Enter for none):", "", false)?;
    Ok(Some(Action {
        id: String::new(),
        text,
        competency: gap.map(|g| g.competency.clone()),
        owner,
        due,
        support: Some(support).filter(|s| !s.is_empty()),
    }))
}

fn ask_owner(setup: &Setup<'_>, prompter: &mut dyn Prompter) -> Result<String, Interrupted> {
    let options = vec![
        format!("{} (self)", setup.person),
        "Their line manager (manager)".to_owned(),
        "Someone else on the roster (an id)".to_owned(),
    ];
    match prompter.select("Who does it?", &options, 0)? {
        0 => Ok(OWNER_SELF.to_owned()),
        1 => Ok(OWNER_MANAGER.to_owned()),
        _ => loop {
            let id = ask_text(
                prompter,
                "Their id on the roster (e.g. lee-grant):",
                "",
                true,
            )?;
            if setup.roster.contains(&id) {
                return Ok(id);
            }
            prompter.say(&format!(
                "`{}` is not on the roster (`competency people` lists it); try again",
                crate::text::escape_controls(&id)
            ));
        },
    }
}

/// A day, not before the review's, asked again until it is one.
fn ask_due(
    setup: &Setup<'_>,
    prompter: &mut dyn Prompter,
    question: &str,
    initial: &str,
) -> Result<String, Interrupted> {
    let today = crate::date::today();
    loop {
        let text = prompter.text(question, initial)?;
        match crate::date::accept(&text, crate::date::Kind::Any, today) {
            Ok(day) if day.to_string().as_str() >= setup.date => return Ok(day.to_string()),
            Ok(day) => prompter.say(&format!(
                "{day} is before the review's day, {}; try again",
                setup.date
            )),
            Err(refused) => prompter.say(&format!("{refused}; try again")),
        }
    }
}

/// A line of text, whitespace normalised, asked again while it holds a
/// control character (or, when `needed`, is empty).
fn ask_text(
    prompter: &mut dyn Prompter,
    question: &str,
    initial: &str,
    needed: bool,
) -> Result<String, Interrupted> {
    loop {
        let text = prompter.text(question, initial)?;
        if let Some(c) = crate::text::find_control(&text) {
            prompter.say(&format!(
                "the text holds a control character ({}); type it without",
                crate::text::escape_controls(&c.to_string())
            ));
            continue;
        }
        let text = crate::text::normalise(&text);
        if needed && text.is_empty() {
            prompter.say("a line is needed here");
            continue;
        }
        return Ok(text);
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What was answered, to read back before saving.
pub(crate) fn summary(answers: &Answers) -> String {
    let mut out = String::from("\nThis review records:\n");
    for p in &answers.progress {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            p.item,
            p.status.words(),
            p.outcome.as_deref().unwrap_or_default()
        );
    }
    for a in &answers.actions {
        let _ = writeln!(
            out,
            "  action: {} (owner {}, due {})",
            a.text, a.owner, a.due
        );
    }
    for o in &answers.objectives {
        let _ = writeln!(out, "  objective: {} (due {})", o.text, o.due);
    }
    if answers.progress.is_empty() && answers.actions.is_empty() && answers.objectives.is_empty() {
        out.push_str("  nothing\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::tests::{Answer, script};
    use crate::record::Status;
    use crate::report::review::State;

    fn open_action() -> Item {
        Item {
            id: "a2".to_owned(),
            kind: ItemKind::Action,
            text: "Book the course".to_owned(),
            framework: None,
            competency: None,
            owner: Some("self".to_owned()),
            support: None,
            measure: None,
            due: "2026-09-30".to_owned(),
            agreed: "2026-03-17".to_owned(),
            review: "2026-03-17-review.toml".to_owned(),
            review_status: Status::Final,
            status: State::Open,
            outcome: None,
            updated: None,
            overdue: true,
        }
    }

    fn setup<'a>(open: &'a [Item], gaps: &'a [Gap], roster: &'a [String]) -> Setup<'a> {
        Setup {
            person: "Alex Morgan",
            open,
            gaps,
            date: "2026-10-02",
            default_due: "2027-03-01",
            roster,
        }
    }

    #[test]
    fn progress_then_an_action_from_a_gap_then_an_objective() {
        let open = [open_action()];
        let gaps = [Gap {
            competency: "team-working".to_owned(),
            name: "Team Working".to_owned(),
            rating: Some("2".to_owned()),
            required: "3".to_owned(),
            behaviours: vec!["Shares what they know".to_owned()],
        }];
        let roster = ["lee-grant".to_owned()];
        let mut s = script(vec![
            // a2: carried over, with an outcome, a day refused then one taken.
            Answer::Select(2),
            Answer::Text("Course full; \u{1b}[2J"),
            Answer::Text("Course full"),
            Answer::Text("2026-01-01"),
            Answer::Text("2027-01-31"),
            // An action from the gap, owned by someone on the roster.
            Answer::Select(0),
            Answer::Text("Run the team huddle"),
            Answer::Select(2),
            Answer::Text("nobody"),
            Answer::Text("lee-grant"),
            Answer::Text("2027-02-28"),
            Answer::Text(""),
            // No more actions.
            Answer::Select(2),
            // An objective (confirm answers its default: yes), then no more.
            Answer::Text("Cut waiting times"),
            Answer::Text("Under 4 weeks"),
            Answer::Text("2027-03-01"),
        ]);
        let answers = run(&setup(&open, &gaps, &roster), &mut s).unwrap();
        assert_eq!(answers.progress.len(), 1);
        assert_eq!(answers.progress[0].status, Mark::CarriedOver);
        assert_eq!(answers.progress[0].outcome.as_deref(), Some("Course full"));
        assert_eq!(answers.progress[0].due.as_deref(), Some("2027-01-31"));
        assert_eq!(answers.actions.len(), 1);
        let a = &answers.actions[0];
        assert_eq!(
            (
                a.text.as_str(),
                a.competency.as_deref(),
                a.owner.as_str(),
                a.due.as_str()
            ),
            (
                "Run the team huddle",
                Some("team-working"),
                "lee-grant",
                "2027-02-28"
            )
        );
        assert_eq!(answers.objectives.len(), 1);
        assert_eq!(
            answers.objectives[0].measure.as_deref(),
            Some("Under 4 weeks")
        );
        let said = s.said.join("\n");
        assert!(said.contains("Shares what they know"), "{said}");
        assert!(said.contains("before the review's day"), "{said}");
        assert!(said.contains("control character"), "{said}");
        assert!(said.contains("`nobody` is not on the roster"), "{said}");
    }

    #[test]
    fn a_stop_is_a_stop() {
        let open = [open_action()];
        let mut s = script(vec![Answer::Stop]);
        assert_eq!(run(&setup(&open, &[], &[]), &mut s), Err(Interrupted));
    }
}
