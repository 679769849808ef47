//! The questionnaire's terminal: `inquire` prompts on standard error, so
//! standard output keeps only the path of the record written.

use std::io::Write as _;

use inquire::InquireError;

use std::cell::RefCell;
use std::rc::Rc;

use crate::questionnaire::{Interrupted, Prompter, Unfinished};

pub(crate) struct Terminal;

fn stopped(e: &InquireError) -> Interrupted {
    // Esc, Ctrl-C, or the terminal going away: stop, keeping the answers so far.
    let _ = e;
    Interrupted
}

/// What has been typed at a text prompt so far. `inquire` gives the text
/// only when it is submitted; it asks an autocompleter for suggestions each
/// time the text changes, so one that suggests nothing and keeps the text
/// has it when the rater presses Ctrl-C or Esc.
#[derive(Clone, Default)]
struct Typed(Rc<RefCell<String>>);

impl inquire::Autocomplete for Typed {
    fn get_suggestions(&mut self, input: &str) -> Result<Vec<String>, inquire::CustomUserError> {
        input.clone_into(&mut self.0.borrow_mut());
        Ok(Vec::new())
    }

    fn get_completion(
        &mut self,
        _: &str,
        _: Option<String>,
    ) -> Result<inquire::autocompletion::Replacement, inquire::CustomUserError> {
        Ok(None)
    }
}

/// Wrap `text` to the terminal, keeping each line's indentation.
fn wrap(text: &str) -> String {
    let width = crossterm::terminal::size()
        .map_or(100, |(w, _)| usize::from(w))
        .max(40);
    text.lines()
        .map(|line| {
            let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
            let hanging = format!("{indent}  ");
            textwrap::fill(
                line,
                textwrap::Options::new(width).subsequent_indent(&hanging),
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Prompter for Terminal {
    fn say(&mut self, text: &str) {
        let _ = writeln!(std::io::stderr().lock(), "{}", wrap(text));
    }

    fn select(
        &mut self,
        question: &str,
        options: &[String],
        default: usize,
    ) -> Result<usize, Interrupted> {
        inquire::Select::new(question, options.to_vec())
            .with_starting_cursor(default.min(options.len().saturating_sub(1)))
            .with_page_size(12)
            .with_help_message("↑↓ to move, Enter to choose, Esc to stop (answers so far are kept)")
            .raw_prompt()
            .map(|o| o.index)
            .map_err(|e| stopped(&e))
    }

    fn multi_select(
        &mut self,
        question: &str,
        options: &[String],
    ) -> Result<Vec<usize>, Interrupted> {
        inquire::MultiSelect::new(question, options.to_vec())
            .with_page_size(12)
            .with_formatter(&|ticked| format!("{} ticked", ticked.len()))
            .with_help_message("↑↓ to move, Space to tick, Enter when done, Esc to stop")
            .raw_prompt()
            .map(|list| list.into_iter().map(|o| o.index).collect())
            .map_err(|e| stopped(&e))
    }

    fn text(&mut self, question: &str, initial: &str) -> Result<String, Unfinished> {
        let typed = Typed::default();
        inquire::Text::new(question)
            .with_initial_value(initial)
            .with_autocomplete(typed.clone())
            .prompt()
            .map_err(|_| Unfinished(typed.0.borrow().clone()))
    }

    fn confirm(&mut self, question: &str, default: bool) -> Result<bool, Interrupted> {
        inquire::Confirm::new(question)
            .with_default(default)
            .prompt()
            .map_err(|e| stopped(&e))
    }
}
