"""The check's verdict over all statements: the agreement, the disagreements to show, and what fails."""

from __future__ import annotations

from dataclasses import dataclass

from .known import KnownDifferences


@dataclass(frozen=True)
class Verdict:
    agreeing: int
    total: int
    disagreements: list[tuple[str, str]]  # (statement key, reason), known ones with their recorded reason
    failures: list[str]

    @property
    def share(self) -> float:
        return self.agreeing / self.total if self.total else 0.0

    def report(self) -> str:
        lines = [f"Athena conformance: {self.agreeing} of {self.total} agree, {self.share:.1%}"]
        if self.disagreements:
            width = max(len(key) for key, _ in self.disagreements)
            lines.append("disagreements:")
            lines.extend(f"  {key.ljust(width)}  {reason}" for key, reason in self.disagreements)
        return "\n".join(lines)


def judge(reasons: dict[str, str | None], known: KnownDifferences) -> Verdict:
    """`reasons`: statement key -> None when it agrees, else why not."""
    disagreements = [
        (key, f"[known: {known.reasons[key]}] {reason}" if key in known.reasons else reason)
        for key, reason in reasons.items()
        if reason is not None
    ]
    agreeing = len(reasons) - len(disagreements)
    failures = []
    unknown = sorted(key for key in known.reasons if key not in reasons)
    if unknown:
        failures.append(f"known differences that name no statement: {unknown}")
    now_agreeing = sorted(key for key in known.reasons if key in reasons and reasons[key] is None)
    if now_agreeing:
        failures.append(f"listed as known differences but agree now (remove them): {now_agreeing}")
    share = agreeing / len(reasons) if reasons else 0.0
    if share < known.min_agreement:
        failures.append(f"agreement {share:.1%} is below the threshold {known.min_agreement:.1%}")
    return Verdict(agreeing, len(reasons), disagreements, failures)
