//! The interactive questionnaire of `assess`: carrying on saved answers,
//! who is rating, the questions, saving as it goes, and the confirmation.

use std::io::IsTerminal;

use anyhow::Context as _;

use super::{no_terminal, shown};
use crate::app::assess as app;
use crate::assessment::{self as assess, Clock, Request};
use crate::cli::Outcome;
use crate::record::RaterKind;
use crate::store;
use crate::workspace::Workspace;

pub(super) fn questionnaire(
    workspace: &Workspace,
    catalog: &crate::catalog::Catalog,
    clock: &Clock,
    mut request: Request,
    checklist: bool,
) -> anyhow::Result<Outcome> {
    use crate::questionnaire::{self, Prompter as _, Setup};

    if !std::io::stdin().is_terminal() {
        return Err(no_terminal());
    }
    let framework_id = request
        .framework
        .clone()
        .or_else(|| workspace.settings.default_framework.clone())
        .context("no framework: give --framework (e.g. --framework wdcvs)")?;
    let framework = catalog.framework(&framework_id)?;
    let by = request
        .by
        .context("who is rating? give --by self, --by manager or --by peer")?;
    request.framework = Some(framework.id.clone());
    app::check_before_asking(&request, framework, catalog, workspace, clock)?;

    let progress = store::Progress::of(
        workspace,
        &request.person,
        &framework.id,
        by,
        request.subject,
    );
    let mut terminal = crate::cli::prompt::Terminal;
    let Ok((mut ratings, saved)) = resume(&mut terminal, workspace, &progress, framework) else {
        return Ok(stopped(workspace, &progress));
    };
    let Ok(who) = ask_who(
        &mut terminal,
        catalog,
        workspace,
        &request,
        framework,
        by,
        saved,
    ) else {
        return Ok(stopped(workspace, &progress));
    };
    request.rater = who.rater;
    request.role = who.role;
    app::check_before_asking(&request, framework, catalog, workspace, clock)?;
    let previous = app::previous_ratings(workspace, &request.person, &framework.id, by);
    let own = if by == RaterKind::Manager && request.subject == crate::model::Subject::Person {
        app::own_ratings(workspace, &request.person, &framework.id)
    } else {
        Vec::new()
    };
    let setup = Setup {
        framework,
        subject_id: &request.person,
        subject: request.subject,
        checklist,
        previous: &previous,
        role: request.role.as_deref().and_then(|id| catalog.role(id).ok()),
        all_competencies: request.all_competencies,
        own: &own,
    };
    let mut save_error = None;
    let mut save = |so_far: &[crate::record::Rating]| {
        let draft = app::inputs(catalog, workspace, clock, so_far.to_vec());
        let saved =
            assess::build_progress(&request, draft).and_then(|r| progress.save(workspace, &r));
        if let Err(e) = saved {
            save_error = Some(e);
        }
    };
    let outcome = questionnaire::run(&setup, &mut terminal, &mut ratings, &mut save);
    if let Some(e) = save_error {
        return Err(anyhow::Error::from(e).context("cannot save your answers so far"));
    }
    if outcome.is_err() {
        return Ok(stopped(workspace, &progress));
    }
    terminal.say(&questionnaire::summary(framework, &ratings));
    match terminal.confirm("Save this assessment?", true) {
        Err(_) => return Ok(stopped(workspace, &progress)),
        Ok(false) => {
            return Ok(Outcome::print_with_note(
                format!(
                    "not saved: your answers are kept in {}; run the same command again to carry on, or delete that file\n",
                    shown(progress.path()).display()
                ),
                String::new(),
            ));
        }
        Ok(true) => {}
    }
    if !request.is_final {
        match terminal.confirm(
            "Mark it final (agreed; a final record is never changed)?",
            false,
        ) {
            Ok(is_final) => request.is_final = is_final,
            Err(_) => return Ok(stopped(workspace, &progress)),
        }
    }
    let record = assess::build(&request, app::inputs(catalog, workspace, clock, ratings))?;
    let path = store::write_record(workspace, &record, |change| progress.remove(change))?;
    Ok(Outcome::print(format!("{}\n", shown(&path).display())))
}

/// Who is rating, and for which role: asked when neither the command line
/// nor the answers being resumed say, starting from what the roster knows.
fn ask_who(
    terminal: &mut crate::cli::prompt::Terminal,
    catalog: &crate::catalog::Catalog,
    workspace: &Workspace,
    request: &Request,
    framework: &crate::model::Framework,
    by: RaterKind,
    saved: crate::questionnaire::Who,
) -> Result<crate::questionnaire::Who, crate::questionnaire::Interrupted> {
    let given = crate::questionnaire::Who {
        rater: request.rater.clone().or(saved.rater),
        role: request.role.clone().or(saved.role),
    };
    // A person is offered people's roles; an organisation, organisations'.
    let roles: Vec<(String, String)> = catalog
        .roles_of(&framework.id)
        .unwrap_or_default()
        .iter()
        .filter(|r| r.subject == request.subject)
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect();
    crate::questionnaire::ask_who(
        terminal,
        &given,
        &app::who_by_default(workspace, &request.person, by),
        &roles,
    )
}

/// The answers of an unfinished questionnaire, if the rater wants to carry
/// on, and the rater and role they were given with.
fn resume(
    terminal: &mut crate::cli::prompt::Terminal,
    workspace: &Workspace,
    progress: &store::Progress,
    framework: &crate::model::Framework,
) -> Result<
    (Vec<crate::record::Rating>, crate::questionnaire::Who),
    crate::questionnaire::Interrupted,
> {
    use crate::questionnaire::Prompter as _;
    let Some(saved) = progress.read(workspace) else {
        return Ok((Vec::new(), crate::questionnaire::Who::default()));
    };
    let count = saved.ratings.len();
    let when = saved
        .created
        .as_ref()
        .and_then(|c| c.get_ref().parse::<jiff::Timestamp>().ok())
        .map(|t| t.strftime(" from %-d %B %Y at %H:%M UTC").to_string())
        .unwrap_or_default();
    let question = format!(
        "You have unfinished answers for {count} {} of `{}`{when}. Carry on from there?",
        if count == 1 {
            "competency"
        } else {
            "competencies"
        },
        framework.id,
    );
    if terminal.confirm(&question, true)? {
        let text = |v: &Option<toml::Spanned<String>>| v.as_ref().map(|s| s.get_ref().clone());
        let who = crate::questionnaire::Who {
            rater: text(&saved.rater),
            role: text(&saved.role),
        };
        Ok((crate::record::rules::ratings_of(&saved), who))
    } else {
        Ok((Vec::new(), crate::questionnaire::Who::default()))
    }
}

/// The rater stopped the questionnaire (Esc or Ctrl-C): exit 130, saying
/// where the answers so far are kept.
fn stopped(workspace: &Workspace, progress: &store::Progress) -> Outcome {
    let note = if progress.exists(workspace) {
        format!(
            "stopped: your answers so far are kept in {}; run the same command again to carry on\n",
            shown(progress.path()).display()
        )
    } else {
        "stopped: nothing was answered, so nothing was kept\n".to_owned()
    };
    Outcome {
        code: 130,
        ..Outcome::print_with_note(note, String::new())
    }
}
