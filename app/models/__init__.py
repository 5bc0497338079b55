"""SQLAlchemy models, one module per aggregate. Import every model module here."""
