//! `completions` and `man`: the command line described for shells and man readers,
//! generated from the clap definitions so they never drift from it.

use clap::CommandFactory;

use super::{Streams, write_out};
use crate::cli::Cli;
use crate::error::{Error, Result, exit};

/// Writes the completion script for `shell`.
pub(super) fn completions(shell: clap_complete::Shell, streams: &mut Streams) -> Result<u8> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "interview-advisor", &mut script);
    write_out(streams, &String::from_utf8_lossy(&script))?;
    Ok(exit::OK)
}

/// Writes the man page in roff.
pub(super) fn man_page(streams: &mut Streams) -> Result<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|error| Error::Internal(format!("cannot render the man page: {error}")))?;
    write_out(streams, &String::from_utf8_lossy(&page))?;
    Ok(exit::OK)
}
