//! `open_enum!`: string enums that keep values they do not know.
//!
//! A server may add enum values at any time; decoding one must never fail a response. Every
//! generated enum has an `Unknown(String)` variant, infallible `From<&str>`, `as_str()` and `VALUES`.

/// Defines an open string enum with serde, `Display`, `From<&str>` and query support.
#[macro_export]
#[doc(hidden)]
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $value:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", $value, "`")] $variant,)*
            /// A value this version of the spec does not list, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// Every value the spec lists.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }

        impl<'de> $crate::__private::Lenient<'de> for $name {
            const EXPECTING: &'static str = concat!("a ", stringify!($name), " string");
            fn from_scalar(scalar: $crate::__private::Scalar<'_>) -> $crate::__private::Fit<Self> {
                match scalar {
                    $crate::__private::Scalar::Str(value) => Ok(Self::from(value.as_ref())),
                    other => Err(other.into_value()),
                }
            }
        }

        impl $crate::QueryValue for $name {
            fn append_to(&self, name: &str, out: &mut Vec<(String, String)>) {
                self.as_str().append_to(name, out)
            }
        }
    };
}
