"""Models that compute shapes from dynamic sizes (x.size(0), b * h * w),
compiled once with a '?' in --input-shape and run by mdf-run at several
sizes, scripted and traced; each run is compared with PyTorch (values,
dtype and shape). Then models whose size arithmetic mdf cannot express
must fail with a message naming the operator.

Usage: dynamic_sizes.py --tools DIR --work DIR
"""
import argparse
import importlib.util
import os
import subprocess
import sys

import numpy as np
import torch


class ViewBatch(torch.nn.Module):
    def forward(self, x):
        return x.view(x.size(0), -1) * 2


class UnpackedShape(torch.nn.Module):
    def forward(self, x):
        b, c, h, w = x.shape
        y = x.reshape(b, c, h * w).transpose(1, 2)
        return y.reshape(b * h * w, c) + 1


class ConvThenView(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3)
        self.fc = torch.nn.Linear(4 * 2 * 3, 5)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        x = x.view(x.size(0), -1)
        return self.fc(x)


class SizeBeforeRelu(torch.nn.Module):
    def forward(self, x):
        y = torch.relu(x)
        return y.reshape(x.size(0), -1)


class SplitHeads(torch.nn.Module):
    def forward(self, x):
        b, s, e = x.shape
        q = x.view(b, s, 2, e // 2).transpose(1, 2)
        return q.reshape(b * 2, s, e // 2)


def slices_and_expand():
    """models.py's Shapes: view, reshape, chunk, cat, permute, strided
    slices, select, unsqueeze and expand on sizes of x.size()."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "Target", "TorchScript", "Inputs", "models.py")
    spec = importlib.util.spec_from_file_location("models", path)
    models = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(models)
    return models.Shapes()


class EinsumWeights(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.randn(4, 3))

    def forward(self, x):
        return torch.einsum("nchw,kc->nkhw", x, self.w)


class EinsumScores(torch.nn.Module):
    def forward(self, x):
        q = x.view(x.size(0), x.size(1), 2, 4).transpose(1, 2)
        return torch.einsum("bhqd,bhkd->bhqk", q, q).softmax(-1)


class Fills(torch.nn.Module):
    def forward(self, x):
        n = x.size(0)
        a = torch.zeros(2, n, 3) + x.sum(1).view(1, n, 1)
        b = torch.ones_like(x) * 2 + torch.full_like(x, 3.5)
        return a, b, x.repeat(2, 1, 3), torch.full((n, 4), 7.0)


class Recurrent(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(8, 12, batch_first=True)
        self.gru = torch.nn.GRU(12, 6, batch_first=True)

    def forward(self, x):
        return self.gru(self.lstm(x)[0])[0]


class Extremes(torch.nn.Module):
    def forward(self, x):
        values, indices = torch.max(x, 0)
        return (torch.argmax(x, 0), torch.argmin(x, 1, keepdim=True),
                values, indices, torch.cumsum(x, 0))


class FlipRoll(torch.nn.Module):
    def forward(self, x):
        return (torch.flip(x, [0, 1]), torch.roll(x, 2, 0), torch.roll(x, -3),
                torch.roll(x, [1, -1], [0, 1]))


class Spread(torch.nn.Module):
    def forward(self, x):
        return (torch.var(x, 0), torch.std(x, [0, 1], keepdim=True),
                torch.var(x, 1, unbiased=False), torch.std(x))


class MultiheadSeqFirst(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = torch.nn.MultiheadAttention(16, 4)

    def forward(self, x):
        return self.attention(x, x, x)[0]


class EncoderLayer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.TransformerEncoderLayer(
            16, 4, 32, dropout=0.0, batch_first=True)

    def forward(self, x):
        return self.layer(x)


class TwoUnknowns(torch.nn.Module):
    def forward(self, x):
        return x.reshape(x.size(0), x.size(1), -1)


class BranchOnSize(torch.nn.Module):
    def forward(self, x):
        if x.size(0) == 1:
            return x + 1
        return x - 1


class SumOfSizes(torch.nn.Module):
    def forward(self, x):
        return x.reshape(x.size(0) + 1, -1)


# name, module, --input-shape, the shapes to run it at, traceable
CASES = [
    ("view_batch", ViewBatch, "?x3x4", [(3, 3, 4), (1, 3, 4)], True),
    ("unpacked_shape", UnpackedShape, "?x3x4x5", [(3, 3, 4, 5), (2, 3, 4, 5)], True),
    ("conv_then_view", ConvThenView, "?x3x4x5", [(3, 3, 4, 5), (1, 3, 4, 5)], True),
    ("size_before_relu", SizeBeforeRelu, "?x3x4", [(5, 3, 4)], True),
    # (Its final squeeze(1) keeps the dynamic size: batch 1 would differ.)
    ("slices_and_expand", slices_and_expand, "?x4x3x5", [(3, 4, 3, 5), (2, 4, 3, 5)], True),
    ("split_heads", SplitHeads, "?x3x8", [(3, 3, 8), (1, 3, 8)], True),
    ("split_heads_seq", SplitHeads, "2x?x8", [(2, 5, 8)], True),
    ("einsum_weights", EinsumWeights, "?x3x2x5", [(3, 3, 2, 5), (1, 3, 2, 5)], True),
    ("einsum_scores", EinsumScores, "?x6x8", [(3, 6, 8), (1, 6, 8)], True),
    ("extremes", Extremes, "?x5", [(7, 5), (1, 5)], True),
    ("flip_roll", FlipRoll, "?x5", [(7, 5), (1, 5)], True),
    ("spread", Spread, "?x5", [(7, 5), (2, 5)], True),
    ("fills", Fills, "?x4", [(3, 4), (1, 4)], True),
    ("recurrent", Recurrent, "?x5x8", [(3, 5, 8), (1, 5, 8)], False),
    ("multihead_seq_first", MultiheadSeqFirst, "5x?x16", [(5, 3, 16)], False),
    ("encoder_layer", EncoderLayer, "?x5x16", [(3, 5, 16), (1, 5, 16)], False),
]

# name, module, --input-shape, the warning the compile must give
WARNINGS = [
    ("squeeze_dynamic", slices_and_expand, "?x4x3x5",
     "warning: 'aten::squeeze': dimension 1 is known only at run time and "
     "is kept; PyTorch would remove it when it is 1"),
]

# name, module, --input-shape, what the error must say
ERRORS = [
    ("two_unknowns", TwoUnknowns, "?x?x4",
     "'aten::reshape': the target shape has 2 sizes known only at run time "
     "and a -1"),
    ("branch_on_size", BranchOnSize, "?x3",
     "'aten::eq': compares a size known only at run time"),
    ("sum_of_sizes", SumOfSizes, "?x3",
     "'aten::add': only products and exact divisions of a size known only "
     "at run time"),
]


def run(command):
    return subprocess.run(command, capture_output=True, text=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    mdf_run = os.path.join(args.tools, "mdf-run")
    failures = 0
    for name, make, shape, run_shapes, traceable in CASES:
        torch.manual_seed(0)
        module = make().eval()
        kinds = [("script", torch.jit.script(module))]
        if traceable:
            kinds.append(("trace", torch.jit.trace(
                module, torch.randn(*run_shapes[0]))))
        else:
            with torch.no_grad():
                kinds.append(("trace", torch.jit.trace(
                    module, torch.randn(*run_shapes[0]), check_trace=False)))
        for kind, saved in kinds:
            pt = os.path.join(args.work, f"{name}.{kind}.pt")
            saved.save(pt)
            for run_shape in run_shapes:
                x = torch.randn(*run_shape)
                with torch.no_grad():
                    y = module(x)
                tag = "x".join(map(str, run_shape))
                xin = os.path.join(args.work, f"{name}.{kind}.{tag}.in.npy")
                np.save(xin, x.numpy())
                compares = []
                for i, output in enumerate(y if isinstance(y, tuple) else (y,)):
                    yout = os.path.join(args.work,
                                        f"{name}.{kind}.{tag}.out{i}.npy")
                    np.save(yout, output.numpy())
                    compares.append(f"--compare={yout}")
                result = run([mdf_run, pt, f"--input-shape={shape}",
                              f"--input={xin}", *compares,
                              "--rtol=1e-4", "--atol=1e-5"])
                ok = result.returncode == 0 and ": ok" in result.stdout
                print(f"{name}.{kind} {shape} at {tag}: "
                      f"{'ok' if ok else 'FAIL'}")
                if not ok:
                    failures += 1
                    sys.stdout.write(result.stdout + result.stderr)
    # Compiles that must warn (and succeed) or be refused, with a message.
    for cases, succeeds, verdict in ((WARNINGS, True, "warned"),
                                     (ERRORS, False, "refused")):
        for name, make, shape, message in cases:
            pt = os.path.join(args.work, f"{name}.pt")
            torch.jit.script(make()).save(pt)
            result = run([os.path.join(args.tools, "mdf-compile"), pt,
                          f"--input-shape={shape}", "-o",
                          os.path.join(args.work, f"{name}.o")])
            ok = ((result.returncode == 0) == succeeds and
                  message in result.stderr)
            print(f"{name} {shape}: {verdict if ok else 'FAIL'}")
            if not ok:
                failures += 1
                sys.stdout.write(result.stdout + result.stderr)
    print(f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
