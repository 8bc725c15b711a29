"""Public verification pages (mounted at /verify/; no login)."""

from django.urls import path

from . import views

urlpatterns = [
    path("bills/<str:document_no>", views.verify_bill, name="verify_bill"),
]
