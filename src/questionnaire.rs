//! The interactive questionnaire of `assess`: walks through each competency,
//! shows its definition and the indicators of each level, and asks for a level
//! (or ticks of behaviours, in checklist mode) and evidence. The terminal is
//! behind the [`Prompter`] trait, so the logic is tested with scripted answers.
//!
//! Progress is handed to a callback after every competency, so an interrupted
//! questionnaire can be resumed where it stopped.

pub(crate) mod review;

use std::fmt::Write as _;

use crate::checklist::{Derivation, derive_level, is_fragment};
use crate::model::{Competency, Framework, Indicator, Polarity, RoleProfile, Subject};
use crate::record::{Method, Rating};

/// The rater stopped the questionnaire (Ctrl-C or Esc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Interrupted;

/// The rater stopped at a free-text question: what they had typed so far
/// (empty when nothing, or when the terminal cannot tell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unfinished(pub String);

impl From<Unfinished> for Interrupted {
    fn from(_: Unfinished) -> Interrupted {
        Interrupted
    }
}

/// What the questionnaire needs from a terminal.
pub(crate) trait Prompter {
    /// Show text.
    fn say(&mut self, text: &str);
    /// Choose one of `options`; `default` is preselected.
    fn select(
        &mut self,
        question: &str,
        options: &[String],
        default: usize,
    ) -> Result<usize, Interrupted>;
    /// Tick any of `options`.
    fn multi_select(
        &mut self,
        question: &str,
        options: &[String],
    ) -> Result<Vec<usize>, Interrupted>;
    /// Free text, starting from `initial` (which the person can edit);
    /// empty for none. Stopped, it gives what was typed so far.
    fn text(&mut self, question: &str, initial: &str) -> Result<String, Unfinished>;
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool, Interrupted>;
}

/// How the questionnaire runs.
pub(crate) struct Setup<'a> {
    pub framework: &'a Framework,
    pub subject_id: &'a str,
    pub subject: Subject,
    pub checklist: bool,
    /// The rater's previous ratings (of the same kind), offered first when
    /// re-assessing.
    pub previous: &'a [Rating],
    /// The role assessed for: competencies the framework applies only to
    /// roles that require them are asked only when it does.
    pub role: Option<&'a RoleProfile>,
    /// `--all-competencies`: ask those too.
    pub all_competencies: bool,
    /// For a manager: the person's own latest rating of each competency,
    /// shown beside the question (empty for anyone else).
    pub own: &'a [Own],
}

/// The person's own rating of a competency, as a manager re-assessing
/// sees it: the rating, and the day and finality of its self-assessment.
#[derive(Clone, Debug)]
pub(crate) struct Own {
    pub rating: Rating,
    pub date: String,
    pub is_final: bool,
}

/// The person's own rating and evidence of `competency`, in words, for
/// the manager's question; `None` when they have not rated it.
fn own_view(framework: &Framework, own: &[Own], competency: &str) -> Option<String> {
    let own = own.iter().find(|o| o.rating.competency == competency)?;
    let level = match (&own.rating.level, own.rating.not_applicable) {
        (_, true) => "not applicable".to_owned(),
        (Some(code), _) => match framework.scale.level(code) {
            Some(l) if l.label != l.code => format!("{} — {}", l.code, l.label),
            _ => format!("Level {code}"),
        },
        (None, false) => "not rated".to_owned(),
    };
    let mut text = format!(
        "  Their own rating: {level} (self-assessment of {}, {})",
        own.date,
        if own.is_final { "final" } else { "draft" }
    );
    if let Some(evidence) = &own.rating.evidence {
        let _ = write!(text, "\n  Their evidence: {evidence}");
    }
    Some(crate::text::escape_controls(&text).into_owned())
}

/// Who is rating and for which role, asked before the first competency when
/// the command line did not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Who {
    pub rater: Option<String>,
    pub role: Option<String>,
}

/// Ask for what `given` lacks: the rater's name (starting from `default.rater`,
/// editable) and the role, among the framework's roles (starting on
/// `default.role`, or on "no role").
pub(crate) fn ask_who(
    prompter: &mut dyn Prompter,
    given: &Who,
    default: &Who,
    roles: &[(String, String)],
) -> Result<Who, Interrupted> {
    let rater = if let Some(rater) = &given.rater {
        Some(rater.clone())
    } else {
        let name = prompter.text(
            "Who is rating? (your name; Enter to leave blank)",
            default.rater.as_deref().unwrap_or(""),
        )?;
        Some(crate::text::normalise(&name)).filter(|n| !n.is_empty())
    };
    let role = match &given.role {
        Some(role) => Some(role.clone()),
        None if roles.is_empty() => None,
        None => {
            let mut options: Vec<String> = roles
                .iter()
                .map(|(id, name)| format!("{name} ({id})"))
                .collect();
            options.push("No role".to_owned());
            // The person's role when it is known; else the only role there
            // is; else "No role", so Enter never picks one of several.
            let start = default
                .role
                .as_deref()
                .and_then(|r| roles.iter().position(|(id, _)| id == r))
                .unwrap_or(if roles.len() == 1 { 0 } else { roles.len() });
            let choice = prompter.select("Which role is this assessment for?", &options, start)?;
            roles.get(choice).map(|(id, _)| id.clone())
        }
    };
    Ok(Who { rater, role })
}

