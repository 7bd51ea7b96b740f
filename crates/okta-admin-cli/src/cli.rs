//! The command tree: global flags, one subcommand per resource and operation of the generated
//! table, `api` for paths the spec lacks, and `completions`.

use clap::builder::{PossibleValuesParser, ValueParser};
use clap::{value_parser, Arg, ArgAction, Command};
use clap_complete::Shell;
use okta_admin_runtime::{BodyKind, Loc, Op, Ty};

use crate::generated::commands::RESOURCES;
use crate::table::{self, Resource};

/// Help headings of the global flags.
const CONNECTION: &str = "Connection (else okta.yaml and OKTA_CLIENT_*)";
const OUTPUT: &str = "Output";
const REQUEST: &str = "Request";

/// The whole command line.
pub fn command() -> Command {
    let mut root = Command::new("okta-admin")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Every endpoint of the Okta Admin Management API, from the command line")
        .long_about(
            "Every endpoint of the Okta Admin Management API, from the command line.\n\n\
             Credentials come from ~/.okta/okta.yaml, ./okta.yaml, the OKTA_CLIENT_* environment \
             variables and the flags below, in that order (as in Okta's SDKs).\n\n\
             Exit codes: 0 success, 1 local failure (configuration, bad response), 2 usage error, \
             4 the request was refused (HTTP 4xx), 5 Okta or the network failed (HTTP 5xx, rate \
             limit still exceeded after waiting, timeout, connection).",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(global_args());
    for resource in RESOURCES {
        root = root.subcommand(resource_command(resource));
    }
    root.subcommand(api_command()).subcommand(
        Command::new("completions")
            .about("Print a shell completion script (bash, zsh, fish, elvish, powershell)")
            .arg(Arg::new("shell").required(true).value_parser(value_parser!(Shell))),
    )
}

fn global_args() -> Vec<Arg> {
    let text = |name: &'static str, help: &'static str| Arg::new(name).long(name).global(true).help(help).help_heading(CONNECTION);
    let output = |arg: Arg| arg.global(true).help_heading(OUTPUT);
    let request = |arg: Arg| arg.global(true).help_heading(REQUEST);
    vec![
        text("org-url", "The org URL, https://{yourOktaDomain}").value_name("URL"),
        text("token", "An API token (sent as SSWS; prefer OKTA_CLIENT_TOKEN: flags show in `ps`)").value_name("TOKEN"),
        text("bearer-token", "An OAuth 2.0 access token obtained elsewhere").value_name("TOKEN"),
        text("authorization-mode", "SSWS, Bearer, PrivateKey or JWT (implied by the credentials given)").value_name("MODE"),
        text("client-id", "The OAuth service app's client id").value_name("ID"),
        text("scopes", "OAuth scopes to request, separated by spaces or commas").value_name("SCOPES"),
        text("private-key", "The service app's private key: PEM or JWK text, or a file path").value_name("KEY"),
        text("key-id", "The `kid` of the private key").value_name("KID"),
        text("client-assertion", "A pre-signed client assertion (JWT) instead of a private key").value_name("JWT"),
        text("dpop", "Bind access tokens with DPoP").num_args(0..=1).default_missing_value("true").value_parser(value_parser!(bool)).value_name("BOOL"),
        output(Arg::new("output").long("output").short('o').value_name("FORMAT").value_parser(["json", "table"]).default_value("json"))
            .help("json: lists print one object per line; table: columns for people"),
        output(Arg::new("columns").long("columns").value_name("PATHS").value_delimiter(','))
            .help("Table columns, dotted paths (id,status,profile.login)"),
        output(Arg::new("dry-run").long("dry-run").action(ArgAction::SetTrue))
            .help("Print the request (credentials redacted) instead of sending it"),
        output(Arg::new("verbose").long("verbose").short('v').action(ArgAction::SetTrue))
            .help("Print each attempt, response and retry to stderr"),
        request(Arg::new("header").long("header").short('H').value_name("NAME: VALUE").action(ArgAction::Append))
            .help("An extra request header (repeatable)"),
        request(Arg::new("query").long("query").value_name("NAME=VALUE").action(ArgAction::Append))
            .help("An extra query parameter the spec lacks (repeatable)"),
        request(Arg::new("timeout").long("timeout").value_name("SECONDS").value_parser(value_parser!(f64)))
            .help("Timeout of each attempt, in seconds"),
        request(Arg::new("max-retries").long("max-retries").value_name("N").value_parser(value_parser!(u32)))
            .help("Retries of a failed request (0: none)"),
    ]
}

fn resource_command(resource: &'static Resource) -> Command {
    let mut command = Command::new(resource.name)
        .about(format!("{} ({} operation{})", resource.tag, resource.commands.len(), if resource.commands.len() == 1 { "" } else { "s" }))
        .subcommand_required(true)
        .arg_required_else_help(true);
    for entry in resource.commands {
        command = command.subcommand(operation_command(entry));
    }
    command
}

fn operation_command(entry: &'static table::Command) -> Command {
    let op = entry.op();
    let paging = if op.paged { "\n\nA list: prints every item of every page, one JSON object per line." } else { "" };
    let mut command = Command::new(entry.name)
        .about(entry.about)
        .long_about(format!("{}\n\n{} {} (operationId {}){paging}", entry.about, op.method.to_method(), op.template, op.id));
    for flag in entry.flags {
        let param = flag.of(op);
        let arg = Arg::new(flag.name).help(flag.help);
        command = command.arg(match param.loc {
            Loc::Path => arg.required(true).value_name(flag.name.to_uppercase().replace('-', "_")),
            _ => typed(arg.long(flag.name), param.ty),
        });
    }
    command = command.args(body_args(op));
    if op.paged {
        command = command.args(list_args());
    }
    command
}

/// A flag's value parser: numbers and booleans are checked here; text and JSON go as given.
fn typed(arg: Arg, ty: Ty) -> Arg {
    match ty {
        Ty::Int => arg.value_name("INT").value_parser(value_parser!(i64)),
        Ty::Num => arg.value_name("NUMBER").value_parser(value_parser!(f64)),
        Ty::Bool => arg.value_name("BOOL").value_parser(value_parser!(bool)).num_args(0..=1).default_missing_value("true"),
        Ty::List => arg.value_name("VALUE").action(ArgAction::Append),
        Ty::Json => arg.value_name("JSON"),
        Ty::Str => arg.value_name("TEXT"),
    }
}

fn body_args(op: &Op) -> Vec<Arg> {
    let data = || Arg::new("data").long("data").short('d').help_heading(REQUEST);
    match op.body {
        BodyKind::None => vec![],
        BodyKind::Model | BodyKind::Json => vec![data()
            .value_name("JSON")
            .help("The JSON body: text, @file.json, or - for stdin (body flags are set on top of it)")],
        BodyKind::Text => vec![data().value_name("TEXT").help("The body text, @file, or - for stdin")],
        BodyKind::File | BodyKind::Binary => vec![
            Arg::new("file").long("file").value_name("PATH").help("The file to upload").help_heading(REQUEST),
            Arg::new("file-type")
                .long("file-type")
                .value_name("MEDIA_TYPE")
                .help(file_type_help(op))
                .value_parser(file_types(op))
                .help_heading(REQUEST),
        ],
    }
}

fn file_type_help(op: &Op) -> String {
    match op.body {
        BodyKind::Binary => format!("The file's media type (default {})", op.content_types.first().unwrap_or(&"")),
        _ => "The file's media type (default: guessed from its name)".to_owned(),
    }
}

/// Any media type for multipart parts; one of the operation's for binary bodies.
fn file_types(op: &Op) -> ValueParser {
    match op.body {
        BodyKind::Binary if !op.content_types.is_empty() => PossibleValuesParser::new(op.content_types).into(),
        _ => ValueParser::string(),
    }
}

/// `--max-pages` and `--first`, for lists.
fn list_args() -> Vec<Arg> {
    vec![
        Arg::new("max-pages").long("max-pages").value_name("N").value_parser(value_parser!(u64)).help("Fetch at most N pages").help_heading(OUTPUT),
        Arg::new("first").long("first").value_name("N").value_parser(value_parser!(u64)).help("Print the first N items only").help_heading(OUTPUT),
    ]
}

fn api_command() -> Command {
    Command::new("api")
        .about("Call any path of the org, for endpoints the spec lacks")
        .long_about(
            "Call any path of the org, for endpoints the spec lacks: okta-admin api GET /api/v1/users/me. \
             The path may carry a query (?a=1&b=2); it must stay under the org.",
        )
        .arg(Arg::new("method").required(true).value_name("METHOD").help("GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS"))
        .arg(Arg::new("path").required(true).value_name("PATH").help("The path, from /"))
        .arg(
            Arg::new("data")
                .long("data")
                .short('d')
                .value_name("JSON")
                .help("A JSON body: text, @file.json, or - for stdin")
                .help_heading(REQUEST),
        )
        .arg(Arg::new("paginate").long("paginate").action(ArgAction::SetTrue).help("Follow Link: rel=\"next\" pages and print items one per line").help_heading(OUTPUT))
        .args(list_args())
}

#[cfg(test)]
mod tests {
    use okta_admin_runtime::ops::OPS;

    use crate::generated::commands::RESOURCES;

    /// clap's own checks over the whole tree: no flag named twice (a parameter against a global
    /// flag included), every argument well formed.
    #[test]
    fn the_command_tree_is_well_formed() {
        super::command().debug_assert();
    }

    #[test]
    fn every_operation_has_exactly_one_command_with_a_flag_per_parameter() {
        let mut seen = vec![0; OPS.len()];
        for resource in RESOURCES {
            for command in resource.commands {
                seen[command.op] += 1;
                let params: Vec<usize> = command.flags.iter().map(|f| f.param).collect();
                assert_eq!(params, (0..OPS[command.op].params.len()).collect::<Vec<_>>(), "{}", command.name);
            }
        }
        assert!(seen.iter().all(|&n| n == 1), "each of the {} operations once", OPS.len());
    }
}
