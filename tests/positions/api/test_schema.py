"""The OpenAPI schema validates, with no warning, and documents the contract's paths and parameters."""
import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("schema") / "schema.yml"
    with django_db_blocker.unblock():
        # --validate checks it against the OpenAPI 3 specification; --fail-on-warn turns any warning into an error.
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return path


def test_the_schema_validates_without_warnings(schema_file):
    assert schema_file.stat().st_size > 0


def test_the_schema_documents_the_contract(schema_file):
    schema = yaml.safe_load(schema_file.read_text())
    paths = schema["paths"]
    statements = {p["name"] for p in paths["/api/statements/"]["get"]["parameters"]}
    assert {"article", "party", "speaker", "issue", "stance", "round", "negotiation", "status", "since",
            "page", "page_size"} <= statements
    assert {p["name"] for p in paths["/api/negotiations/{slug}/positions/"]["get"]["parameters"]} >= {
        "slug", "round", "min_sources", "confirmed"}
    assert {p["name"] for p in paths["/api/negotiations/{slug}/changes/"]["get"]["parameters"]} >= {
        "from", "to", "min_sources", "confirmed"}
    statement = schema["components"]["schemas"]["Statement"]["properties"]
    assert set(statement) == {"id", "text", "kind", "speaker", "party", "article", "stated_on", "round", "confidence",
                              "status", "links"}
    assert set(schema["components"]["schemas"]["Change"]["properties"]) == {
        "party", "issue", "before", "after", "kind", "evidence", "strength"}
    assert set(schema["components"]["schemas"]["Position"]["properties"]) == {
        "party", "issue", "stance", "source", "since_round", "evidence", "strength"}
    assert set(schema["components"]["schemas"]["Strength"]["properties"]) == {
        "statements", "outlets", "speakers", "best_confidence", "confirmed"}
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_nullable_fields_and_error_answers_are_documented(schema_file):
    """duplicate_of and Person.party were declared non-null; 400/404 answers were undocumented (issue 16)."""
    schema = yaml.safe_load(schema_file.read_text())
    components = schema["components"]["schemas"]
    assert components["ArticleStatus"]["properties"]["duplicate_of"].get("nullable") is True
    assert components["Person"]["properties"]["party"].get("nullable") is True
    statements = schema["paths"]["/api/statements/"]["get"]
    assert {"400", "401", "404", "429"} <= set(statements["responses"])
    assert {"400", "404"} <= set(schema["paths"]["/api/negotiations/{slug}/changes/"]["get"]["responses"])
    pages = {p["name"]: p["schema"] for p in statements["parameters"] if p["name"] in ("page", "page_size", "speaker")}
    assert all(s.get("minimum") == 1 for s in pages.values()) and len(pages) == 3
    # POST {} is a 400: the schema says a submission needs a url, or a body with its title and day.
    needs = components["ArticleSubmitRequest"]["anyOf"]
    assert {"url"} in [set(n["required"]) for n in needs] and {"text", "title", "published"} in [set(n["required"]) for n in needs]
