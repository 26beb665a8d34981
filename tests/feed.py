"""Reading the data feed as a reporting tool would: a token, the Authorization header, every page."""

from urllib.parse import urlsplit

from app.api.resources import CORE_RESOURCES
from app.extensions import db
from app.features import FeedResource, FeedScope
from app.interfaces import api_tokens
from dashboards import feed as network_feed
from selfeval import feed as selfeval_feed
from triads import feed as triads_feed

# Every resource, known when the tests are collected (the registry fills as an app is made);
# test_every_registered_resource_is_tested checks that this is the registry, no more, no less.
RESOURCES = (*CORE_RESOURCES, *selfeval_feed.RESOURCES, *triads_feed.RESOURCES, *network_feed.RESOURCES)
LA_RESOURCES = tuple(r for r in RESOURCES if r.scope is not FeedScope.NETWORK)
NETWORK_RESOURCES = tuple(r for r in RESOURCES if r.scope is FeedScope.NETWORK)


def new_token(la, person, name: str = "Reports") -> str:
    """A token for the LA's feed (the network's when `la` is None), committed; its secret."""
    _, secret = api_tokens.create_token(la, name, person)
    db.session.commit()
    return secret


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def url_of(resource: FeedResource, la_slug: str | None = None, cohort_id: int | None = None) -> str:
    if resource.scope is FeedScope.NETWORK:
        return f"/api/v1/network/{resource.path}"
    if resource.scope is FeedScope.LA:
        return f"/api/v1/la/{la_slug}/{resource.path}"
    return f"/api/v1/la/{la_slug}/cohorts/{cohort_id}/{resource.path}"


def read_all(client, url: str, secret: str, per_page: int = 500) -> list[dict]:
    """Every row, following `links.next` page by page."""
    rows, next_url = [], f"{url}{'&' if urlsplit(url).query else '?'}per_page={per_page}"
    while next_url:
        response = client.get(next_url, headers=bearer(secret))
        assert response.status_code == 200, (next_url, response.get_json())
        rows += response.json["data"]
        next_url = response.json["links"]["next"]
    return rows
