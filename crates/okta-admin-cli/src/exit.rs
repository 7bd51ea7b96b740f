//! How an invocation ends: the exit code scripts branch on, and the message on stderr.

use std::io;
use std::process::ExitCode;

use okta_admin_runtime::Error;

/// Success.
pub const OK: u8 = 0;
/// A local failure: configuration, a response that could not be read, output.
pub const LOCAL: u8 = 1;
/// The command line is wrong (clap uses the same code).
pub const USAGE: u8 = 2;
/// Okta refused the request: HTTP 4xx (other than an exhausted 429).
pub const REFUSED: u8 = 4;
/// Okta or the network failed: HTTP 5xx, rate limit still exceeded, timeout, connection.
pub const UNAVAILABLE: u8 = 5;

/// Why an invocation failed.
#[derive(Debug)]
pub enum Failure {
    /// A mistake on the command line found after parsing (bad JSON, unreadable file).
    Usage(String),
    /// A call failed.
    Okta(Error),
    /// Writing the output failed.
    Output(io::Error),
    /// Something on this machine failed (the async runtime could not start).
    Local(String),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure::Okta(error)
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Failure {
        Failure::Output(error)
    }
}

impl Failure {
    /// Reports the failure on stderr and gives the exit code. A closed stdout (`| head`) is
    /// a normal end.
    pub fn report(self) -> ExitCode {
        let code = match &self {
            Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => return ExitCode::from(OK),
            Failure::Usage(message) => {
                eprintln!("error: {message}");
                USAGE
            }
            Failure::Output(e) => {
                eprintln!("error: could not write the output: {e}");
                LOCAL
            }
            Failure::Local(message) => {
                eprintln!("error: {message}");
                LOCAL
            }
            Failure::Okta(error) => {
                eprintln!("error: {error}");
                match error {
                    Error::InvalidRequest(_) => USAGE,
                    Error::RateLimited { .. } | Error::Timeout(_) | Error::Connection(_) => UNAVAILABLE,
                    _ => match error.status() {
                        Some(400..=499) => REFUSED,
                        Some(500..=599) => UNAVAILABLE,
                        _ => LOCAL,
                    },
                }
            }
        };
        ExitCode::from(code)
    }
}
