"""Billing pages: plan and usage, Upgrade (to Stripe Checkout), Manage billing (to the
Customer Portal), and the pages Checkout returns to. Forms carry the CSRF token."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, url_for

from app.blueprints.page_session import login_required, page_user
from app.errors import ApiError
from app.models import Role
from app.security import CONTENT_SECURITY_POLICY
from app.services import billing_service, plans
from app.services.tenancy import tenant_for

bp = Blueprint("billing_pages", __name__)
# (usage counter, label, the plan's limit on it)
USAGE_ROWS = (
    ("members", "Members", "max_members"),
    ("generations_this_month", "Generations this month", "generations_per_month"),
)
# Where Upgrade and Manage billing redirect to: browsers hold a form's redirects to form-action.
STRIPE_PAGE_ORIGINS = ("https://checkout.stripe.com", "https://billing.stripe.com")


def stripe_form_policy() -> str:
    """The site's CSP, with form-action also allowing Stripe's hosted pages (and the host
    STRIPE_API_BASE names, whose stand-in serves them in tests)."""
    origins = list(STRIPE_PAGE_ORIGINS)
    base = urlsplit(current_app.config["STRIPE_API_BASE"])
    if base.scheme and base.netloc:
        origins.append(f"{base.scheme}://{base.netloc}")
    return CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", "form-action 'self' " + " ".join(origins)
    )


def render_billing(template: str, workspace_id: uuid.UUID):
    tenant = tenant_for(page_user(), workspace_id)
    response = make_response(
        render_template(
            template,
            tenant=tenant,
            billing=billing_service.overview(tenant),
            plans=plans,
            usage_rows=USAGE_ROWS,
            is_owner=tenant.role == Role.OWNER,
        )
    )
    response.headers["Content-Security-Policy"] = stripe_form_policy()
    return response


def to_stripe(workspace_id: uuid.UUID, start):
    """Redirect to the Stripe page `start(tenant)` opens; a refusal comes back as a notice."""
    tenant = tenant_for(page_user(), workspace_id)
    try:
        return redirect(start(tenant), code=303)
    except ApiError as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
        return redirect(url_for("billing_pages.billing_page", workspace_id=workspace_id), code=303)


@bp.get("/workspaces/<uuid:workspace_id>/billing")
@login_required
def billing_page(workspace_id: uuid.UUID):
    return render_billing("billing/billing.html", workspace_id)


@bp.post("/workspaces/<uuid:workspace_id>/billing/upgrade")
@login_required
def upgrade(workspace_id: uuid.UUID):
    return to_stripe(workspace_id, billing_service.start_checkout)


@bp.post("/workspaces/<uuid:workspace_id>/billing/manage")
@login_required
def manage(workspace_id: uuid.UUID):
    return to_stripe(workspace_id, billing_service.open_portal)


@bp.get("/workspaces/<uuid:workspace_id>/billing/success")
@login_required
def checkout_success(workspace_id: uuid.UUID):
    return render_billing("billing/success.html", workspace_id)


@bp.get("/workspaces/<uuid:workspace_id>/billing/cancel")
@login_required
def checkout_cancel(workspace_id: uuid.UUID):
    return render_billing("billing/cancel.html", workspace_id)
