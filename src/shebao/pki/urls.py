from django.urls import include, path

from . import views

urlpatterns = [
    path("crl/<int:authority_id>.crl", views.crl, name="pki_crl"),
    path("", include("shebao.pki.selfservice.urls")),
]
