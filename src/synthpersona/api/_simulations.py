"""Placeholder router for /simulations (owned by another engineer; replaced by their module)."""

from fastapi import APIRouter

router = APIRouter()
