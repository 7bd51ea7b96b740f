//! `deserialize_open_model!`: decoding for generated models that keep undeclared fields.
//!
//! serde's `#[serde(flatten)]` catch-all buffers every object into an intermediate content tree
//! before sorting its keys into fields, which made decoding a page of users 2.6× slower than
//! reading its bytes. This visitor reads each key once: a declared field is decoded straight
//! into place, leniently (a value of the wrong JSON type joins the undeclared fields, with a
//! warning, instead of failing the object), and any other key goes to the map of extra fields.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, Visitor};

/// Implements [`Lenient`](crate::__private::Lenient) and `Deserialize` for a model: `$extra`
/// is its `serde_json::Map` of undeclared fields, then one `field => "wireName"` per optional
/// field, then (`required { … }`) the fields without `Option`, which must be present and fit.
#[macro_export]
#[doc(hidden)]
macro_rules! deserialize_open_model {
    // Every field optional: decoded into a default model, in place.
    ($name:ident, $extra:ident, { $($field:ident => $wire:literal,)* }) => {
        $crate::deserialize_open_model!(@impl $name, |map| {
            let mut out = <$name as ::core::default::Default>::default();
            $crate::deserialize_open_model!(@keys $name, map, out.$extra, { $($wire => out.$field,)* }, {});
            Ok(Ok(out))
        });
    };
    // Some fields required: each decoded into a local, the model built at the end.
    ($name:ident, $extra:ident, { $($field:ident => $wire:literal,)* }, required { $($req:ident => $req_wire:literal,)* }) => {
        $crate::deserialize_open_model!(@impl $name, |map| {
            $(let mut $field = ::core::default::Default::default();)*
            $(let mut $req = ::core::option::Option::None;)*
            let mut $extra = $crate::__private::Map::new();
            $crate::deserialize_open_model!(@keys $name, map, $extra, { $($wire => $field,)* }, { $($req_wire => $req,)* });
            Ok(Ok($name {
                $($field,)*
                $($req: match $req {
                    Some(value) => value,
                    None => return Err(<A::Error as $crate::__private::serde::de::Error>::missing_field($req_wire)),
                },)*
                $extra,
            }))
        });
    };
    (@impl $name:ident, |$map:ident| $body:block) => {
        impl<'de> $crate::__private::Lenient<'de> for $name {
            const EXPECTING: &'static str = concat!("a ", stringify!($name), " object");
            fn from_entries<A: $crate::__private::serde::de::MapAccess<'de>>(mut $map: A) -> ::core::result::Result<$crate::__private::Fit<Self>, A::Error> $body
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::strict(deserializer)
            }
        }
    };
    // The loop over the keys: optional fields take a misfit to `$extra`, required ones fail on it.
    (@keys $name:ident, $map:ident, $extra:expr, { $($wire:literal => $place:expr,)* }, { $($req_wire:literal => $req:ident,)* }) => {
        while let Some(key) = $map.next_key::<$crate::__private::Key<'de>>()? {
            match key.as_str() {
                $($wire => match $map.next_value_seed($crate::__private::Seed::default())? {
                    Ok(value) => $place = value,
                    Err(found) => $crate::__private::misfit(&mut $extra, stringify!($name), key, found),
                },)*
                $($req_wire => match $map.next_value_seed($crate::__private::Seed::default())? {
                    Ok(value) => $req = Some(value),
                    Err(found) => return Err(<A::Error as $crate::__private::serde::de::Error>::custom(format_args!(
                        "{}.{} does not fit its type: {}", stringify!($name), $req_wire, found
                    ))),
                },)*
                _ => {
                    $extra.insert(key.into_string(), $map.next_value()?);
                }
            }
        }
    };
}

