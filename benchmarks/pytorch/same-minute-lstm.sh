#!/usr/bin/env bash
# The Embedding-LSTM step against PyTorch: same-minute.sh lstm [ROUNDS] [THREADS] (see there).
exec "$(dirname "${BASH_SOURCE[0]}")/same-minute.sh" lstm "$@"
