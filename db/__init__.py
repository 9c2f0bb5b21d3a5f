"""The SQLite shape and the writes: reads the parsers' data model, never parses."""
