"""证书自助办理 (mounted under /pki/): the applicant's orders and the CA staff's back office."""

from django.urls import path

from .views import applicant, staff

urlpatterns = [
    path("orders/", applicant.orders, name="pki_orders"),
    path("orders/renew/", applicant.order_renew, name="pki_order_renew"),
    path("orders/new/<str:kind>/", applicant.order_new, name="pki_order_new"),
    path("orders/<int:pk>/", applicant.order_detail, name="pki_order"),
    path("orders/<int:pk>/info/", applicant.order_info, name="pki_order_info"),
    path("orders/<int:pk>/print/", applicant.order_print, name="pki_order_print"),
    path("orders/<int:pk>/form.pdf", applicant.order_form_pdf, name="pki_order_pdf"),
    path("orders/<int:pk>/materials/", applicant.order_materials_step, name="pki_order_materials"),
    path(
        "orders/<int:pk>/materials/<int:material_id>/",
        applicant.order_material,
        name="pki_order_material",
    ),
    path("orders/<int:pk>/submit/", applicant.order_submit, name="pki_order_submit"),
    path("orders/<int:pk>/download/", applicant.order_download, name="pki_order_download"),
    path("staff/", staff.queue, name="pki_staff_queue"),
    path("staff/orders/<int:pk>/", staff.order_page, name="pki_staff_order"),
    path("staff/orders/<int:pk>/approve/", staff.approve, name="pki_staff_approve"),
    path("staff/orders/<int:pk>/reject/", staff.reject, name="pki_staff_reject"),
    path(
        "staff/orders/<int:pk>/materials/<int:material_id>/",
        staff.material,
        name="pki_staff_material",
    ),
]
