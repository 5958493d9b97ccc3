"""Text in, claims out: the first stage of the data flow, before any model.

    files / stdin ──ingest──▶ Article ──segment──▶ sentence and clause spans ──claims──▶ Claim

* ``ingest``: reads files, folders and stdin (encodings, sizes, duplicates) into
  ``types.Article``; ``.html`` pages go through ``webpage`` and ``.csv`` files
  through ``csvinput``, both imported only when a file of theirs is read.
* ``segment``: sentence and clause spans, as offsets into the original text.
* ``claims``: the clauses that assert something, with their source, as
  ``types.Claim``.
* ``normalize``: the matching form of text (one spelling per word, offsets back
  to the original) and the numbers written in it.
* ``dates``: dates in text and publication dates, through dateparser.
* ``lang``: the language facts as data (punctuation, markers, word lists): the
  tables the modules here read, and the lexicon of the contradiction explainer
  (``claimcheck.findings``, ``claimcheck.timeline``).

Claims go on to ``claimcheck.encoders`` (vectors) and ``claimcheck.index``;
``claimcheck.pipeline`` drives the flow. Nothing here imports a model, the index
or the analysis.
"""
