"""target="cuda": the compiled library holds the mdf CUDA runtime, runs on
the chosen GPU, and fails with the driver's reason where there is none."""
import ctypes

import pytest
import torch

import mdf

torch.manual_seed(0)


def has_cuda_driver():
    try:
        ctypes.CDLL("libcuda.so.1")
        return True
    except OSError:
        return False


def cnn():
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(),
        torch.nn.Linear(8, 5), torch.nn.Softmax(dim=1)).eval()


def test_cuda_model_runs_or_names_the_missing_driver(tmp_path):
    model = cnn()
    x = torch.randn(2, 3, 9, 9)
    compiled = mdf.compile(model, [x], target="cuda", device=0, name="cnn")
    assert compiled.target == "cuda" and compiled.device == 0
    if has_cuda_driver():
        with torch.no_grad():
            expected = model(x)
        torch.testing.assert_close(compiled(x), expected, rtol=1e-3,
                                   atol=1e-5)
    else:
        with pytest.raises(RuntimeError,
                           match="failed on CUDA device 0: cannot load the "
                                 "CUDA driver"):
            compiled(x)
    compiled.save(tmp_path / "cnn")
    loaded = mdf.load(tmp_path / "cnn")
    assert loaded.target == "cuda" and loaded.device == 0


def test_cuda_needs_static_shapes():
    with pytest.raises(RuntimeError, match="--target=cuda needs static input "
                                           "shapes"):
        mdf.compile(cnn(), [torch.randn(2, 3, 9, 9)], target="cuda",
                    dynamic_batch=True)
