//! `okta-mock`: runs the mock server until killed; see `okta-mock --help`.

use std::io::Write;
use std::process::ExitCode;

use okta_mock::{MockConfig, MockServer};

fn main() -> ExitCode {
    let config = match MockConfig::from_matches(&MockConfig::command().get_matches()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("okta-mock: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("okta-mock: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let server = match MockServer::start(config).await {
            Ok(server) => server,
            Err(e) => {
                eprintln!("okta-mock: {e}");
                return ExitCode::FAILURE;
            }
        };
        let mut stdout = std::io::stdout();
        let _ = writeln!(stdout, "okta-mock listening on {}", server.url());
        let _ = stdout.flush();
        std::future::pending::<()>().await;
        ExitCode::SUCCESS
    })
}
