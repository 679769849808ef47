//! JSON Schemas of the files people edit: framework and role YAML, record
//! TOML and the workspace settings. Each is generated from the serde type the
//! loader reads the file with (`RawFramework`, `RawRoleFile`, `RawRecord`,
//! `RawSettings`), so a schema cannot drift from what the loader accepts: a key the
//! loader refuses (`deny_unknown_fields`) is refused by the schema
//! (`additionalProperties: false`), and the `///` comments on the fields are
//! the descriptions an editor shows. Pure: returns JSON, never prints.
//!
//! The schemas check the shape of a file (keys, kinds of value); the rest
//! (ids, levels, references between files) is `competency validate`'s.
//! They use JSON Schema draft 7, which editors' YAML and TOML language
//! servers support best.

use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::framework_file::raw::{RawFramework, RawRoleFile};
use crate::record::raw::RawRecord;
use crate::settings::RawSettings;

/// The kinds of file a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `frameworks/<id>.yaml`.
    Framework,
    /// `roles/*.yaml` in a workspace.
    Role,
    /// `assessments/<person>/*.toml`, and prepared files for `assess --from`.
    Record,
    /// `competency.toml`.
    Settings,
    /// `reviews/<person>/*.toml`, and prepared files for `review --from`.
    Review,
}

impl FileKind {
    #[cfg(test)]
    pub(crate) const ALL: [FileKind; 5] = [
        FileKind::Framework,
        FileKind::Role,
        FileKind::Record,
        FileKind::Settings,
        FileKind::Review,
    ];

    /// The title an editor shows for the schema.
    fn title(self) -> &'static str {
        match self {
            FileKind::Framework => "competency framework file (frameworks/<id>.yaml)",
            FileKind::Role => "competency role file (roles/*.yaml)",
            FileKind::Record => "competency assessment record (assessments/<person>/*.toml)",
            FileKind::Settings => "competency workspace settings (competency.toml)",
            FileKind::Review => "competency review record (reviews/<person>/*.toml)",
        }
    }
}

/// The JSON Schema (draft 7) of one kind of file.
pub(crate) fn schema(kind: FileKind) -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = match kind {
        FileKind::Framework => generator.into_root_schema_for::<RawFramework>(),
        FileKind::Role => generator.into_root_schema_for::<RawRoleFile>(),
        FileKind::Record => generator.into_root_schema_for::<RawRecord>(),
        FileKind::Settings => generator.into_root_schema_for::<RawSettings>(),
        FileKind::Review => generator.into_root_schema_for::<crate::review::RawReview>(),
    };
    if let Some(object) = schema.as_object_mut() {
        object.insert("title".to_owned(), Value::from(kind.title()));
    }
    schema.to_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every object schema in `value`, however deep.
    fn objects(value: &Value, out: &mut Vec<serde_json::Map<String, Value>>) {
        match value {
            Value::Object(map) => {
                if map.get("type") == Some(&Value::from("object")) {
                    out.push(map.clone());
                }
                map.values().for_each(|v| objects(v, out));
            }
            Value::Array(list) => list.iter().for_each(|v| objects(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_object_with_named_keys_refuses_unknown_keys() {
        for kind in FileKind::ALL {
            let mut found = Vec::new();
            objects(&schema(kind), &mut found);
            assert!(!found.is_empty(), "{kind:?}");
            for object in found {
                if object.contains_key("properties") {
                    assert_eq!(
                        object.get("additionalProperties"),
                        Some(&Value::Bool(false)),
                        "{kind:?}: {object:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn spanned_text_is_a_string_and_doc_comments_are_descriptions() {
        let framework = schema(FileKind::Framework);
        let properties = &framework["properties"];
        assert_eq!(properties["id"]["type"], "string");
        assert_eq!(
            properties["id"]["description"],
            "Framework id; must equal the file name without `.yaml`."
        );
        assert_eq!(
            properties["year"]["type"],
            serde_json::json!(["integer", "null"])
        );
        assert_eq!(
            framework["$schema"],
            "http://json-schema.org/draft-07/schema#"
        );
        let level_descriptions =
            &framework["definitions"]["Group"]["properties"]["level-descriptions"];
        assert_eq!(level_descriptions["type"], "object");
        assert_eq!(level_descriptions["additionalProperties"]["type"], "string");
        let record = schema(FileKind::Record);
        assert_eq!(
            record["properties"]["person"]["type"],
            serde_json::json!(["string", "null"])
        );
        assert!(record["properties"]["rating"].is_object());
    }
}
