"""Billing API: plan and usage, Checkout and Portal sessions, and Stripe's webhook."""

from __future__ import annotations

import uuid

from flask import Blueprint, jsonify, request
from flask_jwt_extended import current_user, jwt_required

from app.blueprints.api_input import request_body
from app.models import Role
from app.services import billing_events, billing_service
from app.services.tenancy import tenant_for

bp = Blueprint("api_billing", __name__, url_prefix="/api/v1")


@bp.get("/workspaces/<uuid:workspace_id>/billing")
@jwt_required()
def get_billing(workspace_id: uuid.UUID):
    return jsonify(billing_service.overview(tenant_for(current_user, workspace_id)).json())


@bp.post("/workspaces/<uuid:workspace_id>/billing/checkout")
@jwt_required()
def create_checkout(workspace_id: uuid.UUID):
    tenant = tenant_for(current_user, workspace_id, Role.OWNER)
    return jsonify(url=billing_service.start_checkout(tenant))


@bp.post("/workspaces/<uuid:workspace_id>/billing/portal")
@jwt_required()
def create_portal(workspace_id: uuid.UUID):
    tenant = tenant_for(current_user, workspace_id, Role.OWNER)
    return jsonify(url=billing_service.open_portal(tenant))


@bp.post("/billing/webhook")
def stripe_webhook():
    """Called by Stripe, not a browser: no session, no CSRF; the signature is the proof."""
    outcome = billing_events.handle(request_body(), request.headers.get("Stripe-Signature"))
    return jsonify(received=True, outcome=outcome)
