//! Lenient decoding: a value of the wrong JSON type is handed back instead of failing.
//!
//! Okta's responses do not always match the spec (an object where an array is declared, a
//! number where a string is). A generated model decodes each declared field through
//! [`Lenient`]: a value that fits is decoded in place, with no buffering; one that does not is
//! handed back as JSON for the model to keep among its undeclared fields (so re-serialising
//! gives it back), and a warning is logged. One odd field never fails the object, nor its page.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::Serialize;
use serde_json::{Map, Value};

/// A decoded value, or the JSON found where it should have been.
pub type Fit<T> = Result<T, Value>;

/// Decoding that hands back a value of the wrong JSON type as `Ok(Err(json))`; errors are left
/// for malformed JSON. A type says which shapes it takes by overriding `from_scalar`,
/// `from_entries` or `from_items`; every other shape is handed back whole.
pub trait Lenient<'de>: Sized {
    /// What the type is, for error messages.
    const EXPECTING: &'static str;

    /// From a JSON scalar (null included).
    fn from_scalar(scalar: Scalar<'_>) -> Fit<Self> {
        Err(scalar.into_value())
    }

    /// From the entries of a JSON object.
    fn from_entries<A: MapAccess<'de>>(map: A) -> Result<Fit<Self>, A::Error> {
        Ok(Err(Value::Object(buffer(map)?)))
    }

    /// From the items of a JSON array.
    fn from_items<A: SeqAccess<'de>>(seq: A) -> Result<Fit<Self>, A::Error> {
        Ok(Err(Value::Array(Vec::deserialize(SeqAccessDeserializer::new(seq))?)))
    }

    /// Decodes `Self`, or hands back the JSON value when it does not fit.
    #[inline]
    fn lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Fit<Self>, D::Error> {
        deserializer.deserialize_any(Shape::<Self>(PhantomData))
    }
}

/// `T` decoded leniently, as a `serde::Deserialize` would: a value that does not fit is an
/// invalid-type error (for the outermost value, which has nowhere to be kept).
#[inline]
pub fn strict<'de, T: Lenient<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::lenient(deserializer)?.map_err(|found| de::Error::invalid_type(unexpected(&found), &T::EXPECTING))
}

/// [`Lenient::lenient`] as a seed, for `MapAccess::next_value_seed`.
pub struct Seed<T>(PhantomData<T>);

impl<T> Default for Seed<T> {
    fn default() -> Self {
        Seed(PhantomData)
    }
}

impl<'de, T: Lenient<'de>> DeserializeSeed<'de> for Seed<T> {
    type Value = Fit<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Fit<T>, D::Error> {
        T::lenient(deserializer)
    }
}

/// The rest of an object, as a JSON map.
pub fn buffer<'de, A: MapAccess<'de>>(map: A) -> Result<Map<String, Value>, A::Error> {
    Map::deserialize(MapAccessDeserializer::new(map))
}

/// Keeps a declared field's value that did not fit its type among the model's extra fields,
/// and logs it.
#[cold]
#[inline(never)]
pub fn misfit(extra: &mut Map<String, Value>, model: &str, key: crate::open_model::Key<'_>, found: Value) {
    tracing::warn!(
        target: "okta_admin",
        model,
        field = key.as_str(),
        found = json_type(&found),
        "a field's value does not fit its declared type: kept with the undeclared fields"
    );
    extra.insert(key.into_string(), found);
}

/// A JSON scalar as the parser hands it over (strings borrowed when they can be).
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(Cow<'a, str>),
}

impl Scalar<'_> {
    /// The scalar as a JSON value (a float JSON cannot hold becomes null).
    pub fn into_value(self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::I64(n) => n.into(),
            Scalar::U64(n) => n.into(),
            Scalar::F64(n) => serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number),
            Scalar::Str(s) => Value::String(s.into_owned()),
        }
    }
}

struct Shape<T>(PhantomData<T>);

