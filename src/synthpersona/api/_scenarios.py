"""Placeholder router for /scenarios (owned by another engineer; replaced by their module)."""

from fastapi import APIRouter

router = APIRouter()
