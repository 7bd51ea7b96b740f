//! `deserialize_union!`: decoding for generated discriminated unions (`Application` by
//! `signOnMode`, `Policy` by `type`, …).
//!
//! The object is read once into a JSON map, its discriminator picks the variant, and the variant
//! model decodes from the map leniently like any model. A kind the union does not list, or an
//! object without the discriminator, decodes into the union's `Unknown` variant: the fields every
//! kind has, and the rest kept as received. Unions are resources read one at a time or in short
//! pages, so the one buffering per object is cheap next to the request.

use serde::de;
use serde_json::{Map, Value};

use crate::lenient::Lenient;

/// Implements [`Lenient`](crate::__private::Lenient) and `Deserialize` for a union enum:
/// `$tag` is the discriminator's wire name, `$unknown` the model of the `Unknown` variant,
/// then one `"value" => Variant(Model),` per kind.
#[macro_export]
#[doc(hidden)]
macro_rules! deserialize_union {
    ($name:ident, $tag:literal, $unknown:ty, { $($value:literal => $variant:ident($model:ty),)* }) => {
        impl<'de> $crate::__private::Lenient<'de> for $name {
            const EXPECTING: &'static str = concat!("a ", stringify!($name), " object");
            fn from_entries<A: $crate::__private::serde::de::MapAccess<'de>>(map: A) -> ::core::result::Result<$crate::__private::Fit<Self>, A::Error> {
                let object = $crate::__private::buffer(map)?;
                let kind = object.get($tag).and_then(|value| value.as_str()).unwrap_or_default();
                Ok(Ok(match kind {
                    $($value => $name::$variant(::std::boxed::Box::new($crate::__private::from_object::<$model, A::Error>(object)?)),)*
                    _ => $name::Unknown(::std::boxed::Box::new($crate::__private::from_object::<$unknown, A::Error>(object)?)),
                }))
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::strict(deserializer)
            }
        }
    };
}

/// Accessors on a union enum for the fields every kind has: `$name [Kind, …, Unknown]`, then
/// one `field: Type,` per field (each an `Option` in every kind's struct).
#[macro_export]
#[doc(hidden)]
macro_rules! union_accessors {
    ($name:ident $kinds:tt { $($field:ident: $ty:ty,)* }) => {
        impl $name {
            $($crate::union_accessors!(@one $kinds, $field, $ty);)*
        }
    };
    (@one [$($kind:ident),*], $field:ident, $ty:ty) => {
        #[doc = concat!("`", stringify!($field), "`, whichever the kind.")]
        pub fn $field(&self) -> ::core::option::Option<&$ty> {
            match self {
                $(Self::$kind(v) => v.$field.as_ref(),)*
            }
        }
    };
}

/// A model decoded leniently from a buffered object (an error only where a request-only
/// model lacks a required field).
pub fn from_object<T: for<'a> Lenient<'a>, E: de::Error>(object: Map<String, Value>) -> Result<T, E> {
    match T::lenient(Value::Object(object)) {
        Ok(Ok(model)) => Ok(model),
        Ok(Err(_)) => Err(E::custom(format_args!("{} does not fit", T::EXPECTING))),
        Err(error) => Err(E::custom(error)),
    }
}
