"""Glue API actions moto lacks or answers wrongly (Update*, workflow graphs, crawler metrics)."""
