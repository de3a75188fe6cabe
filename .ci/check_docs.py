"Run nbdev's Quarto-free docs processing; every exported function/class needs a show_doc section, every exported constant a mention in the prose."
import importlib, json, re, sys
from pathlib import Path
from nbdev.config import get_config
from nbdev.serve import proc_nbs

def main():
    cfg = get_config()
    sys.path.insert(0, str(cfg.config_path))
    cache = proc_nbs(force=True)
    cells = []
    for nb in sorted(Path(cache).glob('*.ipynb')):
        for c in json.loads(nb.read_text())['cells']: cells.append((nb.name, c))
    if not cells: return sys.exit('docs processing produced no notebooks')
    documented, prose = set(), ''
    for name, c in cells:
        if c.get('cell_type') == 'markdown': prose += ''.join(c.get('source', '')) + '\n'
        src = ''.join(c.get('source', ''))
        for m in re.finditer(r'show_doc\(\s*([A-Za-z_][\w.]*)', src):
            if c.get('cell_type') == 'code' and not c.get('outputs'): continue
            documented.add(m.group(1).split('.')[-1])
    missing, n = [], 0
    for py in sorted(Path(cfg.lib_path).glob('*.py')):
        if py.name.startswith('_'): continue
        mod = importlib.import_module(f'{cfg.lib_path.name}.{py.stem}')
        for sym in getattr(mod, '__all__', []):
            n += 1
            obj = getattr(mod, sym)
            ok = sym in documented if callable(obj) else f'`{sym}`' in prose
            if not ok: missing.append(f'{py.stem}.{sym}' + ('' if callable(obj) else ' (constant: name it in `backticks` in a markdown cell)'))
    print(f'processed {len({n for n,_ in cells})} notebooks; {n} exported symbols, {n-len(missing)} documented')
    if missing: return sys.exit('no show_doc section for: ' + ', '.join(missing))

if __name__ == '__main__': main()
