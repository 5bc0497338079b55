"""Billing pages: plan and usage, Upgrade (to Stripe Checkout), Manage billing (to the
Customer Portal), and the pages Checkout returns to. Forms carry the CSRF token."""

from __future__ import annotations

import uuid

from flask import Blueprint, redirect, render_template, request
from flask_jwt_extended import current_user, jwt_required

from app.models import Role
from app.services import billing_service, plans
from app.services.tenancy import tenant_for

bp = Blueprint("billing_pages", __name__)
# (usage counter, label, the plan's limit on it)
USAGE_ROWS = (
    ("members", "Members", "max_members"),
    ("generations_this_month", "Generations this month", "generations_per_month"),
)


def render_billing(template: str, workspace_id: uuid.UUID, **context):
    tenant = tenant_for(current_user, workspace_id)
    return render_template(
        template,
        tenant=tenant,
        billing=billing_service.overview(tenant),
        plans=plans,
        usage_rows=USAGE_ROWS,
        is_owner=tenant.role == Role.OWNER,
        csrf_token=request.cookies.get("csrf_access_token", ""),
        **context,
    )


@bp.get("/workspaces/<uuid:workspace_id>/billing")
@jwt_required()
def billing_page(workspace_id: uuid.UUID):
    return render_billing("billing/billing.html", workspace_id)


@bp.post("/workspaces/<uuid:workspace_id>/billing/upgrade")
@jwt_required()
def upgrade(workspace_id: uuid.UUID):
    tenant = tenant_for(current_user, workspace_id, Role.OWNER)
    return redirect(billing_service.start_checkout(tenant), code=303)


@bp.post("/workspaces/<uuid:workspace_id>/billing/manage")
@jwt_required()
def manage(workspace_id: uuid.UUID):
    tenant = tenant_for(current_user, workspace_id, Role.OWNER)
    return redirect(billing_service.open_portal(tenant), code=303)


@bp.get("/workspaces/<uuid:workspace_id>/billing/success")
@jwt_required()
def checkout_success(workspace_id: uuid.UUID):
    return render_billing("billing/success.html", workspace_id)


@bp.get("/workspaces/<uuid:workspace_id>/billing/cancel")
@jwt_required()
def checkout_cancel(workspace_id: uuid.UUID):
    return render_billing("billing/cancel.html", workspace_id)
