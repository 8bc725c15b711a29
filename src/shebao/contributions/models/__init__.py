"""The contributions app's models, one module per concept; every name is re-exported here
so ``from shebao.contributions.models import Bill`` and the app label stay as they were."""

from shebao.contributions.models.agency_files import (
    AgencyFileImport,
    ArrivalImport,
    Payment,
    TaxInvoice,
    TaxInvoiceImport,
)
from shebao.contributions.models.arrears import (
    Arrears,
    ArrearsKind,
    ArrearsLine,
    DeemedYearsRecognition,
    UnitDeferral,
)
from shebao.contributions.models.bases import (
    ALL_TYPES,
    AuditedBase,
    BaseAdjustment,
    ContributionBase,
    WageChange,
)
from shebao.contributions.models.bills import (
    PAYABLE,
    REFUND_COLLECTION_TYPES,
    Bill,
    BillKind,
    BillLine,
    BillLineSource,
    BillStatus,
    CollectionType,
    RefundPayout,
)
from shebao.contributions.models.certificates import ParticipationCertificate
from shebao.contributions.models.declarations import (
    HOLDING,
    REFUND_BILLED,
    REFUND_PAID_OUT,
    ContributionDetail,
    DeclarationStatus,
    MonthlyDeclaration,
    RegionDeclarationRun,
    refund_status_label,
)
from shebao.contributions.models.refunds import Refund, RefundLine, UnitBankAccount

__all__ = [
    "ALL_TYPES",
    "HOLDING",
    "PAYABLE",
    "REFUND_BILLED",
    "REFUND_COLLECTION_TYPES",
    "REFUND_PAID_OUT",
    "AgencyFileImport",
    "Arrears",
    "ArrearsKind",
    "ArrearsLine",
    "ArrivalImport",
    "AuditedBase",
    "BaseAdjustment",
    "Bill",
    "BillKind",
    "BillLine",
    "BillLineSource",
    "BillStatus",
    "CollectionType",
    "ContributionBase",
    "ContributionDetail",
    "DeclarationStatus",
    "DeemedYearsRecognition",
    "MonthlyDeclaration",
    "ParticipationCertificate",
    "Payment",
    "Refund",
    "RefundLine",
    "RefundPayout",
    "RegionDeclarationRun",
    "TaxInvoice",
    "TaxInvoiceImport",
    "UnitBankAccount",
    "UnitDeferral",
    "WageChange",
    "refund_status_label",
]
