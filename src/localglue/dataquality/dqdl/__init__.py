"""DQDL, the Data Quality Definition Language of Glue Data Quality: its parser and parsed form."""

from .model import CompositeRule, Rule, RuleNode, Ruleset, UnsupportedDqdl
from .parser import InvalidRuleset, parse

__all__ = ["CompositeRule", "InvalidRuleset", "Rule", "RuleNode", "Ruleset", "UnsupportedDqdl", "parse"]
