"""The eight-area self-evaluation. Its screens arrive with the self-evaluation issue."""

from flask import Blueprint

bp = Blueprint("selfeval", __name__, template_folder="templates", url_prefix="/la/<la_slug>/self-evaluation")