impl<'de, T: Lenient<'de>> Visitor<'de> for Shape<T> {
    type Value = Fit<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_unit<E>(self) -> Result<Fit<T>, E> {
        Ok(T::from_scalar(Scalar::Null))
    }
    fn visit_none<E>(self) -> Result<Fit<T>, E> {
        Ok(T::from_scalar(Scalar::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Fit<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Fit<T>, E> {
        Ok(T::from_scalar(Scalar::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Fit<T>, E> {
        Ok(T::from_scalar(Scalar::I64(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Fit<T>, E> {
        Ok(T::from_scalar(Scalar::U64(v)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Fit<T>, E> {
        Ok(T::from_scalar(Scalar::F64(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Fit<T>, E> {
        Ok(T::from_scalar(Scalar::Str(Cow::Borrowed(v))))
    }
    fn visit_string<E>(self, v: String) -> Result<Fit<T>, E> {
        Ok(T::from_scalar(Scalar::Str(Cow::Owned(v))))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Fit<T>, A::Error> {
        T::from_entries(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Fit<T>, A::Error> {
        T::from_items(seq)
    }
}

impl<'de> Lenient<'de> for String {
    const EXPECTING: &'static str = "a string";
    fn from_scalar(scalar: Scalar<'_>) -> Fit<Self> {
        match scalar {
            Scalar::Str(s) => Ok(s.into_owned()),
            other => Err(other.into_value()),
        }
    }
}

impl<'de> Lenient<'de> for bool {
    const EXPECTING: &'static str = "a boolean";
    fn from_scalar(scalar: Scalar<'_>) -> Fit<Self> {
        match scalar {
            Scalar::Bool(b) => Ok(b),
            other => Err(other.into_value()),
        }
    }
}

impl<'de> Lenient<'de> for i64 {
    const EXPECTING: &'static str = "an integer";
    fn from_scalar(scalar: Scalar<'_>) -> Fit<Self> {
        match scalar {
            Scalar::I64(n) => Ok(n),
            Scalar::U64(n) => i64::try_from(n).map_err(|_| n.into()),
            other => Err(other.into_value()),
        }
    }
}

/// A number exactly as sent: `5` and `5.0` re-serialise as received.
impl<'de> Lenient<'de> for serde_json::Number {
    const EXPECTING: &'static str = "a number";
    fn from_scalar(scalar: Scalar<'_>) -> Fit<Self> {
        match scalar {
            Scalar::I64(n) => Ok(n.into()),
            Scalar::U64(n) => Ok(n.into()),
            Scalar::F64(n) => serde_json::Number::from_f64(n).ok_or(Value::Null),
            other => Err(other.into_value()),
        }
    }
}

impl<'de> Lenient<'de> for Value {
    const EXPECTING: &'static str = "any JSON value";
    fn lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Fit<Self>, D::Error> {
        Value::deserialize(deserializer).map(Ok)
    }
}

impl<'de> Lenient<'de> for Map<String, Value> {
    const EXPECTING: &'static str = "a JSON object";
    fn from_entries<A: MapAccess<'de>>(map: A) -> Result<Fit<Self>, A::Error> {
        buffer(map).map(Ok)
    }
}

/// Null is absent: `None`. Any other value is decoded as `T`.
impl<'de, T: Lenient<'de>> Lenient<'de> for Option<T> {
    const EXPECTING: &'static str = T::EXPECTING;
    fn lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Fit<Self>, D::Error> {
        deserializer.deserialize_option(Absent::<T>(PhantomData))
    }
}

struct Absent<T>(PhantomData<T>);

impl<'de, T: Lenient<'de>> Visitor<'de> for Absent<T> {
    type Value = Fit<Option<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Ok(None))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Ok(None))
    }
    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        Ok(T::lenient(deserializer)?.map(Some))
    }
}

/// An array whose every item fits; one item that does not hands back the whole array (as
/// received, the fitting items re-serialised), so the field is kept together.
impl<'de, T: Lenient<'de> + Serialize> Lenient<'de> for Vec<T> {
    const EXPECTING: &'static str = "a JSON array";
    fn from_items<A: SeqAccess<'de>>(mut seq: A) -> Result<Fit<Self>, A::Error> {
        let mut items: Vec<Fit<T>> = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Seed::<T>::default())? {
            items.push(item);
        }
        if items.iter().all(Result::is_ok) {
            return Ok(Ok(items.into_iter().flatten().collect()));
        }
        let json: Result<Vec<Value>, serde_json::Error> = items
            .into_iter()
            .map(|item| match item {
                Ok(fits) => serde_json::to_value(fits),
                Err(found) => Ok(found),
            })
            .collect();
        Ok(Err(Value::Array(json.map_err(de::Error::custom)?)))
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (_, Some(i), _) => Unexpected::Signed(i),
            (_, _, Some(f)) => Unexpected::Float(f),
            _ => Unexpected::Other("a number"),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}
