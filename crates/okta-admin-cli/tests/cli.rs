//! The real `okta-admin` binary against `okta-mock` over loopback: lists, gets, creates, errors
//! and exit codes, dry runs, uploads, `api`, completions and the help of every resource.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use okta_mock::{Fault, MockConfig, MockServer, OAuthClient};

/// A scratch directory as `HOME` and working directory, so no `okta.yaml` of the machine is read.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("okta-admin-cli-test-{}-{:?}", std::process::id(), std::thread::current().id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// `okta-admin args…` configured for `server` through the environment, as a user would.
fn okta_admin(server: Option<&MockServer>, args: &[&str]) -> Output {
    okta_admin_with_input(server, args, None)
}

fn okta_admin_with_input(server: Option<&MockServer>, args: &[&str], input: Option<&[u8]>) -> Output {
    let dir = scratch();
    let mut command = Command::new(env!("CARGO_BIN_EXE_okta-admin"));
    command.args(args).current_dir(&dir).env("HOME", &dir).env("USERPROFILE", &dir);
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("OKTA_")) {
        command.env_remove(name);
    }
    if let Some(server) = server {
        command.env("OKTA_CLIENT_ORGURL", server.url()).env("OKTA_CLIENT_TOKEN", server.token());
    }
    command.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() }).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("run okta-admin");
    if let Some(input) = input {
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
    }
    child.wait_with_output().expect("okta-admin ends")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    stdout(output).lines().map(|line| serde_json::from_str(line).expect("each line is one JSON value")).collect()
}

fn mock(users: usize) -> MockServer {
    MockServer::start_blocking(MockConfig { seed_users: users, ..MockConfig::default() }).expect("okta-mock")
}

