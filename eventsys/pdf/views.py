from flask import Blueprint

bp = Blueprint("pdf", __name__)
