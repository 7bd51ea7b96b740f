//! What goes to stdout: JSON (pretty on a terminal, one line otherwise), lists as one JSON
//! object per line, or a table for people. Keys keep the server's order: JSON is re-printed
//! token by token, never through a map.

use std::io::{self, IsTerminal, Write};

use serde_json::value::RawValue;
use serde_json::Value;

/// Table columns tried, in this order, when `--columns` is not given.
const DEFAULT_COLUMNS: &[&str] =
    &["id", "status", "type", "name", "label", "profile.login", "profile.name", "profile.email", "signOnMode", "created", "lastUpdated"];
/// Columns of a table without `--columns`.
const MAX_DEFAULT_COLUMNS: usize = 5;
/// Widest cell of a table, in characters.
const MAX_CELL: usize = 48;

/// The output format.
#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    /// JSON; lists as JSON lines.
    Json,
    /// A table of these dotted paths (`None`: chosen from the first row).
    Table(Option<Vec<String>>),
}

/// Writes responses to stdout in the chosen format.
pub struct Printer {
    format: Format,
    pretty: bool,
    out: io::BufWriter<io::StdoutLock<'static>>,
    rows: Vec<Value>,
}

impl Printer {
    /// A printer to stdout (JSON is pretty when stdout is a terminal).
    pub fn new(format: Format) -> Printer {
        let stdout = io::stdout();
        Printer { format, pretty: stdout.is_terminal(), out: io::BufWriter::new(stdout.lock()), rows: Vec::new() }
    }

    /// One whole response body: JSON re-printed (table rows in table format), anything else as is.
    pub fn body(&mut self, body: &[u8], json: bool) -> io::Result<()> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        if !json {
            return self.out.write_all(body);
        }
        if let Format::Table(_) = self.format {
            match serde_json::from_slice(body) {
                Ok(Value::Array(items)) => self.rows.extend(items),
                Ok(value) => self.rows.push(value),
                Err(_) => self.out.write_all(body)?,
            }
            return Ok(());
        }
        let line = reprint(body, self.pretty).unwrap_or_else(|| body.to_vec());
        self.out.write_all(&line)?;
        self.out.write_all(b"\n")
    }

    /// The items of one page of a list (a JSON array), each on its own line, at most `limit` of
    /// them; returns how many there were. A page that is not an array (a server that disagrees
    /// with the spec) is written whole, as one item, so nothing it sent is lost.
    pub fn page(&mut self, body: &[u8], limit: Option<u64>) -> io::Result<u64> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(0);
        }
        let Ok(items) = serde_json::from_slice::<Option<Vec<&RawValue>>>(body) else {
            self.body(body, true)?;
            return Ok(1);
        };
        let items = items.unwrap_or_default();
        let take = limit.map_or(items.len(), |n| items.len().min(usize::try_from(n).unwrap_or(usize::MAX)));
        for item in &items[..take] {
            match self.format {
                Format::Table(_) => self.rows.push(serde_json::from_str(item.get()).unwrap_or(Value::Null)),
                Format::Json => {
                    let line = reprint(item.get().as_bytes(), false).unwrap_or_else(|| item.get().as_bytes().to_vec());
                    self.out.write_all(&line)?;
                    self.out.write_all(b"\n")?;
                }
            }
        }
        self.out.flush()?;
        Ok(take as u64)
    }

    /// Writes the table (in table format) and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        if let Format::Table(columns) = &self.format {
            let columns = columns.clone().unwrap_or_else(|| default_columns(self.rows.first()));
            let table = table(&columns, &self.rows);
            self.out.write_all(table.as_bytes())?;
        }
        self.out.flush()
    }
}

/// `json` printed again, pretty or on one line, keys in their order; `None` if it is not JSON.
fn reprint(json: &[u8], pretty: bool) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(json.len() + json.len() / 4);
    let mut from = serde_json::Deserializer::from_slice(json);
    let done = if pretty {
        serde_transcode::transcode(&mut from, &mut serde_json::Serializer::pretty(&mut out))
    } else {
        serde_transcode::transcode(&mut from, &mut serde_json::Serializer::new(&mut out))
    };
    done.ok().and(from.end().ok()).map(|()| out)
}

/// The first few of [`DEFAULT_COLUMNS`] that `first` has, else its first scalar fields.
fn default_columns(first: Option<&Value>) -> Vec<String> {
    let Some(first) = first else { return vec!["id".to_owned()] };
    let mut columns: Vec<String> = DEFAULT_COLUMNS
        .iter()
        .filter(|path| lookup(first, path).is_some_and(|v| !v.is_null() && !v.is_object() && !v.is_array()))
        .take(MAX_DEFAULT_COLUMNS)
        .map(|path| (*path).to_owned())
        .collect();
    if columns.is_empty() {
        if let Value::Object(map) = first {
            columns = map.iter().filter(|(_, v)| !v.is_object() && !v.is_array()).take(MAX_DEFAULT_COLUMNS).map(|(k, _)| k.clone()).collect();
        }
    }
    columns
}

/// The value at a dotted path (`profile.login`, `credentials.emails.0.value`).
fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |value, key| match value {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// One cell: text as is, other scalars and structures as JSON; control characters (which could
/// drive the terminal) replaced; cut at [`MAX_CELL`] characters.
fn cell(value: Option<&Value>) -> String {
    let text = match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    };
    let mut shown: String = text.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).take(MAX_CELL).collect();
    if text.chars().count() > MAX_CELL {
        shown.pop();
        shown.push('…');
    }
    shown
}

/// Rows under upper-case headers, columns padded to their widest cell.
fn table(columns: &[String], rows: &[Value]) -> String {
    let mut grid: Vec<Vec<String>> = vec![columns.iter().map(|c| c.to_uppercase()).collect()];
    grid.extend(rows.iter().map(|row| columns.iter().map(|c| cell(lookup(row, c))).collect()));
    let widths: Vec<usize> = (0..columns.len()).map(|i| grid.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in grid {
        let mut line = String::new();
        for (i, text) in row.iter().enumerate() {
            if i + 1 < row.len() {
                line.push_str(&format!("{text:<width$}  ", width = widths[i]));
            } else {
                line.push_str(text);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprint_keeps_key_order_and_fits_one_line() {
        let text = b"{\n  \"z\": 1,\n  \"a\": [true, null, \"x\\ny\"]\n}";
        assert_eq!(reprint(text, false).unwrap(), br#"{"z":1,"a":[true,null,"x\ny"]}"#);
        assert_eq!(reprint(b"{} trailing", false), None);
    }

    #[test]
    fn tables_pick_known_columns_and_defang_control_characters() {
        let rows = vec![serde_json::json!({"id": "00u1", "status": "ACTIVE", "profile": {"login": "a\u{1b}[31m@x"}})];
        assert_eq!(default_columns(rows.first()), ["id", "status", "profile.login"]);
        let shown = table(&default_columns(rows.first()), &rows);
        assert_eq!(shown, "ID    STATUS  PROFILE.LOGIN\n00u1  ACTIVE  a\u{fffd}[31m@x\n");
    }
}
