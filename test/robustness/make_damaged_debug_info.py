"""Writes a scripted Linear+ReLU model whose debug_pkl records are damaged."""
import io
import sys
import zipfile

import torch


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 3)

    def forward(self, x):
        return torch.relu(self.fc(x))


buffer = io.BytesIO()
torch.jit.save(torch.jit.script(Model()), buffer)
source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED) as target:
    for info in source.infolist():
        data = source.read(info.filename)
        if info.filename.endswith(".debug_pkl"):
            data = b"\x80\x02garbage" + data[10:]
        target.writestr(info, data)
