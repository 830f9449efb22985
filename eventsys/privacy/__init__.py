"""Data protection: the privacy notice, a participant's data export and erasure, purges."""
