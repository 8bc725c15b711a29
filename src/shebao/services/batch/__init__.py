"""The batch roster (报盘): template download, reading uploads, the failed-rows workbook.

Public entry points (import from the modules; this package keeps its imports light):

- ``template.template_xlsx(spec) -> bytes``
- ``readers.read_roster(spec, data, filename) -> Roster``
- ``errorbook.failed_rows_xlsx(spec, rows) -> bytes``
"""
