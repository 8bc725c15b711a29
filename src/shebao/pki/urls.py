from django.urls import path

from . import views

urlpatterns = [
    path("crl/<int:authority_id>.crl", views.crl, name="pki_crl"),
]
