//! Inline shapes to named models: identical shapes are interned once, then named from the overlay
//! or from where they first stand (`{Operation}Response`, `{Parent}{Field}`), breadth first.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::naming::{dedupe, pascal, snake};
use super::{EnumDef, Model, ModelField, TypeRef};
use crate::lap::ast::{EnumBase, Field, Type, TypeKind};

/// Names a model or enum may not take: they would shadow types the generated code uses.
const RESERVED: &[&str] = &["Result", "Option", "Box", "String", "Vec", "Value", "Map", "Error", "Client", "Self"];

/// A type before models and enums have names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RawType {
    Str(Option<String>),
    Int(Option<String>),
    Num,
    Bool,
    Any,
    Object,
    Shape(usize),
    Enum(usize),
    Array(Box<RawType>),
}

#[derive(Debug, Clone)]
struct RawField {
    name: String,
    required: bool,
    nullable: bool,
    ty: RawType,
    description: Option<String>,
}

#[derive(Debug)]
struct RawShape {
    fields: Vec<RawField>,
    in_request: bool,
    in_response: bool,
}

/// Where a root shape stands: its name from the overlay, else its fallback name.
struct Root {
    shape: usize,
    name: String,
    from_overlay: bool,
    order: usize,
}

/// Interned shapes and enums, named at the end by `finish`.
#[derive(Default)]
pub struct ShapeTable {
    shapes: Vec<RawShape>,
    by_key: HashMap<String, usize>,
    enums: Vec<(Vec<String>, bool)>,
    enums_by_key: HashMap<String, usize>,
    /// (enum, parent name or shape, field wire name): where enums stand.
    enum_uses: Vec<(usize, EnumParent, String)>,
    roots: Vec<Root>,
}

/// The owner of an enum-typed field.
#[derive(Debug, Clone)]
pub enum EnumParent {
    Shape(usize),
    /// The options of an operation (`ListUsersParams`).
    Named(String),
}

/// Final names of every interned shape and enum.
pub struct Names {
    shapes: Vec<String>,
    enums: Vec<String>,
}

impl Names {
    /// Resolves a raw type to the IR's type.
    pub fn resolve(&self, ty: &RawType) -> TypeRef {
        match ty {
            RawType::Str(format) => TypeRef::String { format: format.clone() },
            RawType::Int(format) => TypeRef::Integer { format: format.clone() },
            RawType::Num => TypeRef::Number,
            RawType::Bool => TypeRef::Boolean,
            RawType::Any => TypeRef::Any,
            RawType::Object => TypeRef::Object,
            RawType::Shape(id) => TypeRef::Model { name: self.shapes[*id].clone() },
            RawType::Enum(id) => TypeRef::Enum { name: self.enums[*id].clone() },
            RawType::Array(items) => TypeRef::Array { items: Box::new(self.resolve(items)) },
        }
    }

    /// The name of a shape.
    pub fn shape(&self, id: usize) -> &str {
        &self.shapes[id]
    }
}

impl ShapeTable {
    /// Interns the type of a field; nested `map{…}` become shapes, enums are interned by value set.
    pub fn intern_type(&mut self, ty: &Type, in_request: bool, owner: &EnumParent, field: &str) -> RawType {
        match &ty.kind {
            TypeKind::Str { format } => RawType::Str(format.clone()),
            TypeKind::Int { format } => RawType::Int(format.clone()),
            TypeKind::Num => RawType::Num,
            TypeKind::Bool => RawType::Bool,
            TypeKind::Any => RawType::Any,
            TypeKind::Map { fields: None } => RawType::Object,
            TypeKind::Map { fields: Some(fields) } if fields.is_empty() => RawType::Object,
            TypeKind::Map { fields: Some(fields) } => RawType::Shape(self.intern_shape(fields, in_request)),
            TypeKind::Array(items) => RawType::Array(Box::new(self.intern_type(items, in_request, owner, field))),
            TypeKind::Enum { base, values } => {
                let id = self.intern_enum(values, *base == EnumBase::Int);
                self.enum_uses.push((id, owner.clone(), field.to_string()));
                RawType::Enum(id)
            }
        }
    }

    /// Interns an object shape from its fields (requiredness taken from `!`).
    pub fn intern_shape(&mut self, fields: &[Field], in_request: bool) -> usize {
        let required: Vec<bool> = fields.iter().map(|f| f.required).collect();
        self.intern_fields(fields, &required, in_request)
    }

