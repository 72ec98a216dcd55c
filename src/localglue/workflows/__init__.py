"""localglue's workflows engine."""
