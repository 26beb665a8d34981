"""Two reference routes, served the same way as the service, to read its figures against.

`/ok` is a bare route; `/empty` is an empty page in the GOV.UK template with the service's header,
navigation, footer and CSS link (no crown, like the service): what every page pays before its own
content. Run as `gunicorn bench.load.reference_app:app`.
"""

from pathlib import Path

from flask import Flask, render_template
from jinja2 import ChainableUndefined, ChoiceLoader, DictLoader, PackageLoader, PrefixLoader

ROOT = Path(__file__).resolve().parents[2]

EMPTY_PAGE = """\
{% extends "govuk_frontend_jinja/template.html" %}
{% from "govuk_frontend_jinja/components/generic-header/macro.html" import govukGenericHeader %}
{% from "govuk_frontend_jinja/components/service-navigation/macro.html" import govukServiceNavigation %}
{% set assetPath = url_for('static', filename='govuk').rstrip('/') %}
{% set themeColor = "#00546b" %}
{% block pageTitle %}Empty page – SEND Triads{% endblock %}
{% block head %}<link rel="stylesheet" href="{{ url_for('static', filename='css/app.css') }}">{% endblock %}
{% block header %}
  <header class="govuk-template__header">
    {{ govukGenericHeader({"logoText": "SEND Triads", "url": "/", "classes": "app-header--brand"}) }}
    {{ govukServiceNavigation({"navigation": navigation, "ariaLabel": "Menu", "menuButtonText": "Menu"}) }}
  </header>
{% endblock %}
{% block content %}<h1 class="govuk-heading-l">Empty page</h1>{% endblock %}
{% block footer %}
  <footer class="govuk-footer">
    <div class="govuk-width-container">
      <div class="govuk-footer__meta">
        <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
          <h2 class="govuk-visually-hidden">Support links</h2>
          <ul class="govuk-footer__inline-list">
            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/privacy">Privacy</a></li>
            <li class="govuk-footer__inline-list-item">
              <a class="govuk-footer__link" href="/accessibility">Accessibility</a></li>
          </ul>
        </div>
      </div>
    </div>
  </footer>
{% endblock %}
"""

NAVIGATION = [
    {"href": "/", "text": "Home", "active": True},
    {"href": "/la/northmere/dashboards/", "text": "Dashboards"},
    {"href": "/la/northmere/cohorts", "text": "Cohorts and triads"},
    {"href": "/account", "text": "Your account"},
]

app = Flask(__name__, static_folder=str(ROOT / "app" / "static"))
# A named template, so it is compiled once and cached as the service's are (a string would be
# compiled on every request).
app.jinja_loader = ChoiceLoader([
    DictLoader({"empty.html": EMPTY_PAGE}),
    PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
])
app.jinja_env.trim_blocks = True
app.jinja_env.lstrip_blocks = True
app.jinja_env.undefined = ChainableUndefined  # as the service: the GOV.UK macros read nested optional params


@app.get("/ok")
def ok():
    return "ok"


@app.get("/empty")
def empty():
    return render_template("empty.html", navigation=NAVIGATION)


@app.get("/healthz")
def healthz():
    return "ok"
