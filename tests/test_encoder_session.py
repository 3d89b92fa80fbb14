"""onnxruntime sessions of the encoder: the int8 model kept in the user's cache folder, and the
graph optimisations the story encoder leaves out."""

from __future__ import annotations

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper

import dateline.understand.encoder as encoder


def _tiny_model(seed: int = 0):
    """y = x @ W + b, x (batch, 8) -> y (batch, 4): a MatMul that quantize_dynamic quantizes."""
    rng = np.random.default_rng(seed)
    w = numpy_helper.from_array(rng.normal(size=(8, 4)).astype(np.float32), "W")
    b = numpy_helper.from_array(np.array([0.5, -1.0, 0.0, 2.0], np.float32), "b")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["xw"]), helper.make_node("Add", ["xw", "b"],
                                                                           ["y"])],
        "tiny", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 4])], [w, b])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DATELINE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "onnx"


def test_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("DATELINE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert encoder.cache_dir() == tmp_path / "xdg" / "dateline"
    monkeypatch.setenv("DATELINE_CACHE_DIR", str(tmp_path / "mine"))
    assert encoder.cache_dir() == tmp_path / "mine"


def test_the_quantized_model_is_made_once_and_then_read_from_the_cache(cache, monkeypatch):
    first = encoder.quantized_model(_tiny_model())
    files = list(cache.iterdir())
    assert len(files) == 1 and files[0].name.endswith(".int8.onnx")
    assert files[0].stat().st_size == 64 + len(first)  # hex digest, then the model

    def no_quantizing(_):
        raise AssertionError("quantized again")

    monkeypatch.setattr(encoder, "_quantize", no_quantizing)
    assert encoder.quantized_model(_tiny_model()) == first
    with pytest.raises(AssertionError):  # another model: another key
        encoder.quantized_model(_tiny_model(seed=1))


def test_a_damaged_cache_file_is_quantized_again(cache):
    first = encoder.quantized_model(_tiny_model())
    (path,) = cache.iterdir()
    path.write_bytes(path.read_bytes()[:-10])  # cut short, as by a full disk
    assert encoder.quantized_model(_tiny_model()) == first
    assert path.read_bytes()[64:] == first


def test_an_unwritable_cache_still_gives_the_model(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DATELINE_CACHE_DIR", str(blocker))
    quantized = encoder.quantized_model(_tiny_model())
    x = np.eye(8, dtype=np.float32)[:2]
    plain = encoder.session(_tiny_model()).run(None, {"x": x})[0]
    sess = encoder.session(_tiny_model(), int8=True)
    assert sess.run(None, {"x": x})[0] == pytest.approx(plain, abs=0.05)
    assert len(quantized) > 0


def test_only_the_story_encoder_leaves_the_skip_layer_norm_fusion_out():
    key = "optimization.disable_specified_optimizers"
    plain = encoder.session(_tiny_model()).get_session_options()
    with pytest.raises(RuntimeError):  # the tagger's: no optimiser left out
        plain.get_session_config_entry(key)
    story = encoder.session(_tiny_model(), unfused=encoder.UNFUSED).get_session_options()
    assert story.get_session_config_entry(key) == "SkipLayerNormFusion"
