"""f16 and bf16 models through mdf.compile: they compute in f32
(mdf-widen-half-floats) and take and return the half types."""
import numpy as np
import torch

import mdf

torch.manual_seed(0)


def test_bfloat16_cnn_matches_pytorch():
    model = torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8),
        torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(),
        torch.nn.Linear(8, 5)).eval().bfloat16()
    x = torch.randn(2, 3, 11, 11).bfloat16()
    fast = mdf.compile(model, [x])
    assert fast.inputs[0].describe() == "bfloat16[2, 3, 11, 11]"
    got = fast(x)
    assert got.dtype == torch.bfloat16 and got.shape == (2, 5)
    # PyTorch rounds every layer's result to bfloat16, mdf only the last:
    # they agree to a few bfloat16 steps (2^-8 relative).
    report = mdf.check_accuracy(fast, model, [x], tolerance=3e-2)
    assert report.ok, str(report)
    # numpy callers give and get float32 values.
    values = fast(x.float().numpy())
    assert values.dtype == np.float32
    np.testing.assert_array_equal(values, got.float().numpy())


def test_float16_mlp_matches_float32_math():
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.GELU(),
                                torch.nn.Linear(16, 4),
                                torch.nn.Softmax(-1)).eval()
    x = torch.randn(3, 8)
    with torch.no_grad():
        want = model(x.half().float())  # f32 math on the f16 values
    # LibTorch 1.13 has no f16 matrix product on the CPU (so cannot trace
    # it); the scripted module need not run to be compiled.
    half = torch.jit.script(model.half())
    fast = mdf.compile(half, [x.half()])
    got = fast(x.half().numpy())
    assert got.dtype == np.float16 and got.shape == (3, 4)
    np.testing.assert_allclose(got.astype(np.float32), want.numpy(),
                               rtol=2e-3, atol=1e-3)


def test_float16_elementwise_matches_pytorch():
    class Mix(torch.nn.Module):
        def forward(self, a, b):
            return (torch.sigmoid(a) * b + 1.5, (a + b.float()).sum(),
                    torch.abs(b) * 2 - b)

    a, b = torch.randn(4, 7), torch.randn(4, 7).half()
    fast = mdf.compile(Mix(), [a, b])
    first, total, half = fast(a, b)
    assert first.dtype == torch.float32 and total.dtype == torch.float32
    assert half.dtype == torch.float16
    report = mdf.check_accuracy(fast, Mix(), [a, b], tolerance=1e-3)
    assert report.ok, str(report)
