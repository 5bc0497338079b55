"""SQLAlchemy models, one module per aggregate. Import every model module here."""

from app.models.account import AuthSession, PasswordResetToken, User
from app.models.billing import BillingAccount, StripeEvent
from app.models.project import Generation, GenerationStatus, GenomeVersion, Project
from app.models.workspace import Invitation, Membership, Role, Workspace

__all__ = [
    "AuthSession",
    "BillingAccount",
    "Generation",
    "GenerationStatus",
    "GenomeVersion",
    "Invitation",
    "Membership",
    "PasswordResetToken",
    "Project",
    "Role",
    "StripeEvent",
    "User",
    "Workspace",
]
