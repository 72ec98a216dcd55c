"""EventBridge as Glue users meet it: Glue's own events put on the default bus (`glue_events`), and rules
delivering to the targets moto cannot reach (`targets`)."""
