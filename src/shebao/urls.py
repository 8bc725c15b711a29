from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("shebao.api.urls")),
    path("pki/", include("shebao.pki.urls")),
    path("backoffice/", include("shebao.backoffice.urls")),
    path("verify/", include("shebao.documents.urls")),
    path("", include("shebao.pki.web_urls")),
    path("", include("shebao.portal.urls")),
]
