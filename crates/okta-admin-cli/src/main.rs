//! `okta-admin`: every endpoint of the Okta Admin Management API from the shell, generated from
//! the same operation table as the Rust, Python and Node libraries and sent by the same runtime
//! (configuration chain, credentials, retries, rate-limit waits, pagination, errors).

mod bind;
mod cli;
mod connect;
mod exit;
#[allow(clippy::all, missing_docs)]
mod generated;
mod output;
mod run;
mod table;

use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = cli::command().get_matches();
    match run::run(&matches) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(failure) => failure.report(),
    }
}
