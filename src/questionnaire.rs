//! The interactive questionnaire of `assess`: walks through each competency,
//! shows its definition and the indicators of each level, and asks for a level
//! (or ticks of behaviours, in checklist mode) and evidence. The terminal is
//! behind the [`Prompter`] trait, so the logic is tested with scripted answers.
//!
//! Progress is handed to a callback after every competency, so an interrupted
//! questionnaire can be resumed where it stopped.

pub mod review;

use std::fmt::Write as _;

use crate::checklist::derive_level;
use crate::model::{Competency, Framework, Polarity, Subject};
use crate::record::{Method, Rating};

/// The rater stopped the questionnaire (Ctrl-C or Esc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted;

/// What the questionnaire needs from a terminal.
pub trait Prompter {
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
    /// empty for none.
    fn text(&mut self, question: &str, initial: &str) -> Result<String, Interrupted>;
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool, Interrupted>;
}

/// How the questionnaire runs.
pub struct Setup<'a> {
    pub framework: &'a Framework,
    pub subject_id: &'a str,
    pub subject: Subject,
    pub checklist: bool,
    /// The rater's previous ratings (of the same kind), offered first when
    /// re-assessing.
    pub previous: &'a [Rating],
}

/// Who is rating and for which role, asked before the first competency when
/// the command line did not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Who {
    pub rater: Option<String>,
    pub role: Option<String>,
}

/// Ask for what `given` lacks: the rater's name (starting from `default.rater`,
/// editable) and the role, among the framework's roles (starting on
/// `default.role`, or on "no role").
pub fn ask_who(
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
            let start = default
                .role
                .as_deref()
                .and_then(|r| roles.iter().position(|(id, _)| id == r))
                .unwrap_or(roles.len());
            let choice = prompter.select("Which role is this assessment for?", &options, start)?;
            roles.get(choice).map(|(id, _)| id.clone())
        }
    };
    Ok(Who { rater, role })
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
pub fn run(
    setup: &Setup<'_>,
    prompter: &mut dyn Prompter,
    ratings: &mut Vec<Rating>,
    save: &mut dyn FnMut(&[Rating]),
) -> Result<(), Interrupted> {
    let list: Vec<&Competency> = setup.framework.competencies_of(setup.subject).collect();
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
        let previous = setup
            .previous
            .iter()
            .find(|r| r.competency == competency.id)
            .and_then(|r| r.level.as_deref());
        let mut rating = Rating::new(&competency.id);
        let suggested = if setup.checklist {
            let derivation = ask_ticks(setup.framework, competency, prompter, &mut rating)?;
            upsert(ratings, &rating);
            save(ratings);
            derivation.level
        } else {
            previous.map(str::to_owned)
        };
        let chosen = ask_level(
            setup.framework,
            competency,
            prompter,
            suggested.as_deref(),
            &mut rating,
        )?;
        if setup.checklist && rating.level.is_some() && rating.level == suggested {
            rating.method = Method::Checklist;
        }
        upsert(ratings, &rating);
        save(ratings);
        if chosen {
            let evidence = prompter.text("Evidence (optional, Enter to leave blank):", "")?;
            let evidence = crate::text::normalise(&evidence);
            if !evidence.is_empty() {
                rating.evidence = Some(evidence);
                upsert(ratings, &rating);
                save(ratings);
            }
        }
    }
    Ok(())
}

