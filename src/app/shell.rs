//! `completions` and `man`: the command line described for shells and man readers,
//! generated from the clap definitions so they never drift from it.

use clap::builder::PossibleValuesParser;
use clap::{Arg, ArgAction, CommandFactory};

use super::{Streams, write_out};
use crate::cli::Cli;
use crate::error::exit;
use crate::rules::RuleSet;

/// The command line, with `letter --kind` completing to the ids of the rule set's letters.
fn command_with_letter_ids(rules: &'static RuleSet) -> clap::Command {
    let ids: Vec<&'static str> = rules.letters.iter().map(|l| l.id.as_str()).collect();
    Cli::command().mut_subcommand("letter", |letter| {
        letter.mut_arg("kind", |kind| {
            kind.value_parser(PossibleValuesParser::new(ids))
        })
    })
}

/// Writes the completion script for `shell`; `letter --kind` completes to the letters of
/// `rules` (the rule set in use when the script is made).
pub(super) fn completions(
    shell: clap_complete::Shell,
    rules: &'static RuleSet,
    streams: &mut Streams,
) -> anyhow::Result<u8> {
    let mut command = command_with_letter_ids(rules);
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "interview-advisor", &mut script);
    write_out(streams, &String::from_utf8_lossy(&script))?;
    Ok(exit::OK)
}

/// Writes the man page in roff: one page with every subcommand and its options, the exit
/// codes, the environment and the files.
pub(super) fn man_page(rules: &'static RuleSet, streams: &mut Streams) -> anyhow::Result<u8> {
    write_out(streams, &man_text(rules))?;
    Ok(exit::OK)
}

