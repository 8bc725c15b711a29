"""到账文件 in the back office: upload a bank arrival file for the region's bills, see
every line's outcome."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from shebao.contributions.arrival import arrival_import, arrival_import_get, arrival_import_list
from shebao.contributions.models import ArrivalImport

from .file_imports import FileImportPages

PAGES = FileImportPages(
    title=gettext_noop("到账文件导入"),
    file_label=gettext_noop("到账文件"),
    run=arrival_import,
    records=arrival_import_list,
    record=arrival_import_get,
    model=ArrivalImport,
    nav="arrivals",
    page="arrival",
    default_filename="arrivals",
)
arrival_list = PAGES.list_view()
arrival_page = PAGES.page_view()
