//! Enums a response shares with its request. LAP states an inline enum on the request body of
//! an operation (`status: str(ACTIVE/INACTIVE)`) and writes the same field of its response as a
//! bare `str`: the resource is the same, so the response field gets the request's enum. Nested
//! models are matched by field name, level by level. A field two requests disagree on stays a
//! string.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Model, Operation, TypeRef};

/// The (body model, response model) of each operation that has both.
pub fn pairs(operations: &[Operation]) -> Vec<(String, String)> {
    operations
        .iter()
        .filter_map(|op| match (&op.body_model, &op.response.ty) {
            (Some(body), Some(TypeRef::Model { name })) => Some((body.clone(), name.clone())),
            _ => None,
        })
        .collect()
}

/// Gives response fields the enums of the same fields of the request bodies they answer
/// (`pairs` of body and response model names); returns how many fields changed.
pub fn share_request_enums(pairs: &[(String, String)], models: &mut [Model]) -> usize {
    let index: HashMap<String, usize> = models.iter().enumerate().map(|(i, m)| (m.name.clone(), i)).collect();
    // (response model, field) → the enum names the requests offer for it.
    let mut offers: BTreeMap<(usize, usize), HashSet<String>> = BTreeMap::new();
    let mut seen = HashSet::new();
    for (body, response) in pairs {
        if let (Some(&request), Some(&response)) = (index.get(body), index.get(response)) {
            pair(models, &index, request, response, &mut seen, &mut offers);
        }
    }
    let mut changed = 0;
    for ((model, field), enums) in offers {
        if let [name] = enums.into_iter().collect::<Vec<_>>().as_slice() {
            models[model].fields[field].ty = TypeRef::Enum { name: name.clone() };
            changed += 1;
        }
    }
    changed
}

/// Collects the enum offers of `request` for the string fields of `response`, and descends
/// into fields that are models on both sides.
fn pair(
    models: &[Model],
    index: &HashMap<String, usize>,
    request: usize,
    response: usize,
    seen: &mut HashSet<(usize, usize)>,
    offers: &mut BTreeMap<(usize, usize), HashSet<String>>,
) {
    if request == response || !seen.insert((request, response)) {
        return;
    }
    for (position, field) in models[response].fields.iter().enumerate() {
        let Some(twin) = models[request].fields.iter().find(|f| f.name == field.name) else { continue };
        match (&field.ty, &twin.ty) {
            (TypeRef::String { format: None }, TypeRef::Enum { name }) => {
                offers.entry((response, position)).or_default().insert(name.clone());
            }
            (TypeRef::Model { name: theirs }, TypeRef::Model { name: ours }) => {
                if let (Some(&r), Some(&s)) = (index.get(ours), index.get(theirs)) {
                    pair(models, index, r, s, seen, offers);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::ModelField;

    fn field(name: &str, ty: TypeRef) -> ModelField {
        ModelField { name: name.into(), ident: name.into(), ty, required: false, nullable: false, description: None }
    }

    fn model(name: &str, fields: Vec<ModelField>) -> Model {
        Model { name: name.into(), fields, in_request: false, in_response: true }
    }

    #[test]
    fn response_strings_take_the_request_enum_of_the_same_field_at_every_level() {
        let text = || TypeRef::String { format: None };
        let status = || TypeRef::Enum { name: "LifecycleStatus".into() };
        let mut models = vec![
            model("CreateZoneRequest", vec![field("status", status()), field("gw", TypeRef::Model { name: "Gw".into() })]),
            model("Gw", vec![field("kind", TypeRef::Enum { name: "GwKind".into() })]),
            model("Zone", vec![field("status", text()), field("name", text()), field("gw", TypeRef::Model { name: "ZoneGw".into() })]),
            model("ZoneGw", vec![field("kind", text())]),
        ];
        assert_eq!(share_request_enums(&[], &mut models), 0, "no operation pairs them");
        let pairs = [("CreateZoneRequest".to_string(), "Zone".to_string())];
        assert_eq!(share_request_enums(&pairs, &mut models), 2);
        assert_eq!(models[2].fields[0].ty, status());
        assert_eq!(models[2].fields[1].ty, text(), "fields without an enum on the request stay");
        assert_eq!(models[3].fields[0].ty, TypeRef::Enum { name: "GwKind".into() });
    }
}