/// Text made safe for roff: backslashes and dashes escaped, and no line starting with a
/// control character.
fn roff(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = line.replace('\\', "\\e").replace('-', "\\-");
            if line.starts_with('.') || line.starts_with('\'') {
                format!("\\&{line}")
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// How an option is written: `-v, --verbose`, `--answers <FILE>`, `<PATH>`.
fn flags(arg: &Arg) -> String {
    let value = arg
        .get_value_names()
        .map(|names| {
            names
                .iter()
                .map(|n| format!("<{n}>"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let takes_value = matches!(arg.get_action(), ArgAction::Set | ArgAction::Append);
    let mut parts = Vec::new();
    if let Some(short) = arg.get_short() {
        parts.push(format!("-{short}"));
    }
    if let Some(long) = arg.get_long() {
        parts.push(format!("--{long}"));
    }
    let mut text = parts.join(", ");
    if takes_value {
        if text.is_empty() {
            text = value;
        } else if !value.is_empty() {
            text = format!("{text} {value}");
        }
    }
    text
}

/// One subcommand's section: its usage, what it does, its options, its examples; then
/// its own subcommands.
fn subcommand_section(out: &mut String, path: &str, command: &clap::Command) {
    out.push_str(&format!(".SS \"{}\"\n", roff(path)));
    if let Some(about) = command.get_long_about().or(command.get_about()) {
        out.push_str(&format!("{}\n", roff(&about.to_string())));
    }
    for arg in command.get_arguments() {
        if arg.is_hide_set() || arg.is_global_set() {
            continue;
        }
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        out.push_str(&format!(".TP\n\\fB{}\\fR\n", roff(&flags(arg))));
        let help = arg
            .get_long_help()
            .or(arg.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        let mut text = help;
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() && values.len() <= 12 {
            text.push_str(&format!(" (one of: {})", values.join(", ")));
        }
        let is_switch = matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse);
        if let Some(default) = arg.get_default_values().first().filter(|_| !is_switch) {
            text.push_str(&format!(" [default: {}]", default.to_string_lossy()));
        }
        out.push_str(&format!("{}\n", roff(text.trim())));
    }
    if let Some(after) = command.get_after_long_help().or(command.get_after_help()) {
        out.push_str(&after_help(&after.to_string()));
    }
    for sub in command.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        subcommand_section(out, &format!("{path} {}", sub.get_name()), sub);
    }
}

/// The whole man page.
fn man_text(rules: &'static RuleSet) -> String {
    let mut command = command_with_letter_ids(rules);
    command.build();
    let mut out = String::new();
    out.push_str(&format!(
        ".TH INTERVIEW\\-ADVISOR 1 \"\" \"interview\\-advisor {}\" \"User Commands\"\n",
        env!("CARGO_PKG_VERSION")
    ));
    out.push_str(".SH NAME\ninterview\\-advisor \\- ");
    out.push_str(&roff(
        &command
            .get_about()
            .map(|a| a.to_string())
            .unwrap_or_default(),
    ));
    out.push_str("\n.SH SYNOPSIS\n\\fBinterview\\-advisor\\fR [\\fIOPTIONS\\fR] \\fICOMMAND\\fR\n");
    out.push_str(".SH DESCRIPTION\n");
    if let Some(about) = command.get_long_about() {
        out.push_str(&format!("{}\n", roff(&about.to_string())));
    }
    out.push_str(".SH OPTIONS\nThese work with every command.\n");
    for arg in command.get_arguments() {
        if !arg.is_global_set() && !matches!(arg.get_id().as_str(), "help" | "version") {
            continue;
        }
        let help = arg
            .get_long_help()
            .or(arg.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        out.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            roff(&flags(arg)),
            roff(&help)
        ));
    }
    out.push_str(".SH COMMANDS\n");
    for sub in command.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        subcommand_section(
            &mut out,
            &format!("interview-advisor {}", sub.get_name()),
            sub,
        );
    }
    out.push_str(&roff_section(
        "EXIT STATUS",
        &[
            ("0", "Success."),
            ("1", "An internal error (a bug); please report it."),
            ("2", "A usage error: an unknown option, a missing argument, options that do not go together."),
            ("65", "Invalid data: a rules file, an answers file, a detail or a typed answer is wrong; the message says where."),
            ("74", "An input or output error: a file or folder cannot be read or written (checked before the first question)."),
            ("130", "Interrupted: you left the questionnaire (Esc, Ctrl-C, Ctrl-D) or pressed Ctrl-C while a file was written; nothing was written. Leaving an optional step after the result (the offer to write the message) is not an error."),
        ],
    ));
    out.push_str(&roff_section(
        "ENVIRONMENT",
        &[
            ("INTERVIEW_ADVISOR_RULES", "A rules file to use when --rules is not given."),
            ("NO_COLOR", "When set and not empty, no colour (with --color auto)."),
            ("COLUMNS", "The width to fit tables and paragraphs to; without it, the terminal's width (output to a pipe is not wrapped)."),
            ("VISUAL, EDITOR", "The editor for letter --edit (VISUAL first)."),
            ("WAYLAND_DISPLAY, DISPLAY", "Whether a graphical clipboard (wl-copy, xclip, xsel) can be used by --copy."),
            ("XDG_CONFIG_HOME", "Where the config folder is (default ~/.config)."),
            ("XDG_STATE_HOME", "Where the state folder is (default ~/.local/state)."),
            ("SOURCE_DATE_EPOCH", "Fixes today's date and the time (seconds since 1970), for reproducible letters."),
        ],
    ));
    out.push_str(&roff_section(
        "FILES",
        &[
            ("$XDG_CONFIG_HOME/interview-advisor/rules.yaml", "Your own rule set, used when present (see rules init and rules path)."),
            ("$XDG_CONFIG_HOME/interview-advisor/weights.yaml", "Your default personal weights (see priorities)."),
            ("$XDG_STATE_HOME/interview-advisor/draft.yaml", "The answers of a questionnaire left unfinished, readable by you only; advise --resume goes on with it, and it is removed once done."),
        ],
    ));
    let ids: Vec<&str> = rules.letters.iter().map(|l| l.id.as_str()).collect();
    out.push_str(&format!(
        ".SH LETTERS\nThe letters of the rule set in use, for letter \\-\\-kind: {}.\n",
        roff(&ids.join(", "))
    ));
    out
}

/// A command's closing text: indented lines (examples) kept as they are, other
/// paragraphs filled.
fn after_help(text: &str) -> String {
    let mut out = String::new();
    for block in text.split("\n\n") {
        let (heading, rest) = match block.split_once('\n') {
            Some((first, rest)) if rest.lines().all(|l| l.starts_with("  ")) => (first, rest),
            _ if block.lines().all(|l| l.starts_with("  ")) => ("", block),
            _ => {
                out.push_str(&format!(".PP\n{}\n", roff(block.trim())));
                continue;
            }
        };
        out.push_str(".PP\n");
        if !heading.is_empty() {
            out.push_str(&format!("{}\n", roff(heading)));
        }
        out.push_str(&format!(".nf\n{}\n.fi\n", roff(rest)));
    }
    out
}

/// A section of tagged paragraphs.
fn roff_section(title: &str, items: &[(&str, &str)]) -> String {
    let mut out = format!(".SH {title}\n");
    for (tag, text) in items {
        out.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(tag), roff(text)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> &'static RuleSet {
        Box::leak(Box::new(
            RuleSet::builtin().expect("the built-in rules load"),
        ))
    }

    /// Every subcommand path with the long options it takes.
    fn commands(path: &str, command: &clap::Command, out: &mut Vec<(String, Vec<String>)>) {
        let longs = command
            .get_arguments()
            .filter(|a| !a.is_global_set() && !a.is_hide_set())
            .filter_map(|a| {
                a.get_long()
                    .map(|l| format!("\\-\\-{}", l.replace('-', "\\-")))
            })
            .filter(|l| l != "\\-\\-help" && l != "\\-\\-version")
            .collect();
        out.push((path.to_string(), longs));
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            commands(&format!("{path} {}", sub.get_name()), sub, out);
        }
    }

    #[test]
    fn the_man_page_documents_every_subcommand_and_option() {
        let page = man_text(builtin());
        let mut all = Vec::new();
        let mut command = Cli::command();
        command.build();
        commands("interview-advisor", &command, &mut all);
        assert!(all.len() > 15, "{all:?}");
        for (path, longs) in all.iter().skip(1) {
            let heading = format!(".SS \"{}\"", roff(path));
            let at = page
                .find(&heading)
                .unwrap_or_else(|| panic!("no section for `{path}`"));
            let end = page[at + heading.len()..]
                .find(".SS ")
                .map_or(page.len(), |e| at + heading.len() + e);
            for long in longs {
                assert!(
                    page[at..end].contains(long.as_str()),
                    "`{path}` does not document {long}"
                );
            }
        }
    }

    #[test]
    fn the_man_page_has_exit_codes_environment_and_files() {
        let page = man_text(builtin());
        for section in [".SH EXIT STATUS", ".SH ENVIRONMENT", ".SH FILES"] {
            assert!(page.contains(section), "{section}");
        }
        for code in ["0", "1", "2", "65", "74", "130"] {
            assert!(
                page.contains(&format!(".TP\n\\fB{code}\\fR\n")),
                "exit {code}"
            );
        }
        for name in [
            "INTERVIEW_ADVISOR_RULES",
            "NO_COLOR",
            "VISUAL, EDITOR",
            "XDG_STATE_HOME",
        ] {
            assert!(page.contains(name), "{name}");
        }
        assert!(page.contains("draft.yaml"));
        // Only the page's own requests start a line with a dot.
        let requests = [".TH ", ".SH ", ".SS ", ".TP", ".PP", ".nf", ".fi"];
        for line in page.lines() {
            assert!(
                !line.starts_with('\'')
                    && (!line.starts_with('.') || requests.iter().any(|r| line.starts_with(r))),
                "{line}"
            );
        }
    }
}
