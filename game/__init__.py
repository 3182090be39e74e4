"""Tightrope: the game engine (world, rules engine, model, scenarios, saves, batch, UI)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "configs"
ASSETS = ROOT / "assets"
