"""The served OpenAPI document is valid OpenAPI 3 and carries the specs' row schemas."""

import json

import yaml
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from shebao.services.registry import registry


def schema(client=None):
    response = (client or APIClient()).get("/api/v1/schema", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_is_valid_openapi_3(db):
    document = schema()
    assert document["openapi"].startswith("3.")
    validate(document)


def test_yaml_is_served_too(db):
    response = APIClient().get("/api/v1/schema")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    validate(document)


def test_enrolment_row_schema_comes_from_the_row_model(db):
    components = schema()["components"]["schemas"]
    row = components["hb_employee_enrolment_row"]
    assert row["properties"]["id_number"]["title"] == "身份证号码"
    assert row["properties"]["id_number"]["x-label"] == "身份证号码"
    model = registry["hb_employee_enrolment"].row
    assert set(row["properties"]) == set(model.model_fields)
    assert set(row["required"]) == {n for n, f in model.model_fields.items() if f.is_required()}
    assert row["properties"]["pension"]["type"] == "boolean"
    assert row["properties"]["unit_no"]["nullable"] is True
    for spec in registry:
        assert f"{spec.code}_row" in components


def test_request_rows_reference_every_row_schema(db):
    document = schema()
    body = document["paths"]["/api/v1/services/{code}/validate"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    rows = document["components"]["schemas"][ref]["properties"]["rows"]
    refs = {item["$ref"] for item in rows["items"]["anyOf"]}
    assert refs == {f"#/components/schemas/{spec.code}_row" for spec in registry}


def test_the_declaration_form_documents_each_material_field(db):
    document = schema()
    body = document["paths"]["/api/v1/cases"]["post"]["requestBody"]["content"]
    ref = body["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "materials[劳动合同]" in document["components"]["schemas"][ref]["properties"]


def test_swagger_ui_and_redoc_load_local_assets(db):
    for url in ("/api/v1/docs", "/api/v1/redoc"):
        response = APIClient().get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "drf_spectacular_sidecar" in html
        assert "cdn." not in html.lower() and "jsdelivr" not in html.lower()
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert finders.find("drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js")


def _response(document, path, method="get", code="200"):
    return document["paths"][path][method]["responses"][code]["content"]["application/json"]


def _resolve(document, schema):
    if "$ref" in schema:
        return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_lists_are_documented_as_pages_and_lists(db):
    document = schema()
    for path in ("/api/v1/cases", "/api/v1/review/cases"):
        page = _resolve(document, _response(document, path)["schema"])
        assert page["type"] == "object"
        assert set(page["properties"]) == {"count", "next", "previous", "results"}
        assert page["properties"]["next"]["nullable"] is True
        results = page["properties"]["results"]
        assert results["type"] == "array"
        assert results["items"]["$ref"] == "#/components/schemas/CaseSummary"
        parameters = {p["name"] for p in document["paths"][path]["get"]["parameters"]}
        assert {"page", "status"} <= parameters
        assert "404" in document["paths"][path]["get"]["responses"]  # a page past the end
    queries = _response(document, "/api/v1/queries")["schema"]
    assert queries["type"] == "array"
    assert queries["items"]["$ref"] == "#/components/schemas/QueryInfo"
    assert document["paths"]["/api/v1/queries"]["get"]["operationId"] == "queries_list"


def test_what_the_lists_answer_matches_the_document(api, submitted, review_api):
    assert set(api.get("/api/v1/cases").json()) == {"count", "next", "previous", "results"}
    assert set(review_api.get("/api/v1/review/cases").json()) == {
        "count",
        "next",
        "previous",
        "results",
    }
    assert isinstance(api.get("/api/v1/queries").json(), list)


def test_template_title_may_be_null(db, api):
    document = schema()
    service = document["components"]["schemas"]["Service"]["properties"]
    assert service["template_title"]["type"] == "string"
    assert service["template_title"]["nullable"] is True
    titles = {s["code"]: s["template_title"] for s in api.get("/api/v1/services").json()}
    assert None in titles.values()  # single-entry-only services have no batch template


def test_every_signed_in_operation_documents_its_refusals(db):
    document = schema()
    assert document["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if path.startswith("/api/v1/auth/") and path.rsplit("/", 1)[1] in (
                "token",
                "challenge",
                "certificate",
            ):
                assert not operation.get("security") or operation["security"] == [{}]
                continue
            assert {"401", "403"} <= set(operation["responses"]), (method, path)
            assert {"tokenAuth": []} in operation["security"], (method, path)
