"""Validate a model's tool call against the tool's JSON Schema before running it, with the standard library only.
The validator covers the part of JSON Schema that function-calling APIs use for arguments: type, enum, pattern,
minimum, required and additionalProperties. Each malformed call gets an error message that names the field, the
text an agent loop sends back to the model so that it can correct the call."""
import json
import re

TOOLS = {
    "issue_refund": {
        "description": "Refund part or all of an order.",
        "parameters": {
            "type": "object",
            "properties": {
                "order_id": {"type": "string", "pattern": "^ORD-[0-9]{6}$"},
                "amount": {"type": "number", "minimum": 0.01},
                "currency": {"type": "string", "enum": ["EUR", "GBP", "USD"]},
                "notify_customer": {"type": "boolean"},
            },
            "required": ["order_id", "amount", "currency"],
            "additionalProperties": False,
        },
    },
}
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "number": (int, float), "integer": int}


def check(value, schema, path):
    """Errors of one value against one schema, each prefixed with the value's path."""
    kind = schema.get("type")
    # bool is a subclass of int in Python, but JSON's true is not a number: reject it explicitly.
    if kind and (not isinstance(value, TYPES[kind]) or (kind in ("number", "integer") and isinstance(value, bool))):
        return [f"{path}: expected {kind}, got {type(value).__name__} {json.dumps(value)}"]
    errors = []
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {json.dumps(value)} is not one of {schema['enum']}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{path}: {json.dumps(value)} does not match {schema['pattern']}")
    if "minimum" in schema and value < schema["minimum"]:
        errors.append(f"{path}: {value} is below the minimum {schema['minimum']}")
    if kind == "object":
        props = schema.get("properties", {})
        errors += [f"{path}: missing required field '{k}'" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            errors += [f"{path}: unknown field '{k}'" for k in value if k not in props]
        for k, v in value.items():
            if k in props:
                errors += check(v, props[k], f"{path}.{k}")
    return errors


def validate_call(text):
    """Parse a tool call {"name": ..., "arguments": {...}} emitted by the model and list what is wrong with it."""
    try:
        call = json.loads(text)
    except json.JSONDecodeError as exc:
        return [f"not valid JSON: parsing fails at character {exc.pos} of {len(text)}"]
    if not isinstance(call, dict) or call.get("name") not in TOOLS:
        return [f"unknown tool {json.dumps(call.get('name') if isinstance(call, dict) else call)}; "
                f"available: {sorted(TOOLS)}"]
    return check(call.get("arguments"), TOOLS[call["name"]]["parameters"], "arguments")


CALLS = {
    "well formed": '{"name": "issue_refund", "arguments": {"order_id": "ORD-123456", "amount": 12.5, '
                   '"currency": "EUR"}}',
    "amount as a string": '{"name": "issue_refund", "arguments": {"order_id": "ORD-123456", "amount": "12.50", '
                          '"currency": "EUR"}}',
    "missing field, bad id": '{"name": "issue_refund", "arguments": {"order_id": "123456", "amount": 12.5}}',
    "invented field": '{"name": "issue_refund", "arguments": {"order_id": "ORD-123456", "amount": 12.5, '
                      '"currency": "EUR", "priority": "high"}}',
    "enum and minimum": '{"name": "issue_refund", "arguments": {"order_id": "ORD-123456", "amount": -5, '
                        '"currency": "euro"}}',
    "true is not a number": '{"name": "issue_refund", "arguments": {"order_id": "ORD-123456", "amount": true, '
                            '"currency": "EUR", "notify_customer": 1}}',
    "invented tool": '{"name": "refund_order", "arguments": {"order_id": "ORD-123456"}}',
    "truncated JSON": '{"name": "issue_refund", "arguments": {"order_id": "ORD-123456", "amount": 12.5, "curr',
}
caught = 0
for label, text in CALLS.items():
    errors = validate_call(text)
    caught += bool(errors)
    print(f"{label}: {'OK, run the tool' if not errors else 'REJECTED'}")
    for e in errors:
        print(f"    {e}")
print(f"\n{caught} of {len(CALLS) - 1} malformed calls rejected before reaching the tool")
assert caught == len(CALLS) - 1 and not validate_call(CALLS["well formed"])
