"""The one audit trail (issue #11 §4): every audited change and read is an ``AuditEvent``."""
