"""Clinic presets: ready-made statement sets with their instruction and grid."""

from qsort.presets.customer_focus import CUSTOMER_FOCUS, ClinicPreset, PresetStatement

PRESETS: dict[str, ClinicPreset] = {CUSTOMER_FOCUS.key: CUSTOMER_FOCUS}

__all__ = ["CUSTOMER_FOCUS", "PRESETS", "ClinicPreset", "PresetStatement"]
