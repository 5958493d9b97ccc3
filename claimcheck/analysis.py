"""What ``pipeline.analyse`` finds, as data: findings and corroborated clusters.

Its own module so that ``report`` (which renders it) and ``pipeline`` (which makes
it and then calls ``report``) both import it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .cluster import Thresholds
from .findings import Finding


@dataclass
class Cluster:
    members: list[int]  # claim rows
    articles: list[str]  # article ids, in first-seen order
    contested: bool = False  # some member pair is a shown finding
    sources: int = 0  # independent sources: distinct outlets (article source, else the article itself)


@dataclass
class Analysis:
    findings: list[Finding]
    clusters: list[Cluster]
    pairs_scored: int
    thresholds: Thresholds
    nli_name: str
    settings: dict = field(default_factory=dict)
    # the precision NLI ran at for the pairs scored here; None when all were cached
    nli_precision: str | None = None
