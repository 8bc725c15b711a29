"""Back office URLs (mounted at /backoffice/)."""

from django.urls import path

from . import (
    arrivals,
    decisions,
    onboarding,
    payouts,
    pensions,
    tax_invoices,
    unemployment,
    units,
    views,
)

app_name = "backoffice"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/<str:serial_no>/", views.case_page, name="case"),
    path("cases/<str:serial_no>/approve/", decisions.approve, name="approve"),
    path("cases/<str:serial_no>/reject/", decisions.reject, name="reject"),
    path("cases/<str:serial_no>/rollback/", views.rollback, name="rollback"),
    path("cases/<str:serial_no>/report.pdf", views.pdf, name="pdf"),
    path("cases/<str:serial_no>/reveal/", views.reveal, name="reveal"),
    path("units/", units.unit_list, name="units"),
    path("units/register/", onboarding.unit_register, name="unit_register"),
    path("arrivals/", arrivals.arrival_list, name="arrivals"),
    path("arrivals/<int:pk>/", arrivals.arrival_page, name="arrival"),
    path("refund-payouts/", payouts.payout_list, name="payouts"),
    path("refund-payouts/<str:document_no>/", payouts.payout_page, name="payout"),
    path("tax-invoices/", tax_invoices.tax_invoice_list, name="tax_invoices"),
    path("tax-invoices/<int:pk>/", tax_invoices.tax_invoice_page, name="tax_invoice"),
    path("retirees/", pensions.retiree_list, name="retirees"),
    path("retirees/<int:pk>/", pensions.retiree_page, name="retiree"),
    path(
        "unemployment-payments/",
        unemployment.benefit_payments,
        name="unemployment_payments",
    ),
    path("units/<str:unit_no>/", units.unit_page, name="unit"),
    path("units/<str:unit_no>/revoke/", units.unit_revoke, name="unit_revoke"),
    path(
        "cases/<str:serial_no>/materials/<int:material_id>/",
        views.material,
        name="material",
    ),
]
