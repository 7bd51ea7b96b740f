//! The parsed command line of one operation → the runtime's [`Args`] → a [`Call`] built by the
//! same [`Call::from_op`] the libraries use.

use std::io::Read;

use clap::ArgMatches;
use okta_admin_runtime::{Arg, Args, Body, BodyKind, Call, FilePart, Loc, Ty};
use serde_json::Value;

use crate::exit::Failure;
use crate::table::Command;

/// The call of operation `entry` with the arguments in `matches`.
pub fn call(entry: &'static Command, matches: &ArgMatches) -> Result<Call, Failure> {
    let op = entry.op();
    let mut args = Args::new();
    for flag in entry.flags {
        let param = flag.of(op);
        if let Some(arg) = value(matches, flag.name, param.loc, param.ty)? {
            args.set(flag.param, arg);
        }
    }
    match op.body {
        BodyKind::None => {}
        BodyKind::Model | BodyKind::Json => {
            if let Some(data) = data(matches)? {
                check_json(&data, "--data")?;
                args.set_body(Body::RawJson(data));
            }
        }
        BodyKind::Text => {
            if let Some(data) = data(matches)? {
                let text = String::from_utf8(data).map_err(|_| Failure::Usage("--data: the body text is not UTF-8".into()))?;
                args.set_body(Body::Json(Value::String(text.trim_end_matches(['\r', '\n']).to_owned())));
            }
        }
        BodyKind::File | BodyKind::Binary => {
            if let Some(path) = matches.get_one::<String>("file") {
                let bytes = std::fs::read(path).map_err(|e| Failure::Usage(format!("--file {path}: {e}")))?;
                let media_type = matches.get_one::<String>("file-type");
                if op.body == BodyKind::Binary {
                    args.set_body(Body::Bytes(bytes));
                    if let Some(media_type) = media_type {
                        args.set_content_type(media_type.clone());
                    }
                } else {
                    let name = std::path::Path::new(path).file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
                    let media_type = media_type.cloned().unwrap_or_else(|| FilePart::guess_media_type(&name).to_owned());
                    args.set_body(Body::File(FilePart::new(name, media_type, bytes)));
                }
            }
        }
    }
    let mut call = Call::from_op(op, args);
    extras(matches, &mut call)?;
    Ok(call)
}

/// The value of one parameter's flag, typed as the spec declares it: numbers and booleans are
/// JSON numbers and booleans in a body, JSON parameters are parsed.
fn value(matches: &ArgMatches, name: &str, loc: Loc, ty: Ty) -> Result<Option<Arg>, Failure> {
    Ok(match ty {
        Ty::Int => matches.get_one::<i64>(name).map(|&n| Arg::Json(n.into())),
        Ty::Num => match matches.get_one::<f64>(name) {
            Some(&n) => Some(Arg::Json(Value::from(serde_json::Number::from_f64(n).ok_or_else(|| {
                Failure::Usage(format!("--{name}: {n} is not a JSON number"))
            })?))),
            None => None,
        },
        Ty::Bool => matches.get_one::<bool>(name).map(|&b| Arg::Json(b.into())),
        Ty::List => matches.get_many::<String>(name).map(|values| Arg::List(values.cloned().collect())),
        Ty::Json if loc == Loc::Field => match matches.get_one::<String>(name) {
            Some(text) => {
                check_json(text.as_bytes(), &format!("--{name}"))?;
                Some(Arg::RawJson(text.clone()))
            }
            None => None,
        },
        Ty::Str | Ty::Json => matches.get_one::<String>(name).map(|text| Arg::Text(text.clone())),
    })
}

/// `--header` and `--query` of one call (`--timeout` and `--max-retries` go to the client).
pub fn extras(matches: &ArgMatches, call: &mut Call) -> Result<(), Failure> {
    for header in matches.get_many::<String>("header").into_iter().flatten() {
        let (name, value) = header
            .split_once(':')
            .ok_or_else(|| Failure::Usage(format!("--header {header:?}: expected `Name: value`")))?;
        call.extra_header(name.trim(), value.trim());
    }
    for pair in matches.get_many::<String>("query").into_iter().flatten() {
        let (name, value) = pair.split_once('=').ok_or_else(|| Failure::Usage(format!("--query {pair:?}: expected `name=value`")))?;
        call.extra_query(name, value);
    }
    Ok(())
}

/// The bytes of `--data`: the text itself, `@path` for a file, `-` or `@-` for stdin.
pub fn data(matches: &ArgMatches) -> Result<Option<Vec<u8>>, Failure> {
    let Some(data) = matches.get_one::<String>("data") else { return Ok(None) };
    let read = |what: &str, result: std::io::Result<Vec<u8>>| result.map_err(|e| Failure::Usage(format!("--data {what}: {e}")));
    Ok(Some(match data.as_str() {
        "-" | "@-" => {
            let mut bytes = Vec::new();
            read("-", std::io::stdin().lock().read_to_end(&mut bytes).map(|_| bytes))?
        }
        file if file.starts_with('@') => read(file, std::fs::read(&file[1..]))?,
        text => text.as_bytes().to_vec(),
    }))
}

/// A usage error with the line and column unless `bytes` are one JSON value.
pub fn check_json(bytes: &[u8], what: &str) -> Result<(), Failure> {
    match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
        Ok(_) => Ok(()),
        Err(e) => Err(Failure::Usage(format!("{what} is not valid JSON: {e}"))),
    }
}
