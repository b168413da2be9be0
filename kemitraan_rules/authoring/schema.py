"""The JSON Schema of rule files, built from the same tables the loader validates with.

Shipped as ``schemas/ruleset.schema.json`` so that editors autocomplete exactly what the loader accepts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import vocabulary as v
from ..facts import FIELDS, FieldSpec
from ..operators import OPERATORS
from ..rules import (
    CONCLUSION_KINDS,
    MAX_RULES_PER_RULESET,
    MAX_WEIGHT,
    NAME_PATTERN,
    RULE_FILE_KIND,
    RULE_ID_PATTERN,
)

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "ruleset.schema.json"


# --------------------------------------------------------------------------------------------------------------------
# JSON Schema of rule files
# --------------------------------------------------------------------------------------------------------------------


def _value_schema(spec: FieldSpec) -> dict[str, Any]:
    """Schema of one operand value of a field (for a list field: of one item)."""
    if spec.type in ("enum", "list"):
        return {"type": "string", "enum": list(spec.values)}
    if spec.type == "bool":
        return {"type": "boolean"}
    setting = {
        "type": "object",
        "description": "a threshold read from the settings: {setting: NAME}",
        "additionalProperties": False,
        "required": ["setting"],
        "properties": {"setting": {"type": "string", "pattern": NAME_PATTERN}},
    }
    if spec.type == "int":
        return {"oneOf": [{"type": "integer"}, setting]}
    return {"oneOf": [{"type": "number"}, setting]}


def _value_def_name(spec: FieldSpec) -> str:
    if spec.type in ("enum", "list"):
        return "values_" + "_".join(spec.values[:2]) + f"_{len(spec.values)}"
    return {"bool": "boolean", "int": "integer", "number": "number"}[spec.type]


def _test_schema(spec: FieldSpec, value_ref: dict[str, Any]) -> dict[str, Any]:
    """Schema of the test of one field: the shorthand value, or ``{operator: operand}`` for the operators that apply."""
    many = {"type": "array", "minItems": 1, "uniqueItems": True, "items": value_ref}
    operators: dict[str, Any] = {}
    for op, operator in OPERATORS.items():
        if spec.type not in operator.types:
            continue
        if operator.arity == "none":
            operators[op] = {"const": True}
        elif operator.arity == "many":
            operators[op] = many
        else:
            operators[op] = value_ref
    return {
        "oneOf": [
            value_ref,
            {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": False,
                "properties": operators,
            },
        ]
    }


def _texts_schema(what: str) -> dict[str, Any]:
    text = {"type": "string", "pattern": r"\S"}
    return {
        "type": "object",
        "description": f"{what} in Indonesian ('id') and English ('en')",
        "additionalProperties": False,
        "required": ["id", "en"],
        "properties": {"id": text, "en": text},
    }


def ruleset_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of rule files, generated from the loader's own tables.

    It lists every field (with its operators and values), operator and conclusion kind, so an editor can validate
    and autocomplete as an author types.  It checks each file on its own: what needs all rulesets together (a
    pattern declared in another file, the type of a derived fact, duplicate ids) is left to ``kemitraan rules check``.
    """
    defs: dict[str, Any] = {
        "texts": _texts_schema("text"),
        "source": {
            "type": "object",
            "description": "where the rule comes from: author (or law), year, section of the source",
            "additionalProperties": False,
            "required": ["author"],
            "properties": {
                "author": {"type": "string"},
                "year": {"type": "integer"},
                "section": {"type": "string"},
            },
        },
        "basis": {
            "description": "what it rests on: paper, law (as the paper cites it) or interpretation (with a note saying why)",
            "oneOf": [
                {"enum": ["paper", "law"]},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["kind"],
                    "properties": {"kind": {"enum": ["paper", "law", "interpretation"]}, "note": {"$ref": "#/$defs/texts"}},
                    "if": {"properties": {"kind": {"const": "interpretation"}}},
                    "then": {"required": ["kind", "note"]},
                },
            ],
        },
        "rule_id": {"type": "string", "pattern": RULE_ID_PATTERN},
    }
    field_props: dict[str, Any] = {}
    for name, spec in FIELDS.items():
        def_name = _value_def_name(spec)
        defs.setdefault(def_name, _value_schema(spec))
        test = _test_schema(spec, {"$ref": f"#/$defs/{def_name}"})
        field_props[name] = {"description": f"{spec.type}: {spec.description}", **test}
    derived_ops: dict[str, Any] = {op: {} for op in OPERATORS if op != "missing"}
    derived_ops["exists"] = {"const": True}
    derived_test = {
        "description": "a derived fact (declared under 'derived:' in some ruleset); 'missing' does not apply",
        "oneOf": [
            {"type": ["string", "boolean", "number"]},
            {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": False,
                "properties": derived_ops,
            },
        ],
    }
    condition = {
        "type": "object",
        "description": "one test of one fact field: 'FIELD: VALUE' or 'FIELD: {OPERATOR: OPERAND}'",
        "minProperties": 1,
        "maxProperties": 1,
        "properties": field_props,
        "patternProperties": {r"^derived\.[a-z][a-z0-9_]*$": derived_test},
        "additionalProperties": False,
    }
    status = {"enum": ["met", "unmet"]}
    concept_id = {"type": "string", "pattern": NAME_PATTERN}
    conclusion_args: dict[str, Any] = {
        "recommend": {
            "required": ["pattern", "weight"],
            "properties": {
                "pattern": {**concept_id, "examples": list(v.PATTERNS)},
                "weight": {"type": "number", "not": {"const": 0}, "minimum": -MAX_WEIGHT, "maximum": MAX_WEIGHT},
            },
        },
        "exclude": {"required": ["pattern"], "properties": {"pattern": {**concept_id, "examples": list(v.PATTERNS)}}},
        "out_of_scope": {"required": ["pattern"], "properties": {"pattern": {**concept_id, "examples": list(v.LEGAL_PATTERNS)}}},
        "precondition": {
            "required": ["id", "status"],
            "properties": {"id": {**concept_id, "examples": list(v.PRECONDITIONS)}, "status": status},
        },
        "principle": {
            "required": ["id", "status"],
            "properties": {"id": {**concept_id, "examples": list(v.PRINCIPLES)}, "status": status},
        },
        "element": {
            "required": ["id", "status"],
            "properties": {"id": {**concept_id, "examples": list(v.ELEMENTS)}, "status": status},
        },
        "key": {
            "required": ["id", "status"],
            "properties": {"id": {**concept_id, "examples": list(v.KEYS)}, "status": status},
        },
        "warn": {
            "required": ["drawback"],
            "properties": {
                "drawback": {**concept_id, "examples": list(v.DRAWBACKS)},
                "severity": {"enum": ["info", "warning", "critical"]},
            },
        },
        "derive": {
            "required": ["fact"],
            "properties": {"fact": concept_id, "value": {"type": ["string", "boolean", "number"]}},
        },
    }
    assert tuple(conclusion_args) == CONCLUSION_KINDS
    conclusion = {
        "type": "object",
        "description": "what the rule concludes: " + ", ".join(CONCLUSION_KINDS),
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
        "properties": {kind: {"type": "object", "additionalProperties": False, **args} for kind, args in conclusion_args.items()},
    }
    defs["condition"] = condition
    defs["conclusion"] = conclusion
    rule = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "when", "then", "text", "source"],
        "properties": {
            "id": {"$ref": "#/$defs/rule_id", "description": "stable id <topic>.<name>, unique across all rulesets"},
            "when": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}},
            "then": {
                "oneOf": [
                    {"$ref": "#/$defs/conclusion"},
                    {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/conclusion"}},
                ]
            },
            "text": {"$ref": "#/$defs/texts"},
            "source": {"$ref": "#/$defs/source"},
            "basis": {"$ref": "#/$defs/basis"},
            "description": {},
        },
    }
    defs["rule"] = rule
    concept_common = {
        "label": {"$ref": "#/$defs/texts"},
        "description": {"$ref": "#/$defs/texts"},
        "source": {"$ref": "#/$defs/source"},
        "basis": {"$ref": "#/$defs/basis"},
        "remedy_steps": {"type": "array", "items": {"enum": list(v.STEPS)}},
    }
    concepts: dict[str, Any] = {}
    for kind in v.CONCEPT_KINDS:
        props = dict(concept_common)
        required = ["label", "description"]
        if kind == "pattern":
            props["layer"] = {"enum": list(v.LAYERS)}
            required.append("layer")
            props["law"] = {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"type": "string", "pattern": NAME_PATTERN},
                "description": "legal profiles the pattern belongs to (absent: every profile); see docs/law.md",
            }
            props["counterpart"] = {
                "type": "object",
                "additionalProperties": False,
                "required": ["pattern", "note"],
                "properties": {
                    "pattern": {"oneOf": [{"type": "string", "pattern": NAME_PATTERN}, {"type": "null"}]},
                    "note": {"$ref": "#/$defs/texts"},
                },
                "description": "the corresponding pattern of the current legal profile (null: none) and what changed",
            }
        if kind == "drawback":
            props["law"] = {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"type": "string", "pattern": NAME_PATTERN},
                "description": "legal profiles the drawback belongs to (absent: every profile); see docs/law.md",
            }
            props["mitigation"] = {"$ref": "#/$defs/texts"}
            props["mitigation_basis"] = {"$ref": "#/$defs/basis"}
            required.append("mitigation")
        if kind == "benefit":
            props["patterns"] = {"type": "array", "items": {"type": "string", "pattern": NAME_PATTERN, "examples": list(v.PATTERNS)}}
        concepts[kind] = {
            "type": "object",
            "propertyNames": {"pattern": NAME_PATTERN},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": required,
                "properties": props,
            },
        }
    derived_decl = {
        "type": "object",
        "additionalProperties": False,
        "required": ["type", "description"],
        "properties": {
            "type": {"enum": ["bool", "enum", "int", "number"]},
            "values": {"type": "array", "minItems": 1, "items": {"type": "string"}},
            "description": {"$ref": "#/$defs/texts"},
        },
        "if": {"properties": {"type": {"const": "enum"}}},
        "then": {"required": ["values"]},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kemitraan-rules.invalid/schemas/ruleset.schema.json",
        "title": "kemitraan-rules rule file",
        "description": "One ruleset: rules, and optionally concepts, derived facts, settings (docs/rule-authoring.md).",
        "type": "object",
        "additionalProperties": False,
        "required": ["ruleset", "version"],
        "properties": {
            "kind": {"const": RULE_FILE_KIND, "description": "what this data file is (rule files: 'rules')"},
            "ruleset": {"type": "string", "pattern": NAME_PATTERN, "description": "unique name of the ruleset"},
            "version": {
                "type": ["string", "number"],
                "minLength": 1,
                "description": "version recorded in every report",
            },
            "description": {"$ref": "#/$defs/texts"},
            "concepts": {"type": "object", "additionalProperties": False, "properties": concepts},
            "derived": {
                "type": "object",
                "propertyNames": {"pattern": NAME_PATTERN},
                "additionalProperties": derived_decl,
            },
            "settings": {
                "type": "object",
                "additionalProperties": {
                    "oneOf": [
                        {"type": "number"},
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["value"],
                            "properties": {"value": {"type": "number"}, "basis": {"$ref": "#/$defs/basis"}},
                        },
                    ]
                },
            },
            "rules": {"type": "array", "maxItems": MAX_RULES_PER_RULESET, "items": {"$ref": "#/$defs/rule"}},
            "overrides": {"type": "array", "items": {"type": "string"}},
            "disable": {"type": "array", "items": {"type": "string"}},
        },
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The schema as the text of the shipped file (stable: two-space indent, trailing newline)."""
    return json.dumps(ruleset_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_ruleset_schema(path: str | Path = SCHEMA_PATH) -> Path:
    """Write :func:`ruleset_json_schema` to ``path`` (by default, refresh the shipped file) and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    return target
