"""Invitation-only registration: who is invited, who answered, who is coming."""
