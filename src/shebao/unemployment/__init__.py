"""失业保险待遇: unemployment registrations (失业登记, §3.3.67) and benefits (§3.3.66).

The facade other apps use is :mod:`shebao.unemployment.services` (register, grant, stop)
and :mod:`shebao.unemployment.selectors` (reads scoped to the unit).
"""
