//! The shape of the generated command table ([`crate::generated::commands::RESOURCES`]).

use okta_admin_runtime::ops::OPS;
use okta_admin_runtime::{Op, Param};

/// One resource: `okta-admin users …`.
#[derive(Debug)]
pub struct Resource {
    /// kebab-case resource name (`users`, `system-log`).
    pub name: &'static str,
    /// Okta's tag for it (`User`).
    pub tag: &'static str,
    /// Its operations.
    pub commands: &'static [Command],
}

/// One operation: `okta-admin users list`.
#[derive(Debug)]
pub struct Command {
    /// kebab-case operation name (`list`, `reset-factors`).
    pub name: &'static str,
    /// The index of the operation in [`OPS`].
    pub op: usize,
    /// One-line summary.
    pub about: &'static str,
    /// One per parameter of the operation, in its order.
    pub flags: &'static [Flag],
}

/// The command-line name of one parameter: an argument for a path parameter, else a `--flag`.
#[derive(Debug)]
pub struct Flag {
    /// kebab-case name (`user-id`, `sort-by`).
    pub name: &'static str,
    /// The index of the parameter in the operation's [`Op::params`].
    pub param: usize,
    /// One line of help.
    pub help: &'static str,
}

impl Command {
    /// The operation in the runtime's table.
    pub fn op(&self) -> &'static Op {
        &OPS[self.op]
    }
}

impl Flag {
    /// The parameter this flag sets, of operation `op`.
    pub fn of(&self, op: &'static Op) -> &'static Param {
        &op.params[self.param]
    }
}