    /// Interns an object shape; `required[i]` says whether field i is required.
    pub fn intern_fields(&mut self, fields: &[Field], required: &[bool], in_request: bool) -> usize {
        // Children first, so equal subtrees already share ids; enum owners are patched below.
        let pending = self.enum_uses.len();
        let raw: Vec<RawField> = fields
            .iter()
            .zip(required)
            .map(|(f, &req)| RawField {
                name: f.name.clone(),
                required: req,
                nullable: f.ty.nullable,
                ty: self.intern_type(&f.ty, in_request, &EnumParent::Named(String::new()), &f.name),
                description: f.description.clone(),
            })
            .collect();
        let key = raw
            .iter()
            .map(|f| format!("{}|{}|{}|{:?}", f.name, f.required, f.nullable, f.ty))
            .collect::<Vec<_>>()
            .join(";");
        let id = match self.by_key.get(&key) {
            Some(&id) => id,
            None => {
                let id = self.shapes.len();
                self.shapes.push(RawShape { fields: raw, in_request: false, in_response: false });
                self.by_key.insert(key, id);
                id
            }
        };
        let shape = &mut self.shapes[id];
        shape.in_request |= in_request;
        shape.in_response |= !in_request;
        for use_ in &mut self.enum_uses[pending..] {
            if matches!(&use_.1, EnumParent::Named(n) if n.is_empty()) {
                use_.1 = EnumParent::Shape(id);
            }
        }
        id
    }

