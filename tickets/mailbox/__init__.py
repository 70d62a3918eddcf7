"""The mailbox pipeline: fetch (I/O) -> parse (pure) -> rules (pure) -> ingest."""
