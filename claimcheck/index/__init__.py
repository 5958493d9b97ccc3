"""The claim index: claims and their vectors on disk, searched by cosine.

Claims from ``claimcheck.text``, embedded by ``claimcheck.encoders``, are written
here; ``claimcheck.pipeline`` then reads the live claims and their nearest
neighbours (``ClaimIndex.search``) for clustering, pairing and NLI.

* ``store``: ``ClaimIndex``, the persisted index (segments, generations, the
  manifest with checksums, the writer's lock, FAISS search), the place of each
  NLI backend's score cache (``ClaimIndex.nli_cache_path``; the file's format is
  ``claimcheck.nli.cache``'s), and the checks of an index's encoder.
* ``manage``: listing the indexes of a folder, an index's stats, removing articles.

The names below are the index's public face; code that needs the store's
internals (tests, benchmarks) imports ``claimcheck.index.store``.
"""

from .store import (
    AddStats,
    ClaimIndex,
    build_faiss,
    check_encoder,
    read_manifest,
    stored_encoder,
)

__all__ = ["AddStats", "ClaimIndex", "build_faiss", "check_encoder", "read_manifest", "stored_encoder"]