    fn intern_enum(&mut self, values: &[String], integer: bool) -> usize {
        let set: BTreeSet<&String> = values.iter().collect();
        let key = format!("{integer}|{}", set.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\u{1}"));
        if let Some(&id) = self.enums_by_key.get(&key) {
            return id;
        }
        let mut unique = Vec::new();
        for v in values {
            if !unique.contains(v) {
                unique.push(v.clone());
            }
        }
        self.enums.push((unique, integer));
        self.enums_by_key.insert(key, self.enums.len() - 1);
        self.enums.len() - 1
    }

    /// The raw types of a shape's fields, in order.
    pub fn field_types(&self, shape: usize) -> Vec<RawType> {
        self.shapes[shape].fields.iter().map(|f| f.ty.clone()).collect()
    }

    /// Records that `shape` is the whole body or response of an operation.
    pub fn add_root(&mut self, shape: usize, name: String, from_overlay: bool) {
        let order = self.roots.len();
        self.roots.push(Root { shape, name, from_overlay, order });
    }

    /// Names every shape and enum, and returns the named models and enums. `enum_overlay` maps
    /// sorted values joined by `/` to a reviewed name.
    pub fn finish(self, enum_overlay: &BTreeMap<String, String>) -> Result<(Names, Vec<Model>, Vec<EnumDef>), String> {
        let shape_names = self.name_shapes()?;
        let enum_names = self.name_enums(&shape_names, enum_overlay)?;
        let names = Names { shapes: shape_names, enums: enum_names };
        let models = self
            .shapes
            .iter()
            .enumerate()
            .map(|(id, shape)| {
                let mut idents: Vec<String> = shape.fields.iter().map(|f| snake(&f.name)).collect();
                dedupe(&mut idents);
                Model {
                    name: names.shapes[id].clone(),
                    fields: shape
                        .fields
                        .iter()
                        .zip(idents)
                        .map(|(f, ident)| ModelField {
                            name: f.name.clone(),
                            ident,
                            ty: names.resolve(&f.ty),
                            required: f.required,
                            nullable: f.nullable,
                            description: f.description.clone(),
                        })
                        .collect(),
                    in_request: shape.in_request,
                    in_response: shape.in_response,
                }
            })
            .collect();
        let enums = self
            .enums
            .iter()
            .zip(&names.enums)
            .map(|((values, integer), name)| EnumDef { name: name.clone(), values: values.clone(), integer: *integer })
            .collect();
        Ok((names, models, enums))
    }

    /// Breadth first: roots (overlay names first), then the fields of named shapes, level by level.
    fn name_shapes(&self) -> Result<Vec<String>, String> {
        let mut names: Vec<Option<String>> = vec![None; self.shapes.len()];
        let mut taken: HashMap<String, usize> = HashMap::new();
        let mut roots: Vec<&Root> = self.roots.iter().collect();
        roots.sort_by_key(|r| (!r.from_overlay, r.order));
        let mut level = Vec::new();
        for root in roots {
            if let Some(existing) = &names[root.shape] {
                if root.from_overlay && existing != &root.name {
                    return Err(format!("model-names.tsv: `{}` names the same shape as `{existing}`", root.name));
                }
                continue;
            }
            if root.from_overlay && taken.contains_key(&root.name) {
                return Err(format!("model-names.tsv: `{}` is given to two different shapes", root.name));
            }
            let name = claim(&mut taken, &root.name, root.shape);
            names[root.shape] = Some(name);
            level.push(root.shape);
        }
        while !level.is_empty() {
            let mut candidates: Vec<(String, usize)> = Vec::new();
            for &parent in &level {
                let parent_name = names[parent].clone().unwrap_or_default();
                for field in &self.shapes[parent].fields {
                    for child in shapes_in(&field.ty) {
                        if names[child].is_none() {
                            candidates.push((format!("{parent_name}{}", pascal(&field.name)), child));
                        }
                    }
                }
            }
            candidates.sort_by(|a, b| (a.0.len(), &a.0, a.1).cmp(&(b.0.len(), &b.0, b.1)));
            let mut next = Vec::new();
            for (candidate, child) in candidates {
                if names[child].is_none() {
                    names[child] = Some(claim(&mut taken, &candidate, child));
                    next.push(child);
                }
            }
            level = next;
        }
        names
            .into_iter()
            .enumerate()
            .map(|(id, n)| n.ok_or_else(|| format!("shape {id} is not reachable from any operation")))
            .collect()
    }

    /// An enum takes its overlay name, else its field's name when no other enum wants it, else
    /// `{Owner}{Field}`.
    fn name_enums(&self, shape_names: &[String], overlay: &BTreeMap<String, String>) -> Result<Vec<String>, String> {
        let owner_name = |parent: &EnumParent| match parent {
            EnumParent::Shape(id) => shape_names[*id].clone(),
            EnumParent::Named(name) => name.clone(),
        };
        let mut first_use: Vec<Option<(String, String)>> = vec![None; self.enums.len()];
        for (id, parent, field) in &self.enum_uses {
            let this = (owner_name(parent), field.clone());
            if first_use[*id].as_ref().is_none_or(|current| this < *current) {
                first_use[*id] = Some(this);
            }
        }
        let mut wanted: HashMap<String, usize> = HashMap::new();
        for (_, field) in first_use.iter().flatten() {
            *wanted.entry(pascal(field)).or_default() += 1;
        }
        let mut taken: HashMap<String, usize> = shape_names.iter().enumerate().map(|(i, n)| (n.clone(), usize::MAX - i)).collect();
        let mut order: Vec<usize> = (0..self.enums.len()).collect();
        order.sort_by_key(|&id| first_use[id].clone());
        let mut names = vec![String::new(); self.enums.len()];
        for (id, (values, _)) in self.enums.iter().enumerate() {
            let mut sorted: Vec<&str> = values.iter().map(String::as_str).collect();
            sorted.sort_unstable();
            if let Some(name) = overlay.get(&sorted.join("/")) {
                if taken.contains_key(name) {
                    return Err(format!("enum-names.tsv: `{name}` is already the name of another model or enum"));
                }
                taken.insert(name.clone(), id);
                names[id] = name.clone();
            }
        }
        for id in order {
            if !names[id].is_empty() {
                continue;
            }
            let (owner, field) = first_use[id].clone().unwrap_or_default();
            let short = pascal(&field);
            let candidate = if wanted.get(&short) == Some(&1) && !taken.contains_key(&short) {
                short
            } else {
                format!("{owner}{short}")
            };
            names[id] = claim(&mut taken, &candidate, id);
        }
        Ok(names)
    }
}

/// Takes `candidate`; a reserved or taken name gets an `Object` suffix, then a number.
fn claim(taken: &mut HashMap<String, usize>, candidate: &str, id: usize) -> String {
    let base = if RESERVED.contains(&candidate) || taken.contains_key(candidate) {
        format!("{candidate}Object")
    } else {
        candidate.to_string()
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains_key(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert(name.clone(), id);
    name
}

/// The shape ids a field type refers to (directly or as array items).
fn shapes_in(ty: &RawType) -> Vec<usize> {
    match ty {
        RawType::Shape(id) => vec![*id],
        RawType::Array(items) => shapes_in(items),
        _ => Vec::new(),
    }
}