#[test]
fn lists_stream_every_page_as_json_lines() {
    let server = mock(450);
    let output = okta_admin(Some(&server), &["users", "list", "--limit", "200"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let users = json_lines(&output);
    assert_eq!(users.len(), 450);
    let ids: HashSet<&str> = users.iter().map(|u| u["id"].as_str().expect("id")).collect();
    assert_eq!(ids.len(), 450, "every user once");
    assert_eq!(users[0]["profile"]["login"], "user1@example.com");
    let pages: Vec<_> = server.requests().into_iter().filter(|r| r.path == "/api/v1/users").collect();
    assert_eq!(pages.len(), 3, "three pages of at most 200");
    assert!(pages[1].query.contains("after="), "the second page follows the Link cursor: {}", pages[1].query);

    server.clear_requests();
    let output = okta_admin(Some(&server), &["users", "list", "--limit", "200", "--first", "250"]);
    assert_eq!(json_lines(&output).len(), 250);
    assert_eq!(server.requests().len(), 2, "--first stops fetching once it has enough");
    let output = okta_admin(Some(&server), &["users", "list", "--limit", "100", "--max-pages", "2"]);
    assert_eq!(json_lines(&output).len(), 200);

    // A page that is not an array is printed whole; an empty one prints nothing.
    let output = okta_admin(Some(&server), &["users", "list", "--header", "X-Mock-Fault: body:string"]);
    assert_eq!((output.status.code(), stdout(&output).as_str()), (Some(0), "\"text\"\n"), "{}", stderr(&output));
    let output = okta_admin(Some(&server), &["users", "list", "--header", "X-Mock-Fault: body:null"]);
    assert_eq!((output.status.code(), stdout(&output).as_str()), (Some(0), ""), "{}", stderr(&output));
}

#[test]
fn lists_print_a_table_for_people() {
    let server = mock(3);
    let output = okta_admin(Some(&server), &["users", "list", "-o", "table", "--columns", "profile.login,status"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(lines[0].split_whitespace().collect::<Vec<_>>(), ["PROFILE.LOGIN", "STATUS"]);
    assert_eq!(lines[1].split_whitespace().collect::<Vec<_>>(), ["user1@example.com", "ACTIVE"]);
}

#[test]
fn gets_one_user_and_creates_one_from_data() {
    let server = mock(2);
    let output = okta_admin(Some(&server), &["users", "get", "user2@example.com"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let user: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("one JSON object");
    assert_eq!(user["profile"]["login"], "user2@example.com");
    assert!(stdout(&output).starts_with("{\"id\":"), "keys keep the server's order (id first), on one line when piped");

    let profile = r#"{"profile":{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","login":"ada@example.com"}}"#;
    let output = okta_admin(Some(&server), &["users", "create", "--activate", "false", "--data", profile]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let created: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("the created user");
    assert_eq!(created["status"], "STAGED", "--activate false reached the query");
    let request = server.requests().into_iter().find(|r| r.method == "POST").expect("the create request");
    assert_eq!(request.query, "activate=false");
    assert_eq!(request.body, profile.as_bytes(), "the body is sent as given");

    // The same body from a file and from stdin.
    let file = scratch().join("user.json");
    std::fs::write(&file, profile.replace("ada", "grace")).expect("write body");
    let at_file = format!("@{}", file.display());
    let output = okta_admin(Some(&server), &["users", "create", "--data", &at_file]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let input = profile.replace("ada", "hedy");
    let output = okta_admin_with_input(Some(&server), &["users", "create", "--data", "-"], Some(input.as_bytes()));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for login in ["grace@example.com", "hedy@example.com"] {
        let output = okta_admin(Some(&server), &["users", "get", login]);
        assert_eq!(output.status.code(), Some(0), "{login} was created: {}", stderr(&output));
    }
}

#[test]
fn errors_exit_with_codes_scripts_can_use() {
    let server = mock(1);
    let missing = okta_admin(Some(&server), &["users", "get", "nobody@example.com"]);
    assert_eq!(missing.status.code(), Some(4), "a 404 is a refused request");
    assert!(stdout(&missing).is_empty());
    let message = stderr(&missing);
    assert!(message.contains("E0000007") && message.contains("request id"), "{message}");
    assert!(!message.contains(server.token()), "{message}");

    server.push_fault(Fault::Status(503), 1);
    let unavailable = okta_admin(Some(&server), &["users", "get", "user1@example.com", "--max-retries", "0"]);
    assert_eq!(unavailable.status.code(), Some(5), "a 5xx: {}", stderr(&unavailable));

    let usage = okta_admin(Some(&server), &["users", "list", "--limit", "many"]);
    assert_eq!(usage.status.code(), Some(2), "a flag of the wrong type");
    assert!(stderr(&usage).contains("--limit"), "{}", stderr(&usage));
    let bad_json = okta_admin(Some(&server), &["users", "create", "--data", "{\"profile\": }"]);
    assert_eq!(bad_json.status.code(), Some(2));
    assert!(stderr(&bad_json).contains("line 1 column 13"), "{}", stderr(&bad_json));
    let unknown = okta_admin(Some(&server), &["users", "lisst"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("list"), "suggests the right name: {}", stderr(&unknown));

    let no_org = okta_admin(None, &["users", "list"]);
    assert_eq!(no_org.status.code(), Some(1), "no configuration");
    assert!(stderr(&no_org).contains("org"), "{}", stderr(&no_org));
    assert_eq!(server.requests().iter().filter(|r| r.method != "GET").count(), 0, "usage errors send nothing");
}

#[test]
fn dry_run_prints_the_request_and_sends_nothing() {
    let server = mock(1);
    let output = okta_admin(
        Some(&server),
        &["users", "create", "--activate", "false", "--data", r#"{"profile":{"login":"x@example.com"}}"#, "--dry-run", "-H", "X-Trace: 1"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with(&format!("POST {}/api/v1/users?activate=false\n", server.url())), "{text}");
    assert!(text.contains("authorization: SSWS <redacted>\n"), "{text}");
    assert!(text.contains("x-trace: 1\n"), "{text}");
    assert!(text.ends_with("\n{\"profile\":{\"login\":\"x@example.com\"}}\n"), "{text}");
    assert!(!text.contains(server.token()));
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[test]
fn oauth_private_key_jwt_with_dpop_from_flags() {
    let server = mock(2);
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../okta-admin-runtime/tests/fixtures");
    let public_key = std::fs::read_to_string(format!("{fixtures}/ec_public_spki.pem")).expect("public key");
    server.register_oauth_client(OAuthClient::new("cli-app", public_key).with_dpop(true)).expect("register");
    let private_key = format!("{fixtures}/ec_pkcs8.pem");
    let flags = ["--org-url", server.url(), "--client-id", "cli-app", "--private-key", &private_key, "--scopes", "okta.users.read", "--dpop"];
    let mut dry_run = vec!["users", "list", "--dry-run"];
    dry_run.extend(flags);
    let output = okta_admin(None, &dry_run);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("authorization: DPoP <redacted>\ndpop: <redacted>\n"), "{}", stdout(&output));
    assert!(server.requests().is_empty(), "a dry run fetches no token either");

    let mut list = vec!["users", "list"];
    list.extend(flags);
    let output = okta_admin(None, &list);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(json_lines(&output).len(), 2);
    let requests = server.requests();
    assert!(requests.iter().any(|r| r.path == "/oauth2/v1/token"), "a token was fetched with the key");
    let list = requests.iter().find(|r| r.path == "/api/v1/users").expect("the list");
    assert!(list.headers.iter().any(|(n, v)| n == "authorization" && v.starts_with("DPoP ")), "DPoP-bound token");
}

#[test]
fn verbose_shows_each_attempt_and_retry() {
    let server = mock(1);
    server.push_fault(Fault::Status(503), 1);
    let output = okta_admin(Some(&server), &["users", "get", "user1@example.com", "--verbose"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let log = stderr(&output);
    let kinds: Vec<&str> = log.lines().map(|l| &l[..1]).collect();
    assert_eq!(kinds, [">", "<", "~", ">", "<"], "{log}");
    assert!(log.contains("GET /api/v1/users/{id} (getUser) attempt 2"), "{log}");
    assert!(!log.contains(server.token()) && !log.contains("user1@example.com"), "no token or id in the log: {log}");
}

#[test]
fn uploads_send_the_file_as_multipart() {
    let server = mock(0);
    let logo = scratch().join("logo.png");
    std::fs::write(&logo, b"\x89PNG fake image bytes").expect("write logo");
    let path = logo.display().to_string();
    let _ = okta_admin(Some(&server), &["org-setting-customizations", "upload-logo", "--file", &path]);
    let request = server.requests().into_iter().find(|r| r.path == "/api/v1/org/logo").expect("the upload was sent");
    let content_type = request.headers.iter().find(|(n, _)| n == "content-type").map(|(_, v)| v.as_str()).unwrap_or_default();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let body = String::from_utf8_lossy(&request.body);
    assert!(body.contains("filename=\"logo.png\"") && body.contains("Content-Type: image/png") && body.contains("fake image bytes"), "{body}");
}

#[test]
fn api_calls_any_path_of_the_org() {
    let server = mock(3);
    let output = okta_admin(Some(&server), &["api", "GET", "/api/v1/users?limit=2", "--paginate"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(json_lines(&output).len(), 3, "both pages");
    let output = okta_admin(Some(&server), &["api", "GET", "/api/v1/users/user3@example.com"]);
    let user: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(user["profile"]["login"], "user3@example.com");
    let output = okta_admin(Some(&server), &["api", "GET", "/api/v1/../v1/users"]);
    assert_eq!(output.status.code(), Some(2), "a path that leaves its place is refused unsent");
    let output = okta_admin(Some(&server), &["api", "TRACE", "/api/v1/users"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn every_operation_is_listed_in_its_resource_help() {
    let top = okta_admin(None, &["--help"]);
    let top = stdout(&top);
    let ir = ir();
    let operations = ir["operations"].as_array().expect("operations");
    let mut seen = 0;
    for resource in ir["resources"].as_array().expect("resources") {
        let name = kebab(resource["name"].as_str().expect("name"));
        assert!(top.contains(&format!("  {name}\n")) || top.contains(&format!("  {name} ")), "{name} in the top-level help");
        let output = okta_admin(None, &[&name, "--help"]);
        assert_eq!(output.status.code(), Some(0), "{name} --help: {}", stderr(&output));
        let help = stdout(&output);
        for index in resource["operations"].as_array().expect("indices") {
            let op = &operations[index.as_u64().expect("index") as usize];
            let command = kebab(op["name"].as_str().expect("op name"));
            let summary = op["description"].as_str().expect("description").split_whitespace().next().unwrap_or_default();
            // clap puts the summary on the command's line, or on the next when names are long.
            let lines: Vec<&str> = help.lines().collect();
            let at = lines.iter().position(|l| l.split_whitespace().next() == Some(command.as_str()));
            let listed = at.is_some_and(|i| lines[i..(i + 2).min(lines.len())].iter().any(|l| l.contains(summary)));
            assert!(listed, "{name} --help lists {command} with its summary:\n{help}");
            seen += 1;
        }
    }
    assert_eq!(seen, operations.len(), "all {} operations", operations.len());
}

#[test]
fn completions_cover_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let output = okta_admin(None, &["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = stdout(&output);
        assert!(script.contains("okta-admin") && script.contains("upload-logo") && script.contains("max-pages"), "{shell}");
    }
}

/// The IR (`cargo xtask ir`), as embedded in okta-mock's generated `ir.rs`: the list the CLI's
/// generated table must match.
fn ir() -> serde_json::Value {
    let source = include_str!("../../okta-mock/src/generated/ir.rs");
    let start = source.find("{\"api\"").expect("the IR's JSON");
    let end = source.rfind('}').expect("its end") + 1;
    serde_json::from_str(&source[start..end]).expect("IR JSON")
}

fn kebab(snake: &str) -> String {
    snake.replace('_', "-")
}

/// Every `okta-admin …` line of the README's "Command line" section parses and builds its
/// request (run with `--dry-run`, so placeholder ids are fine).
#[test]
fn the_readme_examples_are_valid_commands() {
    let readme = include_str!("../../../README.md");
    let section = readme.split("## Command line").nth(1).expect("a Command line section");
    let block = section.split("```sh").nth(1).and_then(|b| b.split("```").next()).expect("its sh block");
    let dir = scratch();
    std::fs::write(dir.join("user.json"), r#"{"profile":{"login":"a@example.com"}}"#).expect("user.json");
    std::fs::write(dir.join("logo.png"), b"\x89PNG").expect("logo.png");
    let server = mock(0);
    let mut count = 0;
    for line in block.lines().filter(|l| l.starts_with("okta-admin ")) {
        let command = line.split(" # ").next().unwrap_or(line).split(" > ").next().unwrap_or(line);
        let mut words = shell_words(command.trim());
        words.remove(0);
        if !words.iter().any(|w| w == "--help" || w == "completions" || w == "--dry-run") {
            words.push("--dry-run".into());
        }
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let output = okta_admin(Some(&server), &args);
        assert_eq!(output.status.code(), Some(0), "`{command}`: {}", stderr(&output));
        count += 1;
    }
    assert!(count >= 10, "the README shows the CLI ({count} commands)");
    assert!(server.requests().is_empty(), "dry runs send nothing");
}

/// Splits a command line at spaces outside single quotes (all the README uses).
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}
