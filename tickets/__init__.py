"""Requests, their messages and attachments, SLA timers and the functional mailbox."""
