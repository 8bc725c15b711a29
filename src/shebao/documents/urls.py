"""Public verification pages (mounted at /verify/; no login)."""

from django.urls import path

from . import views

urlpatterns = [
    path("bills/<str:document_no>", views.verify_bill, name="verify_bill"),
    path("cases/<str:serial_no>", views.verify_case, name="verify_case"),
    path("certificates/", views.verify_certificate, name="verify_certificate_form"),
    path("certificates/<str:serial_no>", views.verify_certificate, name="verify_certificate"),
    # 申报表 printed before check codes carry the bare path: it asks for the code
    path("<str:serial_no>", views.verify_case, name="verify_case_bare"),
]
