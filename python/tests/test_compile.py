"""mdf.compile, the CompiledModel it returns, save/load and check_accuracy."""
import os

import numpy as np
import pytest
import torch

import mdf

torch.manual_seed(0)


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.GELU(),
                               torch.nn.Linear(16, 3), torch.nn.Softmax(dim=1))


@pytest.fixture(scope="module")
def tiny():
    model = mlp().eval()
    return model, mdf.compile(model, [torch.randn(4, 8)], name="tiny")


def test_torch_in_torch_out(tiny):
    model, fast = tiny
    x = torch.randn(4, 8)
    got = fast(x)
    assert isinstance(got, torch.Tensor)
    with torch.no_grad():
        assert torch.allclose(got, model(x), atol=1e-5)


def test_numpy_in_numpy_out(tiny):
    model, fast = tiny
    x = np.random.default_rng(1).standard_normal((4, 8)).astype(np.float32)
    got = fast(x)
    assert isinstance(got, np.ndarray) and got.dtype == np.float32
    with torch.no_grad():
        np.testing.assert_allclose(got, model(torch.from_numpy(x)).numpy(),
                                   atol=1e-5)


def test_wrong_shape_and_dtype_are_refused(tiny):
    _, fast = tiny
    with pytest.raises(ValueError, match=r"input 0 is float32\[2, 8\], the "
                       r"model was compiled for float32\[4, 8\]"):
        fast(torch.randn(2, 8))
    with pytest.raises(ValueError, match="input 0 is float64"):
        fast(np.zeros((4, 8)))
    with pytest.raises(TypeError, match="takes 1 inputs, got 2"):
        fast(torch.randn(4, 8), torch.randn(4, 8))


def test_check_accuracy(tiny):
    model, fast = tiny
    x = torch.randn(4, 8)
    report = mdf.check_accuracy(fast, model, [x])
    assert report.ok, str(report)
    assert report.max_relative_error < 1e-5
    other = mlp().eval()  # other weights: the helper must see the mismatch
    bad = mdf.check_accuracy(fast, other, [x])
    assert not bad.ok and "MISMATCH" in str(bad)


def test_dynamic_batch():
    model = mlp().eval()
    fast = mdf.compile(model, [torch.randn(2, 8)], dynamic_batch=True)
    assert fast.inputs[0].shape == (-1, 8)
    for batch in (1, 5, 131):
        x = torch.randn(batch, 8)
        got = fast(x)
        assert got.shape == (batch, 3)
        assert mdf.check_accuracy(fast, model, [x]).ok
    with pytest.raises(ValueError, match=r"compiled for float32\[\?, 8\]"):
        fast(torch.randn(3, 9))


class Several(torch.nn.Module):
    def forward(self, x, n, s):
        return x.sum(), x > 0, n * 2, x * s


def test_several_outputs_dtypes_and_0d_inputs():
    x, n, s = torch.randn(2, 3), torch.arange(4), torch.tensor(2.5)
    fast = mdf.compile(Several(), [x, n, s])
    total, positive, doubled, scaled = fast(x, n, s)
    assert total.shape == () and positive.dtype == torch.bool
    assert doubled.dtype == torch.int64
    assert torch.equal(positive, x > 0) and torch.equal(doubled, n * 2)
    assert torch.allclose(scaled, x * 2.5)
    # A Python number is taken for a 0-D input.
    assert torch.allclose(fast(x, n, 2.5)[3], x * 2.5)
    assert mdf.check_accuracy(fast, Several(), [x, n, s]).ok


def test_names_become_c_identifiers():
    assert mdf.c_identifier("my-model") == "my_model"
    assert mdf.c_identifier("3d.net") == "model_3d_net"
    fast = mdf.compile(mlp(), [torch.randn(1, 8)], name="my-model")
    assert fast.name == "my_model" and fast.signature.symbol == "my_model"
    assert fast(torch.randn(1, 8)).shape == (1, 3)


def test_save_and_load(tmp_path):
    model = mlp().eval()
    fast = mdf.compile(model, [torch.randn(4, 8)], name="saved")
    folder = tmp_path / "saved-model"
    fast.save(folder)
    assert sorted(os.listdir(folder)) == ["mdf-model.json", "saved.h",
                                          "saved.so"]
    again = mdf.load(folder)
    x = torch.randn(4, 8)
    assert torch.equal(again(x), fast(x))
    # A folder with only what mdf-compile wrote: the header says the rest.
    os.remove(folder / "mdf-model.json")
    from_header = mdf.load(folder)
    assert from_header.name == "saved" and torch.equal(from_header(x), fast(x))


def test_save_refuses_a_file_and_keeps_it(tmp_path, tiny):
    _, fast = tiny
    target = tmp_path / "taken"
    target.write_text("user data")
    with pytest.raises(NotADirectoryError):
        fast.save(target)
    assert target.read_text() == "user data"


def test_model_files(tmp_path):
    model = torch.jit.trace(mlp().eval(), torch.randn(2, 8))
    path = tmp_path / "net.pt"
    model.save(str(path))
    fast = mdf.compile(str(path), [torch.randn(2, 8)])
    assert mdf.check_accuracy(fast, model, [torch.randn(2, 8)]).ok
    mlir = tmp_path / "add.mlir"
    mlir.write_text(
        "func.func @forward(%a: tensor<3xf32>, %b: tensor<3xf32>) -> "
        "tensor<3xf32> {\n  %0 = mdf.add %a, %b : (tensor<3xf32>, "
        "tensor<3xf32>) -> tensor<3xf32>\n  return %0 : tensor<3xf32>\n}\n")
    add = mdf.compile(mlir)
    np.testing.assert_array_equal(
        add(np.ones(3, np.float32), np.arange(3, dtype=np.float32)),
        [1, 2, 3])


def test_errors_are_clear(tmp_path):
    with pytest.raises(ValueError, match="target must be one of cpu, cuda"):
        mdf.compile(mlp(), [torch.randn(1, 8)], target="tpu")
    with pytest.raises(ValueError, match="device must be"):
        mdf.compile(mlp(), [torch.randn(1, 8)], device=-1)
    with pytest.raises(FileNotFoundError, match="no model file"):
        mdf.compile(str(tmp_path / "missing.pt"), [])
    with pytest.raises(TypeError, match="torch.nn.Module"):
        mdf.compile(42, [])
    with pytest.raises(TypeError, match="unsupported input dtype complex64"):
        mdf.compile(mlp(), [np.zeros((1, 8), np.complex64)])

    class Unsupported(torch.nn.Module):
        def forward(self, x):
            return torch.fft.rfft(x).abs()

    with pytest.raises(RuntimeError, match="mdf-compile failed:(.|\n)*fft"):
        mdf.compile(Unsupported(), [torch.randn(8)])


@pytest.mark.skipif(not os.environ.get("MDF_EXPECT_BUNDLED"),
                    reason="only for a wheel built with the tools bundled")
def test_installed_package_uses_its_bundled_tools():
    package = os.path.dirname(mdf.__file__)
    assert os.path.join("site-packages", "mdf") in package
    assert mdf.find_tool("mdf-compile") == os.path.join(package, "_bin",
                                                        "mdf-compile")
