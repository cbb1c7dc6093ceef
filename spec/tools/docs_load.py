"""Load the reference pages through the checker's parser (helper for build_spec.py)."""
import importlib.util, sys
from pathlib import Path
CHECKER = Path('/work/shared/tools/spec-fidelity/check_spec.py')
DOCS = Path('/work/shared/reference/modelarts-api/historical_apis/data_management_old_version')
_spec = importlib.util.spec_from_file_location('check_spec', CHECKER)
cs = importlib.util.module_from_spec(_spec)
sys.modules['check_spec'] = cs
_spec.loader.exec_module(cs)

def load():
    ops, errs = cs.load_docs(DOCS)
    assert not errs, errs
    order = [l.split('|')[3].strip() for l in open(DOCS.parent.parent / 'README.md') if l.startswith('| ') and l.split('|')[1].strip().isdigit()]
    byid = {o.op_id: o for o in ops}
    return [byid[i] for i in order]
