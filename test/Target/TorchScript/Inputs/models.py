"""Makes the TorchScript models the importer tests read.

Usage: models.py NAME OUT.pt

Each model is small and exercises one family of operators; weights are
random (seeded) since the tests check the imported IR, not numbers.
"""
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.filterwarnings("ignore")
torch.manual_seed(0)


class Elementwise(nn.Module):
    def forward(self, x, y):
        a = torch.relu(x) + y * 2.0
        b = torch.sigmoid(a) - torch.tanh(y)
        c = F.hardtanh(b, -1.0, 1.0) / 3.0
        d = F.silu(c) + F.hardswish(c) + F.hardsigmoid(c)
        e = F.gelu(d, approximate="tanh") + F.leaky_relu(d, 0.2)
        f = torch.clamp(e, min=0.5) ** 2.0
        g = torch.where(f > x, f, -x)
        h = torch.exp(g).sqrt().abs() + torch.erf(x)
        h.relu_()
        return h.add_(x, alpha=2)


class ConvPool(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.depthwise = nn.Conv2d(8, 8, 3, padding=2, dilation=2, groups=8)
        self.bn = nn.BatchNorm2d(8)
        self.conv1d = nn.Conv1d(8, 4, 5)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        x = self.bn(torch.relu(self.depthwise(x)))  # not foldable into a conv
        x = F.max_pool2d(x, 3, stride=2, ceil_mode=True)
        y = F.avg_pool2d(x, 2, stride=1, padding=1, count_include_pad=False)
        z = F.adaptive_avg_pool2d(y, (1, 1)).flatten(1)
        w = F.adaptive_max_pool2d(x, 2)
        s = self.conv1d(x.flatten(2))
        return z, w, s


class LinearNorm(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(50, 16)
        self.fc = nn.Linear(16, 16)
        self.norm = nn.LayerNorm(16)
        self.head = nn.Linear(16, 4)

    def forward(self, ids):
        x = self.embedding(ids)  # [2, 5, 16]
        x = self.norm(F.gelu(self.fc(x)))
        scores = torch.matmul(x, x.transpose(1, 2))
        attn = torch.softmax(scores, dim=-1)
        pooled = torch.bmm(attn, x).mean(dim=1)  # [2, 16]
        logits = self.head(pooled)
        return F.log_softmax(logits, dim=1), logits.sum(dim=0, keepdim=True)


class Shapes(nn.Module):
    def forward(self, x):
        n, c, h, w = x.size()
        y = x.view(n, c // 2, 2, h, w).transpose(1, 2).contiguous()
        y = y.reshape(n, -1, h * w)
        a, b = y.chunk(2, dim=1)
        z = torch.cat([b, a], dim=1).permute(0, 2, 1)
        s = z[:, 1::2, :4]
        t = s.select(1, 0).unsqueeze(-1).expand(n, 4, 3)
        u = torch.stack([t, t], dim=0).squeeze(1)
        return u


class ControlFlow(nn.Module):
    def __init__(self, use_relu: bool):
        super().__init__()
        self.use_relu = use_relu

    def forward(self, x, bias):
        if self.use_relu:  # known after freezing: only this branch is kept
            x = torch.relu(x)
        else:
            x = torch.tanh(x)
        for _ in range(x.size(0) + 1):  # trip count from the shape: scf.for
            x = x * 0.5 + bias
        for i in range(x.size(0)):  # uses the iteration number: unrolled
            x = x + i
        if bool(x.sum() > 0):  # depends on data: scf.if
            y = x + 1.0
        else:
            y = x - 1.0
        return y, x


class PythonLists(nn.Module):
    """Python a scripted model computes with while its shapes are known:
    range(a, b), list slices and concatenation, -n of a number, a warning
    with a formatted message, and a loop whose tensor grows each step."""

    def forward(self, x):
        sizes = list(x.size())
        if len(sizes) != 2:
            warnings.warn("expected 2-D input, got {}-D".format(len(sizes)))
        tail = sizes[1:] + sizes[:1]  # [columns, rows]
        x = x.reshape(tail)
        total = x.new_zeros([1])
        for i in range(1, x.size(0)):  # range(a, b): i = 1 .. columns - 1
            total = total + x[i].sum() * i
        back = -x.size(1)  # -n stays a number
        y = x.narrow(1, x.size(1) + back, 1)
        for _ in range(2):  # the carried tensor grows: unrolled
            y = torch.cat([y, y], 1)
        return total, y


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.mha = nn.MultiheadAttention(16, 4, batch_first=True)
        self.layer = nn.TransformerEncoderLayer(16, 4, 32, batch_first=True)
        self.norm_first = nn.TransformerEncoderLayer(
            16, 2, 32, batch_first=True, norm_first=True, activation="gelu")

    def forward(self, x):
        a = self.mha(x, x, x, need_weights=False)[0]
        return self.norm_first(self.layer(a))


class Recurrent(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 6, num_layers=2, batch_first=True,
                            bidirectional=True)
        self.gru = nn.GRU(12, 5)

    def forward(self, x):
        out, (h, c) = self.lstm(x)
        seq, h2 = self.gru(out.transpose(0, 1))
        return seq, h, c, h2


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Flatten(), nn.Linear(64, 128), nn.ReLU(),
                                    nn.Linear(128, 64), nn.ReLU(),
                                    nn.Linear(64, 10))

    def forward(self, x):
        return self.layers(x)


class Unsupported(nn.Module):
    """Two unsupported operators, the second fed by the first."""

    def forward(self, x):
        a = torch.lgamma(x)
        b = torch.digamma(a)
        return a + b


class UnsupportedInsideTorch(nn.Module):
    """An unsupported operator that PyTorch's own Python code calls."""

    def forward(self, x, grid):
        return F.grid_sample(x, grid, align_corners=False)


class ViewWrites(nn.Module):
    """Assignments to slices and in-place operators on views."""

    def forward(self, x):
        m = torch.zeros(4, 6)
        m[1:3, ::2] = 1.0
        v = x[0]
        x.add_(1)
        x.t()[1] = 5.0
        return m, v, x


class DiagonalWrite(nn.Module):
    def forward(self, x):
        x.diagonal().fill_(1.0)
        return x


class OneHotUnknownClasses(nn.Module):
    """one_hot without num_classes: the output size depends on the data."""

    def forward(self, x):
        return F.one_hot(x)


class ShapeErrorInLoss(nn.Module):
    """A loss whose operands do not broadcast."""

    def forward(self, x, y):
        return F.l1_loss(x, y, reduction="sum")


class HalfPrecision(nn.Module):
    """bf16 weights with a bf16 input, f16 weights with an f32 input."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3).bfloat16()
        self.scale = nn.Parameter(torch.full((4,), 0.5).half())

    def forward(self, x, y):
        a = torch.relu(self.conv(x))
        return a, y * self.scale


class TwoInputs(nn.Module):
    def forward(self, x, y):
        return x + y


def traced(module, *inputs):
    module.eval()
    with torch.no_grad():
        return torch.jit.trace(module, inputs)


MODELS = {
    "elementwise": lambda: traced(Elementwise(), torch.randn(2, 3),
                                  torch.randn(3)),
    "conv-pool": lambda: traced(ConvPool(), torch.randn(1, 3, 16, 16)),
    "linear-norm": lambda: traced(LinearNorm(),
                                  torch.randint(0, 50, (2, 5))),
    "shapes": lambda: traced(Shapes(), torch.randn(2, 4, 3, 5)),
    "control-flow": lambda: torch.jit.script(ControlFlow(True).eval()),
    "attention": lambda: traced(Attention(), torch.randn(2, 5, 16)),
    "recurrent": lambda: traced(Recurrent(), torch.randn(3, 4, 8)),
    "mlp": lambda: traced(Mlp(), torch.randn(32, 1, 8, 8)),
    "unsupported": lambda: traced(Unsupported(), torch.randn(4)),
    "unsupported-in-torch-traced": lambda: traced(
        UnsupportedInsideTorch(), torch.randn(1, 2, 4, 4),
        torch.randn(1, 3, 3, 2)),
    "unsupported-in-torch-scripted": lambda: torch.jit.script(
        UnsupportedInsideTorch()),
    "view-writes": lambda: torch.jit.script(ViewWrites()),
    "diagonal-write": lambda: torch.jit.script(DiagonalWrite()),
    "one-hot-traced": lambda: traced(OneHotUnknownClasses(),
                                     torch.tensor([0, 2, 1])),
    "one-hot-scripted": lambda: torch.jit.script(OneHotUnknownClasses()),
    "loss-shape-error": lambda: torch.jit.script(ShapeErrorInLoss()),
    "two-inputs": lambda: traced(TwoInputs(), torch.randn(2), torch.randn(2)),
    "python-lists": lambda: torch.jit.script(PythonLists()),
    "half-precision": lambda: torch.jit.script(HalfPrecision().eval()),
}


# Options that keep torchvision's constructors fast and free of auxiliary
# training-only heads.
TORCHVISION_OPTIONS = {
    "googlenet": dict(aux_logits=False, init_weights=False),
    "inception_v3": dict(aux_logits=False, init_weights=False),
}


def torchvision_model(name):
    import torchvision
    model = getattr(torchvision.models, name)(
        **TORCHVISION_OPTIONS.get(name, {}))
    size = 299 if name == "inception_v3" else 224
    return traced(model, torch.randn(1, 3, size, size))


if __name__ == "__main__":
    name, out = sys.argv[1], sys.argv[2]
    if name in MODELS:
        model = MODELS[name]()
    else:
        model = torchvision_model(name)
    torch.jit.save(model, out)
