"""Unit portal URLs (mounted at /). Names are global: LOGIN_URL and LOGIN_REDIRECT_URL use them."""

from django.contrib.auth import views as auth_views
from django.urls import path

from shebao.identity import views as identity_views

from .views import (
    batch,
    bills,
    certificates,
    drafts,
    home,
    lookup,
    materials,
    pensions,
    queries,
    records,
    retirement,
    step2,
    subrows,
    unemployment,
    wizard,
)

urlpatterns = [
    path("login/", identity_views.LoginView.as_view(), name="login"),
    path("account/totp/", identity_views.totp_setup, name="totp_setup"),
    path("account/units/", identity_views.unit_choose, name="unit_choose"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", home.home, name="home"),
    path(
        "retirement/<str:person_no>/post-type/",
        retirement.post_type_set,
        name="retirement_post_type",
    ),
    # The wizard
    path("services/<str:code>/", wizard.service_start, name="service_start"),
    path("services/<str:code>/template.xlsx", batch.template_download, name="template_download"),
    path("cases/<int:pk>/step/<int:step>/", wizard.case_step, name="case_step"),
    path("cases/<int:pk>/goto/", wizard.case_goto, name="case_goto"),
    path("cases/<int:pk>/submit/", wizard.case_submit, name="case_submit"),
    path("cases/<int:pk>/result/", wizard.case_result, name="case_result"),
    path("cases/<int:pk>/rows/add/", step2.row_add, name="row_add"),
    path("cases/<int:pk>/rows/<int:row_no>/edit/", step2.row_edit, name="row_edit"),
    path("cases/<int:pk>/rows/<int:row_no>/delete/", step2.row_delete, name="row_delete"),
    path("cases/<int:pk>/sub/<slug:name>/add/", subrows.subrow_save, name="subrow_add"),
    path(
        "cases/<int:pk>/sub/<slug:name>/<int:index>/save/",
        subrows.subrow_save,
        name="subrow_save",
    ),
    path(
        "cases/<int:pk>/sub/<slug:name>/<int:index>/delete/",
        subrows.subrow_delete,
        name="subrow_delete",
    ),
    path("cases/<int:pk>/rows/failed.xlsx", batch.failed_rows_download, name="failed_rows"),
    path("cases/<int:pk>/imports/", batch.import_upload, name="import_upload"),
    path(
        "cases/<int:pk>/imports/<int:import_id>/progress/",
        batch.import_progress,
        name="import_progress",
    ),
    path(
        "cases/<int:pk>/imports/<int:import_id>/retry/",
        batch.import_retry,
        name="import_retry",
    ),
    path(
        "cases/<int:pk>/imports/<int:import_id>/abandon/",
        batch.import_abandon,
        name="import_abandon",
    ),
    path("cases/<int:pk>/materials/", materials.material_upload, name="material_upload"),
    path(
        "cases/<int:pk>/materials/<int:material_id>/",
        materials.material_view,
        name="material_view",
    ),
    path(
        "cases/<int:pk>/materials/<int:material_id>/delete/",
        materials.material_delete,
        name="material_delete",
    ),
    # 人员信息查询窗口
    path("persons/lookup/", lookup.person_lookup, name="person_lookup"),
    path("persons/<int:person_id>/", lookup.person_pick, name="person_pick"),
    # 办件记录
    path("queries/", queries.query_index, name="query_index"),
    path("queries/<str:code>/", queries.query_list, name="query_list"),
    path("queries/<str:code>/export.xlsx", queries.query_export, name="query_export"),
    path("cases/", records.case_records, name="case_records"),
    path("cases/<int:pk>/", records.case_detail, name="case_detail"),
    path("cases/serial/<str:serial_no>/", records.case_by_serial_no, name="case_by_serial"),
    path("cases/<int:pk>/withdraw/", records.case_withdraw, name="case_withdraw"),
    path("cases/<int:pk>/resubmit/", drafts.case_resubmit, name="case_resubmit"),
    path("cases/<int:pk>/discard/", drafts.case_discard, name="case_discard"),
    path("cases/<int:pk>/report.pdf", records.case_pdf, name="case_pdf"),
    # 缴费单据
    path("bills/<str:document_no>.pdf", bills.bill_pdf, name="bill_pdf"),
    # 参保证明 (§3.3.47)
    path("cases/<int:pk>/certificate.pdf", certificates.certificate_pdf, name="certificate_pdf"),
    # 失业保险待遇: 核定通知书
    path(
        "cases/<int:pk>/unemployment-decision.pdf",
        unemployment.unemployment_decision_pdf,
        name="unemployment_decision_pdf",
    ),
    # 养老保险待遇: 待遇计算表, 个人账户对账单
    path("cases/<int:pk>/pension-sheet.pdf", pensions.pension_sheet_pdf, name="pension_sheet_pdf"),
    path(
        "cases/serial/<str:serial_no>/pension-sheet.pdf",
        pensions.pension_sheet_by_serial,
        name="pension_sheet_by_serial",
    ),
    path(
        "persons/<str:person_no>/account-statement.pdf",
        pensions.account_statement_pdf,
        name="account_statement_pdf",
    ),
]
