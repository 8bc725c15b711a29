"""证书自助办理: certificate orders (新办 / 更新续期 / 变更 / 补办 / PIN解锁) and the CA back office.

A Django app of its own (label ``pki_selfservice``) inside the pki package, so its tables and
migrations grow apart from the CA core's.
"""
