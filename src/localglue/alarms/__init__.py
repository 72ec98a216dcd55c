"""CloudWatch metric alarms that evaluate and act: moto keeps them, localglue runs them."""
