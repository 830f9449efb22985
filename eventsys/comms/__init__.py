"""Messages to participants: bulk mail to a filtered audience, through the outbox."""
