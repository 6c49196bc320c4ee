"""Lists the ops of a generated dialect reference that lack a summary or an
example (used by op-examples.test)."""
import re
import sys

text = open(sys.argv[1]).read()
sections = re.split(r"^### ", text, flags=re.M)[1:]
sections = [s for s in sections if s.startswith("`mdf.")]
no_example, no_summary = [], []
for section in sections:
    name = section.split()[0].strip("`")
    if "Example:" not in section:
        no_example.append(name)
    if not re.search(r"^_.+_$", section, flags=re.M):
        no_summary.append(name)
print(f"{len(sections)} ops")
print("ops without an example:", ", ".join(no_example) or "none")
print("ops without a summary:", ", ".join(no_summary) or "none")
