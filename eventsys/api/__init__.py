"""JSON API v1: the same services as the pages, JSON in and out."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