/// What the questionnaire leaves out, and why: the competencies a group
/// keeps for roles that require them, when this one does not.
fn left_out_note(setup: &Setup<'_>, left_out: &[&Competency]) -> Option<String> {
    let first = left_out.first()?;
    let group = setup.framework.reserved_by(&first.id)?;
    let whose = match setup.role {
        Some(role) => format!("role `{}` does not require them", role.id),
        None => "this assessment is for no role that requires them".to_owned(),
    };
    Some(format!(
        "Not asked: the {} ({}), which the framework applies only to roles that require them; {whose}. Give --all-competencies to be asked them too.",
        group.name,
        left_out
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// Put `rating` in `ratings`, replacing an earlier answer for its competency.
fn upsert(ratings: &mut Vec<Rating>, rating: &Rating) {
    match ratings
        .iter_mut()
        .find(|r| r.competency == rating.competency)
    {
        Some(existing) => *existing = rating.clone(),
        None => ratings.push(rating.clone()),
    }
}

/// Ask about every competency not yet in `ratings` (a resumed questionnaire
/// skips those answered). Every answer is handed to `save` (with all the
/// ratings so far) before the next question is asked, so a stop loses nothing.
pub(crate) fn run(
    setup: &Setup<'_>,
    prompter: &mut dyn Prompter,
    ratings: &mut Vec<Rating>,
    save: &mut dyn FnMut(&[Rating]),
) -> Result<(), Interrupted> {
    let (list, left_out): (Vec<&Competency>, Vec<&Competency>) = setup
        .framework
        .competencies_of(setup.subject)
        .partition(|c| setup.all_competencies || setup.framework.offered(&c.id, setup.role));
    if let Some(note) = left_out_note(setup, &left_out) {
        prompter.say(&note);
    }
    if setup.subject == Subject::Organisation {
        prompter.say(&format!(
            "This assessment rates an organisation or team, `{}`, not a person: answer for the organisation as a whole.",
            setup.subject_id
        ));
    }
    let answered = |ratings: &[Rating], id: &str| ratings.iter().any(|r| r.competency == id);
    let total = list.len();
    for (i, competency) in list.iter().enumerate() {
        if answered(ratings, &competency.id) {
            continue;
        }
        prompter.say(&describe(
            setup.framework,
            competency,
            i + 1,
            total,
            !setup.checklist,
        ));
        if let Some(own) = own_view(setup.framework, setup.own, &competency.id) {
            prompter.say(&own);
        }
        let previous = setup
            .previous
            .iter()
            .find(|r| r.competency == competency.id)
            .and_then(|r| r.level.as_deref());
        let mut rating = Rating::new(&competency.id);
        let derived = if setup.checklist {
            let derivation = ask_ticks(setup.framework, competency, prompter, &mut rating)?;
            upsert(ratings, &rating);
            save(ratings);
            Some(derivation)
        } else {
            None
        };
        let choice = ask_level(
            setup.framework,
            competency,
            prompter,
            derived.as_ref(),
            previous,
            &mut rating,
        )?;
        // The level is the checklist's when the rater kept what the ticks
        // give (a level, or not yet the first one); any other is chosen.
        if let Some(d) = &derived
            && match choice {
                Choice::Level => rating.level.is_some() && rating.level == d.level,
                Choice::BelowFirst => true,
                Choice::NotApplicable | Choice::Skip => false,
            }
        {
            rating.method = Method::Checklist;
        }
        let chosen = matches!(choice, Choice::Level | Choice::BelowFirst);
        upsert(ratings, &rating);
        save(ratings);
        if chosen {
            // Evidence half typed when the rater stops is kept with the
            // rating, and they are told so.
            let (evidence, stopped) =
                match prompter.text("Evidence (optional, Enter to leave blank):", "") {
                    Ok(evidence) => (evidence, false),
                    Err(Unfinished(typed)) => (typed, true),
                };
            let evidence = crate::text::normalise(&evidence);
            if !evidence.is_empty() {
                rating.evidence = Some(evidence);
                upsert(ratings, &rating);
                save(ratings);
                if stopped {
                    prompter.say(&format!(
                        "Kept the evidence typed so far for {}.",
                        competency.name
                    ));
                }
            }
            if stopped {
                return Err(Interrupted);
            }
        }
    }
    Ok(())
}

/// A competency as the rater sees it before answering.
pub(crate) fn describe(
    framework: &Framework,
    c: &Competency,
    n: usize,
    total: usize,
    with_indicators: bool,
) -> String {
    let mut text = format!("\n[{n}/{total}] {} ({})\n", c.name, c.id);
    if let Some(d) = &c.definition {
        let _ = writeln!(text, "{d}");
    }
    if with_indicators {
        let indicators = c.indicators.iter().map(|i| (None, i)).chain(
            c.themes
                .iter()
                .flat_map(|t| t.indicators.iter().map(move |i| (Some(t), i))),
        );
        let mut last = String::new();
        for (theme, i) in indicators {
            let heading = match theme {
                Some(t) => format!("{} — {}", t.name, framework.indicator_heading(i)),
                None => framework.indicator_heading(i),
            };
            if heading != last {
                let _ = writeln!(text, "\n  {heading}");
                last = heading;
            }
            let mark = if i.polarity == Polarity::Negative {
                "✗"
            } else {
                "•"
            };
            let _ = writeln!(text, "    {mark} {}", i.text);
        }
    }
    text
}

/// The choices for a level: each level, then not applicable, then skip.
pub(crate) fn level_options(framework: &Framework) -> Vec<String> {
    let mut options: Vec<String> = framework
        .scale
        .levels
        .iter()
        .map(|l| {
            if l.label == l.code {
                l.code.clone()
            } else {
                format!("{} — {}", l.code, l.label)
            }
        })
        .collect();
    options.push("Not applicable".to_owned());
    options.push(SKIP.to_owned());
    options
}

const SKIP: &str = "Skip (leave unrated)";

/// What the rater chose in the level menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    Level,
    /// Not yet at the first level: what a checklist that reaches no level shows.
    BelowFirst,
    NotApplicable,
    Skip,
}

/// Ask for a level and set it on `rating`. Without a checklist the menu
/// starts on the previous rating, else the first level. After a checklist
/// it starts on what the ticks give: their level, or, when they reach
/// none, "not yet at" the first level (or skip, where the indicators have
/// no levels) — so a level the ticks did not reach, a mid-point among
/// them, is only ever set by moving to it.
fn ask_level(
    framework: &Framework,
    c: &Competency,
    prompter: &mut dyn Prompter,
    derived: Option<&Derivation>,
    previous: Option<&str>,
    rating: &mut Rating,
) -> Result<Choice, Interrupted> {
    let mut options = level_options(framework);
    let levels = framework.scale.levels.len();
    let position = |code: &str| framework.scale.levels.iter().position(|l| l.code == code);
    // With "not yet at" first, every other option is one further down.
    let below = derived.and_then(|d| d.not_yet_at.as_deref());
    let shift = usize::from(below.is_some());
    if let Some(first) = below {
        options.insert(
            0,
            format!("Not yet at {first} (what the ticks show: no level reached yet)"),
        );
    }
    let default = match derived {
        Some(d) => match (&d.level, below) {
            (Some(level), _) => position(level).map_or(0, |p| p + shift),
            (None, Some(_)) => 0,
            (None, None) => options.len() - 1,
        },
        None => previous.and_then(position).unwrap_or(0),
    };
    let choice = prompter.select(&format!("Level for {}?", c.name), &options, default)?;
    if below.is_some() && choice == 0 {
        return Ok(Choice::BelowFirst);
    }
    let choice = choice - shift;
    Ok(match choice.cmp(&levels) {
        std::cmp::Ordering::Less => {
            rating.level = Some(framework.scale.levels[choice].code.clone());
            Choice::Level
        }
        std::cmp::Ordering::Equal => {
            rating.not_applicable = true;
            Choice::NotApplicable
        }
        std::cmp::Ordering::Greater => Choice::Skip,
    })
}

/// The groups a competency's behaviours are asked in: its own indicators,
/// then each theme's under the theme's name (Cherwell's key themes).
fn groups(c: &Competency) -> Vec<(Option<&str>, Vec<&Indicator>)> {
    let mut groups = Vec::new();
    if !c.indicators.is_empty() {
        groups.push((None, c.indicators.iter().collect()));
    }
    for t in &c.themes {
        groups.push((Some(t.name.as_str()), t.indicators.iter().collect()));
    }
    groups
}

/// Ask which behaviours are shown, theme by theme; puts the ticks on
/// `rating` and returns the level they give. Behaviours whose words were
/// lost in the source are shown, never asked about.
fn ask_ticks(
    framework: &Framework,
    c: &Competency,
    prompter: &mut dyn Prompter,
    rating: &mut Rating,
) -> Result<Derivation, Interrupted> {
    let lost_words: Vec<&Indicator> = c
        .all_indicators()
        .filter(|i| is_fragment(&i.text))
        .collect();
    if !lost_words.is_empty() {
        let mut text = format!(
            "Lost in the source, so not asked and left out of the level ({}):",
            count(lost_words.len(), "behaviour", "behaviours")
        );
        for i in &lost_words {
            let _ = write!(text, "\n  [{}] {}", framework.indicator_heading(i), i.text);
        }
        prompter.say(&text);
    }
    let groups = groups(c);
    let asked: Vec<(Option<&str>, Vec<&Indicator>)> = groups
        .into_iter()
        .map(|(theme, all)| {
            let list: Vec<&Indicator> = all.into_iter().filter(|i| !is_fragment(&i.text)).collect();
            (theme, list)
        })
        .filter(|(_, list)| !list.is_empty())
        .collect();
    let mut texts: Vec<&str> = Vec::new();
    for (n, (theme, indicators)) in asked.iter().enumerate() {
        let options: Vec<String> = indicators
            .iter()
            .map(|i| {
                let mark = if i.polarity == Polarity::Negative {
                    "✗ "
                } else {
                    ""
                };
                format!("{mark}[{}] {}", framework.indicator_heading(i), i.text)
            })
            .collect();
        let mut question = format!("Which of these behaviours are shown? — {}", c.name);
        if let Some(theme) = theme {
            let _ = write!(question, ": {theme}");
        }
        if asked.len() > 1 {
            let _ = write!(question, " ({} of {})", n + 1, asked.len());
        }
        if indicators.iter().any(|i| i.polarity == Polarity::Negative) {
            let _ = write!(question, " (✗ marks {})", framework.labels.negative);
        }
        let ticked = prompter.multi_select(&question, &options)?;
        texts.extend(
            ticked
                .iter()
                .filter_map(|&i| indicators.get(i).map(|ind| ind.text.as_str())),
        );
    }
    let derivation = derive_level(framework, c, texts.iter().copied());
    let mut summary = format!("Derived: {}", derivation.explain());
    for negative in &derivation.negative {
        let _ = write!(summary, "\n  ✗ recorded: {negative}");
    }
    prompter.say(&summary);
    rating.ticked = texts.iter().map(|t| (*t).to_owned()).collect();
    Ok(derivation)
}

/// `1 behaviour`, `3 behaviours`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The end-of-questionnaire summary: one line per competency. Negative
/// behaviours ticked are counted apart from the behaviours shown.
pub(crate) fn summary(framework: &Framework, ratings: &[Rating]) -> String {
    let mut text = String::from("\nSummary\n");
    for r in ratings {
        let name = framework
            .competency(&r.competency)
            .map_or(r.competency.as_str(), |c| c.name.as_str());
        let level = match (r.level.as_deref(), r.not_applicable) {
            (Some(code), _) => framework
                .scale
                .level(code)
                .map_or_else(|| code.to_owned(), |l| format!("{} ({})", l.code, l.label)),
            (None, true) => "not applicable".to_owned(),
            (None, false) if r.is_below_first(framework) => {
                format!(
                    "{} (by the checklist)",
                    crate::checklist::not_yet_at(framework)
                )
            }
            (None, false) => "unrated".to_owned(),
        };
        let _ = write!(text, "  {name}: {level}");
        let negative = r
            .ticked
            .iter()
            .filter(|t| framework.is_negative(&r.competency, t))
            .count();
        let shown = r.ticked.len() - negative;
        // Contra indicators are never counted as behaviours shown.
        if shown > 0 {
            let _ = write!(text, " — {} shown", count(shown, "behaviour", "behaviours"));
        }
        if negative > 0 {
            let _ = write!(
                text,
                " — {} recorded: {negative}",
                framework.labels.negative
            );
        }
        if r.evidence.is_some() {
            text.push_str(" — evidence noted");
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    /// What a self-assessment of `subject_id` on `framework` is asked with:
    /// no checklist, no earlier ratings, no role; tests change what they need.
    fn asking<'a>(framework: &'a Framework, subject_id: &'a str) -> Setup<'a> {
        Setup {
            framework,
            subject_id,
            subject: Subject::Person,
            checklist: false,
            previous: &[],
            role: None,
            all_competencies: false,
            own: &[],
        }
    }

    /// Answers given in order; panics if the questionnaire asks for more.
    /// Shared with the review's questionnaire.
    pub(super) struct Script {
        answers: Vec<Answer>,
        pub(super) said: Vec<String>,
    }

    pub(super) enum Answer {
        Select(usize),
        Ticks(Vec<usize>),
        Text(&'static str),
        /// Enter: the option the question starts on.
        Enter,
        Stop,
        /// Stopped while typing this text.
        StopTyping(&'static str),
    }

    impl Script {
        fn next(&mut self) -> Answer {
            assert!(
                !self.answers.is_empty(),
                "the questionnaire asked more than the script answers"
            );
            self.answers.remove(0)
        }
    }

    impl Prompter for Script {
        fn say(&mut self, text: &str) {
            self.said.push(text.to_owned());
        }
        fn select(
            &mut self,
            _: &str,
            options: &[String],
            start: usize,
        ) -> Result<usize, Interrupted> {
            match self.next() {
                Answer::Select(i) if i < options.len() => Ok(i),
                Answer::Enter => Ok(start),
                Answer::Stop => Err(Interrupted),
                _ => panic!("expected a select answer"),
            }
        }
        fn multi_select(&mut self, _: &str, _: &[String]) -> Result<Vec<usize>, Interrupted> {
            match self.next() {
                Answer::Ticks(t) => Ok(t),
                Answer::Stop => Err(Interrupted),
                _ => panic!("expected ticks"),
            }
        }
        fn text(&mut self, _: &str, _: &str) -> Result<String, Unfinished> {
            match self.next() {
                Answer::Text(t) => Ok(t.to_owned()),
                Answer::Stop => Err(Unfinished(String::new())),
                Answer::StopTyping(t) => Err(Unfinished(t.to_owned())),
                _ => panic!("expected text"),
            }
        }
        fn confirm(&mut self, _: &str, default: bool) -> Result<bool, Interrupted> {
            Ok(default)
        }
    }

    pub(super) fn script(answers: Vec<Answer>) -> Script {
        Script {
            answers,
            said: Vec::new(),
        }
    }

    #[test]
    fn the_role_question_starts_on_the_only_role_and_never_on_one_of_several() {
        let given = Who {
            rater: Some("Alex Morgan".to_owned()),
            role: None,
        };
        let one = [("caseworker".to_owned(), "Caseworker".to_owned())];
        let who = ask_who(
            &mut script(vec![Answer::Enter]),
            &given,
            &Who::default(),
            &one,
        )
        .unwrap();
        assert_eq!(who.role.as_deref(), Some("caseworker"));
        let two = [
            ("caseworker".to_owned(), "Caseworker".to_owned()),
            ("team-leader".to_owned(), "Team leader".to_owned()),
        ];
        let who = ask_who(
            &mut script(vec![Answer::Enter]),
            &given,
            &Who::default(),
            &two,
        )
        .unwrap();
        assert_eq!(who.role, None);
        let known = Who {
            rater: None,
            role: Some("team-leader".to_owned()),
        };
        let who = ask_who(&mut script(vec![Answer::Enter]), &given, &known, &two).unwrap();
        assert_eq!(who.role.as_deref(), Some("team-leader"));
    }

    #[test]
    fn each_competency_gets_a_level_and_evidence() {
        let catalog = Catalog::bundled();
        let f = catalog.framework("wdcvs").unwrap();
        let setup = asking(f, "jo");
        // Seven competencies: level 3 with evidence, then N/A, then skip for the rest.
        let mut answers = vec![
            Answer::Select(2),
            Answer::Text("Led the team day"),
            Answer::Select(4),
        ];
        answers.extend((0..5).map(|_| Answer::Select(5)));
        let mut p = script(answers);
        let mut ratings = Vec::new();
        let mut saves = 0;
        run(&setup, &mut p, &mut ratings, &mut |_| saves += 1).unwrap();
        // One save per answer: seven levels, and the evidence.
        assert_eq!(saves, 8);
        assert_eq!(ratings[0].level.as_deref(), Some("3"));
        assert_eq!(ratings[0].evidence.as_deref(), Some("Led the team day"));
        assert!(ratings[1].not_applicable);
        assert!(
            ratings[2..]
                .iter()
                .all(|r| r.level.is_none() && !r.not_applicable)
        );
        assert!(p.said[0].contains("Team Working"));
        assert!(p.said[0].contains("You see yourself as part of the wider team"));
    }

    #[test]
    fn a_level_is_saved_before_the_evidence_is_asked() {
        let catalog = Catalog::bundled();
        let f = catalog.framework("wdcvs").unwrap();
        let setup = asking(f, "jo");
        let mut saved = Vec::new();
        let mut p = script(vec![Answer::Select(2), Answer::Stop]);
        let mut ratings = Vec::new();
        let stopped = run(&setup, &mut p, &mut ratings, &mut |r| saved = r.to_vec());
        assert_eq!(stopped, Err(Interrupted));
        assert_eq!(saved.len(), 1);
        assert_eq!(saved[0].level.as_deref(), Some("3"));
        assert_eq!(saved[0].evidence, None);
    }

    #[test]
    fn evidence_half_typed_when_stopped_is_kept_and_said() {
        let catalog = Catalog::bundled();
        let f = catalog.framework("wdcvs").unwrap();
        let setup = asking(f, "jo");
        let mut saved = Vec::new();
        let mut p = script(vec![
            Answer::Select(2),
            Answer::StopTyping("  Led the team   day and "),
        ]);
        let mut ratings = Vec::new();
        let stopped = run(&setup, &mut p, &mut ratings, &mut |r| saved = r.to_vec());
        assert_eq!(stopped, Err(Interrupted));
        assert_eq!(saved.len(), 1);
        assert_eq!(saved[0].level.as_deref(), Some("3"));
        assert_eq!(saved[0].evidence.as_deref(), Some("Led the team day and"));
        assert_eq!(
            p.said.last().map(String::as_str),
            Some("Kept the evidence typed so far for Team Working.")
        );
        // Nothing typed: nothing kept, nothing said.
        let mut p = script(vec![Answer::Select(2), Answer::StopTyping("   ")]);
        let mut ratings = Vec::new();
        let stopped = run(&setup, &mut p, &mut ratings, &mut |r| saved = r.to_vec());
        assert_eq!(stopped, Err(Interrupted));
        assert_eq!(saved[0].evidence, None);
        assert!(!p.said.iter().any(|s| s.starts_with("Kept")));
    }

    #[test]
    fn the_level_menu_starts_on_the_previous_rating_else_the_first_level() {
        struct Defaults(Vec<usize>);
        impl Prompter for Defaults {
            fn say(&mut self, _: &str) {}
            fn select(&mut self, _: &str, o: &[String], d: usize) -> Result<usize, Interrupted> {
                self.0.push(d);
                Ok(o.len() - 1)
            }
            fn multi_select(&mut self, _: &str, _: &[String]) -> Result<Vec<usize>, Interrupted> {
                Ok(Vec::new())
            }
            fn text(&mut self, _: &str, _: &str) -> Result<String, Unfinished> {
                Ok(String::new())
            }
            fn confirm(&mut self, _: &str, d: bool) -> Result<bool, Interrupted> {
                Ok(d)
            }
        }
        let catalog = Catalog::bundled();
        let f = catalog.framework("wdcvs").unwrap();
        let mut before = Rating::new("team-working");
        before.level = Some("3".to_owned());
        let previous = [before];
        let setup = Setup {
            previous: &previous,
            ..asking(f, "jo")
        };
        let mut p = Defaults(Vec::new());
        run(&setup, &mut p, &mut Vec::new(), &mut |_| {}).unwrap();
        assert_eq!(p.0[0], 2, "team-working starts on its previous level 3");
        assert!(
            p.0[1..].iter().all(|&d| d == 0),
            "the rest on the first level"
        );
    }

    #[test]
    fn an_interrupted_questionnaire_resumes_where_it_stopped() {
        let catalog = Catalog::bundled();
        let f = catalog.framework("wdcvs").unwrap();
        let setup = asking(f, "jo");
        let mut saved = Vec::new();
        let mut p = script(vec![Answer::Select(0), Answer::Text(""), Answer::Stop]);
        let mut ratings = Vec::new();
        assert_eq!(
            run(&setup, &mut p, &mut ratings, &mut |r| saved = r.to_vec()),
            Err(Interrupted)
        );
        assert_eq!(saved.len(), 1);
        // Resume from what was saved: only the remaining six are asked.
        let mut p = script((0..6).map(|_| Answer::Select(5)).collect());
        let mut ratings = saved;
        run(&setup, &mut p, &mut ratings, &mut |_| {}).unwrap();
        assert_eq!(ratings.len(), 7);
        assert_eq!(ratings[0].level.as_deref(), Some("1"));
    }

    #[test]
    fn checklist_derives_a_cumulative_level_and_keeps_negative_ticks() {
        let catalog = Catalog::bundled();
        let f = catalog.framework("arun").unwrap();
        let setup = Setup {
            checklist: true,
            ..asking(f, "sam")
        };
        let c = &f.competencies[0];
        let indicators: Vec<_> = c.all_indicators().collect();
        let all_colleagues: Vec<usize> = (0..indicators.len())
            .filter(|&i| indicators[i].level.as_deref() == Some("all-colleagues"))
            .collect();
        let negative = (0..indicators.len())
            .find(|&i| indicators[i].polarity == Polarity::Negative)
            .unwrap();
        let mut ticks = all_colleagues.clone();
        ticks.push(negative);
        // Tick every All Colleagues behaviour and one contra indicator; accept the derived level.
        let mut answers = vec![Answer::Ticks(ticks), Answer::Select(0), Answer::Text("")];
        // With nothing ticked the menu adds "not yet at All Colleagues"
        // first, so skip is sixth.
        answers.extend(
            (1..f.competencies.len()).flat_map(|_| [Answer::Ticks(vec![]), Answer::Select(5)]),
        );
        let mut p = script(answers);
        let mut ratings = Vec::new();
        run(&setup, &mut p, &mut ratings, &mut |_| {}).unwrap();
        assert_eq!(ratings[0].level.as_deref(), Some("all-colleagues"));
        assert_eq!(ratings[0].method, Method::Checklist);
        assert_eq!(ratings[0].ticked.len(), all_colleagues.len() + 1);
        assert!(
            ratings[0]
                .ticked
                .iter()
                .any(|t| *t == indicators[negative].text)
        );
        assert!(
            p.said.iter().any(|s| s.contains("✗ recorded:")),
            "{:?}",
            p.said
        );
    }

    /// A terminal that records what it was asked and answers from a script.
    struct Recorder {
        ticks: Vec<Vec<usize>>,
        choose: Vec<Option<usize>>,
        questions: Vec<(String, Vec<String>, usize)>,
        said: Vec<String>,
    }

    impl Prompter for Recorder {
        fn say(&mut self, text: &str) {
            self.said.push(text.to_owned());
        }
        fn select(&mut self, q: &str, o: &[String], d: usize) -> Result<usize, Interrupted> {
            self.questions.push((q.to_owned(), o.to_vec(), d));
            let pick = if self.choose.is_empty() {
                None
            } else {
                self.choose.remove(0)
            };
            Ok(pick.unwrap_or(d))
        }
        fn multi_select(&mut self, q: &str, o: &[String]) -> Result<Vec<usize>, Interrupted> {
            self.questions.push((q.to_owned(), o.to_vec(), 0));
            Ok(if self.ticks.is_empty() {
                Vec::new()
            } else {
                self.ticks.remove(0)
            })
        }
        fn text(&mut self, _: &str, _: &str) -> Result<String, Unfinished> {
            Ok(String::new())
        }
        fn confirm(&mut self, _: &str, d: bool) -> Result<bool, Interrupted> {
            Ok(d)
        }
    }

    fn recorder(ticks: Vec<Vec<usize>>, choose: Vec<Option<usize>>) -> Recorder {
        Recorder {
            ticks,
            choose,
            questions: Vec::new(),
            said: Vec::new(),
        }
    }

    #[test]
    fn a_manager_sees_the_persons_own_rating_and_evidence_beside_each_question() {
        let catalog = Catalog::bundled();
        let f = one_competency(catalog.framework("wdcvs").unwrap(), "team-working");
        let mut rating = Rating::new("team-working");
        rating.level = Some("3".to_owned());
        rating.evidence = Some("Ran the practice day\u{1b}[31m".to_owned());
        let own = [Own {
            rating,
            date: "2026-03-10".to_owned(),
            is_final: false,
        }];
        let setup = Setup {
            own: &own,
            ..asking(&f, "jo")
        };
        let mut prompter = recorder(Vec::new(), vec![Some(4)]);
        let mut ratings = Vec::new();
        run(&setup, &mut prompter, &mut ratings, &mut |_| {}).unwrap();
        let said = prompter.said.join("\n");
        let level = f.scale.level("3").unwrap();
        assert!(
            said.contains(&format!(
                "Their own rating: 3 — {} (self-assessment of 2026-03-10, draft)",
                level.label
            )),
            "{said}"
        );
        // Their text, with what could drive the terminal escaped.
        assert!(
            said.contains("Their evidence: Ran the practice day\\u{1b}[31m"),
            "{said}"
        );
        // Without their rating (a self-assessment, say), nothing is added.
        let setup = Setup { own: &[], ..setup };
        let mut prompter = recorder(Vec::new(), vec![Some(4)]);
        run(&setup, &mut prompter, &mut Vec::new(), &mut |_| {}).unwrap();
        assert!(!prompter.said.join("\n").contains("Their own rating"));
    }

    fn one_competency(framework: &Framework, id: &str) -> Framework {
        let mut f = framework.clone();
        f.competencies.retain(|c| c.id == id);
        f
    }

    #[test]
    fn after_a_checklist_that_reaches_no_level_the_menu_starts_on_not_yet_and_enter_keeps_it() {
        let catalog = Catalog::bundled();
        let f = one_competency(catalog.framework("sssc-clf").unwrap(), "flexibility");
        let setup = Setup {
            checklist: true,
            ..asking(&f, "mary")
        };
        // Ticks 2, 3 and 4 of the four Engaged behaviours; Enter on the menu.
        let mut p = recorder(vec![vec![1, 2, 3]], vec![]);
        let mut ratings = Vec::new();
        run(&setup, &mut p, &mut ratings, &mut |_| {}).unwrap();
        let (question, options, default) = &p.questions[1];
        assert_eq!(question, "Level for Flexibility?");
        assert_eq!(default, &0);
        assert!(options[0].starts_with("Not yet at Engaged"), "{options:?}");
        assert_eq!(ratings[0].level, None);
        assert_eq!(ratings[0].method, Method::Checklist);
        assert!(ratings[0].is_below_first(&f));
        assert!(
            summary(&f, &ratings).contains(
                "Flexibility: not yet at Engaged (by the checklist) — 3 behaviours shown"
            )
        );
        // Choosing Engaged is a step of its own: it is then the rater's choice.
        let mut p = recorder(vec![vec![1, 2, 3]], vec![Some(1)]);
        let mut ratings = Vec::new();
        run(&setup, &mut p, &mut ratings, &mut |_| {}).unwrap();
        assert_eq!(ratings[0].level.as_deref(), Some("engaged"));
        assert_eq!(ratings[0].method, Method::Chosen);
    }

    #[test]
    fn a_cherwell_checklist_asks_theme_by_theme_and_never_starts_on_a_mid_point() {
        let catalog = Catalog::bundled();
        let f = one_competency(catalog.framework("cherwell-snc").unwrap(), "communication");
        let setup = Setup {
            checklist: true,
            ..asking(&f, "dana")
        };
        let mut p = recorder(vec![], vec![]);
        let mut ratings = Vec::new();
        run(&setup, &mut p, &mut ratings, &mut |_| {}).unwrap();
        let asked: Vec<&str> = p.questions.iter().map(|(q, _, _)| q.as_str()).collect();
        assert_eq!(
            asked,
            vec![
                "Which of these behaviours are shown? — Communication: Style (1 of 4)",
                "Which of these behaviours are shown? — Communication: Method (2 of 4)",
                "Which of these behaviours are shown? — Communication: Influence and Persuasion (3 of 4)",
                "Which of these behaviours are shown? — Communication: Messages (4 of 4)",
                "Level for Communication?",
            ]
        );
        // Nothing ticked: the menu starts on "not yet", never on the mid-point A.
        let (_, options, default) = &p.questions[4];
        assert!(
            options[*default].starts_with("Not yet at Level A"),
            "{options:?}"
        );
        assert_eq!(ratings[0].method, Method::Checklist);
        // Every B behaviour of every theme ticked: the menu starts on B.
        let b: Vec<Vec<usize>> = f.competencies[0]
            .themes
            .iter()
            .map(|t| {
                t.indicators
                    .iter()
                    .filter(|i| !is_fragment(&i.text))
                    .enumerate()
                    .filter(|(_, i)| i.level.as_deref() == Some("B"))
                    .map(|(n, _)| n)
                    .collect()
            })
            .collect();
        let mut p = recorder(b, vec![]);
        let mut ratings = Vec::new();
        run(&setup, &mut p, &mut ratings, &mut |_| {}).unwrap();
        let (_, options, default) = &p.questions[4];
        assert_eq!(options[*default], "B");
        assert_eq!(ratings[0].level.as_deref(), Some("B"));
    }

    #[test]
    fn behaviours_lost_in_the_source_are_shown_and_never_offered_to_tick() {
        let catalog = Catalog::bundled();
        let f = one_competency(catalog.framework("sssc-clf").unwrap(), "teamwork");
        let setup = Setup {
            checklist: true,
            ..asking(&f, "jo")
        };
        let mut p = recorder(vec![], vec![]);
        run(&setup, &mut p, &mut Vec::new(), &mut |_| {}).unwrap();
        let (question, options, _) = &p.questions[0];
        assert!(
            !question.contains('✗'),
            "SSSC has no behaviours to avoid: {question}"
        );
        assert!(options.iter().all(|o| !o.contains("[…]")), "{options:?}");
        assert!(
            p.said.iter().any(|s| s.contains("Lost in the source")
                && s.contains("[Established] […] objectives and work of the team.")),
            "{:?}",
            p.said
        );
    }

    #[test]
    fn contra_indicators_are_marked_by_their_name_and_not_counted_as_shown() {
        let catalog = Catalog::bundled();
        let f = one_competency(catalog.framework("arun").unwrap(), "synergy");
        let setup = Setup {
            checklist: true,
            ..asking(&f, "sam")
        };
        let c = &f.competencies[0];
        let tickable: Vec<&Indicator> = c
            .all_indicators()
            .filter(|i| !is_fragment(&i.text))
            .collect();
        let contra = tickable
            .iter()
            .position(|i| i.text == "Does the bare minimum to get by.")
            .unwrap();
        let mut p = recorder(vec![vec![0, contra]], vec![]);
        let mut ratings = Vec::new();
        run(&setup, &mut p, &mut ratings, &mut |_| {}).unwrap();
        assert!(
            p.questions[0].0.ends_with("(✗ marks Contra Indicators)"),
            "{}",
            p.questions[0].0
        );
        let text = summary(&f, &ratings);
        assert!(
            text.contains("1 behaviour shown — Contra Indicators recorded: 1"),
            "{text}"
        );
    }

    #[test]
    fn an_organisation_assessment_asks_only_organisational_capabilities_and_says_so() {
        let catalog = Catalog::bundled();
        let f = catalog.framework("sssc-clf").unwrap();
        let setup = Setup {
            subject: Subject::Organisation,
            ..asking(f, "east-care-home")
        };
        let mut p = script((0..5).map(|_| Answer::Select(5)).collect());
        let mut ratings = Vec::new();
        run(&setup, &mut p, &mut ratings, &mut |_| {}).unwrap();
        assert_eq!(ratings.len(), 5);
        assert!(p.said[0].contains("rates an organisation or team"));
    }
}
