"""税务开票信息导入 in the back office: upload the tax authority's invoice file for the
region's bills, see every line's outcome."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from shebao.contributions.models import TaxInvoiceImport
from shebao.contributions.tax_invoice import (
    tax_invoice_import,
    tax_invoice_import_get,
    tax_invoice_import_list,
)

from .file_imports import FileImportPages

PAGES = FileImportPages(
    title=gettext_noop("税务开票信息导入"),
    file_label=gettext_noop("税务开票信息文件"),
    run=tax_invoice_import,
    records=tax_invoice_import_list,
    record=tax_invoice_import_get,
    model=TaxInvoiceImport,
    nav="tax_invoices",
    page="tax_invoice",
    default_filename="tax-invoices",
)
tax_invoice_list = PAGES.list_view()
tax_invoice_page = PAGES.page_view()