/// A competency as the rater sees it before answering.
pub fn describe(
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
pub fn level_options(framework: &Framework) -> Vec<String> {
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
    options.push("Skip (leave unrated)".to_owned());
    options
}

/// Ask for a level, starting on `suggested` (else the first level). Sets it
/// on `rating`; returns whether a level was chosen (not n/a or skip).
fn ask_level(
    framework: &Framework,
    c: &Competency,
    prompter: &mut dyn Prompter,
    suggested: Option<&str>,
    rating: &mut Rating,
) -> Result<bool, Interrupted> {
    let options = level_options(framework);
    let levels = framework.scale.levels.len();
    let default = suggested
        .and_then(|code| framework.scale.levels.iter().position(|l| l.code == code))
        .unwrap_or(0);
    let choice = prompter.select(&format!("Level for {}?", c.name), &options, default)?;
    match choice.cmp(&levels) {
        std::cmp::Ordering::Less => {
            rating.level = Some(framework.scale.levels[choice].code.clone());
            Ok(true)
        }
        std::cmp::Ordering::Equal => {
            rating.not_applicable = true;
            Ok(false)
        }
        std::cmp::Ordering::Greater => Ok(false),
    }
}

/// Ask which behaviours are shown; puts the ticks on `rating` and returns the
/// level they give.
fn ask_ticks(
    framework: &Framework,
    c: &Competency,
    prompter: &mut dyn Prompter,
    rating: &mut Rating,
) -> Result<crate::checklist::Derivation, Interrupted> {
    let indicators: Vec<_> = c.all_indicators().collect();
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
    let ticked: Vec<usize> = prompter.multi_select(
        &format!(
            "Which of these behaviours are shown? (✗ marks behaviours to avoid) — {}",
            c.name
        ),
        &options,
    )?;
    let texts: Vec<&str> = ticked
        .iter()
        .filter_map(|&i| indicators.get(i).map(|ind| ind.text.as_str()))
        .collect();
    let derivation = derive_level(framework, c, texts.iter().copied());
    let mut summary = format!("Derived: {}", derivation.explain());
    for negative in &derivation.negative {
        let _ = write!(summary, "\n  ✗ recorded: {negative}");
    }
    prompter.say(&summary);
    rating.ticked = texts.iter().map(|t| (*t).to_owned()).collect();
    Ok(derivation)
}

/// The end-of-questionnaire summary: one line per competency.
pub fn summary(framework: &Framework, ratings: &[Rating]) -> String {
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
            (None, false) => "unrated".to_owned(),
        };
        let _ = write!(text, "  {name}: {level}");
        if !r.ticked.is_empty() {
            let _ = write!(text, " — {} behaviour(s) ticked", r.ticked.len());
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
        Stop,
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
        fn select(&mut self, _: &str, options: &[String], _: usize) -> Result<usize, Interrupted> {
            match self.next() {
                Answer::Select(i) if i < options.len() => Ok(i),
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
        fn text(&mut self, _: &str, _: &str) -> Result<String, Interrupted> {
            match self.next() {
                Answer::Text(t) => Ok(t.to_owned()),
                Answer::Stop => Err(Interrupted),
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
    fn each_competency_gets_a_level_and_evidence() {
        let catalog = Catalog::bundled();
        let f = catalog.framework("wdcvs").unwrap();
        let setup = Setup {
            framework: f,
            subject_id: "jo",
            subject: Subject::Person,
            checklist: false,
            previous: &[],
        };
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
        let setup = Setup {
            framework: f,
            subject_id: "jo",
            subject: Subject::Person,
            checklist: false,
            previous: &[],
        };
        let mut saved = Vec::new();
        let mut p = script(vec![Answer::Select(2), Answer::Stop]);
        let mut ratings = Vec::new();
        let stopped = run(&setup, &mut p, &mut ratings, &mut |r| saved = r.to_vec());
        assert_eq!(stopped, Err(Interrupted));
        assert_eq!(saved.len(), 1);
        assert_eq!(saved[0].level.as_deref(), Some("3"));
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
            fn text(&mut self, _: &str, _: &str) -> Result<String, Interrupted> {
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
            framework: f,
            subject_id: "jo",
            subject: Subject::Person,
            checklist: false,
            previous: &previous,
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
        let setup = Setup {
            framework: f,
            subject_id: "jo",
            subject: Subject::Person,
            checklist: false,
            previous: &[],
        };
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
            framework: f,
            subject_id: "sam",
            subject: Subject::Person,
            checklist: true,
            previous: &[],
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
        answers.extend(
            (1..f.competencies.len()).flat_map(|_| [Answer::Ticks(vec![]), Answer::Select(4)]),
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

    #[test]
    fn an_organisation_assessment_asks_only_organisational_capabilities_and_says_so() {
        let catalog = Catalog::bundled();
        let f = catalog.framework("sssc-clf").unwrap();
        let setup = Setup {
            framework: f,
            subject_id: "east-care-home",
            subject: Subject::Organisation,
            checklist: false,
            previous: &[],
        };
        let mut p = script((0..5).map(|_| Answer::Select(5)).collect());
        let mut ratings = Vec::new();
        run(&setup, &mut p, &mut ratings, &mut |_| {}).unwrap();
        assert_eq!(ratings.len(), 5);
        assert!(p.said[0].contains("rates an organisation or team"));
    }
}
