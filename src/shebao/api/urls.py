"""/api/v1/: token (password or certificate) and logout, schema and docs, services, cases, review,
the retirement reminder."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from .views import auth, cases, certificate_auth, queries, retirement, review, services

# Swagger UI and Redoc style themselves with inline <style> (Redoc also searches in a blob:
# worker); their scripts are our own static files (the split view serves Swagger's init script).
DOCS_CSP = csp_replace({"style-src": [SELF, UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})

urlpatterns = [
    path("auth/token", auth.TokenView.as_view(), name="api_token"),
    path("auth/logout", auth.LogoutView.as_view(), name="api_logout"),
    path("auth/logout-all", auth.LogoutAllView.as_view(), name="api_logout_all"),
    path("auth/challenge", certificate_auth.ChallengeView.as_view(), name="api_auth_challenge"),
    path(
        "auth/certificate",
        certificate_auth.CertificateLoginView.as_view(),
        name="api_auth_certificate",
    ),
    path("schema", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "docs",
        DOCS_CSP(SpectacularSwaggerSplitView.as_view(url_name="api_schema")),
        name="api_docs",
    ),
    path("redoc", DOCS_CSP(SpectacularRedocView.as_view(url_name="api_schema")), name="api_redoc"),
    path("services", services.ServiceListView.as_view(), name="api_services"),
    path(
        "services/<str:code>/template",
        services.TemplateView.as_view(),
        name="api_service_template",
    ),
    path(
        "services/<str:code>/validate",
        services.ValidateView.as_view(),
        name="api_service_validate",
    ),
    path("cases", cases.CaseListView.as_view(), name="api_cases"),
    path("cases/<str:serial_no>", cases.CaseDetailView.as_view(), name="api_case"),
    path(
        "cases/<str:serial_no>/withdraw",
        cases.CaseWithdrawView.as_view(),
        name="api_case_withdraw",
    ),
    path(
        "cases/<str:serial_no>/approve", review.CaseApproveView.as_view(), name="api_case_approve"
    ),
    path("cases/<str:serial_no>/reject", review.CaseRejectView.as_view(), name="api_case_reject"),
    path(
        "cases/<str:serial_no>/rollback",
        review.CaseRollbackView.as_view(),
        name="api_case_rollback",
    ),
    path("queries", queries.QueryListView.as_view(), name="api_queries"),
    path("queries/<str:code>", queries.QueryResultView.as_view(), name="api_query"),
    path("review/cases", review.ReviewQueueView.as_view(), name="api_review_queue"),
    path(
        "retirement/upcoming",
        retirement.UpcomingRetirementView.as_view(),
        name="api_retirement_upcoming",
    ),
]
