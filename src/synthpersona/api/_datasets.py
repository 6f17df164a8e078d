"""Placeholder router for /datasets (owned by another engineer; replaced by their module)."""

from fastapi import APIRouter

router = APIRouter()