/// An object key, borrowed from the input when it has no escapes.
#[doc(hidden)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Map, Value};

    #[derive(Debug, Default, PartialEq, serde::Serialize)]
    struct Person {
        #[serde(rename = "name", skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
        r#type: Option<i64>,
        #[serde(rename = "pets", skip_serializing_if = "Option::is_none")]
        pets: Option<Vec<Person>>,
        #[serde(flatten)]
        extra: Map<String, Value>,
    }
    crate::deserialize_open_model!(Person, extra, { name => "name", r#type => "type", pets => "pets", });

    #[derive(Debug, PartialEq, serde::Serialize)]
    struct Named {
        #[serde(rename = "label")]
        label: String,
        #[serde(rename = "value", skip_serializing_if = "Option::is_none")]
        value: Option<bool>,
        #[serde(flatten)]
        extra: Map<String, Value>,
    }
    crate::deserialize_open_model!(Named, extra, { value => "value", }, required { label => "label", });

    fn round_trip(text: &str) -> Person {
        let person: Person = serde_json::from_str(text).expect("decodes");
        let again = serde_json::to_value(&person).expect("serializes");
        assert_eq!(again, serde_json::from_str::<Value>(text).expect("json"), "a round trip gives {text} back");
        let from_value: Person = serde_json::from_value(again).expect("decodes from a Value too");
        assert_eq!(from_value, person);
        person
    }

    #[test]
    fn declared_fields_decode_in_place_and_the_rest_is_kept() {
        let person = round_trip(r#"{"z\u0041":1,"name":"Ada","other":{"a":[1,2]},"type":7,"nil":null}"#);
        assert_eq!(person.name.as_deref(), Some("Ada"));
        assert_eq!(person.r#type, Some(7));
        let keys: Vec<&str> = person.extra.keys().map(String::as_str).collect();
        assert!(keys.contains(&"zA") && keys.contains(&"other") && keys.contains(&"nil"), "{keys:?}");
        assert_eq!(person.extra["other"], json!({"a": [1, 2]}));
        let empty: Person = serde_json::from_str(r#"{"name":null}"#).expect("null is absent");
        assert_eq!(empty, Person::default());
        assert!(serde_json::from_str::<Person>("[]").is_err(), "the outermost value has nowhere to go");
        assert!(serde_json::from_str::<Person>(r#"{"name":"a""#).is_err(), "malformed JSON still fails");
    }

    #[test]
    fn a_value_of_the_wrong_type_is_kept_with_the_undeclared_fields() {
        for (field, odd) in [
            ("type", json!("seven")),
            ("type", json!(1.5)),
            ("type", json!(u64::MAX)),
            ("name", json!(7)),
            ("name", json!({"first": "Ada"})),
            ("name", json!(["Ada"])),
            ("pets", json!({"cat": {}})),
            ("pets", json!([{"name": "Tom"}, "Jerry"])),
        ] {
            let text = json!({"name": "Ada", "type": 1, field: odd.clone()}).to_string();
            let person = round_trip(&text);
            assert_eq!(person.extra.get(field), Some(&odd), "{text}");
        }
        let nested = round_trip(r#"{"pets":[{"name":"Tom","type":"cat"}]}"#);
        let pet = &nested.pets.as_ref().expect("pets")[0];
        assert_eq!((pet.name.as_deref(), pet.extra.get("type")), (Some("Tom"), Some(&json!("cat"))));
    }

    #[test]
    fn required_fields_must_be_present_and_fit() {
        let named: Named = serde_json::from_str(r#"{"label":"x","value":"yes","more":1}"#).expect("decodes");
        assert_eq!((named.label.as_str(), named.value), ("x", None));
        assert_eq!(named.extra.get("value"), Some(&json!("yes")));
        let missing = serde_json::from_str::<Named>(r#"{"value":true}"#).expect_err("label is required");
        assert!(missing.to_string().contains("missing field `label`"), "{missing}");
        let odd = serde_json::from_str::<Named>(r#"{"label":[1]}"#).expect_err("label must fit");
        assert!(odd.to_string().contains("Named.label"), "{odd}");
    }
}
