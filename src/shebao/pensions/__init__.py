"""养老保险待遇: individual accounts (个人账户), retirees (离退休人员) and their awards.

The facade other apps use is :mod:`shebao.pensions.services` (register a retiree,
recalculate an award) and :mod:`shebao.pensions.selectors` (reads scoped to the unit).
"""
