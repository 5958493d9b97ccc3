"""How claimcheck decides, in one frozen object.

``report`` and ``check`` judge pairs with the same ``Settings``; the CLI reads
its option defaults from ``DEFAULT``, and a report's JSON ``settings`` block is
this object serialised (``to_dict``), so a report says exactly how it decided.
Environment settings (paths, model names) stay in ``config``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from . import decision


@dataclass(frozen=True)
class Settings:
    # pairing
    neighbours: int = 4  # nearest claims per claim that become candidate pairs
    max_pairs: int | None = None  # score at most this many pairs, the most similar first
    # the NLI flag (one input of the decision, and what ``nli_contradiction`` reports)
    contradiction_threshold: float = decision.NLI_THRESHOLD
    confident_one_way: float = decision.CONFIDENT_ONE_WAY
    # the decision: probability that a careful reader calls the pair a real conflict
    decision_model: str = field(default_factory=lambda: decision.load().name)
    # a pair is a finding from this probability on (listed with --all) ...
    finding_threshold: float = 0.3
    # ... and shown by default from this one on: the lowest confidence band whose
    # cross-validated precision on development pairs is >= 0.7 (the decision asset says which)
    show_threshold: float = field(default_factory=lambda: decision.load().show_threshold)
    # ... and only when a named difference (number, date, negation, predicate, place)
    # backs it: on real news a contradiction NLI reads with nothing named is two
    # details of one story, or two stories (0 of 15 sampled in a day of 371 UnifiedFC
    # articles, 0 of 2 on the seeds); such findings stay listed with --all
    show_requires_difference: bool = True
    # the weaker leads (below the shown confidence, or with no named difference) are
    # scored and listed only when asked for (``report --all``): the default view
    # spends NLI on the pairs it can show and on corroboration, 2-3x fewer directions
    # on a day of news (bench/results-scale.md)
    weaker_leads: bool = False
    # corroboration: claims of two articles that entail each other (NLI, both ways) ...
    corroboration_entailment: float = 0.5
    # ... with no conflict between them (decision probability below this); in the
    # default view such pairs are scored from this far between the relatedness floor
    # and the near-duplicate threshold (0.25: cosine 0.88 for the e5 encoders, which
    # kept 444 of the 446 mutually entailing cross-article pairs of a day of news
    # and 80 % of the pairs)
    corroboration_max_conflict: float = 0.2
    corroboration_span: float = 0.25
    # ... and only claims that share their words (``findings.retold``): this many
    # content stems, and this share of the longer claim's. Of the mutually entailing
    # cross-article pairs below the near-duplicate cosine in UnifiedFC Fold_1, the
    # pairs this drops were 4.5 real of 20 read, those it keeps 12.5 of 20; and NLI is
    # spent on the pairs it keeps only (report: 4.5x fewer directions in the Fold_1 view,
    # 5.2x in Fold_2's)
    corroboration_min_shared: int = 3
    corroboration_min_share: float = 0.2
    # check: evidence candidates, and the entailment (evidence -> claim) that supports
    check_neighbours: int = 10
    support_threshold: float = 0.5

    def to_dict(self) -> dict:
        return asdict(self)

    def replace(self, **changes) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


DEFAULT = Settings()

# search: how many claims it returns (not a decision, so not part of a report's settings)
SEARCH_RESULTS = 10
