use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::error::Result;
use crate::output;

/// Print a shell completion script, generated from Parley's own command definitions.
///
/// Example: parley completions bash > ~/.local/share/bash-completion/completions/parley
#[derive(Debug, Args)]
pub struct Completions {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: Shell,
}

impl Completions {
    pub async fn run(self) -> Result<()> {
        let mut cmd = super::Cli::command();
        let mut out = Vec::new();
        clap_complete::generate(self.shell, &mut cmd, "parley", &mut out);
        output::emit(&String::from_utf8_lossy(&out), None)
    }
}
