"""Checking what was read: the Cerberus schemas (IVP000), the fast path that lets valid plans skip
Cerberus, the JSON Schema for editors derived from the same schemas, the rules (one module each, in
`rules/`) and the linter that runs them and applies a regio's `eisen`.
"""
